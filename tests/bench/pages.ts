/**
 * Page-level bench (issue 12): serves the production build on a bench database (tests/bench/bench.ts builds one)
 * and, over HTTP, logs in as a province, a busy city, a busy county and a busy township user, then prints median
 * and p95 time to the last byte and the gzipped bytes transferred per page: home, each list's first and a deep
 * page, the report page, the monitoring dashboard, the stats API for a year and for an odd period.
 *
 *   npx tsx tests/bench/pages.ts --db /work/bench/my-copy.db [--runs 15] [--port 3302] [--no-build] [--prepare-only] [--only <label text>] [--json out.json]
 *   npx tsx tests/bench/pages.ts --db postgres://postgres@127.0.0.1:55432/fengqiao_b5m …   (the same on PostgreSQL, issue 16)
 *
 * Besides the pages it times a save (a new consultation posted through the page form as the township user: a 302 to
 * `/consultations/new?saved=<id>`, as in the browser) and the drill-down behind two of the report's figures (the
 * consultation records and the concluded disputes of the year: the list's first page, every level).
 *
 * `--prepare-only` stops after migrating, filling the day counters and adding the accounts (a base to copy).
 *
 * It adds the login accounts (idempotently, through the user model) and therefore writes to the file: run it on
 * a copy, never on a shared bench database. Starting the server migrates the copy to the newest schema (a new
 * migration's backfill runs then; its time is printed).
 */
import { spawn, execSync } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { performance } from "node:perf_hooks";
import os from "node:os";

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const DB_ARG = opt("db", "tests/.tmp/bench.db");
const IS_PG = /^postgres(ql)?:\/\//.test(DB_ARG);
// a PostgreSQL URL is passed as it is (the bench writes there only what the app writes: the accounts when missing,
// the saves' consultations); a SQLite file is resolved (run on a copy)
const DB_FILE = IS_PG ? DB_ARG : path.resolve(DB_ARG);
const DB_LABEL = IS_PG ? DB_ARG.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@") : DB_FILE;
const RUNS = Number(opt("runs", "15"));
const PORT = Number(opt("port", "3302"));
const PASSWORD = "Bench页面测速-2026-长口令";
process.env.DATABASE_URL = DB_FILE;

// ---- accounts ------------------------------------------------------------------------------------------------------
const t0 = performance.now();
const { prepareDatabase, rawGet, closeDb } = await import("../../app/utils/db.server");
const db = await prepareDatabase(); // migrates the copy (or the PostgreSQL database) to the newest schema
console.log(`Opened and migrated ${DB_LABEL} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
{
  // a database from before the day counters fills them now, not in the first request (README › Speed)
  const { ensureDayCounters } = await import("../../app/models/counters.server");
  const a = performance.now();
  let last = 0;
  await ensureDayCounters(db, (p) => {
    if (performance.now() - last > 15_000 || p.done === p.of) {
      last = performance.now();
      console.log(`  day counters: ${p.done}/${p.of} months, ${p.rows.toLocaleString("en")} rows, ${((performance.now() - a) / 1000).toFixed(0)} s`);
    }
  });
  console.log(`Day counters ready in ${((performance.now() - a) / 1000).toFixed(1)} s`);
}
const { createUser } = await import("../../app/models/users.server");
// engine-neutral look-ups (`?` placeholders; camelCase aliases quoted for PostgreSQL)
const get = async <T>(text: string, params: unknown[] = []) => (await rawGet<T>(db, text, params)) as T;
type U = { id: number; path: string; name: string; level: string };
const unitAt = async (level: string): Promise<U> =>
  level === "province"
    ? await get<U>(`SELECT id, path, name, level FROM units WHERE level = 'province' AND type = 'admin' ORDER BY id LIMIT 1`)
    : await get<U>(
        `SELECT u.id, u.path, u.name, u.level FROM units u JOIN stat_counters s ON s.unit_id = u.id AND s.indicator = 'consultation.records' AND s.dim = ''
         WHERE u.level = ? AND u.type = 'admin' GROUP BY u.id, u.path, u.name, u.level ORDER BY SUM(s.value) DESC, u.id LIMIT 1`,
        [level],
      );
const province = await unitAt("province");
const levels = [
  { key: "province", unit: province, role: "bureau" },
  { key: "city", unit: await unitAt("city"), role: "bureau" },
  { key: "county", unit: await unitAt("county"), role: "bureau" },
  { key: "township", unit: await unitAt("township"), role: "centre_head" },
] as const;
// the bench database's own user stands in as the administrator who adds the accounts (its audit rows need a user)
const setupUser = await get<{ id: number }>(`SELECT id FROM users ORDER BY id LIMIT 1`);
const admin = { id: setupUser.id, username: "bench-setup", displayName: "基准", role: "admin", unitId: province.id, unitPath: province.path, unitName: province.name, unitLevel: "province" } as const;
for (const l of levels) {
  const username = `bench-${l.key}`;
  if (await rawGet(db, `SELECT 1 AS one FROM users WHERE username = ?`, [username])) continue;
  const r = await createUser({ actor: admin as never, data: { username, displayName: `基准${l.key}`, password: PASSWORD, role: l.role, unitId: l.unit.id } as never });
  if (!r.ok) throw new Error(`cannot create ${username}: ${JSON.stringify(r)}`);
}
if (args.includes("--prepare-only")) {
  // a base for others to copy: migrated, day counters filled, the bench logins added
  if (!IS_PG) db.$client.pragma("wal_checkpoint(TRUNCATE)");
  closeDb();
  console.log(`Prepared ${DB_FILE} (accounts ${levels.map((l) => `bench-${l.key}`).join(", ")})`);
  process.exit(0);
}
const records = Number((await get<{ n: number | string }>(`SELECT (SELECT count(*) FROM consultations) + (SELECT count(*) FROM mediations) + (SELECT count(*) FROM legal_aid_cases) AS n`)).n);
type KeyFn = (list: string, row: { date: string; id: number }) => string;
let pageKey = null as KeyFn | null;
try {
  const mod = "../../app/models/list-paging.server";
  pageKey = ((await import(mod)) as { encodeBenchKey?: KeyFn }).encodeBenchKey ?? null;
} catch {
  pageKey = null;
}
// a row about 60% down each list's order, for the deep pages
const deepRow = (table: string, dateCol: string, u: U) =>
  rawGet<{ date: string; id: number }>(
    db,
    `SELECT ${dateCol} AS date, t.id FROM ${table} t WHERE t.unit_id IN (SELECT id FROM units WHERE path >= ? AND path < ?)
     ORDER BY ${dateCol} DESC, t.id DESC LIMIT 1 OFFSET (SELECT count(*) * 6 / 10 FROM ${table} t WHERE t.unit_id IN (SELECT id FROM units WHERE path >= ? AND path < ?))`,
    [u.path, `${u.path.slice(0, -1)}0`, u.path, `${u.path.slice(0, -1)}0`],
  );
const deepUrls = new Map<string, string>();
for (const l of levels) {
  for (const [list, table, col] of [
    ["consultations", "consultations", "t.date"],
    ["mediations", "mediations", "t.registered_on"],
  ] as const) {
    const row = pageKey ? await deepRow(table, col, l.unit) : null;
    deepUrls.set(`${l.key}|${list}`, row && pageKey ? `/${list}?after=${encodeURIComponent(pageKey(list, row))}` : `/${list}?page=2000`);
  }
}
// the stats API takes a unit code
const codes = new Map<number, string>();
for (const l of levels) codes.set(l.unit.id, (await get<{ code: string }>(`SELECT code FROM units WHERE id = ?`, [l.unit.id])).code);
closeDb();

// ---- server --------------------------------------------------------------------------------------------------------
if (!args.includes("--no-build")) execSync("npm run build", { stdio: "ignore" });
const server = spawn("node", ["app/serve.js"], {
  env: { ...process.env, NODE_ENV: "production", PORT: String(PORT), DATABASE_URL: DB_FILE, SECURE_COOKIES: "0", HOST: "127.0.0.1" },
  stdio: ["ignore", "ignore", "inherit"],
});
const stop = () => server.kill();
process.on("exit", stop);

function request(p: string, opts: { method?: string; cookie?: string; body?: string } = {}) {
  return new Promise<{ status: number; bytes: number; ms: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const a = performance.now();
    const req = http.request(
      {
        host: "127.0.0.1",
        port: PORT,
        path: p,
        method: opts.method ?? "GET",
        headers: {
          "Accept-Encoding": "gzip",
          ...(opts.cookie ? { Cookie: opts.cookie } : {}),
          ...(opts.body ? { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(opts.body) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, bytes: body.length, ms: performance.now() - a, headers: res.headers, body });
        });
      },
    );
    req.on("error", reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}
for (let i = 0; ; i++) {
  try {
    if ((await request("/healthz")).status === 200) break;
  } catch {
    /* not up yet */
  }
  if (i > 600) throw new Error("server did not start");
  await new Promise((r) => setTimeout(r, 200));
}

async function login(username: string) {
  const res = await request("/login", { method: "POST", body: new URLSearchParams({ username, password: PASSWORD, redirectTo: "/" }).toString() });
  const cookie = (res.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
  if (!cookie || res.status >= 400) throw new Error(`login ${username} failed: ${res.status}`);
  return cookie;
}

const year = "2024";
// --only <text>: just the pages whose label holds it (e.g. --only stats --runs 30 for the stats API's p95)
const ONLY = opt("only", "");
// (several, comma-separated: --only "report page,drill-down,save" for the engine table's rows)
const onlyMatches = (label: string) => !ONLY || ONLY.split(",").some((x) => label.includes(x.trim()));
const pages = (l: (typeof levels)[number]) => allPages(l).filter(([label]) => onlyMatches(label));
const SAVE_RUNS_NOTE = "save: township user only";
const allPages = (l: (typeof levels)[number]) => [
  ["home", "/"],
  ["consultations", "/consultations"],
  ["consultations, deep page", deepUrls.get(`${l.key}|consultations`)!],
  ["mediations", "/mediations"],
  ["mediations, deep page", deepUrls.get(`${l.key}|mediations`)!],
  ["legal aid", "/legal-aid"],
  ["audit log", "/audit"],
  ["report page (year)", `/reports?unit=${l.unit.id}&from=${year}-01-01&to=${year}-12-31`],
  // the links behind the report's figures (app/models/report-indicators.ts: consultationList, mediationList): first page
  ["drill-down: consultations (year)", `/consultations?unit=${l.unit.id}&from=${year}-01-01&to=${year}-12-31`],
  ["drill-down: concluded (year)", `/mediations?unit=${l.unit.id}&from=${year}-01-01&to=${year}-12-31&dateField=concluded&status=concluded`],
  ["monitoring dashboard", `/monitoring?unit=${l.unit.id}&year=${year}`],
  ["stats API, year", `/api/v1/stats?unit=${l.unit.id}&from=${year}-01-01&to=${year}-12-31`],
  ["stats API, 15 Mar–20 Sep", `/api/v1/stats?unit=${l.unit.id}&from=${year}-03-15&to=${year}-09-20`],
];

const quantile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
};

type Row = { level: string; page: string; status: number; median: number; p95: number; kb: number };
const SAVE_LABEL = "save (new consultation)";
const out: Row[] = [];
for (const l of levels) {
  const cookie = await login(`bench-${l.key}`);
  for (const [label, url0] of pages(l)) {
    const url = label.startsWith("stats") ? url0.replace(`unit=${l.unit.id}`, `unit=${codes.get(l.unit.id)}`) : url0;
    const first = await request(url, { cookie }); // warm-up (and the status)
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push((await request(url, { cookie })).ms);
    out.push({ level: l.key, page: label, status: first.status, median: quantile(times, 0.5), p95: quantile(times, 0.95), kb: first.bytes / 1024 });
    const r = out[out.length - 1];
    process.stdout.write(`  ${l.key.padEnd(9)} ${label.padEnd(32)} ${String(r.status).padStart(3)} ${r.median.toFixed(0).padStart(6)} ms ${r.p95.toFixed(0).padStart(6)} ms ${r.kb.toFixed(1).padStart(7)} KB\n`);
  }
  if (l.key === "township" && onlyMatches(SAVE_LABEL)) {
    // a save as in the browser: the new-consultation form posted, answered by a 302 to /consultations/new?saved=<id>
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const save = async (i: number) => {
      const body = new URLSearchParams({
        date: today,
        unitId: String(l.unit.id),
        channel: "walk_in",
        topic: "labour",
        persons: "1",
        answeredBy: "基准测速员",
        summary: `基准测速：咨询工资拖欠（第 ${i} 次）`,
        nextStep: "answered",
      }).toString();
      const res = await request("/consultations/new", { method: "POST", cookie, body });
      const location = String(res.headers.location ?? "");
      if (res.status !== 302 || !/^\/consultations\/new\?saved=\d+$/.test(location))
        throw new Error(`save ${i}: ${res.status} ${location} ${res.body.toString("utf8").slice(0, 300)}`);
      return res;
    };
    try {
      const first = await save(0);
      const times: number[] = [];
      for (let i = 1; i <= RUNS; i++) times.push((await save(i)).ms);
      out.push({ level: l.key, page: SAVE_LABEL, status: first.status, median: quantile(times, 0.5), p95: quantile(times, 0.95), kb: first.bytes / 1024 });
    } catch (e) {
      console.error(`  ${SAVE_LABEL} failed: ${(e as Error).message}`);
      out.push({ level: l.key, page: SAVE_LABEL, status: Number(/^save \d+: (\d+)/.exec((e as Error).message)?.[1] ?? 599), median: 0, p95: 0, kb: 0 });
    }
    const r = out[out.length - 1];
    process.stdout.write(`  ${l.key.padEnd(9)} ${SAVE_LABEL.padEnd(32)} ${String(r.status).padStart(3)} ${r.median.toFixed(0).padStart(6)} ms ${r.p95.toFixed(0).padStart(6)} ms ${r.kb.toFixed(1).padStart(7)} KB\n`);
  }
}
stop();

const summary = `${new Date().toISOString().slice(0, 16)}Z, ${IS_PG ? "PostgreSQL" : "SQLite"}, ${records.toLocaleString("en")} records, load average ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}, ${RUNS} runs per page (${SAVE_RUNS_NOTE})`;
console.log(`\n${summary}`);
const JSON_OUT = opt("json", "");
if (JSON_OUT) (await import("node:fs")).writeFileSync(JSON_OUT, JSON.stringify({ engine: IS_PG ? "postgres" : "sqlite", db: DB_LABEL, summary, runs: RUNS, rows: out }, null, 1));
console.log(`| page | ${levels.map((l) => `${l.key} median / p95 ms, KB gz`).join(" | ")} |`);
console.log(`|---|${levels.map(() => "---").join("|")}|`);
for (const label of [...new Set(out.map((o) => o.page))]) {
  const cells = levels.map((l) => {
    const r = out.find((o) => o.level === l.key && o.page === label);
    return !r ? "–" : r.status >= 400 ? `(${r.status})` : `${r.median.toFixed(0)} / ${r.p95.toFixed(0)}, ${r.kb.toFixed(1)}`;
  });
  console.log(`| ${label} | ${cells.join(" | ")} |`);
}
process.exit(0);
