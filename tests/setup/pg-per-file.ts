/**
 * A PostgreSQL database per test file (tests/vitest.pg.config.ts), the counterpart of per-file.ts's SQLite copy:
 * `CREATE DATABASE … TEMPLATE` the migrated template of pg-global-setup.ts (tens of milliseconds), and DATABASE_URL
 * set to it before the test file imports any app module. The databases of test files whose process has ended are
 * dropped here, so the cluster's directory does not grow by ~10 MB a file; the rest go with the cluster.
 */
import crypto from "node:crypto";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { TMP_DIR } from "./paths";

const server = inject("pgTestServer");
const name = `vt_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;

const admin = new pg.Client({ host: server.host, port: server.port, user: server.user, database: "postgres" });
await admin.connect();
try {
  const { rows } = await admin.query<{ datname: string }>(String.raw`SELECT datname FROM pg_database WHERE datname LIKE 'vt\_%'`);
  for (const { datname } of rows) {
    const pid = Number(/^vt_(\d+)_/.exec(datname)?.[1]);
    if (!pid || alive(pid)) continue;
    // another worker may be dropping it too
    await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => undefined);
  }
  // FILE_COPY: measured faster than the default WAL_LOG for a database this small (~25 against ~40 ms)
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${server.template} STRATEGY FILE_COPY`);
} finally {
  await admin.end();
}

process.env.DATABASE_URL = `postgres://${server.user}@localhost:${server.port}/${name}?host=${encodeURIComponent(server.host)}`;
process.env.SESSION_SECRET ??= "test-secret-test-secret-test-secret";
// where the SQLite run's documents go (beside its database files): the URL names no directory
process.env.DOCUMENTS_DIR ??= path.join(TMP_DIR, "documents");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
