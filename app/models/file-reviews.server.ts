/**
 * 案卷评查 (file review): a centre head or the bureau at a township, county or city grades a concluded mediation's
 * file, like legal aid's quality grade. Every review is kept and audited; the latest one counts. The summary gives,
 * per child unit, the share of concluded files reviewed and the grades.
 */
import { and, desc, eq, gte, inArray, isNull, lte } from "drizzle-orm";
import { mediationReviews, mediations, units, users } from "../../db/schema";
import { getDb } from "~/utils/db.server";
import { audit } from "~/utils/audit.server";
import { can, inJurisdiction, type Actor } from "~/utils/permissions";
import { FILE_REVIEW_GRADES, type FileReviewValues } from "~/schemas/document";
import { fail, type Result } from "./units.server";
import { pathInSubtree } from "./unit-paths";

const CONCLUDED = ["success", "failed", "withdrawn"];

/** Heads and bureaus at a township or above review files (not villages, not report writers). */
export function mayReviewFiles(actor: Actor): boolean {
  return (actor.role === "centre_head" || actor.role === "bureau") && actor.unitLevel !== "village" && can(actor, "read:mediation");
}

function located(mediationId: number) {
  return getDb()
    .select({ id: mediations.id, unitId: mediations.unitId, status: mediations.status, voidedAt: mediations.voidedAt, path: units.path })
    .from(mediations)
    .innerJoin(units, eq(units.id, mediations.unitId))
    .where(eq(mediations.id, mediationId))
    .get();
}

/** Reviews of a mediation file, newest first, for those who may read the dispute. */
export function listFileReviews({ actor, mediationId }: { actor: Actor; mediationId: number }) {
  const m = located(mediationId);
  if (!m || !can(actor, "read:mediation") || !inJurisdiction(actor, m.path)) return null;
  const rows = getDb()
    .select({
      id: mediationReviews.id,
      reviewedOn: mediationReviews.reviewedOn,
      grade: mediationReviews.grade,
      faults: mediationReviews.faults,
      note: mediationReviews.note,
      reviewerName: users.displayName,
    })
    .from(mediationReviews)
    .innerJoin(users, eq(users.id, mediationReviews.reviewerId))
    .where(eq(mediationReviews.mediationId, mediationId))
    .orderBy(desc(mediationReviews.id))
    .all()
    .map((r) => ({ ...r, faults: r.faults ? r.faults.split(",") : [] }));
  return { list: rows, canReview: mayReviewFiles(actor) && !m.voidedAt && CONCLUDED.includes(m.status) };
}

export function reviewMediationFile({ actor, mediationId, data, ip }: { actor: Actor; mediationId: number; data: FileReviewValues; ip?: string | null }): Result<{ id: number }> {
  if (!mayReviewFiles(actor)) return fail(403, {}, "err.review.forbidden");
  const m = located(mediationId);
  if (!m || !inJurisdiction(actor, m.path)) return fail(404, {}, "err.notFound");
  if (m.voidedAt || !CONCLUDED.includes(m.status)) return fail(409, {}, "err.review.notConcluded");
  return getDb().transaction((tx) => {
    const row = tx
      .insert(mediationReviews)
      .values({ mediationId, reviewerId: actor.id, reviewerUnitId: actor.unitId, reviewedOn: data.reviewedOn, grade: data.grade, faults: data.faults.join(","), note: data.note })
      .returning({ id: mediationReviews.id })
      .get();
    audit(tx, { userId: actor.id, action: "review_file", entity: "mediation", entityId: mediationId, unitId: m.unitId, after: data, ip });
    return { ok: true as const, value: { id: row.id } };
  });
}

export type FileReviewSummaryRow = {
  unitId: number;
  unitName: string;
  concluded: number;
  reviewed: number;
  /** reviewed ÷ concluded, full precision; null with nothing concluded */
  share: number | null;
  grades: Record<(typeof FILE_REVIEW_GRADES.values)[number], number>;
};

/**
 * For the actor's unit and each of its child units: mediations concluded in the period (voided excluded), how many
 * have a review, and their latest grades.
 */
export function fileReviewSummary({ actor, from, to }: { actor: Actor; from: string; to: string }) {
  if (!can(actor, "read:mediation")) return null;
  const db = getDb();
  const rows = db
    .select({ id: mediations.id, path: units.path })
    .from(mediations)
    .innerJoin(units, eq(units.id, mediations.unitId))
    .where(and(pathInSubtree(units.path, actor.unitPath), inArray(mediations.status, CONCLUDED), isNull(mediations.voidedAt), gte(mediations.concludedOn, from), lte(mediations.concludedOn, to)))
    .all();
  const latest = new Map<number, string>();
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 500) {
    for (const r of db
      .select({ mediationId: mediationReviews.mediationId, grade: mediationReviews.grade })
      .from(mediationReviews)
      .where(inArray(mediationReviews.mediationId, ids.slice(i, i + 500)))
      .orderBy(mediationReviews.id)
      .all())
      latest.set(r.mediationId, r.grade);
  }
  const children = db.select({ id: units.id, name: units.name, path: units.path }).from(units).where(eq(units.parentId, actor.unitId)).orderBy(units.sortOrder, units.id).all();
  const own = db.select({ id: units.id, name: units.name, path: units.path }).from(units).where(eq(units.id, actor.unitId)).get()!;
  const tally = (u: { id: number; name: string; path: string }, exact = false): FileReviewSummaryRow => {
    const mine = rows.filter((r) => (exact ? r.path === u.path : r.path.startsWith(u.path)));
    const grades = { excellent: 0, pass: 0, fail: 0 };
    let reviewed = 0;
    for (const r of mine) {
      const g = latest.get(r.id);
      if (!g) continue;
      reviewed++;
      if (g in grades) grades[g as keyof typeof grades]++;
    }
    return { unitId: u.id, unitName: u.name, concluded: mine.length, reviewed, share: mine.length ? reviewed / mine.length : null, grades };
  };
  const childRows = children.map((c) => tally(c)).filter((r) => r.concluded > 0);
  const ownOnly = tally(own, true);
  return { total: tally(own), children: ownOnly.concluded ? [{ ...ownOnly, unitName: `${own.name}（本级）` }, ...childRows] : childRows };
}
