/**
 * `npx tsx tests/bench/unit-search.ts [--region 14] [--runs 50]` — the unit picker at province scale: loads a
 * province's unit tree from the 2023 division codes (山西省: about 23,000 units with their real names) into a fresh
 * database, then prints the time to fill the pinyin of every unit, and median and p95 of searchUnits (name, code
 * prefix, pinyin initials, full pinyin, a query matching nothing) and listUnitChildren for a province, a county and a
 * township account, with the JSON size of an answer.
 *
 * `--db FILE` measures on an existing database instead (e.g. a migrated copy of the 5-million-record bench
 * database, 30,128 units): nothing is loaded, only the pinyin of units without it is filled (a write: use a copy).
 */
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";

const args = process.argv.slice(2);
const opt = (name: string, def: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const region = opt("region", "14");
const RUNS = Number(opt("runs", "50"));
const given = opt("db", "");
const file = path.resolve(given || "tests/.tmp/bench-unit-search.db");
fs.mkdirSync(path.dirname(file), { recursive: true });
if (!given) for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
process.env.DATABASE_URL = file;

const { getDb } = await import("../../app/utils/db.server");
const { findRegion, readRegionUnits } = await import("../../app/models/division-codes.server");
const { applyDivisionUnits } = await import("../../app/models/unit-load.server");
const { fillUnitPinyin, searchUnits, listUnitChildren } = await import("../../app/models/unit-search.server");
type Actor = import("../../app/utils/permissions").Actor;

const db = getDb();
if (!given) {
  const specs = await readRegionUnits(findRegion(region));
  await db.transaction(async (tx) => await applyDivisionUnits(tx, { actor: null, specs, activeFrom: "2000-01-01", allowNewRoot: true }));
  db.$client.prepare("UPDATE units SET pinyin = NULL, pinyin_initials = NULL").run();
}
const t0 = performance.now();
const filled = await fillUnitPinyin(db);
const fillMs = performance.now() - t0;
console.log(`units: ${filled}; pinyin filled in ${fillMs.toFixed(0)} ms (${((fillMs * 1000) / filled).toFixed(1)} µs a unit)`);

const unitAt = (level: string) => db.$client.prepare("SELECT id, path, name, level FROM units WHERE level = ? ORDER BY path LIMIT 1").get(level) as { id: number; path: string; name: string; level: string };
const actorOf = (u: { id: number; path: string; name: string; level: string }): Actor => ({ id: 1, username: "bench", displayName: "bench", role: "bureau", unitId: u.id, unitPath: u.path, unitName: u.name, unitLevel: u.level });
const province = unitAt("province");
const county = unitAt("county");
const township = unitAt("township");
const aVillage = db.$client.prepare("SELECT name, code FROM units WHERE level = 'village' AND path LIKE ? LIMIT 1").get(`${township.path}%`) as { name: string; code: string };

async function time(fn: () => Promise<unknown>) {
  const ms: number[] = [];
  let out: unknown;
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    out = await fn();
    ms.push(performance.now() - s);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)], p95: ms[Math.min(ms.length - 1, Math.floor(ms.length * 0.95))], bytes: Buffer.byteLength(JSON.stringify(out)) };
}

const queries: Array<[string, string]> = [
  ["name (prefix)", township.name.slice(0, 2)],
  ["name (contained)", aVillage.name.slice(1, 3)],
  ["code prefix", aVillage.code.slice(0, 9)],
  ["pinyin initials", "ysz"],
  ["full pinyin", "yishi"],
  ["one letter", "c"],
  ["no match", "zzzzzz"],
];
console.log(`\n${"account".padEnd(10)} ${"query".padEnd(22)} ${"median ms".padStart(10)} ${"p95 ms".padStart(8)} ${"JSON bytes".padStart(10)}`);
for (const [label, u] of [
  ["province", province],
  ["county", county],
  ["township", township],
] as const) {
  const actor = actorOf(u);
  for (const [what, q] of queries) {
    const r = await time(async () => await searchUnits({ actor, q }));
    console.log(`${label.padEnd(10)} ${`${what} “${q}”`.padEnd(22)} ${r.median.toFixed(2).padStart(10)} ${r.p95.toFixed(2).padStart(8)} ${String(r.bytes).padStart(10)}`);
  }
  const c = await time(async () => await listUnitChildren({ actor }));
  console.log(`${label.padEnd(10)} ${"children of own unit".padEnd(22)} ${c.median.toFixed(2).padStart(10)} ${c.p95.toFixed(2).padStart(8)} ${String(c.bytes).padStart(10)}`);
}
db.$client.close();
if (!given) for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
