/**
 * The monitoring dashboard (design §6) of a unit in reach: per targeted indicator the actual, the target, completion
 * and time progress; the children ranked by completion with laggards marked; a monthly trend (this year against
 * last); live counts of overdue work, each with the list that shows it. Read-only; scoped by the acting user.
 */
import { getDb, type Executor } from "~/utils/db.server";
import { can, type Actor } from "~/utils/permissions";
import { todayInChina, yearBounds } from "~/utils/dates";
import { TARGET_INDICATORS, targetIndicator, type TargetMeasure } from "~/schemas/targets";
import { get, totalsKey, type Totals } from "./counting-rules";
import { monthlyTotals, rollup } from "./counters.server";
import { countLegalAidWork } from "./legal-aid-reads.server";
import { countMediationWork } from "./mediations.server";
import { actualOf, listTargets, targetFigures, yearTotals } from "./targets.server";
import { getUnit, listChildUnits } from "./units.server";

/** The day figures are taken as of: today in the current year, the year's last day for a past one. */
export function asOfDay(year: number, today: string): string {
  const { from, to } = yearBounds(year);
  return today > to ? to : today < from ? from : today;
}

/** Children ranked by completion (highest first); those without a target (or a figure) last, by name. */
export function rankByCompletion<T extends { completionRate: number | null; name: string }>(rows: T[]): Array<T & { rank: number | null }> {
  const withRate = rows.filter((r) => r.completionRate !== null).sort((a, b) => b.completionRate! - a.completionRate! || a.name.localeCompare(b.name, "zh"));
  const without = rows.filter((r) => r.completionRate === null);
  return [...withRate.map((r, i) => ({ ...r, rank: i + 1 })), ...without.map((r) => ({ ...r, rank: null }))];
}

const COUNT_KEYS = TARGET_INDICATORS.filter((i) => i.measure !== "rate").map((i) => i.key);

/**
 * A whole year's counters of several units, as much as `actualOf` reads for one target indicator: the indicator's
 * family (mediation.*, legalAid.*, consultation.*), dimension '' and the follow-ups' satisfaction. One counter
 * query for all the children (it was a full read of every indicator and dimension per child).
 */
export async function yearTotalsOfUnits(db: Executor, unitIds: number[], year: number, key: string): Promise<Map<number, Totals>> {
  const out = new Map<number, Totals>(unitIds.map((id) => [id, new Map()]));
  if (!unitIds.length) return out;
  const family = key.slice(0, key.indexOf(".") + 1);
  for (let i = 0; i < unitIds.length; i += 500) {
    const rows = await db.all<{ unitId: number; indicator: string; dim: string; total: number }>(sql`
      SELECT unit_id AS "unitId", indicator, dim, SUM(value) AS total FROM stat_counters
      WHERE unit_id IN (${sql.join(unitIds.slice(i, i + 500).map((id) => sql`${id}`), sql`, `)})
        AND month BETWEEN ${year * 100 + 1} AND ${year * 100 + 12}
        AND indicator >= ${family} AND indicator < ${`${family.slice(0, -1)}/`} AND (dim = '' OR dim LIKE 'satisfaction:%')
      GROUP BY unit_id, indicator, dim`);
    for (const r of rows) out.get(r.unitId)!.set(totalsKey(r.indicator, r.dim), r.total);
  }
  return out;
}

export async function getDashboard({
  actor,
  unitId,
  year,
  indicator,
  today = todayInChina(),
}: {
  actor: Actor;
  unitId: number;
  year: number;
  indicator?: string | null;
  today?: string;
}) {
  if (!can(actor, "read:targets")) return null;
  const unit = await getUnit({ actor, id: unitId });
  if (!unit) return null;
  const db = getDb();
  const asOf = asOfDay(year, today);
  const children = (await listChildUnits({ actor, unitId })).filter((c) => c.active || (c.activeTo ?? "") >= `${year}-01-01`);
  const targetRows = await listTargets({ actor, unitIds: [unitId, ...children.map((c) => c.id)], year, db });
  const targetOf = (id: number, key: string) => targetRows.find((t) => t.unitId === id && t.indicator === key)?.value ?? null;

  const totals = await yearTotals(db, unitId, year);
  const indicators = TARGET_INDICATORS.map((def) => ({
    key: def.key,
    label: def.label,
    measure: def.measure as TargetMeasure,
    ...targetFigures(def.measure, actualOf(totals, def.key), targetOf(unitId, def.key), year, asOf),
    childTargets: children.filter((c) => targetOf(c.id, def.key) !== null).length,
  }));

  // the indicator the children are ranked by: asked for, else the first with a target here or below
  const chosen =
    (indicator && targetIndicator(indicator)) ||
    TARGET_INDICATORS.find((d) => targetOf(unitId, d.key) !== null || children.some((c) => targetOf(c.id, d.key) !== null)) ||
    TARGET_INDICATORS[0];

  const childTotals = await yearTotalsOfUnits(db, children.map((c) => c.id), year, chosen.key);
  const childRows = rankByCompletion(
    children.map((c) => {
      const f = targetFigures(chosen.measure, actualOf(childTotals.get(c.id)!, chosen.key), targetOf(c.id, chosen.key), year, asOf);
      return { id: c.id, name: c.name, level: c.level, type: c.type, ...f };
    }),
  );

  // monthly trend of a count indicator: this year against last year (whole months from counters)
  const trendKey = chosen.measure === "rate" ? COUNT_KEYS[0] : chosen.key;
  const monthlyOf = async (y: number) => await monthlyTotals(db, { unitId, ...yearBounds(y), indicators: [trendKey] });
  const thisYear = await monthlyOf(year);
  const lastYear = await monthlyOf(year - 1);
  const asOfMonth = Number(asOf.slice(5, 7));
  const asOfDayOfMonth = Number(asOf.slice(8, 10));
  const monthComplete = asOfDayOfMonth === new Date(Date.UTC(year, asOfMonth, 0)).getUTCDate();
  const trend = Array.from({ length: 12 }, (_, i) => {
    const m = i + 1;
    return {
      month: m,
      thisYear: m <= asOfMonth ? get(thisYear.get(year * 100 + m) ?? new Map(), trendKey) : null,
      lastYear: get(lastYear.get((year - 1) * 100 + m) ?? new Map(), trendKey),
      // the current month counted so far: drawn and labelled as partial, not as a whole month (issue 13)
      partialThroughDay: m === asOfMonth && !monthComplete ? asOfDayOfMonth : null,
    };
  });
  // year to date against the same days a year earlier (29 February → 28 February)
  const lastYearAsOf = `${year - 1}-${asOf.slice(5) === "02-29" ? "02-28" : asOf.slice(5)}`;
  const ytd = {
    through: asOf,
    thisYear: get(await rollup(db, { unitId, from: `${year}-01-01`, to: asOf }), trendKey),
    lastYear: get(await rollup(db, { unitId, from: `${year - 1}-01-01`, to: lastYearAsOf }), trendKey),
  };

  // overdue work now, in the unit's subtree (the lists take the same filters)
  const scoped: Actor = { ...actor, unitPath: unit.path };
  const med = await countMediationWork({ actor: scoped, today });
  const la = await countLegalAidWork({ actor, unitId, today });
  const overdue = [
    med && { key: "mediationOpen", count: med.overdueOpen, href: `/mediations?unit=${unitId}&overdue=open` },
    med && { key: "mediationPerformance", count: med.overduePerformance, href: `/mediations?unit=${unitId}&overdue=performance` },
    med && { key: "mediationFollowup", count: med.followupsDue, href: `/mediations?unit=${unitId}&overdue=followup` },
    la && { key: "legalAidReview", count: la.overdueReview, href: `/legal-aid?unit=${unitId}&overdue=review` },
    la && { key: "legalAidAssignment", count: la.overdueAssignment, href: `/legal-aid?unit=${unitId}&overdue=assignment` },
  ].filter(Boolean) as Array<{ key: string; count: number; href: string }>;

  return {
    unit: { id: unit.id, name: unit.name, level: unit.level, parentId: unit.parentId },
    year,
    asOf,
    indicators,
    chosen: { key: chosen.key, label: chosen.label, measure: chosen.measure as TargetMeasure },
    children: childRows,
    trend: { key: trendKey, label: targetIndicator(trendKey)!.label, months: trend, ytd },
    overdue,
    canSetTargets: can(actor, "write:targets"),
  };
}
export type Dashboard = NonNullable<Awaited<ReturnType<typeof getDashboard>>>;

/** A short summary for the home page: the unit's indicators with a target, and how many children lag. */
export async function getMonitoringSummary({ actor, today = todayInChina() }: { actor: Actor; today?: string }) {
  if (!can(actor, "read:targets") || !["bureau", "centre_head", "report_writer", "admin"].includes(actor.role)) return null;
  const year = Number(today.slice(0, 4));
  const d = await getDashboard({ actor, unitId: actor.unitId, year, today });
  if (!d) return null;
  return {
    year,
    indicators: d.indicators.filter((i) => i.target !== null),
    lagging: d.children.filter((c) => c.lagging).map((c) => c.name),
    chosenLabel: d.chosen.label,
    overdue: d.overdue,
  };
}

/**
 * Targets and actuals for the statistics API (`targets.<indicator>`): the actual over the period asked for ÷ the
 * annual target of the period's (last) year; time progress as of the period's end (or today, if earlier).
 */
export async function targetsForApi({ actor, unitId, from, to, today = todayInChina() }: { actor: Actor; unitId: number; from: string; to: string; today?: string }) {
  const out: Record<string, { target: number; actual: number | null; completionRate: number | null; timeProgress: number }> = {};
  if (!can(actor, "read:targets")) return out;
  const year = Number(to.slice(0, 4));
  const rows = await listTargets({ actor, unitIds: [unitId], year });
  if (!rows.length) return out;
  const totals = await rollup(getDb(), { unitId, from, to });
  const asOf = to < today ? to : today;
  for (const r of rows) {
    const def = targetIndicator(r.indicator);
    if (!def) continue;
    const f = targetFigures(def.measure, actualOf(totals, def.key), r.value, year, asOf);
    out[def.key] = { target: f.target!, actual: f.actual, completionRate: f.completionRate, timeProgress: f.timeProgress };
  }
  return out;
}

// ---- a mediator's own page (/my-work) -------------------------------------------------------------------------

import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { mediationFollowups, mediationMediators, mediations, mediators, units } from "../../db/schema";
import { MEDIATION_LIMITS, OPEN_MEDIATION_STATUSES } from "~/schemas/enums";
import { addDays, daysBetween, monthBounds } from "~/utils/dates";
import { pathInSubtree } from "./unit-paths";

/**
 * The disputes of the mediator linked to the acting user (mediators.user_id), inside the user's subtree: open ones
 * by days left of the 30-day limit, settled ones whose follow-up is due, and this month's figures.
 */
export async function getMyWork({ actor, today = todayInChina() }: { actor: Actor; today?: string }) {
  if (!can(actor, "read:mediation")) return null;
  const db = getDb();
  const mine = (await db.select({ id: mediators.id }).from(mediators).where(eq(mediators.userId, actor.id)).all()).map((m) => m.id);
  if (!mine.length) return { linked: false as const };
  const assigned = sql`EXISTS (SELECT 1 FROM ${mediationMediators} mm WHERE mm.mediation_id = ${mediations.id} AND mm.mediator_id IN (${sql.join(
    mine.map((id) => sql`${id}`),
    sql`, `,
  )}))`;
  const cols = {
    id: mediations.id,
    caseNo: mediations.caseNo,
    unitName: units.name,
    registeredOn: mediations.registeredOn,
    concludedOn: mediations.concludedOn,
    status: mediations.status,
    disputeType: mediations.disputeType,
  };
  const base = and(pathInSubtree(units.path, actor.unitPath), isNull(mediations.voidedAt), assigned);
  const open = (await db
    .select(cols)
    .from(mediations)
    .innerJoin(units, eq(units.id, mediations.unitId))
    .where(and(base, inArray(mediations.status, OPEN_MEDIATION_STATUSES)))
    .orderBy(asc(mediations.registeredOn), asc(mediations.id))
    .limit(200)
    .all())
    .map((m) => ({ ...m, daysLeft: daysBetween(today, addDays(m.registeredOn, MEDIATION_LIMITS.concludeWithinDays)) }));
  const followupsDue = (await db
    .select(cols)
    .from(mediations)
    .innerJoin(units, eq(units.id, mediations.unitId))
    .where(and(base, eq(mediations.status, "success"), eq(mediations.concludedByImport, false), sql`NOT EXISTS (SELECT 1 FROM ${mediationFollowups} f WHERE f.mediation_id = ${mediations.id})`))
    .orderBy(asc(mediations.concludedOn), asc(mediations.id))
    .limit(200)
    .all())
    .map((m) => ({ ...m, dueBy: addDays(m.concludedOn!, MEDIATION_LIMITS.followupWithinDays), daysLeft: daysBetween(today, addDays(m.concludedOn!, MEDIATION_LIMITS.followupWithinDays)) }));
  const { from, to } = monthBounds(today);
  const month = (await db
    .select({
      registered: sql<number>`coalesce(sum(${mediations.registeredOn} BETWEEN ${from} AND ${to}), 0)`,
      concluded: sql<number>`coalesce(sum(${mediations.status} IN ('success', 'failed', 'withdrawn') AND ${mediations.concludedOn} BETWEEN ${from} AND ${to}), 0)`,
      successful: sql<number>`coalesce(sum(${mediations.status} = 'success' AND ${mediations.concludedOn} BETWEEN ${from} AND ${to}), 0)`,
      followups: sql<number>`coalesce(sum((SELECT count(*) FROM ${mediationFollowups} f WHERE f.mediation_id = "mediations"."id" AND f.visited_on BETWEEN ${from} AND ${to})), 0)`,
    })
    .from(mediations)
    .innerJoin(units, eq(units.id, mediations.unitId))
    .where(base)
    .get())!;
  return { linked: true as const, open, followupsDue, month, monthFrom: from, monthTo: to, mediatorIds: mine };
}
