// The import jobs' worker thread (see import-jobs.server.ts): loads the TypeScript model code through tsx once,
// opens its own connection to the database file, then runs the jobs the server's thread posts, one at a time,
// posting each one's progress; `{ type: "close" }` ends it (after it waited a while for the next upload).
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

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
