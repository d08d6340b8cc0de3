/**
 * Load bench (a script, not a test): logged-in office staff against the built server, 1 worker vs N workers.
 *
 *   npm run build && npx tsx tests/bench/load.ts [--db file] [--workers 1,2] [--users 50,200] [--duration 60]
 *        [--capacity-users 50] [--capacity-duration 30] [--port 3308]
 *
 * For each worker count it starts `node app/serve.js` (WEB_CONCURRENCY=w) on a COPY-safe database of your choice
 * (default: the demo data in tests/.tmp/load-demo.db, seeded when missing; never point it at a file others use:
 * it adds accounts `load.u001`… and consultations), logs in the users (accounts created idempotently, staff at
 * townships round-robin), then runs:
 *   - think-time runs: each user clicks through a mix (home 20%, consultation list 20%, dispute list 20%, report
 *     page 15%, stats API 15%, a new consultation 10%) and waits 5–15 s between clicks, for `--duration` seconds;
 *   - a capacity run: `--capacity-users` users without think time, for `--capacity-duration` seconds.
 * It prints throughput, p50/p95/p99 per route, errors and the server's RSS (primary + workers) side by side.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { spawnSync } from "node:child_process";
import Database from "better-sqlite3";
import { hashPassword } from "../../app/utils/auth.server";

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
const DB = path.resolve(opt("db", path.join(root, "tests/.tmp/load-demo.db")));
const WORKERS = opt("workers", `1,${cores}`).split(",").map(Number);
const USERS = opt("users", "50,200").split(",").map(Number);
const DURATION_S = Number(opt("duration", "60"));
const CAP_USERS = Number(opt("capacity-users", "50"));
const CAP_DURATION_S = Number(opt("capacity-duration", "30"));
const THINK = opt("think", "5-15").split("-").map(Number) as [number, number];
const PORT = Number(opt("port", "3308"));
const PASSWORD = "Load-Bench-2026!";
const BASE = `http://127.0.0.1:${PORT}`;

// ---- the database and the accounts -------------------------------------------------------------------------

if (!fs.existsSync(DB)) {
  if (opt("db", "") !== "") throw new Error(`no database at ${DB}`);
  console.log(`seeding the demo data into ${DB} …`);
  const r = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["db/seed.ts", "--reset"], { cwd: root, stdio: "inherit", env: { ...process.env, DATABASE_URL: DB } });
  if (r.status !== 0) process.exit(1);
}

type Account = { username: string; unitId: number };
async function ensureAccounts(n: number): Promise<Account[]> {
  const db = new Database(DB);
  db.pragma("busy_timeout = 10000");
  const towns = db.prepare(`SELECT id FROM units WHERE level = 'township' AND active_to IS NULL ORDER BY id`).all() as Array<{ id: number }>;
  if (towns.length === 0) throw new Error("no townships in the database");
  const hash = await hashPassword(PASSWORD);
  const insert = db.prepare(
    `INSERT INTO users (username, display_name, password_hash, role, unit_id, active) VALUES (?, ?, ?, 'staff', ?, 1) ON CONFLICT (username) DO NOTHING`,
  );
  const accounts: Account[] = [];
  db.transaction(() => {
    for (let i = 1; i <= n; i++) {
      const username = `load.u${String(i).padStart(3, "0")}`;
      insert.run(username, `压测用户${i}`, hash, towns[(i * 7) % towns.length].id);
      const row = db.prepare(`SELECT unit_id AS unitId FROM users WHERE username = ?`).get(username) as { unitId: number };
      accounts.push({ username, unitId: row.unitId });
    }
  })();
  db.close();
  return accounts;
}

// ---- the server ----------------------------------------------------------------------------------------------

function startServer(workers: number): Promise<ChildProcess> {
  // SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server (with --workers 1)
  const proc = spawn(process.execPath, [...(process.env.SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean), "app/serve.js"], {
    cwd: root,
    env: { ...process.env, PORT: String(PORT), DATABASE_URL: DB, NODE_ENV: "production", SECURE_COOKIES: "0", WEB_CONCURRENCY: String(workers), SESSION_IDLE_MINUTES: "120" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 120_000;
    const poll = async () => {
      try {
        if ((await fetch(`${BASE}/healthz`)).ok) return resolve(proc);
      } catch {
        // not yet
      }
      if (Date.now() > deadline || proc.exitCode !== null) return reject(new Error("server did not start"));
      setTimeout(poll, 250);
    };
    void poll();
  });
}

async function stopServer(proc: ChildProcess) {
  const done = new Promise((r) => proc.once("exit", r));
  proc.kill("SIGTERM");
  await done;
}

/** RSS in MB of the server: the process and its children (the cluster's workers). */
function serverRss(pid: number): number {
  const pids = [pid];
  try {
    for (const dir of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(dir)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${dir}/stat`, "utf8");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        if (ppid === pid) pids.push(Number(dir));
      } catch {
        // gone
      }
    }
  } catch {
    return 0;
  }
  let kb = 0;
  for (const p of pids) {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, "utf8"));
      kb += m ? Number(m[1]) : 0;
    } catch {
      // gone
    }
  }
  return kb / 1024;
}

// ---- the users ---------------------------------------------------------------------------------------------

type Stats = Map<string, { times: number[]; errors: number }>;
const record = (stats: Stats, route: string, ms: number, ok: boolean) => {
  const s = stats.get(route) ?? { times: [], errors: 0 };
  s.times.push(ms);
  if (!ok) s.errors++;
  stats.set(route, s);
};
let firstErrors = 0;
let retries = 0;

async function timed(stats: Stats, route: string, url: string, init: RequestInit, okStatus: (s: number) => boolean) {
  const t0 = performance.now();
  let ok = false;
  try {
    let res: Response;
    try {
      res = await fetch(url, { ...init, redirect: "manual" });
    } catch (e) {
      // a kept-alive connection the server closed as it was reused (browsers retry these too): once more, counted
      if (!/other side closed|ECONNRESET|UND_ERR_SOCKET/.test(String((e as Error).cause ?? ""))) throw e;
      retries++;
      res = await fetch(url, { ...init, redirect: "manual" });
    }
    const body = await res.text();
    ok = okStatus(res.status);
    if (!ok && firstErrors++ < 5) console.error(`  ${route}: ${res.status} ${body.slice(0, 200).replace(/\s+/g, " ")}`);
  } catch (e) {
    if (firstErrors++ < 5) console.error(`  ${route}: ${(e as Error).message} ${String((e as Error).cause ?? "")}`);
  }
  record(stats, route, performance.now() - t0, ok);
}

async function login(stats: Stats, a: Account): Promise<string> {
  const t0 = performance.now();
  const res = await fetch(`${BASE}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ username: a.username, password: PASSWORD }),
  });
  await res.text();
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0];
  record(stats, "log-in", performance.now() - t0, res.status === 302 && cookie !== "");
  if (res.status !== 302) throw new Error(`log-in of ${a.username} answered ${res.status}`);
  return cookie;
}

const todayChina = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const year = Number(todayChina().slice(0, 4));

async function click(stats: Stats, a: Account, cookie: string) {
  const headers = { Cookie: cookie };
  const x = Math.random();
  const ok200 = (s: number) => s === 200;
  if (x < 0.2) return timed(stats, "home /", `${BASE}/`, { headers }, ok200);
  if (x < 0.4) return timed(stats, "list /consultations", `${BASE}/consultations`, { headers }, ok200);
  if (x < 0.6) return timed(stats, "list /mediations", `${BASE}/mediations`, { headers }, ok200);
  if (x < 0.75) return timed(stats, "report /reports", `${BASE}/reports`, { headers }, ok200);
  if (x < 0.9) return timed(stats, "stats API", `${BASE}/api/v1/stats?from=${year - 1}-01-01&to=${year - 1}-12-31`, { headers }, ok200);
  const body = new URLSearchParams({
    date: todayChina(),
    unitId: String(a.unitId),
    channel: "walk_in",
    topic: "labour",
    persons: "1",
    answeredBy: "压测员",
    summary: "压测：咨询工资拖欠",
    nextStep: "answered",
  });
  return timed(stats, "create consultation", `${BASE}/consultations/new`, { method: "POST", headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" }, body }, (s) => s === 302);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function runUsers(sessions: Array<{ a: Account; cookie: string }>, seconds: number, think: boolean): Promise<{ stats: Stats; seconds: number }> {
  const stats: Stats = new Map();
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  const thinkMs = () => (THINK[0] + Math.random() * (THINK[1] - THINK[0])) * 1000;
  await Promise.all(
    sessions.map(async ({ a, cookie }) => {
      if (think) await sleep(Math.random() * THINK[1] * 1000); // users do not all click in the same second
      while (performance.now() < end) {
        await click(stats, a, cookie);
        if (think) await sleep(Math.min(thinkMs(), Math.max(0, end - performance.now())));
      }
    }),
  );
  return { stats, seconds: (performance.now() - t0) / 1000 };
}

// ---- figures ------------------------------------------------------------------------------------------------

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const ms = (v: number) => (Number.isNaN(v) ? "–" : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`);

type Result = { label: string; workers: number; stats: Stats; seconds: number; rssMb: number; retries: number };

function printScenario(label: string, results: Result[]) {
  const rs = results.filter((r) => r.label === label);
  if (rs.length === 0) return;
  const routes = [...new Set(rs.flatMap((r) => [...r.stats.keys()]))].sort();
  const head = rs.map((r) => `${r.workers} worker${r.workers > 1 ? "s" : ""}`);
  console.log(`\n### ${label}\n`);
  console.log(`| route | ${head.map((h) => `${h}: n · p50 / p95 / p99 · errors`).join(" | ")} |`);
  console.log(`|---|${head.map(() => "---|").join("")}`);
  for (const route of routes) {
    const cells = rs.map((r) => {
      const s = r.stats.get(route);
      if (!s) return "–";
      return `${s.times.length} · ${ms(pct(s.times, 50))} / ${ms(pct(s.times, 95))} / ${ms(pct(s.times, 99))} · ${s.errors}`;
    });
    console.log(`| ${route} | ${cells.join(" | ")} |`);
  }
  const total = (r: Result) => [...r.stats.values()].reduce((n, s) => n + s.times.length, 0);
  const errors = (r: Result) => [...r.stats.values()].reduce((n, s) => n + s.errors, 0);
  const all = (r: Result) => [...r.stats.values()].flatMap((s) => s.times);
  console.log(`| **all** | ${rs.map((r) => `${total(r)} · ${ms(pct(all(r), 50))} / ${ms(pct(all(r), 95))} / ${ms(pct(all(r), 99))} · ${errors(r)}`).join(" | ")} |`);
  console.log(`| throughput | ${rs.map((r) => `${(total(r) / r.seconds).toFixed(1)} req/s`).join(" | ")} |`);
  console.log(`| connection retries (kept-alive socket closed) | ${rs.map((r) => String(r.retries)).join(" | ")} |`);
  console.log(`| server RSS (max, all processes) | ${rs.map((r) => `${Math.round(r.rssMb)} MB`).join(" | ")} |`);
}

// ---- main ---------------------------------------------------------------------------------------------------

const maxUsers = Math.max(...USERS, CAP_USERS);
const accounts = await ensureAccounts(maxUsers);
const records = (() => {
  const db = new Database(DB, { readonly: true });
  const n = (db.prepare(`SELECT (SELECT count(*) FROM consultations) + (SELECT count(*) FROM mediations) AS n`).get() as { n: number }).n;
  db.close();
  return n;
})();
console.log(`Load bench ${new Date().toISOString()} on ${path.basename(DB)} (${records.toLocaleString("en")} consultations + disputes), ${cores} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
console.log(`think time ${THINK[0]}–${THINK[1]} s, ${DURATION_S} s per think-time run; capacity: ${CAP_USERS} users without think time for ${CAP_DURATION_S} s`);

const results: Result[] = [];
for (const w of WORKERS) {
  console.log(`\n— ${w} worker(s): starting the server …`);
  const server = await startServer(w);
  let rssMax = 0;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, serverRss(server.pid!))), 1000);
  try {
    const loginStats: Stats = new Map();
    const sessions: Array<{ a: Account; cookie: string }> = [];
    const t0 = performance.now();
    // log-ins 10 at a time (argon2 is meant to be slow)
    for (let i = 0; i < accounts.length; i += 10) {
      const batch = await Promise.all(accounts.slice(i, i + 10).map(async (a) => ({ a, cookie: await login(loginStats, a) })));
      sessions.push(...batch);
    }
    results.push({ retries: 0, label: `log-in of ${accounts.length} users, 10 at a time`, workers: w, stats: loginStats, seconds: (performance.now() - t0) / 1000, rssMb: rssMax });
    for (const n of USERS) {
      rssMax = 0;
      console.log(`  ${n} users with think time, ${DURATION_S} s …`);
      retries = 0;
      const r = await runUsers(sessions.slice(0, n), DURATION_S, true);
      results.push({ retries, label: `${n} users, think time ${THINK[0]}–${THINK[1]} s, ${DURATION_S} s`, workers: w, ...r, rssMb: Math.max(rssMax, serverRss(server.pid!)) });
    }
    rssMax = 0;
    console.log(`  capacity: ${CAP_USERS} users without think time, ${CAP_DURATION_S} s …`);
    retries = 0;
    const r = await runUsers(sessions.slice(0, CAP_USERS), CAP_DURATION_S, false);
    results.push({ retries, label: `capacity: ${CAP_USERS} users without think time, ${CAP_DURATION_S} s`, workers: w, ...r, rssMb: Math.max(rssMax, serverRss(server.pid!)) });
  } finally {
    clearInterval(sampler);
    await stopServer(server);
  }
}

for (const label of [...new Set(results.map((r) => r.label))]) printScenario(label, results);
console.log(`\nload average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
