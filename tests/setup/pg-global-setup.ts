/**
 * The model suite on PostgreSQL (tests/vitest.pg.config.ts): one throwaway cluster for the run (pg-cluster.ts) and
 * one template database migrated with db/migrations-pg; each test file gets its own copy (pg-per-file.ts). The
 * cluster is stopped and removed at teardown, or by pg-cluster.ts's exit hook when vitest ends otherwise
 * (Ctrl-C, SIGTERM); a killed run's cluster is removed by the next one.
 */
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import type { TestProject } from "vitest/node";
import { startPgCluster } from "./pg-cluster";
import { PG_EXCLUDED } from "./pg-excluded";

export const PG_TEMPLATE = "fengqiao_template";

export type PgTestServer = { host: string; port: number; user: string; template: string };

declare module "vitest" {
  export interface ProvidedContext {
    pgTestServer: PgTestServer;
  }
}

const ms = (t0: number) => `${Math.round(performance.now() - t0)} ms`;

export default async function setup(project: TestProject) {
  // a renamed or moved file would silently run on PostgreSQL again
  const gone = PG_EXCLUDED.filter((e) => !fs.existsSync(path.join(project.config.root, e.file))).map((e) => e.file);
  if (gone.length) throw new Error(`tests/setup/pg-excluded.ts names test files that do not exist: ${gone.join(", ")}`);
  let t0 = performance.now();
  // a pool per test file at a time (PGPOOL_MAX, 10 by default) per worker, and the per-file set-up's own connection
  const cluster = startPgCluster({ maxConnections: 300 });
  const started = ms(t0);
  try {
    t0 = performance.now();
    const admin = new pg.Client(cluster.config());
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${PG_TEMPLATE}`);
      const client = new pg.Client(cluster.config(PG_TEMPLATE));
      await client.connect();
      try {
        await migrate(drizzle({ client }), { migrationsFolder: path.join(project.config.root, "db/migrations-pg") });
      } finally {
        await client.end();
      }
      // no connection may stay on a template while it is copied: nobody connects to it from now on
      await admin.query(`ALTER DATABASE ${PG_TEMPLATE} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
    } finally {
      await admin.end();
    }
    console.log(
      `PostgreSQL test cluster: started in ${started}, template migrated in ${ms(t0)} (${cluster.socketDir}).\n` +
        `Not run on PostgreSQL (tests/setup/pg-excluded.ts):\n${PG_EXCLUDED.map((e) => `  ${e.file} — ${e.why}`).join("\n")}`,
    );
  } catch (e) {
    cluster.stop();
    throw e;
  }
  project.provide("pgTestServer", { host: cluster.socketDir, port: cluster.port, user: "postgres", template: PG_TEMPLATE });
  return () => cluster.stop();
}
