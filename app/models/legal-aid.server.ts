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

const centreUnits = alias(units, "centre");
const receivedUnits = alias(units, "received");

// ---- where a case is handled ---------------------------------------------------------------------------------

export type Centre = { id: number; name: string; shortName: string | null; path: string; type: string };

/**
 * The legal aid centre that handles applications taken at the unit with `path`: the unit itself or its nearest
 * ancestor when it is a legal_aid_centre; else the active legal_aid_centre directly under its county; else the
 * county itself (a county without a centre decides at the bureau). Above county level, the unit itself.
 */
export function handlingCentreFor(db: Executor, path: string, today = todayInChina()): Centre {
  const ids = path.split("/").filter(Boolean).map(Number);
  const rows = db
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
  const centre = db
    .select({ id: units.id, name: units.name, shortName: units.shortName, path: units.path, type: units.type })
    .from(units)
    .where(and(eq(units.parentId, county.id), eq(units.type, "legal_aid_centre"), or(isNull(units.activeTo), gte(units.activeTo, today))))
    .orderBy(asc(units.sortOrder), asc(units.id))
    .get();
  return centre ?? county;
}

function actorUnitType(db: Executor, actor: Actor): string | null {
  return db.select({ type: units.type }).from(units).where(eq(units.id, actor.unitId)).get()?.type ?? null;
}

/** Who decides (grant, refuse, quality review): holders of decide:legal-aid, and staff working at a legal aid centre. */
export function canDecideLegalAid(actor: Actor, db: Executor = getDb()): boolean {
  if (can(actor, "decide:legal-aid")) return true;
  return can(actor, "write:legal-aid") && actorUnitType(db, actor) === "legal_aid_centre";
}

// ---- helpers -------------------------------------------------------------------------------------------------

export type LoadedCase = LegalAidCase & { centrePath: string; centreName: string; centreShortName: string | null; receivedPath: string; receivedName: string };

export function loadCase(db: Executor, id: number): LoadedCase | null {
  const row = db
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

function beneficiaryCategories(db: Executor, caseId: number) {
  return db
    .select({ categories: legalAidBeneficiaries.categories })
    .from(legalAidBeneficiaries)
    .where(eq(legalAidBeneficiaries.caseId, caseId))
    .all();
}

export function contributionsOf(db: Executor, c: LegalAidCase) {
  return { unitId: c.unitId, contributions: legalAidContributions({ ...c, beneficiaries: beneficiaryCategories(db, c.id) }) };
}

function snapshot(c: LegalAidCase) {
  // personal data stays out of the audit's images: who the people are is in the record itself
  const { createdAt: _c, updatedAt: _u, applicantPhone: _p, applicantIdNumber: _i, ...rest } = c;
  return rest;
}

export function nextNo(tx: Executor, centre: { id: number; name: string; shortName: string | null }, stage: LegalAidStage, day: string) {
  const year = Number(day.slice(0, 4));
  const seq = nextCaseSeq(tx, centre.id, year, LEGAL_AID_SEQ_KINDS[stage]);
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
function checkReferrals(db: Executor, actor: Actor, data: { fromConsultation?: number; fromMediation?: number }): Record<string, string> | null {
  if (data.fromConsultation) {
    const row = db
      .select({ path: units.path })
      .from(consultations)
      .innerJoin(units, eq(units.id, consultations.unitId))
      .where(and(eq(consultations.id, data.fromConsultation), isNull(consultations.voidedAt)))
      .get();
    if (!row || !inJurisdiction(actor, row.path)) return { fromConsultation: "err.la.referralOutside" };
  }
  if (data.fromMediation) {
    const row = db
      .select({ path: units.path })
      .from(mediations)
      .innerJoin(units, eq(units.id, mediations.unitId))
      .where(and(eq(mediations.id, data.fromMediation), isNull(mediations.voidedAt)))
      .get();
    if (!row || !inJurisdiction(actor, row.path)) return { fromMediation: "err.la.referralOutside" };
  }
  return null;
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
export function findLikelyLegalAidDuplicates({
  actor,
  data,
  excludeId,
}: {
  actor: Actor;
  data: Pick<LegalAidApplyValues, "receivedUnitId" | "beneficiaries" | "applicantRelation" | "applicantIdNumber">;
  excludeId?: number;
}): LikelyLegalAidDuplicate[] {
  const db = getDb();
  const unit = getUnit({ actor, id: data.receivedUnitId, db });
  if (!unit) return [];
  const ids = [...new Set([...data.beneficiaries.map((b) => b.idNumber), data.applicantRelation === "self" ? data.applicantIdNumber : ""].filter(Boolean))];
  if (!ids.length) return [];
  const county = countyOf(db, unit.path);
  const rows = db
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
export function applyLegalAid({
  actor,
  data,
  ip,
  today = todayInChina(),
}: {
  actor: Actor;
  data: LegalAidApplyValues;
  ip?: string | null;
  today?: string;
}): Result<{
  id: number;
  appNo: string;
}> {
  if (!can(actor, "write:legal-aid")) return fail(403, {}, "err.forbidden");
  const db = getDb();
  const unit = getUnit({ actor, id: data.receivedUnitId, db });
  if (!unit) return fail(400, { receivedUnitId: "err.unitOutside" });
  if (unit.activeTo && unit.activeTo < data.appliedOn) return fail(400, { receivedUnitId: "err.unitInactive" });
  if (unit.activeFrom > data.appliedOn) return fail(400, { appliedOn: "err.beforeUnitActive" });
  const exemption = checkExemption(data);
  if (exemption) return fail(400, exemption);
  const referral = checkReferrals(db, actor, data);
  if (referral) return fail(400, referral, "err.la.referralOutside");
  const centre = handlingCentreFor(db, unit.path, today);
  return db.transaction((tx) => {
    const row = tx.insert(legalAidCases).values(applicationValues(actor, data, unit, centre, nextNo(tx, centre, "apply", data.appliedOn))).returning().get();
    tx.insert(legalAidBeneficiaries).values(beneficiaryRows(row.id, data.beneficiaries)).run();
    applyRecordChange(tx, { before: null, after: contributionsOf(tx, row) });
    audit(tx, { userId: actor.id, action: "create", entity: "legal_aid", entityId: row.id, unitId: row.unitId, after: applicationAudit(row, data), ip });
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
export function updateLegalAidApplication({
  actor,
  id,
  data,
  ip,
}: {
  actor: Actor;
  id: number;
  data: LegalAidEditValues;
  ip?: string | null;
}): Result {
  if (!can(actor, "write:legal-aid")) return fail(403, {}, "err.forbidden");
  const db = getDb();
  return db.transaction((tx) => {
    const c = loadCase(tx, id);
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
    const before = contributionsOf(tx, c);
    const set = {
      appliedOn: data.appliedOn,
      // a case complete at intake stays complete from its (corrected) application day
      completeOn: c.completeOn === c.appliedOn ? data.appliedOn : c.completeOn,
      missingDocsOn: c.missingDocsOn === c.appliedOn ? data.appliedOn : c.missingDocsOn,
      ...applicationDetails(data),
    };
    const updated = tx
      .update(legalAidCases)
      .set({ ...set, updatedById: actor.id, updatedAt: new Date().toISOString(), version: c.version + 1 })
      .where(and(eq(legalAidCases.id, id), eq(legalAidCases.version, c.version)))
      .returning()
      .get();
    if (!updated) return fail(409, {}, "err.stale");
    tx.delete(legalAidBeneficiaries).where(eq(legalAidBeneficiaries.caseId, id)).run();
    tx.insert(legalAidBeneficiaries).values(beneficiaryRows(id, data.beneficiaries)).run();
    applyRecordChange(tx, { before, after: contributionsOf(tx, updated) });
    audit(tx, {
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
export function listMissingDocuments({ actor, id, data, ip }: StepArgs<{ listedOn: string; missingDocs: string; version: number }>): Result {
  return runStep(LEGAL_AID_KIND, LEGAL_AID_STEPS.missing, { actor, id, data, ip });
}

/** 材料补齐: the application is complete from this day; the 7-day review starts. */
export function markApplicationComplete({ actor, id, data, ip }: StepArgs<{ completeOn: string; version: number }>): Result {
  return runStep(LEGAL_AID_KIND, LEGAL_AID_STEPS.complete, { actor, id, data, ip });
}

/** 准予法律援助: on a complete application, or 先行援助 when a limitation deadline is under 7 days away. Number 援决. */
export function grantLegalAid({ actor, id, data, ip }: StepArgs<LegalAidGrantValues>): Result<{ decisionNo: string }> {
  return runStep(LEGAL_AID_KIND, LEGAL_AID_STEPS.grant, { actor, id, data, ip });
}

/** 不予法律援助, with the written reasons (printed on the notice). Number 援决. */
export function refuseLegalAid({ actor, id, data, ip }: StepArgs<LegalAidRefuseValues>): Result<{ decisionNo: string }> {
  return runStep(LEGAL_AID_KIND, LEGAL_AID_STEPS.refuse, { actor, id, data, ip });
}

/** 指派 a lawyer, law firm or legal-service worker of the centre's list to a granted case. Number 援指. */
export function assignLegalAid({ actor, id, data, ip }: StepArgs<LegalAidAssignValues>): Result<{ assignmentNo: string }> {
  return runStep(LEGAL_AID_KIND, LEGAL_AID_STEPS.assign, { actor, id, data, ip });
}

/** 更换承办人: a new assignment (new 援指 number) with its reason; the trail keeps every hand. */
export function reassignLegalAid({ actor, id, data, ip }: StepArgs<LegalAidReassignValues>): Result<{ assignmentNo: string }> {
  return runStep(LEGAL_AID_KIND, LEGAL_AID_STEPS.reassign, { actor, id, data, ip });
}

/** 办理进展: a note on an assigned case. */
export function addLegalAidProgress({ actor, id, data, ip }: StepArgs<{ notedOn: string; note: string; version: number }>): Result {
  return runStep(LEGAL_AID_KIND, LEGAL_AID_STEPS.progress, { actor, id, data, ip });
}

/** 结案: only an assigned case closes; outcome, recovered or avoided loss (元 → 分), closing report. */
export function closeLegalAid({ actor, id, data, ip }: StepArgs<LegalAidCloseValues>): Result {
  return runStep(LEGAL_AID_KIND, LEGAL_AID_STEPS.close, { actor, id, data, ip });
}

/** 终止法律援助 with one of the statutory reasons: a granted or assigned case. It stays counted as granted. */
export function terminateLegalAid({ actor, id, data, ip }: StepArgs<LegalAidTerminateValues>): Result {
  return runStep(LEGAL_AID_KIND, LEGAL_AID_STEPS.terminate, { actor, id, data, ip });
}

/** 质量评查 after the case is closed or terminated: a grade (优秀/良好/合格/不合格), by one who decides. */
export function reviewLegalAidQuality({ actor, id, data, ip }: StepArgs<{ reviewedOn: string; grade: string; note: string; version: number }>): Result {
  return runStep(LEGAL_AID_KIND, LEGAL_AID_STEPS.quality, { actor, id, data: data as never, ip });
}

/** 回访 of the beneficiary after the case is closed or terminated. */
export function recordLegalAidFollowup({ actor, id, data, ip }: StepArgs<{ followedUpOn: string; satisfaction: string; note: string; version: number }>): Result {
  return runStep(LEGAL_AID_KIND, LEGAL_AID_STEPS.followup, { actor, id, data: data as never, ip });
}

/** A case entered by mistake is voided: kept, excluded from every figure, audited. */
export function voidLegalAid({ actor, id, version, reason, ip }: { actor: Actor; id: number; version: number; reason: string; ip?: string | null }): Result {
  return runStep(LEGAL_AID_KIND, LEGAL_AID_STEPS.void, { actor, id, data: { version, reason }, ip });
}

// ---- deadlines -------------------------------------------------------------------------------------------------

/**
 * The statutory limits of one case as of `today`, in calendar days: the review within 7 days of the complete
 * application, the assignment within 3 days of the grant. Also whether a past step was late, and how long an
 * assigned case has been open.
 */
export function legalAidDeadlines(
  c: Pick<LegalAidCase, "status" | "appliedOn" | "completeOn" | "decidedOn" | "assignedOn" | "preliminary">,
  today = todayInChina()
) {
  const pending = c.status === "pending";
  const reviewDue = c.completeOn ? reviewDueOn(c.completeOn) : null;
  const assignDue = c.decidedOn && GRANTED_LEGAL_AID_STATUSES.includes(c.status as never) ? assignmentDueOn(c.decidedOn) : null;
  const waitingAssignment = c.status === "granted";
  return {
    /** last day of the review (pending and complete) */
    reviewDue: pending ? reviewDue : null,
    reviewDaysLeft: pending && reviewDue ? daysBetween(today, reviewDue) : null,
    reviewOverdue: pending && !!reviewDue && today > reviewDue,
    reviewDueSoon: pending && !!reviewDue && today <= reviewDue && daysBetween(today, reviewDue) <= LEGAL_AID_LIMITS.dueSoonDays,
    /** documents listed missing and not yet supplied: the clock waits */
    waitingDocuments: pending && !c.completeOn,
    assignDue: waitingAssignment ? assignDue : null,
    assignDaysLeft: waitingAssignment && assignDue ? daysBetween(today, assignDue) : null,
    assignOverdue: waitingAssignment && !!assignDue && today > assignDue,
    /** decided after the review's limit (先行援助 excepted) */
    decidedLate: !!c.decidedOn && !!reviewDue && !c.preliminary && c.decidedOn > reviewDue,
    assignedLate: !!c.assignedOn && !!assignDue && c.assignedOn > assignDue,
    openDays: c.status === "assigned" && c.assignedOn ? daysBetween(c.assignedOn, today) : null,
    longOpen: c.status === "assigned" && !!c.assignedOn && daysBetween(c.assignedOn, today) > LEGAL_AID_LIMITS.longOpenDays,
  };
}
export type LegalAidDeadlines = ReturnType<typeof legalAidDeadlines>;

/** SQL: pending, complete, and past the 7-day review. */
const reviewOverdueSql = (today: string) =>
  and(
    eq(legalAidCases.status, "pending"),
    isNotNull(legalAidCases.completeOn),
    lt(legalAidCases.completeOn, addDays(today, -LEGAL_AID_LIMITS.reviewWithinDays))
  )!;
/** SQL: granted, not assigned, past the 3-day assignment. */
const assignOverdueSql = (today: string) =>
  and(eq(legalAidCases.status, "granted"), lt(legalAidCases.decidedOn, addDays(today, -LEGAL_AID_LIMITS.assignWithinDays)))!;

// ---- reads ----------------------------------------------------------------------------------------------------

/** Cases the actor may read: handled in their subtree, or taken by a unit of their subtree. */
function visibleSql(path: string) {
  const inSubtree = (col: AnySQLiteColumn) => {
    const { lo, hi } = subtreeRange(path);
    return and(gte(col, lo), lt(col, hi))!;
  };
  return or(inSubtree(centreUnits.path), inSubtree(receivedUnits.path))!;
}

const categorySql = (category: string) =>
  category === "special"
    ? sql`EXISTS (SELECT 1 FROM ${legalAidBeneficiaries} b WHERE b.case_id = ${legalAidCases.id} AND (${sql.join(
        LEGAL_AID_SPECIAL_GROUPS.map((k) => sql`(',' || b.categories || ',') LIKE ${`%,${k},%`}`),
        sql` OR `
      )}))`
    : sql`EXISTS (SELECT 1 FROM ${legalAidBeneficiaries} b WHERE b.case_id = ${
        legalAidCases.id
      } AND (',' || b.categories || ',') LIKE ${`%,${category},%`})`;

/** The list's filters as SQL, always inside what the actor may read; null when the unit asked for is out of reach. */
function filterConditions(actor: Actor, f: LegalAidFilters, db: Executor, today: string): SQL[] | null {
  const conds: SQL[] = [visibleSql(actor.unitPath)];
  if (f.unit) {
    const unit = getUnit({ actor, id: f.unit, db });
    if (!unit) return null;
    if (f.scope === "handled") {
      const { lo, hi } = subtreeRange(unit.path);
      conds.push(and(gte(centreUnits.path, lo), lt(centreUnits.path, hi))!);
    } else conds.push(visibleSql(unit.path));
  }
  const dateCol = f.dateField === "decided" ? legalAidCases.decidedOn : f.dateField === "closed" ? legalAidCases.closedOn : legalAidCases.appliedOn;
  if (f.from) conds.push(gte(dateCol, f.from));
  if (f.to) conds.push(lte(dateCol, f.to));
  if (f.status === "open") conds.push(inArray(legalAidCases.status, OPEN_LEGAL_AID_STATUSES));
  else if (f.status === "grantedAll") conds.push(inArray(legalAidCases.status, GRANTED_LEGAL_AID_STATUSES));
  else if (f.status) conds.push(eq(legalAidCases.status, f.status));
  if (f.caseType) conds.push(eq(legalAidCases.caseType, f.caseType));
  if (f.proceeding) conds.push(eq(legalAidCases.proceeding, f.proceeding));
  if (f.category) conds.push(categorySql(f.category));
  if (f.provider) conds.push(eq(legalAidCases.providerId, f.provider));
  if (f.overdue === "review") conds.push(reviewOverdueSql(today));
  else if (f.overdue === "assignment") conds.push(assignOverdueSql(today));
  else if (f.overdue === "any") conds.push(or(reviewOverdueSql(today), assignOverdueSql(today))!);
  if (f.q) {
    const like = `%${f.q.replace(/[%_]/g, "")}%`;
    conds.push(
      or(
        sql`${legalAidCases.appNo} LIKE ${like}`,
        sql`${legalAidCases.decisionNo} LIKE ${like}`,
        sql`${legalAidCases.cause} LIKE ${like}`,
        can(actor, "read:summary-text")
          ? or(
              sql`${legalAidCases.applicantName} LIKE ${like}`,
              sql`EXISTS (SELECT 1 FROM ${legalAidBeneficiaries} b WHERE b.case_id = ${legalAidCases.id} AND b.name LIKE ${like})`
            )
          : sql`0`
      )!
    );
  }
  if (f.voided === "only") conds.push(isNotNull(legalAidCases.voidedAt));
  else if (f.voided !== "include") conds.push(isNull(legalAidCases.voidedAt));
  return conds;
}

function beneficiariesOf(db: Executor, caseIds: number[]) {
  if (!caseIds.length) return new Map<number, Array<{ name: string; categories: string }>>();
  const map = new Map<number, Array<{ name: string; categories: string }>>();
  for (let i = 0; i < caseIds.length; i += 500)
    for (const b of db
      .select({ caseId: legalAidBeneficiaries.caseId, name: legalAidBeneficiaries.name, categories: legalAidBeneficiaries.categories })
      .from(legalAidBeneficiaries)
      .where(inArray(legalAidBeneficiaries.caseId, caseIds.slice(i, i + 500)))
      .orderBy(asc(legalAidBeneficiaries.sortOrder))
      .all()) {
      if (!map.has(b.caseId)) map.set(b.caseId, []);
      map.get(b.caseId)!.push(b);
    }
  return map;
}

const listColumns = {
  id: legalAidCases.id,
  appNo: legalAidCases.appNo,
  decisionNo: legalAidCases.decisionNo,
  unitId: legalAidCases.unitId,
  centreName: centreUnits.name,
  receivedUnitId: legalAidCases.receivedUnitId,
  receivedName: receivedUnits.name,
  appliedOn: legalAidCases.appliedOn,
  completeOn: legalAidCases.completeOn,
  decidedOn: legalAidCases.decidedOn,
  assignedOn: legalAidCases.assignedOn,
  closedOn: legalAidCases.closedOn,
  terminatedOn: legalAidCases.terminatedOn,
  status: legalAidCases.status,
  preliminary: legalAidCases.preliminary,
  caseType: legalAidCases.caseType,
  proceeding: legalAidCases.proceeding,
  serviceForm: legalAidCases.serviceForm,
  cause: legalAidCases.cause,
  recoveredFen: legalAidCases.recoveredFen,
  providerName: legalAidProviders.name,
  voidedAt: legalAidCases.voidedAt,
};

function withPeople<T extends { id: number }>(actor: Actor, db: Executor, rows: T[], today: string) {
  const deidentified = !can(actor, "read:summary-text");
  const people = beneficiariesOf(
    db,
    rows.map((r) => r.id)
  );
  return rows.map((r) =>
    // the cause is free text: the beneficiaries' names (for de-identified lists), IDs and phones are masked in it
    maskPeopleInView(
      {
        ...r,
        beneficiaries: (people.get(r.id) ?? []).map((b) => ({
          name: deidentified ? maskName(b.name) : b.name,
          categories: splitCategories(b.categories),
        })),
        deadlines: legalAidDeadlines(r as unknown as LegalAidCase, today),
      },
      people.get(r.id) ?? [],
      { names: deidentified }
    )
  );
}

/** A page of cases with totals of the filtered set. Names are masked for readers of de-identified lists. */
export function listLegalAid({
  actor,
  filters,
  pageSize = PAGE_SIZE,
  today = todayInChina(),
}: {
  actor: Actor;
  filters: LegalAidFilters;
  pageSize?: number;
  today?: string;
}) {
  const empty = {
    rows: [] as ReturnType<typeof withPeople<{ id: number } & Record<string, never>>>,
    total: 0,
    pending: 0,
    granted: 0,
    refused: 0,
    assigned: 0,
    closed: 0,
    terminated: 0,
    beneficiaries: 0,
    recoveredFen: 0,
    overdueReview: 0,
    overdueAssignment: 0,
    page: 1,
    pages: 1,
  };
  if (!can(actor, "read:legal-aid")) return { ...empty, rows: [] };
  const db = getDb();
  const conds = filterConditions(actor, filters, db, today);
  if (!conds) return { ...empty, rows: [] };
  const where = and(...conds);
  const c = legalAidCases;
  const agg = db
    .select({
      total: sql<number>`count(*)`,
      pending: sql<number>`coalesce(sum(${c.status} = 'pending'), 0)`,
      granted: sql<number>`coalesce(sum(${c.status} IN ('granted', 'assigned', 'closed', 'terminated')), 0)`,
      refused: sql<number>`coalesce(sum(${c.status} = 'refused'), 0)`,
      assigned: sql<number>`coalesce(sum(${c.status} = 'assigned'), 0)`,
      closed: sql<number>`coalesce(sum(${c.status} = 'closed'), 0)`,
      terminated: sql<number>`coalesce(sum(${c.status} = 'terminated'), 0)`,
      beneficiaries: sql<number>`coalesce(sum((SELECT count(*) FROM ${legalAidBeneficiaries} b WHERE b.case_id = "legal_aid_cases"."id")), 0)`,
      recoveredFen: sql<number>`coalesce(sum(CASE WHEN ${c.status} = 'closed' THEN ${c.recoveredFen} END), 0)`,
      overdueReview: sql<number>`coalesce(sum(${reviewOverdueSql(today)}), 0)`,
      overdueAssignment: sql<number>`coalesce(sum(${assignOverdueSql(today)}), 0)`,
    })
    .from(c)
    .innerJoin(centreUnits, eq(centreUnits.id, c.unitId))
    .innerJoin(receivedUnits, eq(receivedUnits.id, c.receivedUnitId))
    .where(where)
    .get()!;
  const pages = Math.max(1, Math.ceil(agg.total / pageSize));
  const page = Math.min(filters.page ?? 1, pages);
  const rows = db
    .select(listColumns)
    .from(c)
    .innerJoin(centreUnits, eq(centreUnits.id, c.unitId))
    .innerJoin(receivedUnits, eq(receivedUnits.id, c.receivedUnitId))
    .leftJoin(legalAidProviders, eq(legalAidProviders.id, c.providerId))
    .where(where)
    .orderBy(desc(c.appliedOn), desc(c.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  return { ...agg, page, pages, rows: withPeople(actor, db, rows, today) };
}

/**
 * The deadline board: applications past or near the 7-day review, applications waiting for documents, grants
 * past (or within) the 3-day assignment, and assigned cases open long.
 */
export function listLegalAidDeadlines({ actor, today = todayInChina(), limit = 200 }: { actor: Actor; today?: string; limit?: number }) {
  if (!can(actor, "read:legal-aid")) return null;
  const db = getDb();
  const c = legalAidCases;
  const base = and(visibleSql(actor.unitPath), isNull(c.voidedAt));
  const q = (cond: SQL, order: SQL[]) =>
    withPeople(
      actor,
      db,
      db
        .select(listColumns)
        .from(c)
        .innerJoin(centreUnits, eq(centreUnits.id, c.unitId))
        .innerJoin(receivedUnits, eq(receivedUnits.id, c.receivedUnitId))
        .leftJoin(legalAidProviders, eq(legalAidProviders.id, c.providerId))
        .where(and(base, cond))
        .orderBy(...order)
        .limit(limit)
        .all(),
      today
    );
  const reviewCutoff = addDays(today, -LEGAL_AID_LIMITS.reviewWithinDays);
  const soonCutoff = addDays(today, -(LEGAL_AID_LIMITS.reviewWithinDays - LEGAL_AID_LIMITS.dueSoonDays));
  return {
    today,
    overdueReview: q(reviewOverdueSql(today), [asc(c.completeOn), asc(c.id)]),
    dueSoonReview: q(and(eq(c.status, "pending"), gte(c.completeOn, reviewCutoff), lte(c.completeOn, soonCutoff))!, [asc(c.completeOn), asc(c.id)]),
    waitingDocuments: q(and(eq(c.status, "pending"), isNull(c.completeOn))!, [asc(c.missingDocsOn), asc(c.id)]),
    overdueAssignment: q(assignOverdueSql(today), [asc(c.decidedOn), asc(c.id)]),
    awaitingAssignment: q(and(eq(c.status, "granted"), gte(c.decidedOn, addDays(today, -LEGAL_AID_LIMITS.assignWithinDays)))!, [
      asc(c.decidedOn),
      asc(c.id),
    ]),
    longOpen: q(and(eq(c.status, "assigned"), lt(c.assignedOn, addDays(today, -LEGAL_AID_LIMITS.longOpenDays)))!, [asc(c.assignedOn), asc(c.id)]),
  };
}

/** Counts of what needs doing now in the actor's reach (home page, deadline board). */
export function countLegalAidWork({ actor, unitId, today = todayInChina() }: { actor: Actor; unitId?: number; today?: string }) {
  if (!can(actor, "read:legal-aid")) return null;
  const db = getDb();
  const n = (f: LegalAidFilters) => {
    const conds = filterConditions(actor, { ...f, unit: unitId }, db, today);
    if (!conds) return 0;
    // bounded (issue 12): up to COUNT_CAP + 1 ("10,000+")
    return boundedCount(
      db,
      db
        .select({ one: sql`1` })
        .from(legalAidCases)
        .innerJoin(centreUnits, eq(centreUnits.id, legalAidCases.unitId))
        .innerJoin(receivedUnits, eq(receivedUnits.id, legalAidCases.receivedUnitId))
        .where(and(...conds)),
    );
  };
  return {
    pending: n({ status: "pending" }),
    overdueReview: n({ overdue: "review" }),
    granted: n({ status: "granted" }),
    overdueAssignment: n({ overdue: "assignment" }),
    assigned: n({ status: "assigned" }),
  };
}

/** Legal aid figures of a unit in reach over a period, from the summary counters, with the live overdue counts. */
export function getLegalAidFigures({
  actor,
  unitId,
  from,
  to,
  today = todayInChina(),
}: {
  actor: Actor;
  unitId: number;
  from: string;
  to: string;
  today?: string;
}) {
  if (!can(actor, "read:stats") && !can(actor, "read:legal-aid")) return null;
  const unit = getUnit({ actor, id: unitId });
  if (!unit) return null;
  const work = countLegalAidWork({ actor, unitId, today });
  return {
    ...legalAidFigures(rollup(getDb(), { unitId, from, to })),
    overdueReview: work?.overdueReview ?? 0,
    overdueAssignment: work?.overdueAssignment ?? 0,
  };
}

/**
 * One case as the actor may see it (null outside their reach). ID numbers, phones and addresses are masked unless
 * `reveal` is asked by someone allowed to see them; each such full view is audited.
 */
export function getLegalAid({
  actor,
  id,
  reveal = false,
  ip,
  today = todayInChina(),
}: {
  actor: Actor;
  id: number;
  reveal?: boolean;
  ip?: string | null;
  today?: string;
}) {
  if (!can(actor, "read:legal-aid")) return null;
  const db = getDb();
  const c = loadCase(db, id);
  if (!c || !mayRead(actor, c)) return null;
  const deidentified = !can(actor, "read:summary-text");
  const mayReveal = can(actor, "read:personal");
  const revealed = reveal && mayReveal;
  if (revealed)
    db.transaction((tx) => audit(tx, { userId: actor.id, action: "view_personal", entity: "legal_aid", entityId: id, unitId: c.unitId, ip }));
  const people = db
    .select()
    .from(legalAidBeneficiaries)
    .where(eq(legalAidBeneficiaries.caseId, id))
    .orderBy(asc(legalAidBeneficiaries.sortOrder))
    .all();
  const provider = c.providerId ? db.select().from(legalAidProviders).where(eq(legalAidProviders.id, c.providerId)).get() ?? null : null;
  const assignments = db
    .select({
      id: legalAidAssignments.id,
      assignmentNo: legalAidAssignments.assignmentNo,
      assignedOn: legalAidAssignments.assignedOn,
      reason: legalAidAssignments.reason,
      providerName: legalAidProviders.name,
      providerKind: legalAidProviders.kind,
      firmName: legalAidProviders.firmName,
      byName: users.displayName,
    })
    .from(legalAidAssignments)
    .innerJoin(legalAidProviders, eq(legalAidProviders.id, legalAidAssignments.providerId))
    .innerJoin(users, eq(users.id, legalAidAssignments.byUserId))
    .where(eq(legalAidAssignments.caseId, id))
    .orderBy(asc(legalAidAssignments.assignedOn), asc(legalAidAssignments.id))
    .all();
  const progress = db
    .select({ id: legalAidProgress.id, notedOn: legalAidProgress.notedOn, note: legalAidProgress.note, byName: users.displayName })
    .from(legalAidProgress)
    .innerJoin(users, eq(users.id, legalAidProgress.byUserId))
    .where(eq(legalAidProgress.caseId, id))
    .orderBy(asc(legalAidProgress.notedOn), asc(legalAidProgress.id))
    .all();
  const createdBy = db.select({ name: users.displayName }).from(users).where(eq(users.id, c.createdById)).get();
  const consultation = c.referredFromConsultationId
    ? db
        .select({ id: consultations.id, date: consultations.date, unitName: units.name, path: units.path })
        .from(consultations)
        .innerJoin(units, eq(units.id, consultations.unitId))
        .where(eq(consultations.id, c.referredFromConsultationId))
        .get()
    : undefined;
  const mediation = c.referredFromMediationId
    ? db
        .select({ id: mediations.id, caseNo: mediations.caseNo, unitName: units.name, path: units.path })
        .from(mediations)
        .innerJoin(units, eq(units.id, mediations.unitId))
        .where(eq(mediations.id, c.referredFromMediationId))
        .get()
    : undefined;
  const writes = can(actor, "write:legal-aid") && !c.voidedAt;
  const atCentre = writes && handles(actor, c);
  const decides = atCentre && canDecideLegalAid(actor, db);
  const { centrePath: _cp, receivedPath: _rp, ...rest } = c;
  const view = {
    ...rest,
    matter: deidentified ? "" : c.matter,
    closingReport: deidentified ? "" : c.closingReport,
    applicantName: deidentified ? maskName(c.applicantName) : c.applicantName,
    applicantPhone: revealed ? c.applicantPhone : maskPhone(c.applicantPhone),
    applicantIdNumber: revealed ? c.applicantIdNumber : maskIdNumber(c.applicantIdNumber),
    beneficiaries: people.map((b) => ({
      id: b.id,
      name: deidentified ? maskName(b.name) : b.name,
      gender: b.gender,
      birthDate: revealed ? b.birthDate : null,
      idNumber: revealed ? b.idNumber : maskIdNumber(b.idNumber),
      phone: revealed ? b.phone : maskPhone(b.phone),
      address: revealed ? b.address : deidentified ? "" : maskAddress(b.address),
      categories: splitCategories(b.categories),
    })),
    provider: provider ? { id: provider.id, name: provider.name, kind: provider.kind, firmName: provider.firmName, phone: provider.phone } : null,
    assignments,
    progress: deidentified ? [] : progress,
    createdByName: createdBy?.name ?? "",
    // a referral's link is shown only when its record is in the actor's reach
    consultation:
      consultation && inJurisdiction(actor, consultation.path)
        ? { id: consultation.id, date: consultation.date, unitName: consultation.unitName }
        : null,
    mediation:
      mediation && inJurisdiction(actor, mediation.path) ? { id: mediation.id, caseNo: mediation.caseNo, unitName: mediation.unitName } : null,
    deadlines: legalAidDeadlines(c, today),
    revealed,
    can: {
      reveal: mayReveal && !revealed,
      edit: writes && (atCentre || (c.status === "pending" && inJurisdiction(actor, c.receivedPath))),
      missingDocs: atCentre && c.status === "pending" && !c.missingDocsOn,
      complete: atCentre && c.status === "pending" && !c.completeOn,
      decide: decides && c.status === "pending",
      assign: atCentre && c.status === "granted",
      progress: atCentre && c.status === "assigned",
      reassign: atCentre && c.status === "assigned",
      close: atCentre && c.status === "assigned",
      terminate: atCentre && (c.status === "granted" || c.status === "assigned"),
      quality: decides && (c.status === "closed" || c.status === "terminated"),
      followup: atCentre && (c.status === "closed" || c.status === "terminated"),
      void: can(actor, "void:legal-aid") && handles(actor, c) && !c.voidedAt,
      print: !deidentified,
    },
  };
  // the same people inside the free text (reasons, notes, the documents listed missing): masked as in the fields
  // above; the assigned lawyer's office phone is not a party's
  const known = [...people, { name: c.applicantName, idNumber: c.applicantIdNumber, phone: c.applicantPhone }];
  return revealed ? view : maskPeopleInView(view, known, { names: deidentified, keep: ["provider"] });
}
export type LegalAidDetail = NonNullable<ReturnType<typeof getLegalAid>>;

/**
 * A printable document with the full personal data (申请表, 给予/不予法律援助决定书, 指派通知书): for those who may
 * read personal data; every print is audited. Null when out of reach, not allowed, or the document does not exist yet.
 */
export function getLegalAidForPrint({
  actor,
  id,
  doc,
  ip,
}: {
  actor: Actor;
  id: number;
  doc: "application" | "decision" | "refusal" | "assignment" | "supplement" | "termination";
  ip?: string | null;
}) {
  if (!can(actor, "read:legal-aid") || !can(actor, "read:summary-text") || !can(actor, "read:personal")) return null;
  const db = getDb();
  const c = loadCase(db, id);
  if (!c || !mayRead(actor, c) || c.voidedAt) return null;
  if (doc === "decision" && !(GRANTED_LEGAL_AID_STATUSES.includes(c.status as never) && c.decisionNo)) return null;
  if (doc === "refusal" && c.status !== "refused") return null;
  if (doc === "assignment" && !c.assignmentNo) return null;
  if (doc === "supplement" && !c.missingDocsOn) return null;
  if (doc === "termination" && c.status !== "terminated") return null;
  const people = db
    .select()
    .from(legalAidBeneficiaries)
    .where(eq(legalAidBeneficiaries.caseId, id))
    .orderBy(asc(legalAidBeneficiaries.sortOrder))
    .all();
  const provider = c.providerId ? db.select().from(legalAidProviders).where(eq(legalAidProviders.id, c.providerId)).get() ?? null : null;
  const lastAssignment = db
    .select({ assignedOn: legalAidAssignments.assignedOn })
    .from(legalAidAssignments)
    .where(eq(legalAidAssignments.caseId, id))
    .orderBy(desc(legalAidAssignments.assignedOn), desc(legalAidAssignments.id))
    .limit(1)
    .get();
  db.transaction((tx) => audit(tx, { userId: actor.id, action: "print", entity: "legal_aid", entityId: id, unitId: c.unitId, after: { doc }, ip }));
  const { centrePath: _cp, receivedPath: _rp, ...rest } = c;
  return {
    ...rest,
    beneficiaries: people.map((b) => ({ ...b, categories: splitCategories(b.categories) })),
    provider,
    /** the day of the current assignment (a reassignment's own notice carries its day) */
    currentAssignmentOn: lastAssignment?.assignedOn ?? c.assignedOn,
  };
}

// ---- providers -------------------------------------------------------------------------------------------------

/** Legal aid centres in the actor's reach (their own handling centre first), for the providers page. */
export function listLegalAidCentres({ actor }: { actor: Actor }) {
  if (!can(actor, "read:legal-aid")) return [];
  const db = getDb();
  const own = handlingCentreFor(db, actor.unitPath);
  const inSubtree = db
    .select({ id: units.id, name: units.name, shortName: units.shortName, path: units.path, type: units.type })
    .from(units)
    .where(and(pathInSubtree(units.path, actor.unitPath), eq(units.type, "legal_aid_centre")))
    .orderBy(asc(units.path))
    .all();
  const list = [own, ...inSubtree.filter((u) => u.id !== own.id)].filter((u) => inJurisdiction(actor, u.path));
  return list.map((u) => ({ id: u.id, name: u.name }));
}

/** The providers of a centre in the actor's reach (active ones unless asked). */
export function listLegalAidProviders({ actor, centreId, includeInactive = false }: { actor: Actor; centreId: number; includeInactive?: boolean }) {
  if (!can(actor, "read:legal-aid")) return [];
  const db = getDb();
  const centre = getUnit({ actor, id: centreId, db });
  if (!centre) return [];
  return db
    .select({
      id: legalAidProviders.id,
      name: legalAidProviders.name,
      kind: legalAidProviders.kind,
      firmName: legalAidProviders.firmName,
      phone: legalAidProviders.phone,
      active: legalAidProviders.active,
      // the qualified name: ${legalAidProviders.id} renders as a bare "id" in a one-table select (the case's own id)
      openCases: sql<number>`(SELECT count(*) FROM ${legalAidCases} c WHERE c.provider_id = "legal_aid_providers"."id" AND c.status = 'assigned' AND c.voided_at IS NULL)`,
    })
    .from(legalAidProviders)
    .where(and(eq(legalAidProviders.centreId, centreId), includeInactive ? undefined : eq(legalAidProviders.active, true)))
    .orderBy(asc(legalAidProviders.kind), asc(legalAidProviders.firmName), asc(legalAidProviders.name))
    .all();
}

/** Providers a case's assignment may pick: the active ones of its handling centre. */
export function listProvidersForCase({ actor, caseId }: { actor: Actor; caseId: number }) {
  const db = getDb();
  const c = loadCase(db, caseId);
  if (!c || !handles(actor, c)) return [];
  return db
    .select({ id: legalAidProviders.id, name: legalAidProviders.name, kind: legalAidProviders.kind, firmName: legalAidProviders.firmName })
    .from(legalAidProviders)
    .where(and(eq(legalAidProviders.centreId, c.unitId), eq(legalAidProviders.active, true)))
    .orderBy(asc(legalAidProviders.kind), asc(legalAidProviders.firmName), asc(legalAidProviders.name))
    .all();
}

export function addLegalAidProvider({
  actor,
  centreId,
  data,
  ip,
}: {
  actor: Actor;
  centreId: number;
  data: LegalAidProviderValues;
  ip?: string | null;
}): Result<{ id: number }> {
  if (!can(actor, "write:legal-aid")) return fail(403, {}, "err.forbidden");
  const db = getDb();
  const centre = getUnit({ actor, id: centreId, db });
  if (!centre) return fail(404, {}, "err.notFound");
  if (handlingCentreFor(db, centre.path).id !== centre.id) return fail(400, {}, "err.la.notACentre");
  return db.transaction((tx) => {
    const row = tx
      .insert(legalAidProviders)
      .values({ centreId, name: data.name, kind: data.kind, firmName: data.firmName || null, phone: data.phone || null })
      .returning()
      .get();
    audit(tx, { userId: actor.id, action: "create", entity: "legal_aid_provider", entityId: row.id, unitId: centreId, after: row, ip });
    return { ok: true as const, value: { id: row.id } };
  });
}

export function setLegalAidProviderActive({ actor, id, active, ip }: { actor: Actor; id: number; active: boolean; ip?: string | null }): Result {
  if (!can(actor, "write:legal-aid")) return fail(403, {}, "err.forbidden");
  const db = getDb();
  const row = db
    .select({ p: legalAidProviders, path: units.path })
    .from(legalAidProviders)
    .innerJoin(units, eq(units.id, legalAidProviders.centreId))
    .where(eq(legalAidProviders.id, id))
    .get();
  if (!row || !inJurisdiction(actor, row.path)) return fail(404, {}, "err.notFound");
  return db.transaction((tx) => {
    tx.update(legalAidProviders).set({ active, updatedAt: new Date().toISOString() }).where(eq(legalAidProviders.id, id)).run();
    audit(tx, {
      userId: actor.id,
      action: active ? "activate" : "deactivate",
      entity: "legal_aid_provider",
      entityId: id,
      unitId: row.p.centreId,
      before: { active: row.p.active },
      after: { active },
      ip,
    });
    return { ok: true as const, value: null };
  });
}

/** Units at which the actor may take an application: their active subtree. */
export { listUnits as listReceivingUnits } from "./units.server";

/** The centre that will handle applications taken at the actor's unit (shown on the application form). */
export function getHandlingCentre({ actor }: { actor: Actor }) {
  const c = handlingCentreFor(getDb(), actor.unitPath);
  return { id: c.id, name: c.name };
}

/**
 * What a referral brings to a new application: the consultation's unit, date, categories and summary, or the
 * failed mediation's applicant and summary. Null fields when the record is out of reach.
 */
export function referralPrefill({
  actor,
  fromConsultation,
  fromMediation,
}: {
  actor: Actor;
  fromConsultation?: number | null;
  fromMediation?: number | null;
}) {
  const db = getDb();
  const out: {
    consultationId: number | null;
    mediationId: number | null;
    receivedUnitId: number | null;
    categories: string[];
    matter: string;
    name: string;
    phone: string;
    caseType: string | null;
  } = {
    consultationId: null,
    mediationId: null,
    receivedUnitId: null,
    categories: [],
    matter: "",
    name: "",
    phone: "",
    caseType: null,
  };
  const summaries = can(actor, "read:summary-text");
  if (fromConsultation) {
    const row = db
      .select({ c: consultations, path: units.path })
      .from(consultations)
      .innerJoin(units, eq(units.id, consultations.unitId))
      .where(and(eq(consultations.id, fromConsultation), isNull(consultations.voidedAt)))
      .get();
    if (row && inJurisdiction(actor, row.path)) {
      out.consultationId = row.c.id;
      out.receivedUnitId = row.c.unitId;
      out.categories = splitCategories(row.c.categories);
      out.matter = summaries ? row.c.summary : "";
      out.caseType = row.c.topic === "criminal" ? "criminal" : row.c.topic === "administrative" ? "administrative" : "civil";
    }
  }
  if (fromMediation) {
    const row = db
      .select({ m: mediations, path: units.path })
      .from(mediations)
      .innerJoin(units, eq(units.id, mediations.unitId))
      .where(and(eq(mediations.id, fromMediation), isNull(mediations.voidedAt)))
      .get();
    if (row && inJurisdiction(actor, row.path)) {
      out.mediationId = row.m.id;
      out.receivedUnitId ??= row.m.unitId;
      out.caseType ??= "civil";
      out.matter = summaries ? [row.m.summary, row.m.failureReason ? `调解未成功：${row.m.failureReason}` : ""].filter(Boolean).join("\n") : "";
      const applicant = db
        .select({ name: mediationParties.name, phone: mediationParties.phone, kind: mediationParties.kind })
        .from(mediationParties)
        .where(and(eq(mediationParties.mediationId, row.m.id), eq(mediationParties.side, "applicant")))
        .orderBy(asc(mediationParties.sortOrder))
        .get();
      if (applicant && applicant.kind === "person" && summaries) {
        out.name = applicant.name;
        out.phone = applicant.phone ?? "";
      }
    }
  }
  return out;
}

/**
 * The cases of the list's filters for the 台账 export (ledger-export.server.ts), oldest application first: the count
 * of the whole filtered set and, when it is at most `limit`, their ids. Null when the unit asked for is out of reach.
 */
export function listLegalAidIdsForLedger({ actor, filters, limit, today = todayInChina() }: { actor: Actor; filters: LegalAidFilters; limit: number; today?: string }) {
  if (!can(actor, "read:legal-aid")) return null;
  const db = getDb();
  const conds = filterConditions(actor, filters, db, today);
  if (!conds) return null;
  const where = and(...conds);
  const c = legalAidCases;
  const base = () =>
    db
      .select({ id: c.id })
      .from(c)
      .innerJoin(centreUnits, eq(centreUnits.id, c.unitId))
      .innerJoin(receivedUnits, eq(receivedUnits.id, c.receivedUnitId))
      .where(where);
  const total = db
    .select({ n: sql<number>`count(*)` })
    .from(c)
    .innerJoin(centreUnits, eq(centreUnits.id, c.unitId))
    .innerJoin(receivedUnits, eq(receivedUnits.id, c.receivedUnitId))
    .where(where)
    .get()!.n;
  if (total > limit) return { total, ids: [] as number[] };
  return { total, ids: base().orderBy(asc(c.appliedOn), asc(c.id)).all().map((r) => r.id) };
}
