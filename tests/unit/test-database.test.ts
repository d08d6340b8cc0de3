/**
 * The test set-up itself, on whichever engine runs the suite (tests/vitest.config.ts: SQLite; tests/vitest.pg.config.ts:
 * PostgreSQL): this file's database is its own fresh copy of the migrated template — every table of the engine's
 * schema present, holding only the rows the migrations write — and what it writes does not reach the template, so
 * the next test file's copy starts clean.
 */
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { is } from "drizzle-orm";
import { getTableConfig as pgTableConfig, PgTable } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { afterAll, describe, expect, inject, it } from "vitest";
import * as sqliteSchema from "../../db/schema";
import * as pgSchema from "../../db/schema.pg";
import { onPostgres } from "../setup/engine";
import { TEMPLATE_DB, TMP_DIR } from "../setup/paths";

const url = process.env.DATABASE_URL ?? "";
const INSERT_UNIT = "INSERT INTO units (code, name, level, type, path, depth, active_from) VALUES ('t1', '测试县', 'county', 'county', '/1/', 1, '2024-01-01')";

/** Row counts of every table of the engine's schema in one database of it. */
type Counts = Record<string, number>;
type Engine = { database: string; template: string; tables: string[]; counts(which: "mine" | "template"): Promise<Counts>; write(): Promise<void> };

function sqliteEngine(): Engine {
  const tables = Object.values(sqliteSchema)
    .filter((t) => is(t, SQLiteTable))
    .map((t) => sqliteTableConfig(t as SQLiteTable).name);
  const count = (file: string) => {
    const db = new Database(file, { readonly: true });
    try {
      const present = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
      return Object.fromEntries(tables.map((t) => [t, present.has(t) ? (db.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n : -1]));
    } finally {
      db.close();
    }
  };
  return {
    database: path.resolve(url),
    template: path.resolve(TEMPLATE_DB),
    tables,
    counts: async (which) => count(which === "mine" ? url : TEMPLATE_DB),
    async write() {
      const db = new Database(url);
      db.exec(INSERT_UNIT);
      db.close();
    },
  };
}

function pgEngine(): Engine {
  const tables = Object.values(pgSchema)
    .filter((t) => is(t, PgTable))
    .map((t) => pgTableConfig(t as PgTable).name);
  const u = new URL(url);
  const server = { host: u.searchParams.get("host") ?? u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username) };
  const database = decodeURIComponent(u.pathname.slice(1));
  const template = inject("pgTestServer").template;
  // nobody may connect to the template (it could not be copied while someone is): its copy is read instead
  const probe = `${database}_probe`;
  const count = async (db: string) => {
    const client = new pg.Client({ ...server, database: db });
    await client.connect();
    try {
      const { rows } = await client.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
      const present = new Set(rows.map((r) => r.table_name));
      const out: Counts = {};
      for (const t of tables) out[t] = present.has(t) ? Number((await client.query(`SELECT count(*) AS n FROM "${t}"`)).rows[0].n) : -1;
      return out;
    } finally {
      await client.end();
    }
  };
  const admin = async (sql: string) => {
    const client = new pg.Client({ ...server, database: "postgres" });
    await client.connect();
    try {
      return await client.query(sql);
    } finally {
      await client.end();
    }
  };
  afterAll(() => admin(`DROP DATABASE IF EXISTS ${probe}`));
  return {
    database,
    template,
    tables,
    async counts(which) {
      if (which === "mine") return count(database);
      await admin(`DROP DATABASE IF EXISTS ${probe}`);
      await admin(`CREATE DATABASE ${probe} TEMPLATE ${template}`);
      return count(probe);
    },
    async write() {
      const client = new pg.Client({ ...server, database });
      await client.connect();
      await client.query(INSERT_UNIT);
      await client.end();
    },
  };
}

const engine = onPostgres ? pgEngine() : sqliteEngine();

describe(`the test database (${onPostgres ? "PostgreSQL" : "SQLite"})`, () => {
  it("is this file's own, not the template", () => {
    if (onPostgres) expect(engine.database).toMatch(/^vt_\d+_[0-9a-f]{8}$/);
    else expect(path.dirname(engine.database)).toBe(path.resolve(TMP_DIR));
    expect(engine.database).not.toBe(engine.template);
  });

  it("holds every table of the schema with only the migrations' rows: a fresh copy of the template", async () => {
    expect(engine.tables.length).toBeGreaterThan(30);
    const mine = await engine.counts("mine");
    expect(Object.entries(mine).filter(([, n]) => n < 0), "tables missing").toEqual([]);
    expect(mine).toEqual(await engine.counts("template"));
    for (const t of ["units", "users", "consultations", "mediations", "legal_aid_cases", "audit_log", "sessions"]) expect({ t, n: mine[t] }).toEqual({ t, n: 0 });
  });

  it("keeps what this file writes away from the template, so the next file's copy starts empty", async () => {
    await engine.write();
    expect((await engine.counts("mine")).units).toBe(1);
    expect((await engine.counts("template")).units).toBe(0);
  });
});
