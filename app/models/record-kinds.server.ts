/**
 * The record kinds that feed the summary counters: how to load raw rows of a subtree and period, and how a row
 * turns into contributions (app/models/counting-rules.ts). Each new kind of record adds itself to RECORD_KINDS.
 */
import { and, eq, gte, inArray, isNull, or, sql } from "drizzle-orm";
import { consultations, mediationFollowups, mediations, units } from "../../db/schema";
import type { Executor } from "~/utils/db.server";
import { consultationContributions, mediationContributions, type Contribution } from "./counting-rules";
import { pathInSubtree } from "./unit-paths";

export type RawRow = { unitId: number; contributions: Contribution[] };

export interface RecordKind {
  name: string;
  /** Raw, non-voided rows of units in the subtree at `path` having any contribution dated in [from, to]. */
  loadRaw(db: Executor, q: { path: string; from: string; to: string }): RawRow[];
}

export const consultationKind: RecordKind = {
  name: "consultation",
  loadRaw(db, { path, from, to }) {
    const rows = db
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
      .innerJoin(units, eq(units.id, consultations.unitId))
      .where(
        and(
          pathInSubtree(units.path, path),
          gte(consultations.date, from),
          sql`${consultations.date} <= ${to}`,
          isNull(consultations.voidedAt),
        ),
      )
      .all();
    return rows.map((r) => ({ unitId: r.unitId, contributions: consultationContributions(r) }));
  },
};

const between = (col: typeof mediations.registeredOn | typeof mediations.concludedOn, from: string, to: string) =>
  and(gte(col, from), sql`${col} <= ${to}`);

export const mediationKind: RecordKind = {
  name: "mediation",
  loadRaw(db, { path, from, to }) {
    const rows = db
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
      .innerJoin(units, eq(units.id, mediations.unitId))
      .where(
        and(
          pathInSubtree(units.path, path),
          isNull(mediations.voidedAt),
          or(
            between(mediations.registeredOn, from, to),
            between(mediations.concludedOn, from, to),
            sql`EXISTS (SELECT 1 FROM ${mediationFollowups} f WHERE f.mediation_id = ${mediations.id} AND f.visited_on >= ${from} AND f.visited_on <= ${to})`,
          ),
        ),
      )
      .all();
    const followups = new Map<number, Array<{ visitedOn: string; satisfaction: string }>>();
    for (let i = 0; i < rows.length; i += 500) {
      const ids = rows.slice(i, i + 500).map((r) => r.id);
      for (const f of db
        .select({ mediationId: mediationFollowups.mediationId, visitedOn: mediationFollowups.visitedOn, satisfaction: mediationFollowups.satisfaction })
        .from(mediationFollowups)
        .where(inArray(mediationFollowups.mediationId, ids))
        .all()) {
        if (!followups.has(f.mediationId)) followups.set(f.mediationId, []);
        followups.get(f.mediationId)!.push(f);
      }
    }
    return rows.map((r) => ({ unitId: r.unitId, contributions: mediationContributions({ ...r, followups: followups.get(r.id) ?? [] }) }));
  },
};

export const RECORD_KINDS: RecordKind[] = [consultationKind, mediationKind];

