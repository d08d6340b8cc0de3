/**
 * Frozen editions of a report (design §5): a report writer freezes unit, period and cut-off; the figures are kept
 * as the exact JSON text of that moment and never change. Later corrections show as a restatement: the frozen
 * figure, the current one, and the records written since the cut-off.
 */
import crypto from "node:crypto";
import { and, desc, eq, gt, inArray, sql } from "drizzle-orm";
import { auditLog, reportEditions, units, users } from "../../db/schema";
import { getDb } from "~/utils/db.server";
import { audit } from "~/utils/audit.server";
import { can, inJurisdiction, type Actor } from "~/utils/permissions";
import { getReport, type Report } from "./reports.server";
import { foreignYearsInTitle } from "./report-sentences";
import type { ReportStyle } from "./report-style";
import { pathInSubtree } from "./unit-paths";
import { fail, getUnit, type Result } from "./units.server";

export type EditionPayload = {
  unit: { id: number; code: string; name: string };
  period: { from: string; to: string };
  cutoffAt: string;
  /** every indicator of the report by key, as figures (money in fen, rates as fractions) */
  indicators: Record<string, number | null>;
  labels: Record<string, string>;
  sentences: string[];
  /** the number style the sentences were written in (issue 13); absent in editions frozen before it */
  style?: ReportStyle;
  children: Array<{ id: number; name: string; consultationPersonTimes: number; mediationConcluded: number; mediationSuccessful: number; legalAidGranted: number }>;
};

function payloadOf(report: Report, cutoffAt: string): EditionPayload {
  const indicators: Record<string, number | null> = {};
  const labels: Record<string, string> = {};
  for (const s of report.sections)
    for (const r of s.rows) {
      indicators[r.key] = r.value;
      labels[r.key] = `${s.title.zh} · ${r.label.zh}`;
    }
  return {
    unit: { id: report.unit.id, code: report.unit.code, name: report.unit.name },
    period: report.period,
    cutoffAt,
    indicators,
    labels,
    sentences: report.sentences.map((s) => s.text),
    style: report.style,
    children: report.children.map((c) => ({
      id: c.id,
      name: c.name,
      consultationPersonTimes: c.consultationPersonTimes,
      mediationConcluded: c.mediationConcluded,
      mediationSuccessful: c.mediationSuccessful,
      legalAidGranted: c.legalAidGranted,
    })),
  };
}

export async function freezeEdition({
  actor,
  unitId,
  from,
  to,
  title,
  ip,
  now = new Date(),
}: {
  actor: Actor;
  unitId: number;
  from: string;
  to: string;
  title: string;
  ip?: string | null;
  now?: Date;
}): Promise<Result<{ id: number }>> {
  if (!can(actor, "freeze:edition")) return fail(403, {}, "err.forbidden");
  // the edition is filed under its period; a title naming another period's year is refused, not filed
  if (foreignYearsInTitle(title, from, to).length) return fail(400, { title: "edition.err.titleYear" });
  const report = await getReport({ actor, unitId, from, to });
  if (!report) return fail(404, {}, "err.notFound");
  const cutoffAt = now.toISOString();
  const payload = JSON.stringify(payloadOf(report, cutoffAt));
  const payloadSha256 = crypto.createHash("sha256").update(payload, "utf8").digest("hex");
  return await getDb().transaction(async (tx) => {
    const row = await tx
      .insert(reportEditions)
      .values({ unitId, fromDay: from, toDay: to, title, cutoffAt, payload, payloadSha256, createdById: actor.id })
      .returning({ id: reportEditions.id })
      .get();
    await audit(tx, { userId: actor.id, action: "freeze", entity: "report_edition", entityId: row.id, unitId, after: { from, to, title, cutoffAt, payloadSha256 }, ip });
    return { ok: true as const, value: { id: row.id } };
  });
}

/** Editions of units in the actor's subtree, newest first. */
export async function listEditions({ actor, unitId }: { actor: Actor; unitId?: number }) {
  if (!can(actor, "read:stats")) return [];
  return await getDb()
    .select({
      id: reportEditions.id,
      title: reportEditions.title,
      unitId: reportEditions.unitId,
      unitName: units.name,
      fromDay: reportEditions.fromDay,
      toDay: reportEditions.toDay,
      cutoffAt: reportEditions.cutoffAt,
      createdByName: users.displayName,
      payloadSha256: reportEditions.payloadSha256,
    })
    .from(reportEditions)
    .innerJoin(units, eq(units.id, reportEditions.unitId))
    .innerJoin(users, eq(users.id, reportEditions.createdById))
    .where(and(pathInSubtree(units.path, actor.unitPath), unitId ? eq(reportEditions.unitId, unitId) : undefined))
    .orderBy(desc(reportEditions.id))
    .limit(200)
    .all();
}

/** The frozen JSON exactly as stored (byte-for-byte), or null. */
export async function getEditionPayload({ actor, id }: { actor: Actor; id: number }) {
  if (!can(actor, "read:stats")) return null;
  const row = await getDb()
    .select({ payload: reportEditions.payload, sha: reportEditions.payloadSha256, path: units.path, title: reportEditions.title })
    .from(reportEditions)
    .innerJoin(units, eq(units.id, reportEditions.unitId))
    .where(eq(reportEditions.id, id))
    .get();
  if (!row || !inJurisdiction(actor, row.path)) return null;
  return row;
}

const RECORD_ENTITIES = ["consultation", "mediation", "legal_aid"];
const RECORD_PATHS: Record<string, string> = { consultation: "/consultations", mediation: "/mediations", legal_aid: "/legal-aid" };

/**
 * An edition with its restatement: the frozen figures, today's figures for the same unit and period, the
 * indicators that differ, and the record writes in the unit's subtree since the cut-off.
 */
export async function getEdition({ actor, id }: { actor: Actor; id: number }) {
  const stored = await getEditionPayload({ actor, id });
  if (!stored) return null;
  const db = getDb();
  const edition = (await db.select().from(reportEditions).where(eq(reportEditions.id, id)).get())!;
  const frozen = JSON.parse(stored.payload) as EditionPayload;
  const unit = await getUnit({ actor, id: edition.unitId });
  const report = unit ? await getReport({ actor, unitId: edition.unitId, from: edition.fromDay, to: edition.toDay }) : null;
  const current = report ? payloadOf(report, new Date().toISOString()) : null;
  const restated = current
    ? Object.keys(frozen.indicators)
        .filter((k) => (frozen.indicators[k] ?? null) !== (current.indicators[k] ?? null))
        .map((k) => ({ key: k, label: frozen.labels[k] ?? k, frozen: frozen.indicators[k], current: current.indicators[k] ?? null }))
    : [];
  const changes = unit
    ? (await db
        .select({
          id: auditLog.id,
          at: auditLog.at,
          action: auditLog.action,
          entity: auditLog.entity,
          entityId: auditLog.entityId,
          unitName: units.name,
          userName: users.displayName,
        })
        .from(auditLog)
        .innerJoin(units, eq(units.id, auditLog.unitId))
        .leftJoin(users, eq(users.id, auditLog.userId))
        .where(and(gt(auditLog.at, edition.cutoffAt), inArray(auditLog.entity, RECORD_ENTITIES), pathInSubtree(units.path, unit.path), sql`${auditLog.action} <> 'view_personal'`))
        .orderBy(desc(auditLog.id))
        .limit(200)
        .all())
        .map((c) => ({ ...c, href: c.entityId ? `${RECORD_PATHS[c.entity]}/${c.entityId}` : null }))
    : [];
  return {
    edition: { id: edition.id, title: edition.title, unitId: edition.unitId, fromDay: edition.fromDay, toDay: edition.toDay, cutoffAt: edition.cutoffAt, payloadSha256: edition.payloadSha256 },
    frozen,
    current,
    restated,
    changes,
  };
}
