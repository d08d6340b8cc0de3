/**
 * The report's query, exports and API payload. Everything here reads rows from `getReport` (reports.server.ts),
 * which reads the one registry of indicators (report-indicators.ts): page, XLSX, CSV, JSON and the API show the
 * same rows with the same keys, labels and values.
 *
 * Units of export: counts as integers, money in 元 (numbers, two decimals shown), rates as fractions at full
 * precision (XLSX shows them with a percent format), year-on-year change as a fraction.
 */
import ExcelJS from "exceljs";
import { eq } from "drizzle-orm";
import { units } from "../../db/schema";
import { getDb, withoutWaitingForDisk } from "~/utils/db.server";
import { addSafeRow, csvDocument, type CellValue } from "~/utils/spreadsheet-cells";
import { audit } from "~/utils/audit.server";
import { can, type Actor } from "~/utils/permissions";
import { isValidDay, todayInChina } from "~/utils/dates";
import { UNIT_LEVELS, UNIT_TYPES } from "~/schemas/enums";
import { exportValue, MEASURE_LABELS, type Measure } from "./report-indicators";
import { periodPhrase } from "./report-sentences";
import { getReport, MAX_REPORT_DAYS, type Report } from "./reports.server";
import { getUnit, getUnitByCode, listChildUnits } from "./units.server";

// ---- the query ---------------------------------------------------------------------------------------------

export type PeriodErrors = { from?: string; to?: string; month?: string };

/** Validates from/to (message keys of app/i18n): real days, from ≤ to, at most six years. */
export function checkDates(from: string | null | undefined, to: string | null | undefined): { ok: true; from: string; to: string } | { ok: false; fieldErrors: PeriodErrors } {
  const fieldErrors: PeriodErrors = {};
  if (!from || !isValidDay(from)) fieldErrors.from = "report.err.date";
  if (!to || !isValidDay(to)) fieldErrors.to = "report.err.date";
  if (fieldErrors.from || fieldErrors.to) return { ok: false, fieldErrors };
  if (from! > to!) return { ok: false, fieldErrors: { to: "err.periodOrder" } };
  if ((Date.parse(to!) - Date.parse(from!)) / 86400_000 > MAX_REPORT_DAYS) return { ok: false, fieldErrors: { to: "err.periodTooLong" } };
  return { ok: true, from: from!, to: to! };
}

const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const pad = (n: number) => String(n).padStart(2, "0");

/**
 * The period a page or export request asks for. Defaults: the current year to date. `month=YYYY-MM` stands for
 * that month; a lone `from` runs to the end of its year (or today in the current year); a lone `to` starts on
 * 1 January of its year.
 */
export function periodFromParams(params: URLSearchParams, today = todayInChina()) {
  let from = params.get("from")?.trim() || "";
  let to = params.get("to")?.trim() || "";
  const month = params.get("month")?.trim() || "";
  if (month && !from && !to) {
    const m = /^(\d{4})-(\d{2})$/.exec(month);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return { ok: false as const, fieldErrors: { month: "report.err.month" } as PeriodErrors, from, to };
    from = `${m[1]}-${m[2]}-01`;
    to = `${m[1]}-${m[2]}-${pad(lastDay(Number(m[1]), Number(m[2])))}`;
  }
  if (!from && !to) {
    from = `${today.slice(0, 4)}-01-01`;
    to = today;
  } else if (!from && isValidDay(to)) {
    from = `${to.slice(0, 4)}-01-01`;
  } else if (!to && isValidDay(from)) {
    to = from.slice(0, 4) === today.slice(0, 4) && from <= today ? today : `${from.slice(0, 4)}-12-31`;
  }
  const checked = checkDates(from, to);
  return checked.ok ? { ok: true as const, from: checked.from, to: checked.to } : { ok: false as const, fieldErrors: checked.fieldErrors, from, to };
}

export const CHILD_SORTS = ["name", "consultation", "accepted", "concluded", "successful", "successShare", "legalAid"] as const;
export type ChildSort = { column: (typeof CHILD_SORTS)[number]; desc: boolean } | null;

/** `sort=consultation` (ascending) / `sort=-consultation` (descending); anything else keeps the tree order. */
export function parseChildSort(value: string | null | undefined): ChildSort {
  if (!value) return null;
  const desc = value.startsWith("-");
  const column = (desc ? value.slice(1) : value) as (typeof CHILD_SORTS)[number];
  return CHILD_SORTS.includes(column) ? { column, desc } : null;
}

type ChildRow = Report["children"][number];
const childValue: Record<(typeof CHILD_SORTS)[number], (c: ChildRow) => number | string> = {
  name: (c) => c.name,
  consultation: (c) => c.consultationPersonTimes,
  accepted: (c) => c.mediationAccepted,
  concluded: (c) => c.mediationConcluded,
  successful: (c) => c.mediationSuccessful,
  successShare: (c) => c.mediationSuccessShare ?? -1,
  legalAid: (c) => c.legalAidGranted,
};

/** Children in the asked order (stable: ties keep the tree order). */
export function sortChildren<T extends ChildRow>(children: T[], sort: ChildSort): T[] {
  if (!sort) return children;
  const get = childValue[sort.column];
  const dir = sort.desc ? -1 : 1;
  return children
    .map((c, i) => ({ c, i }))
    .sort((a, b) => {
      const x = get(a.c);
      const y = get(b.c);
      const cmp = typeof x === "string" ? x.localeCompare(String(y), "zh-CN") : x - (y as number);
      return cmp === 0 ? a.i - b.i : cmp * dir;
    })
    .map((e) => e.c);
}

export type ReportQueryResult =
  | { ok: true; unitId: number; from: string; to: string }
  | { ok: false; status: 400; fieldErrors: PeriodErrors & { unit?: string }; unitId: number | null; from: string; to: string }
  | { ok: false; status: 404 };

/**
 * The unit and period of a page or export request, checked: a malformed or unknown unit is a 400, a unit outside
 * the actor's subtree a 404 (as if it did not exist), bad dates a 400 with field errors.
 */
export async function parseReportQuery({ actor, params, today = todayInChina() }: { actor: Actor; params: URLSearchParams; today?: string }): Promise<ReportQueryResult> {
  const rawUnit = params.get("unit")?.trim() || "";
  let unitId: number | null = actor.unitId;
  const fieldErrors: PeriodErrors & { unit?: string } = {};
  if (rawUnit) {
    if (!/^\d{1,12}$/.test(rawUnit)) {
      fieldErrors.unit = "report.err.unit";
      unitId = null;
    } else {
      unitId = Number(rawUnit);
      if (!await getUnit({ actor, id: unitId })) {
        // units are public administrative divisions: saying that an id does not exist leaks nothing
        const exists = await getDb().select({ id: units.id }).from(units).where(eq(units.id, unitId)).get();
        if (exists) return { ok: false, status: 404 };
        fieldErrors.unit = "report.err.noUnit";
        unitId = null;
      }
    }
  }
  const period = periodFromParams(params, today);
  if (!period.ok) Object.assign(fieldErrors, period.fieldErrors);
  if (fieldErrors.unit || !period.ok || unitId === null) return { ok: false, status: 400, fieldErrors, unitId, from: period.from, to: period.to };
  return { ok: true, unitId, from: period.from, to: period.to };
}

/** Quick choices for the period form, around the year being looked at; `years`: every year with data (whole-year links). */
export function quickPeriods(year: number, today = todayInChina(), years: number[] = []) {
  const thisYear = Number(today.slice(0, 4));
  const todayMonth = Number(today.slice(5, 7));
  const quarters = [1, 2, 3, 4]
    .filter((q) => year < thisYear || (year === thisYear && (q - 1) * 3 + 1 <= todayMonth))
    .map((q) => ({ n: q, from: `${year}-${pad((q - 1) * 3 + 1)}-01`, to: `${year}-${pad(q * 3)}-${pad(lastDay(year, q * 3))}` }));
  const months = Array.from({ length: 12 }, (_, i) => i + 1)
    .filter((m) => year < thisYear || (year === thisYear && m <= todayMonth))
    .map((m) => ({ n: m, from: `${year}-${pad(m)}-01`, to: `${year}-${pad(m)}-${pad(lastDay(year, m))}` }));
  return {
    thisYear: { from: `${thisYear}-01-01`, to: today },
    lastYear: { from: `${thisYear - 1}-01-01`, to: `${thisYear - 1}-12-31` },
    year,
    quarters,
    months,
    years: years.filter((y) => y < thisYear - 1).map((y) => ({ n: y, from: `${y}-01-01`, to: `${y}-12-31` })),
  };
}

// ---- audit -------------------------------------------------------------------------------------------------

export type ExportFormat = "xlsx" | "csv" | "json" | "api" | "docx";

/** Every export leaves a line in the audit log: who, which unit, which period, which format. */
export async function auditReportExport({ actor, report, format, ip }: { actor: Actor; report: Pick<Report, "unit" | "period">; format: ExportFormat; ip?: string | null }) {
  // an export's audit row: committed without waiting for the disk (the request only reads; withoutWaitingForDisk)
  const db = getDb();
  await withoutWaitingForDisk(async () => await db.transaction(async (tx) =>
    await audit(tx, {
      userId: actor.id,
      action: "export",
      entity: "report",
      entityId: report.unit.code,
      unitId: report.unit.id,
      after: { format, unit: report.unit.name, from: report.period.from, to: report.period.to },
      ip,
    }),
  ));
}

// ---- file names ----------------------------------------------------------------------------------------------

/** 运城市_2025年_统计报表.xlsx */
export function reportFilename(report: Pick<Report, "unit" | "period">, ext: string): string {
  const clean = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, "_");
  return `${clean(report.unit.name)}_${clean(periodPhrase(report.period.from, report.period.to))}_统计报表.${ext}`;
}

/** RFC 6266 with an RFC 5987 `filename*` for the Chinese name and an ASCII fallback for old clients. */
export function contentDisposition(filename: string, asciiFallback: string): string {
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, "_")}"; filename*=UTF-8''${encoded}`;
}

export function asciiFilename(report: Pick<Report, "unit" | "period">, ext: string) {
  return `report_${report.unit.code.replace(/[^\w-]/g, "_")}_${report.period.from}_${report.period.to}.${ext}`;
}

// ---- shared shape of the exported data -------------------------------------------------------------------------

/** The parts of a report the exports read (a hand-made object in tests). */
export type ExportableReport = Pick<Report, "unit" | "period" | "previousPeriod" | "sections" | "children" | "monthly"> &
  Partial<Pick<Report, "sentences" | "checks" | "style">>;

const monthLabel = (m: number) => `${Math.floor(m / 100)}年${m % 100}月`;
const childKind = (c: { level: string; type: string }) => (c.type === "admin" ? UNIT_LEVELS.label(c.level) : UNIT_TYPES.label(c.type));

function findRow(report: ExportableReport, key: string) {
  for (const s of report.sections) for (const r of s.rows) if (r.key === key) return r;
  return null;
}

// ---- XLSX ----------------------------------------------------------------------------------------------------

const NUM_FMT: Record<Measure, string> = {
  personTimes: "#,##0",
  records: "#,##0",
  cases: "#,##0",
  persons: "#,##0",
  fen: "#,##0.00",
  rate: "0.00%",
  count: "#,##0",
};
const PCT = "0.00%";
const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFEEF1F5" } };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: "thin", color: { argb: "FFBFC6D1" } },
  bottom: { style: "thin", color: { argb: "FFBFC6D1" } },
  left: { style: "thin", color: { argb: "FFBFC6D1" } },
  right: { style: "thin", color: { argb: "FFBFC6D1" } },
};

/** Excel refuses sheet names over 31 characters or with \ / ? * [ ] : */
export function sheetName(name: string, taken: Set<string>): string {
  const base = name.replace(/[\\/?*[\]:]/g, "_").slice(0, 31) || "Sheet";
  let out = base;
  for (let i = 2; taken.has(out); i++) out = `${base.slice(0, 31 - String(i).length - 1)}_${i}`;
  taken.add(out);
  return out;
}

export type XlsxOptions = {
  /** money columns in 元 (default) or 万元 */
  moneyUnit?: "yuan" | "wan";
  /** 报出日期 printed under each table (empty when not given) */
  signedOn?: string | null;
};

const fmtDayZh = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/**
 * A sheet in filing layout: the title (row 1); 表号 / 制表机关 / 填报单位 / 报告期 / 计量单位 (row 2); a frozen,
 * styled header row (row 3); the data from row 4 (numbers as numbers). `signOff` adds 单位负责人 / 统计负责人 /
 * 填表人 / 报出日期 below the last row.
 */
function addSheet(
  wb: ExcelJS.Workbook,
  taken: Set<string>,
  name: string,
  report: ExportableReport,
  headers: Array<{ header: string; width: number }>,
  meta: { formNo: string; measure: string },
) {
  const ws = wb.addWorksheet(sheetName(name, taken), {
    views: [{ state: "frozen", xSplit: 1, ySplit: 3 }],
    pageSetup: { paperSize: 9, orientation: "portrait", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: "3:3" },
  });
  ws.columns = headers.map((h) => ({ width: h.width }));
  const last = headers.length;
  const P = periodPhrase(report.period.from, report.period.to);
  addSafeRow(ws, [`${report.unit.name} ${P} ${name}`]);
  ws.mergeCells(1, 1, 1, last);
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.getRow(1).alignment = { horizontal: "center" };
  ws.getRow(1).height = 24;
  addSafeRow(ws, [
    `表号：${meta.formNo}　制表机关：司法行政机关　填报单位：${report.unit.name}（${report.unit.code}）　报告期：${report.period.from} 至 ${report.period.to}（上年同期：${report.previousPeriod.from} 至 ${report.previousPeriod.to}）　计量单位：${meta.measure}`,
  ]);
  ws.mergeCells(2, 1, 2, last);
  ws.getRow(2).font = { size: 10, color: { argb: "FF5B6575" } };
  ws.getRow(2).alignment = { wrapText: true, vertical: "top" };
  ws.getRow(2).height = 30;
  const head = addSafeRow(ws, headers.map((h) => h.header));
  head.font = { bold: true };
  head.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
  head.eachCell((c) => {
    c.fill = HEADER_FILL;
    c.border = THIN;
  });
  return ws;
}

/** 单位负责人 / 统计负责人 / 填表人 / 报出日期, one blank row below the table. */
function signOff(ws: ExcelJS.Worksheet, cells: number, signedOn: string | null | undefined) {
  addSafeRow(ws, []);
  const row = addSafeRow(ws, [`单位负责人：　　　　　　统计负责人：　　　　　　填表人：　　　　　　报出日期：${signedOn ? fmtDayZh(signedOn) : "　　年　月　日"}`]);
  ws.mergeCells(row.number, 1, row.number, cells);
  row.font = { size: 10 };
}

function borderRow(row: ExcelJS.Row, cells: number) {
  for (let i = 1; i <= cells; i++) row.getCell(i).border = THIN;
}

/**
 * The workbook in filing layout: one sheet per section (指标, 本期, 上年同期, 同比, 计量单位) — 组织与队伍 among
 * them — then 下级单位, 按月 and 文字说明 (the sentences). Money in 元 or 万元 as chosen; a section with no data a
 * year earlier leaves 上年同期 and 同比 blank rather than 0.
 */
export async function buildReportXlsx(report: ExportableReport, opts: XlsxOptions = {}): Promise<Buffer> {
  const wan = opts.moneyUnit === "wan";
  const value = (v: number | null, measure: Measure) => {
    const x = exportValue(v, measure);
    return wan && measure === "fen" && x !== null ? Math.round(x) / 10000 : x;
  };
  const measureLabel = (m: Measure) => (wan && m === "fen" ? "万元" : MEASURE_LABELS[m].zh);
  const wb = new ExcelJS.Workbook();
  wb.creator = "枫桥 Fengqiao";
  wb.title = `${report.unit.name} ${periodPhrase(report.period.from, report.period.to)} 统计报表`;
  const taken = new Set<string>();

  report.sections.forEach((section, i) => {
    const ws = addSheet(
      wb,
      taken,
      section.title.zh,
      report,
      [
        { header: "指标", width: 38 },
        { header: "本期", width: 16 },
        { header: "上年同期", width: 16 },
        { header: "同比", width: 12 },
        { header: "计量单位", width: 10 },
      ],
      { formNo: `枫桥统${i + 1}表`, measure: "见各行（金额：" + (wan ? "万元" : "元") + "）" },
    );
    // last year had nothing in this section at all (no records, or the unit did not exist): blank, not 0
    const noLastYear = section.rows.every((r) => !r.previous);
    for (const r of section.rows) {
      const row = addSafeRow(ws, [r.label.zh, value(r.value, r.measure), noLastYear ? null : value(r.previous, r.measure), noLastYear ? null : r.yoy, measureLabel(r.measure)]);
      row.getCell(1).alignment = { indent: r.level, wrapText: true, vertical: "top" };
      if (r.level === 0) row.getCell(1).font = { bold: false };
      const fmt = wan && r.measure === "fen" ? "#,##0.0000" : NUM_FMT[r.measure];
      row.getCell(2).numFmt = fmt;
      row.getCell(3).numFmt = fmt;
      row.getCell(4).numFmt = PCT;
      row.getCell(5).alignment = { horizontal: "center" };
      borderRow(row, 5);
    }
    signOff(ws, 5, opts.signedOn);
  });

  // 下级单位: each child's main figures, then the unit's own totals (its whole subtree)
  const cws = addSheet(wb, taken, "下级单位", report, [
    { header: "单位", width: 34 },
    { header: "类别", width: 18 },
    { header: "咨询人次", width: 12 },
    { header: "受理纠纷", width: 12 },
    { header: "调结纠纷", width: 12 },
    { header: "调解成功", width: 12 },
    { header: "成功率", width: 12 },
    { header: "法律援助案件", width: 14 },
  ], { formNo: `枫桥统${report.sections.length + 1}表`, measure: "人次、件、%" });
  const childFmts = ["@", "@", "#,##0", "#,##0", "#,##0", "#,##0", PCT, "#,##0"];
  for (const c of report.children) {
    const row = addSafeRow(cws, [
      c.name,
      childKind(c),
      c.consultationPersonTimes,
      c.mediationAccepted,
      c.mediationConcluded,
      c.mediationSuccessful,
      c.mediationSuccessShare,
      c.legalAidGranted,
    ]);
    childFmts.forEach((f, i) => (row.getCell(i + 1).numFmt = f));
    borderRow(row, 8);
  }
  const v = (key: string) => findRow(report, key)?.value ?? null;
  const totalRow = addSafeRow(cws, [
    `${report.unit.name}（合计，含本级）`,
    childKind(report.unit),
    v("consultation.personTimes"),
    v("mediation.accepted"),
    v("mediation.concluded"),
    v("mediation.successful"),
    v("mediation.successShareOfConcluded"),
    v("legalAid.granted"),
  ]);
  totalRow.font = { bold: true };
  childFmts.forEach((f, i) => (totalRow.getCell(i + 1).numFmt = f));
  borderRow(totalRow, 8);
  signOff(cws, 8, opts.signedOn);

  // 按月
  const mws = addSheet(wb, taken, "按月", report, [
    { header: "月份", width: 14 },
    { header: "咨询人次", width: 12 },
    { header: "受理纠纷", width: 12 },
    { header: "调解成功", width: 12 },
  ], { formNo: `枫桥统${report.sections.length + 2}表`, measure: "人次、件" });
  const sum = { c: 0, a: 0, s: 0 };
  for (const m of report.monthly) {
    const row = addSafeRow(mws, [monthLabel(m.month), m.consultationPersonTimes, m.mediationAccepted, m.mediationSuccessful]);
    for (let i = 2; i <= 4; i++) row.getCell(i).numFmt = "#,##0";
    borderRow(row, 4);
    sum.c += m.consultationPersonTimes;
    sum.a += m.mediationAccepted;
    sum.s += m.mediationSuccessful;
  }
  const msum = addSafeRow(mws, ["合计", sum.c, sum.a, sum.s]);
  msum.font = { bold: true };
  for (let i = 2; i <= 4; i++) msum.getCell(i).numFmt = "#,##0";
  borderRow(msum, 4);
  signOff(mws, 4, opts.signedOn);

  // 文字说明: the sentences, one per row, as they are pasted into the report
  const tws = addSheet(wb, taken, "文字说明", report, [{ header: "序号", width: 6 }, { header: "表述", width: 110 }], { formNo: "—", measure: "—" });
  (report.sentences ?? []).forEach((sentence, i) => {
    const row = addSafeRow(tws, [i + 1, sentence.text]);
    row.getCell(2).alignment = { wrapText: true, vertical: "top" };
    borderRow(row, 2);
  });
  signOff(tws, 2, opts.signedOn);

  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---- CSV ------------------------------------------------------------------------------------------------------

/** UTF-8 with a BOM (Excel then reads the Chinese correctly), CRLF lines, one row per indicator. */
export function buildReportCsv(report: ExportableReport): string {
  const rows: CellValue[][] = [["section", "key", "label", "value", "previous", "yoy"]];
  for (const s of report.sections)
    for (const r of s.rows) rows.push([s.title.zh, r.key, r.label.zh, exportValue(r.value, r.measure), exportValue(r.previous, r.measure), r.yoy]);
  return csvDocument(rows);
}

// ---- JSON -----------------------------------------------------------------------------------------------------

/** The report as data, indicators keyed by their registry key; money in 元, rates and changes as fractions. */
export function buildReportJson(report: ExportableReport) {
  const indicators: Record<string, { section: string; label: { zh: string; en: string }; unit: string; value: number | null; previous: number | null; yoy: number | null }> = {};
  for (const s of report.sections)
    for (const r of s.rows)
      indicators[r.key] = {
        section: s.key,
        label: r.label,
        unit: r.measure === "rate" ? "ratio" : MEASURE_LABELS[r.measure].zh,
        value: exportValue(r.value, r.measure),
        previous: exportValue(r.previous, r.measure),
        yoy: r.yoy,
      };
  return {
    unit: { code: report.unit.code, name: report.unit.name, level: report.unit.level, type: report.unit.type },
    period: report.period,
    previousPeriod: report.previousPeriod,
    sections: report.sections.map((s) => ({ key: s.key, title: s.title, indicators: s.rows.map((r) => r.key) })),
    indicators,
    children: report.children.map((c) => ({
      name: c.name,
      level: c.level,
      type: c.type,
      "consultation.personTimes": c.consultationPersonTimes,
      "mediation.accepted": c.mediationAccepted,
      "mediation.concluded": c.mediationConcluded,
      "mediation.successful": c.mediationSuccessful,
      "mediation.successShareOfConcluded": c.mediationSuccessShare,
    })),
    monthly: report.monthly.map((m) => ({
      month: `${Math.floor(m.month / 100)}-${pad(m.month % 100)}`,
      "consultation.personTimes": m.consultationPersonTimes,
      "mediation.accepted": m.mediationAccepted,
      "mediation.successful": m.mediationSuccessful,
    })),
    sentences: report.sentences ?? [],
    ...(report.style ? { style: report.style } : {}),
    checks: (report.checks ?? []).map((c) => ({ key: c.key, ok: c.ok, text: c.text.zh })),
  };
}

// ---- the statistics API ---------------------------------------------------------------------------------------

/** { key: value } of every indicator row, in export units (money in 元, rates as fractions). */
export function indicatorMap(report: Pick<ExportableReport, "sections">, which: "value" | "previous") {
  const out: Record<string, number | null> = {};
  for (const s of report.sections) for (const r of s.rows) out[r.key] = exportValue(r[which], r.measure);
  return out;
}

export function statsPayload(report: ExportableReport, childCodes: Map<number, string> = new Map()) {
  return {
    unit: { code: report.unit.code, name: report.unit.name, level: report.unit.level },
    period: report.period,
    previousPeriod: report.previousPeriod,
    indicators: indicatorMap(report, "value"),
    previous: indicatorMap(report, "previous"),
    children: report.children.map((c) => ({
      code: childCodes.get(c.id) ?? null,
      name: c.name,
      level: c.level,
      type: c.type,
      indicators: {
        "consultation.personTimes": c.consultationPersonTimes,
        "mediation.accepted": c.mediationAccepted,
        "mediation.concluded": c.mediationConcluded,
        "mediation.successful": c.mediationSuccessful,
        "mediation.successShareOfConcluded": c.mediationSuccessShare,
      },
    })),
  };
}

export type StatsResult =
  | { ok: true; payload: Awaited<ReturnType<typeof statsPayload>> & { rank?: { indicator: string; rank: number; of: number; tied: boolean; among: string } }; report: Report }
  | { ok: false; status: 400; fieldErrors: PeriodErrors & { unit?: string; rank?: string } }
  | { ok: false; status: 403 | 404 };

/**
 * GET /api/v1/stats: the unit by its code (the caller's own unit when omitted), within the caller's subtree, and
 * an explicit period. Unknown codes and codes outside the subtree are both 404.
 */
export async function getStatsForApi({ actor, params }: { actor: Actor; params: URLSearchParams }): Promise<StatsResult> {
  if (!can(actor, "read:stats")) return { ok: false, status: 403 };
  const code = params.get("unit")?.trim() || "";
  const dates = checkDates(params.get("from")?.trim(), params.get("to")?.trim());
  const fieldErrors: PeriodErrors & { unit?: string } = dates.ok ? {} : { ...dates.fieldErrors };
  if (code.length > 40) fieldErrors.unit = "report.err.unit";
  if (!dates.ok || fieldErrors.unit) return { ok: false, status: 400, fieldErrors };
  const unit = code ? await getUnitByCode({ actor, code }) : await getUnit({ actor, id: actor.unitId });
  if (!unit) return { ok: false, status: 404 };
  const rankKey = params.get("rank")?.trim() || null;
  const report = await getReport({ actor, unitId: unit.id, from: dates.from, to: dates.to, rankKey });
  if (!report) return { ok: false, status: 404 };
  if (rankKey && report.rankError) return { ok: false, status: 400, fieldErrors: { rank: report.rankError } };
  const codes = new Map((await listChildUnits({ actor, unitId: unit.id })).map((c) => [c.id, c.code]));
  const payload = statsPayload(report, codes);
  return { ok: true, payload: { ...payload, ...(report.rank ? { rank: { indicator: report.rank.key, rank: report.rank.rank, of: report.rank.of, tied: report.rank.tied, among: report.rank.parentName } } : {}) }, report };
}
