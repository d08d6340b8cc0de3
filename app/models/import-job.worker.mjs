// The import job's worker thread (see import-jobs.server.ts): loads the TypeScript model code through tsx, opens its
// own connection to the database file and runs one import, posting its progress to the server's thread.
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
process.env.DATABASE_URL = workerData.databaseUrl;
const { runImportJob } = await import("./import-jobs.server.ts");
await runImportJob(workerData.input, (m) => parentPort.postMessage(m));
const { getDb } = await import("../utils/db.server.ts");
getDb().$client.close();
