/**
 * Demo 案卷评查 (file reviews), after the Linyi report's "调解案卷大评查": the county bureau of 临猗县 reviews about a
 * quarter of last year's concluded mediation files in the county, and the head of 猗氏镇 about one in ten of this
 * year's files of the township so far. Grades mostly 合格, some 优秀, a few 不合格 naming their faults.
 */
import type { SeedContext } from "./seed-context";
import type { Rand } from "./seed";
import { LINYI } from "./seed-data";

const FAULTS = ["missing_signature", "missing_documents", "late_followup"] as const;

function addDays(day: string, n: number) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function seedReviews(ctx: SeedContext, r: Rand) {
  const { client, unitIds, userIds, today } = ctx;
  const county = unitIds.get(LINYI.code)!;
  const lo = county.path;
  const hi = county.path.slice(0, -1) + "0";
  const lastYear = String(Number(today.slice(0, 4)) - 1);
  const files = client
    .prepare(
      `SELECT m.id, m.concluded_on AS concludedOn, u.path FROM mediations m JOIN units u ON u.id = m.unit_id
       WHERE u.path >= ? AND u.path < ? AND m.status IN ('success', 'failed', 'withdrawn') AND m.voided_at IS NULL
         AND m.concluded_on >= ? ORDER BY m.id`,
    )
    .all(lo, hi, `${lastYear}-01-01`) as Array<{ id: number; concludedOn: string; path: string }>;
  const reviewer = (username: string) => {
    const id = userIds.get(username)!;
    const unitId = (client.prepare("SELECT unit_id AS u FROM users WHERE id = ?").get(id) as { u: number }).u;
    const path = (client.prepare("SELECT path FROM units WHERE id = ?").get(unitId) as { path: string }).path;
    return { id, unitId, path };
  };
  const bureau = reviewer("linyi.bureau");
  const head = reviewer("yishi.head");
  const ins = client.prepare(
    `INSERT INTO mediation_reviews (mediation_id, reviewer_id, reviewer_unit_id, reviewed_on, grade, faults, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let n = 0;
  for (const f of files) {
    const thisYear = f.concludedOn > `${lastYear}-12-31`;
    const who = thisYear ? head : bureau;
    if (!f.path.startsWith(who.path) || r() >= (thisYear ? 0.1 : 0.25)) continue;
    let reviewedOn = addDays(f.concludedOn, 10 + Math.floor(r() * 50));
    if (reviewedOn > today) reviewedOn = today;
    const x = r();
    const grade = x < 0.3 ? "excellent" : x < 0.92 ? "pass" : "fail";
    const faults = grade === "fail" ? FAULTS.filter(() => r() < 0.5) : grade === "pass" && r() < 0.3 ? [FAULTS[Math.floor(r() * 3)]] : [];
    if (grade === "fail" && faults.length === 0) faults.push(FAULTS[1]);
    const note = grade === "fail" ? "案卷材料不完整，责令限期补正" : grade === "excellent" ? "卷宗规范，材料齐全" : "";
    ins.run(f.id, who.id, who.unitId, reviewedOn, grade, faults.join(","), note, `${reviewedOn}T02:00:00.000Z`);
    n++;
  }
  ctx.log(`file reviews: ${n}`);
}
