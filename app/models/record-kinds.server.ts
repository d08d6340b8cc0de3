/**
 * The record kinds that feed the summary counters: how to load raw rows of a subtree and period, and how a row
 * turns into contributions (app/models/counting-rules.ts). Each new kind of record adds itself to RECORD_KINDS.
 */
import { and, eq, gte, inArray, isNull, or, sql, type SQLWrapper } from "drizzle-orm";
import { consultations, mediationFollowups, mediationReviews, mediations, units } from "../../db/schema";
import type { Executor } from "~/utils/db.server";
import { consultationContributions, followupContributions, mediationContributions, reviewContributions, type Contribution } from "./counting-rules";
import { pathInSubtree, subtreeRange } from "./unit-paths";

export type RawRow = { unitId: number; contributions: Contribution[] };

/**
 * `unit_id IN (units of the subtree)`: makes SQLite walk the subtree's units and each unit's (unit_id, date) index,
 * instead of scanning a date index over every unit (which grows with the whole database).
 */
export function unitsInSubtree(column: SQLWrapper, path: string, onlyUnit = false, allUnits = false) {
  // every unit (the whole tree, one root): no unit condition, the date index leads
  if (allUnits) return sql`TRUE`;
  if (onlyUnit) return sql`${column} IN (SELECT id FROM units WHERE path = ${path})`;
  const { lo, hi } = subtreeRange(path);
  return sql`${column} IN (SELECT id FROM units WHERE path >= ${lo} AND path < ${hi})`;
}

export interface RecordKind {
  name: string;
  /**
   * Raw, non-voided rows of units in the subtree at `path` having any contribution dated in [from, to]
   * (`onlyUnit`: of the unit at `path` itself, not its subtree; `allUnits`: of every unit — `path` is then the
   * only root's, and the period's date index is read without a unit condition).
   */
  loadRaw(db: Executor, q: { path: string; from: string; to: string; onlyUnit?: boolean; allUnits?: boolean }): Promise<RawRow[]>;
}

export const consultationKind: RecordKind = {
  name: "consultation",
  async loadRaw(db, { path, from, to, onlyUnit, allUnits }) {
    const rows = await db
      .select({
        unitId: consultations.unitId,
        date: consultations.date,
        channel: consultations.channel,
        topic: consultations.topic,
        persons: consultations.persons,
        categories: consultations.categories,
        nextStep: consultations.nextStep,
        voidedAt: consultations.voidedAt,
      })
      .from(consultations)
      .where(
        and(
          unitsInSubtree(consultations.unitId, path, onlyUnit, allUnits),
          gte(consultations.date, from),
          sql`${consultations.date} <= ${to}`,
          isNull(consultations.voidedAt),
        ),
      )
      .all();
    return rows.map((r) => ({ unitId: r.unitId, contributions: consultationContributions(r) }));
  },
};

/**
 * Disputes registered or concluded in the period (their follow-ups count through mediationFollowupKind and their
 * file reviews through mediationReviewKind, so a dispute's contributions are split over three kinds that together
 * give exactly mediationContributions).
 */
export const mediationKind: RecordKind = {
  name: "mediation",
  async loadRaw(db, { path, from, to, onlyUnit, allUnits }) {
    const rows = await db
      .select({
        id: mediations.id,
        unitId: mediations.unitId,
        registeredOn: mediations.registeredOn,
        concludedOn: mediations.concludedOn,
        status: mediations.status,
        source: mediations.source,
        disputeType: mediations.disputeType,
        personsInvolved: mediations.personsInvolved,
        amountFen: mediations.amountFen,
        isMass: mediations.isMass,
        preventedCriminal: mediations.preventedCriminal,
        preventedPetition: mediations.preventedPetition,
        agreementForm: mediations.agreementForm,
        agreementAmountFen: mediations.agreementAmountFen,
        failureRoute: mediations.failureRoute,
        performance: mediations.performance,
        voidedAt: mediations.voidedAt,
      })
      .from(mediations)
      .where(
        and(
          isNull(mediations.voidedAt),
          // registered or concluded in the period: two index range scans, united
          sql`${mediations.id} IN (
            SELECT id FROM mediations WHERE ${unitsInSubtree(sql.raw("unit_id"), path, onlyUnit, allUnits)} AND registered_on >= ${from} AND registered_on <= ${to}
            UNION SELECT id FROM mediations WHERE ${unitsInSubtree(sql.raw("unit_id"), path, onlyUnit, allUnits)} AND concluded_on >= ${from} AND concluded_on <= ${to})`,
        ),
      )
      .all();
    return rows.map((r) => ({ unitId: r.unitId, contributions: mediationContributions({ ...r, followups: [], reviewGrade: null }) }));
  },
};

/** Follow-up visits made in the period, at their dispute's unit (a settled dispute no longer moves). */
export const mediationFollowupKind: RecordKind = {
  name: "mediationFollowup",
  async loadRaw(db, { path, from, to, onlyUnit, allUnits }) {
    const rows = await db
      .select({ unitId: mediations.unitId, visitedOn: mediationFollowups.visitedOn, satisfaction: mediationFollowups.satisfaction })
      .from(mediationFollowups)
      .innerJoin(mediations, eq(mediations.id, mediationFollowups.mediationId))
      .where(and(gte(mediationFollowups.visitedOn, from), sql`${mediationFollowups.visitedOn} <= ${to}`, isNull(mediations.voidedAt), unitsInSubtree(mediations.unitId, path, onlyUnit, allUnits)))
      .all();
    return rows.map((r) => ({ unitId: r.unitId, contributions: followupContributions([r]) }));
  },
};

/** Reviewed files (案卷评查) of disputes concluded in the period, with their latest grade, at the dispute's unit. */
export const mediationReviewKind: RecordKind = {
  name: "mediationReview",
  async loadRaw(db, { path, from, to, onlyUnit, allUnits }) {
    const rows = await db
      .select({
        unitId: mediations.unitId,
        status: mediations.status,
        concludedOn: mediations.concludedOn,
        voidedAt: mediations.voidedAt,
        reviewGrade: sql<string | null>`(SELECT r.grade FROM ${mediationReviews} r WHERE r.mediation_id = "mediations"."id" ORDER BY r.id DESC LIMIT 1)`,
      })
      .from(mediations)
      .where(and(unitsInSubtree(mediations.unitId, path, onlyUnit, allUnits), gte(mediations.concludedOn, from), sql`${mediations.concludedOn} <= ${to}`, isNull(mediations.voidedAt)))
      .all();
    return rows.filter((r) => r.reviewGrade).map((r) => ({ unitId: r.unitId, contributions: reviewContributions(r) }));
  },
};

export const RECORD_KINDS: RecordKind[] = [consultationKind, mediationKind, mediationFollowupKind, mediationReviewKind];


// ---- 法律援助 -----------------------------------------------------------------------------------------------
// (imports of this section kept here so that the section is appended as one block)
import { legalAidBeneficiaries, legalAidCases } from "../../db/schema";
import { legalAidContributions } from "./counting-rules";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";

const laBetween = (col: AnySQLiteColumn, from: string, to: string) =>
  and(gte(col, from), sql`${col} <= ${to}`);

/** Legal aid cases count at their handling centre (unitId); beneficiaries are read in batches. */
export const legalAidKind: RecordKind = {
  name: "legalAid",
  async loadRaw(db, { path, from, to, onlyUnit, allUnits }) {
    const c = legalAidCases;
    const rows = await db
      .select({
        id: c.id,
        unitId: c.unitId,
        receivedUnitId: c.receivedUnitId,
        status: c.status,
        appliedOn: c.appliedOn,
        decidedOn: c.decidedOn,
        preliminary: c.preliminary,
        caseType: c.caseType,
        proceeding: c.proceeding,
        serviceForm: c.serviceForm,
        assignedOn: c.assignedOn,
        closedOn: c.closedOn,
        outcome: c.outcome,
        recoveredFen: c.recoveredFen,
        terminatedOn: c.terminatedOn,
        terminationReason: c.terminationReason,
        qualityGrade: c.qualityGrade,
        qualityReviewedOn: c.qualityReviewedOn,
        followedUpOn: c.followedUpOn,
        satisfaction: c.satisfaction,
        voidedAt: c.voidedAt,
      })
      .from(c)
      .innerJoin(units, eq(units.id, c.unitId))
      .where(
        and(
          allUnits ? undefined : onlyUnit ? eq(units.path, path) : pathInSubtree(units.path, path),
          isNull(c.voidedAt),
          or(
            laBetween(c.appliedOn, from, to),
            laBetween(c.decidedOn, from, to),
            laBetween(c.assignedOn, from, to),
            laBetween(c.closedOn, from, to),
            laBetween(c.terminatedOn, from, to),
            laBetween(c.qualityReviewedOn, from, to),
            laBetween(c.followedUpOn, from, to),
          ),
        ),
      )
      .all();
    const beneficiaries = new Map<number, Array<{ categories: string }>>();
    for (let i = 0; i < rows.length; i += 500) {
      const ids = rows.slice(i, i + 500).map((r) => r.id);
      for (const b of await db
        .select({ caseId: legalAidBeneficiaries.caseId, categories: legalAidBeneficiaries.categories })
        .from(legalAidBeneficiaries)
        .where(inArray(legalAidBeneficiaries.caseId, ids))
        .all()) {
        if (!beneficiaries.has(b.caseId)) beneficiaries.set(b.caseId, []);
        beneficiaries.get(b.caseId)!.push(b);
      }
    }
    return rows.map((r) => ({ unitId: r.unitId, contributions: legalAidContributions({ ...r, beneficiaries: beneficiaries.get(r.id) ?? [] }) }));
  },
};
RECORD_KINDS.push(legalAidKind);
