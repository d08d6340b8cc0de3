/**
 * `npx tsx tests/bench/ledger-export.ts [--db tests/.tmp/e2e-3203.db]` — time of a 台账 export (issue 15).
 * 1. On a copy of a seeded database (the Playwright one: two years of demo data, run the e2e suite once first):
 *    the city bureau's 台账 of every consultation and every dispute (the query, the masking, the XLSX, the CSV).
 * 2. A synthetic 调解台账 at the row limit (50,000 rows × 13 columns): the XLSX and CSV writers alone.
 * Prints milliseconds, file sizes and the process's peak RSS.
 */
import fs from "node:fs";
import path from "node:path";

const args = process.argv.slice(2);
const source = path.resolve(args.includes("--db") ? args[args.indexOf("--db") + 1] : "tests/.tmp/e2e-3203.db");
const file = path.resolve("tests/.tmp/bench-ledger.db");
const seeded = fs.existsSync(source);
if (seeded) {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  fs.copyFileSync(source, file);
  if (fs.existsSync(`${source}-wal`)) fs.copyFileSync(`${source}-wal`, `${file}-wal`);
  process.env.DATABASE_URL = file;
}

const { LEDGER_MAX_ROWS, buildLedger, ledgerCsv, ledgerXlsx } = await import("../../app/models/ledger-export.server");
type Ledger = Parameters<typeof ledgerXlsx>[0];

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const row = (label: string, ms: number, extra = "") => console.log(`${label.padEnd(48)} ${ms.toFixed(0).padStart(7)} ms  ${extra}`);

async function time(label: string, ledger: Ledger, queryMs: number) {
  const t0 = performance.now();
  const xlsx = await ledgerXlsx(ledger);
  const t1 = performance.now();
  const csv = ledgerCsv(ledger);
  const t2 = performance.now();
  row(`${label}: query + masking (${ledger.rows.length} rows)`, queryMs);
  row(`${label}: XLSX`, t1 - t0, mb(xlsx.length));
  row(`${label}: CSV`, t2 - t1, mb(Buffer.byteLength(csv)));
}

if (seeded) {
  const { getDb } = await import("../../app/utils/db.server");
  const { users, units } = await import("../../db/schema");
  const { eq } = await import("drizzle-orm");
  const u = await getDb().select({ u: users, path: units.path, unitName: units.name, level: units.level }).from(users).innerJoin(units, eq(units.id, users.unitId)).where(eq(users.username, "city.bureau")).get();
  if (!u) throw new Error("no city.bureau in the seeded database");
  const actor = { id: u.u.id, username: u.u.username, displayName: u.u.displayName, role: u.u.role as "bureau", unitId: u.u.unitId, unitPath: u.path, unitName: u.unitName, unitLevel: u.level };
  for (const kind of ["consultations", "mediations", "legal-aid"] as const) {
    const t0 = performance.now();
    const r = await buildLedger({ actor, kind, params: new URLSearchParams() });
    const t1 = performance.now();
    if (!r.ok) throw new Error(r.message);
    await time(`seeded ${kind}`, r.ledger, t1 - t0);
  }
} else console.log(`(no seeded database at ${source}: only the synthetic part)`);

const synthetic: Ledger = {
  kind: "mediations",
  title: "猗氏镇人民调解委员会 人民调解工作台账（2025年）",
  filterLine: `共 ${LEDGER_MAX_ROWS} 件`,
  columns: ["序号", "编号", "登记日期", "纠纷类型", "当事人", "纠纷简要情况", "调解员", "调解结果", "调结日期", "协议形式", "履行情况", "回访", "备注"].map((header) => ({ header, width: 14, wrap: true })),
  rows: Array.from({ length: LEDGER_MAX_ROWS }, (_, i) => [
    i + 1,
    `（2025）猗氏调字第${String(i + 1).padStart(4, "0")}号`,
    "2025-03-05",
    "邻里",
    "申请人：王大成\n被申请人：李小红",
    "两户因院墙排水发生争执，双方各执一词，经村委会调解未果后申请调解。",
    "张调解、李调解",
    "调解成功",
    "2025-03-20",
    "书面协议",
    "已履行",
    "2025-04-02 满意",
    "来源：当事人申请",
  ]),
  signature: "填表人：　　审核人（调委会主任）：　　填报日期：2025年12月31日",
  filename: "bench",
  unitId: 1,
  query: "",
};
await time(`synthetic at the limit`, synthetic, 0);
console.log(`peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}`);
if (seeded) for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
