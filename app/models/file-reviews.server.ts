/**
 * 案卷评查 (file review): a centre head or the bureau at a township, county or city grades a concluded mediation's
 * file, like legal aid's quality grade. Every review is kept and audited; the latest one counts. The summary gives,
 * per child unit, the share of concluded files reviewed and the grades (monitoring, the annual report and the
 * 案卷评查 page show it).
 */
import { desc, eq, sql } from "drizzle-orm";
import { mediationReviews, mediations, units, users } from "../../db/schema";
import { getDb } from "~/utils/db.server";
import { audit } from "~/utils/audit.server";
import { can, inJurisdiction, type Actor } from "~/utils/permissions";
import { FILE_REVIEW_GRADES, type FileReviewValues } from "~/schemas/document";
import { fail, getUnit, type Result } from "./units.server";
import { subtreeRange } from "./unit-paths";
import { rollupTotalsOfUnits } from "./counters.server";
import { get, MEDIATION_INDICATORS, ratio } from "./counting-rules";
import { periodPhrase, scopeWord } from "./report-sentences";

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

export type FileReviewGrade = (typeof FILE_REVIEW_GRADES.values)[number];
export type FileReviewSummaryRow = {
  unitId: number;
  unitName: string;
  /** the unit's own files only (not its subtree): the 本级 row */
  ownLevel: boolean;
  concluded: number;
  reviewed: number;
  /** reviewed ÷ concluded, full precision; null with nothing concluded */
  share: number | null;
  grades: Record<FileReviewGrade, number>;
};

const noGrades = (): Record<FileReviewGrade, number> => ({ excellent: 0, pass: 0, fail: 0 });

/**
 * For a unit in reach (default: the actor's) and each of its child units, over a period: the mediations concluded
 * (success, failure, withdrawal; voided excluded — the `mediation.concluded` summary counters), how many of those
 * files have a review, and their latest grades. Reviews are counted with one grouped, indexed query, driven from
 * the smaller side: the reviews table when the subtree concluded more files than there are reviews in all, else
 * the subtree's concluded files (units by path range → mediations by unit and conclusion day → latest review).
 * The unit's own files (本级) get a row of their own when it has any. Null when the unit is out of reach.
 */
export function fileReviewSummary({
  actor,
  unitId = actor.unitId,
  from,
  to,
  plan,
}: {
  actor: Actor;
  unitId?: number;
  from: string;
  to: string;
  /** tests only: force one of the two query plans (both give the same figures) */
  plan?: "reviews" | "files";
}) {
  if (!can(actor, "read:mediation")) return null;
  const db = getDb();
  const unit = getUnit({ actor, id: unitId, db });
  if (!unit) return null;
  const children = db.select({ id: units.id, name: units.name }).from(units).where(eq(units.parentId, unit.id)).orderBy(units.sortOrder, units.id).all();
  const totals = rollupTotalsOfUnits(db, { unitIds: [unit.id, ...children.map((c) => c.id)], from, to });
  const concludedOf = (id: number) => get(totals.get(id)!, MEDIATION_INDICATORS.concluded);

  const { lo, hi } = subtreeRange(unit.path);
  const allReviewed = db.get<{ n: number }>(sql`SELECT count(DISTINCT mediation_id) AS n FROM mediation_reviews`)!.n;
  const status = sql`m.status IN ('success', 'failed', 'withdrawn') AND m.voided_at IS NULL AND m.concluded_on >= ${from} AND m.concluded_on <= ${to}`;
  const graded =
    allReviewed === 0
      ? []
      : (plan ?? (allReviewed < concludedOf(unit.id) ? "reviews" : "files")) === "reviews"
        ? db.all<{ path: string; grade: string; n: number }>(sql`
          SELECT u.path AS path, r.grade AS grade, count(*) AS n
          FROM mediation_reviews r CROSS JOIN mediations m CROSS JOIN units u
          WHERE r.id = (SELECT max(r2.id) FROM mediation_reviews r2 WHERE r2.mediation_id = r.mediation_id)
            AND m.id = r.mediation_id AND ${status} AND u.id = m.unit_id AND u.path >= ${lo} AND u.path < ${hi}
          GROUP BY u.path, r.grade`)
        : db
            .all<{ path: string; grade: string | null; n: number }>(sql`
          SELECT u.path AS path, (SELECT r.grade FROM mediation_reviews r WHERE r.mediation_id = m.id ORDER BY r.id DESC LIMIT 1) AS grade, count(*) AS n
          FROM units u CROSS JOIN mediations m
          WHERE u.path >= ${lo} AND u.path < ${hi} AND m.unit_id = u.id AND ${status}
          GROUP BY u.path, grade`)
            .filter((r): r is { path: string; grade: string; n: number } => r.grade !== null);

  const row = (id: number, name: string, ownLevel = false): FileReviewSummaryRow => ({ unitId: id, unitName: name, ownLevel, concluded: 0, reviewed: 0, share: null, grades: noGrades() });
  const total = row(unit.id, unit.name);
  const own = row(unit.id, unit.name, true);
  const byChild = new Map(children.map((c) => [c.id, row(c.id, c.name)]));
  for (const g of graded) {
    // the child whose subtree holds the file: the first id of the path below the unit's own
    const childId = Number(g.path.slice(unit.path.length).split("/")[0]);
    const targets = [total, byChild.get(childId) ?? own];
    for (const t of targets) {
      t.reviewed += g.n;
      if (g.grade in t.grades) t.grades[g.grade as FileReviewGrade] += g.n;
    }
  }
  total.concluded = concludedOf(unit.id);
  for (const c of byChild.values()) c.concluded = concludedOf(c.unitId);
  own.concluded = total.concluded - [...byChild.values()].reduce((a, c) => a + c.concluded, 0);
  for (const r of [total, own, ...byChild.values()]) r.share = ratio(r.reviewed, r.concluded);
  const childRows = [...byChild.values()].filter((r) => r.concluded > 0 || r.reviewed > 0);
  return {
    unit: { id: unit.id, name: unit.name },
    period: { from, to },
    total,
    children: own.concluded > 0 || own.reviewed > 0 ? [{ ...own, unitName: `${unit.name}（本级）` }, ...childRows] : childRows,
    sentence: fileReviewSentence({ unit, from, to, total }),
  };
}
export type FileReviewSummary = NonNullable<ReturnType<typeof fileReviewSummary>>;

/**
 * The report's sentence, after the Linyi report's "调解案卷大评查": null when no file of the period was reviewed.
 * "2024年，全县深入开展调解案卷大评查，共评查已结调解案卷56卷，占同期结案数的12.5%，评定优秀案卷10卷、合格案卷40卷、不合格案卷6卷。"
 */
export function fileReviewSentence({ unit, from, to, total }: { unit: { name: string; level: string; type: string }; from: string; to: string; total: FileReviewSummaryRow }): string | null {
  if (!total.reviewed) return null;
  const share = total.share === null ? "" : `，占同期结案数的${(Math.round(total.share * 1000) / 10).toFixed(1)}%`;
  const g = total.grades;
  const parts = [g.excellent && `优秀案卷${g.excellent}卷`, g.pass && `合格案卷${g.pass}卷`, g.fail && `不合格案卷${g.fail}卷`].filter(Boolean);
  return `${periodPhrase(from, to)}，${scopeWord(unit)}深入开展调解案卷大评查，共评查已结调解案卷${total.reviewed}卷${share}，评定${parts.join("、")}。`;
}
