/**
 * Annual targets (design §6): set per unit, year and indicator by a bureau for its own unit and the units below;
 * every revision is kept with its reason; children's sum is checked against the parent's (a warning, not a block).
 *
 * Figures (design §4): completionRate = actual ÷ annual target; timeProgress = days elapsed ÷ days in the year,
 * as of today (or the year's end for a past year). The target in force is the latest revision.
 */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { targetRevisions, targets, units, users } from "../../db/schema";
import { getDb, type Executor } from "~/utils/db.server";
import { audit } from "~/utils/audit.server";
import { can, inJurisdiction, type Actor } from "~/utils/permissions";
import { daysBetween, todayInChina, yearBounds } from "~/utils/dates";
import { subtreeRange } from "./unit-paths";
import {
  RATE_SCALE,
  TARGET_INDICATORS,
  targetAsFigure,
  targetIndicator,
  type Prefill,
  type TargetMeasure,
  type TargetsFormValues,
} from "~/schemas/targets";
import { consultationFigures, legalAidFigures, mediationFigures, type Totals } from "./counting-rules";
import { rollup } from "./counters.server";
import { fail, getUnit, listChildUnits, type Result } from "./units.server";

// ---- pure figures ----------------------------------------------------------------------------------------------

export function daysInYear(year: number): number {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 366 : 365;
}

/**
 * Share of the year elapsed as of a day (that day counted as elapsed): 0 before the year, 1 after it.
 * 2024-06-30 → 182/366; 2023-06-30 → 181/365.
 */
export function timeProgress(year: number, asOf: string): number {
  const { from, to } = yearBounds(year);
  if (asOf < from) return 0;
  if (asOf >= to) return 1;
  return (daysBetween(from, asOf) + 1) / daysInYear(year);
}

/** actual ÷ target (null without a positive target). Full precision; rounding happens at display. */
export function completionRate(actual: number | null, target: number | null | undefined): number | null {
  if (actual === null || target === null || target === undefined || target <= 0) return null;
  return actual / target;
}

/** Points (percentage points) a count indicator may trail time progress before it counts as lagging. */
export const LAG_POINTS = 0.1;

/**
 * Behind schedule: a count whose completion trails time progress by more than LAG_POINTS (so "behind" shows in
 * June, not December); a rate below its target.
 */
export function isLagging(measure: TargetMeasure, completion: number | null, progress: number, actual?: number | null, target?: number | null): boolean {
  if (measure === "rate") return actual !== null && actual !== undefined && target !== null && target !== undefined && actual < target;
  return completion !== null && completion < progress - LAG_POINTS;
}

/** The target in force at an instant: the latest revision made at or before it (null before the first). */
export function targetInForce(revisions: Array<{ at: string; newValue: number; version: number }>, at: string): number | null {
  let best: { at: string; newValue: number; version: number } | null = null;
  for (const r of revisions) if (r.at <= at && (!best || r.version > best.version)) best = r;
  return best ? best.newValue : null;
}

/**
 * Splits a whole total into parts proportional to weights, every part a whole number and the parts adding up to
 * the total exactly (largest remainder). Weights all zero (or none) → equal parts.
 */
export function distribute(total: number, weights: number[]): number[] {
  if (!weights.length) return [];
  const sum = weights.reduce((a, b) => a + Math.max(0, b), 0);
  const w = sum > 0 ? weights.map((x) => Math.max(0, x)) : weights.map(() => 1);
  const wsum = sum > 0 ? sum : weights.length;
  const exact = w.map((x) => (total * x) / wsum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, rem: x - Math.floor(x) })).sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k].i]++;
  return parts;
}

/** The actual figure of a target indicator from a unit's totals: counts as numbers, rates as fractions (or null). */
export function actualOf(totals: Totals, key: string): number | null {
  switch (key) {
    case "consultation.personTimes":
      return consultationFigures(totals).personTimes;
    case "mediation.concluded":
      return mediationFigures(totals).concluded;
    case "mediation.accepted":
      return mediationFigures(totals).accepted;
    case "mediation.successRate":
      return mediationFigures(totals).successRate;
    case "mediation.satisfactionRate":
      return mediationFigures(totals).satisfactionRate;
    case "legalAid.granted":
      return legalAidFigures(totals).granted;
    default:
      return null;
  }
}

/** A rate actual as stored targets are (basis points), for prefilling from last year's actuals. */
function actualAsTargetValue(actual: number | null, measure: TargetMeasure): number | null {
  // nothing last year is no basis for a target (specialised bodies that count elsewhere)
  if (actual === null || actual === 0) return null;
  return measure === "rate" ? Math.min(RATE_SCALE, Math.round(actual * RATE_SCALE)) : Math.round(actual);
}

// ---- reads -----------------------------------------------------------------------------------------------------

export type TargetRow = { unitId: number; indicator: string; value: number; version: number; id: number };

/** Targets of some units for a year (units outside the actor's reach are dropped). */
export async function listTargets({ actor, unitIds, year, db = getDb() }: { actor: Actor; unitIds: number[]; year: number; db?: Executor }): Promise<TargetRow[]> {
  if (!can(actor, "read:targets") || !unitIds.length) return [];
  return (await db
    .select({ id: targets.id, unitId: targets.unitId, indicator: targets.indicator, value: targets.value, version: targets.version, path: units.path })
    .from(targets)
    .innerJoin(units, eq(units.id, targets.unitId))
    .where(and(inArray(targets.unitId, unitIds), eq(targets.year, year)))
    .all())
    .filter((t) => inJurisdiction(actor, t.path))
    .map(({ path: _path, ...t }) => t);
}

/** Totals of a unit's subtree over a whole year (counters only: whole months). */
export async function yearTotals(db: Executor, unitId: number, year: number): Promise<Totals> {
  return await rollup(db, { unitId, ...yearBounds(year) });
}

/**
 * The targets page of one unit, year and indicator: the unit and its children with their targets (and versions),
 * last year's targets and actuals, a proposal when asked (copy / distribute), the sum check and the revisions.
 */
export async function getTargetsPage({
  actor,
  unitId,
  year,
  indicator,
  prefill,
}: {
  actor: Actor;
  unitId: number;
  year: number;
  indicator: string;
  prefill?: Prefill | null;
}) {
  if (!can(actor, "read:targets")) return null;
  const def = targetIndicator(indicator);
  const unit = await getUnit({ actor, id: unitId });
  if (!def || !unit) return null;
  const db = getDb();
  const children = (await listChildUnits({ actor, unitId })).filter((c) => c.active || c.activeTo! >= `${year}-01-01`);
  const all = [unit, ...children];
  const ids = all.map((u) => u.id);
  const now = new Map((await listTargets({ actor, unitIds: ids, year, db })).filter((t) => t.indicator === indicator).map((t) => [t.unitId, t]));
  const last = new Map((await listTargets({ actor, unitIds: ids, year: year - 1, db })).filter((t) => t.indicator === indicator).map((t) => [t.unitId, t.value]));
  const lastActual = new Map<number, number | null>();
  for (const id of ids) lastActual.set(id, actualAsTargetValue(actualOf(await yearTotals(db, id, year - 1), indicator), def.measure));

  // a proposal (never saved until the user saves the form)
  const proposal = new Map<number, number | null>();
  if (prefill === "lastYearTargets") for (const id of ids) proposal.set(id, last.get(id) ?? null);
  else if (prefill === "lastYearActuals") for (const id of ids) proposal.set(id, lastActual.get(id) ?? null);
  else if ((prefill === "equal" || prefill === "lastYearShare" || prefill === "population") && children.length) {
    const parentValue = now.get(unit.id)?.value ?? null;
    if (parentValue !== null) {
      if (def.measure === "rate") for (const c of children) proposal.set(c.id, parentValue);
      else {
        const weights =
          prefill === "equal"
            ? children.map(() => 1)
            : prefill === "population"
              ? children.map((c) => c.population ?? 0)
              : children.map((c) => lastActual.get(c.id) ?? 0);
        distribute(parentValue, weights).forEach((v, i) => proposal.set(children[i].id, v));
      }
    }
  }

  const rows = all.map((u) => ({
    unitId: u.id,
    name: u.name,
    level: u.level,
    isParent: u.id === unit.id,
    value: now.get(u.id)?.value ?? null,
    version: now.get(u.id)?.version ?? 0,
    proposed: proposal.has(u.id) ? proposal.get(u.id)! : undefined,
    lastYearTarget: last.get(u.id) ?? null,
    lastYearActual: lastActual.get(u.id) ?? null,
  }));

  const targetIds = [...now.values()].map((t) => t.id);
  const revisions = targetIds.length
    ? await db
        .select({
          id: targetRevisions.id,
          targetId: targetRevisions.targetId,
          unitId: targets.unitId,
          version: targetRevisions.version,
          oldValue: targetRevisions.oldValue,
          newValue: targetRevisions.newValue,
          reason: targetRevisions.reason,
          at: targetRevisions.at,
          byName: users.displayName,
        })
        .from(targetRevisions)
        .innerJoin(targets, eq(targets.id, targetRevisions.targetId))
        .innerJoin(users, eq(users.id, targetRevisions.byUserId))
        .where(inArray(targetRevisions.targetId, targetIds))
        .orderBy(desc(targetRevisions.at), desc(targetRevisions.id))
        .limit(100)
        .all()
    : [];
  const unitNames = new Map(all.map((u) => [u.id, u.name]));

  return {
    unit: { id: unit.id, name: unit.name, level: unit.level, path: unit.path },
    year,
    indicator: def,
    rows,
    sumCheck: sumCheck(def.measure, now.get(unit.id)?.value ?? null, children.map((c) => now.get(c.id)?.value ?? null)),
    revisions: revisions.map((r) => ({ ...r, unitName: unitNames.get(r.unitId) ?? "" })),
    canWrite: can(actor, "write:targets"),
    prefill: prefill ?? null,
  };
}

/**
 * Children's targets against the parent's, for counts: null when there is nothing to compare (a rate, no parent
 * target, or no child target yet).
 */
export function sumCheck(measure: TargetMeasure, parent: number | null, children: Array<number | null>) {
  if (measure === "rate" || parent === null) return null;
  const set = children.filter((v): v is number => v !== null);
  if (!set.length) return null;
  const sum = set.reduce((a, b) => a + b, 0);
  return { parent, sum, missing: children.length - set.length, status: sum === parent ? ("equal" as const) : sum < parent ? ("below" as const) : ("above" as const) };
}

/** Overview: every target indicator of a unit for a year, with its target (if any) and the children's sum. */
export async function getTargetsOverview({ actor, unitId, year }: { actor: Actor; unitId: number; year: number }) {
  if (!can(actor, "read:targets")) return null;
  const unit = await getUnit({ actor, id: unitId });
  if (!unit) return null;
  const children = (await listChildUnits({ actor, unitId })).filter((c) => c.active);
  const rows = await listTargets({ actor, unitIds: [unitId, ...children.map((c) => c.id)], year });
  return TARGET_INDICATORS.map((def) => {
    const own = rows.find((r) => r.unitId === unitId && r.indicator === def.key) ?? null;
    const childValues = children.map((c) => rows.find((r) => r.unitId === c.id && r.indicator === def.key)?.value ?? null);
    return {
      key: def.key,
      label: def.label,
      measure: def.measure,
      target: own ? targetAsFigure(own.value, def.measure) : null,
      childrenSet: childValues.filter((v) => v !== null).length,
      childrenCount: children.length,
      sumCheck: sumCheck(def.measure, own?.value ?? null, childValues),
    };
  });
}

// ---- writes ----------------------------------------------------------------------------------------------------

/**
 * Saves the targets of a form (one indicator and year, several units) in one transaction. A blank value leaves a
 * unit's target as it is. Refused, with nothing written: a unit out of reach (400), a row whose target changed
 * since the form was filled (409), a revision without a reason (400).
 */
export async function saveTargets({ actor, data, ip }: { actor: Actor; data: TargetsFormValues; ip?: string | null }): Promise<Result<{ changed: number }>> {
  if (!can(actor, "write:targets")) return fail(403, {}, "err.forbidden");
  const def = targetIndicator(data.indicator);
  if (!def) return fail(400, { indicator: "err.invalidChoice" });
  const db = getDb();
  const fieldErrors: Record<string, string> = {};
  const rows = await Promise.all(data.rows.map(async (r, i) => ({ ...r, i, unit: await getUnit({ actor, id: r.unitId, db }) })));
  for (const r of rows) if (!r.unit) fieldErrors[`rows.${r.i}.value`] = "err.unitOutside";
  if (Object.keys(fieldErrors).length) return fail(400, fieldErrors);

  return await db.transaction(async (tx) => {
    const existing = new Map(
      (await tx
        .select()
        .from(targets)
        .where(and(inArray(targets.unitId, rows.map((r) => r.unitId).concat([0])), eq(targets.year, data.year), eq(targets.indicator, data.indicator)))
        .all())
        .map((t) => [t.unitId, t]),
    );
    const stale: Record<string, string> = {};
    const changes: Array<{ i: number; unitId: number; value: number; current: (typeof targets.$inferSelect) | null }> = [];
    for (const r of rows) {
      const current = existing.get(r.unitId) ?? null;
      if ((current?.version ?? 0) !== r.version) stale[`rows.${r.i}.value`] = "targets.err.stale";
      if (r.value === null || r.value === current?.value) continue;
      changes.push({ i: r.i, unitId: r.unitId, value: r.value, current });
    }
    if (Object.keys(stale).length) return fail(409, stale, "targets.err.stale");
    if (changes.some((c) => c.current) && !data.reason.trim()) return fail(400, { reason: "targets.err.reasonRequired" });
    const now = new Date().toISOString();
    for (const c of changes) {
      let target = c.current;
      if (target) {
        target = (await tx
          .update(targets)
          .set({ value: c.value, version: target.version + 1, setById: actor.id, setByUnitId: actor.unitId, updatedAt: now })
          .where(and(eq(targets.id, target.id), eq(targets.version, target.version)))
          .returning()
          .get())!;
      } else {
        target = await tx
          .insert(targets)
          .values({ unitId: c.unitId, year: data.year, indicator: data.indicator, value: c.value, setById: actor.id, setByUnitId: actor.unitId })
          .returning()
          .get();
      }
      await tx.insert(targetRevisions)
        .values({ targetId: target.id, version: target.version, oldValue: c.current?.value ?? null, newValue: c.value, reason: data.reason.trim(), byUserId: actor.id, byUnitId: actor.unitId, at: now })
        .run();
      await audit(tx, {
        userId: actor.id,
        action: c.current ? "revise" : "create",
        entity: "target",
        entityId: target.id,
        unitId: c.unitId,
        before: c.current ? { value: c.current.value, version: c.current.version } : null,
        after: { year: data.year, indicator: data.indicator, value: c.value, version: target.version, reason: data.reason.trim() },
        ip,
      });
    }
    return { ok: true as const, value: { changed: changes.length } };
  });
}

/** Revisions of one target, oldest first (for the history and for targetInForce). */
export async function listTargetRevisions({ actor, targetId }: { actor: Actor; targetId: number }) {
  if (!can(actor, "read:targets")) return [];
  const db = getDb();
  const t = await db.select({ path: units.path }).from(targets).innerJoin(units, eq(units.id, targets.unitId)).where(eq(targets.id, targetId)).get();
  if (!t || !inJurisdiction(actor, t.path)) return [];
  return await db.select().from(targetRevisions).where(eq(targetRevisions.targetId, targetId)).orderBy(asc(targetRevisions.version)).all();
}

/** completion and time progress of one figure (used by the dashboard and the stats API). */
export function targetFigures(measure: TargetMeasure, actual: number | null, storedTarget: number | null, year: number, asOf: string) {
  const target = storedTarget === null ? null : targetAsFigure(storedTarget, measure);
  const completion = completionRate(actual, target);
  const progress = timeProgress(year, asOf);
  return { target, actual, completionRate: completion, timeProgress: progress, lagging: target !== null && isLagging(measure, completion, progress, actual, target) };
}

// ---- targets in the report's sentences ("完成年度任务的151.02%") ----------------------------------------------

type SentenceTargets = { consultation: number | null; mediation: number | null; legalAid: number | null };

/** The annual targets a report's sentences cite: only for a period from 1 January within one calendar year. */
export async function sentenceTargets({ actor, unitId, from, to }: { actor: Actor; unitId: number; from: string; to: string }): Promise<SentenceTargets> {
  const none = { consultation: null, mediation: null, legalAid: null };
  if (from.slice(5) !== "01-01" || from.slice(0, 4) !== to.slice(0, 4)) return none;
  const rows = await listTargets({ actor, unitIds: [unitId], year: Number(from.slice(0, 4)) });
  const of = (k: string) => rows.find((r) => r.indicator === k)?.value ?? null;
  return { consultation: of("consultation.personTimes"), mediation: of("mediation.concluded"), legalAid: of("legalAid.granted") };
}

/** Adds the targets to the figures handed to reportSentences (app/models/report-sentences.ts). */
export function withSentenceTargets<F extends { consultation: object; mediation: object; legalAid?: object | null }>(t: SentenceTargets, f: F): F {
  return {
    ...f,
    consultation: { ...f.consultation, target: t.consultation },
    mediation: { ...f.mediation, target: t.mediation },
    ...(f.legalAid ? { legalAid: { ...f.legalAid, target: t.legalAid } } : {}),
  };
}

/**
 * The years a year picker offers (targets, monitoring, report periods): from the first year with records (the actor's
 * unit's counters hold its whole subtree: the first row of an index range) or with a target in the actor's subtree,
 * up to next year; at least this year and last. Newest first.
 */
export async function offeredYears({ actor, today = todayInChina(), upTo = "next", db = getDb() }: { actor: Actor; today?: string; upTo?: "next" | "this"; db?: Executor }): Promise<number[]> {
  const thisYear = Number(today.slice(0, 4));
  const rec = (await db.get<{ m: number | null }>(sql`SELECT min(month) AS m FROM stat_counters WHERE unit_id = ${actor.unitId}`))?.m ?? null;
  const { lo, hi } = subtreeRange(actor.unitPath);
  const tgt = (await db.get<{ y: number | null }>(sql`SELECT min(t.year) AS y FROM targets t JOIN units u ON u.id = t.unit_id WHERE u.path >= ${lo} AND u.path < ${hi}`))?.y ?? null;
  const first = Math.max(2000, Math.min(thisYear - 1, rec ? Math.floor(rec / 100) : thisYear, tgt ?? thisYear));
  const last = upTo === "next" ? thisYear + 1 : thisYear;
  const out: number[] = [];
  for (let y = last; y >= first; y--) out.push(y);
  return out;
}

/**
 * Where a unit's own annual targets and its children's do not agree, per count indicator with a target at the unit:
 * the children's sum against the parent's target (below / above) and the children (active in the year) without a
 * target. The parent's completion rate is measured against its own target; this says when that target is not the
 * sum of the parts. Empty when every indicator adds up, or when the unit has no children or no targets.
 */
export async function targetConsistency({ actor, unitId, year }: { actor: Actor; unitId: number; year: number }) {
  if (!can(actor, "read:targets")) return [];
  const unit = await getUnit({ actor, id: unitId });
  if (!unit) return [];
  const children = (await listChildUnits({ actor, unitId })).filter((c) => c.activeFrom <= `${year}-12-31` && (!c.activeTo || c.activeTo >= `${year}-01-01`));
  if (!children.length) return [];
  const rows = await listTargets({ actor, unitIds: [unitId, ...children.map((c) => c.id)], year });
  const out: Array<{ key: string; label: { zh: string; en: string }; measure: TargetMeasure; target: number; childrenSum: number; status: "below" | "above" | "equal"; missing: Array<{ id: number; name: string }> }> = [];
  for (const def of TARGET_INDICATORS) {
    if (def.measure === "rate") continue;
    const own = rows.find((r) => r.unitId === unitId && r.indicator === def.key);
    if (!own) continue;
    const of = (id: number) => rows.find((r) => r.unitId === id && r.indicator === def.key)?.value ?? null;
    const missing = children.filter((c) => of(c.id) === null).map((c) => ({ id: c.id, name: c.name }));
    const childrenSum = children.reduce((a, c) => a + (of(c.id) ?? 0), 0);
    const status = childrenSum === own.value ? ("equal" as const) : childrenSum < own.value ? ("below" as const) : ("above" as const);
    if (status === "equal" && !missing.length) continue;
    out.push({ key: def.key, label: def.label, measure: def.measure as TargetMeasure, target: own.value, childrenSum, status, missing });
  }
  return out;
}
