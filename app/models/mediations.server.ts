/**
 * Mediation disputes (人民调解), from registration to follow-up. Every function takes the acting user: writes stay
 * in the actor's subtree, reads never leave it. Counters, audit and the record change in one transaction.
 *
 * Lifecycle: registered → in_mediation (first session) → success | failed | withdrawn. A dispute is counted once,
 * at its current unit (after a transfer, the unit that has it; after the conclusion, the one that concluded it).
 */
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lte, ne, or, sql, type SQL } from "drizzle-orm";
import {
  caseSequences,
  disputeTypes,
  mediationFollowups,
  mediationMediators,
  mediationParties,
  mediationReviews,
  mediations,
  mediationSessions,
  mediationTransfers,
  mediators,
  units,
  users,
  type Mediation,
} from "../../db/schema";
import { getDb, type Executor } from "~/utils/db.server";
import { crossJoin, flagIs, indexedBy, joinSkippingIndexOn } from "~/utils/sql-dialect.server";
import { audit } from "~/utils/audit.server";
import { can, inJurisdiction, type Actor } from "~/utils/permissions";
import { addDays, todayInChina } from "~/utils/dates";
import { ageOn } from "~/utils/resident-id";
import { maskAddress, maskIdNumber, maskName, maskPeopleInView, maskPhone } from "~/utils/mask";
import { MEDIATION_LIMITS, MEDIATION_TYPES, OPEN_MEDIATION_STATUSES } from "~/schemas/enums";
import type { MediationConcludeValues, MediationFilters, MediationFollowupValues, MediationRegisterValues, PartyValues } from "~/schemas/mediation";
import { applyRecordChange, DAY_COUNTER_DEPTH, rollup, rollupIndicator, rollupKeys } from "./counters.server";
import { get, MEDIATION_INDICATORS, mediationContributions, mediationFigures, totalsKey, type Totals } from "./counting-rules";
import { ancestorIdsOfPath, pathInSubtree, subtreeRange } from "./unit-paths";
import { COUNT_CAP } from "~/utils/bounded-count";
import { boundedCount, seekCondition, seekPage, walksDateIndex, type PageKeys, type SeekPosition } from "./list-paging.server";
import { isCapped } from "~/utils/bounded-count";
import { writeVersioned } from "./record-writes.server";
import { countyOf, fail, getUnit, type Result } from "./units.server";
import { committeeShortName, formatMediationCaseNo, nextCaseSeq } from "./case-numbers.server";
import { runStep } from "./lifecycle/executor.server";
import { MEDIATION_KIND, MEDIATION_STEPS } from "./lifecycle/mediation-steps.server";

export const PAGE_SIZE = 50;

// ---- helpers -----------------------------------------------------------------------------------------------

export { ageOn } from "~/utils/resident-id";

/** Unit types a dispute can be handed across to (besides its administrative ancestors). */
const MEDIATION_BODY_TYPES = ["mediation_committee", "industry_committee", "stationed_room", "personal_room"];

/** A transfer goes up the tree (an ancestor) or across to a mediation body, inside the county. */
export function transferTargetAllowed(fromPath: string, countyPath: string, target: { path: string; type: string; level: string }) {
  if (!target.path.startsWith(countyPath) || target.path === fromPath) return false;
  if (fromPath.startsWith(target.path)) return target.type === "admin" || MEDIATION_BODY_TYPES.includes(target.type);
  return MEDIATION_BODY_TYPES.includes(target.type) || (target.type === "admin" && target.level === "township");
}

async function followupsOf(db: Executor, mediationId: number) {
  return await db
    .select({ visitedOn: mediationFollowups.visitedOn, satisfaction: mediationFollowups.satisfaction })
    .from(mediationFollowups)
    .where(eq(mediationFollowups.mediationId, mediationId))
    .all();
}

export async function contributionsOf(db: Executor, m: Mediation) {
  return { unitId: m.unitId, contributions: mediationContributions({ ...m, followups: await followupsOf(db, m.id), reviewGrade: await latestReviewGrade(db, m.id) }) };
}

/** The latest 案卷评查 grade of a file (the one that counts), or null. */
async function latestReviewGrade(db: Executor, mediationId: number): Promise<string | null> {
  return (await db.select({ grade: mediationReviews.grade }).from(mediationReviews).where(eq(mediationReviews.mediationId, mediationId)).orderBy(desc(mediationReviews.id)).limit(1).get())?.grade ?? null;
}

function snapshot(m: Mediation) {
  const { createdAt: _c, updatedAt: _u, ...rest } = m;
  return rest;
}

export { countyOf };

export { committeeShortName, formatMediationCaseNo, nextCaseSeq } from "./case-numbers.server";

/** Built-in types plus those added in the actor's county (codes `x<id>`). */
export async function listDisputeTypes({ actor, includeInactive = false }: { actor: Actor; includeInactive?: boolean }) {
  const db = getDb();
  const ancestorIds = actor.unitPath.split("/").filter(Boolean).map(Number);
  // types added by the actor's ancestors, or anywhere in the actor's subtree: read from the (small) types table,
  // each type's unit looked up (CROSS JOIN keeps that order; the planner otherwise walked a province's 30,000 units)
  const { lo, hi } = subtreeRange(actor.unitPath);
  const custom = (await db
    .all<{ id: number; name: string; active: number }>(
      sql`SELECT t.id, t.name, t.active FROM dispute_types t ${crossJoin("units u", sql`u.id = t.unit_id`, true)}
        WHERE t.unit_id IN (${sql.join(ancestorIds.map((id) => sql`${id}`), sql`, `)}) OR (u.path >= ${lo} AND u.path < ${hi})
        ORDER BY t.name`,
    ))
    .filter((t) => includeInactive || !!t.active);
  return [
    ...MEDIATION_TYPES.values.map((code) => ({ code, zh: MEDIATION_TYPES.labels[code].zh, en: MEDIATION_TYPES.labels[code].en, builtIn: true })),
    ...custom.map((t) => ({ code: `x${t.id}`, zh: t.name, en: t.name, builtIn: false })),
  ];
}

/** Label of any type code: built-in from the enumeration, county-added from the table. */
export async function disputeTypeLabels(db: Executor = getDb()): Promise<Map<string, string>> {
  const map = new Map<string, string>(MEDIATION_TYPES.values.map((c) => [c, MEDIATION_TYPES.labels[c].zh]));
  for (const t of await db.select({ id: disputeTypes.id, name: disputeTypes.name }).from(disputeTypes).all()) map.set(`x${t.id}`, t.name);
  return map;
}

async function typeAllowed(actor: Actor, code: string) {
  return (await listDisputeTypes({ actor })).some((t) => t.code === code);
}

/** A county administrator adds a dispute type for the county. */
export async function addDisputeType({ actor, name, ip }: { actor: Actor; name: string; ip?: string | null }): Promise<Result<{ code: string }>> {
  if (!can(actor, "manage:dictionary")) return fail(403, {}, "err.forbidden");
  const db = getDb();
  if ((await listDisputeTypes({ actor, includeInactive: true })).some((t) => t.zh === name)) return fail(400, { name: "err.typeExists" });
  return await db.transaction(async (tx) => {
    const row = await tx.insert(disputeTypes).values({ unitId: actor.unitId, name }).returning().get();
    await audit(tx, { userId: actor.id, action: "create", entity: "dispute_type", entityId: row.id, unitId: actor.unitId, after: row, ip });
    return { ok: true as const, value: { code: `x${row.id}` } };
  });
}

/** Mediators on the roster of a unit and of the units above it, active on `day`. */
export async function listRoster({ actor, unitId, day = todayInChina() }: { actor: Actor; unitId: number; day?: string }) {
  const unit = await getUnit({ actor, id: unitId });
  if (!unit) return [];
  const ids = unit.path.split("/").filter(Boolean).map(Number);
  return await getDb()
    .select({ id: mediators.id, name: mediators.name, fullTime: mediators.fullTime, unitId: mediators.unitId, unitName: units.name, userId: mediators.userId })
    .from(mediators)
    .innerJoin(units, eq(units.id, mediators.unitId))
    .where(and(inArray(mediators.unitId, ids), sql`${mediators.startOn} <= ${day}`, or(isNull(mediators.endOn), gte(mediators.endOn, day))))
    .orderBy(desc(units.depth), asc(mediators.name))
    .all();
}

/** The source and dispute type of the last dispute this user registered (offered first on the next registration). */
export async function lastRegistrationChoices({ actor }: { actor: Actor }): Promise<{ source: string; disputeType: string } | null> {
  const row = await getDb()
    .select({ source: mediations.source, disputeType: mediations.disputeType })
    .from(mediations)
    .where(eq(mediations.createdById, actor.id))
    .orderBy(desc(mediations.id))
    .limit(1)
    .get();
  return row ?? null;
}

async function checkWritableUnit(actor: Actor, unitId: number, day: string, db: Executor, field = "unitId"): Promise<Result<{ path: string; name: string; shortName: string | null }>> {
  const unit = await getUnit({ actor, id: unitId, db });
  if (!unit) return fail(400, { [field]: "err.unitOutside" });
  const inactive = unitActiveOn(unit, day, field);
  if (inactive) return fail(400, inactive);
  return { ok: true, value: { path: unit.path, name: unit.name, shortName: unit.shortName } };
}

/** A unit registers a dispute only on a day it exists: the field error, or null. */
export function unitActiveOn(unit: { activeFrom: string; activeTo: string | null }, day: string, field = "unitId"): Record<string, string> | null {
  if (unit.activeTo && unit.activeTo < day) return { [field]: "err.unitInactive" };
  if (unit.activeFrom > day) return { registeredOn: "err.beforeUnitActive" };
  return null;
}

/** Mediators must be on the roster of the unit or a unit above it — or already on the case (kept after a transfer). */
async function checkMediators(db: Executor, unitPath: string, ids: number[], mediationId?: number): Promise<boolean> {
  if (!ids.length) return false;
  const ancestorIds = unitPath.split("/").filter(Boolean).map(Number);
  const onRoster = await db.select({ id: mediators.id }).from(mediators).where(and(inArray(mediators.id, ids), inArray(mediators.unitId, ancestorIds))).all();
  const onCase = mediationId
    ? await db.select({ id: mediationMediators.mediatorId }).from(mediationMediators).where(and(eq(mediationMediators.mediationId, mediationId), inArray(mediationMediators.mediatorId, ids))).all()
    : [];
  return new Set([...onRoster, ...onCase].map((m) => m.id)).size === new Set(ids).size;
}

export function partyRows(mediationId: number, parties: PartyValues[]) {
  return parties.map((p, i) => ({
    mediationId,
    side: p.side,
    kind: p.kind,
    name: p.name,
    gender: p.gender ?? null,
    ethnicity: p.ethnicity || null,
    birthDate: p.birthDate ?? (p.idNumber ? `${p.idNumber.slice(6, 10)}-${p.idNumber.slice(10, 12)}-${p.idNumber.slice(12, 14)}` : null),
    age: p.age ?? null,
    occupation: p.occupation || null,
    phone: p.phone || null,
    address: p.address || null,
    idNumber: p.idNumber || null,
    sortOrder: i,
  }));
}

/** Loads a dispute for a write: in jurisdiction (else 404), not voided, at the version the editor saw (else 409). */
export async function loadForWrite(actor: Actor, id: number, version: number | null, db: Executor): Promise<Result<Mediation & { path: string }>> {
  const row = await db.select({ m: mediations, path: units.path }).from(mediations).innerJoin(units, eq(units.id, mediations.unitId)).where(eq(mediations.id, id)).get();
  if (!row || !inJurisdiction(actor, row.path)) return fail(404, {}, "err.notFound");
  if (row.m.voidedAt) return fail(409, {}, "err.alreadyVoided");
  if (version !== null && row.m.version !== version) return fail(409, {}, "err.stale");
  return { ok: true, value: { ...row.m, path: row.path } };
}

const KIND = { table: mediations, entity: "mediation", contributionsOf };

/** Applies an update with its counters and audit (see writeVersioned); null when the version moved meanwhile. */
async function writeMediation(
  tx: Executor,
  actor: Actor,
  current: Mediation,
  set: Partial<typeof mediations.$inferInsert>,
  action: string,
  ip: string | null | undefined,
  extraAudit?: Record<string, unknown>,
) {
  return await writeVersioned<Mediation>(tx, KIND, { actor, current, set, action, ip, extraAudit });
}

// ---- registration --------------------------------------------------------------------------------------------

export type LikelyDuplicate = { id: number; caseNo: string; unitName: string; registeredOn: string; disputeType: string; matchedName: string; inReach: boolean };

/**
 * Open disputes anywhere in the registering unit's county with the same party: the same ID number, or the same
 * name and phone. Shown at registration so the user can decide; only case number, unit and date are revealed.
 */
export async function findLikelyDuplicates({ actor, unitId, parties, excludeId }: { actor: Actor; unitId: number; parties: PartyValues[]; excludeId?: number }): Promise<LikelyDuplicate[]> {
  const db = getDb();
  const unit = await getUnit({ actor, id: unitId });
  if (!unit) return [];
  const county = await countyOf(db, unit.path);
  const ids = parties.map((p) => p.idNumber).filter(Boolean) as string[];
  const namePhones = parties.filter((p) => p.phone).map((p) => and(eq(mediationParties.name, p.name), eq(mediationParties.phone, p.phone!))!);
  if (!ids.length && !namePhones.length) return [];
  const rows = await db
    .select({
      id: mediations.id,
      caseNo: mediations.caseNo,
      unitName: units.name,
      unitPath: units.path,
      registeredOn: mediations.registeredOn,
      disputeType: mediations.disputeType,
      matchedName: mediationParties.name,
    })
    .from(mediationParties)
    .innerJoin(mediations, eq(mediations.id, mediationParties.mediationId))
    .innerJoin(units, eq(units.id, mediations.unitId))
    .where(
      and(
        or(...(ids.length ? [inArray(mediationParties.idNumber, ids)] : []), ...namePhones),
        inArray(mediations.status, OPEN_MEDIATION_STATUSES),
        isNull(mediations.voidedAt),
        pathInSubtree(units.path, county.path),
        excludeId ? ne(mediations.id, excludeId) : undefined,
      ),
    )
    .limit(20)
    .all();
  const seen = new Set<number>();
  return rows
    .filter((r) => !seen.has(r.id) && seen.add(r.id))
    .map(({ unitPath, ...r }) => ({ ...r, inReach: inJurisdiction(actor, unitPath) }));
}

export async function registerMediation({
  actor,
  data,
  ip,
  referredFromConsultationId,
}: {
  actor: Actor;
  data: MediationRegisterValues;
  ip?: string | null;
  referredFromConsultationId?: number | null;
}): Promise<Result<{ id: number; caseNo: string }>> {
  if (!can(actor, "write:mediation")) return fail(403, {}, "err.forbidden");
  const db = getDb();
  const unitCheck = await checkWritableUnit(actor, data.unitId, data.registeredOn, db);
  if (!unitCheck.ok) return unitCheck;
  if (!await typeAllowed(actor, data.disputeType)) return fail(400, { disputeType: "err.invalidChoice" });
  if (!await checkMediators(db, unitCheck.value.path, data.mediatorIds)) return fail(400, { mediatorIds: "err.mediatorOutside" });
  const year = Number(data.registeredOn.slice(0, 4));
  return await db.transaction(async (tx) => {
    const seq = await nextCaseSeq(tx, data.unitId, year, "mediation");
    const row = await tx.insert(mediations).values(registrationValues(actor, data, unitCheck.value, seq, referredFromConsultationId)).returning().get();
    await tx.insert(mediationParties).values(partyRows(row.id, data.parties)).run();
    await tx.insert(mediationMediators)
      .values([...new Set(data.mediatorIds)].map((mediatorId) => ({ mediationId: row.id, mediatorId })))
      .run();
    await applyRecordChange(tx, { before: null, after: await contributionsOf(tx, row) });
    await audit(tx, { userId: actor.id, action: "create", entity: "mediation", entityId: row.id, unitId: row.unitId, after: registrationAudit(row, data), ip });
    return { ok: true as const, value: { id: row.id, caseNo: row.caseNo } };
  });
}

/** A registration's row (numbered with the unit's next of the year), as registerMediation and the history import write it. */
/** The registration's own details, as a registration writes them and a correction rewrites them. */
function registrationDetails(data: MediationRegisterValues) {
  return {
    registeredOn: data.registeredOn,
    source: data.source,
    disputeType: data.disputeType,
    summary: data.summary,
    personsInvolved: data.personsInvolved,
    amountFen: data.amount,
    isMass: data.isMass,
    preventedCriminal: data.preventedCriminal,
    preventedPetition: data.preventedPetition,
  };
}

export function registrationValues(
  actor: Actor,
  data: MediationRegisterValues,
  unit: { name: string; shortName: string | null },
  seq: number,
  referredFromConsultationId?: number | null,
) {
  const year = Number(data.registeredOn.slice(0, 4));
  return {
    unitId: data.unitId,
    registeredUnitId: data.unitId,
    caseNo: formatMediationCaseNo(committeeShortName(unit), year, seq),
    caseYear: year,
    caseSeq: seq,
    ...registrationDetails(data),
    referredFromConsultationId: referredFromConsultationId ?? null,
    createdById: actor.id,
  } satisfies typeof mediations.$inferInsert;
}

/** The audit's after-image of a registration: personal data stays out (who the parties are is in the record itself). */
export function registrationAudit(row: Mediation, data: Pick<MediationRegisterValues, "parties" | "mediatorIds">) {
  return { ...snapshot(row), parties: data.parties.map((p) => ({ side: p.side, kind: p.kind, name: p.name })), mediatorIds: data.mediatorIds };
}

/** Corrects the registration details (not the lifecycle). The unit cannot change here: use a transfer. */
export async function updateMediationRegistration({
  actor,
  id,
  version,
  data,
  ip,
}: {
  actor: Actor;
  id: number;
  version: number;
  data: MediationRegisterValues;
  ip?: string | null;
}): Promise<Result> {
  if (!can(actor, "write:mediation")) return fail(403, {}, "err.forbidden");
  const db = getDb();
  return await db.transaction(async (tx) => {
    const current = await loadForWrite(actor, id, version, tx);
    if (!current.ok) return current;
    if (data.unitId !== current.value.unitId) return fail(400, { unitId: "err.useTransfer" });
    if (current.value.concludedOn && data.registeredOn > current.value.concludedOn) return fail(400, { registeredOn: "err.registeredAfterConcluded" });
    if (!await typeAllowed(actor, data.disputeType)) return fail(400, { disputeType: "err.invalidChoice" });
    if (!await checkMediators(tx, current.value.path, data.mediatorIds, id)) return fail(400, { mediatorIds: "err.mediatorOutside" });
    const updated = await writeMediation(
      tx,
      actor,
      current.value,
      registrationDetails(data),
      "update",
      ip,
      { parties: data.parties.map((p) => ({ side: p.side, kind: p.kind, name: p.name })), mediatorIds: data.mediatorIds },
    );
    if (!updated) return fail(409, {}, "err.stale");
    await tx.delete(mediationParties).where(eq(mediationParties.mediationId, id)).run();
    await tx.insert(mediationParties).values(partyRows(id, data.parties)).run();
    await tx.delete(mediationMediators).where(eq(mediationMediators.mediationId, id)).run();
    await tx.insert(mediationMediators)
      .values([...new Set(data.mediatorIds)].map((mediatorId) => ({ mediationId: id, mediatorId })))
      .run();
    return { ok: true as const, value: null };
  });
}

// ---- the lifecycle -------------------------------------------------------------------------------------------

const isOpen = (m: Mediation) => OPEN_MEDIATION_STATUSES.includes(m.status as never);

// The steps are declared in ./lifecycle/mediation-steps.server.ts and run by ./lifecycle/executor.server.ts.

/** Records a mediation session; the first moves the dispute from registered to in mediation. */
export async function recordSession({
  actor,
  id,
  version,
  data,
  ip,
}: {
  actor: Actor;
  id: number;
  version: number;
  data: { heldOn: string; mediatorNames: string; notes: string };
  ip?: string | null;
}): Promise<Result> {
  return await runStep(MEDIATION_KIND, MEDIATION_STEPS.session, { actor, id, data: { ...data, version }, ip });
}

/** 结案: success (with the agreement), failure (reason and route) or withdrawal. Only an open dispute concludes. */
export async function concludeMediation({ actor, id, data, ip }: { actor: Actor; id: number; data: MediationConcludeValues; ip?: string | null }): Promise<Result> {
  return await runStep(MEDIATION_KIND, MEDIATION_STEPS.conclude, { actor, id, data, ip });
}

/** Performance of the agreement and 司法确认, which must be applied for within 30 days of the agreement. */
export async function updatePerformance({
  actor,
  id,
  data,
  ip,
}: {
  actor: Actor;
  id: number;
  data: { performance: string; judicialConfirmation: string; jcAppliedOn?: string; jcDecidedOn?: string; version: number };
  ip?: string | null;
}): Promise<Result> {
  return await runStep(MEDIATION_KIND, MEDIATION_STEPS.performance, { actor, id, data: data as never, ip });
}

/** 回访 after a settlement; the visit's finding updates the performance status. */
export async function addFollowup({ actor, id, data, ip }: { actor: Actor; id: number; data: MediationFollowupValues; ip?: string | null }): Promise<Result> {
  return await runStep(MEDIATION_KIND, MEDIATION_STEPS.followup, { actor, id, data, ip });
}

/**
 * Hands an open dispute to another committee in the same county: up the tree or across to a specialised body.
 * It stays one dispute (its number and history with it) and is counted at the unit that has it.
 */
export async function transferMediation({
  actor,
  id,
  data,
  ip,
}: {
  actor: Actor;
  id: number;
  data: { toUnitId: number; transferredOn: string; reason: string; version: number };
  ip?: string | null;
}): Promise<Result> {
  return await runStep(MEDIATION_KIND, MEDIATION_STEPS.transfer, { actor, id, data, ip });
}

export async function voidMediation({ actor, id, version, reason, ip }: { actor: Actor; id: number; version: number; reason: string; ip?: string | null }): Promise<Result> {
  return await runStep(MEDIATION_KIND, MEDIATION_STEPS.void, { actor, id, data: { version, reason }, ip });
}

// ---- reads ----------------------------------------------------------------------------------------------------

export type DeadlineState = { overdue: boolean; daysLeft: number | null };

/** Time limits of one dispute as of `today`. */
export function mediationDeadlines(
  m: Pick<Mediation, "status" | "registeredOn" | "concludedOn" | "performance" | "performanceDeadline" | "judicialConfirmation"> & { concludedByImport?: boolean | null },
  hasFollowup: boolean,
  today = todayInChina(),
) {
  const open = OPEN_MEDIATION_STATUSES.includes(m.status as never);
  const concludeBy = addDays(m.registeredOn, MEDIATION_LIMITS.concludeWithinDays);
  const settled = m.status === "success" && !!m.concludedOn;
  // a conclusion brought in by a history import is the past's: its follow-up and performance are nobody's work now
  const history = !!m.concludedByImport;
  const jcBy = settled ? addDays(m.concludedOn!, MEDIATION_LIMITS.judicialConfirmationWithinDays) : null;
  const followupBy = settled ? addDays(m.concludedOn!, MEDIATION_LIMITS.followupWithinDays) : null;
  const unperformed = settled && !["immediate", "performed"].includes(m.performance ?? "");
  return {
    concludeBy: open ? concludeBy : null,
    openOverdue: open && today > concludeBy,
    performanceOverdue: !history && unperformed && !!m.performanceDeadline && today > m.performanceDeadline,
    jcBy,
    jcWindowOpen: settled && m.judicialConfirmation === "none" && !!jcBy && today <= jcBy,
    followupBy,
    followupDue: !history && settled && !hasFollowup && !!followupBy,
    followupOverdue: !history && settled && !hasFollowup && !!followupBy && today > followupBy,
  };
}

/**
 * The work queues' conditions, literal and word for word those of the partial indexes in db/schema.ts
 * (mediations_open_work_idx, mediations_performance_work_idx): SQLite uses a partial index only when the query
 * repeats its conditions, and a bound parameter (drizzle's eq/inArray) does not count. With the list's
 * `voided_at IS NULL` they select exactly the index's rows, so a queue's count reads the open work, not every dispute.
 */
export const WORK_QUEUE_SQL = {
  open: sql.raw(`"mediations"."status" IN (${OPEN_MEDIATION_STATUSES.map((st) => `'${st}'`).join(", ")})`),
  // the flag in each engine's form of the index predicate (`= 0` on SQLite, `= false` on PostgreSQL): built per
  // query, as the engine is the process database's
  get unperformed() {
    return [
      sql.raw(`"mediations"."status" = 'success'`),
      flagIs(`"mediations"."concluded_by_import"`, false),
      sql.raw(`coalesce("mediations"."performance", '') NOT IN ('immediate', 'performed')`),
    ];
  },
  /** settled here (not by a history import): the disputes that may owe a follow-up (mediations_followup_work_idx) */
  get settled() {
    return [sql.raw(`"mediations"."status" = 'success'`), flagIs(`"mediations"."concluded_by_import"`, false)];
  },
};

/** The list's filters as SQL, always inside the actor's subtree; null when the unit asked for is out of reach. */
async function filterConditions(actor: Actor, f: MediationFilters, db: Executor, today: string): Promise<SQL[] | null> {
  let path = actor.unitPath;
  if (f.unit) {
    const unit = await getUnit({ actor, id: f.unit, db });
    if (!unit) return null;
    path = unit.path;
  }
  const conds: SQL[] = [pathInSubtree(units.path, path)];
  const dateCol = f.dateField === "concluded" ? mediations.concludedOn : mediations.registeredOn;
  if (f.from) conds.push(gte(dateCol, f.from));
  if (f.to) conds.push(lte(dateCol, f.to));
  if (f.status === "open") conds.push(WORK_QUEUE_SQL.open);
  else if (f.status === "concluded") conds.push(inArray(mediations.status, ["success", "failed", "withdrawn"]));
  else if (f.status) conds.push(eq(mediations.status, f.status));
  if (f.type) conds.push(eq(mediations.disputeType, f.type));
  if (f.source) conds.push(eq(mediations.source, f.source));
  if (f.flag === "mass") conds.push(eq(mediations.isMass, true));
  if (f.flag === "preventedCriminal") conds.push(eq(mediations.preventedCriminal, true));
  if (f.flag === "preventedPetition") conds.push(eq(mediations.preventedPetition, true));
  if (f.mediator)
    conds.push(sql`EXISTS (SELECT 1 FROM ${mediationMediators} mm WHERE mm.mediation_id = ${mediations.id} AND mm.mediator_id = ${f.mediator})`);
  if (f.overdue === "open") {
    conds.push(WORK_QUEUE_SQL.open);
    conds.push(sql`${mediations.registeredOn} < ${addDays(today, -MEDIATION_LIMITS.concludeWithinDays)}`);
  } else if (f.overdue === "performance") {
    conds.push(...WORK_QUEUE_SQL.unperformed);
    conds.push(sql`${mediations.performanceDeadline} < ${today}`);
  } else if (f.overdue === "followup") {
    conds.push(...WORK_QUEUE_SQL.settled);
    conds.push(sql`${mediations.concludedOn} < ${addDays(today, -MEDIATION_LIMITS.followupWithinDays)}`);
    conds.push(sql`NOT EXISTS (SELECT 1 FROM ${mediationFollowups} f WHERE f.mediation_id = ${mediations.id})`);
  }
  if (f.q) {
    const like = `%${f.q.replace(/[%_]/g, "")}%`;
    conds.push(
      or(
        sql`${mediations.caseNo} LIKE ${like}`,
        can(actor, "read:summary-text")
          ? sql`EXISTS (SELECT 1 FROM ${mediationParties} p WHERE p.mediation_id = ${mediations.id} AND p.name LIKE ${like})`
          : sql`FALSE`,
      )!,
    );
  }
  if (f.review === "reviewed" || f.review === "unreviewed")
    conds.push(sql`${sql.raw(f.review === "reviewed" ? "" : "NOT ")}EXISTS (SELECT 1 FROM mediation_reviews r WHERE r.mediation_id = "mediations"."id")`);
  else if (f.review) conds.push(sql`(SELECT r.grade FROM mediation_reviews r WHERE r.mediation_id = "mediations"."id" ORDER BY r.id DESC LIMIT 1) = ${f.review}`);
  if (f.voided === "only") conds.push(isNotNull(mediations.voidedAt));
  else if (f.voided !== "include") conds.push(isNull(mediations.voidedAt));
  return conds;
}

function mediationRowsQuery(db: Executor, walkDateIndex = false) {
  return db
    .select({
      id: mediations.id,
      caseNo: mediations.caseNo,
      unitName: units.name,
      registeredOn: mediations.registeredOn,
      concludedOn: mediations.concludedOn,
      status: mediations.status,
      source: mediations.source,
      disputeType: mediations.disputeType,
      personsInvolved: mediations.personsInvolved,
      performance: mediations.performance,
      performanceDeadline: mediations.performanceDeadline,
      judicialConfirmation: mediations.judicialConfirmation,
      agreementAmountFen: mediations.agreementAmountFen,
      voidedAt: mediations.voidedAt,
      isMass: mediations.isMass,
      concludedByImport: mediations.concludedByImport,
      // the qualified name, not ${mediations.id}: drizzle renders a column inside sql in a select as a bare "id"
      // when the query has one table, which inside the subquery would be the follow-up's own id
      // one index probe per listed row on both engines: as EXISTS, PostgreSQL hashed every follow-up of the table
      // (423,547 in the 5M province) before the list's LIMIT, ~180 ms per page; a LIMIT 1 subquery cannot be hashed
      hasFollowup: sql<number>`((SELECT 1 FROM ${mediationFollowups} f WHERE f.mediation_id = "mediations"."id" LIMIT 1) IS NOT NULL)`,
    })
    .from(mediations)
    // `+unit_id`: the registration-date index leads, each row's unit checked (walksDateIndex)
    .innerJoin(units, walkDateIndex ? joinSkippingIndexOn(units.id, mediations.unitId) : eq(units.id, mediations.unitId));
}
type MediationListRow = Awaited<ReturnType<ReturnType<typeof mediationRowsQuery>["all"]>>[number];

/** The list's rows with their dispute type label, (masked) party names and deadlines. */
async function decorateMediationRows(db: Executor, actor: Actor, rows: MediationListRow[], today: string) {
  const deidentified = !can(actor, "read:summary-text");
  const parties = rows.length
    ? await db
        .select({ mediationId: mediationParties.mediationId, side: mediationParties.side, kind: mediationParties.kind, name: mediationParties.name })
        .from(mediationParties)
        .where(inArray(mediationParties.mediationId, rows.map((r) => r.id)))
        .orderBy(asc(mediationParties.sortOrder))
        .all()
    : [];
  const labels = await disputeTypeLabels(db);
  return rows.map((r) => ({
      ...r,
      disputeTypeLabel: labels.get(r.disputeType) ?? r.disputeType,
      parties: parties
        .filter((p) => p.mediationId === r.id)
        .map((p) => ({ side: p.side, name: deidentified ? maskName(p.name, p.kind) : p.name })),
      deadlines: mediationDeadlines(r, !!r.hasFollowup, today),
    }));
}
type MediationListItem = Awaited<ReturnType<typeof decorateMediationRows>>[number];

/** Above this many disputes the list's outcome sums (settled, failed, open, agreement amounts) are computed on demand. */
export const SUMS_INLINE_MAX = 2_000;

type MediationTotals = {
  total: number;
  totalCapped: boolean;
  /** null: not computed (more than SUMS_INLINE_MAX disputes and not asked for: `sums=1`) */
  successful: number | null;
  failed: number | null;
  open: number | null;
  agreementAmountFen: number | null;
};

/**
 * The totals above the list (issue 12). From the counters when they hold the filters — the unit subtree with no
 * other filter, all time; or a period by conclusion day with no status or one of concluded / settled; or a period by
 * registration day (the count and the still-open; the outcome sums of disputes registered in a period are not in
 * the counters). Otherwise a bounded count (COUNT_CAP: "10,000+"). The outcome sums not held by the counters are
 * summed over the rows only up to SUMS_INLINE_MAX disputes, or when asked for (`sums=1`, up to COUNT_CAP).
 */
async function mediationTotals(actor: Actor, f: MediationFilters, db: Executor, where: SQL | undefined): Promise<MediationTotals> {
  const sumRows = async () =>
    (await db
      .select({
        successful: sql<number>`coalesce(sum(${mediations.status} = 'success'), 0)`,
        failed: sql<number>`coalesce(sum(${mediations.status} = 'failed'), 0)`,
        open: sql<number>`coalesce(sum(${mediations.status} IN ('registered', 'in_mediation')), 0)`,
        agreementAmountFen: sql<number>`coalesce(sum(${mediations.agreementAmountFen}), 0)`,
      })
      .from(mediations)
      .innerJoin(units, eq(units.id, mediations.unitId))
      .where(where)
      .get())!;
  const onlyUnitAndPeriod = !f.type && !f.source && !f.flag && !f.mediator && !f.overdue && !f.q && !f.review && !f.voided;
  const period = !!(f.from || f.to);
  if (onlyUnitAndPeriod) {
    const I = MEDIATION_INDICATORS;
    // only the list's keys (dimension ''), not every indicator and dimension of the period
    const t = async (): Promise<Totals> => {
      const keys = [I.accepted, I.concluded, I.successful, I.failed, I.open, I.agreementAmountFen];
      const r = await rollupKeys(db, { unitId: f.unit ?? actor.unitId, from: f.from || "0001-01-01", to: f.to || "9999-12-31", indicators: keys });
      return new Map(keys.map((k) => [totalsKey(k, ""), r.get(k) ?? 0]));
    };
    const byConclusion = f.dateField === "concluded" && period;
    if (!period && !f.status) {
      // all time: every live dispute is accepted once; its outcome counts once, on its conclusion day
      const all = await t();
      return { total: get(all, I.accepted), totalCapped: false, successful: get(all, I.successful), failed: get(all, I.failed), open: get(all, I.open), agreementAmountFen: get(all, I.agreementAmountFen) };
    }
    if ((byConclusion || !period) && (f.status === "concluded" || f.status === "success" || (byConclusion && !f.status))) {
      const c = await t();
      const success = f.status === "success";
      return {
        total: get(c, success ? I.successful : I.concluded),
        totalCapped: false,
        successful: get(c, I.successful),
        failed: success ? 0 : get(c, I.failed),
        open: 0,
        agreementAmountFen: get(c, I.agreementAmountFen),
      };
    }
    if (period && !byConclusion && !f.status) {
      const r = await t();
      const total = get(r, I.accepted);
      const sums = total <= SUMS_INLINE_MAX || f.sums ? await sumRows() : null;
      return { total, totalCapped: false, successful: sums?.successful ?? null, failed: sums?.failed ?? null, open: get(r, I.open), agreementAmountFen: sums?.agreementAmountFen ?? null };
    }
  }
  // bounded (issue 12): past COUNT_CAP the list says "10,000+" and leaves the sums out
  const total = await boundedCount(db, db.select({ one: sql`1` }).from(mediations).innerJoin(units, eq(units.id, mediations.unitId)).where(where));
  if (isCapped(total)) return { total, totalCapped: true, successful: null, failed: null, open: null, agreementAmountFen: null };
  if (total > SUMS_INLINE_MAX && !f.sums) return { total, totalCapped: false, successful: null, failed: null, open: null, agreementAmountFen: null };
  return { total, totalCapped: false, ...await sumRows() };
}

/** A page of disputes with totals of the filtered set. Party names are masked for readers of de-identified lists. */
export async function listMediations({ actor, filters, pageSize = PAGE_SIZE, today = todayInChina() }: { actor: Actor; filters: MediationFilters; pageSize?: number; today?: string }) {
  const empty = {
    rows: [] as MediationListItem[],
    total: 0,
    totalCapped: false,
    successful: 0 as number | null,
    failed: 0 as number | null,
    open: 0 as number | null,
    agreementAmountFen: 0 as number | null,
    page: 1,
    pages: 1,
    keys: null as PageKeys | null,
    pageKeyError: null as string | null,
  };
  if (!can(actor, "read:mediation")) return empty;
  const db = getDb();
  const conds = await filterConditions(actor, filters, db, today);
  if (!conds) return empty;
  const where = and(...conds);
  const agg = await mediationTotals(actor, filters, db, where);
  const path = filters.unit ? (await getUnit({ actor, id: filters.unit, db }))!.path : actor.unitPath;
  const walk = await walksDateIndex(db, path, MEDIATION_INDICATORS.accepted);
  let rows: MediationListRow[];
  let page = 1;
  let pages = 1;
  let keys: PageKeys | null = null;
  if (filters.page && !filters.after && !filters.before) {
    pages = Math.max(1, Math.ceil(agg.total / pageSize));
    page = Math.min(filters.page, pages);
    rows = await mediationRowsQuery(db, walk).where(where).orderBy(desc(mediations.registeredOn), desc(mediations.id)).limit(pageSize).offset((page - 1) * pageSize).all();
  } else {
    const fetchRows = async (limit: number, seek: { dir: "after" | "before"; at: SeekPosition } | null) =>
      await mediationRowsQuery(db, walk)
        .where(seek ? and(where, seekCondition(mediations.registeredOn, mediations.id, seek.dir, seek.at)) : where)
        .orderBy(...(seek?.dir === "before" ? [asc(mediations.registeredOn), asc(mediations.id)] : [desc(mediations.registeredOn), desc(mediations.id)]))
        .limit(limit)
        .all();
    const res = await seekPage("mediations", filters, pageSize, (r) => ({ date: r.registeredOn, id: r.id }), fetchRows);
    if (!res.ok) return { ...empty, ...agg, pageKeyError: res.message };
    rows = res.rows;
    keys = res.keys;
  }
  return {
    ...agg,
    page,
    pages,
    keys,
    pageKeyError: null as string | null,
    rows: await decorateMediationRows(db, actor, rows, today),
  };
}

/**
 * One dispute as the actor may see it (null outside their subtree). ID numbers, phones and addresses are masked
 * unless `reveal` is asked by someone allowed to see them; each such full view is audited.
 */
export async function getMediation({ actor, id, reveal = false, ip, today = todayInChina() }: { actor: Actor; id: number; reveal?: boolean; ip?: string | null; today?: string }) {
  if (!can(actor, "read:mediation")) return null;
  const db = getDb();
  const row = await db
    .select({ m: mediations, unitName: units.name, unitPath: units.path, createdByName: users.displayName })
    .from(mediations)
    .innerJoin(units, eq(units.id, mediations.unitId))
    .innerJoin(users, eq(users.id, mediations.createdById))
    .where(eq(mediations.id, id))
    .get();
  if (!row || !inJurisdiction(actor, row.unitPath)) return null;
  const deidentified = !can(actor, "read:summary-text");
  const mayReveal = can(actor, "read:personal");
  const revealed = reveal && mayReveal;
  if (revealed)
    await db.transaction(async (tx) => await audit(tx, { userId: actor.id, action: "view_personal", entity: "mediation", entityId: id, unitId: row.m.unitId, ip }));
  const parties = await db.select().from(mediationParties).where(eq(mediationParties.mediationId, id)).orderBy(asc(mediationParties.sortOrder)).all();
  const registeredUnit = await db.select({ name: units.name }).from(units).where(eq(units.id, row.m.registeredUnitId)).get();
  const assigned = await db
    .select({ id: mediators.id, name: mediators.name })
    .from(mediationMediators)
    .innerJoin(mediators, eq(mediators.id, mediationMediators.mediatorId))
    .where(eq(mediationMediators.mediationId, id))
    .all();
  const sessions = await db.select().from(mediationSessions).where(eq(mediationSessions.mediationId, id)).orderBy(asc(mediationSessions.heldOn), asc(mediationSessions.id)).all();
  const followups = await db.select().from(mediationFollowups).where(eq(mediationFollowups.mediationId, id)).orderBy(asc(mediationFollowups.visitedOn), asc(mediationFollowups.id)).all();
  const transfers = await db
    .select({
      id: mediationTransfers.id,
      transferredOn: mediationTransfers.transferredOn,
      reason: mediationTransfers.reason,
      fromUnitId: mediationTransfers.fromUnitId,
      toUnitId: mediationTransfers.toUnitId,
      byName: users.displayName,
    })
    .from(mediationTransfers)
    .innerJoin(users, eq(users.id, mediationTransfers.byUserId))
    .where(eq(mediationTransfers.mediationId, id))
    .orderBy(asc(mediationTransfers.id))
    .all();
  const unitNames = new Map(
    (await db
      .select({ id: units.id, name: units.name })
      .from(units)
      .where(inArray(units.id, [...new Set(transfers.flatMap((t) => [t.fromUnitId, t.toUnitId]))].concat([0])))
      .all())
      .map((u) => [u.id, u.name]),
  );
  const m = row.m;
  const writable = can(actor, "write:mediation") && !m.voidedAt;
  const open = isOpen(m);
  const view = {
    ...m,
    summary: deidentified ? "" : m.summary,
    disputeTypeLabel: (await disputeTypeLabels(db)).get(m.disputeType) ?? m.disputeType,
    unitName: row.unitName,
    registeredUnitName: registeredUnit?.name ?? "",
    createdByName: row.createdByName,
    parties: parties.map((p) => ({
      ...p,
      name: deidentified ? maskName(p.name, p.kind) : p.name,
      // the birth date with the masked ID's region and last digits would rebuild the whole number: age only
      birthDate: revealed ? p.birthDate : null,
      age: p.age ?? (p.birthDate ? ageOn(p.birthDate, today) : null),
      idNumber: revealed ? p.idNumber : maskIdNumber(p.idNumber),
      phone: revealed ? p.phone : maskPhone(p.phone),
      address: revealed ? p.address : deidentified ? "" : maskAddress(p.address),
    })),
    mediators: assigned,
    sessions: deidentified ? [] : sessions,
    followups: deidentified ? followups.map((f) => ({ ...f, notes: "" })) : followups,
    transfers: transfers.map((t) => ({ ...t, fromUnitName: unitNames.get(t.fromUnitId) ?? "", toUnitName: unitNames.get(t.toUnitId) ?? "" })),
    deadlines: mediationDeadlines(m, followups.length > 0, today),
    revealed,
    can: {
      reveal: mayReveal && !revealed,
      edit: writable,
      session: writable && open,
      conclude: writable && open,
      transfer: writable && open,
      performance: writable && m.status === "success",
      followup: writable && m.status === "success",
      void: can(actor, "void:mediation") && !m.voidedAt,
      print: !deidentified,
    },
  };
  // the same people inside the free text (agreement terms, reasons, notes): masked as in the fields above
  return revealed ? view : maskPeopleInView(view, parties, { names: deidentified });
}

/** Counts of what needs doing now in the actor's subtree (home page, deadline board). */
export async function countMediationWork({ actor, today = todayInChina() }: { actor: Actor; today?: string }) {
  if (!can(actor, "read:mediation")) return null;
  const db = getDb();
  // bounded (issue 12): up to COUNT_CAP + 1 rows ("10,000+"); the performance and follow-up queues read their partial
  // indexes (their size is the settled work, not every dispute of the subtree). The open and overdue-open counts are the
  // `mediation.open` counter (a live dispute registered or in mediation, on its registration day): all of it, and
  // the part registered more than concludeWithinDays ago — exact, and a counter read at any scale.
  const count = async (queue: MediationWorkQueue) => (await db.get<{ n: number }>(mediationQueueCountSql(actor.unitPath, queue, today)))?.n ?? 0;
  // (overdue-open ends inside a month: the day counters give its edge days down to DAY_COUNTER_DEPTH, every level of
  // the five-level tree; a deeper unit's small subtree counts its partial index instead of recounting raw rows)
  const ids = ancestorIdsOfPath(actor.unitPath);
  const open = async (to: string) => await rollupIndicator(db, { unitId: ids.at(-1)!, from: "0001-01-01", to, indicator: MEDIATION_INDICATORS.open });
  return {
    open: await open("9999-12-31"),
    overdueOpen: ids.length - 1 <= DAY_COUNTER_DEPTH ? await open(addDays(today, -MEDIATION_LIMITS.concludeWithinDays - 1)) : await count("overdueOpen"),
    overduePerformance: await count("overduePerformance"),
    followupsDue: await count("followupsDue"),
  };
}

export type MediationWorkQueue = "open" | "overdueOpen" | "overduePerformance" | "followupsDue";

const QUEUE_INDEX = {
  open: "mediations_open_work_idx",
  overdueOpen: "mediations_open_work_idx",
  overduePerformance: "mediations_performance_work_idx",
  followupsDue: "mediations_followup_work_idx",
} as const;

/**
 * The bounded count (COUNT_CAP + 1) of an open-work queue of the subtree at `path`, read from its partial index
 * (INDEXED BY: the planner would otherwise take the status index, whose 'success' rows are every settled dispute).
 * The same conditions as the list's filter; SQLite refuses the query ("no query solution") if they stop matching
 * the index's.
 */
export function mediationQueueCountSql(path: string, queue: MediationWorkQueue, today: string) {
  const { lo, hi } = subtreeRange(path);
  const conds =
    queue === "followupsDue"
      ? sql.join(
          [
            ...WORK_QUEUE_SQL.settled,
            sql`${mediations.concludedOn} < ${addDays(today, -MEDIATION_LIMITS.followupWithinDays)}`,
            sql`NOT EXISTS (SELECT 1 FROM "mediation_followups" f WHERE f.mediation_id = "mediations"."id")`,
          ],
          sql` AND `,
        )
      : queue === "overduePerformance"
      ? sql.join([...WORK_QUEUE_SQL.unperformed, sql`${mediations.performanceDeadline} < ${today}`], sql` AND `)
      : queue === "overdueOpen"
        ? sql`${WORK_QUEUE_SQL.open} AND ${mediations.registeredOn} < ${addDays(today, -MEDIATION_LIMITS.concludeWithinDays)}`
        : sql`${WORK_QUEUE_SQL.open}`;
  return sql`SELECT count(*) AS n FROM (SELECT 1 FROM "mediations" ${indexedBy(QUEUE_INDEX[queue])}
    JOIN "units" ON "units"."id" = "mediations"."unit_id"
    WHERE ${conds} AND "mediations"."voided_at" IS NULL AND "units"."path" >= ${lo} AND "units"."path" < ${hi}
    LIMIT ${COUNT_CAP + 1}) AS t`;
}

/**
 * The rows of one work queue in the actor's subtree (the list's filter for it), for counting: the query, not run,
 * inside an object (an async function that returned the query builder itself would run it: a builder is thenable).
 */
export async function mediationWorkQuery(db: Executor, actor: Actor, queue: MediationWorkQueue, today: string) {
  const f: MediationFilters =
    queue === "open" ? { status: "open" } : { overdue: queue === "overdueOpen" ? "open" : queue === "overduePerformance" ? "performance" : "followup" };
  const conds = (await filterConditions(actor, f, db, today))!;
  return { query: db.select({ one: sql`1` }).from(mediations).innerJoin(units, eq(units.id, mediations.unitId)).where(and(...conds)) };
}

/** Mediation figures of a unit in reach over a period, from the summary counters. */
export async function getMediationFigures({ actor, unitId, from, to }: { actor: Actor; unitId: number; from: string; to: string }) {
  if (!can(actor, "read:stats") && !can(actor, "read:mediation")) return null;
  const unit = await getUnit({ actor, id: unitId });
  if (!unit) return null;
  return mediationFigures(await rollup(getDb(), { unitId, from, to }));
}

/** Units a dispute at `unitId` may be transferred to: active units of the same county, other than its own. */
export async function listTransferTargets({ actor, mediationId }: { actor: Actor; mediationId: number }) {
  const db = getDb();
  const row = await db.select({ unitId: mediations.unitId, path: units.path }).from(mediations).innerJoin(units, eq(units.id, mediations.unitId)).where(eq(mediations.id, mediationId)).get();
  if (!row || !inJurisdiction(actor, row.path)) return [];
  const county = await countyOf(db, row.path);
  const today = todayInChina();
  return (await db
    .select({ id: units.id, name: units.name, level: units.level, type: units.type, depth: units.depth, path: units.path })
    .from(units)
    .where(and(pathInSubtree(units.path, county.path), ne(units.id, row.unitId), or(isNull(units.activeTo), gte(units.activeTo, today))))
    .orderBy(asc(units.path))
    .all())
    .filter((u) => transferTargetAllowed(row.path, county.path, u));
}

/**
 * The disputes of the list's filters, in the list's order, for the 台账 export (ledger-export.server.ts): the count
 * of the whole filtered set and, when it is at most `limit`, their ids. Null when the unit asked for is out of reach.
 */
export async function listMediationIdsForLedger({ actor, filters, limit, today = todayInChina() }: { actor: Actor; filters: MediationFilters; limit: number; today?: string }) {
  if (!can(actor, "read:mediation")) return null;
  const db = getDb();
  const conds = await filterConditions(actor, filters, db, today);
  if (!conds) return null;
  const where = and(...conds);
  const total = (await db.select({ n: sql<number>`count(*)` }).from(mediations).innerJoin(units, eq(units.id, mediations.unitId)).where(where).get())!.n;
  if (total > limit) return { total, ids: [] as number[] };
  const ids = (await db
    .select({ id: mediations.id })
    .from(mediations)
    .innerJoin(units, eq(units.id, mediations.unitId))
    .where(where)
    .orderBy(asc(mediations.registeredOn), asc(mediations.id))
    .all())
    .map((r) => r.id);
  return { total, ids };
}
