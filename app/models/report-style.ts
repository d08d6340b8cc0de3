/**
 * How a unit writes numbers in its report sentences (issue 13), set once per unit and frozen with each edition:
 * rates with `rateDigits` decimals (trailing zeros dropped when `trimZeros`: 100%, 98.64%, 151.02%), completion
 * rates with `completionDigits` (142.3% with one), and money and people from ten thousand up in 万 with
 * `wanDigits` decimals, rounded down, with 余 when something was dropped ("2966.3万余元", "7.4万余名"; people from `peopleWanFrom` up) and without
 * it when exact. Client-safe: the page, the sentences and the schema of the style form read this.
 */
import * as z from "zod/mini";
import { preprocess } from "~/schemas/fields";

export type ReportStyle = {
  rateDigits: number;
  trimZeros: boolean;
  completionDigits: number;
  wanDigits: number;
  /** people are written in 万 from this count up (money always from 1万元) */
  peopleWanFrom: number;
};

export const DEFAULT_REPORT_STYLE: ReportStyle = { rateDigits: 2, trimZeros: true, completionDigits: 2, wanDigits: 1, peopleWanFrom: 50000 };

const digits = (max: number) =>
  preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? Number(v.trim()) : v),
    z.int({ error: "report.style.err.digits" }).check(z.minimum(0, { error: "report.style.err.digits" }), z.maximum(max, { error: "report.style.err.digits" })),
  );

/** The style form (and the API's view of a style): digits 0–3 for rates, 0–2 for 万. */
export const ReportStyleSchema = z.object({
  rateDigits: digits(3),
  trimZeros: preprocess((v) => v === true || v === "on" || v === "1" || v === "true", z.boolean()),
  completionDigits: digits(3),
  wanDigits: digits(2),
  peopleWanFrom: preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? Number(v.trim()) : v),
    z.int({ error: "report.style.err.wanFrom" }).check(z.minimum(10000, { error: "report.style.err.wanFrom" }), z.maximum(100_000_000, { error: "report.style.err.wanFrom" })),
  ),
});
export type ReportStyleValues = z.output<typeof ReportStyleSchema>;

function fixed(value: number, d: number, trim: boolean): string {
  // round on the value as a person reads it (12 significant digits), so 0.98645 gives 98.65, not 98.64
  const s = (Math.round(Number((value * 10 ** d).toPrecision(12))) / 10 ** d).toFixed(d);
  return trim && s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

/** A fraction as a percentage: 0.986406 → "98.64%"; 1 → "100%"; null → "—". */
export function formatRate(rate: number | null | undefined, d = DEFAULT_REPORT_STYLE.rateDigits, trim = DEFAULT_REPORT_STYLE.trimZeros): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return "—";
  return `${fixed(rate * 100, d, trim)}%`;
}

/**
 * A whole count from ten thousand up in 万, rounded down to `d` decimals, with 余 when rounding dropped anything:
 * 74000 → "7.4万", 74001 → "7.4万余", 30000 → "3万"; below ten thousand the count itself.
 */
export function wanPhrase(n: number, d = DEFAULT_REPORT_STYLE.wanDigits): string {
  if (n < 10000) return String(Math.round(n));
  const step = 10 ** (4 - d); // 1000 for one decimal
  const kept = Math.floor(n / step);
  const shown = fixed(kept / 10 ** d, d, true);
  return `${shown}万${n > kept * step ? "余" : ""}`;
}

/** Money for sentences from fen: "2966.3万余元", "5万元", "9999元". */
export function moneyPhrase(fen: number, style: ReportStyle = DEFAULT_REPORT_STYLE): string {
  const yuan = fen / 100;
  return `${yuan >= 10000 ? wanPhrase(yuan, style.wanDigits) : Math.round(yuan)}元`;
}

/** People for sentences: "7.4万余名", "910名". */
export function peoplePhrase(n: number, word = "名", style: ReportStyle = DEFAULT_REPORT_STYLE): string {
  return `${n >= style.peopleWanFrom ? wanPhrase(n, style.wanDigits) : n}${word}`;
}

/** A stored style (JSON text) read back, falling back to the default for anything missing or out of range. */
export function parseReportStyle(stored: unknown): ReportStyle {
  const raw = typeof stored === "string" ? safeJson(stored) : stored;
  const r = ReportStyleSchema.safeParse({ ...DEFAULT_REPORT_STYLE, ...(raw && typeof raw === "object" ? raw : {}) });
  return r.success ? r.data : DEFAULT_REPORT_STYLE;
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}
