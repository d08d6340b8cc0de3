// The import jobs' worker thread (see import-jobs.server.ts): loads the TypeScript model code through tsx once,
// opens its own connection to the database file, then runs the jobs the server's thread posts, one at a time,
// posting each one's progress; `{ type: "close" }` ends it (after it waited a while for the next upload).
import os from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

// The import gives way to the server's thread answering pages when both want the CPU: on Linux a thread has its
// own nice value, and this one is raised for this thread only (IMPORT_WORKER_NICE, default 10; 0 turns it off).
try {
  os.setPriority(Number(process.env.IMPORT_WORKER_NICE ?? 10));
} catch {
  // not permitted here: the import runs at the server's priority
}

register();
process.env.DATABASE_URL = workerData.databaseUrl;
const { runImportJob } = await import("./import-jobs.server.ts");
const { getDb } = await import("../utils/db.server.ts");
let queue = Promise.resolve();
parentPort.on("message", (m) => {
  queue = queue.then(async () => {
    if (m.type === "close") {
      getDb().$client.close();
      parentPort.close();
      return;
    }
    await runImportJob(m, (msg) => parentPort.postMessage({ ...msg, jobId: m.jobId }));
  });
});
