/**
 * Free legal consultations (免费法律咨询). Every function takes the acting user: writes stay in the actor's
 * subtree, reads never leave it. Counters and the audit log are written in the same transaction as the record.
 */
import { joinSkippingIndexOn } from "~/utils/sql-dialect.server";
import { and, asc, desc, eq, gte, isNotNull, isNull, lte, sql, type SQL } from "drizzle-orm";
import { consultationCategories, consultations, units, users } from "../../db/schema";
import { getDb, type Executor } from "~/utils/db.server";
import { audit } from "~/utils/audit.server";
import { can, inJurisdiction, type Actor } from "~/utils/permissions";
import type { ConsultationFilters, ConsultationValues } from "~/schemas/consultation";
import { applyRecordChange, pathInSubtree, rollup, rollupKeys } from "./counters.server";
import { consultationContributions, consultationFigures, get, INDICATORS } from "./counting-rules";
import { boundedCount, seekCondition, seekPage, walksDateIndex, type PageKeys, type SeekPosition } from "./list-paging.server";
import { isCapped } from "~/utils/bounded-count";
import { fail, getUnit, type Result } from "./units.server";

export const PAGE_SIZE = 50;

type Row = typeof consultations.$inferSelect;

function contributionsOf(r: Pick<Row, "unitId" | "date" | "channel" | "topic" | "persons" | "categories" | "nextStep" | "voidedAt">) {
  return { unitId: r.unitId, contributions: consultationContributions(r) };
}

function snapshot(r: Row) {
  const { createdAt: _c, updatedAt: _u, ...rest } = r;
  return rest;
}

/** The unit a record may be written at: in the actor's subtree and active on the record's date. */
async function checkWritableUnit(actor: Actor, unitId: number, date: string, db: Executor): Promise<Result<{ path: string }>> {
  const unit = await getUnit({ actor, id: unitId, db });
  if (!unit) return fail(400, { unitId: "err.unitOutside" });
  if (unit.activeTo && unit.activeTo < date) return fail(400, { unitId: "err.unitInactive" });
  if (unit.activeFrom > date) return fail(400, { date: "err.beforeUnitActive" });
  return { ok: true, value: { path: unit.path } };
}

async function writeCategories(tx: Executor, id: number, categories: string[]) {
  await tx.delete(consultationCategories).where(eq(consultationCategories.consultationId, id)).run();
  if (categories.length)
    await tx.insert(consultationCategories)
      .values(categories.map((category) => ({ consultationId: id, category })))
      .run();
}

const normaliseCategories = (c: string[]) => [...new Set(c)].sort();

export async function createConsultation({
  actor,
  data,
  ip,
}: {
  actor: Actor;
  data: ConsultationValues;
  ip?: string | null;
}): Promise<Result<{ id: number }>> {
  if (!can(actor, "write:consultation")) return fail(403, {}, "err.forbidden");
  const db = getDb();
  const unitCheck = await checkWritableUnit(actor, data.unitId, data.date, db);
  if (!unitCheck.ok) return unitCheck;
  const categories = normaliseCategories(data.categories);
  return await db.transaction(async (tx) => {
    const row = await tx
      .insert(consultations)
      .values({
        unitId: data.unitId,
        date: data.date,
        channel: data.channel,
        topic: data.topic,
        persons: data.persons,
        categories: categories.join(","),
        answeredBy: data.answeredBy,
        summary: data.summary,
        nextStep: data.nextStep,
        createdById: actor.id,
      })
      .returning()
      .get();
    await writeCategories(tx, row.id, categories);
    await applyRecordChange(tx, { before: null, after: contributionsOf(row) });
    await audit(tx, { userId: actor.id, action: "create", entity: "consultation", entityId: row.id, unitId: row.unitId, after: snapshot(row), ip });
    return { ok: true as const, value: { id: row.id } };
  });
}

/** The record as the actor may see it, or null when it does not exist or lies outside the actor's subtree. */
export async function getConsultation({ actor, id }: { actor: Actor; id: number }) {
  if (!can(actor, "read:consultation")) return null;
  const db = getDb();
  const row = await db
    .select({ c: consultations, unitName: units.name, unitPath: units.path, createdByName: users.displayName })
    .from(consultations)
    .innerJoin(units, eq(units.id, consultations.unitId))
    .innerJoin(users, eq(users.id, consultations.createdById))
    .where(eq(consultations.id, id))
    .get();
  if (!row || !inJurisdiction(actor, row.unitPath)) return null;
  return {
    ...row.c,
    summary: can(actor, "read:summary-text") ? row.c.summary : "",
    unitName: row.unitName,
    createdByName: row.createdByName,
    canEdit: can(actor, "write:consultation") && !row.c.voidedAt,
    canVoid: can(actor, "void:consultation") && !row.c.voidedAt,
    /** a referral opens the follow-on record's form, linked back to this consultation */
    canRefer: { mediation: can(actor, "write:mediation") && !row.c.voidedAt, legalAid: can(actor, "write:legal-aid") && !row.c.voidedAt },
  };
}

async function loadForWrite(actor: Actor, id: number, version: number, db: Executor): Promise<Result<Row>> {
  const row = await db
    .select({ c: consultations, path: units.path })
    .from(consultations)
    .innerJoin(units, eq(units.id, consultations.unitId))
    .where(eq(consultations.id, id))
    .get();
  if (!row || !inJurisdiction(actor, row.path)) return fail(404, {}, "err.notFound");
  if (row.c.voidedAt) return fail(409, {}, "err.alreadyVoided");
  if (row.c.version !== version) return fail(409, {}, "err.stale");
  return { ok: true, value: row.c };
}

/** Corrects a record. `version` is the one the editor started from: a later change answers 409. */
export async function updateConsultation({
  actor,
  id,
  version,
  data,
  ip,
  viaImport = false,
}: {
  actor: Actor;
  id: number;
  version: number;
  data: ConsultationValues;
  ip?: string | null;
  /** a correction by the bulk import, which those with import:records may make as they may import consultations */
  viaImport?: boolean;
}): Promise<Result> {
  if (!can(actor, "write:consultation") && !(viaImport && can(actor, "import:records"))) return fail(403, {}, "err.forbidden");
  const db = getDb();
  return await db.transaction(async (tx) => {
    const current = await loadForWrite(actor, id, version, tx);
    if (!current.ok) return current;
    const unitCheck = await checkWritableUnit(actor, data.unitId, data.date, tx);
    if (!unitCheck.ok) return unitCheck;
    const categories = normaliseCategories(data.categories);
    const updated = await tx
      .update(consultations)
      .set({
        unitId: data.unitId,
        date: data.date,
        channel: data.channel,
        topic: data.topic,
        persons: data.persons,
        categories: categories.join(","),
        answeredBy: data.answeredBy,
        summary: data.summary,
        nextStep: data.nextStep,
        updatedById: actor.id,
        updatedAt: new Date().toISOString(),
        version: current.value.version + 1,
      })
      .where(and(eq(consultations.id, id), eq(consultations.version, version)))
      .returning()
      .get();
    if (!updated) return fail(409, {}, "err.stale");
    await writeCategories(tx, id, categories);
    await applyRecordChange(tx, { before: contributionsOf(current.value), after: contributionsOf(updated) });
    await audit(tx, {
      userId: actor.id,
      action: "update",
      entity: "consultation",
      entityId: id,
      unitId: updated.unitId,
      before: snapshot(current.value),
      after: snapshot(updated),
      ip,
    });
    return { ok: true as const, value: null };
  });
}

/** Voids a wrong record: kept, excluded from every count, the reason in the audit log. */
export async function voidConsultation({
  actor,
  id,
  version,
  reason,
  ip,
}: {
  actor: Actor;
  id: number;
  version: number;
  reason: string;
  ip?: string | null;
}): Promise<Result> {
  if (!can(actor, "void:consultation")) return fail(403, {}, "err.forbidden");
  const db = getDb();
  return await db.transaction(async (tx) => {
    const current = await loadForWrite(actor, id, version, tx);
    if (!current.ok) return current;
    const voided = await tx
      .update(consultations)
      .set({
        voidedAt: new Date().toISOString(),
        voidedById: actor.id,
        voidReason: reason,
        updatedById: actor.id,
        updatedAt: new Date().toISOString(),
        version: version + 1,
      })
      .where(and(eq(consultations.id, id), eq(consultations.version, version)))
      .returning()
      .get();
    if (!voided) return fail(409, {}, "err.stale");
    await applyRecordChange(tx, { before: contributionsOf(current.value), after: null });
    await audit(tx, {
      userId: actor.id,
      action: "void",
      entity: "consultation",
      entityId: id,
      unitId: voided.unitId,
      before: snapshot(current.value),
      after: { voidedAt: voided.voidedAt, voidReason: reason },
      ip,
    });
    return { ok: true as const, value: null };
  });
}

/** The filters of a list or drill-down as SQL, always inside the actor's subtree. Null when the unit is out of reach. */
async function filterConditions(actor: Actor, f: ConsultationFilters, db: Executor): Promise<SQL[] | null> {
  let path = actor.unitPath;
  if (f.unit) {
    const unit = await getUnit({ actor, id: f.unit, db });
    if (!unit) return null;
    path = unit.path;
  }
  const conds: SQL[] = [pathInSubtree(units.path, path)];
  if (f.from) conds.push(gte(consultations.date, f.from));
  if (f.to) conds.push(lte(consultations.date, f.to));
  if (f.channel) conds.push(eq(consultations.channel, f.channel));
  if (f.topic) conds.push(eq(consultations.topic, f.topic));
  if (f.nextStep) conds.push(eq(consultations.nextStep, f.nextStep));
  if (f.answeredBy) conds.push(eq(consultations.answeredBy, f.answeredBy));
  if (f.category)
    conds.push(
      sql`EXISTS (SELECT 1 FROM ${consultationCategories} cc WHERE cc.consultation_id = ${consultations.id} AND cc.category = ${f.category})`,
    );
  if (f.voided === "only") conds.push(isNotNull(consultations.voidedAt));
  else if (f.voided !== "include") conds.push(isNull(consultations.voidedAt));
  return conds;
}

function consultationRowsQuery(db: Executor, walkDateIndex = false) {
  return db
      .select({
        id: consultations.id,
        date: consultations.date,
        unitId: consultations.unitId,
        unitName: units.name,
        channel: consultations.channel,
        topic: consultations.topic,
        persons: consultations.persons,
        categories: consultations.categories,
        answeredBy: consultations.answeredBy,
        summary: consultations.summary,
        nextStep: consultations.nextStep,
        voidedAt: consultations.voidedAt,
      })
      .from(consultations)
      // `+unit_id`: the date index leads, each row's unit checked (walksDateIndex)
      .innerJoin(units, walkDateIndex ? joinSkippingIndexOn(units.id, consultations.unitId) : eq(units.id, consultations.unitId));
}
type ConsultationRow = Awaited<ReturnType<ReturnType<typeof consultationRowsQuery>["all"]>>[number];

/**
 * A page of consultations with the count and person-times of the whole filtered set (voided records are left out
 * unless asked for, and never add to the person-times).
 *
 * At province scale (issue 12): when the filters are ones the counters hold (unit subtree and period only) the
 * totals come from the counters; otherwise the count is taken with a bound (COUNT_CAP; person-times then only
 * below it). Pages go by key (`after` / `before`, seek on (date, id)); `page` (offset) still works for old links.
 */
export async function listConsultations({ actor, filters, pageSize = PAGE_SIZE }: { actor: Actor; filters: ConsultationFilters; pageSize?: number }) {
  const empty = { rows: [] as ConsultationRow[], total: 0, totalCapped: false, personTimes: 0 as number | null, page: 1, pages: 1, keys: null as PageKeys | null, pageKeyError: null as string | null };
  if (!can(actor, "read:consultation")) return empty;
  const db = getDb();
  const conds = await filterConditions(actor, filters, db);
  if (!conds) return empty;
  const where = and(...conds);
  const agg = await consultationTotals(actor, filters, db, where);
  const showSummary = can(actor, "read:summary-text");
  const path = filters.unit ? (await getUnit({ actor, id: filters.unit, db }))!.path : actor.unitPath;
  const walk = await walksDateIndex(db, path, INDICATORS.consultationRecords);
  const select = () => consultationRowsQuery(db, walk);
  const shown = <R extends { summary: string }>(rows: R[]) => rows.map((r) => ({ ...r, summary: showSummary ? r.summary : "" }));
  if (filters.page && !filters.after && !filters.before) {
    const pages = Math.max(1, Math.ceil(agg.total / pageSize));
    const page = Math.min(filters.page, pages);
    const rows = await select().where(where).orderBy(desc(consultations.date), desc(consultations.id)).limit(pageSize).offset((page - 1) * pageSize).all();
    return { rows: shown(rows), ...agg, page, pages, keys: null, pageKeyError: null };
  }
  const fetchRows = async (limit: number, seek: { dir: "after" | "before"; at: SeekPosition } | null) =>
    await select()
      .where(seek ? and(where, seekCondition(consultations.date, consultations.id, seek.dir, seek.at)) : where)
      .orderBy(...(seek?.dir === "before" ? [asc(consultations.date), asc(consultations.id)] : [desc(consultations.date), desc(consultations.id)]))
      .limit(limit)
      .all();
  const res = await seekPage("consultations", filters, pageSize, (r) => ({ date: r.date, id: r.id }), fetchRows);
  if (!res.ok) return { ...empty, ...agg, pageKeyError: res.message };
  return { rows: shown(res.rows), ...agg, page: 1, pages: 1, keys: res.keys, pageKeyError: null };
}

/** The totals above the list: from the counters when they hold the filters, else a bounded count. */
async function consultationTotals(actor: Actor, f: ConsultationFilters, db: Executor, where: SQL | undefined) {
  const countersHold = !f.channel && !f.topic && !f.category && !f.nextStep && !f.answeredBy && !f.voided;
  if (countersHold) {
    const unitId = f.unit ?? actor.unitId;
    // only the two keys (dimension ''), not every indicator and dimension of the period
    const t = await rollupKeys(db, { unitId, from: f.from || "0001-01-01", to: f.to || "9999-12-31", indicators: [INDICATORS.consultationRecords, INDICATORS.consultationPersonTimes] });
    return { total: t.get(INDICATORS.consultationRecords) ?? 0, totalCapped: false, personTimes: (t.get(INDICATORS.consultationPersonTimes) ?? 0) as number | null };
  }
  const total = await boundedCount(db, db.select({ one: sql`1` }).from(consultations).innerJoin(units, eq(units.id, consultations.unitId)).where(where));
  if (isCapped(total)) return { total, totalCapped: true, personTimes: null as number | null };
  const personTimes = (await db
    .select({ n: sql<number>`coalesce(sum(CASE WHEN ${consultations.voidedAt} IS NULL THEN ${consultations.persons} ELSE 0 END), 0)` })
    .from(consultations)
    .innerJoin(units, eq(units.id, consultations.unitId))
    .where(where)
    .get())!.n;
  return { total, totalCapped: false, personTimes: personTimes as number | null };
}

/**
 * Names for the "answered by" filter and the form's suggestions: the accounts of the actor's subtree (an indexed
 * read of a small table), not a DISTINCT over every record of a province.
 */
export async function listAnsweredByNames({ actor, limit = 200 }: { actor: Actor; limit?: number }): Promise<string[]> {
  return (await getDb()
    .selectDistinct({ name: users.displayName })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(and(pathInSubtree(units.path, actor.unitPath), eq(users.active, true)))
    .orderBy(asc(users.displayName))
    .limit(limit)
    .all())
    .map((r) => r.name);
}

/** Consultation figures of a unit in reach over a period, from the summary counters. */
export async function getConsultationFigures({ actor, unitId, from, to }: { actor: Actor; unitId: number; from: string; to: string }) {
  if (!can(actor, "read:stats") && !can(actor, "read:consultation")) return null;
  const unit = await getUnit({ actor, id: unitId });
  if (!unit) return null;
  return consultationFigures(await rollup(getDb(), { unitId, from, to }));
}

/** The most recent records the actor logged (for the home page). */
export async function listMyRecentConsultations({ actor, limit = 5 }: { actor: Actor; limit?: number }) {
  return await getDb()
    .select({
      id: consultations.id,
      date: consultations.date,
      unitName: units.name,
      channel: consultations.channel,
      topic: consultations.topic,
      persons: consultations.persons,
    })
    .from(consultations)
    .innerJoin(units, eq(units.id, consultations.unitId))
    .where(and(eq(consultations.createdById, actor.id), isNull(consultations.voidedAt), pathInSubtree(units.path, actor.unitPath)))
    .orderBy(desc(consultations.id))
    .limit(limit)
    .all();
}

/** Person-times and records per direct child unit over a period (counters), largest first. */
export async function getChildBreakdown({ actor, unitId, from, to }: { actor: Actor; unitId: number; from: string; to: string }) {
  const parent = await getUnit({ actor, id: unitId });
  if (!parent) return [];
  const db = getDb();
  const children = await db
    .select({ id: units.id, name: units.name, level: units.level, type: units.type, activeTo: units.activeTo })
    .from(units)
    .where(eq(units.parentId, unitId))
    .orderBy(asc(units.sortOrder), asc(units.name))
    .all();
  const figures = [];
  for (const c of children) {
    const f = consultationFigures(await rollup(db, { unitId: c.id, from, to }));
    figures.push({ ...c, personTimes: f.personTimes, records: f.records });
  }
  return figures
    .sort((a, b) => b.personTimes - a.personTimes);
}

/**
 * The consultations of the list's filters for the 台账 export (ledger-export.server.ts), oldest first: the count of
 * the whole filtered set and, when it is at most `limit`, their ids. Null when the unit asked for is out of reach.
 */
export async function listConsultationIdsForLedger({ actor, filters, limit }: { actor: Actor; filters: ConsultationFilters; limit: number }) {
  if (!can(actor, "read:consultation")) return null;
  const db = getDb();
  const conds = await filterConditions(actor, filters, db);
  if (!conds) return null;
  const where = and(...conds);
  const total = (await db.select({ n: sql<number>`count(*)` }).from(consultations).innerJoin(units, eq(units.id, consultations.unitId)).where(where).get())!.n;
  if (total > limit) return { total, ids: [] as number[] };
  const ids = (await db
    .select({ id: consultations.id })
    .from(consultations)
    .innerJoin(units, eq(units.id, consultations.unitId))
    .where(where)
    .orderBy(asc(consultations.date), asc(consultations.id))
    .all())
    .map((r) => r.id);
  return { total, ids };
}
