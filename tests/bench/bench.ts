/**
 * `npm run bench` — builds a synthetic province (about 30,000 units, 5 million records over 5 years, skewed
 * activity) in its own SQLite file and prints medians and p95 of: the annual report for the province, a city, a
 * county, a township and a village; the child-unit breakdown; a drill-down first page; saving a record with its
 * counter upkeep. It checks the counters of one county against a raw recount.
 *
 * Options: --records N (default 5000000), --runs N (default 30), --db FILE (default tests/.tmp/bench.db),
 * --rebuild (build even if the file holds a province of the same size).
 */
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const RECORDS = Number(opt("records", "5000000"));
const RUNS = Number(opt("runs", "30"));
const DB_FILE = path.resolve(opt("db", "tests/.tmp/bench.db"));
const REBUILD = args.includes("--rebuild");
process.env.DATABASE_URL = DB_FILE;

const { getDb } = await import("../../app/utils/db.server");
const { rebuildSubtreeCounters, readCounters, recountRaw, rollupTotalsOfUnits } = await import("../../app/models/counters.server");
const { getReport, getFigures } = await import("../../app/models/reports.server");
const { createConsultation, listConsultations } = await import("../../app/models/consultations.server");
const { listMediations } = await import("../../app/models/mediations.server");
const { CHANNELS, TOPICS, NEXT_STEPS, MEDIATION_TYPES, MEDIATION_SOURCES, PERSON_CATEGORIES } = await import("../../app/schemas/enums");
type Actor = import("../../app/utils/permissions").Actor;

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const r = mulberry32(7);
const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const YEARS = [2021, 2022, 2023, 2024, 2025];
function randomDay(year: number) {
  const d = new Date(Date.UTC(year, 0, 1 + Math.floor(r() * 365)));
  return d.toISOString().slice(0, 10);
}
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86400_000).toISOString().slice(0, 10);

const db = getDb();
const client = db.$client;

function existingSize() {
  try {
    const row = client.prepare(`SELECT after FROM audit_log WHERE action = 'bench' ORDER BY id DESC LIMIT 1`).get() as { after: string } | undefined;
    return row ? (JSON.parse(JSON.parse(row.after)) as { records: number }).records : 0;
  } catch {
    return 0;
  }
}

async function build() {
  const t0 = performance.now();
  client.pragma("foreign_keys = OFF");
  for (const t of [
    "stat_counters",
    "audit_log",
    "consultation_categories",
    "consultations",
    "mediation_followups",
    "mediation_mediators",
    "mediation_parties",
    "mediation_sessions",
    "mediation_transfers",
    "mediations",
    "case_sequences",
    "sessions",
    "users",
    "units",
  ])
    client.exec(`DELETE FROM ${t}`);
  client.pragma("foreign_keys = ON");
  const insUnit = client.prepare(
    `INSERT INTO units (code, name, level, type, parent_id, path, depth, sort_order, active_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '2015-01-01')`,
  );
  const setPath = client.prepare(`UPDATE units SET path = ? WHERE id = ?`);
  type U = { id: number; path: string; depth: number; weight: number };
  const addUnit = (code: string, name: string, level: string, type: string, parent: U | null, weight: number): U => {
    const id = Number(insUnit.run(code, name, level, type, parent?.id ?? null, `p${code}`, parent ? parent.depth + 1 : 0, 0).lastInsertRowid);
    const p = `${parent ? parent.path : "/"}${id}/`;
    setPath.run(p, id);
    return { id, path: p, depth: parent ? parent.depth + 1 : 0, weight };
  };
  const counties: Array<{ unit: U; leaves: U[] }> = [];
  let all: U[] = [];
  client.transaction(() => {
    const province = addUnit("140000000000", "山西省", "province", "admin", null, 0);
    all.push(province);
    for (let c = 1; c <= 11; c++) {
      const city = addUnit(`14${String(c).padStart(2, "0")}00000000`, `第${c}市`, "city", "admin", province, 0);
      all.push(city);
      const nCounties = c === 1 ? 13 : 11;
      for (let k = 1; k <= nCounties; k++) {
        const county = addUnit(`14${String(c).padStart(2, "0")}${String(k).padStart(2, "0")}000000`, `第${c}市第${k}县`, "county", "admin", city, 2);
        const leaves: U[] = [county];
        for (let b = 1; b <= 4; b++) leaves.push(addUnit(`B${c}-${k}-${b}`, `专业调委会${b}`, "county", "industry_committee", county, 1.5));
        const nTowns = int(9, 15);
        for (let t = 1; t <= nTowns; t++) {
          const town = addUnit(`14${String(c).padStart(2, "0")}${String(k).padStart(2, "0")}${String(100 + t).padStart(3, "0")}000`, `乡镇${t}`, "township", "admin", county, 1 + r() * 3);
          leaves.push(town);
          const nVill = int(12, 27);
          for (let v = 1; v <= nVill; v++)
            leaves.push(addUnit(`${String(c).padStart(2, "0")}${String(k).padStart(2, "0")}${String(t).padStart(3, "0")}${String(v).padStart(3, "0")}V`, `村${v}`, "village", "admin", town, r() < 0.4 ? 0.02 : 0.05 + r() * 0.4));
        }
        counties.push({ unit: county, leaves });
        all = all.concat(leaves);
      }
    }
  })();
  const user = Number(
    client.prepare(`INSERT INTO users (username, display_name, password_hash, role, unit_id) VALUES ('bench', '基准', 'x', 'staff', ?)`).run(all[0].id).lastInsertRowid,
  );
  const tUnits = performance.now();
  console.log(`units: ${all.length} in ${((tUnits - t0) / 1000).toFixed(1)} s`);

  // records: skewed across counties (some busy, most ordinary) and across units within a county
  const countyWeights = counties.map(() => 0.3 + r() ** 2 * 3);
  const cwSum = countyWeights.reduce((a, b) => a + b, 0);
  const insC = client.prepare(
    `INSERT INTO consultations (unit_id, date, channel, topic, persons, categories, answered_by, summary, next_step, created_by_id) VALUES (?, ?, ?, ?, ?, ?, '解答员', '', ?, ?)`,
  );
  const insCat = client.prepare(`INSERT INTO consultation_categories (consultation_id, category) VALUES (?, ?)`);
  const insM = client.prepare(
    `INSERT INTO mediations (unit_id, registered_unit_id, case_no, case_year, case_seq, registered_on, source, dispute_type, summary, persons_involved,
       amount_fen, is_mass, prevented_criminal, prevented_petition, status, concluded_on, agreement_form, agreement_terms, agreement_amount_fen,
       performance, failure_reason, failure_route, withdraw_reason, created_by_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, '纠纷', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insF = client.prepare(`INSERT INTO mediation_followups (mediation_id, visited_on, visitor, performance_found, satisfaction, created_by_id) VALUES (?, ?, '回访员', ?, ?, ?)`);
  let written = 0;
  let tLoad = 0;
  let tCounters = 0;
  const caseSeq = new Map<string, number>();
  for (const [ci, county] of counties.entries()) {
    const n = Math.round((RECORDS * countyWeights[ci]) / cwSum);
    const ws = county.leaves.map((l) => l.weight);
    const wSum = ws.reduce((a, b) => a + b, 0);
    const cum: number[] = [];
    ws.reduce((acc, w, i) => (cum[i] = acc + w / wSum), 0);
    const leafOf = () => {
      const x = r();
      let lo = 0;
      let hi = cum.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cum[mid] < x) lo = mid + 1;
        else hi = mid;
      }
      return county.leaves[lo];
    };
    const a = performance.now();
    client.transaction(() => {
      for (let i = 0; i < n; i++) {
        const unit = leafOf();
        const year = pick(YEARS);
        const day = randomDay(year);
        if (r() < 0.7) {
          const cats = r() < 0.25 ? [pick(PERSON_CATEGORIES.values)] : [];
          const ch = pick(CHANNELS.values);
          const id = Number(insC.run(unit.id, day, ch, pick(TOPICS.values), ch === "outreach" ? int(10, 60) : 1, cats.join(","), pick(NEXT_STEPS.values), user).lastInsertRowid);
          for (const k of cats) insCat.run(id, k);
        } else {
          const key = `${unit.id}|${year}`;
          const seq = (caseSeq.get(key) ?? 0) + 1;
          caseSeq.set(key, seq);
          const x = r();
          const status = x < 0.94 ? "success" : x < 0.96 ? "failed" : x < 0.97 ? "withdrawn" : x < 0.985 ? "in_mediation" : "registered";
          const concludedOn = ["success", "failed", "withdrawn"].includes(status) ? addDays(day, int(1, 40)) : null;
          const success = status === "success";
          const id = Number(
            insM.run(
              unit.id, unit.id, `（${year}）B${unit.id}调字第${String(seq).padStart(4, "0")}号`, year, seq, day, pick(MEDIATION_SOURCES.values), pick(MEDIATION_TYPES.values),
              int(2, 4), r() < 0.3 ? int(1000, 5_000_000) * 100 : null, r() < 0.01 ? 1 : 0, r() < 0.01 ? 1 : 0, r() < 0.005 ? 1 : 0, status, concludedOn,
              success ? (r() < 0.7 ? "written" : "oral") : null, success ? "协议" : null, success && r() < 0.3 ? int(100, 200_000) * 100 : null,
              success ? pick(["immediate", "in_progress", "performed", "partial", "not_performed"]) : null, status === "failed" ? "分歧" : null,
              status === "failed" ? "litigation" : null, status === "withdrawn" ? "撤回" : null, user,
            ).lastInsertRowid,
          );
          if (success && concludedOn && r() < 0.3) insF.run(id, addDays(concludedOn, int(5, 40)), "performed", pick(["satisfied", "satisfied", "fairly", "dissatisfied"]), user);
        }
      }
    })();
    const b = performance.now();
    // the counters through the model's own rebuild, in a transaction of the database's helper (asynchronous)
    await db.transaction(async (tx) => await rebuildSubtreeCounters(tx, county.unit.id));
    const c = performance.now();
    tLoad += b - a;
    tCounters += c - b;
    written += n;
    if ((ci + 1) % 20 === 0 || ci === counties.length - 1)
      console.log(`  ${ci + 1}/${counties.length} counties, ${written.toLocaleString()} records (load ${(tLoad / 1000).toFixed(1)} s, counters ${(tCounters / 1000).toFixed(1)} s)`);
  }
  client
    .prepare(`INSERT INTO audit_log (action, entity, after) VALUES ('bench', 'database', ?)`)
    .run(JSON.stringify(JSON.stringify({ records: RECORDS, units: all.length })));
  client.pragma("wal_checkpoint(TRUNCATE)");
  client.exec("ANALYZE");
  console.log(`built in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${all.length} units, ${written.toLocaleString()} records`);
}

fs.mkdirSync(path.dirname(DB_FILE), { recursive: true });
if (REBUILD || existingSize() !== RECORDS) {
  console.log(`Building a synthetic province with ${RECORDS.toLocaleString()} records in ${DB_FILE} …`);
  await build();
} else {
  console.log(`Reusing ${DB_FILE} (${RECORDS.toLocaleString()} records; --rebuild to build again)`);
}

// ---- measurements ------------------------------------------------------------------------------------------------

const unitAt = (level: string, order: "busiest" | "first" = "first") =>
  client
    .prepare(
      order === "busiest"
        ? `SELECT u.id, u.path, u.name, u.level FROM units u JOIN stat_counters s ON s.unit_id = u.id AND s.indicator = 'consultation.records' AND s.dim = ''
           WHERE u.level = ? AND u.type = 'admin' GROUP BY u.id ORDER BY SUM(s.value) DESC LIMIT 1`
        : `SELECT id, path, name, level FROM units WHERE level = ? AND type = 'admin' ORDER BY id LIMIT 1`,
    )
    .get(level) as { id: number; path: string; name: string; level: string };

const province = unitAt("province");
const actor: Actor = { id: 1, username: "bench", displayName: "基准", role: "bureau", unitId: province.id, unitPath: province.path, unitName: province.name, unitLevel: "province" };
const staffActor: Actor = { ...actor, role: "staff" };
const targets = [
  ["province", province],
  ["city (busiest)", unitAt("city", "busiest")],
  ["county (busiest)", unitAt("county", "busiest")],
  ["township (busiest)", unitAt("township", "busiest")],
  ["village", unitAt("village", "busiest")],
] as const;

/** Times an asynchronous call: each run awaited before the next starts (the time is the awaited call's). */
async function measure(fn: () => Promise<unknown>, runs = RUNS) {
  for (let i = 0; i < 3; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const a = performance.now();
    await fn();
    times.push(performance.now() - a);
  }
  times.sort((x, y) => x - y);
  const q = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)];
  return { median: q(0.5), p95: q(0.95) };
}
const rows: Array<[string, { median: number; p95: number }]> = [];
const year = { from: "2024-01-01", to: "2024-12-31" };
for (const [label, u] of targets) rows.push([`annual report, ${label}`, await measure(async () => await getReport({ actor, unitId: u.id, ...year }))]);
rows.push([`annual report, county, 5 Mar–20 Sep (edge days)`, await measure(async () => await getReport({ actor, unitId: targets[2][1].id, from: "2024-03-05", to: "2024-09-20" }))]);
rows.push([`figures only (this year and last), province`, await measure(async () => await getFigures({ actor, unitId: province.id, ...year }))]);
const cityChildren = (client.prepare(`SELECT id FROM units WHERE parent_id = ?`).all(targets[1][1].id) as Array<{ id: number }>).map((c) => c.id);
rows.push([`child breakdown, city (its counties, one counter query)`, await measure(async () => await rollupTotalsOfUnits(db, { unitIds: cityChildren, ...year }))]);
const provinceChildren = (client.prepare(`SELECT id FROM units WHERE parent_id = ?`).all(province.id) as Array<{ id: number }>).map((c) => c.id);
rows.push([`child breakdown, province (its cities)`, await measure(async () => await rollupTotalsOfUnits(db, { unitIds: provinceChildren, ...year }))]);
rows.push([`annual report, province, a quarter (2024 Q2)`, await measure(async () => await getReport({ actor, unitId: province.id, from: "2024-04-01", to: "2024-06-30" }))]);
rows.push([`drill-down first page, consultations of the county-year`, await measure(async () => await listConsultations({ actor, filters: { unit: targets[2][1].id, ...year } }))]);
rows.push([`drill-down first page, mediations of the county-year`, await measure(async () => await listMediations({ actor, filters: { unit: targets[2][1].id, ...year, dateField: "registered" } }))]);
const village = targets[4][1];
let n = 0;
rows.push([
  `save a consultation with counter upkeep (village, 5 ancestors)`,
  await measure(async () => {
    await createConsultation({
      actor: staffActor,
      data: { date: `2024-06-${String(1 + (n++ % 28)).padStart(2, "0")}`, unitId: village.id, channel: "walk_in", topic: "labour", persons: 1, categories: ["elderly"], answeredBy: "基准", summary: "", nextStep: "answered" },
    });
  }, 200),
]);

console.log(`\nMedian and p95 over ${RUNS} runs (saves: 200), server time in the model layer:`);
for (const [label, t] of rows) console.log(`  ${label.padEnd(62)} median ${t.median.toFixed(2).padStart(8)} ms   p95 ${t.p95.toFixed(2).padStart(8)} ms`);

// integrity: the county's counters for 2024 equal a raw recount
const county = targets[2][1];
const a = performance.now();
const raw = await recountRaw(db, { path: county.path, ...year });
const rawMs = performance.now() - a;
const counters = await readCounters(db, county.id, 202401, 202412);
const mismatches = [...new Set([...raw.keys(), ...counters.keys()])].filter((k) => (raw.get(k) ?? 0) !== (counters.get(k) ?? 0));
console.log(`\nIntegrity: ${county.name} 2024 counters vs raw recount (${rawMs.toFixed(0)} ms): ${mismatches.length === 0 ? "equal" : `${mismatches.length} differ: ${mismatches.slice(0, 5).join(", ")}`}`);
const total = (client.prepare(`SELECT (SELECT count(*) FROM consultations) + (SELECT count(*) FROM mediations) n`).get() as { n: number }).n;
const units = (client.prepare(`SELECT count(*) n FROM units`).get() as { n: number }).n;
const counterRows = (await db.get(sql`SELECT count(*) n FROM stat_counters`) as { n: number }).n;
console.log(`Database: ${units.toLocaleString()} units, ${total.toLocaleString()} records, ${counterRows.toLocaleString()} counter rows, ${(fs.statSync(DB_FILE).size / 2 ** 20).toFixed(0)} MiB; RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
const worst = Math.max(...rows.filter(([l]) => l.startsWith("annual report") && !l.includes("edge days")).map(([, t]) => t.p95));
console.log(`Annual report (years, quarters, months) p95, worst unit: ${worst.toFixed(1)} ms (target < 50 ms) — ${worst < 50 ? "OK" : "OVER"}`);
console.log(`A period with edge days reads the day counters (every unit down to DAY_COUNTER_DEPTH, README › Speed).`);
if (mismatches.length) process.exitCode = 1;
