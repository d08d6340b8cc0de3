// The production HTTP server: Express in front of the Remix build, with security headers (helmet, CSP nonce),
// an Origin check on every state-changing request, compression and static files.
// Run after `remix build`: `node app/serve.js` (PORT, default 3000).
// With WEB_CONCURRENCY (or WORKERS) above 1 — by default one per core in production — the primary process runs the
// one-time start-up work (migrations, the session secret) in a short-lived process, then forks that many workers
// that share the port and the SQLite file (WAL); a worker that dies is replaced, SIGTERM stops them all gracefully.
import cluster from "node:cluster";
import crypto from "node:crypto";
import os from "node:os";
import { readFileSync } from "node:fs";
import zlib from "node:zlib";
import { performance } from "node:perf_hooks";
import path from "node:path";
import url from "node:url";
import express from "express";
import compression from "compression";
import expressStaticGzip from "express-static-gzip";
import helmet from "helmet";
// the adapter's two halves (its index exports only createRequestHandler): the Request is built here so that a
// checked form body can be handed on, and Cache-Control is set on the way out
import remixExpress from "@remix-run/express/dist/server.js";
import { createRequestHandler } from "@remix-run/node";
import { checkDatabaseUrl, DatabaseUrlError } from "./utils/database-url.server.js";

const root = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), "..");
const BUILD = path.join(root, "build/index.js");
// the import jobs' worker thread loads its code from the same build (app/models/import-job.worker.mjs)
process.env.FENGQIAO_SERVER_BUILD = BUILD;
const mode = process.env.NODE_ENV ?? "production";
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";

const app = express();
app.disable("x-powered-by");
if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);
// Pages and data are compressed as they go out: Brotli at quality 5 (compression's default, 4, came out larger than
// gzip; 5 is about 5% smaller at the same few milliseconds), gzip for browsers without it. The build's scripts and
// styles are compressed once at build time (app/precompress.mjs) and served below as they are.
app.use(compression({ brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } } }));

app.use((req, res, next) => {
  res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
  next();
});
app.use(
  helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'", (_req, res) => `'nonce-${res.locals.cspNonce}'`],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'", ...(mode === "development" ? ["ws:"] : [])],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        // plain-HTTP intranet deployments and http://localhost must keep working
        "upgrade-insecure-requests": null,
      },
    },
    // HSTS only when the site is served over HTTPS (set HSTS=1 behind TLS)
    strictTransportSecurity: process.env.HSTS === "1" ? { maxAge: 31536000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: "same-origin" },
  }),
);

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/**
 * Refuses state-changing requests from other sites: the Origin (or, failing that, Sec-Fetch-Site) must be ours.
 * Requests without either (curl, integrations with tokens) pass to the routes, which still need a session.
 */
export function originAllowed(req) {
  if (SAFE_METHODS.has(req.method)) return true;
  const origin = req.get("origin");
  const ownHost = (req.app.get("trust proxy") && req.get("x-forwarded-host")) || req.get("host");
  if (origin) {
    if (origin === "null") return false;
    try {
      return new URL(origin).host === ownHost;
    } catch {
      return false;
    }
  }
  const site = req.get("sec-fetch-site");
  return !site || site === "same-origin" || site === "none";
}
app.use((req, res, next) => {
  if (originAllowed(req)) return next();
  res.status(403).type("text/plain; charset=utf-8").send("跨站请求已被拒绝（Origin 不符）。Cross-site request refused.");
});

// the build's own files: their Brotli / gzip copies made at build time when the browser accepts one (a build without
// them, e.g. a bare `remix build`, is served as before, compressed on the fly)
app.use(
  "/build",
  expressStaticGzip(path.join(root, "public/build"), {
    enableBrotli: true,
    orderPreference: ["br", "gz"],
    serveStatic: { immutable: true, maxAge: "1y" },
  }),
);
app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));

const FORM_TYPE = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;
/** Multipart bodies up to this size are read and checked before the route runs (above the import limit of 20 MB). */
const MAX_CHECKED_FORM_BYTES = 32 * 1024 * 1024;

/**
 * Every page form posts `application/x-www-form-urlencoded` or `multipart/form-data`. Anything else sent to a page
 * (JSON, text/plain, no Content-Type, a multipart body that does not parse) is refused here, before any route
 * runs, with 415 or 400 — never the 500 that `request.formData()` would throw. The JSON API (`/api/…`) checks its
 * own bodies. Returns `{ ok: true, body?, form? }` (the checked multipart body, to hand on, and the form read from
 * it, which a route may take from the load context instead of parsing the body again) or `{ status, message }`.
 */
export async function checkFormBody(req) {
  if (SAFE_METHODS.has(req.method) || req.path.startsWith("/api/")) return { ok: true };
  const type = req.get("content-type") ?? "";
  const m = FORM_TYPE.exec(type);
  if (!m) return { status: 415, message: "请求内容不是表单（应为 application/x-www-form-urlencoded 或 multipart/form-data），请从页面提交。" };
  if (m[1].toLowerCase() !== "multipart/form-data") return { ok: true };
  if (!/;\s*boundary=/i.test(type)) return { status: 400, message: "表单格式不正确（multipart 缺少 boundary），请从页面重新提交。" };
  const declared = Number(req.get("content-length") ?? "0");
  if (declared > MAX_CHECKED_FORM_BYTES) return { ok: true }; // the route refuses it by its declared size
  const chunks = [];
  let total = 0;
  for await (const chunk of req) {
    total += chunk.length;
    if (total > MAX_CHECKED_FORM_BYTES) return { status: 413, message: "提交的内容过大。" };
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  let form;
  try {
    form = await new Request("http://localhost/", { method: "POST", headers: { "Content-Type": type }, body }).formData();
  } catch {
    return { status: 400, message: "表单格式不正确，无法读取，请从页面重新提交。" };
  }
  return { ok: true, body, form };
}
app.use(async (req, res, next) => {
  try {
    const checked = await checkFormBody(req);
    if (!checked.ok) {
      res.status(checked.status).set("Cache-Control", "no-store").type("text/plain; charset=utf-8").send(checked.message);
      return;
    }
    res.locals.formBody = checked.body;
    res.locals.form = checked.form;
    next();
  } catch (e) {
    next(e);
  }
});

const { createRemixRequest, sendRemixResponse } = remixExpress;
/** Set in a worker (or the single process) once the Remix build is loaded. */
let handleRemix;
app.all("*", async (req, res, next) => {
  try {
    let request = createRemixRequest(req, res);
    if (res.locals.formBody) {
      request = new Request(request.url, { method: request.method, headers: request.headers, signal: request.signal, body: res.locals.formBody });
    }
    const response = await handleRemix(request, { cspNonce: res.locals.cspNonce, clientIp: req.ip ?? null, form: res.locals.form });
    // pages and API answers carry personal data: never kept by browsers or proxies unless a route says otherwise
    if (!response.headers.has("Cache-Control")) res.set("Cache-Control", "no-store");
    await sendRemixResponse(res, response);
  } catch (e) {
    next(e);
  }
});

/**
 * How many server processes: WEB_CONCURRENCY or WORKERS (a whole number 1–64), else one per core in production and
 * one otherwise (`remix dev`, tests). 1 keeps a single process without the cluster.
 */
export function workerCount(env = process.env) {
  const raw = env.WEB_CONCURRENCY || env.WORKERS;
  if (raw !== undefined && raw !== "") {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > 64) {
      console.error(`WEB_CONCURRENCY/WORKERS 应为 1–64 之间的整数（收到 ${JSON.stringify(raw)}）。`);
      process.exit(1);
    }
    return n;
  }
  if ((env.NODE_ENV ?? "production") !== "production") return 1;
  return typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
}

async function loadBuild() {
  return import(url.pathToFileURL(BUILD).href);
}

/**
 * Diagnostics (EVENT_LOOP_REPORT_MS=200): every stall of this process's event loop longer than that is written to
 * stderr with its time and length, split (Linux: the main thread's /proc schedstat) into time running on a core,
 * time waiting for a core (the machine's load) and the rest (waiting on disk or a lock), so slow pages can be
 * matched with what the process was doing (an import's upload, its end). Off by default.
 */
function watchEventLoop(thresholdMs) {
  const file = `/proc/self/task/${process.pid}/schedstat`;
  const sched = () => {
    try {
      const [run, wait] = readFileSync(file, "utf8").split(" ").map(Number);
      return { run: run / 1e6, wait: wait / 1e6 };
    } catch {
      return null;
    }
  };
  let last = performance.now();
  let before = sched();
  setInterval(() => {
    const now = performance.now();
    const gap = now - last - 50;
    const after = sched();
    if (gap > thresholdMs) {
      const split = before && after ? `: on a core ${(after.run - before.run).toFixed(0)} ms, waiting for a core ${(after.wait - before.wait).toFixed(0)} ms, blocked (disk, lock) ${Math.max(0, now - last - (after.run - before.run) - (after.wait - before.wait)).toFixed(0)} ms` : "";
      console.error(`[event loop] pid ${process.pid} stalled ${gap.toFixed(0)} ms until ${new Date().toISOString()}${split}`);
    }
    last = now;
    before = after;
  }, 50).unref();
}

/** One server process: loads the build, listens, and on SIGTERM/SIGINT stops taking connections and ends. */
async function serve({ workerId } = {}) {
  if (process.env.EVENT_LOOP_REPORT_MS) watchEventLoop(Number(process.env.EVENT_LOOP_REPORT_MS) || 200);
  const build = await loadBuild();
  handleRemix = createRequestHandler(build, mode);
  const server = app.listen(port, host, () => {
    if (workerId === undefined) console.log(`Fengqiao listening on http://localhost:${port} (${mode})`);
  });
  let stopping = false;
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      // requests under way finish (each write is one synchronous transaction: it commits or never started)
      server.close(() => process.exit(0));
      setTimeout(() => process.exit(0), Number(process.env.SHUTDOWN_GRACE_MS ?? 10_000)).unref();
    });
  }
}

/**
 * The start-up work done once before any process serves (before the workers fork): migrate the database, fill the
 * day counters of a database from before them, create the session secret.
 */
async function prepare() {
  const build = await loadBuild();
  const startup = build.entry?.module?.prepareStartup;
  if (typeof startup !== "function") throw new Error("the server build has no prepareStartup (entry.server)");
  await startup();
}

/** The primary of the cluster: start-up work once, then `n` workers, replaced when one dies. */
async function runPrimary(n) {
  const prepared = await new Promise((resolve) => {
    const w = cluster.fork({ FENGQIAO_PREPARE: "1" });
    w.on("exit", (code, signal) => resolve(code === 0 && !signal));
  });
  if (!prepared) {
    console.error("启动准备（数据库迁移）失败，服务未启动。Start-up preparation failed; see the error above.");
    process.exit(1);
  }
  let stopping = false;
  const recentDeaths = [];
  const listening = new Set();
  cluster.on("listening", (worker) => {
    listening.add(worker.id);
    if (listening.size === n) console.log(`Fengqiao listening on http://localhost:${port} (${mode}, ${n} workers)`);
  });
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    const now = Date.now();
    recentDeaths.push(now);
    while (recentDeaths.length && recentDeaths[0] < now - 60_000) recentDeaths.shift();
    console.error(`worker ${worker.process.pid} ended (${signal ?? `exit ${code}`}); starting another`);
    if (recentDeaths.length > 10 * n) {
      console.error("工作进程在一分钟内反复退出，服务停止。Workers keep dying; stopping.");
      process.exit(1);
    }
    cluster.fork({ FENGQIAO_WORKER: "1" });
  });
  for (let i = 0; i < n; i++) cluster.fork({ FENGQIAO_WORKER: "1" });
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      const alive = Object.values(cluster.workers ?? {});
      if (alive.length === 0) process.exit(0);
      for (const w of alive) w?.process.kill("SIGTERM");
      setTimeout(() => process.exit(0), Number(process.env.SHUTDOWN_GRACE_MS ?? 10_000) + 2000).unref();
    });
  }
}

if (cluster.isPrimary) {
  // DATABASE_URL first: a wrong one (malformed, unreachable, too old a PostgreSQL) stops the start with a clear message
  try {
    await checkDatabaseUrl();
  } catch (e) {
    if (!(e instanceof DatabaseUrlError)) throw e;
    console.error(`${e.message}\n服务未启动。The server did not start.`);
    process.exit(1);
  }
  const n = workerCount();
  if (n > 1) await runPrimary(n);
  else {
    // one process: the same start-up work, before it listens
    await prepare();
    await serve();
  }
} else if (process.env.FENGQIAO_PREPARE === "1") {
  try {
    await prepare();
    process.exit(0);
  } catch (e) {
    console.error(e);
    process.exit(1);
  }
} else {
  await serve({ workerId: cluster.worker?.id });
}
