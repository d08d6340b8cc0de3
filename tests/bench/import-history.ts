/**
 * `npx tsx tests/bench/import-history.ts [--disputes 5000] [--cases 1000]` — times the import of a history file:
 * disputes in every state (open, settled with written or oral agreements, 司法确认 and a follow-up, failed,
 * withdrawn) and legal aid cases in every state (pending, refused, granted, assigned, closed with a quality grade,
 * terminated), each step through the pages' own functions, into a fresh SQLite file; checks the counters against
 * a raw recount; and, while the import runs, measures the disputes list's model call in another process (as a
 * page served while `npm run import` runs). Then imports the same disputes again under new references as an import
 * job (a worker thread, as an upload through the server does) and measures, in this process's own thread (the
 * server's), the disputes list's model call and how late a 20 ms timer fires meanwhile: what other users' pages
 * wait while an upload imports. Prints rows per second and the read latencies.
 */
import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";

const args = process.argv.slice(2);
const arg = (name: string, d: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) || d : d);
const DISPUTES = arg("--disputes", 5000);
const CASES = arg("--cases", 1000);
const DIR = path.resolve("tests/.tmp");
fs.mkdirSync(DIR, { recursive: true });
const DB_FILE = path.join(DIR, "bench-import-history.db");
for (const f of [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`]) fs.rmSync(f, { force: true });
process.env.DATABASE_URL = DB_FILE;

const { getDb } = await import("../../app/utils/db.server");
const { units, users, mediators, legalAidProviders } = await import("../../db/schema");
const { importFile } = await import("../../app/models/import.server");
const { readCounters, recountRaw } = await import("../../app/models/counters.server");
const { IMPORT_SHEETS } = await import("../../app/schemas/import");
const { eq } = await import("drizzle-orm");

const db = getDb();
const ins = async (v: { code: string; name: string; level: string; type?: string; parentId: number | null; parentPath: string; depth: number }) => {
  const r = await db.insert(units).values({ code: v.code, name: v.name, level: v.level, type: v.type ?? "admin", parentId: v.parentId, path: "x", depth: v.depth, activeFrom: "2000-01-01" }).returning().get();
  const p = `${v.parentPath}${r.id}/`;
  await db.update(units).set({ path: p }).where(eq(units.id, r.id)).run();
  return { id: r.id, path: p, code: v.code };
};
const county = await ins({ code: "H000", name: "基准县", level: "county", parentId: null, parentPath: "/", depth: 0 });
const centre = await ins({ code: "H0LA", name: "基准县法律援助中心", level: "county", type: "legal_aid_centre", parentId: county.id, parentPath: county.path, depth: 1 });
await db.insert(legalAidProviders).values({ centreId: centre.id, name: "王律师", kind: "lawyer", firmName: "基准律师事务所", active: true }).run();
const towns: string[] = [];
for (let t = 0; t < 10; t++) {
  const town = await ins({ code: `H1${t}`, name: `基准镇${t}`, level: "township", parentId: county.id, parentPath: county.path, depth: 1 });
  await db.insert(mediators).values({ unitId: town.id, name: `调解员${t}`, startOn: "2015-01-01" }).run();
  towns.push(town.code);
}
const user = await db.insert(users).values({ username: "bench.head", displayName: "基准", passwordHash: "x", role: "centre_head", unitId: county.id }).returning().get();
const actor = { id: user.id, username: user.username, displayName: user.displayName, role: "centre_head" as const, unitId: county.id, unitPath: county.path, unitName: "基准县", unitLevel: "county" };

const day = (i: number, offset = 0) => {
  const d = new Date(Date.UTC(2021, 0, 1) + ((i * 37) % 1400) * 86400_000 + offset * 86400_000);
  return d.toISOString().slice(0, 10);
};
const csvOf = (kind: "mediation" | "legal_aid", rows: Array<Record<string, string>>) => {
  const headers = IMPORT_SHEETS[kind].columns.map((c) => c.header);
  const q = (c: string) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);
  return Buffer.from(`\uFEFF${[headers.join(","), ...rows.map((r) => headers.map((h) => q(r[h] ?? "")).join(","))].join("\r\n")}\r\n`, "utf8");
};

const disputes: Array<Record<string, string>> = [];
const disputesAgain: Array<Record<string, string>> = [];
for (let i = 0; i < DISPUTES; i++) {
  const t = i % towns.length;
  const base = { 外部编号: `HM${i}`, 调委会编码: towns[t], 受理日期: day(i), 纠纷来源: "当事人申请", 纠纷类型: "邻里", 纠纷简要情况: "宅基地界址争执", 涉及人数: "2", 调解员: `调解员${t}`, 申请人姓名: "李某", 被申请人姓名: "赵某" };
  const state = i % 5;
  if (state === 0) disputes.push(base);
  else if (state === 1)
    disputes.push({ ...base, 结案日期: day(i, 10), 调解结果: "调解成功", 协议形式: "书面协议", 协议内容: "重砌院墙", "协议金额（元）": "2000", 履行情况: "已履行", 司法确认: "已确认", 司法确认申请日期: day(i, 12), 司法确认决定日期: day(i, 20), 回访日期: day(i, 40), 回访人: "回访员", 回访履行情况: "已履行", 回访满意度: "满意" });
  else if (state === 2) disputes.push({ ...base, 结案日期: day(i, 1), 调解结果: "调解成功", 协议形式: "口头协议", 协议内容: "当场道歉", 履行情况: "即时履行", 回访日期: day(i, 30), 回访人: "回访员", 回访履行情况: "已履行", 回访满意度: "满意" });
  else if (state === 3) disputes.push({ ...base, 结案日期: day(i, 20), 调解结果: "调解不成功", 调解不成功原因: "分歧过大", 告知其他途径: "诉讼" });
  else disputes.push({ ...base, 结案日期: day(i, 5), 调解结果: "撤回", 撤回原因: "自行和解" });
}
const cases: Array<Record<string, string>> = [];
for (let i = 0; i < CASES; i++) {
  const base = { 外部编号: `HL${i}`, 受理单位编码: towns[i % towns.length], 申请日期: day(i), 案件类型: "民事", "诉讼/非诉讼": "诉讼", 援助形式: "诉讼代理", 案由: "劳动报酬纠纷", 申请事项与理由: "追索工资", 经济困难审查: "个人诚信承诺（经济困难）", 受援人姓名: "孙某", 受援人类别: "农民工" };
  const grant = { 审查决定: "准予", 决定日期: day(i, 3) };
  const assigned = { ...grant, 指派日期: day(i, 5), 承办人: "王律师" };
  const state = i % 6;
  if (state === 0) cases.push(base);
  else if (state === 1) cases.push({ ...base, 审查决定: "不予", 决定日期: day(i, 3), 不予援助理由: "不符合经济困难标准，且无免予核查情形" });
  else if (state === 2) cases.push({ ...base, ...grant });
  else if (state === 3) cases.push({ ...base, ...assigned });
  else if (state === 4) cases.push({ ...base, ...assigned, 结案日期: day(i, 90), 结案结果: "胜诉", 结案报告: "胜诉", "挽回损失（元）": "20000", 质量评查日期: day(i, 100), 质量等级: "良好" });
  else cases.push({ ...base, ...grant, 终止日期: day(i, 10), 终止理由: "受援人自行委托律师或者其他代理人" });
}
for (const d of disputes) disputesAgain.push({ ...d, 外部编号: `J${d.外部编号}` });
const files = { mediation: csvOf("mediation", disputes), legal_aid: csvOf("legal_aid", cases) };

// a reader in another process, as the server would be while `npm run import` writes
const reader = spawn("npx", ["tsx", "tests/bench/read-loop.ts", JSON.stringify(actor)], { env: { ...process.env }, stdio: ["pipe", "pipe", "inherit"] });
let out = "";
reader.stdout.on("data", (d) => (out += d));
await new Promise<void>((resolve) => {
  const wait = () => (out.includes("ready") ? resolve() : setTimeout(wait, 50));
  wait();
});

console.log(`history: ${DISPUTES} disputes (every state), ${CASES} legal aid cases (every state); CSV ${((files.mediation.length + files.legal_aid.length) / 1048576).toFixed(1)} MB`);
for (const kind of ["mediation", "legal_aid"] as const) {
  const rows = kind === "mediation" ? DISPUTES : CASES;
  const t0 = performance.now();
  const r = await importFile({ actor, fileName: `${kind}.csv`, data: files[kind] });
  const s = (performance.now() - t0) / 1000;
  console.log(`${kind.padEnd(10)} ${rows} rows in ${s.toFixed(2)} s = ${Math.round(rows / s)} rows/s  ok=${r.ok}${r.issues.length ? ` issues=${JSON.stringify(r.issues.slice(0, 2))}` : ""}`);
}
reader.stdin.end();
await new Promise((r) => reader.on("close", r));
const times: number[] = JSON.parse(out.split("\n").filter(Boolean).pop()!);
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))].toFixed(1);
console.log(`disputes list (first page) in another process while importing: ${times.length} reads, p50 ${pct(50)} ms, p99 ${pct(99)} ms, max ${times[times.length - 1].toFixed(1)} ms`);

// the same disputes again as an import job: the worker writes, this thread (the server's) keeps answering
const { startImportJob, getImportJob } = await import("../../app/models/import-jobs.server");
const { listMediations } = await import("../../app/models/mediations.server");
const t0 = performance.now();
const job = await startImportJob({ actor, fileName: "mediation-job.csv", data: csvOf("mediation", disputesAgain) });
if (!job.ok) throw new Error(job.message);
const reads: number[] = [];
const lates: number[] = [];
for (;;) {
  const view = (await getImportJob({ actor, id: job.jobId }))!;
  if (view.state !== "running") {
    const s = (performance.now() - t0) / 1000;
    console.log(`job       ${DISPUTES} rows in ${s.toFixed(2)} s = ${Math.round(DISPUTES / s)} rows/s (worker start-up included)  state=${view.state}`);
    break;
  }
  const r0 = performance.now();
  await listMediations({ actor, filters: {} });
  reads.push(performance.now() - r0);
  const w0 = performance.now();
  await new Promise((r) => setTimeout(r, 20));
  lates.push(performance.now() - w0 - 20);
}
const p = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((q / 100) * xs.length))].toFixed(1);
console.log(`disputes list in the server's own thread while the job imports: ${reads.length} reads, p50 ${p(reads, 50)} ms, p99 ${p(reads, 99)} ms; a 20 ms timer fired late by p99 ${p(lates, 99)} ms, max ${Math.max(...lates).toFixed(1)} ms`);

let equal = true;
for (const u of await db.select({ id: units.id, path: units.path }).from(units).all()) {
  const c = await readCounters(db, u.id, 202101, 202612);
  const raw = await recountRaw(db, { path: u.path, from: "2021-01-01", to: "2026-12-31" });
  const nz = (m: Map<string, number>) => JSON.stringify([...m].filter(([, v]) => v !== 0).sort());
  if (nz(c) !== nz(raw)) equal = false;
}
console.log(`counters vs raw recount: ${equal ? "equal" : "DIFFERENT"}`);
