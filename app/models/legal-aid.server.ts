/**
 * Legal aid cases (法律援助), from application to closing. Every function takes the acting user. Counters, audit
 * and the record change in one transaction; a refused write changes nothing.
 *
 * Lifecycle: pending (申请·审查; documents may be listed missing once, the 7-day review runs from the day the
 * application is complete) → granted (准予, or 先行援助) | refused (不予, written reasons) → assigned (指派 within 3
 * days of the grant; reassignments keep a trail) → closed (结案) | terminated (终止, a statutory reason).
 *
 * Where a case lives: an application may be taken at any centre or township station (`receivedUnitId`); it is
 * handled, numbered and counted at the county's 法律援助中心 (`unitId`) — the legal_aid_centre unit under the
 * county, or the county itself where it has none. Both the receiving unit's subtree and the centre's subtree see
 * the case; only the centre's subtree writes its lifecycle. Deciding needs `decide:legal-aid`, or staff working at
 * a legal_aid_centre unit.
 */
import { boundedCount } from "./list-paging.server";
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { alias, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import {
  consultations,
  legalAidAssignments,
  legalAidBeneficiaries,
  legalAidCases,
  legalAidProgress,
  legalAidProviders,
  mediationParties,
  mediations,
  units,
  users,
  type LegalAidCase,
} from "../../db/schema";
import { getDb, type Executor } from "~/utils/db.server";
import { audit } from "~/utils/audit.server";
import { can, inJurisdiction, type Actor } from "~/utils/permissions";
import { addDays, daysBetween, todayInChina } from "~/utils/dates";
import { maskAddress, maskIdNumber, maskName, maskPeopleInView, maskPhone } from "~/utils/mask";
import { GRANTED_LEGAL_AID_STATUSES, LEGAL_AID_LIMITS, LEGAL_AID_SPECIAL_GROUPS, OPEN_LEGAL_AID_STATUSES } from "~/schemas/enums";
import {
  assignmentDueOn,
  reviewDueOn,
  type BeneficiaryValues,
  type LegalAidApplyValues,
  type LegalAidAssignValues,
  type LegalAidCloseValues,
  type LegalAidEditValues,
  type LegalAidFilters,
  type LegalAidGrantValues,
  type LegalAidProviderValues,
  type LegalAidReassignValues,
  type LegalAidRefuseValues,
  type LegalAidTerminateValues,
} from "~/schemas/legal-aid";
import { birthDateOfId } from "~/schemas/person-fields";
import { applyRecordChange, rollup } from "./counters.server";
import { legalAidContributions, legalAidFigures, splitCategories } from "./counting-rules";
import { pathInSubtree, subtreeRange } from "./unit-paths";
import { countyOf, fail, getUnit, type Result } from "./units.server";
import { LEGAL_AID_KIND, LEGAL_AID_STEPS } from "./lifecycle/legal-aid-steps.server";
import { runStep } from "./lifecycle/executor.server";
import { formatLegalAidNo, LEGAL_AID_SEQ_KINDS, legalAidPrefix, nextCaseSeq, type LegalAidStage } from "./case-numbers.server";

export const PAGE_SIZE = 50;

export const centreUnits = alias(units, "centre");
export const receivedUnits = alias(units, "received");

// ---- where a case is handled ---------------------------------------------------------------------------------

export type Centre = { id: number; name: string; shortName: string | null; path: string; type: string };

/**
 * The legal aid centre that handles applications taken at the unit with `path`: the unit itself or its nearest
 * ancestor when it is a legal_aid_centre; else the active legal_aid_centre directly under its county; else the
 * county itself (a county without a centre decides at the bureau). Above county level, the unit itself.
 */
export async function handlingCentreFor(db: Executor, path: string, today = todayInChina()): Promise<Centre> {
  const ids = path.split("/").filter(Boolean).map(Number);
  const rows = await db
    .select({ id: units.id, name: units.name, shortName: units.shortName, path: units.path, type: units.type, level: units.level })
    .from(units)
    .where(inArray(units.id, ids))
    .all();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const chain = ids.map((i) => byId.get(i)!).filter(Boolean);
  for (let i = chain.length - 1; i >= 0; i--) if (chain[i].type === "legal_aid_centre") return chain[i];
  let county = null as (typeof chain)[number] | null;
  for (let i = chain.length - 1; i >= 0; i--)
    if (chain[i].level === "county" && chain[i].type === "admin") {
      county = chain[i];
      break;
    }
  if (!county) return chain[chain.length - 1];
  const centre = await db
    .select({ id: units.id, name: units.name, shortName: units.shortName, path: units.path, type: units.type })
    .from(units)
    .where(and(eq(units.parentId, county.id), eq(units.type, "legal_aid_centre"), or(isNull(units.activeTo), gte(units.activeTo, today))))
    .orderBy(asc(units.sortOrder), asc(units.id))
    .get();
  return centre ?? county;
}

async function actorUnitType(db: Executor, actor: Actor): Promise<string | null> {
  return (await db.select({ type: units.type }).from(units).where(eq(units.id, actor.unitId)).get())?.type ?? null;
}

/** Who decides (grant, refuse, quality review): holders of decide:legal-aid, and staff working at a legal aid centre. */
export async function canDecideLegalAid(actor: Actor, db: Executor = getDb()): Promise<boolean> {
  if (can(actor, "decide:legal-aid")) return true;
  return can(actor, "write:legal-aid") && await actorUnitType(db, actor) === "legal_aid_centre";
}

// ---- helpers -------------------------------------------------------------------------------------------------

export type LoadedCase = LegalAidCase & { centrePath: string; centreName: string; centreShortName: string | null; receivedPath: string; receivedName: string };

export async function loadCase(db: Executor, id: number): Promise<LoadedCase | null> {
  const row = await db
    .select({
      c: legalAidCases,
      centrePath: centreUnits.path,
      centreName: centreUnits.name,
      centreShortName: centreUnits.shortName,
      receivedPath: receivedUnits.path,
      receivedName: receivedUnits.name,
    })
    .from(legalAidCases)
    .innerJoin(centreUnits, eq(centreUnits.id, legalAidCases.unitId))
    .innerJoin(receivedUnits, eq(receivedUnits.id, legalAidCases.receivedUnitId))
    .where(eq(legalAidCases.id, id))
    .get();
  if (!row) return null;
  const { c, ...rest } = row;
  return { ...c, ...rest };
}

export const mayRead = (actor: Actor, c: Pick<LoadedCase, "centrePath" | "receivedPath">) =>
  inJurisdiction(actor, c.centrePath) || inJurisdiction(actor, c.receivedPath);
export const handles = (actor: Actor, c: Pick<LoadedCase, "centrePath">) => inJurisdiction(actor, c.centrePath);

async function beneficiaryCategories(db: Executor, caseId: number) {
  return await db
    .select({ categories: legalAidBeneficiaries.categories })
    .from(legalAidBeneficiaries)
    .where(eq(legalAidBeneficiaries.caseId, caseId))
    .all();
}

export async function contributionsOf(db: Executor, c: LegalAidCase) {
  return { unitId: c.unitId, contributions: legalAidContributions({ ...c, beneficiaries: await beneficiaryCategories(db, c.id) }) };
}

function snapshot(c: LegalAidCase) {
  // personal data stays out of the audit's images: who the people are is in the record itself
  const { createdAt: _c, updatedAt: _u, applicantPhone: _p, applicantIdNumber: _i, ...rest } = c;
  return rest;
}

export async function nextNo(tx: Executor, centre: { id: number; name: string; shortName: string | null }, stage: LegalAidStage, day: string) {
  const year = Number(day.slice(0, 4));
  const seq = await nextCaseSeq(tx, centre.id, year, LEGAL_AID_SEQ_KINDS[stage]);
  return { no: formatLegalAidNo(legalAidPrefix(centre), stage, year, seq), year, seq };
}

export function beneficiaryRows(caseId: number, list: BeneficiaryValues[]) {
  return list.map((b, i) => ({
    caseId,
    name: b.name,
    gender: b.gender ?? null,
    birthDate: b.birthDate ?? (b.idNumber ? birthDateOfId(b.idNumber) : null),
    idNumber: b.idNumber || null,
    phone: b.phone || null,
    address: b.address || null,
    categories: [...new Set(b.categories)].sort().join(","),
    sortOrder: i,
  }));
}

/** The exemption of the means test by group needs a beneficiary in that group (also checked by the schema). */
export function checkExemption(
  data: Pick<LegalAidApplyValues, "meansTest" | "exemptBasis" | "exemptCategory" | "beneficiaries">
): Record<string, string> | null {
  if (data.meansTest !== "exempt") return null;
  if (!data.exemptBasis) return { exemptBasis: "err.choose" };
  if (data.exemptBasis === "category") {
    if (!data.exemptCategory) return { exemptCategory: "err.choose" };
    if (!data.beneficiaries.some((b) => b.categories.includes(data.exemptCategory as never)))
      return { exemptCategory: "err.la.exemptCategoryMissing" };
  }
  return null;
}

function exemptionColumns(data: Pick<LegalAidApplyValues, "meansTest" | "exemptBasis" | "exemptCategory" | "exemptNote">) {
  const exempt = data.meansTest === "exempt";
  return {
    meansTest: data.meansTest,
    exemptBasis: exempt ? data.exemptBasis ?? null : null,
    exemptCategory: exempt && data.exemptBasis === "category" ? data.exemptCategory ?? null : null,
    exemptNote: exempt ? data.exemptNote || null : null,
  };
}

/** A referral from a consultation or a mediation: it must exist and be within the actor's reach. */
async function checkReferrals(db: Executor, actor: Actor, data: { fromConsultation?: number; fromMediation?: number }): Promise<Record<string, string> | null> {
  if (data.fromConsultation) {
    const row = await db
      .select({ path: units.path })
      .from(consultations)
      .innerJoin(units, eq(units.id, consultations.unitId))
      .where(and(eq(consultations.id, data.fromConsultation), isNull(consultations.voidedAt)))
      .get();
    if (!row || !inJurisdiction(actor, row.path)) return { fromConsultation: "err.la.referralOutside" };
  }
  if (data.fromMediation) {
    const row = await db
      .select({ path: units.path })
      .from(mediations)
      .innerJoin(units, eq(units.id, mediations.unitId))
      .where(and(eq(mediations.id, data.fromMediation), isNull(mediations.voidedAt)))
      .get();
    if (!row || !inJurisdiction(actor, row.path)) return { fromMediation: "err.la.referralOutside" };
  }
  return null;
}

export function visibleSql(path: string) {
  const inSubtree = (col: AnySQLiteColumn) => {
    const { lo, hi } = subtreeRange(path);
    return and(gte(col, lo), lt(col, hi))!;
  };
  return or(inSubtree(centreUnits.path), inSubtree(receivedUnits.path))!;
}

// ---- application ---------------------------------------------------------------------------------------------

export type LikelyLegalAidDuplicate = {
  id: number;
  appNo: string;
  unitName: string;
  appliedOn: string;
  cause: string;
  matchedName: string;
  inReach: boolean;
};

/**
 * Open cases (pending, granted, assigned) anywhere in the receiving unit's county with a beneficiary of the same
 * ID number: the same person applying twice. Shown at intake so the user can decide, as mediation registration
 * does; only the number, centre, day, cause and the matching name are revealed.
 */
export async function findLikelyLegalAidDuplicates({
  actor,
  data,
  excludeId,
}: {
  actor: Actor;
  data: Pick<LegalAidApplyValues, "receivedUnitId" | "beneficiaries" | "applicantRelation" | "applicantIdNumber">;
  excludeId?: number;
}): Promise<LikelyLegalAidDuplicate[]> {
  const db = getDb();
  const unit = await getUnit({ actor, id: data.receivedUnitId, db });
  if (!unit) return [];
  const ids = [...new Set([...data.beneficiaries.map((b) => b.idNumber), data.applicantRelation === "self" ? data.applicantIdNumber : ""].filter(Boolean))];
  if (!ids.length) return [];
  const county = await countyOf(db, unit.path);
  const rows = await db
    .select({
      id: legalAidCases.id,
      appNo: legalAidCases.appNo,
      unitName: centreUnits.name,
      centrePath: centreUnits.path,
      receivedPath: receivedUnits.path,
      appliedOn: legalAidCases.appliedOn,
      cause: legalAidCases.cause,
      matchedName: legalAidBeneficiaries.name,
    })
    .from(legalAidBeneficiaries)
    .innerJoin(legalAidCases, eq(legalAidCases.id, legalAidBeneficiaries.caseId))
    .innerJoin(centreUnits, eq(centreUnits.id, legalAidCases.unitId))
    .innerJoin(receivedUnits, eq(receivedUnits.id, legalAidCases.receivedUnitId))
    .where(
      and(
        inArray(legalAidBeneficiaries.idNumber, ids),
        inArray(legalAidCases.status, OPEN_LEGAL_AID_STATUSES),
        isNull(legalAidCases.voidedAt),
        visibleSql(county.path),
        excludeId ? sql`${legalAidCases.id} <> ${excludeId}` : undefined
      )
    )
    .orderBy(desc(legalAidCases.appliedOn), desc(legalAidCases.id))
    .limit(20)
    .all();
  const seen = new Set<number>();
  return rows
    .filter((r) => !seen.has(r.id) && seen.add(r.id))
    .map(({ centrePath, receivedPath, ...r }) => ({ ...r, inReach: mayRead(actor, { centrePath, receivedPath }) }));
}

/**
 * Takes an application at a unit in the actor's subtree (a centre or a township station). It is numbered 援申 at
 * the handling centre. Complete at once unless documents are listed missing (then the review clock waits).
 */
export async function applyLegalAid({
  actor,
  data,
  ip,
  today = todayInChina(),
}: {
  actor: Actor;
  data: LegalAidApplyValues;
  ip?: string | null;
  today?: string;
}): Promise<Result<{
  id: number;
  appNo: string;
}>> {
  if (!can(actor, "write:legal-aid")) return fail(403, {}, "err.forbidden");
  const db = getDb();
  const unit = await getUnit({ actor, id: data.receivedUnitId, db });
  if (!unit) return fail(400, { receivedUnitId: "err.unitOutside" });
  if (unit.activeTo && unit.activeTo < data.appliedOn) return fail(400, { receivedUnitId: "err.unitInactive" });
  if (unit.activeFrom > data.appliedOn) return fail(400, { appliedOn: "err.beforeUnitActive" });
  const exemption = checkExemption(data);
  if (exemption) return fail(400, exemption);
  const referral = await checkReferrals(db, actor, data);
  if (referral) return fail(400, referral, "err.la.referralOutside");
  const centre = await handlingCentreFor(db, unit.path, today);
  return await db.transaction(async (tx) => {
    const row = await tx.insert(legalAidCases).values(applicationValues(actor, data, unit, centre, await nextNo(tx, centre, "apply", data.appliedOn))).returning().get();
    await tx.insert(legalAidBeneficiaries).values(beneficiaryRows(row.id, data.beneficiaries)).run();
    await applyRecordChange(tx, { before: null, after: await contributionsOf(tx, row) });
    await audit(tx, { userId: actor.id, action: "create", entity: "legal_aid", entityId: row.id, unitId: row.unitId, after: applicationAudit(row, data), ip });
    return { ok: true as const, value: { id: row.id, appNo: row.appNo } };
  });
}

/** An application's row (numbered 援申 by its centre), as applyLegalAid and the history import write it. */
export function applicationValues(
  actor: Actor,
  data: LegalAidApplyValues,
  unit: { id: number },
  centre: { id: number },
  { no, year, seq }: { no: string; year: number; seq: number },
) {
  const missing = data.missingDocs || null;
  return {
    unitId: centre.id,
    receivedUnitId: unit.id,
    appNo: no,
    appYear: year,
    appSeq: seq,
    appliedOn: data.appliedOn,
    completeOn: missing ? null : data.appliedOn,
    missingDocs: missing,
    missingDocsOn: missing ? data.appliedOn : null,
    ...applicationDetails(data),
    referredFromConsultationId: data.fromConsultation ?? null,
    referredFromMediationId: data.fromMediation ?? null,
    createdById: actor.id,
  } satisfies typeof legalAidCases.$inferInsert;
}

/** What an application says (who applies, the matter, the exemption), as the application writes it and a correction rewrites it. */
function applicationDetails(data: LegalAidApplyValues | LegalAidEditValues) {
  return {
    applicantRelation: data.applicantRelation,
    applicantName: data.applicantRelation === "self" ? data.beneficiaries[0].name : data.applicantName,
    applicantPhone: (data.applicantRelation === "self" ? data.applicantPhone || data.beneficiaries[0].phone : data.applicantPhone) || null,
    applicantIdNumber:
      (data.applicantRelation === "self" ? data.applicantIdNumber || data.beneficiaries[0].idNumber : data.applicantIdNumber) || null,
    caseType: data.caseType,
    proceeding: data.proceeding,
    serviceForm: data.serviceForm,
    cause: data.cause,
    matter: data.matter,
    ...exemptionColumns(data),
  };
}

/** The audit's after-image of an application (personal data of the people stays in the record). */
export function applicationAudit(row: LegalAidCase, data: Pick<LegalAidApplyValues, "beneficiaries">) {
  return { ...snapshot(row), beneficiaries: data.beneficiaries.map((b) => ({ name: b.name, categories: b.categories })) };
}

/**
 * Corrects the application's details (not its lifecycle): by the handling centre at any stage, by the receiving
 * station while it awaits review. The receiving unit stays; the application day cannot pass a later step.
 */
export async function updateLegalAidApplication({
  actor,
  id,
  data,
  ip,
}: {
  actor: Actor;
  id: number;
  data: LegalAidEditValues;
  ip?: string | null;
}): Promise<Result> {
  if (!can(actor, "write:legal-aid")) return fail(403, {}, "err.forbidden");
  const db = getDb();
  return await db.transaction(async (tx) => {
    const c = await loadCase(tx, id);
    if (!c || !mayRead(actor, c)) return fail(404, {}, "err.notFound");
    if (c.voidedAt) return fail(409, {}, "err.alreadyVoided");
    if (!handles(actor, c) && !(c.status === "pending" && inJurisdiction(actor, c.receivedPath))) return fail(403, {}, "err.la.notHandlingCentre");
    if (c.version !== data.version) return fail(409, {}, "err.stale");
    if (data.receivedUnitId !== c.receivedUnitId) return fail(400, { receivedUnitId: "err.la.unitFixed" });
    const later = [
      c.missingDocsOn && c.missingDocsOn !== c.appliedOn ? c.missingDocsOn : null,
      c.completeOn !== c.appliedOn ? c.completeOn : null,
      c.decidedOn,
    ]
      .filter(Boolean)
      .sort()[0];
    if (later && data.appliedOn > later) return fail(400, { appliedOn: "err.la.appliedAfterLaterStep" });
    const exemption = checkExemption(data);
    if (exemption) return fail(400, exemption);
    const before = await contributionsOf(tx, c);
    const set = {
      appliedOn: data.appliedOn,
      // a case complete at intake stays complete from its (corrected) application day
      completeOn: c.completeOn === c.appliedOn ? data.appliedOn : c.completeOn,
      missingDocsOn: c.missingDocsOn === c.appliedOn ? data.appliedOn : c.missingDocsOn,
      ...applicationDetails(data),
    };
    const updated = await tx
      .update(legalAidCases)
      .set({ ...set, updatedById: actor.id, updatedAt: new Date().toISOString(), version: c.version + 1 })
      .where(and(eq(legalAidCases.id, id), eq(legalAidCases.version, c.version)))
      .returning()
      .get();
    if (!updated) return fail(409, {}, "err.stale");
    await tx.delete(legalAidBeneficiaries).where(eq(legalAidBeneficiaries.caseId, id)).run();
    await tx.insert(legalAidBeneficiaries).values(beneficiaryRows(id, data.beneficiaries)).run();
    await applyRecordChange(tx, { before, after: await contributionsOf(tx, updated) });
    await audit(tx, {
      userId: actor.id,
      action: "update",
      entity: "legal_aid",
      entityId: id,
      unitId: updated.unitId,
      before: Object.fromEntries(Object.keys(set).map((k) => [k, (c as Record<string, unknown>)[k]])),
      after: {
        ...set,
        applicantPhone: undefined,
        applicantIdNumber: undefined,
        beneficiaries: data.beneficiaries.map((b) => ({ name: b.name, categories: b.categories })),
      },
      ip,
    });
    return { ok: true as const, value: null };
  });
}

// ---- the lifecycle: declared in ./lifecycle/legal-aid-steps.server.ts, run by ./lifecycle/executor.server.ts -----

type StepArgs<D> = { actor: Actor; id: number; data: D; ip?: string | null };

/** 一次性告知: lists the missing documents, once; the review waits until the application is complete. */
export async function listMissingDocuments({ actor, id, data, ip }: StepArgs<{ listedOn: string; missingDocs: string; version: number }>): Promise<Result> {
  return await runStep(LEGAL_AID_KIND, LEGAL_AID_STEPS.missing, { actor, id, data, ip });
}

/** 材料补齐: the application is complete from this day; the 7-day review starts. */
export async function markApplicationComplete({ actor, id, data, ip }: StepArgs<{ completeOn: string; version: number }>): Promise<Result> {
  return await runStep(LEGAL_AID_KIND, LEGAL_AID_STEPS.complete, { actor, id, data, ip });
}

/** 准予法律援助: on a complete application, or 先行援助 when a limitation deadline is under 7 days away. Number 援决. */
export async function grantLegalAid({ actor, id, data, ip }: StepArgs<LegalAidGrantValues>): Promise<Result<{ decisionNo: string }>> {
  return await runStep(LEGAL_AID_KIND, LEGAL_AID_STEPS.grant, { actor, id, data, ip });
}

/** 不予法律援助, with the written reasons (printed on the notice). Number 援决. */
export async function refuseLegalAid({ actor, id, data, ip }: StepArgs<LegalAidRefuseValues>): Promise<Result<{ decisionNo: string }>> {
  return await runStep(LEGAL_AID_KIND, LEGAL_AID_STEPS.refuse, { actor, id, data, ip });
}

/** 指派 a lawyer, law firm or legal-service worker of the centre's list to a granted case. Number 援指. */
export async function assignLegalAid({ actor, id, data, ip }: StepArgs<LegalAidAssignValues>): Promise<Result<{ assignmentNo: string }>> {
  return await runStep(LEGAL_AID_KIND, LEGAL_AID_STEPS.assign, { actor, id, data, ip });
}

/** 更换承办人: a new assignment (new 援指 number) with its reason; the trail keeps every hand. */
export async function reassignLegalAid({ actor, id, data, ip }: StepArgs<LegalAidReassignValues>): Promise<Result<{ assignmentNo: string }>> {
  return await runStep(LEGAL_AID_KIND, LEGAL_AID_STEPS.reassign, { actor, id, data, ip });
}

/** 办理进展: a note on an assigned case. */
export async function addLegalAidProgress({ actor, id, data, ip }: StepArgs<{ notedOn: string; note: string; version: number }>): Promise<Result> {
  return await runStep(LEGAL_AID_KIND, LEGAL_AID_STEPS.progress, { actor, id, data, ip });
}

/** 结案: only an assigned case closes; outcome, recovered or avoided loss (元 → 分), closing report. */
export async function closeLegalAid({ actor, id, data, ip }: StepArgs<LegalAidCloseValues>): Promise<Result> {
  return await runStep(LEGAL_AID_KIND, LEGAL_AID_STEPS.close, { actor, id, data, ip });
}

/** 终止法律援助 with one of the statutory reasons: a granted or assigned case. It stays counted as granted. */
export async function terminateLegalAid({ actor, id, data, ip }: StepArgs<LegalAidTerminateValues>): Promise<Result> {
  return await runStep(LEGAL_AID_KIND, LEGAL_AID_STEPS.terminate, { actor, id, data, ip });
}

/** 质量评查 after the case is closed or terminated: a grade (优秀/良好/合格/不合格), by one who decides. */
export async function reviewLegalAidQuality({ actor, id, data, ip }: StepArgs<{ reviewedOn: string; grade: string; note: string; version: number }>): Promise<Result> {
  return await runStep(LEGAL_AID_KIND, LEGAL_AID_STEPS.quality, { actor, id, data: data as never, ip });
}

/** 回访 of the beneficiary after the case is closed or terminated. */
export async function recordLegalAidFollowup({ actor, id, data, ip }: StepArgs<{ followedUpOn: string; satisfaction: string; note: string; version: number }>): Promise<Result> {
  return await runStep(LEGAL_AID_KIND, LEGAL_AID_STEPS.followup, { actor, id, data: data as never, ip });
}

/** A case entered by mistake is voided: kept, excluded from every figure, audited. */
export async function voidLegalAid({ actor, id, version, reason, ip }: { actor: Actor; id: number; version: number; reason: string; ip?: string | null }): Promise<Result> {
  return await runStep(LEGAL_AID_KIND, LEGAL_AID_STEPS.void, { actor, id, data: { version, reason }, ip });
}
