/**
 * The lifecycle of a legal aid case, declared once: pending (申请·审查) → granted | refused → assigned → closed |
 * terminated, with the review's side steps (一次性告知, 材料补齐), reassignment, progress notes, quality review,
 * follow-up and void. Each entry says where it may start, who may take it, its schema (app/schemas/legal-aid.ts)
 * and its effect; app/models/lifecycle/executor.server.ts runs any of them. The functions of
 * app/models/legal-aid.server.ts (grantLegalAid …) and the API's step endpoints are thin callers.
 */
import { desc, eq } from "drizzle-orm";
import type { z } from "zod";
import { legalAidAssignments, legalAidCases, legalAidProgress } from "../../../db/schema";
import { rawGet, type Executor } from "~/utils/db.server";
import { daysBetween } from "~/utils/dates";
import { insertRow } from "~/utils/rows.server";
import { LEGAL_AID_LIMITS } from "~/schemas/enums";
import {
  LegalAidAssignSchema,
  LegalAidCloseSchema,
  LegalAidCompleteSchema,
  LegalAidFollowupSchema,
  LegalAidGrantSchema,
  LegalAidMissingDocsSchema,
  LegalAidProgressSchema,
  LegalAidQualitySchema,
  LegalAidReassignSchema,
  LegalAidRefuseSchema,
  LegalAidTerminateSchema,
  LegalAidVoidSchema,
} from "~/schemas/legal-aid";
import { canDecideLegalAid, contributionsOf, handles, loadCase, mayRead, nextNo, type LoadedCase } from "../legal-aid.server";
import { refuse, type LifecycleKind, type StepDef } from "./executor.server";

type Case = LoadedCase;

export const LEGAL_AID_KIND: LifecycleKind<Case> = {
  name: "legal-aid",
  title: "法律援助案件",
  versioned: {
    table: legalAidCases,
    entity: "legal_aid",
    contributionsOf: async (db, c) => await contributionsOf(db, c),
  },
  async load(tx, actor, id) {
    const c = await loadCase(tx, id);
    if (!c || !mayRead(actor, c)) return refuse(404, {}, "err.notFound");
    if (c.voidedAt) return refuse(409, {}, "err.alreadyVoided");
    if (!handles(actor, c)) return refuse(403, {}, "err.la.notHandlingCentre");
    return { ok: true, value: c };
  },
};

const FINISHED = ["closed", "terminated", "refused"];
/** A step of an open case refused because the case was finished meanwhile, or for its own reason. */
const unlessFinished = (formError: string, fieldErrors?: Record<string, string>) => (c: Case) =>
  FINISHED.includes(c.status) ? { formError: "err.la.alreadyFinished" } : { formError, fieldErrors };

const decides = async (tx: Executor, actor: Parameters<typeof canDecideLegalAid>[0]) => (await canDecideLegalAid(actor, tx) ? null : "err.la.cannotDecide");

const centreOf = (c: Case) => ({ id: c.unitId, name: c.centreName, shortName: c.centreShortName });

async function checkProvider(db: Executor, centreId: number, providerId: number) {
  // a plain statement: a history import assigns most of its cases (app/utils/rows.server.ts)
  return !!(await rawGet(db, `SELECT 1 FROM legal_aid_providers WHERE id = ? AND centre_id = ? AND active = TRUE`, [providerId, centreId]));
}

const finishedOn = (c: Case) => (c.status === "closed" ? c.closedOn : c.status === "terminated" ? c.terminatedOn : null);

const step = <S extends z.core.$ZodType, V>(s: StepDef<Case, S, V>) => s;

export const LEGAL_AID_STEPS = {
  /** 一次性告知: lists the missing documents, once; the review waits until the application is complete. */
  missing: step({
    name: "missing",
    title: "一次性告知补充材料",
    audit: "missing_documents",
    from: ["pending"],
    fromError: "err.la.notPending",
    permission: "write:legal-aid",
    schema: LegalAidMissingDocsSchema,
    apply: ({ record: c, data }) => {
      if (c.missingDocsOn) return refuse(409, { missingDocs: "err.la.missingOnce" }, "err.la.missingOnce");
      if (data.listedOn < c.appliedOn) return refuse(400, { listedOn: "err.la.beforeApplication" });
      return { set: { missingDocs: data.missingDocs, missingDocsOn: data.listedOn, completeOn: null }, value: null };
    },
  }),

  /** 材料补齐: the application is complete from this day; the 7-day review starts. */
  complete: step({
    name: "complete",
    title: "材料补齐",
    from: ["pending"],
    fromError: "err.la.notPending",
    permission: "write:legal-aid",
    schema: LegalAidCompleteSchema,
    apply: ({ record: c, data }) => {
      if (c.completeOn) return refuse(409, {}, "err.la.alreadyComplete");
      if (data.completeOn < (c.missingDocsOn ?? c.appliedOn)) return refuse(400, { completeOn: "err.la.beforeMissingListed" });
      return { set: { completeOn: data.completeOn }, value: null };
    },
  }),

  /** 准予法律援助: on a complete application, or 先行援助 when a limitation deadline is under 7 days away. Number 援决. */
  grant: step({
    name: "grant",
    title: "准予法律援助",
    from: ["pending"],
    fromError: "err.la.notPending",
    permission: "write:legal-aid",
    guard: async (tx, actor) => await decides(tx, actor),
    schema: LegalAidGrantSchema,
    apply: async ({ tx, record: c, data }) => {
      if (data.decidedOn < c.appliedOn) return refuse(400, { decidedOn: "err.la.beforeApplication" });
      if (data.preliminary) {
        if (!data.limitationDeadline) return refuse(400, { limitationDeadline: "err.la.needLimitation" });
        if (data.limitationDeadline < data.decidedOn) return refuse(400, { limitationDeadline: "err.la.limitationPassed" });
        if (daysBetween(data.decidedOn, data.limitationDeadline) >= LEGAL_AID_LIMITS.preliminaryUrgentDays)
          return refuse(400, { limitationDeadline: "err.la.notUrgent" });
      } else {
        if (!c.completeOn) return refuse(409, { decidedOn: "err.la.notComplete" }, "err.la.notComplete");
        if (data.decidedOn < c.completeOn) return refuse(400, { decidedOn: "err.la.beforeComplete" });
      }
      const { no, year, seq } = await nextNo(tx, centreOf(c), "decide", data.decidedOn);
      return {
        set: {
          status: "granted",
          decidedOn: data.decidedOn,
          decisionNo: no,
          decisionYear: year,
          decisionSeq: seq,
          preliminary: data.preliminary,
          limitationDeadline: data.preliminary ? data.limitationDeadline ?? null : null,
        },
        value: { decisionNo: no },
      };
    },
  }),

  /** 不予法律援助, with the written reasons (printed on the notice). Number 援决. */
  refuse: step({
    name: "refuse",
    title: "不予法律援助",
    from: ["pending"],
    fromError: "err.la.notPending",
    permission: "write:legal-aid",
    guard: async (tx, actor) => await decides(tx, actor),
    schema: LegalAidRefuseSchema,
    apply: async ({ tx, record: c, data }) => {
      if (data.decidedOn < c.appliedOn) return refuse(400, { decidedOn: "err.la.beforeApplication" });
      if (c.completeOn && data.decidedOn < c.completeOn) return refuse(400, { decidedOn: "err.la.beforeComplete" });
      if (data.refusalReason.trim().length < 8) return refuse(400, { refusalReason: "err.la.reasonTooShort" });
      const { no, year, seq } = await nextNo(tx, centreOf(c), "decide", data.decidedOn);
      return {
        set: { status: "refused", decidedOn: data.decidedOn, decisionNo: no, decisionYear: year, decisionSeq: seq, refusalReason: data.refusalReason },
        value: { decisionNo: no },
      };
    },
  }),

  /** 指派 a lawyer, law firm or legal-service worker of the centre's list to a granted case. Number 援指. */
  assign: step({
    name: "assign",
    title: "指派承办人",
    from: ["granted"],
    refused: (c) =>
      c.status === "assigned"
        ? { formError: "err.la.alreadyAssigned" }
        : unlessFinished("err.la.notGranted", { assignedOn: "err.la.notGranted" })(c),
    permission: "write:legal-aid",
    schema: LegalAidAssignSchema,
    apply: async ({ tx, actor, record: c, data }) => {
      if (!c.decidedOn) return refuse(409, { assignedOn: "err.la.notGranted" }, "err.la.notGranted");
      if (data.assignedOn < c.decidedOn) return refuse(400, { assignedOn: "err.la.beforeGrant" });
      if (!await checkProvider(tx, c.unitId, data.providerId)) return refuse(400, { providerId: "err.la.providerOutside" });
      const { no, year, seq } = await nextNo(tx, centreOf(c), "assign", data.assignedOn);
      await insertRow(tx, legalAidAssignments, {
        caseId: c.id,
        providerId: data.providerId,
        assignmentNo: no,
        assignmentYear: year,
        assignmentSeq: seq,
        assignedOn: data.assignedOn,
        byUserId: actor.id,
      });
      return { set: { status: "assigned", assignedOn: data.assignedOn, assignmentNo: no, providerId: data.providerId }, value: { assignmentNo: no } };
    },
  }),

  /** 更换承办人: a new assignment (new 援指 number) with its reason; the trail keeps every hand. */
  reassign: step({
    name: "reassign",
    title: "更换承办人",
    from: ["assigned"],
    refused: unlessFinished("err.la.notAssigned"),
    permission: "write:legal-aid",
    schema: LegalAidReassignSchema,
    apply: async ({ tx, actor, record: c, data }) => {
      if (data.providerId === c.providerId) return refuse(400, { providerId: "err.la.sameProvider" });
      const last = await tx
        .select({ assignedOn: legalAidAssignments.assignedOn })
        .from(legalAidAssignments)
        .where(eq(legalAidAssignments.caseId, c.id))
        .orderBy(desc(legalAidAssignments.assignedOn))
        .limit(1)
        .get();
      if (data.reassignedOn < (last?.assignedOn ?? c.assignedOn ?? c.appliedOn)) return refuse(400, { reassignedOn: "err.la.beforeAssignment" });
      if (!await checkProvider(tx, c.unitId, data.providerId)) return refuse(400, { providerId: "err.la.providerOutside" });
      const { no, year, seq } = await nextNo(tx, centreOf(c), "assign", data.reassignedOn);
      await tx.insert(legalAidAssignments)
        .values({
          caseId: c.id,
          providerId: data.providerId,
          assignmentNo: no,
          assignmentYear: year,
          assignmentSeq: seq,
          assignedOn: data.reassignedOn,
          reason: data.reason,
          byUserId: actor.id,
        })
        .run();
      return {
        set: { providerId: data.providerId, assignmentNo: no },
        extraAudit: { reason: data.reason, reassignedOn: data.reassignedOn },
        value: { assignmentNo: no },
      };
    },
  }),

  /** 办理进展: a note on an assigned case. */
  progress: step({
    name: "progress",
    title: "记录办理进展",
    from: ["assigned"],
    refused: unlessFinished("err.la.notAssigned"),
    permission: "write:legal-aid",
    schema: LegalAidProgressSchema,
    apply: async ({ tx, actor, record: c, data }) => {
      if (!c.assignedOn) return refuse(409, {}, "err.la.notAssigned");
      if (data.notedOn < c.assignedOn) return refuse(400, { notedOn: "err.la.beforeAssignment" });
      await insertRow(tx, legalAidProgress, { caseId: c.id, notedOn: data.notedOn, note: data.note, byUserId: actor.id });
      return { set: {}, extraAudit: { notedOn: data.notedOn }, value: null };
    },
  }),

  /** 结案: only an assigned case closes; outcome, recovered or avoided loss (元 → 分), closing report. */
  close: step({
    name: "close",
    title: "结案",
    from: ["assigned"],
    refused: unlessFinished("err.la.notAssigned", { closedOn: "err.la.notAssigned" }),
    permission: "write:legal-aid",
    schema: LegalAidCloseSchema,
    apply: ({ record: c, data }) => {
      if (!c.assignedOn) return refuse(409, { closedOn: "err.la.notAssigned" }, "err.la.notAssigned");
      if (data.closedOn < c.assignedOn) return refuse(400, { closedOn: "err.la.beforeAssignment" });
      if (data.recovered !== null && data.recovered < 0) return refuse(400, { recovered: "err.moneyNegative" });
      return {
        set: { status: "closed", closedOn: data.closedOn, outcome: data.outcome, recoveredFen: data.recovered, closingReport: data.closingReport },
        value: null,
      };
    },
  }),

  /** 终止法律援助 with one of the statutory reasons: a granted or assigned case. It stays counted as granted. */
  terminate: step({
    name: "terminate",
    title: "终止法律援助",
    from: ["granted", "assigned"],
    refused: unlessFinished("err.la.cannotTerminate"),
    permission: "write:legal-aid",
    schema: LegalAidTerminateSchema,
    apply: ({ record: c, data }) => {
      if (!c.decidedOn) return refuse(409, {}, "err.la.cannotTerminate");
      if (data.terminatedOn < c.decidedOn) return refuse(400, { terminatedOn: "err.la.beforeDecision" });
      if (c.assignedOn && data.terminatedOn < c.assignedOn) return refuse(400, { terminatedOn: "err.la.beforeAssignment" });
      return {
        set: { status: "terminated", terminatedOn: data.terminatedOn, terminationReason: data.terminationReason, terminationNote: data.terminationNote || null },
        value: null,
      };
    },
  }),

  /** 质量评查 after the case is closed or terminated: a grade (优秀/良好/合格/不合格), by one who decides. */
  quality: step({
    name: "quality",
    title: "质量评查",
    from: ["closed", "terminated"],
    fromError: "err.la.notFinished",
    permission: "write:legal-aid",
    guard: async (tx, actor) => await decides(tx, actor),
    schema: LegalAidQualitySchema,
    apply: ({ record: c, data }) => {
      const done = finishedOn(c);
      if (!done) return refuse(409, {}, "err.la.notFinished");
      if (data.reviewedOn < done) return refuse(400, { reviewedOn: "err.la.beforeClosing" });
      return { set: { qualityGrade: data.grade, qualityReviewedOn: data.reviewedOn, qualityNote: data.note || null }, value: null };
    },
  }),

  /** 回访 of the beneficiary after the case is closed or terminated. */
  followup: step({
    name: "followup",
    title: "回访",
    from: ["closed", "terminated"],
    fromError: "err.la.notFinished",
    permission: "write:legal-aid",
    schema: LegalAidFollowupSchema,
    apply: ({ record: c, data }) => {
      const done = finishedOn(c);
      if (!done) return refuse(409, {}, "err.la.notFinished");
      if (data.followedUpOn < done) return refuse(400, { followedUpOn: "err.la.beforeClosing" });
      return { set: { followedUpOn: data.followedUpOn, satisfaction: data.satisfaction, followupNote: data.note || null }, value: null };
    },
  }),

  /** A case entered by mistake is voided: kept, excluded from every figure, audited. */
  void: step({
    name: "void",
    title: "作废",
    from: "any",
    permission: "void:legal-aid",
    schema: LegalAidVoidSchema,
    apply: ({ actor, data }) => ({ set: { voidedAt: new Date().toISOString(), voidedById: actor.id, voidReason: data.reason }, value: null }),
  }),
} as const;

export type LegalAidStepName = keyof typeof LEGAL_AID_STEPS;
export const LEGAL_AID_STEP_NAMES = Object.keys(LEGAL_AID_STEPS) as LegalAidStepName[];
