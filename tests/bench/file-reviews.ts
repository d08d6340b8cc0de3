/**
 * `npx tsx tests/bench/file-reviews.ts <copy of a bench database> [--share 0.05]` — times the 案卷评查 summary
 * (app/models/file-reviews.server.ts, from the summary counters) for the root, a county and a township, a year
 * each. When the database has no reviews yet, adds reviews of a share of the concluded files, and counts them with
 * the migration's backfill. Never point it at a database you want unchanged.
 */
import { performance } from "node:perf_hooks";

const file = process.argv[2];
if (!file) {
  console.error("usage: npx tsx tests/bench/file-reviews.ts <database copy> [--share 0.05]");
  process.exit(2);
}
const shareArg = process.argv.indexOf("--share");
const share = shareArg > 0 ? Number(process.argv[shareArg + 1]) : 0.05;
process.env.DATABASE_URL = file;
const { getDb } = await import("../../app/utils/db.server");
const { fileReviewSummary } = await import("../../app/models/file-reviews.server");
const { sql } = await import("drizzle-orm");
const db = getDb();

const one = async <T>(q: Awaited<ReturnType<typeof sql>>) => (await db.get<T>(q))!;
const root = await one<{ id: number; path: string; name: string; level: string }>(sql`SELECT id, path, name, level FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1`);
const user = await one<{ id: number }>(sql`SELECT id FROM users ORDER BY id LIMIT 1`);
if ((await one<{ n: number }>(sql`SELECT count(*) AS n FROM mediation_reviews`)).n === 0) {
  const t0 = performance.now();
  await db.run(sql`INSERT INTO mediation_reviews (mediation_id, reviewer_id, reviewer_unit_id, reviewed_on, grade, faults, note)
    SELECT id, ${user.id}, ${root.id}, concluded_on, CASE abs(random()) % 10 WHEN 0 THEN 'fail' WHEN 1 THEN 'excellent' WHEN 2 THEN 'excellent' ELSE 'pass' END, '', ''
    FROM mediations WHERE status IN ('success', 'failed', 'withdrawn') AND voided_at IS NULL AND abs(random()) % 10000 < ${Math.round(share * 10000)}`);
  console.log(`added reviews in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
if ((await one<{ n: number }>(sql`SELECT count(*) AS n FROM stat_counters WHERE indicator = 'mediation.reviewed'`)).n === 0) {
  const t1 = performance.now();
  const { backfillReviewCounters } = await import("../../app/models/file-reviews.server");
  await db.transaction(async (tx) => await backfillReviewCounters(tx));
  console.log(`review counters counted (the migration's backfill) in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
}
const reviews = (await one<{ n: number }>(sql`SELECT count(*) AS n FROM mediation_reviews`)).n;
const yearArg = process.argv.indexOf("--year");
const year = yearArg > 0 ? process.argv[yearArg + 1] : String(Number((await one<{ y: string }>(sql`SELECT substr(max(concluded_on), 1, 4) AS y FROM mediations`)).y) - 1);
const county = await one<{ id: number; path: string; name: string; level: string }>(sql`SELECT id, path, name, level FROM units WHERE level = 'county' ORDER BY id LIMIT 1`);
const township = await one<{ id: number; path: string; name: string; level: string }>(sql`SELECT id, path, name, level FROM units WHERE level = 'township' ORDER BY id LIMIT 1`);
console.log(`${reviews} reviews; year ${year}`);
const actor = { id: user.id, username: "bench", displayName: "bench", role: "bureau" as const, unitId: root.id, unitPath: root.path, unitName: root.name, unitLevel: root.level };
for (const u of [root, county, township]) {
  {
    const times: number[] = [];
    let s: Awaited<ReturnType<typeof fileReviewSummary>> = null;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      s = await fileReviewSummary({ actor, unitId: u.id, from: `${year}-01-01`, to: `${year}-12-31` });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(
      `${u.level.padEnd(9)} ${u.name.padEnd(10)} median ${times[2].toFixed(1).padStart(8)} ms  (concluded ${s!.total.concluded}, reviewed ${s!.total.reviewed}, ${s!.children.length} rows)`,
    );
  }
}
