/**
 * The lifecycle of a mediation dispute, declared once: registered → in_mediation (first session) → success |
 * failed | withdrawn, with the agreement's performance and 司法确认, follow-up visits, transfers inside the county
 * and void. Each entry says where it may start, who may take it, its schema (app/schemas/mediation.ts) and its
 * effect; app/models/lifecycle/executor.server.ts runs any of them. The functions of
 * app/models/mediations.server.ts (concludeMediation …) and the API's step endpoints are thin callers.
 */
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { mediationFollowups, mediations, mediationSessions, mediationTransfers, units, type Mediation } from "../../../db/schema";
import { addDays, todayInChina } from "~/utils/dates";
import { insertRow } from "~/utils/rows.server";
import { rawGet } from "~/utils/db.server";
import { MEDIATION_LIMITS, OPEN_MEDIATION_STATUSES } from "~/schemas/enums";
import {
  MediationConcludeSchema,
  MediationFollowupSchema,
  MediationPerformanceSchema,
  MediationSessionSchema,
  MediationTransferSchema,
} from "~/schemas/mediation";
import { VoidSchema } from "~/schemas/consultation";
import { contributionsOf, countyOf, loadForWrite, transferTargetAllowed } from "../mediations.server";
import { refuse, type LifecycleKind, type StepDef } from "./executor.server";

type Dispute = Mediation & { path: string };

export const MEDIATION_KIND: LifecycleKind<Dispute> = {
  name: "mediation",
  title: "调解案件",
  versioned: { table: mediations, entity: "mediation", contributionsOf: async (db, m) => await contributionsOf(db, m) },
  async load(tx, actor, id) {
    const r = await loadForWrite(actor, id, null, tx);
    return r.ok ? r : refuse(r.status, r.fieldErrors, r.formError);
  },
};

const OPEN = OPEN_MEDIATION_STATUSES as readonly string[];
const step = <S extends z.core.$ZodType, V>(s: StepDef<Dispute, S, V>) => s;

export const MEDIATION_STEPS = {
  /** Records a mediation session; the first moves the dispute from registered to in mediation. */
  session: step({
    name: "session",
    title: "记录调解",
    from: OPEN,
    fromError: "err.alreadyConcluded",
    permission: "write:mediation",
    schema: MediationSessionSchema,
    apply: async ({ tx, actor, record: m, data: { version: _v, ...data } }) => {
      if (data.heldOn < m.registeredOn) return refuse(400, { heldOn: "err.beforeRegistration" });
      await tx.insert(mediationSessions).values({ mediationId: m.id, ...data, createdById: actor.id }).run();
      return { set: { status: "in_mediation" }, extraAudit: { session: data }, value: null };
    },
  }),

  /** 结案: success (with the agreement), failure (reason and route) or withdrawal. Only an open dispute concludes. */
  conclude: step({
    name: "conclude",
    title: "结案",
    from: OPEN,
    fromError: "err.alreadyConcluded",
    permission: "write:mediation",
    schema: MediationConcludeSchema,
    apply: ({ record: m, data }) => {
      if (data.concludedOn < m.registeredOn) return refuse(400, { concludedOn: "err.beforeRegistration" });
      const success = data.result === "success";
      return {
        set: {
          status: data.result,
          concludedOn: data.concludedOn,
          agreementForm: success ? data.agreementForm : null,
          agreementTerms: success ? data.agreementTerms : null,
          agreementAmountFen: success ? data.agreementAmount : null,
          performanceManner: success ? data.performanceManner || null : null,
          performanceDeadline: success ? data.performanceDeadline ?? null : null,
          performance: success ? data.performance ?? "in_progress" : null,
          failureReason: data.result === "failed" ? data.failureReason : null,
          failureRoute: data.result === "failed" ? data.failureRoute : null,
          withdrawReason: data.result === "withdrawn" ? data.withdrawReason : null,
        },
        value: null,
      };
    },
  }),

  /** Performance of the agreement and 司法确认, which must be applied for within 30 days of the agreement. */
  performance: step({
    name: "performance",
    title: "履行情况与司法确认",
    from: ["success"],
    fromError: "err.notSettled",
    permission: "write:mediation",
    schema: MediationPerformanceSchema,
    apply: ({ record: m, data }) => {
      if (!m.concludedOn) return refuse(409, {}, "err.notSettled");
      if (data.jcAppliedOn) {
        if (data.jcAppliedOn < m.concludedOn) return refuse(400, { jcAppliedOn: "err.beforeAgreement" });
        if (data.jcAppliedOn > addDays(m.concludedOn, MEDIATION_LIMITS.judicialConfirmationWithinDays) && m.jcAppliedOn !== data.jcAppliedOn)
          return refuse(400, { jcAppliedOn: "err.jcWindowPassed" });
        if (data.jcAppliedOn > todayInChina()) return refuse(400, { jcAppliedOn: "err.futureDate" });
      }
      if (data.jcDecidedOn && data.jcDecidedOn > todayInChina()) return refuse(400, { jcDecidedOn: "err.futureDate" });
      return {
        set: {
          performance: data.performance,
          judicialConfirmation: data.judicialConfirmation,
          jcAppliedOn: data.judicialConfirmation === "none" ? null : data.jcAppliedOn ?? null,
          jcDecidedOn: data.judicialConfirmation === "granted" || data.judicialConfirmation === "refused" ? data.jcDecidedOn ?? null : null,
        },
        value: null,
      };
    },
  }),

  /** 回访 after a settlement; the newest visit's finding is the current performance. Not tied to a version. */
  followup: step({
    name: "followup",
    title: "回访",
    from: ["success"],
    fromError: "err.notSettled",
    permission: "write:mediation",
    schema: MediationFollowupSchema,
    versioned: false,
    apply: async ({ tx, actor, record: m, data }) => {
      if (!m.concludedOn) return refuse(409, {}, "err.notSettled");
      if (data.visitedOn < m.concludedOn) return refuse(400, { visitedOn: "err.beforeAgreement" });
      // plain statements: a history import takes this step for every settled dispute (app/utils/rows.server.ts)
      await insertRow(tx, mediationFollowups, { mediationId: m.id, ...data, createdById: actor.id });
      const newest = (await rawGet<{ visitedOn: string | null }>(tx, `SELECT max(visited_on) AS "visitedOn" FROM mediation_followups WHERE mediation_id = ?`, [m.id]))!;
      const performance = newest.visitedOn === data.visitedOn ? data.performanceFound : m.performance;
      return { set: { performance }, extraAudit: { ...data, performance }, value: null };
    },
  }),

  /**
   * Hands an open dispute to another committee in the same county: up the tree or across to a specialised body.
   * It stays one dispute (its number and history with it) and is counted at the unit that has it.
   */
  transfer: step({
    name: "transfer",
    title: "移交",
    from: OPEN,
    fromError: "err.alreadyConcluded",
    permission: "write:mediation",
    schema: MediationTransferSchema,
    apply: async ({ tx, actor, record: m, data }) => {
      if (data.toUnitId === m.unitId) return refuse(400, { toUnitId: "err.sameUnit" });
      if (data.transferredOn < m.registeredOn) return refuse(400, { transferredOn: "err.beforeRegistration" });
      const target = await tx.select().from(units).where(eq(units.id, data.toUnitId)).get();
      const county = await countyOf(tx, m.path);
      if (!target || !target.path.startsWith(county.path)) return refuse(400, { toUnitId: "err.transferOutsideCounty" });
      if (!transferTargetAllowed(m.path, county.path, target)) return refuse(400, { toUnitId: "err.notMediationBody" });
      if (target.activeTo && target.activeTo < data.transferredOn) return refuse(400, { toUnitId: "err.unitInactive" });
      await tx.insert(mediationTransfers)
        .values({ mediationId: m.id, fromUnitId: m.unitId, toUnitId: target.id, transferredOn: data.transferredOn, reason: data.reason, byUserId: actor.id })
        .run();
      return { set: { unitId: target.id }, extraAudit: { reason: data.reason, transferredOn: data.transferredOn }, value: null };
    },
  }),

  /** A dispute entered by mistake is voided: kept, excluded from every figure, audited. */
  void: step({
    name: "void",
    title: "作废",
    from: "any",
    permission: "void:mediation",
    schema: VoidSchema,
    apply: ({ actor, data }) => ({ set: { voidedAt: new Date().toISOString(), voidedById: actor.id, voidReason: data.reason }, value: null }),
  }),
} as const;

export type MediationStepName = keyof typeof MEDIATION_STEPS;
export const MEDIATION_STEP_NAMES = Object.keys(MEDIATION_STEPS) as MediationStepName[];
