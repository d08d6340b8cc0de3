/**
 * 零报告 — monthly reporting completeness (issue 13), measured as DHIS2 measures data-set reporting:
 * - every village (社区) and township (乡镇/街道) administrative unit active in a month owes one report for it
 *   (the expected reports);
 * - a report is COMPLETE once it is submitted: with records in the month it is those records confirmed with one
 *   "submit" (kind `records`); without any it is a zero report, "本月无纠纷" (kind `zero`), also one click;
 * - it is TIMELY when submitted on or before the deadline, the REPORT_DEADLINE_DAY-th of the next month;
 * - completeness = submitted ÷ expected, timeliness = submitted on time ÷ expected, per unit (its subtree) and period.
 * A zero report for a month that already has records is refused (409, with how many there are): the records are the
 * report. A record entered after a zero report is flagged as "零报告后补录" in the listings (the report stays).
 *
 * The month's records are read from the unit's summary counters (one indexed row set per unit-month), never by
 * scanning records. Completeness reads the expected reports from the units (one covering index range of the
 * subtree's reporting units, grouped by child and activity window) and the submitted and timely ones from
 * `reporting_counters` (per unit and month, kept for the reporting unit and every ancestor in the transaction that
 * makes the report), never by joining every unit-month of the subtree to its report.
 */
import { sql } from "drizzle-orm";
import { monthlyReports } from "../../db/schema";
import { getDb, type Executor } from "~/utils/db.server";
import { indexedBy } from "~/utils/sql-dialect.server";
import { audit } from "~/utils/audit.server";
import { can, type Actor } from "~/utils/permissions";
import { firstDayOfMonth, lastDayOfMonth, nextMonth, todayInChina } from "~/utils/dates";
import { INDICATORS, LEGAL_AID_INDICATORS, MEDIATION_INDICATORS } from "./counting-rules";
import { subtreeRange } from "./unit-paths";
import { countReport } from "./reporting-counters.server";
import { byUnitGeneration } from "./unit-generation.server";
export { countReport, transferReportingCounters } from "./reporting-counters.server";
import { fail, getUnit, type Result } from "./units.server";

/** Reports are due by this day of the following month (inclusive). */
export const REPORT_DEADLINE_DAY = 5;
/** Unit levels that report every month (administrative units of these levels). */
export const REPORTING_LEVELS = ["village", "township"] as const;
export const MONTHLY_REPORT_KINDS = ["records", "zero"] as const;
export type MonthlyReportKind = (typeof MONTHLY_REPORT_KINDS)[number];

/** The indicators whose counters say a month "has records": consultations, disputes registered, legal aid applications. */
const RECORD_INDICATORS = [INDICATORS.consultationRecords, MEDIATION_INDICATORS.accepted, LEGAL_AID_INDICATORS.applications];

/** 202403 → "2024-04-05": the last day a report for the month is on time. */
export function reportDeadline(month: number): string {
  const n = nextMonth(month);
  return `${firstDayOfMonth(n).slice(0, 8)}${String(REPORT_DEADLINE_DAY).padStart(2, "0")}`;
}

export const isTimely = (submittedOn: string, month: number) => submittedOn <= reportDeadline(month);

/** "2024-03" or "202403" → 202403; anything else (a month 13, letters, year 1066) → null. */
export function parseReportMonth(v: unknown): number | null {
  const m = /^(\d{4})-?(\d{2})$/.exec(String(v ?? "").trim());
  if (!m) return null;
  const y = Number(m[1]);
  const mm = Number(m[2]);
  if (y < 2000 || y > 2100 || mm < 1 || mm > 12) return null;
  return y * 100 + mm;
}
export const formatReportMonth = (month: number) => `${Math.floor(month / 100)}-${String(month % 100).padStart(2, "0")}`;

/** Records of a unit's subtree in a month, from its counters (dimension '' of the record indicators). */
export async function recordsInMonth(db: Executor, unitId: number, month: number) {
  const rows = await db.all<{ indicator: string; value: number }>(sql`
    SELECT indicator, value FROM stat_counters
    WHERE unit_id = ${unitId} AND month = ${month} AND dim = '' AND indicator IN (${sql.join(
      RECORD_INDICATORS.map((i) => sql`${i}`),
      sql`, `,
    )})`);
  const of = (i: string) => rows.find((r) => r.indicator === i)?.value ?? 0;
  const consultations = of(INDICATORS.consultationRecords);
  const mediations = of(MEDIATION_INDICATORS.accepted);
  const legalAid = of(LEGAL_AID_INDICATORS.applications);
  return { consultations, mediations, legalAid, total: consultations + mediations + legalAid };
}

const isReportingUnit = (u: { level: string; type: string }) => u.type === "admin" && (REPORTING_LEVELS as readonly string[]).includes(u.level);

/**
 * Submits a unit's report for a month. `zero` asks for a zero report (本月无纠纷): refused when the month has records.
 * Without `zero` the month's records are confirmed as its report (with none, that is a zero report too).
 */
export async function submitMonthlyReport({
  actor,
  unitId,
  month,
  zero,
  today = todayInChina(),
  ip,
}: {
  actor: Actor;
  unitId: number;
  month: number;
  zero: boolean;
  today?: string;
  ip?: string | null;
}): Promise<Result<{ id: number; kind: MonthlyReportKind; timely: boolean }>> {
  if (!can(actor, "write:mediation") && !can(actor, "write:consultation")) return fail(403, {}, "err.forbidden");
  const db = getDb();
  return await db.transaction(async (tx) => {
    const unit = await getUnit({ actor, id: unitId, db: tx });
    if (!unit) return fail(404, {}, "err.notFound");
    if (!isReportingUnit(unit)) return fail(400, { unitId: "mr.err.notReporting" });
    if (lastDayOfMonth(month) > today) return fail(400, { month: "mr.err.notEnded" });
    if (lastDayOfMonth(month) < unit.activeFrom || (unit.activeTo && unit.activeTo < firstDayOfMonth(month))) return fail(400, { month: "mr.err.inactive" });
    const existing = await tx.select().from(monthlyReports).where(sql`${monthlyReports.unitId} = ${unitId} AND ${monthlyReports.month} = ${month}`).get();
    if (existing) return fail(409, {}, "mr.err.already");
    const records = await recordsInMonth(tx, unitId, month);
    if (zero && records.total > 0) return { ok: false as const, status: 409 as const, fieldErrors: { records: String(records.total) }, formError: "mr.err.zeroWithRecords" };
    const kind: MonthlyReportKind = records.total > 0 ? "records" : "zero";
    const row = await tx.insert(monthlyReports).values({ unitId, month, kind, submittedOn: today, submittedById: actor.id }).returning().get();
    await countReport(tx, unit.path, month, isTimely(today, month));
    await audit(tx, { userId: actor.id, action: "create", entity: "monthly_report", entityId: row.id, unitId, after: { month, kind, submittedOn: today, records }, ip });
    return { ok: true as const, value: { id: row.id, kind, timely: isTimely(today, month) } };
  });
}

/** Recounts every reporting counter from the reports (bulk loads such as the demo seed, repair, tests). */
export async function rebuildReportingCounters(db: Executor) {
  await db.run(sql`DELETE FROM reporting_counters`);
  const rows = await db.all<{ path: string; month: number; submittedOn: string }>(
    sql`SELECT u.path, r.month, r.submitted_on AS "submittedOn" FROM monthly_reports r JOIN units u ON u.id = r.unit_id`,
  );
  for (const r of rows) await countReport(db, r.path, r.month, isTimely(r.submittedOn, r.month));
}

export type MonthStatus = "timely" | "late" | "missing" | "open";

/** One unit's report for one month: the records, the report (if any), its status, and whether the actor may submit. */
export async function getMonthlyReport({ actor, unitId, month, today = todayInChina() }: { actor: Actor; unitId: number; month: number; today?: string }) {
  if (!can(actor, "read:stats") && !can(actor, "read:targets")) return null;
  const db = getDb();
  const unit = await getUnit({ actor, id: unitId, db });
  if (!unit) return null;
  const report = await db.select().from(monthlyReports).where(sql`${monthlyReports.unitId} = ${unitId} AND ${monthlyReports.month} = ${month}`).get() ?? null;
  const records = await recordsInMonth(db, unitId, month);
  const deadline = reportDeadline(month);
  const ended = lastDayOfMonth(month) <= today;
  const status: MonthStatus = report ? (isTimely(report.submittedOn, month) ? "timely" : "late") : today > deadline ? "missing" : "open";
  const reporting = isReportingUnit(unit);
  return {
    unit: { id: unit.id, name: unit.name, level: unit.level, reporting },
    month,
    deadline,
    ended,
    records,
    report: report && { kind: report.kind as MonthlyReportKind, submittedOn: report.submittedOn, supersededByRecords: report.kind === "zero" && records.total > 0 },
    status,
    canSubmit: reporting && ended && !report && (can(actor, "write:mediation") || can(actor, "write:consultation")),
  };
}

type Rates = { expected: number; submitted: number; timely: number; completeness: number | null; timeliness: number | null };
const rates = (expected: number, submitted: number, timely: number): Rates => ({
  expected,
  submitted,
  timely,
  completeness: expected ? submitted / expected : null,
  timeliness: expected ? timely / expected : null,
});

/** The months of `year` that have ended by `today` (a report can be owed), as yyyymm. */
function endedMonths(year: number, today: string): number[] {
  const out: number[] = [];
  for (let m = 1; m <= 12; m++) if (lastDayOfMonth(year * 100 + m) <= today) out.push(year * 100 + m);
  return out;
}

/** A VALUES list of (month, first day, last day, deadline) for the SQL below. */
function monthsTable(months: number[]) {
  return sql.join(
    months.map((m) => sql`(CAST(${m} AS INTEGER), ${firstDayOfMonth(m)}, ${lastDayOfMonth(m)}, ${reportDeadline(m)})`),
    sql`, `,
  );
}

type UnitMonthRow = { unitId: number; unitName: string; path: string; month: number; submittedOn: string | null; kind: string | null; createdAt: string | null };

/**
 * Expected reports of a subtree over some months, with what was submitted: one row per reporting unit active in the
 * month (index range on units.path) left-joined to its report (unique index on unit_id, month).
 */
async function unitMonths(db: Executor, path: string, months: number[], opts: { notTimely?: boolean; late?: boolean; limit?: number } = {}): Promise<UnitMonthRow[]> {
  if (!months.length) return [];
  const { lo, hi } = subtreeRange(path);
  // notTimely: not reported at all (the first `limit`); late: reported after the deadline
  const only = opts.late ? sql`AND r.submitted_on > m.deadline` : opts.notTimely ? sql`AND r.id IS NULL` : sql``;
  return await db.all<UnitMonthRow>(sql`
    WITH m(month, first, last, deadline) AS (VALUES ${monthsTable(months)})
    SELECT u.id AS "unitId", u.name AS "unitName", u.path, m.month, r.submitted_on AS "submittedOn", r.kind, r.created_at AS "createdAt"
    FROM units u
    JOIN m ON u.active_from <= m.last AND (u.active_to IS NULL OR u.active_to >= m.first)
    LEFT JOIN monthly_reports r ON r.unit_id = u.id AND r.month = m.month
    WHERE u.path >= ${lo} AND u.path < ${hi} AND u.type = 'admin' AND u.level IN ('village', 'township') ${only}
    ORDER BY u.path, m.month ${opts.limit ? sql`LIMIT ${opts.limit}` : sql``}`);
}

type ChildMonthCount = { child: number; month: number; expected: number; submitted: number; timely: number };

/**
 * Expected, submitted and timely reports per child of `unit` (its subtree; the unit itself when it reports) and
 * month. Expected: each child's reporting units counted on the covering index units_kind_path_idx (a count per
 * child, no rows), less, month by month, the few units not active all through the months asked (read from the same
 * index range, filtered inside it). Submitted and timely: each child's reporting counters (its subtree), the unit's
 * own report read directly. The same figures as joining every reporting unit-month to its report (the test keeps
 * that computation to compare), without the 30,000 × 12 rows of a province.
 */
async function childMonthCounts(db: Executor, unit: { id: number; path: string }, months: number[]): Promise<ChildMonthCount[]> {
  if (!months.length) return [];
  const { lo, hi } = subtreeRange(unit.path);
  const reporting = sql`u.type = 'admin' AND u.level IN ('village', 'township')`;
  const first = firstDayOfMonth(Math.min(...months));
  const last = lastDayOfMonth(Math.max(...months));
  // (both read from the units alone: remembered while the unit tree is unchanged)
  const { whole, partial } = await byUnitGeneration(db, `reporting|${unit.path}|${first}|${last}`, async () => {
    // every reporting unit of each child's subtree (and the unit itself), whatever its activity
    const whole = new Map<number, number>();
    const self = (await db.get<{ n: number }>(sql`SELECT count(*) AS n FROM units u ${indexedBy("units_kind_path_idx")} WHERE ${reporting} AND u.path = ${unit.path}`))?.n ?? 0;
    if (self) whole.set(unit.id, self);
    for (const c of await db.all<{ id: number; path: string }>(sql`SELECT id, path FROM units WHERE parent_id = ${unit.id}`)) {
      const r = subtreeRange(c.path);
      const n = (await db.get<{ n: number }>(sql`SELECT count(*) AS n FROM units u ${indexedBy("units_kind_path_idx")} WHERE ${reporting} AND u.path >= ${r.lo} AND u.path < ${r.hi}`))?.n ?? 0;
      if (n) whole.set(c.id, n);
    }
    // the units not active in every month asked: begun after its first day or ended before its last
    const partial = await db.all<{ path: string; activeFrom: string; activeTo: string | null }>(sql`
      SELECT u.path, u.active_from AS "activeFrom", u.active_to AS "activeTo" FROM units u ${indexedBy("units_kind_path_idx")}
      WHERE ${reporting} AND u.path >= ${lo} AND u.path < ${hi} AND (u.active_from > ${first} OR u.active_to < ${last})`);
    return { whole, partial };
  });
  if (!whole.size) return [];
  const childOf = (path: string) => (path === unit.path ? unit.id : Number(path.slice(unit.path.length).split("/")[0]));
  const cells = new Map<string, ChildMonthCount>();
  for (const [child, n] of whole)
    for (const m of months) cells.set(`${child}|${m}`, { child, month: m, expected: n, submitted: 0, timely: 0 });
  for (const p of partial) {
    const child = childOf(p.path);
    for (const m of months)
      if (p.activeFrom > lastDayOfMonth(m) || (p.activeTo !== null && p.activeTo < firstDayOfMonth(m))) cells.get(`${child}|${m}`)!.expected--;
  }
  for (const [k, c] of cells) if (c.expected <= 0) cells.delete(k);
  const lo_ = Math.min(...months);
  const hi_ = Math.max(...months);
  const got: Array<{ unitId: number; month: number; submitted: number; timely: number }> = [];
  const children = [...whole.keys()].filter((id) => id !== unit.id);
  for (let i = 0; i < children.length; i += 500)
    got.push(
      ...await db.all<{ unitId: number; month: number; submitted: number; timely: number }>(sql`
        SELECT unit_id AS "unitId", month, submitted, timely FROM reporting_counters
        WHERE unit_id IN (${sql.join(children.slice(i, i + 500).map((id) => sql`${id}`), sql`, `)}) AND month >= ${lo_} AND month <= ${hi_}`),
    );
  if (whole.has(unit.id))
    for (const r of await db.all<{ month: number; submittedOn: string }>(
      sql`SELECT month, submitted_on AS "submittedOn" FROM monthly_reports WHERE unit_id = ${unit.id} AND month >= ${lo_} AND month <= ${hi_}`,
    ))
      got.push({ unitId: unit.id, month: r.month, submitted: 1, timely: isTimely(r.submittedOn, r.month) ? 1 : 0 });
  for (const g of got) {
    const c = cells.get(`${g.unitId}|${g.month}`);
    if (!c) continue; // reports of a month with no reporting unit active (cannot be made; not expected)
    c.submitted += g.submitted;
    c.timely += g.timely;
  }
  return [...cells.values()];
}

/**
 * Completeness and timeliness of a unit's subtree for a year: per month (months that have ended), per child unit
 * (its subtree, the unit itself as its own row when it reports), and the units that have not reported for `month`
 * (default: the latest month whose deadline has passed, else the latest ended month), each with its report page.
 * A month whose deadline is still ahead counts what came in so far and is marked `open`.
 */
/** How many of the units that have not reported a month are listed by name (the count is of all). */
export const MISSING_LISTED = 300;

export async function getReportingCompleteness({
  actor,
  unitId,
  year,
  month,
  today = todayInChina(),
}: {
  actor: Actor;
  unitId: number;
  year: number;
  month?: number | null;
  today?: string;
}) {
  if (!can(actor, "read:stats") && !can(actor, "read:targets")) return null;
  const db = getDb();
  const unit = await getUnit({ actor, id: unitId, db });
  if (!unit) return null;
  const months = endedMonths(year, today);
  // counted in SQL per child and month (a province: 30,000 units × 12 months; only the counts leave SQLite)
  const cells = await childMonthCounts(db, unit, months);
  const sum = (xs: ChildMonthCount[]) => rates(xs.reduce((a, c) => a + c.expected, 0), xs.reduce((a, c) => a + c.submitted, 0), xs.reduce((a, c) => a + c.timely, 0));

  const perMonth = months.map((m) => ({ month: m, deadline: reportDeadline(m), open: today <= reportDeadline(m), ...sum(cells.filter((c) => c.month === m)) }));
  // the year's figures over months whose deadline has passed (an open month would lower the rates unfairly)
  const dueCells = cells.filter((c) => today > reportDeadline(c.month));
  const total = sum(dueCells);

  const byChild = new Map<number, ChildMonthCount[]>();
  for (const c of dueCells) {
    if (!byChild.has(c.child)) byChild.set(c.child, []);
    byChild.get(c.child)!.push(c);
  }
  const names = byChild.size
    ? await db.all<{ id: number; name: string }>(sql`SELECT id, name FROM units WHERE id IN (${sql.join([...byChild.keys()].map((id) => sql`${id}`), sql`, `)})`)
    : [];
  const children = [...byChild.entries()]
    .map(([id, cs]) => ({ id, name: names.find((n) => n.id === id)?.name ?? "", self: id === unit.id, ...sum(cs) }))
    .sort((a, b) => (a.completeness ?? 1) - (b.completeness ?? 1) || (a.timeliness ?? 1) - (b.timeliness ?? 1) || a.name.localeCompare(b.name, "zh"));

  const dueMonths = perMonth.filter((m) => !m.open).map((m) => m.month);
  const shown = month && months.includes(month) ? month : (dueMonths.at(-1) ?? months.at(-1) ?? null);
  const shownCounts = shown ? sum(cells.filter((c) => c.month === shown)) : null;
  const missingTotal = shownCounts ? shownCounts.expected - shownCounts.submitted : 0;
  const lateTotal = shownCounts ? shownCounts.submitted - shownCounts.timely : 0;
  // the lists are read only when the counts say there is something to list (each stops at MISSING_LISTED)
  const shownRows = shown && missingTotal > 0 ? await unitMonths(db, unit.path, [shown], { notTimely: true, limit: MISSING_LISTED }) : [];
  const missing = shownRows.filter((r) => !r.submittedOn).map((r) => ({ id: r.unitId, name: r.unitName, href: `/reports/monthly?unit=${r.unitId}&month=${formatReportMonth(shown!)}` }));
  const late =
    shown && lateTotal > 0 ? (await unitMonths(db, unit.path, [shown], { late: true, limit: MISSING_LISTED })).map((r) => ({ id: r.unitId, name: r.unitName, submittedOn: r.submittedOn! })) : [];
  return {
    unit: { id: unit.id, name: unit.name },
    year,
    deadlineDay: REPORT_DEADLINE_DAY,
    months: perMonth,
    total,
    children,
    shownMonth: shown,
    shownOpen: shown ? today <= reportDeadline(shown) : false,
    // the page lists the first ones (a province misses thousands: their names would weigh hundreds of KB)
    missingTotal,
    missing,
    lateTotal,
    late,
  };
}
export type ReportingCompleteness = NonNullable<Awaited<ReturnType<typeof getReportingCompleteness>>>;

/**
 * Reports owed and not made (deadline passed) and reports made late, in a subtree and year: for data quality.
 * Also zero reports contradicted by records entered afterwards.
 */
export async function listReportingProblems({ actor, unitId, year, today = todayInChina() }: { actor: Actor; unitId: number; year: number; today?: string }) {
  if (!can(actor, "read:stats") && !can(actor, "read:targets")) return null;
  const db = getDb();
  const unit = await getUnit({ actor, id: unitId, db });
  if (!unit) return null;
  const months = endedMonths(year, today).filter((m) => today > reportDeadline(m));
  const rows = await unitMonths(db, unit.path, months);
  return {
    missing: rows.filter((r) => !r.submittedOn).map((r) => ({ unitId: r.unitId, unitName: r.unitName, month: r.month })),
    late: rows.filter((r) => r.submittedOn && !isTimely(r.submittedOn, r.month)).map((r) => ({ unitId: r.unitId, unitName: r.unitName, month: r.month, submittedOn: r.submittedOn!, createdAt: r.createdAt! })),
  };
}
