/**
 * Imports off the request path. An upload becomes a job (a row of import_jobs) run by a worker thread
 * (app/models/import-job.worker.mjs) with its own SQLite connection to the same file (WAL): the server's own
 * thread keeps answering pages while the worker parses, checks and writes. The import stays all or nothing — the
 * worker writes everything in one transaction, and records the job's end (state and result) inside that same
 * transaction, so a job is "done" exactly when its records are there.
 *
 * While the worker holds the write lock, the server's thread does not write to the database (a write would wait
 * for the lock): the progress (rows done of the total) lives in this process's memory and the job page reads it
 * from there. One import runs at a time per server; a second upload is told so, with a link to the running job.
 * A job left "running" by a server that stopped (restart, crash) is shown as interrupted: its transaction never
 * committed, so nothing of it was written.
 *
 * On PostgreSQL (DATABASE_URL postgres://) the worker opens a pool of its own to the same database; there is no
 * database-wide write lock, so the server's thread keeps writing meanwhile (rows the import's transaction locks
 * excepted); everything else is as above.
 */
import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { and, desc, eq } from "drizzle-orm";
import { importJobs } from "../../db/schema";
import { getDb, hasSqliteClient, isBusyError, withoutWaitingForLock, BUSY_MESSAGE, type Executor, type Tx } from "~/utils/db.server";
import { databaseEngine, databasePath } from "~/utils/env.server";
import { DEFAULT_DATABASE_URL } from "~/utils/database-url.server.js";
import { can, type Actor } from "~/utils/permissions";
import { importFile, readUpload, type ImportProgress, type ImportResult } from "./import.server";

export type ImportJobState = "running" | "done" | "rejected" | "failed";
export type ImportJobView = {
  id: number;
  fileName: string;
  state: ImportJobState;
  createdAt: string;
  finishedAt: string | null;
  progress: ImportProgress | null;
  result: ImportResult | null;
  error: string | null;
};

export const INTERRUPTED_MESSAGE = "导入被中断（服务器在导入过程中停止或重新启动）：本次导入没有写入任何数据，请重新上传文件。";
const CRASHED_MESSAGE = "导入意外中止：本次导入没有写入任何数据，请重新上传文件；如再次出现，请联系系统管理员。";

type Running = { jobId: number; userId: number; progress: ImportProgress | null; worker: Worker };
type Registry = {
  runner: string;
  running: Map<number, Running>;
  /** the worker thread kept for the next job a while after one ends (its start-up, ~2 s, is paid once per batch of uploads) */
  idle: { worker: Worker; databaseUrl: string; timer: NodeJS.Timeout } | null;
  /** the user whose upload is being started (its checks and its job's row awaited): no second one meanwhile */
  starting?: number;
};
declare global {
  // eslint-disable-next-line no-var
  var __fengqiaoImportJobs: Registry | undefined;
}
/** This server process's jobs: its runner id (pid and start time) and the jobs its workers are running now. */
function registry() {
  global.__fengqiaoImportJobs ??= { runner: `${process.pid}:${Date.now()}`, running: new Map(), idle: null };
  return global.__fengqiaoImportJobs;
}

/** How long a worker waits for the next upload before it ends (closing its connection and page cache). */
export const WORKER_IDLE_MS = 30_000;

/** The worker's entry (a small ESM file that loads the TypeScript model code), beside this file in app/models. */
export function workerFile() {
  return path.resolve(process.cwd(), "app/models/import-job.worker.mjs");
}

export type JobInput = { jobId: number; actor: Actor; fileName: string; data: Uint8Array; update: boolean; ip: string | null };
type WorkerMessage = { type: "progress"; progress: ImportProgress } | { type: "done" } | { type: "failed"; message: string };

/**
 * Starts an import job for an upload and answers at once: the job's id, or why not (another import is running:
 * its id, so the page can link to it). The worker's end is recorded by the worker itself; a worker that dies
 * or fails is recorded here. `data` is the job's from then on: when it is a view of a whole buffer, that buffer
 * moves to the worker (and is empty here afterwards).
 */
export async function startImportJob({ actor, fileName, data, update = false, ip = null }: { actor: Actor; fileName: string; data: Uint8Array; update?: boolean; ip?: string | null }):
  Promise<| { ok: true; jobId: number }
  | { ok: false; status: number; message: string; runningJobId?: number }> {
  if (!can(actor, "import:records")) return { ok: false, status: 403, message: "无权导入数据" };
  const reg = registry();
  const busy = [...reg.running.values()][0];
  if (busy)
    return {
      ok: false,
      status: 409,
      message: busy.userId === actor.id ? "您的上一个导入还在进行，请等它完成后再上传下一个文件。" : "另一位用户的导入正在进行，请稍等几分钟再上传。",
      runningJobId: busy.userId === actor.id ? busy.jobId : undefined,
    };
  // an upload being started in this process (its checks below await): taken as running, so that two uploads at
  // the same moment cannot both pass the check above
  if (reg.starting !== undefined)
    return {
      ok: false,
      status: 409,
      message: reg.starting === actor.id ? "您的上一个导入还在进行，请等它完成后再上传下一个文件。" : "另一位用户的导入正在进行，请稍等几分钟再上传。",
    };
  reg.starting = actor.id;
  try {
    return await startChecked(reg, { actor, fileName, data, update, ip });
  } finally {
    reg.starting = undefined;
  }
}

/** startImportJob once this process runs no other import: the other processes checked, the job's row, its worker. */
async function startChecked(
  reg: Registry,
  { actor, fileName, data, update, ip }: { actor: Actor; fileName: string; data: Uint8Array; update: boolean; ip: string | null },
): Promise<{ ok: true; jobId: number } | { ok: false; status: number; message: string; runningJobId?: number }> {
  // another process of this server (a cluster) may be running one: its worker holds, or will take, the write lock
  const elsewhere = await runningElsewhere();
  if (elsewhere)
    return {
      ok: false,
      status: 409,
      message: elsewhere.userId === actor.id ? "您的上一个导入还在进行，请等它完成后再上传下一个文件。" : "另一位用户的导入正在进行，请稍等几分钟再上传。",
      runningJobId: elsewhere.userId === actor.id ? elsewhere.id : undefined,
    };
  // the job's row, without waiting for the write lock (another process's import may hold it: a wait here would
  // hold every page of this process for the whole bounded wait)
  let job: { id: number };
  try {
    job = await writeWithoutBusyWait(
      async (tx) =>
        await tx
          .insert(importJobs)
          .values({ userId: actor.id, fileName: fileName.slice(0, 200), state: "running", runner: reg.runner })
          .returning({ id: importJobs.id })
          .get(),
    );
  } catch (e) {
    if (!isBusyError(e)) throw e;
    return { ok: false, status: 409, message: "另一个导入正在写入数据，请稍等几分钟再上传。" };
  }
  const input: JobInput = { jobId: job.id, actor, fileName, data, update, ip };
  const worker = takeWorker(reg);
  reg.running.set(job.id, { jobId: job.id, userId: actor.id, progress: null, worker });
  // the file's bytes handed over, not copied, when the upload owns its whole buffer (a 20 MB copy on the server's
  // thread otherwise); a view into a shared buffer (small Buffers share a pool) is copied
  const owned = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer;
  worker.postMessage(input, owned ? [data.buffer as ArrayBuffer] : []);
  return { ok: true, jobId: job.id };
}

/**
 * The worker for the next job: the one kept from the previous job when it is still there (same database), else a
 * new one. A worker runs one job at a time; after a job it waits WORKER_IDLE_MS for the next, then is told to end.
 */
function takeWorker(reg: Registry): Worker {
  // the worker opens the same database: the SQLite file, or the PostgreSQL URL (its own pool)
  const databaseUrl = databaseEngine() === "postgres" ? (process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL) : databasePath();
  const kept = reg.idle;
  reg.idle = null;
  if (kept) {
    clearTimeout(kept.timer);
    if (kept.databaseUrl === databaseUrl) return kept.worker;
    kept.worker.postMessage({ type: "close" });
  }
  // from the server's build when it runs from one (app/serve.js), else the TypeScript through tsx (tests, scripts)
  // a young generation of 192 MB (V8's semi-spaces 64 MB instead of 16): an import allocates a few short-lived
  // objects per cell and row, and fewer, larger scavenges promote fewer of them (about 6% of the import's CPU
  // time at 100,000 records; README › Bulk import › Speed)
  const worker = new Worker(workerFile(), {
    workerData: { databaseUrl, build: process.env.FENGQIAO_SERVER_BUILD ?? null },
    resourceLimits: { maxYoungGenerationSizeMb: IMPORT_YOUNG_GENERATION_MB },
  });
  // the server may stop while a worker waits for the next job
  worker.unref();
  const jobOf = (jobId: number) => (reg.running.get(jobId)?.worker === worker ? reg.running.get(jobId) : undefined);
  const ended = (jobId: number) => {
    reg.running.delete(jobId);
    // kept a while for the next upload
    const timer = setTimeout(() => {
      if (reg.idle?.worker !== worker) return;
      reg.idle = null;
      worker.postMessage({ type: "close" });
    }, WORKER_IDLE_MS);
    timer.unref();
    reg.idle = { worker, databaseUrl, timer };
  };
  // the handlers are synchronous: an event emitter does not wait for (or catch) a promise; failJob never rejects
  // (it logs what it could not record), and the job ends after its failure is recorded either way
  worker.on("message", (m: WorkerMessage & { jobId: number }) => {
    const entry = jobOf(m.jobId);
    if (!entry) return;
    if (m.type === "progress") entry.progress = m.progress;
    // its end is committed: the next upload may start
    else if (m.type === "done") ended(m.jobId);
    else if (m.type === "failed") void failJob(m.jobId, m.message).finally(() => ended(m.jobId));
  });
  worker.on("error", (e) => {
    console.error("import worker:", e);
  });
  worker.on("exit", () => {
    if (reg.idle?.worker === worker) {
      clearTimeout(reg.idle.timer);
      reg.idle = null;
    }
    // a worker that ended during a job (killed, crashed): its transaction rolled back. Its jobs leave the
    // registry at once (the next upload may start), their failure is recorded after (failJob never rejects)
    const lost = [...reg.running].filter(([, r]) => r.worker === worker).map(([jobId]) => jobId);
    for (const jobId of lost) reg.running.delete(jobId);
    void (async () => {
      for (const jobId of lost) await failJob(jobId, CRASHED_MESSAGE);
    })();
  });
  return worker;
}

/**
 * Records a job's failure (only a job still running: a worker that finished has written its own end); never
 * rejects (what it could not record is logged). `wait: false`: without waiting for the write lock (writeWithoutBusyWait).
 */
async function failJob(jobId: number, message: string, { wait = true }: { wait?: boolean } = {}): Promise<void> {
  try {
    // a write goes through a transaction (the process's writer gate: another request's transaction may be open)
    const write = wait ? <T>(fn: (tx: Tx) => Promise<T>) => getDb().transaction(fn) : writeWithoutBusyWait;
    await write(
      async (tx) =>
        await tx
          .update(importJobs)
          .set({ state: "failed", error: message, finishedAt: new Date().toISOString() })
          .where(and(eq(importJobs.id, jobId), eq(importJobs.state, "running")))
          .run(),
    );
  } catch (e) {
    console.error(`import job ${jobId}: could not record its failure`, e);
  }
}

/** The job's end inside the import's transaction (or after a refusal, which wrote nothing). */
export async function recordJobEnd(tx: Executor, jobId: number, state: "done" | "rejected", result: ImportResult) {
  const imported = Object.values(result.imported).reduce<number>((a, n) => a + (n ?? 0), 0);
  await tx.update(importJobs)
    .set({ state, result: JSON.stringify(result), rowsTotal: result.rows, rowsDone: state === "done" ? imported : 0, finishedAt: new Date().toISOString() })
    .where(eq(importJobs.id, jobId))
    .run();
}

/** Runs a job's import (in the worker thread): progress to `post`, the end recorded in the database. */
export async function runImportJob(input: JobInput, post: (m: WorkerMessage) => void) {
  let last = 0;
  const stats = process.env.IMPORT_JOB_STATS === "1" ? { wall: performance.now(), cpu: threadCpuMs() } : null;
  // the worker's own connection: a page cache big enough for the indexes an import of a city's history touches
  // (SQLite's default 2 MB makes every insert re-read index pages; README › Bulk import › Speed). PostgreSQL:
  // the server's shared buffers serve every connection
  const db = getDb();
  if (hasSqliteClient(db)) db.$client.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  try {
    const result = await importFile({
      actor: input.actor,
      fileName: input.fileName,
      data: input.data,
      ip: input.ip,
      update: input.update,
      onProgress: (progress) => {
        const now = Date.now();
        if (progress.phase !== "write" || now - last > 100 || progress.done >= progress.total) {
          last = now;
          post({ type: "progress", progress });
        }
      },
      beforeCommit: async (tx, result) => await recordJobEnd(tx, input.jobId, "done", result),
    });
    if (!result.ok) await getDb().transaction(async (tx) => await recordJobEnd(tx, input.jobId, "rejected", result));
    if (stats) {
      const cpu = (threadCpuMs() - stats.cpu) / 1000;
      console.error(`[import job] ${input.fileName}: ${result.rows} rows in ${((performance.now() - stats.wall) / 1000).toFixed(1)} s, ${cpu.toFixed(1)} s on a core (this thread) = ${Math.round(result.rows / cpu)} rows per CPU-second`);
    }
    post({ type: "done" });
  } catch (e) {
    console.error(`import job ${input.jobId}:`, e);
    post({ type: "failed", message: isBusyError(e) ? `${BUSY_MESSAGE}（本次导入没有写入任何数据）` : CRASHED_MESSAGE });
  }
}

/** This thread's time on a core so far, ms (Linux; diagnostics, IMPORT_JOB_STATS=1): not inflated by the machine's load. */
function threadCpuMs(): number {
  try {
    return Number(fs.readFileSync("/proc/thread-self/schedstat", "utf8").split(" ")[0]) / 1e6;
  } catch {
    return NaN;
  }
}

/** The import worker's V8 young generation, MB (three times its semi-space). */
export const IMPORT_YOUNG_GENERATION_MB = 192;

/** The import worker's SQLite page cache, KiB. */
export const IMPORT_CACHE_KIB = 256 * 1024;

/**
 * Runs a write of the server's thread in a transaction that fails at once (503, a busy error) instead of waiting
 * when another process holds the write lock (withoutWaitingForLock: the wait is dropped for its BEGIN only, inside
 * the process's writer gate). A transaction of this process that is open is waited for on the gate as usual.
 */
async function writeWithoutBusyWait<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const db = getDb();
  return await withoutWaitingForLock(() => db.transaction(fn));
}

/** Marks a job interrupted without waiting for the write lock (an import may hold it): shown as such either way. */
async function markInterrupted(jobId: number) {
  await failJob(jobId, INTERRUPTED_MESSAGE, { wait: false });
}

/**
 * Whether the process that started a job (its runner, `pid:time`) is another process of this server that still
 * runs (a cluster's sibling): then the job is that process's to finish, not interrupted. A pid reused by a later
 * process does not count (Linux: that process started after the runner's time).
 */
export function runnerAlive(runner: string | null): boolean {
  if (!runner) return false;
  const [pidText, timeText] = runner.split(":");
  const pid = Number(pidText);
  const time = Number(timeText);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const startTicks = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
    const bootSeconds = Number(/^btime (\d+)$/m.exec(fs.readFileSync("/proc/stat", "utf8"))?.[1]);
    if (Number.isFinite(startTicks) && Number.isFinite(bootSeconds) && Number.isFinite(time)) return bootSeconds * 1000 + startTicks * 10 <= time + 1000;
  } catch {
    // no /proc (not Linux): the live pid is taken as the runner
  }
  return true;
}

/** A job running in another live process of this server, if any. */
async function runningElsewhere() {
  const rows = await getDb().select({ id: importJobs.id, userId: importJobs.userId, runner: importJobs.runner }).from(importJobs).where(eq(importJobs.state, "running")).all();
  return rows.find((r) => r.runner !== registry().runner && runnerAlive(r.runner)) ?? null;
}

async function view(row: typeof importJobs.$inferSelect): Promise<ImportJobView> {
  const reg = registry();
  const running = reg.running.get(row.id);
  let state = row.state as ImportJobState;
  let error = row.error;
  // running here says a server started it; if not this one, or no longer, it stopped with the server — unless
  // another process of this server (a cluster) started it and still runs (its progress is in that process)
  if (state === "running" && !running && !(row.runner !== registry().runner && runnerAlive(row.runner))) {
    await markInterrupted(row.id);
    state = "failed";
    error = INTERRUPTED_MESSAGE;
  }
  return {
    id: row.id,
    fileName: row.fileName,
    state,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    progress: state === "running" ? (running?.progress ?? null) : null,
    result: row.result ? (JSON.parse(row.result) as ImportResult) : null,
    error,
  };
}

/** One of the actor's own import jobs, or null (another user's job is not found). */
export async function getImportJob({ actor, id }: { actor: Actor; id: number }): Promise<ImportJobView | null> {
  const row = await getDb().select().from(importJobs).where(and(eq(importJobs.id, id), eq(importJobs.userId, actor.id))).get();
  return row ? await view(row) : null;
}

/** The actor's recent import jobs, newest first. */
export async function listImportJobs({ actor, limit = 20 }: { actor: Actor; limit?: number }): Promise<ImportJobView[]> {
  const rows = await getDb().select().from(importJobs).where(eq(importJobs.userId, actor.id)).orderBy(desc(importJobs.id)).limit(limit).all();
  // one after another: a view may record a job as interrupted (a write)
  const out: ImportJobView[] = [];
  for (const row of rows) out.push(await view(row));
  return out;
}

/** Waits until a job of this process has ended (tests, the command line). */
export async function waitForImportJob(jobId: number): Promise<void> {
  while (registry().running.has(jobId)) await new Promise((r) => setTimeout(r, 20));
}

/** Stops a running job's worker at once, as a server stop would (tests). */
export async function killImportJob(jobId: number) {
  const running = registry().running.get(jobId);
  if (running) await running.worker.terminate();
}

/** Forgets this process's running jobs, as a restart does (tests). */
export function forgetRunningJobs() {
  const reg = registry();
  reg.running.clear();
  reg.starting = undefined;
  if (reg.idle) {
    clearTimeout(reg.idle.timer);
    reg.idle.worker.postMessage({ type: "close" });
    reg.idle = null;
  }
}

/**
 * An upload → a job started (its page's address), or the refusal as an import result (no file, too large, another
 * import running), answered at once either way.
 */
export async function startImportUpload({
  actor,
  request,
  ip,
  form,
}: {
  actor: Actor;
  request: Request;
  ip?: string | null;
  /** the form as the server already read it from the body (app/serve.js), else the body is read here */
  form?: FormData;
}): Promise<{ ok: true; jobId: number; url: string } | ImportResult> {
  const refusal = (status: number, message: string): ImportResult => ({
    ok: false,
    batchId: null,
    fileName: "",
    rows: 0,
    imported: {},
    updated: {},
    skipped: 0,
    notices: [],
    issues: [{ sheet: "", row: null, column: null, message }],
    moreIssues: 0,
    status,
  });
  if (!can(actor, "import:records")) return refusal(403, "无权导入数据");
  const upload = await readUpload(request, form);
  if (!upload.ok) return refusal(upload.status, upload.message);
  const started = await startImportJob({ actor, fileName: upload.fileName, data: upload.data, update: upload.update, ip });
  if (!started.ok) return refusal(started.status, started.message);
  return { ok: true, jobId: started.jobId, url: `/import/jobs/${started.jobId}` };
}
