/**
 * 案卷评查 (file review): a centre head or the bureau at a township, county or city grades a concluded mediation's
 * file, like legal aid's quality grade. Every review is kept and audited; the latest one counts. The summary gives,
 * per child unit, the share of concluded files reviewed and the grades (monitoring, the annual report and the
 * 案卷评查 page show it).
 */
import { desc, eq, sql } from "drizzle-orm";
import { mediationReviews, mediations, units, users } from "../../db/schema";
import { getDb, type Executor } from "~/utils/db.server";
import { audit } from "~/utils/audit.server";
import { can, inJurisdiction, type Actor } from "~/utils/permissions";
import { FILE_REVIEW_GRADES, type FileReviewValues } from "~/schemas/document";
import { fail, getUnit, type Result } from "./units.server";
import { applyRecordChange, rollupTotalsOfUnits } from "./counters.server";
import { contributionsOf } from "./mediations.server";
import { get, MEDIATION_INDICATORS, ratio } from "./counting-rules";
import { periodPhrase, scopeWord } from "./report-sentences";

const CONCLUDED = ["success", "failed", "withdrawn"];

/** Heads and bureaus at a township or above review files (not villages, not report writers). */
export function mayReviewFiles(actor: Actor): boolean {
  return (actor.role === "centre_head" || actor.role === "bureau") && actor.unitLevel !== "village" && can(actor, "read:mediation");
}

async function located(mediationId: number) {
  return await getDb()
    .select({ id: mediations.id, unitId: mediations.unitId, status: mediations.status, voidedAt: mediations.voidedAt, path: units.path })
    .from(mediations)
    .innerJoin(units, eq(units.id, mediations.unitId))
    .where(eq(mediations.id, mediationId))
    .get();
}

/** Reviews of a mediation file, newest first, for those who may read the dispute. */
export async function listFileReviews({ actor, mediationId }: { actor: Actor; mediationId: number }) {
  const m = await located(mediationId);
  if (!m || !can(actor, "read:mediation") || !inJurisdiction(actor, m.path)) return null;
  const rows = (await getDb()
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
    .all())
    .map((r) => ({ ...r, faults: r.faults ? r.faults.split(",") : [] }));
  return { list: rows, canReview: mayReviewFiles(actor) && !m.voidedAt && CONCLUDED.includes(m.status) };
}

export async function reviewMediationFile({ actor, mediationId, data, ip }: { actor: Actor; mediationId: number; data: FileReviewValues; ip?: string | null }): Promise<Result<{ id: number }>> {
  if (!mayReviewFiles(actor)) return fail(403, {}, "err.review.forbidden");
  const m = await located(mediationId);
  if (!m || !inJurisdiction(actor, m.path)) return fail(404, {}, "err.notFound");
  if (m.voidedAt || !CONCLUDED.includes(m.status)) return fail(409, {}, "err.review.notConcluded");
  return await getDb().transaction(async (tx) => {
    // the file's counters (reviewed, by latest grade) move with the review, in the same transaction
    const file = (await tx.select().from(mediations).where(eq(mediations.id, mediationId)).get())!;
    const before = await contributionsOf(tx, file);
    const row = await tx
      .insert(mediationReviews)
      .values({ mediationId, reviewerId: actor.id, reviewerUnitId: actor.unitId, reviewedOn: data.reviewedOn, grade: data.grade, faults: data.faults.join(","), note: data.note })
      .returning({ id: mediationReviews.id })
      .get();
    await applyRecordChange(tx, { before, after: await contributionsOf(tx, file) });
    await audit(tx, { userId: actor.id, action: "review_file", entity: "mediation", entityId: mediationId, unitId: m.unitId, after: data, ip });
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
 * (success, failure, withdrawal; voided excluded), how many of those files have a review, and their latest grades —
 * all read from the summary counters (`mediation.concluded`, `mediation.reviewed[.grade]`, kept with every dispute
 * and review write), so a province-year costs what a township-year does. The unit's own files (本级) get a row of
 * their own when it has any: its counters less its children's. Null when the unit is out of reach.
 */
export async function fileReviewSummary({ actor, unitId = actor.unitId, from, to }: { actor: Actor; unitId?: number; from: string; to: string }) {
  if (!can(actor, "read:mediation")) return null;
  const db = getDb();
  const unit = await getUnit({ actor, id: unitId, db });
  if (!unit) return null;
  const children = await db.select({ id: units.id, name: units.name }).from(units).where(eq(units.parentId, unit.id)).orderBy(units.sortOrder, units.id).all();
  const totals = await rollupTotalsOfUnits(db, { unitIds: [unit.id, ...children.map((c) => c.id)], from, to });
  const I = MEDIATION_INDICATORS;
  const GRADE: Record<FileReviewGrade, string> = { excellent: I.reviewedExcellent, pass: I.reviewedPass, fail: I.reviewedFail };
  const row = (id: number, name: string): FileReviewSummaryRow => {
    const t = totals.get(id)!;
    const concluded = get(t, I.concluded);
    const reviewed = get(t, I.reviewed);
    const grades = noGrades();
    for (const g of FILE_REVIEW_GRADES.values) grades[g] = get(t, GRADE[g]);
    return { unitId: id, unitName: name, ownLevel: false, concluded, reviewed, share: ratio(reviewed, concluded), grades };
  };
  const total = row(unit.id, unit.name);
  const childRows = children.map((c) => row(c.id, c.name));
  const minus = (a: number, rows: FileReviewSummaryRow[], f: (r: FileReviewSummaryRow) => number) => a - rows.reduce((s, r) => s + f(r), 0);
  const own: FileReviewSummaryRow = {
    unitId: unit.id,
    unitName: `${unit.name}（本级）`,
    ownLevel: true,
    concluded: minus(total.concluded, childRows, (r) => r.concluded),
    reviewed: minus(total.reviewed, childRows, (r) => r.reviewed),
    share: null,
    grades: noGrades(),
  };
  for (const g of FILE_REVIEW_GRADES.values) own.grades[g] = minus(total.grades[g], childRows, (r) => r.grades[g]);
  own.share = ratio(own.reviewed, own.concluded);
  const shown = childRows.filter((r) => r.concluded > 0 || r.reviewed > 0);
  return {
    unit: { id: unit.id, name: unit.name },
    period: { from, to },
    total,
    children: own.concluded > 0 || own.reviewed > 0 ? [own, ...shown] : shown,
    sentence: fileReviewSentence({ unit, from, to, total }),
  };
}
export type FileReviewSummary = NonNullable<Awaited<ReturnType<typeof fileReviewSummary>>>;

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

/**
 * Recounts the 案卷评查 counters of every file from the reviews (the hand-written part of this branch's migration
 * runs the same statements on databases that had reviews before the counters counted them).
 */
export const REVIEW_COUNTERS_BACKFILL = `
DELETE FROM stat_counters WHERE indicator IN ('mediation.reviewed', 'mediation.reviewed.excellent', 'mediation.reviewed.pass', 'mediation.reviewed.fail');
--> statement-breakpoint
WITH RECURSIVE
  graded(path, month, grade) AS (
    SELECT u.path, CAST(substr(m.concluded_on, 1, 4) || substr(m.concluded_on, 6, 2) AS INTEGER),
      (SELECT r.grade FROM mediation_reviews r WHERE r.mediation_id = m.id ORDER BY r.id DESC LIMIT 1)
    FROM mediations m JOIN units u ON u.id = m.unit_id
    WHERE m.id IN (SELECT mediation_id FROM mediation_reviews) AND m.voided_at IS NULL
      AND m.status IN ('success', 'failed', 'withdrawn') AND m.concluded_on IS NOT NULL
  ),
  files(path, month, indicator) AS (
    SELECT path, month, 'mediation.reviewed' FROM graded
    UNION ALL SELECT path, month, 'mediation.reviewed.' || grade FROM graded WHERE grade IN ('excellent', 'pass', 'fail')
  ),
  walk(rest, unit_id, month, indicator) AS (
    SELECT substr(path, 2), CAST(NULL AS INTEGER), month, indicator FROM files
    UNION ALL
    SELECT substr(rest, instr(rest, '/') + 1), CAST(substr(rest, 1, instr(rest, '/') - 1) AS INTEGER), month, indicator FROM walk WHERE rest <> ''
  )
INSERT INTO stat_counters (unit_id, month, indicator, dim, value)
SELECT unit_id, month, indicator, '', count(*) FROM walk WHERE unit_id IS NOT NULL GROUP BY unit_id, month, indicator;
`;
export async function backfillReviewCounters(db: Executor) {
  await db.transaction(async (tx) => {
    for (const statement of REVIEW_COUNTERS_BACKFILL.split("--> statement-breakpoint")) await tx.run(sql.raw(statement));
  });
}
