/**
 * Reading legal aid cases (法律援助): the lists and their 台账 ids, a case's page and its print view, the deadline
 * board and the work counts, the figures, referral prefill. Writes are in legal-aid.server.ts and the lifecycle table.
 */
import { boundedCount } from "./list-paging.server";
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { consultations, legalAidAssignments, legalAidBeneficiaries, legalAidCases, legalAidProgress, legalAidProviders, mediationParties, mediations, units, users, type LegalAidCase } from "../../db/schema";
import { getDb, type Executor } from "~/utils/db.server";
import { audit } from "~/utils/audit.server";
import { can, inJurisdiction, type Actor } from "~/utils/permissions";
import { addDays, daysBetween, todayInChina } from "~/utils/dates";
import { maskAddress, maskIdNumber, maskName, maskPeopleInView, maskPhone } from "~/utils/mask";
import { GRANTED_LEGAL_AID_STATUSES, LEGAL_AID_LIMITS, LEGAL_AID_SPECIAL_GROUPS, OPEN_LEGAL_AID_STATUSES } from "~/schemas/enums";
import { assignmentDueOn, reviewDueOn, type LegalAidFilters } from "~/schemas/legal-aid";
import { rollup } from "./counters.server";
import { legalAidFigures, splitCategories } from "./counting-rules";
import { subtreeRange } from "./unit-paths";
import { getUnit } from "./units.server";
import { PAGE_SIZE, canDecideLegalAid, centreUnits, handles, handlingCentreFor, loadCase, mayRead, receivedUnits, visibleSql } from "./legal-aid.server";

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
export type LegalAidDeadlines = Awaited<ReturnType<typeof legalAidDeadlines>>;

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
async function filterConditions(actor: Actor, f: LegalAidFilters, db: Executor, today: string): Promise<SQL[] | null> {
  const conds: SQL[] = [visibleSql(actor.unitPath)];
  if (f.unit) {
    const unit = await getUnit({ actor, id: f.unit, db });
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
          : sql`FALSE`
      )!
    );
  }
  if (f.voided === "only") conds.push(isNotNull(legalAidCases.voidedAt));
  else if (f.voided !== "include") conds.push(isNull(legalAidCases.voidedAt));
  return conds;
}

async function beneficiariesOf(db: Executor, caseIds: number[]) {
  if (!caseIds.length) return new Map<number, Array<{ name: string; categories: string }>>();
  const map = new Map<number, Array<{ name: string; categories: string }>>();
  for (let i = 0; i < caseIds.length; i += 500)
    for (const b of await db
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

async function withPeople<T extends { id: number }>(actor: Actor, db: Executor, rows: T[], today: string) {
  const deidentified = !can(actor, "read:summary-text");
  const people = await beneficiariesOf(
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
export async function listLegalAid({
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
    rows: [] as Awaited<ReturnType<typeof withPeople<{ id: number } & Record<string, never>>>>,
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
  const conds = await filterConditions(actor, filters, db, today);
  if (!conds) return { ...empty, rows: [] };
  const where = and(...conds);
  const c = legalAidCases;
  const agg = (await db
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
    .get())!;
  const pages = Math.max(1, Math.ceil(agg.total / pageSize));
  const page = Math.min(filters.page ?? 1, pages);
  const rows = await db
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
  return { ...agg, page, pages, rows: await withPeople(actor, db, rows, today) };
}

/**
 * The deadline board: applications past or near the 7-day review, applications waiting for documents, grants
 * past (or within) the 3-day assignment, and assigned cases open long.
 */
export async function listLegalAidDeadlines({ actor, today = todayInChina(), limit = 200 }: { actor: Actor; today?: string; limit?: number }) {
  if (!can(actor, "read:legal-aid")) return null;
  const db = getDb();
  const c = legalAidCases;
  const base = and(visibleSql(actor.unitPath), isNull(c.voidedAt));
  const q = async (cond: SQL, order: SQL[]) =>
    await withPeople(
      actor,
      db,
      await db
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
    overdueReview: await q(reviewOverdueSql(today), [asc(c.completeOn), asc(c.id)]),
    dueSoonReview: await q(and(eq(c.status, "pending"), gte(c.completeOn, reviewCutoff), lte(c.completeOn, soonCutoff))!, [asc(c.completeOn), asc(c.id)]),
    waitingDocuments: await q(and(eq(c.status, "pending"), isNull(c.completeOn))!, [asc(c.missingDocsOn), asc(c.id)]),
    overdueAssignment: await q(assignOverdueSql(today), [asc(c.decidedOn), asc(c.id)]),
    awaitingAssignment: await q(and(eq(c.status, "granted"), gte(c.decidedOn, addDays(today, -LEGAL_AID_LIMITS.assignWithinDays)))!, [
      asc(c.decidedOn),
      asc(c.id),
    ]),
    longOpen: await q(and(eq(c.status, "assigned"), lt(c.assignedOn, addDays(today, -LEGAL_AID_LIMITS.longOpenDays)))!, [asc(c.assignedOn), asc(c.id)]),
  };
}

/** Counts of what needs doing now in the actor's reach (home page, deadline board). */
export async function countLegalAidWork({ actor, unitId, today = todayInChina() }: { actor: Actor; unitId?: number; today?: string }) {
  if (!can(actor, "read:legal-aid")) return null;
  const db = getDb();
  const n = async (f: LegalAidFilters) => {
    const conds = await filterConditions(actor, { ...f, unit: unitId }, db, today);
    if (!conds) return 0;
    // bounded (issue 12): up to COUNT_CAP + 1 ("10,000+")
    return await boundedCount(
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
    pending: await n({ status: "pending" }),
    overdueReview: await n({ overdue: "review" }),
    granted: await n({ status: "granted" }),
    overdueAssignment: await n({ overdue: "assignment" }),
    assigned: await n({ status: "assigned" }),
  };
}

/** Legal aid figures of a unit in reach over a period, from the summary counters, with the live overdue counts. */
export async function getLegalAidFigures({
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
  const unit = await getUnit({ actor, id: unitId });
  if (!unit) return null;
  const work = await countLegalAidWork({ actor, unitId, today });
  return {
    ...legalAidFigures(await rollup(getDb(), { unitId, from, to })),
    overdueReview: work?.overdueReview ?? 0,
    overdueAssignment: work?.overdueAssignment ?? 0,
  };
}

/**
 * One case as the actor may see it (null outside their reach). ID numbers, phones and addresses are masked unless
 * `reveal` is asked by someone allowed to see them; each such full view is audited.
 */
export async function getLegalAid({
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
  const c = await loadCase(db, id);
  if (!c || !mayRead(actor, c)) return null;
  const deidentified = !can(actor, "read:summary-text");
  const mayReveal = can(actor, "read:personal");
  const revealed = reveal && mayReveal;
  if (revealed)
    await db.transaction(async (tx) => await audit(tx, { userId: actor.id, action: "view_personal", entity: "legal_aid", entityId: id, unitId: c.unitId, ip }));
  const people = await db
    .select()
    .from(legalAidBeneficiaries)
    .where(eq(legalAidBeneficiaries.caseId, id))
    .orderBy(asc(legalAidBeneficiaries.sortOrder))
    .all();
  const provider = c.providerId ? await db.select().from(legalAidProviders).where(eq(legalAidProviders.id, c.providerId)).get() ?? null : null;
  const assignments = await db
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
  const progress = await db
    .select({ id: legalAidProgress.id, notedOn: legalAidProgress.notedOn, note: legalAidProgress.note, byName: users.displayName })
    .from(legalAidProgress)
    .innerJoin(users, eq(users.id, legalAidProgress.byUserId))
    .where(eq(legalAidProgress.caseId, id))
    .orderBy(asc(legalAidProgress.notedOn), asc(legalAidProgress.id))
    .all();
  const createdBy = await db.select({ name: users.displayName }).from(users).where(eq(users.id, c.createdById)).get();
  const consultation = c.referredFromConsultationId
    ? await db
        .select({ id: consultations.id, date: consultations.date, unitName: units.name, path: units.path })
        .from(consultations)
        .innerJoin(units, eq(units.id, consultations.unitId))
        .where(eq(consultations.id, c.referredFromConsultationId))
        .get()
    : undefined;
  const mediation = c.referredFromMediationId
    ? await db
        .select({ id: mediations.id, caseNo: mediations.caseNo, unitName: units.name, path: units.path })
        .from(mediations)
        .innerJoin(units, eq(units.id, mediations.unitId))
        .where(eq(mediations.id, c.referredFromMediationId))
        .get()
    : undefined;
  const writes = can(actor, "write:legal-aid") && !c.voidedAt;
  const atCentre = writes && handles(actor, c);
  const decides = atCentre && await canDecideLegalAid(actor, db);
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
export type LegalAidDetail = NonNullable<Awaited<ReturnType<typeof getLegalAid>>>;

/**
 * A printable document with the full personal data (申请表, 给予/不予法律援助决定书, 指派通知书): for those who may
 * read personal data; every print is audited. Null when out of reach, not allowed, or the document does not exist yet.
 */
export async function getLegalAidForPrint({
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
  const c = await loadCase(db, id);
  if (!c || !mayRead(actor, c) || c.voidedAt) return null;
  if (doc === "decision" && !(GRANTED_LEGAL_AID_STATUSES.includes(c.status as never) && c.decisionNo)) return null;
  if (doc === "refusal" && c.status !== "refused") return null;
  if (doc === "assignment" && !c.assignmentNo) return null;
  if (doc === "supplement" && !c.missingDocsOn) return null;
  if (doc === "termination" && c.status !== "terminated") return null;
  const people = await db
    .select()
    .from(legalAidBeneficiaries)
    .where(eq(legalAidBeneficiaries.caseId, id))
    .orderBy(asc(legalAidBeneficiaries.sortOrder))
    .all();
  const provider = c.providerId ? await db.select().from(legalAidProviders).where(eq(legalAidProviders.id, c.providerId)).get() ?? null : null;
  const lastAssignment = await db
    .select({ assignedOn: legalAidAssignments.assignedOn })
    .from(legalAidAssignments)
    .where(eq(legalAidAssignments.caseId, id))
    .orderBy(desc(legalAidAssignments.assignedOn), desc(legalAidAssignments.id))
    .limit(1)
    .get();
  await db.transaction(async (tx) => await audit(tx, { userId: actor.id, action: "print", entity: "legal_aid", entityId: id, unitId: c.unitId, after: { doc }, ip }));
  const { centrePath: _cp, receivedPath: _rp, ...rest } = c;
  return {
    ...rest,
    beneficiaries: people.map((b) => ({ ...b, categories: splitCategories(b.categories) })),
    provider,
    /** the day of the current assignment (a reassignment's own notice carries its day) */
    currentAssignmentOn: lastAssignment?.assignedOn ?? c.assignedOn,
  };
}


export { listUnits as listReceivingUnits } from "./units.server";

/** The centre that will handle applications taken at the actor's unit (shown on the application form). */
export async function getHandlingCentre({ actor }: { actor: Actor }) {
  const c = await handlingCentreFor(getDb(), actor.unitPath);
  return { id: c.id, name: c.name };
}

/**
 * What a referral brings to a new application: the consultation's unit, date, categories and summary, or the
 * failed mediation's applicant and summary. Null fields when the record is out of reach.
 */
export async function referralPrefill({
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
    const row = await db
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
    const row = await db
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
      const applicant = await db
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
export async function listLegalAidIdsForLedger({ actor, filters, limit, today = todayInChina() }: { actor: Actor; filters: LegalAidFilters; limit: number; today?: string }) {
  if (!can(actor, "read:legal-aid")) return null;
  const db = getDb();
  const conds = await filterConditions(actor, filters, db, today);
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
  const total = (await db
    .select({ n: sql<number>`count(*)` })
    .from(c)
    .innerJoin(centreUnits, eq(centreUnits.id, c.unitId))
    .innerJoin(receivedUnits, eq(receivedUnits.id, c.receivedUnitId))
    .where(where)
    .get())!.n;
  if (total > limit) return { total, ids: [] as number[] };
  return { total, ids: (await base().orderBy(asc(c.appliedOn), asc(c.id)).all()).map((r) => r.id) };
}
