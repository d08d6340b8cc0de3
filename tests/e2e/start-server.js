// Starts the built server on a fresh copy of the demo data for the browser journeys.
import { spawnSync, spawn } from "node:child_process";
import fs from "node:fs";

const db = process.env.DATABASE_URL;
if (!db) throw new Error("DATABASE_URL is required");
for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
const seed = spawnSync("node_modules/.bin/tsx", ["db/seed.ts", "--reset"], { stdio: "inherit", env: process.env });
if (seed.status !== 0) process.exit(seed.status ?? 1);
const server = spawn(process.execPath, ["app/serve.js"], { stdio: "inherit", env: process.env });
for (const s of ["SIGTERM", "SIGINT"]) process.on(s, () => server.kill(s));
server.on("exit", (code) => process.exit(code ?? 0));
