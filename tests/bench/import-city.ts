/**
 * `npx tsx tests/bench/import-city.ts [--records 100000] [--port 3410]` — a city's five years of history
 * (2021–2025, 10 counties) imported through the production server while its pages are read.
 *
 * Builds a fresh SQLite file with a city (10 counties, each with a legal aid centre and its lawyers, 12
 * townships with their mediators), a city-level centre head who imports and a county staff member who reads.
 * Generates the history: consultations (half of the records), disputes in every state (open; settled with a written
 * agreement, 司法确认 and 回访; settled orally with 回访; failed with the route told; withdrawn) and legal aid cases
 * in every state (pending, refused, granted, assigned with progress, closed with outcome and quality grade,
 * terminated) as CSV files within the upload limits (20 MB, 200,000 rows), plus one XLSX with further parties
 * and beneficiaries on their sheets. Starts the built server (`npm run build` first) on the file, logs both users
 * in over HTTP, uploads the files one after another (each an import job in the server's worker thread, one
 * transaction each) and meanwhile reads /mediations and the home page as the other user, one request at a time,
 * the next 200 ms after the previous answered (`--page-every`). Prints rows per second, the total time, the
 * server's CPU time and peak RSS, the load average, the pages' p50/p99 during the import, and checks the counters
 * of the city and each county against a raw recount. `IMPORT_WORKER_NICE` is passed on to the server.
 *
 * `--in-process`: no server; the same files through `importFile` in this thread, one after another, printing each
 * file's thread CPU time split by phase (read, check, write) — for A/B runs and `node --cpu-prof` (no build
 * needed). With `--build`, the server build's job runner instead (`npm run build` first: real line numbers in a
 * profile); with `--checkpoint-after`, the connection's automatic WAL checkpoint off and a checkpoint timed after
 * each file. `--db <file>` puts the database elsewhere than tests/.tmp/bench-import-city.db (it is replaced).
 */
import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import ExcelJS from "exceljs";

const args = process.argv.slice(2);
const arg = (name: string, d: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) || d : d);
const RECORDS = arg("--records", 100_000);
const PORT = arg("--port", 3410);
/** the other user's pace: the next page this long after the previous one answered */
const PAGE_EVERY_MS = arg("--page-every", 200);
/** pages slower than this are listed with the jobs' timeline */
const SLOW_MS = arg("--slow-ms", 300);
const DIR = path.resolve("tests/.tmp");
fs.mkdirSync(DIR, { recursive: true });
const DB_FILE = args.includes("--db") ? path.resolve(args[args.indexOf("--db") + 1]) : path.join(DIR, "bench-import-city.db");
for (const f of [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`]) fs.rmSync(f, { force: true });
process.env.DATABASE_URL = DB_FILE;
if (!args.includes("--in-process") && !fs.existsSync("build/index.js")) throw new Error("run `npm run build` first");

const { getDb } = await import("../../app/utils/db.server");
const { hashPassword } = await import("../../app/utils/auth.server");
const { IMPORT_SHEETS } = await import("../../app/schemas/import");
const { CHANNELS, TOPICS, NEXT_STEPS, PERSON_CATEGORIES } = await import("../../app/schemas/enums");

// ---- the city -----------------------------------------------------------------------------------------------
const db = getDb();
const client = db.$client;
const insUnit = client.prepare(`INSERT INTO units (code, name, level, type, parent_id, path, depth, active_from) VALUES (?, ?, ?, ?, ?, 'x', ?, '2000-01-01')`);
const setPath = client.prepare(`UPDATE units SET path = ? WHERE id = ?`);
const unit = (code: string, name: string, level: string, type: string, parent: { id: number; path: string; depth: number } | null) => {
  const id = Number(insUnit.run(code, name, level, type, parent?.id ?? null, parent ? parent.depth + 1 : 0).lastInsertRowid);
  const p = `${parent?.path ?? "/"}${id}/`;
  setPath.run(p, id);
  return { id, path: p, depth: parent ? parent.depth + 1 : 0, code };
};
const COUNTIES = 10;
const TOWNS = 12;
const password = "Bench-import-2026!";
const hash = await hashPassword(password);
const towns: Array<{ code: string; mediators: string[] }> = [];
let city!: Awaited<ReturnType<typeof unit>>;
const counties: Array<Awaited<ReturnType<typeof unit>>> = [];
client.transaction(() => {
  city = unit("B00", "基准市", "city", "admin", null);
  for (let c = 0; c < COUNTIES; c++) {
    const county = unit(`B${c}`, `基准县${c}`, "county", "admin", city);
    counties.push(county);
    const centre = unit(`B${c}LA`, `基准县${c}法律援助中心`, "county", "legal_aid_centre", county);
    for (const n of ["王律师", "李律师", "赵律师"])
      client.prepare(`INSERT INTO legal_aid_providers (centre_id, name, kind, firm_name, active) VALUES (?, ?, 'lawyer', '基准律师事务所', 1)`).run(centre.id, n);
    for (let t = 0; t < TOWNS; t++) {
      const town = unit(`B${c}T${t}`, `基准县${c}镇${t}`, "township", "admin", county);
      const names = [`调解员${c}-${t}a`, `调解员${c}-${t}b`];
      for (const n of names) client.prepare(`INSERT INTO mediators (unit_id, name, start_on) VALUES (?, ?, '2015-01-01')`).run(town.id, n);
      towns.push({ code: town.code, mediators: names });
    }
  }
  client.prepare(`INSERT INTO users (username, display_name, password_hash, role, unit_id) VALUES ('bench.importer', '导入人', ?, 'centre_head', ?)`).run(hash, city.id);
  client.prepare(`INSERT INTO users (username, display_name, password_hash, role, unit_id) VALUES ('bench.reader', '读者', ?, 'staff', ?)`).run(hash, counties[0].id);
})();
client.close();
globalThis.__fengqiaoDb = undefined; // opened again after the server stops

// ---- the history --------------------------------------------------------------------------------------------
let seed = 11;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
const day = (i: number, offset = 0) => new Date(Date.UTC(2021, 0, 1) + (Math.floor(rnd() * 1700) + offset) * 86400_000).toISOString().slice(0, 10);
const shift = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86400_000).toISOString().slice(0, 10);
const zh = (dict: { values: readonly string[]; labels: Record<string, { zh: string }> }, i: number) => dict.labels[dict.values[i % dict.values.length]].zh;

const nConsult = Math.round(RECORDS * 0.5);
const nDisputes = Math.round(RECORDS * 0.38);
const nCases = RECORDS - nConsult - nDisputes;

function consultation(i: number): Record<string, string> {
  return {
    外部编号: `C${i}`,
    单位编码: pick(towns).code,
    咨询日期: day(i),
    咨询渠道: zh(CHANNELS, i),
    咨询事项: zh(TOPICS, i),
    人数: String(1 + (i % 3)),
    人员类别: i % 4 === 0 ? zh(PERSON_CATEGORIES, i) : "",
    解答人: `解答人${i % 50}`,
    咨询摘要: "咨询劳动报酬问题",
    处理结果: zh(NEXT_STEPS, i),
  };
}
function dispute(i: number): Record<string, string> {
  const t = pick(towns);
  const on = day(i);
  const base = { 外部编号: `M${i}`, 调委会编码: t.code, 受理日期: on, 纠纷来源: "当事人申请", 纠纷类型: i % 3 ? "邻里" : "婚姻家庭", 纠纷简要情况: "宅基地界址争执", 涉及人数: "2", 调解员: pick(t.mediators), 申请人姓名: "李某", 被申请人姓名: "赵某" };
  const s = i % 20;
  if (s === 0) return base; // open
  if (s < 6)
    return { ...base, 结案日期: shift(on, 10), 调解结果: "调解成功", 协议形式: "书面协议", 协议内容: "重砌院墙", "协议金额（元）": "2000", 履行情况: "已履行", 司法确认: "已确认", 司法确认申请日期: shift(on, 12), 司法确认决定日期: shift(on, 20), 回访日期: shift(on, 40), 回访人: "回访员", 回访履行情况: "已履行", 回访满意度: "满意" };
  if (s < 13) return { ...base, 结案日期: shift(on, 1), 调解结果: "调解成功", 协议形式: "口头协议", 协议内容: "当场道歉", 履行情况: "即时履行", 回访日期: shift(on, 30), 回访人: "回访员", 回访履行情况: "已履行", 回访满意度: "满意" };
  if (s < 17) return { ...base, 结案日期: shift(on, 20), 调解结果: "调解不成功", 调解不成功原因: "分歧过大", 告知其他途径: "诉讼" };
  return { ...base, 结案日期: shift(on, 5), 调解结果: "撤回", 撤回原因: "自行和解" };
}
function legalAid(i: number): Record<string, string> {
  const c = i % COUNTIES;
  const on = day(i);
  const base = { 外部编号: `L${i}`, 受理单位编码: `B${c}LA`, 申请日期: on, 案件类型: "民事", "诉讼/非诉讼": "诉讼", 援助形式: "诉讼代理", 案由: "劳动报酬纠纷", 申请事项与理由: "追索工资", 经济困难审查: "个人诚信承诺（经济困难）", 受援人姓名: "孙某", 受援人类别: "农民工" };
  const grant = { 审查决定: "准予", 决定日期: shift(on, 3) };
  const assigned = { ...grant, 指派日期: shift(on, 5), 承办人: pick(["王律师", "李律师", "赵律师"]) };
  const s = i % 20;
  if (s === 0) return base; // pending
  if (s < 2) return { ...base, 审查决定: "不予", 决定日期: shift(on, 3), 不予援助理由: "不符合经济困难标准，且无免予核查情形" };
  if (s < 3) return { ...base, ...grant };
  if (s < 5) return { ...base, ...assigned, 办理进展日期: shift(on, 20), 办理进展: "已立案" };
  if (s < 18) return { ...base, ...assigned, 结案日期: shift(on, 90), 结案结果: "胜诉", 结案报告: "胜诉", "挽回损失（元）": "20000", 质量评查日期: shift(on, 100), 质量等级: "良好" };
  return { ...base, ...grant, 终止日期: shift(on, 10), 终止理由: "受援人自行委托律师或者其他代理人" };
}

type Upload = { name: string; data: Buffer; rows: number };
const uploads: Upload[] = [];
const LIMIT_BYTES = 19 * 1024 * 1024;
const LIMIT_ROWS = 190_000;
function csvFiles(kind: "consultation" | "mediation" | "legal_aid", n: number, row: (i: number) => Record<string, string>, from = 0) {
  const headers = IMPORT_SHEETS[kind].columns.map((c) => c.header);
  const q = (c: string) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);
  let lines: string[] = [];
  let bytes = 0;
  let part = 1;
  const flush = () => {
    if (!lines.length) return;
    uploads.push({ name: `${kind}-${part++}.csv`, data: Buffer.from(`\uFEFF${[headers.join(","), ...lines].join("\r\n")}\r\n`, "utf8"), rows: lines.length });
    lines = [];
    bytes = 0;
  };
  for (let i = from; i < from + n; i++) {
    const r = row(i);
    const line = headers.map((h) => q(r[h] ?? "")).join(",");
    bytes += Buffer.byteLength(line) + 2;
    if (bytes > LIMIT_BYTES || lines.length >= LIMIT_ROWS) flush(), (bytes = Buffer.byteLength(line) + 2);
    lines.push(line);
  }
  flush();
}
// one workbook with the parties and beneficiaries sheets (XLSX only): a slice of the disputes and cases
const xDisputes = Math.min(10_000, Math.round(nDisputes * 0.05));
const xCases = Math.min(2_000, Math.round(nCases * 0.05));
{
  const wb = new ExcelJS.Workbook();
  const sheet = (kind: keyof typeof IMPORT_SHEETS, rows: Array<Record<string, string>>) => {
    const ws = wb.addWorksheet(IMPORT_SHEETS[kind].sheet);
    const headers = IMPORT_SHEETS[kind].columns.map((c) => c.header);
    ws.addRow(headers);
    for (const r of rows) ws.addRow(headers.map((h) => r[h] ?? ""));
  };
  const ds = Array.from({ length: xDisputes }, (_, i) => dispute(i));
  const cs = Array.from({ length: xCases }, (_, i) => legalAid(i));
  sheet("mediation", ds);
  sheet("mediation_party", ds.map((d) => ({ 外部编号: d.外部编号, 当事人身份: "被申请人", 姓名或名称: "赵某之妻", 性别: "女" })));
  sheet("legal_aid", cs);
  sheet("legal_aid_beneficiary", cs.map((c) => ({ 外部编号: c.外部编号, 姓名: "孙某之子", 人员类别: "未成年人" })));
  uploads.push({ name: "history-with-parties.xlsx", data: Buffer.from(await wb.xlsx.writeBuffer()), rows: xDisputes + xCases });
}
csvFiles("consultation", nConsult, consultation);
csvFiles("mediation", nDisputes - xDisputes, dispute, xDisputes);
csvFiles("legal_aid", nCases - xCases, legalAid, xCases);
const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
console.log(
  `history of a city (${COUNTIES} counties, ${COUNTIES * TOWNS} townships, 2021–2025): ${RECORDS} records = ${nConsult} consultations, ${nDisputes} disputes, ${nCases} legal aid cases (+${xDisputes} parties, ${xCases} beneficiaries) in ${uploads.length} files, ${mb(uploads.reduce((a, u) => a + u.data.length, 0))}`,
);

// ---- in-process (--in-process): the same files through importFile in this thread, CPU time per file and phase --
if (args.includes("--in-process")) {
  const { importFile } = await import("../../app/models/import.server");
  const { IMPORT_CACHE_KIB } = await import("../../app/models/import-jobs.server");
  const { readCounters, recountRaw } = await import("../../app/models/counters.server");
  const dbi = getDb();
  dbi.$client.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  if (args.includes("--checkpoint-after")) dbi.$client.pragma("wal_autocheckpoint = 0");
  const u = dbi.$client.prepare(`SELECT id, username, display_name AS displayName, role, unit_id AS unitId FROM users WHERE username = 'bench.importer'`).get() as { id: number; username: string; displayName: string; role: "centre_head"; unitId: number };
  const actor = { ...u, unitPath: city.path, unitName: "基准市", unitLevel: "city" };
  // --build: the server build's runImportJob (npm run build first)
  const runFromBuild = args.includes("--build") ? (await import(path.resolve("build/index.js"))).entry.module.runImportJob : null;
  const threadCpu = () => Number(fs.readFileSync("/proc/thread-self/schedstat", "utf8").split(" ")[0]) / 1e9;
  const load0 = fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : null;
  let cpuAll = 0;
  let rowsAll = 0;
  const byKind = new Map<string, { rows: number; cpu: number }>();
  for (const up of uploads) {
    if (only && !up.name.startsWith(only)) continue;
    const phases: Record<string, number> = {};
    let phase = "read";
    let at = threadCpu();
    const c0 = at;
    const w0 = performance.now();
    const onProgress = (p: { phase: string }) => {
      if (p.phase === phase) return;
      const now = threadCpu();
      phases[phase] = (phases[phase] ?? 0) + now - at;
      phase = p.phase;
      at = now;
    };
    let r: { ok: boolean; issues: unknown[] };
    if (runFromBuild) {
      // the server build's job runner (as the worker runs it; its code with real line numbers for --cpu-prof)
      await runFromBuild({ jobId: 0, actor, fileName: up.name, data: new Uint8Array(up.data), update: false, ip: null }, (m: { type: string; progress?: { phase: string } }) => {
        if (m.type === "progress") onProgress(m.progress!);
        if (m.type === "failed") throw new Error(JSON.stringify(m));
      });
      r = { ok: true, issues: [] };
    } else r = await importFile({ actor, fileName: up.name, data: new Uint8Array(up.data), onProgress });
    const c1 = threadCpu();
    phases[phase] = (phases[phase] ?? 0) + c1 - at;
    if (!r.ok) throw new Error(`${up.name}: ${JSON.stringify(r.issues.slice(0, 3))}`);
    let ckpt = "";
    if (args.includes("--checkpoint-after")) {
      // the WAL checkpoint timed on its own (the connection's automatic one is off, below)
      const k0 = threadCpu();
      const kw = performance.now();
      const [res] = dbi.$client.pragma("wal_checkpoint(PASSIVE)") as Array<{ busy: number; log: number; checkpointed: number }>;
      ckpt = `; checkpoint of ${res.log} pages: ${(threadCpu() - k0).toFixed(1)} CPU-s, wall ${((performance.now() - kw) / 1000).toFixed(1)} s`;
    }
    const cpu = c1 - c0;
    cpuAll += cpu;
    rowsAll += up.rows;
    const kind = up.name.replace(/-\d+\.csv$/, "");
    const k = byKind.get(kind) ?? { rows: 0, cpu: 0 };
    byKind.set(kind, { rows: k.rows + up.rows, cpu: k.cpu + cpu });
    const ph = Object.entries(phases).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(", ");
    console.log(`  ${up.name.padEnd(26)} ${String(up.rows).padStart(7)} rows: ${cpu.toFixed(1).padStart(6)} CPU-s (${ph}) = ${Math.round(up.rows / cpu)} rows per CPU-second; wall ${((performance.now() - w0) / 1000).toFixed(1)} s${ckpt}`);
  }
  for (const [k, v] of byKind) console.log(`  ${k.padEnd(26)} ${Math.round(v.rows / v.cpu)} rows per CPU-second`);
  console.log(`in-process: ${rowsAll} records, ${cpuAll.toFixed(1)} CPU-s = ${Math.round(rowsAll / cpuAll)} records per CPU-second; load average before ${load0}, after ${fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`);
  let equal = true;
  for (const un of [city, ...counties]) {
    const c = await readCounters(dbi, un.id, 202101, 202612);
    const raw = await recountRaw(dbi, { path: un.path, from: "2021-01-01", to: "2026-12-31" });
    const nz = (m: Map<string, number>) => JSON.stringify([...m].filter(([, v]) => v !== 0).sort());
    if (nz(c) !== nz(raw)) equal = false;
  }
  console.log(`counters of the city and its counties vs raw recount: ${equal ? "equal" : "DIFFERENT"}`);
  process.exit(0);
}

// ---- the server -----------------------------------------------------------------------------------------------
const base = `http://127.0.0.1:${PORT}`;
const server = spawn(process.execPath, [...(process.env.BENCH_SERVER_FLAGS ?? "").split(" ").filter(Boolean), "app/serve.js"], {
  env: { ...process.env, NODE_ENV: "production", PORT: String(PORT), DATABASE_URL: DB_FILE, SECURE_COOKIES: "0" },
  stdio: ["ignore", "ignore", "inherit"],
});
const stop = () => server.exitCode === null && server.kill("SIGTERM");
process.on("exit", stop);
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/login`)).ok) break;
  } catch {
    // not listening yet
  }
  if (i > 600) throw new Error("server did not start");
  await new Promise((r) => setTimeout(r, 100));
}
async function login(username: string) {
  const res = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base },
    body: new URLSearchParams({ username, password, redirectTo: "/" }),
  });
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  if (res.status !== 302 && res.status !== 303) throw new Error(`login ${username}: ${res.status}`);
  return cookie;
}
const importer = await login("bench.importer");
const reader = await login("bench.reader");

// the other user's pages, one request at a time at the set pace, while the import runs
const pages = ["/mediations", "/"];
const times = new Map<string, number[]>(pages.map((p) => [p, []]));
let reading = true;
const slow: string[] = [];
const events: string[] = [];
const t0Import = performance.now();
let failures = 0;
const readLoop = (async () => {
  for (let i = 0; reading; i++) {
    const p = pages[i % pages.length];
    const t0 = performance.now();
    const res = await fetch(`${base}${p}`, { headers: { Cookie: reader } });
    await res.arrayBuffer();
    if (res.status !== 200) failures++;
    const ms = performance.now() - t0;
    times.get(p)!.push(ms);
    if (ms > SLOW_MS) slow.push(`${p} ${(ms / 1000).toFixed(2)} s, answered at +${((performance.now() - t0Import) / 1000).toFixed(1)} s (${new Date().toISOString().slice(11, 23)})`);
    await new Promise((r) => setTimeout(r, PAGE_EVERY_MS));
  }
})();

// ---- the import -------------------------------------------------------------------------------------------------
const jobs = new Database(DB_FILE, { readonly: true });
const stateOf = jobs.prepare(`SELECT state, result, error FROM import_jobs WHERE id = ?`);
// the server process's CPU time (both threads), to tell its own work from the machine's load
// (the server may be a cluster: its primary and the worker processes it forked)
const serverPids = () => [
  server.pid!,
  ...fs
    .readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return Number(fs.readFileSync(`/proc/${d}/stat`, "utf8").split(") ")[1].split(" ")[1]) === server.pid;
      } catch {
        return false;
      }
    })
    .map(Number),
];
const cpuSeconds = () =>
  serverPids().reduce((a, pid) => {
    const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return a + (Number(f[11]) + Number(f[12])) / 100;
  }, 0);
const load0 = fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
const cpu0 = cpuSeconds();
const t0 = performance.now();
let imported = 0;
for (const u of uploads) {
  const t1 = performance.now();
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(u.data)]), u.name);
  events.push(`${u.name} uploaded from +${((performance.now() - t0Import) / 1000).toFixed(1)} s (${new Date().toISOString().slice(11, 23)})`);
  let res: Response;
  let body: { jobId?: number; issues?: unknown };
  // the previous job's worker may still be closing after its end was recorded: 409, try again
  for (let tries = 0; ; tries++) {
    res = await fetch(`${base}/import/upload`, { method: "POST", headers: { Cookie: importer, Origin: base }, body: form });
    body = (await res.json()) as typeof body;
    if (res.status !== 409 || tries > 50) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (res.status !== 202 || !body.jobId) throw new Error(`upload ${u.name}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
  let row: { state: string; result: string | null; error: string | null };
  for (;;) {
    row = stateOf.get(body.jobId) as typeof row;
    if (row.state !== "running") break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const result = row.result ? (JSON.parse(row.result) as { ok: boolean; imported: Record<string, number>; issues: unknown[] }) : null;
  if (row.state !== "done" || !result?.ok) throw new Error(`job ${u.name}: ${row.state} ${row.error ?? ""} ${JSON.stringify(result?.issues ?? []).slice(0, 500)}`);
  events.push(`${u.name} done at +${((performance.now() - t0Import) / 1000).toFixed(1)} s (${new Date().toISOString().slice(11, 23)})`);
  const n = Object.values(result.imported).reduce((a, b) => a + b, 0);
  imported += n;
  const s = (performance.now() - t1) / 1000;
  console.log(`  ${u.name.padEnd(26)} ${mb(u.data.length).padStart(8)} ${String(n).padStart(7)} rows in ${s.toFixed(1).padStart(6)} s = ${Math.round(n / s)} rows/s`);
}
const total = (performance.now() - t0) / 1000;
const cpu = cpuSeconds() - cpu0;
const load1 = fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
reading = false;
await readLoop;
const rssPeak = serverPids().reduce((a, pid) => a + Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0), 0);
stop();
await new Promise((r) => server.on("close", r));
jobs.close();

const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((q / 100) * xs.length))]?.toFixed(0) ?? "-";
console.log(`imported ${imported} records in ${total.toFixed(1)} s = ${Math.round(imported / total)} rows/s; server peak RSS ${Math.round(rssPeak / 1024)} MB (its processes' peaks added)`);
console.log(`import worker's nice value: ${process.env.IMPORT_WORKER_NICE ?? "10 (default)"}`);
console.log(`server CPU time meanwhile ${cpu.toFixed(0)} s (import worker and pages) = ${Math.round(imported / cpu)} records per CPU-second; load average before ${load0}, after ${load1} (2 cores)`);
for (const [p, xs] of times) console.log(`page ${p.padEnd(12)} during the import: ${xs.length} requests, p50 ${pct(xs, 50)} ms, p99 ${pct(xs, 99)} ms, max ${pct(xs, 100)} ms`);
if (failures) console.log(`pages not answered 200: ${failures}`);
if (slow.length) console.log(`pages slower than ${SLOW_MS} ms:\n  ${slow.join("\n  ")}\njobs:\n  ${events.join("\n  ")}`);

// ---- counters equal a raw recount -------------------------------------------------------------------------------
const { readCounters, recountRaw } = await import("../../app/models/counters.server");
const db2 = getDb();
let equal = true;
for (const u of [city, ...counties]) {
  const c = await readCounters(db2, u.id, 202101, 202612);
  const raw = await recountRaw(db2, { path: u.path, from: "2021-01-01", to: "2026-12-31" });
  const nz = (m: Map<string, number>) => JSON.stringify([...m].filter(([, v]) => v !== 0).sort());
  if (nz(c) !== nz(raw)) equal = false;
}
console.log(`counters of the city and its counties vs raw recount: ${equal ? "equal" : "DIFFERENT"}`);
