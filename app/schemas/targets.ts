/**
 * Annual targets (design §6): the indicators that can have one, how a target is typed and stored, and the form.
 * Client-safe: the same schema validates in the browser and in the action.
 *
 * Stored values: counts (人次, 件) as whole numbers; rates in basis points (1e-4), so 98.5% is stored as 9850 and
 * typed as "98.5". A rate target cannot exceed 100%.
 */
import * as z from "zod/mini";
import type { Label } from "./enums/define";
import { optionalText, preprocess } from "./fields";

export type TargetMeasure = "personTimes" | "cases" | "rate";

export const TARGET_INDICATORS = [
  { key: "consultation.personTimes", label: { zh: "免费法律咨询人次", en: "Consultation person-times" }, measure: "personTimes" },
  { key: "mediation.concluded", label: { zh: "调解矛盾纠纷件数（调结）", en: "Disputes concluded" }, measure: "cases" },
  { key: "mediation.accepted", label: { zh: "受理矛盾纠纷件数", en: "Disputes registered" }, measure: "cases" },
  { key: "mediation.successRate", label: { zh: "调解成功率", en: "Mediation success rate" }, measure: "rate" },
  { key: "mediation.satisfactionRate", label: { zh: "回访满意率", en: "Follow-up satisfaction rate" }, measure: "rate" },
  { key: "legalAid.granted", label: { zh: "办理法律援助案件件数", en: "Legal aid cases granted" }, measure: "cases" },
] as const satisfies ReadonlyArray<{ key: string; label: Label; measure: TargetMeasure }>;

export type TargetIndicatorKey = (typeof TARGET_INDICATORS)[number]["key"];
export const TARGET_INDICATOR_KEYS = TARGET_INDICATORS.map((i) => i.key) as unknown as readonly [TargetIndicatorKey, ...TargetIndicatorKey[]];

export function targetIndicator(key: string) {
  return TARGET_INDICATORS.find((i) => i.key === key) ?? null;
}
export const isRateIndicator = (key: string) => targetIndicator(key)?.measure === "rate";

/** The largest count target accepted (a province's consultations in a year stay far below). */
export const MAX_COUNT_TARGET = 100_000_000;
/** Rates in basis points: 100% */
export const RATE_SCALE = 10_000;

/**
 * A typed target → the stored integer, or an error key. Blank → null (no target, or leave unchanged).
 * Counts: a whole number ≥ 0. Rates: a percentage with at most two decimals, 0–100 (a trailing % is allowed).
 */
export function parseTargetValue(raw: unknown, measure: TargetMeasure): { ok: true; value: number | null } | { ok: false; error: string } {
  const s = typeof raw === "number" ? String(raw) : typeof raw === "string" ? raw.trim().replace(/[,，\s]/g, "") : "";
  if (s === "") return { ok: true, value: null };
  if (measure === "rate") {
    const m = /^(-?)(\d{1,3})(?:\.(\d{1,2}))?%?$/.exec(s);
    if (!m) return { ok: false, error: /^-?\d+(\.\d+)?%?$/.test(s) ? "targets.err.rateDecimals" : "targets.err.notNumber" };
    if (m[1] === "-") return { ok: false, error: "targets.err.negative" };
    const bp = Number(m[2]) * 100 + Number((m[3] ?? "").padEnd(2, "0"));
    if (bp > RATE_SCALE) return { ok: false, error: "targets.err.rateAbove100" };
    return { ok: true, value: bp };
  }
  if (/^-\d+(\.\d+)?$/.test(s)) return { ok: false, error: "targets.err.negative" };
  if (/^\d+\.\d+$/.test(s)) return { ok: false, error: "err.integer" };
  if (!/^\d+$/.test(s)) return { ok: false, error: "targets.err.notNumber" };
  const n = Number(s);
  if (n > MAX_COUNT_TARGET) return { ok: false, error: `err.tooMany:${MAX_COUNT_TARGET}` };
  return { ok: true, value: n };
}

/** A stored target for a form field: 9850 → "98.5", 1200 → "1200". */
export function targetInputValue(value: number | null | undefined, measure: TargetMeasure): string {
  if (value === null || value === undefined) return "";
  if (measure === "rate") return String(Number((value / 100).toFixed(2)));
  return String(value);
}

/** A stored target as a number on the same scale as the actual figure: counts as they are, rates as fractions. */
export function targetAsFigure(value: number, measure: TargetMeasure): number {
  return measure === "rate" ? value / RATE_SCALE : value;
}

/** A figure for display: counts with separators, rates as percentages with two decimals. */
export function formatTargetFigure(value: number | null | undefined, measure: TargetMeasure): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  if (measure === "rate") return `${(value * 100).toFixed(2)}%`;
  return Math.round(value).toLocaleString("zh-CN");
}

const rowSchema = z.object({
  unitId: z.coerce.number({ error: "err.badRequest" }).check(z.int({ error: "err.badRequest" }), z.positive({ error: "err.badRequest" })),
  value: preprocess((v) => (v === null || v === undefined ? "" : String(v)), z.string()),
  /** the target's version the form was filled from; 0 when the unit had none */
  version: z.coerce.number({ error: "err.badRequest" }).check(z.int({ error: "err.badRequest" }), z.minimum(0, { error: "err.badRequest" })),
});

/** The targets form: one indicator and year, the unit and its children as rows. */
export const TargetsFormSchema = z.pipe(
  z
  .object({
    year: z.coerce.number({ error: "err.badRequest" }).check(z.int({ error: "err.badRequest" }), z.minimum(2000, { error: "err.badRequest" }), z.maximum(2100, { error: "err.badRequest" })),
    indicator: z.enum(TARGET_INDICATOR_KEYS, { error: "err.invalidChoice" }),
    reason: optionalText(200),
    rows: z.array(rowSchema).check(z.maxLength(500)),
  })
  .check(z.superRefine((v, ctx) => {
    const measure = targetIndicator(v.indicator)?.measure ?? "cases";
    v.rows.forEach((r, i) => {
      const p = parseTargetValue(r.value, measure);
      if (!p.ok) ctx.addIssue({ code: "custom", path: ["rows", i, "value"], message: p.error });
    });
  })),
  z.transform((v: { year: number; indicator: (typeof TARGET_INDICATOR_KEYS)[number]; reason: string; rows: Array<{ unitId: number; value: string; version: number }> }) => {
    const measure = targetIndicator(v.indicator)?.measure ?? "cases";
    return {
      ...v,
      rows: v.rows.map((r) => {
        const p = parseTargetValue(r.value, measure);
        return { unitId: r.unitId, version: r.version, value: p.ok ? p.value : null };
      }),
    };
  }),
);
export type TargetsFormInput = z.input<typeof TargetsFormSchema>;
export type TargetsFormValues = z.output<typeof TargetsFormSchema>;

export const DISTRIBUTION_RULES = ["equal", "lastYearShare", "population"] as const;
export type DistributionRule = (typeof DISTRIBUTION_RULES)[number];
export const PREFILLS = ["lastYearTargets", "lastYearActuals", "equal", "lastYearShare", "population"] as const;
export type Prefill = (typeof PREFILLS)[number];

/**
 * The children's targets against the parent's while the form is being filled (counts only; rates do not add up).
 * Each row's figure is what saving would leave: the typed value, or the stored one when the field is blank (a
 * blank leaves a target as it is); a value that does not parse is left out and counted in `invalid`. The first row
 * is the parent. The same function runs live in the browser and in the action (the no-JavaScript "add up" button).
 */
export function runningTotal(measure: TargetMeasure, rows: Array<{ typed: string | null | undefined; stored: number | null }>) {
  if (measure === "rate" || rows.length < 2) return null;
  let invalid = 0;
  const figure = (r: { typed: string | null | undefined; stored: number | null }) => {
    const p = parseTargetValue(r.typed ?? "", measure);
    if (!p.ok) {
      invalid++;
      return null;
    }
    return p.value ?? r.stored;
  };
  const parent = figure(rows[0]);
  const children = rows.slice(1).map(figure);
  const sum = children.reduce<number>((a, v) => a + (v ?? 0), 0);
  const missing = children.filter((v) => v === null).length;
  const status = parent === null ? ("noParent" as const) : sum === parent ? ("equal" as const) : sum < parent ? ("remaining" as const) : ("over" as const);
  return { parent, sum, missing, invalid, status, diff: parent === null ? 0 : Math.abs(parent - sum) };
}
