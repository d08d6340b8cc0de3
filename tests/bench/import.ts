/**
 * `npx tsx tests/bench/import.ts [--rows 100000]` — times the bulk import of consultations: builds a CSV and an
 * XLSX of N rows over a few dozen units, imports each into a fresh SQLite file (parse, validate every row with
 * ConsultationSchema, write rows + categories + audit + counters in one transaction), re-imports the CSV (all
 * skipped), and checks the counters against a raw recount. Prints the timings.
 */
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import ExcelJS from "exceljs";

const args = process.argv.slice(2);
const ROWS = Number(args[args.indexOf("--rows") + 1] || 100_000) || 100_000;
const DIR = path.resolve("tests/.tmp");
fs.mkdirSync(DIR, { recursive: true });
const DB_FILE = path.join(DIR, "bench-import.db");
for (const f of [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`]) fs.rmSync(f, { force: true });
process.env.DATABASE_URL = DB_FILE;

const { getDb } = await import("../../app/utils/db.server");
const { units, users } = await import("../../db/schema");
const { importFile } = await import("../../app/models/import.server");
const { readCounters, recountRaw } = await import("../../app/models/counters.server");
const { CHANNELS, TOPICS, NEXT_STEPS, PERSON_CATEGORIES } = await import("../../app/schemas/enums");
const { eq } = await import("drizzle-orm");

const db = getDb();
const ins = async (v: { code: string; name: string; level: string; parentId: number | null; parentPath: string; depth: number }) => {
  const r = await db.insert(units).values({ code: v.code, name: v.name, level: v.level, type: "admin", parentId: v.parentId, path: "x", depth: v.depth, activeFrom: "2000-01-01" }).returning().get();
  const p = `${v.parentPath}${r.id}/`;
  await db.update(units).set({ path: p }).where(eq(units.id, r.id)).run();
  return { id: r.id, path: p, code: v.code };
};
const county = await ins({ code: "B000", name: "基准县", level: "county", parentId: null, parentPath: "/", depth: 0 });
const leaves: string[] = [];
for (let t = 0; t < 8; t++) {
  const town = await ins({ code: `B1${t}`, name: `基准镇${t}`, level: "township", parentId: county.id, parentPath: county.path, depth: 1 });
  for (let v = 0; v < 5; v++) leaves.push((await ins({ code: `B1${t}${v}`, name: `基准村${t}-${v}`, level: "village", parentId: town.id, parentPath: town.path, depth: 2 })).code);
}
const user = await db.insert(users).values({ username: "bench.admin", displayName: "基准", passwordHash: "x", role: "admin", unitId: county.id }).returning().get();
const actor = { id: user.id, username: user.username, displayName: user.displayName, role: "admin" as const, unitId: county.id, unitPath: county.path, unitName: "基准县", unitLevel: "county" };

const headers = ["外部编号", "单位编码", "咨询日期", "咨询渠道", "咨询事项", "人数", "人员类别", "解答人", "咨询摘要", "处理结果"];
const rows: string[][] = [];
for (let i = 0; i < ROWS; i++) {
  const day = `202${3 + (i % 2)}-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")}`;
  rows.push([
    `H${i}`,
    leaves[i % leaves.length],
    day,
    CHANNELS.labels[CHANNELS.values[i % CHANNELS.values.length]].zh,
    TOPICS.labels[TOPICS.values[i % TOPICS.values.length]].zh,
    String(1 + (i % 3)),
    i % 4 === 0 ? PERSON_CATEGORIES.labels[PERSON_CATEGORIES.values[i % PERSON_CATEGORIES.values.length]].zh : "",
    `解答人${i % 50}`,
    "咨询劳动报酬问题",
    NEXT_STEPS.labels[NEXT_STEPS.values[i % NEXT_STEPS.values.length]].zh,
  ]);
}
const csv = Buffer.from(`\uFEFF${[headers, ...rows].map((r) => r.join(",")).join("\r\n")}\r\n`, "utf8");
const wb = new ExcelJS.Workbook();
const ws = wb.addWorksheet("法律咨询");
ws.addRow(headers);
for (const r of rows) ws.addRow(r.map((c, i) => (i === 5 ? Number(c) : c)));
const xlsx = Buffer.from(await wb.xlsx.writeBuffer());

const time = async (label: string, fn: () => Promise<{ ok: boolean; imported: object; skipped: number; issues: unknown[] }>) => {
  const t0 = performance.now();
  const r = await fn();
  const s = (performance.now() - t0) / 1000;
  console.log(`${label.padEnd(34)} ${s.toFixed(2)} s  ok=${r.ok} imported=${JSON.stringify(r.imported)} skipped=${r.skipped}${r.issues.length ? ` issues=${JSON.stringify(r.issues.slice(0, 2))}` : ""}`);
  return s;
};
console.log(`rows: ${ROWS}; CSV ${(csv.length / 1048576).toFixed(1)} MB, XLSX ${(xlsx.length / 1048576).toFixed(1)} MB`);
const csvSeconds = await time("CSV import (UTF-8)", () => importFile({ actor, fileName: "bench.csv", data: csv }));
await time("CSV re-import (all skipped)", () => importFile({ actor, fileName: "bench.csv", data: csv }));
// the XLSX holds the same references: rename them so its rows are new
for (const r of rows) r[0] = `X${r[0]}`;
const wb2 = new ExcelJS.Workbook();
const ws2 = wb2.addWorksheet("法律咨询");
ws2.addRow(headers);
for (const r of rows) ws2.addRow(r.map((c, i) => (i === 5 ? Number(c) : c)));
const xlsx2 = Buffer.from(await wb2.xlsx.writeBuffer());
const xlsxSeconds = await time("XLSX import", () => importFile({ actor, fileName: "bench.xlsx", data: xlsx2 }));
const counters = await readCounters(db, county.id, 202301, 202412);
const raw = await recountRaw(db, { path: county.path, from: "2023-01-01", to: "2024-12-31" });
const same = [...raw].every(([k, v]) => counters.get(k) === v) && counters.size === raw.size;
console.log(`counters equal raw recount: ${same}`);
console.log(`RESULT ${ROWS} rows: CSV ${csvSeconds.toFixed(2)} s, XLSX ${xlsxSeconds.toFixed(2)} s (limit 20 s)`);
if (!same || csvSeconds > 20 || xlsxSeconds > 20) process.exitCode = 1;
