// The import jobs' worker thread (see import-jobs.server.ts): loads the model code once — from the server's build
// when the server runs from one (workerData.build; nothing compiled at run time), else the TypeScript through tsx
// (tests, scripts; tsx compiles the model code with esbuild on the first job: seconds of CPU on both cores, which
// held the server's pages up to a second while the first upload began) — opens its own connection to the database
// (the SQLite file, or a pool of its own on PostgreSQL), then runs the jobs the server's thread posts, one at a
// time, posting each one's progress; `{ type: "close" }` ends it (after it waited a while for the next upload).
import os from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import url from "node:url";

// The import gives way to the server's thread answering pages when both want the CPU: on Linux a thread has its
// own nice value, and this one is raised for this thread only, IMPORT_WORKER_NICE (default 10; 0 turns it off)
// above the server's own (a server started with `nice -n 5` keeps the same gap: its worker runs at 15, not 10).
try {
  const step = Number(process.env.IMPORT_WORKER_NICE ?? 10);
  if (step > 0) os.setPriority(Math.min(19, os.getPriority() + step));
} catch {
  // not permitted here: the import runs at the server's priority
}

process.env.DATABASE_URL = workerData.databaseUrl;
let runImportJob;
if (workerData.build) {
  const build = await import(url.pathToFileURL(workerData.build).href);
  runImportJob = build.entry.module.runImportJob;
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ runImportJob } = await import("./import-jobs.server.ts"));
}
let queue = Promise.resolve();
parentPort.on("message", (m) => {
  queue = queue.then(async () => {
    if (m.type === "close") {
      // its own database: the SQLite connection, or its PostgreSQL pool (whose open connections would keep the thread alive)
      const open = globalThis.__fengqiaoDb;
      globalThis.__fengqiaoDb = undefined;
      if (open?.pg) await open.pg.close().catch(() => {});
      else open?.db.$client.close();
      parentPort.close();
      return;
    }
    await runImportJob(m, (msg) => parentPort.postMessage({ ...msg, jobId: m.jobId }));
  });
});
