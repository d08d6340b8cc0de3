/**
 * Report figures beyond the counters (issue 13): the unit's number style, completion states (what of the period is
 * still open), satisfaction from follow-up visits, coverage of villages by 法律明白人 / 村(居)法律顾问 / service
 * points, and a unit's rank among its siblings. Every function is scoped by the acting user; a ranking reads the
 * siblings' totals but returns only the place (and how many share it), never a sibling's figure.
 */
import { and, asc, eq, gte, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { legalAidCases, mediations, registryPeople, reportStyles, units } from "../../db/schema";
import { getDb } from "~/utils/db.server";
import { crossJoin, indexedBy } from "~/utils/sql-dialect.server";
import { audit } from "~/utils/audit.server";
import { can, type Actor } from "~/utils/permissions";
import { todayInChina } from "~/utils/dates";
import { satisfactionOf, type SatisfactionCounts } from "./counting-rules";
import { rollupTotalsOfUnits } from "./counters.server";
import { reportSections } from "./report-indicators";
import { figuresOf } from "./reports.server";
import { DEFAULT_REPORT_STYLE, parseReportStyle, type ReportStyle, type ReportStyleValues } from "./report-style";
import { pathInSubtree, subtreeRange } from "./unit-paths";
import { UNIT_LEVELS } from "~/schemas/enums";
import { fail, getUnit, type Result } from "./units.server";

// ---- the number style ------------------------------------------------------------------------------------------

/** The style a unit writes in: its own, else its nearest ancestor's, else the default; and where it comes from. */
export async function getReportStyle({ actor, unitId }: { actor: Actor; unitId: number }): Promise<{ style: ReportStyle; fromUnitId: number | null } | null> {
  const unit = await getUnit({ actor, id: unitId });
  if (!unit) return null;
  const ids = unit.path.split("/").filter(Boolean).map(Number);
  const rows = await getDb().select().from(reportStyles).where(inArray(reportStyles.unitId, ids)).all();
  for (const id of ids.reverse()) {
    const row = rows.find((r) => r.unitId === id);
    if (row) return { style: parseReportStyle(row.style), fromUnitId: id };
  }
  return { style: DEFAULT_REPORT_STYLE, fromUnitId: null };
}

/** Sets a unit's style (report writers and bureaus of the unit or above). */
export async function setReportStyle({ actor, unitId, values, ip }: { actor: Actor; unitId: number; values: ReportStyleValues; ip?: string | null }): Promise<Result> {
  if (!can(actor, "freeze:edition")) return fail(403, {}, "err.forbidden");
  const unit = await getUnit({ actor, id: unitId });
  if (!unit) return fail(404, {}, "err.notFound");
  const style = JSON.stringify(values);
  return await getDb().transaction(async (tx) => {
    const before = await tx.select().from(reportStyles).where(eq(reportStyles.unitId, unitId)).get();
    await tx.insert(reportStyles)
      .values({ unitId, style, updatedById: actor.id })
      .onConflictDoUpdate({ target: reportStyles.unitId, set: { style, updatedById: actor.id, updatedAt: new Date().toISOString() } })
      .run();
    await audit(tx, { userId: actor.id, action: "update", entity: "report_style", entityId: unitId, unitId, before: before ? JSON.parse(before.style) : null, after: values, ip });
    return { ok: true as const, value: null };
  });
}

// ---- completion states -----------------------------------------------------------------------------------------

/**
 * What of the period is still open now: disputes registered in the period that are not concluded, legal aid cases
 * granted in the period (decision day) that are neither closed nor terminated. Voided records do not count.
 */
export async function openOfPeriod({ path, from, to }: { path: string; from: string; to: string }) {
  const db = getDb();
  const m = (await db
    .select({ n: sql<number>`count(*)` })
    .from(mediations)
    .innerJoin(units, eq(units.id, mediations.unitId))
    .where(and(pathInSubtree(units.path, path), gte(mediations.registeredOn, from), lte(mediations.registeredOn, to), isNull(mediations.voidedAt), inArray(mediations.status, ["registered", "in_mediation"])))
    .get())!;
  const la = (await db
    .select({ n: sql<number>`count(*)` })
    .from(legalAidCases)
    .innerJoin(units, eq(units.id, legalAidCases.unitId))
    .where(and(pathInSubtree(units.path, path), gte(legalAidCases.decidedOn, from), lte(legalAidCases.decidedOn, to), isNull(legalAidCases.voidedAt), inArray(legalAidCases.status, ["granted", "assigned"])))
    .get())!;
  return { mediationOpen: m.n, legalAidOpen: la.n };
}

// ---- satisfaction ----------------------------------------------------------------------------------------------

/** Legal aid follow-ups of the period by satisfaction (cases handled in the subtree, follow-up day in the period). */
export async function legalAidFollowups({ path, from, to }: { path: string; from: string; to: string }): Promise<SatisfactionCounts> {
  const rows = await getDb()
    .select({ s: legalAidCases.satisfaction, n: sql<number>`count(*)` })
    .from(legalAidCases)
    .innerJoin(units, eq(units.id, legalAidCases.unitId))
    .where(and(pathInSubtree(units.path, path), gte(legalAidCases.followedUpOn, from), lte(legalAidCases.followedUpOn, to), isNull(legalAidCases.voidedAt)))
    .groupBy(legalAidCases.satisfaction)
    .all();
  const n = (k: string) => rows.find((r) => r.s === k)?.n ?? 0;
  return { satisfied: n("satisfied"), fairly: n("fairly"), dissatisfied: n("dissatisfied") };
}

// ---- coverage --------------------------------------------------------------------------------------------------

export type CoverageKind = "literate" | "adviser" | "servicePoint";
export const COVERAGE_KINDS: CoverageKind[] = ["literate", "adviser", "servicePoint"];

/**
 * Villages and communities (administrative units of village level active on `day`) in the unit's subtree, and for
 * each kind how many have at least one: an active 法律明白人, an active 村(居)法律顾问, an active public legal
 * service point (a service_centre unit at or under the village). `without` lists the villages lacking each.
 * Null when the unit is out of reach.
 */
export async function getCoverage({ actor, unitId, day = todayInChina() }: { actor: Actor; unitId: number; day?: string }) {
  if (!can(actor, "read:stats") && !can(actor, "read:registry")) return null;
  const unit = await getUnit({ actor, id: unitId });
  if (!unit) return null;
  const db = getDb();
  const activeUnit = and(lte(units.activeFrom, day), or(isNull(units.activeTo), gte(units.activeTo, day)));
  const villages = await db
    .select({ id: units.id, name: units.name, path: units.path, parentId: units.parentId })
    .from(units)
    .where(and(pathInSubtree(units.path, unit.path), eq(units.level, "village"), eq(units.type, "admin"), activeUnit))
    .orderBy(asc(units.path))
    .all();
  const people = await db
    .select({ kind: registryPeople.kind, path: units.path })
    .from(registryPeople)
    .innerJoin(units, eq(units.id, registryPeople.unitId))
    .where(and(pathInSubtree(units.path, unit.path), lte(registryPeople.startOn, day), or(isNull(registryPeople.endOn), gte(registryPeople.endOn, day))))
    .all();
  const points = await db
    .select({ path: units.path })
    .from(units)
    .where(and(pathInSubtree(units.path, unit.path), eq(units.type, "service_centre"), activeUnit))
    .all();
  const parentNames = new Map(
    villages.length
      ? (await db
          .select({ id: units.id, name: units.name })
          .from(units)
          .where(inArray(units.id, [...new Set(villages.map((v) => v.parentId!).filter(Boolean))]))
          .all())
          .map((u) => [u.id, u.name])
      : [],
  );
  const under = (v: { path: string }, p: string) => p.startsWith(v.path);
  const has: Record<CoverageKind, (v: { path: string }) => boolean> = {
    literate: (v) => people.some((p) => p.kind === "literate" && under(v, p.path)),
    adviser: (v) => people.some((p) => p.kind === "adviser" && under(v, p.path)),
    servicePoint: (v) => points.some((p) => under(v, p.path)),
  };
  const result = { unitId, day, villages: villages.length } as {
    unitId: number;
    day: string;
    villages: number;
  } & Record<CoverageKind, { covered: number; rate: number | null; without: Array<{ id: number; name: string; parentName: string | null }> }>;
  for (const k of COVERAGE_KINDS) {
    const without = villages.filter((v) => !has[k](v)).map((v) => ({ id: v.id, name: v.name, parentName: parentNames.get(v.parentId!) ?? null }));
    const covered = villages.length - without.length;
    result[k] = { covered, rate: villages.length ? covered / villages.length : null, without };
  }
  return result;
}

/**
 * How many villages (communities) of the unit's subtree active on `day` have each kind of coverage — the counts of
 * getCoverage without its lists, read from the covering side: the people on the rolls that day and the active
 * service points, each marking the villages above it (one look-up per distinct ancestor), so the cost follows
 * the registry, not the number of units. `villages` is the number of such villages (registryCounts' villages.total).
 */
export async function coverageCounts({ unitPath, day, villages }: { unitPath: string; day: string; villages: number }) {
  const db = getDb();
  const rootDepth = unitPath.split("/").filter(Boolean).length;
  const { lo, hi } = subtreeRange(unitPath);
  // from the smaller side: the roster's rows when it holds fewer than the subtree's villages, else the subtree's units
  const rosterRows = (await db.get<{ m: number | null }>(sql`SELECT max(id) AS m FROM registry_people`))?.m ?? 0;
  const people = await db.all<{ kind: string; path: string }>(sql`
    SELECT r.kind AS kind, u.path AS path FROM registry_people r ${crossJoin("units u", sql`u.id = r.unit_id`, rosterRows < villages)}
    WHERE u.path >= ${lo} AND u.path < ${hi} AND r.kind IN ('literate', 'adviser')
      AND r.start_on <= ${day} AND (r.end_on IS NULL OR r.end_on >= ${day})`);
  const points = await db.all<{ path: string }>(
    sql`SELECT path FROM units ${indexedBy("units_kind_path_idx")} WHERE type = 'service_centre' AND level IN (${sql.join(UNIT_LEVELS.values.map((l) => sql`${l}`), sql`, `)}) AND path >= ${lo} AND path < ${hi} AND active_from <= ${day} AND (active_to IS NULL OR active_to >= ${day})`,
  );
  // the units at or above each covering path, inside the subtree
  const marks = (paths: string[]) => {
    const ids = new Set<number>();
    for (const p of paths) for (const id of p.split("/").filter(Boolean).slice(rootDepth - 1)) ids.add(Number(id));
    return [...ids];
  };
  const villagesAmong = async (ids: number[]) => {
    let n = 0;
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      n += (await db.get<{ n: number }>(
        sql`SELECT count(*) AS n FROM units WHERE id IN (${sql.join(chunk.map((id) => sql`${id}`), sql`, `)})
            AND level = 'village' AND type = 'admin' AND active_from <= ${day} AND (active_to IS NULL OR active_to >= ${day})`,
      ))!.n;
    }
    return n;
  };
  const covered: Record<CoverageKind, number> = {
    literate: await villagesAmong(marks(people.filter((p) => p.kind === "literate").map((p) => p.path))),
    adviser: await villagesAmong(marks(people.filter((p) => p.kind === "adviser").map((p) => p.path))),
    servicePoint: await villagesAmong(marks(points.map((p) => p.path))),
  };
  const rate = (k: CoverageKind) => (villages ? covered[k] / villages : null);
  return { villages, covered, rate: { literate: rate("literate"), adviser: rate("adviser"), servicePoint: rate("servicePoint") } };
}

// ---- ranking among siblings ------------------------------------------------------------------------------------

export type Rank = { key: string; rank: number; of: number; tied: boolean; parentId: number; parentName: string; parentLevel: string };

/**
 * The unit's place among its parent's active children on one report indicator (a row key of report-indicators,
 * e.g. `mediation.satisfactionRate`), highest first; ties share a place (1, 2, 2, 4). Siblings without a value
 * (a rate with no cases) are left out. Errors: no parent, a single sibling, an unknown indicator, no value.
 */
export async function rankAmongSiblings({ actor, unitId, from, to, key }: { actor: Actor; unitId: number; from: string; to: string; key: string }):
  Promise<| { ok: true; value: Rank }
  | { ok: false; status: 400 | 404; error: string }> {
  if (!can(actor, "read:stats")) return { ok: false, status: 404, error: "err.notFound" };
  const unit = await getUnit({ actor, id: unitId });
  if (!unit) return { ok: false, status: 404, error: "err.notFound" };
  const row = reportSections(new Map(), []).flatMap((s) => s.rows).find((r) => r.key === key);
  if (!row) return { ok: false, status: 400, error: "report.rank.err.indicator" };
  if (!unit.parentId) return { ok: false, status: 400, error: "report.rank.err.noParent" };
  const db = getDb();
  const parent = (await db.select({ id: units.id, name: units.name, level: units.level }).from(units).where(eq(units.id, unit.parentId)).get())!;
  const siblings = (await db
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.parentId, unit.parentId), eq(units.type, unit.type), eq(units.level, unit.level), lte(units.activeFrom, to), or(isNull(units.activeTo), gte(units.activeTo, from))))
    .all())
    .map((u) => u.id);
  if (siblings.length < 2) return { ok: false, status: 400, error: "report.rank.err.single" };
  const totals = await rollupTotalsOfUnits(db, { unitIds: siblings, from, to });
  const values = new Map(siblings.map((id) => [id, row.get(figuresOf(totals.get(id)!))]));
  const mine = values.get(unitId);
  if (mine === null || mine === undefined) return { ok: false, status: 400, error: "report.rank.err.noValue" };
  const ranked = [...values.values()].filter((v): v is number => v !== null && Number.isFinite(v));
  const rank = 1 + ranked.filter((v) => v > mine).length;
  const tied = ranked.filter((v) => v === mine).length > 1;
  return { ok: true, value: { key, rank, of: ranked.length, tied, parentId: parent.id, parentName: parent.name, parentLevel: parent.level } };
}

/** 全省 / 全市 / 全县 …: the scope word of the parent a rank is among. */
export function parentScope(rank: Pick<Rank, "parentName" | "parentLevel">): string {
  const n = rank.parentName;
  if (rank.parentLevel === "province") return "全省";
  if (rank.parentLevel === "city") return n.endsWith("州") ? "全州" : "全市";
  if (rank.parentLevel === "county") return n.endsWith("区") ? "全区" : n.endsWith("市") ? "全市" : "全县";
  return n.endsWith("街道") ? "全街道" : n.endsWith("乡") ? "全乡" : "全镇";
}
