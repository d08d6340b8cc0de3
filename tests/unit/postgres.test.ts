/**
 * PostgreSQL (issue 16), on one throwaway cluster for the file.
 *
 * The PostgreSQL schema is the SQLite schema: a throwaway PostgreSQL cluster (tests/setup/pg-cluster.ts)
 * gets db/migrations-pg, a fresh SQLite file gets db/migrations, and what the two engines report must correspond:
 * tables, columns (type, nullability, default, identity), primary keys, indexes (name, columns, uniqueness, partial
 * predicate), foreign keys, and the rows the migrations write. Never skipped: without PostgreSQL it fails and says why.
 *
 * DATABASE_URL: the server refuses to start, with a Chinese and English message and a non-zero exit, on a wrong value
 * and (until the data layer is ported) on a reachable PostgreSQL.
 */
import { spawn } from "node:child_process";
import net from "node:net";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb, migrateDatabase, openDatabase, type DB } from "~/utils/db.server";
import { parseDatabaseUrl } from "~/utils/database-url.server.js";
import { databasePath } from "~/utils/env.server";
import { createPgPool, parseInt8, pgTransaction, PG_LOST_MESSAGE } from "~/utils/pg.server";
import { registerMediation } from "~/models/mediations.server";
import { createConsultation, voidConsultation } from "~/models/consultations.server";
import { copySqliteToPostgres } from "../../db/pg-copy";
import { consultationData, makeActor, makeMediator, makeTree, mediationData } from "../factories";
import { startPgCluster, type PgCluster } from "../setup/pg-cluster";
import { TMP_DIR } from "../setup/paths";
import { compareSchemas, introspectPg, introspectSqlite, type SchemaShape } from "../setup/schema-compare";

const root = process.cwd();
let cluster: PgCluster;
let client: pg.Client;
let sqlite: DB;
let sqliteFile: string;
let sqliteShape: SchemaShape;
let pgShape: SchemaShape;

let setupError: unknown;

beforeAll(async () => {
  try {
    await setup();
  } catch (e) {
    // every test then fails with this message (a failed beforeAll would show them as skipped)
    setupError = e;
  }
});
beforeEach(() => {
  if (setupError) throw setupError;
});

async function setup() {
  cluster = startPgCluster();
  const admin = new pg.Client(cluster.config());
  await admin.connect();
  await admin.query("CREATE DATABASE fengqiao");
  await admin.end();
  client = new pg.Client(cluster.config("fengqiao"));
  await client.connect();
  await migrate(drizzle({ client }), { migrationsFolder: path.join(root, "db/migrations-pg") });
  pgShape = await introspectPg(client);

  sqliteFile = path.join(TMP_DIR, `vt-pg-schema-${process.pid}-${crypto.randomBytes(3).toString("hex")}.db`);
  sqlite = openDatabase(sqliteFile);
  migrateDatabase(sqlite);
  sqliteShape = introspectSqlite(sqlite.$client);
}

afterAll(async () => {
  await client?.end();
  cluster?.stop();
  sqlite?.$client.close();
  for (const f of [sqliteFile, `${sqliteFile}-wal`, `${sqliteFile}-shm`]) if (f) fs.rmSync(f, { force: true });
});

describe("PostgreSQL schema = SQLite schema", () => {
  it("has the same tables, columns, keys and indexes after migrating a fresh database of each engine", () => {
    expect(Object.keys(sqliteShape).length).toBeGreaterThan(30);
    expect(Object.keys(pgShape).sort()).toEqual(Object.keys(sqliteShape).sort());
    expect(
      compareSchemas(sqliteShape, pgShape),
      "db/schema.ts and db/schema.pg.ts differ: make the change in both, then `npx drizzle-kit generate --name <branch>` " +
        "and `npx drizzle-kit generate --config db/drizzle.pg.config.ts --name <branch>` (hand-written SQL: in both dialects)",
    ).toEqual([]);
    // spot checks of the mapping the comparison relies on
    expect(pgShape.mediations.columns.amount_fen.kind).toBe("bigint");
    expect(pgShape.mediations.columns.is_mass).toMatchObject({ kind: "boolean", notNull: true, default: "false" });
    expect(pgShape.units.columns.id.autoIncrement).toBe(true);
    expect(pgShape.stat_counters.primaryKey).toEqual(["unit_id", "month", "indicator", "dim"]);
    expect(pgShape.mediations.indexes.mediations_case_seq_unique).toEqual({
      unique: true,
      columns: ["registered_unit_id", "case_year", "case_seq"],
      where: null,
    });
  });

  it("writes the same rows in its migrations (the day counters' marker)", async () => {
    for (const table of Object.keys(sqliteShape)) {
      const order = sqliteShape[table].order.map((c) => `"${c}"`).join(", ");
      const a = sqlite.$client.prepare(`SELECT * FROM "${table}" ORDER BY ${order}`).all() as Record<string, unknown>[];
      const b = (await client.query(`SELECT * FROM "${table}" ORDER BY ${order}`)).rows as Record<string, unknown>[];
      // node-postgres reads bigint as text; SQLite reads booleans as 0/1
      const norm = (rows: Record<string, unknown>[]) =>
        rows.map((r) =>
          Object.fromEntries(
            Object.entries(r).map(([k, v]) => [k, typeof v === "boolean" ? Number(v) : typeof v === "string" && pgShape[table].columns[k].kind === "bigint" ? Number(v) : v]),
          ),
        );
      expect({ table, rows: norm(b) }).toEqual({ table, rows: norm(a) });
    }
    expect((await client.query("SELECT * FROM stat_counters_day")).rows).toEqual([{ unit_id: 0, day: 0, indicator: "backfill", dim: "", value: "0" }]);
  });

  it("fills the defaults with the same values (instants as ISO text, flags, numbers)", async () => {
    const unit = ["'u1'", "'县'", "'county'", "'county'", "'/1/'", "1", "'2024-01-01'"];
    sqlite.$client.exec(`INSERT INTO units (code, name, level, type, path, depth, active_from) VALUES (${unit.join(", ")})`);
    await client.query(`INSERT INTO units (code, name, level, type, path, depth, active_from) VALUES (${unit.join(", ")})`);
    const a = sqlite.$client.prepare("SELECT id, sort_order, created_at, updated_at FROM units WHERE code = 'u1'").get() as Record<string, unknown>;
    const b = (await client.query("SELECT id, sort_order, created_at, updated_at FROM units WHERE code = 'u1'")).rows[0];
    const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
    for (const row of [a, b]) {
      expect(row.created_at).toMatch(iso);
      expect(row.updated_at).toMatch(iso);
      expect(Math.abs(Date.parse(String(row.created_at)) - Date.now())).toBeLessThan(120_000);
    }
    expect([a.id, a.sort_order]).toEqual([1, 0]);
    expect([b.id, b.sort_order]).toEqual([1, 0]);
    sqlite.$client.exec("DELETE FROM units");
    await client.query("TRUNCATE units RESTART IDENTITY CASCADE");
  });

  it("finds a column, a type, a nullability, an index or a partial predicate present on one side only", async () => {
    await client.query("BEGIN");
    try {
      await client.query("ALTER TABLE units ADD COLUMN extra_note text");
      await client.query("ALTER TABLE mediations ALTER COLUMN amount_fen TYPE integer");
      await client.query("ALTER TABLE mediations ALTER COLUMN summary DROP NOT NULL");
      await client.query("DROP INDEX users_unit_idx");
      // the same partial index on both engines: no difference
      const live = "CREATE INDEX documents_live_idx ON documents (case_kind, case_id) WHERE voided_at IS NULL AND kind IN ('agreement', 'id_copy')";
      await client.query(live);
      // a flag is 0/1 in SQLite and a boolean in PostgreSQL; NOT IN and coalesce as PostgreSQL prints them back
      await client.query(
        "CREATE INDEX mediations_perf_idx ON mediations (unit_id, performance_deadline) WHERE status = 'success' AND voided_at IS NULL AND concluded_by_import = false AND coalesce(performance, '') NOT IN ('immediate', 'performed')",
      );
      // a partial index whose predicate differs
      await client.query("CREATE INDEX mediations_open_idx ON mediations (unit_id) WHERE status <> 'failed'");
      // the SQLite side: changed and read in one synchronous transaction of its connection, then rolled back (a
      // bare BEGIN outside the database's transaction helper would send the reads to its read-only connection,
      // which does not see the open transaction's indexes)
      const rollback = new Error("rollback");
      let changed!: SchemaShape;
      try {
        sqlite.$client.transaction(() => {
          sqlite.$client.exec(live);
          sqlite.$client.exec(
            "CREATE INDEX mediations_perf_idx ON mediations (unit_id, performance_deadline) WHERE status = 'success' AND voided_at IS NULL AND concluded_by_import = 0 AND coalesce(performance, '') NOT IN ('immediate', 'performed')",
          );
          sqlite.$client.exec("CREATE INDEX mediations_open_idx ON mediations (unit_id) WHERE status <> 'success'");
          changed = introspectSqlite(sqlite.$client);
          throw rollback;
        })();
      } catch (e) {
        if (e !== rollback) throw e;
      }
      const diffs = compareSchemas(changed, await introspectPg(client));
      expect([...diffs].sort()).toEqual(
        [
          "column mediations.summary: notNull is true in SQLite, false in PostgreSQL",
          'column mediations.amount_fen: kind is "bigint" in SQLite, "integer" in PostgreSQL',
          "index mediations_open_idx: WHERE status <> 'success' in SQLite, WHERE status <> 'failed' in PostgreSQL",
          "column units.extra_note: only in PostgreSQL",
          "index users_unit_idx on users: only in SQLite",
        ].sort(),
      );
    } finally {
      await client.query("ROLLBACK");
    }
    expect(compareSchemas(introspectSqlite(sqlite.$client), await introspectPg(client))).toEqual([]);
  });

  it("has nothing in either schema file that its migrations lack (drizzle-kit generate finds no change)", async () => {
    const work = path.join(TMP_DIR, `vt-pg-kit-${process.pid}-${crypto.randomBytes(3).toString("hex")}`);
    const runs = [
      { dialect: "sqlite", schema: "db/schema.ts", migrations: "db/migrations" },
      { dialect: "postgresql", schema: "db/schema.pg.ts", migrations: "db/migrations-pg" },
    ].map(async ({ dialect, schema, migrations }) => {
      const out = path.join(work, dialect);
      fs.cpSync(path.join(root, migrations), out, { recursive: true });
      const config = path.join(work, `${dialect}.config.json`);
      // drizzle-kit wants paths relative to the working directory
      fs.writeFileSync(config, JSON.stringify({ dialect, schema, out: path.relative(root, out), casing: "snake_case" }));
      const before = fs.readdirSync(out).length;
      const output = await new Promise<string>((resolve) => {
        const p = spawn(path.join(root, "node_modules/.bin/drizzle-kit"), ["generate", "--config", config], { cwd: root, env: { ...process.env, FORCE_COLOR: "0" } });
        let text = "";
        p.stdout.on("data", (d) => (text += d));
        p.stderr.on("data", (d) => (text += d));
        p.on("close", () => resolve(text));
      });
      return { dialect, output, added: fs.readdirSync(out).length - before };
    });
    try {
      for (const r of await Promise.all(runs)) {
        const said = r.output.includes("No schema changes") ? "no change" : r.output;
        expect({ dialect: r.dialect, said, added: r.added }, "a schema file holds a change its migrations lack: run drizzle-kit generate (README › Running)").toEqual({
          dialect: r.dialect,
          said: "no change",
          added: 0,
        });
      }
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});

/** Starts the production server with DATABASE_URL set to `url`; its exit code and what it printed. */
function startServer(url: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [path.join(root, "app/serve.js")], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, NODE_ENV: "production", PORT: "1", HOST: "127.0.0.1", DB_CONNECT_TIMEOUT_MS: "10000" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    p.stdout.on("data", (d) => (output += d));
    p.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => p.kill("SIGKILL"), 60_000);
    p.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** A local TCP port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("DATABASE_URL at start", () => {
  it("stops the start with a clear message on an unknown scheme, a malformed URL or an unreachable PostgreSQL", async () => {
    const port = await closedPort();
    const cases = [
      { url: "mysql://root@localhost/fengqiao", zh: "协议“mysql:”不受支持", en: 'scheme "mysql:" is not supported' },
      { url: "postgres://fengqiao@db.example:port/fengqiao", zh: "不是有效的 PostgreSQL 地址", en: "not a valid PostgreSQL URL" },
      { url: "postgres://fengqiao@localhost:5432", zh: "缺少数据库名", en: "no database name" },
      { url: "", zh: "DATABASE_URL 为空", en: "DATABASE_URL is empty" },
      { url: `postgres://fengqiao:s3cret-pw@127.0.0.1:${port}/fengqiao`, zh: "无法连接 DATABASE_URL 指定的 PostgreSQL", en: "Cannot connect to the PostgreSQL server" },
    ];
    const results = await Promise.all(cases.map((c) => startServer(c.url)));
    cases.forEach((c, i) => {
      const { code, output } = results[i];
      expect({ url: c.url, code, zh: output.includes(c.zh), en: output.includes(c.en), stopped: output.includes("服务未启动。The server did not start.") }).toEqual({
        url: c.url,
        code: 1,
        zh: true,
        en: true,
        stopped: true,
      });
      expect(output).not.toContain("listening");
      expect(output).not.toContain("s3cret-pw");
    });
  });

  it("a database missing on a running PostgreSQL is told as a failed connection", async () => {
    const { code, output } = await startServer(cluster.url("no_such_database"));
    expect(code).toBe(1);
    expect(output).toContain("无法连接 DATABASE_URL 指定的 PostgreSQL");
    expect(output).toContain('database "no_such_database" does not exist');
  });

  it("runs on a reachable PostgreSQL: migrates a fresh database at start, serves the log-in page, opens no SQLite file", async () => {
    const admin = new pg.Client(cluster.config());
    await admin.connect();
    await admin.query("CREATE DATABASE fengqiao_start");
    await admin.end();
    const port = await closedPort();
    const p = spawn(process.execPath, [path.join(root, "app/serve.js")], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: cluster.url("fengqiao_start"),
        NODE_ENV: "production",
        PORT: String(port),
        HOST: "127.0.0.1",
        WEB_CONCURRENCY: "1",
        SESSION_SECRET: "pg-start-test-secret-pg-start-test",
        DOCUMENTS_DIR: path.join(os.tmpdir(), `fq-docs-${process.pid}`),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    p.stdout.on("data", (d) => (output += d));
    p.stderr.on("data", (d) => (output += d));
    try {
      // what a person waits for: the log-in page answering
      let status = 0;
      for (let i = 0; i < 600 && status !== 200 && p.exitCode === null; i++) {
        status = await fetch(`http://127.0.0.1:${port}/login`).then((r) => r.status, () => 0);
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect({ status, output: status === 200 ? "" : output }).toEqual({ status: 200, output: "" });
      const c = new pg.Client(cluster.config("fengqiao_start"));
      await c.connect();
      try {
        const applied = await c.query("SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations");
        expect(applied.rows[0].n).toBe(fs.readdirSync(path.join(root, "db/migrations-pg")).filter((f) => f.endsWith(".sql")).length);
        expect((await c.query("SELECT count(*)::int AS n FROM units")).rows[0].n).toBe(0);
      } finally {
        await c.end();
      }
      // nor does the server code open a SQLite file named after the URL
      expect(() => databasePath(cluster.url("fengqiao_start"))).toThrow("This operation is for a SQLite database file");
    } finally {
      p.kill("SIGTERM");
      await new Promise((r) => p.once("close", r));
    }
  });

  it("reads the SQLite forms as before, and a PostgreSQL URL's parts without its password", () => {
    expect(databasePath("db/fengqiao.db")).toBe("db/fengqiao.db");
    expect(databasePath("file:./x.db")).toBe("./x.db");
    expect(databasePath("file:///srv/x.db")).toBe("/srv/x.db");
    expect(databasePath("/abs/path/x.db")).toBe("/abs/path/x.db");
    expect(parseDatabaseUrl("postgresql://app:p%40ss@db.internal:6432/fengqiao")).toMatchObject({
      engine: "postgres",
      host: "db.internal",
      port: 6432,
      database: "fengqiao",
      user: "app",
      shown: "postgres://app@db.internal:6432/fengqiao",
    });
    expect(parseDatabaseUrl("postgres:///fengqiao?host=/var/run/postgresql")).toMatchObject({ host: "/var/run/postgresql", port: 5432, database: "fengqiao" });
  });
});

describe("transactions on PostgreSQL (app/utils/pg.server.ts, ready for the port)", () => {
  let pool: pg.Pool;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(async () => {
    if (setupError) return;
    pool = createPgPool(cluster.url("fengqiao"), { max: 8 });
    await client.query("TRUNCATE units RESTART IDENTITY CASCADE");
    await client.query(
      `INSERT INTO units (code, name, level, type, path, depth, active_from) VALUES
       ('c1', '市', 'city', 'city', '/1/', 1, '2024-01-01'), ('c2', '县', 'county', 'county', '/1/2/', 2, '2024-01-01'),
       ('c3', '镇', 'township', 'township', '/1/2/3/', 3, '2024-01-01')`,
    );
  });
  afterAll(async () => {
    await pool?.end();
  });

  it("numbers cases 1…n without a gap or a repeat under concurrent writers, a rolled-back number given back", async () => {
    const taken: number[] = [];
    let rolledBack = 0;
    const writer = async (w: number) => {
      for (let i = 0; i < 25; i++) {
        await pgTransaction(pool, async (c) => {
          const r = await c.query(
            `INSERT INTO case_sequences (unit_id, year, kind, last) VALUES (3, 2026, 'mediation', 1)
             ON CONFLICT (unit_id, year, kind) DO UPDATE SET last = case_sequences.last + 1 RETURNING last`,
          );
          await sleep(1); // the rest of the registration
          if ((w + i) % 10 === 9) throw new Error("validation failed later in the transaction");
          taken.push(r.rows[0].last);
        }).catch((e: Error) => {
          if (e.message !== "validation failed later in the transaction") throw e;
          rolledBack++;
        });
      }
    };
    await Promise.all([0, 1, 2, 3].map(writer));
    expect(rolledBack).toBe(8);
    expect(taken.length).toBe(92);
    expect([...taken].sort((a, b) => a - b)).toEqual(Array.from({ length: 92 }, (_, i) => i + 1));
  });

  it("keeps counters at every ancestor in the write's transaction (INSERT … ON CONFLICT), equal to the number of writes", async () => {
    const writes = async () => {
      for (let i = 0; i < 20; i++) {
        await pgTransaction(pool, async (c) => {
          // ancestors in one fixed order, so that two writes never wait for each other crosswise
          for (const unit of [1, 2, 3]) {
            await c.query(
              `INSERT INTO stat_counters (unit_id, month, indicator, dim, value) VALUES ($1, 202603, 'mediation.registered', '', 1)
               ON CONFLICT (unit_id, month, indicator, dim) DO UPDATE SET value = stat_counters.value + excluded.value`,
              [unit],
            );
          }
        });
      }
    };
    await Promise.all([1, 2, 3, 4].map(writes));
    const rows = (await pool.query("SELECT unit_id, value FROM stat_counters WHERE indicator = 'mediation.registered' ORDER BY unit_id")).rows;
    expect(rows).toEqual([
      { unit_id: 1, value: 80 },
      { unit_id: 2, value: 80 },
      { unit_id: 3, value: 80 },
    ]);
  });

  it("runs a read-then-write transaction again after a serialization failure, so no update is lost", async () => {
    await pool.query("INSERT INTO stat_counters (unit_id, month, indicator, dim, value) VALUES (1, 202604, 'x.lost', '', 0)");
    let attempts = 0;
    let bothRead: () => void = () => {};
    const barrier = new Promise<void>((resolve) => (bothRead = resolve));
    let readers = 0;
    const increment = () =>
      pgTransaction(
        pool,
        async (c) => {
          attempts++;
          const { value } = (await c.query("SELECT value FROM stat_counters WHERE unit_id = 1 AND month = 202604 AND indicator = 'x.lost'")).rows[0];
          if (++readers === 2) bothRead();
          if (readers <= 2) await Promise.race([barrier, sleep(5000)]);
          await c.query("UPDATE stat_counters SET value = $1 WHERE unit_id = 1 AND month = 202604 AND indicator = 'x.lost'", [value + 1]);
        },
        { isolation: "serializable" },
      );
    await Promise.all([increment(), increment()]);
    expect(attempts).toBe(3);
    expect((await pool.query("SELECT value FROM stat_counters WHERE indicator = 'x.lost'")).rows[0].value).toBe(2);
  });

  it("answers 503 with a Chinese message when the connection is lost mid-transaction, and the next one works", async () => {
    const lost = pgTransaction(pool, async (c) => {
      const pid = (await c.query("SELECT pg_backend_pid() AS pid")).rows[0].pid;
      await client.query("SELECT pg_terminate_backend($1)", [pid]);
      // the server ends that connection's backend (as a restart or a failover would)
      for (let i = 0; i < 100 && (await client.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1", [pid])).rowCount; i++) await sleep(50);
      await c.query("SELECT 1");
    });
    const answer = await lost.then(
      () => null,
      (e: unknown) => e,
    );
    expect(answer).toBeInstanceOf(Response);
    expect((answer as Response).status).toBe(503);
    expect(await (answer as Response).json()).toEqual({ error: "unavailable", message: PG_LOST_MESSAGE });
    expect(await pgTransaction(pool, async (c) => (await c.query("SELECT count(*)::bigint AS n FROM units")).rows[0].n)).toBe(3);
  });

  it("reads bigint as a number and refuses one a number cannot hold", () => {
    expect(parseInt8("9007199254740991")).toBe(9007199254740991);
    expect(() => parseInt8("9007199254740993")).toThrow(RangeError);
  });
});

describe("copying a SQLite database into PostgreSQL (db/pg-copy.ts)", () => {
  it.each([
    { method: "insert" as const, db: "copy_check" },
    { method: "copy" as const, db: "copy_check_fast" },
  ])("takes real records value for value ($method): flags, money, audit JSON, the unit tree; ids continue after the copy", async ({ method, db }) => {
    // records written by the model code into this file's SQLite copy
    const tree = await makeTree();
    const staff = await makeActor(tree.townA1, "staff");
    const mediator = await makeMediator(tree.townA1.id);
    const reg = await registerMediation({ actor: staff, data: mediationData(tree.townA1.id, [mediator.id], { isMass: true, amount: 1234567 } as never) });
    expect(reg.ok).toBe(true);
    const c1 = await createConsultation({ actor: staff, data: consultationData(tree.townA1.id, { categories: ["elderly", "disabled"], summary: "两行\r\n第二行\t制表 C:\\路径\\N 末尾" } as never) });
    expect(c1.ok).toBe(true);
    const c2 = await createConsultation({ actor: staff, data: consultationData(tree.townA1.id) });
    if (!c2.ok) throw new Error("consultation not created");
    expect((await voidConsultation({ actor: staff, id: c2.value.id, version: 1, reason: "重复登记" })).ok).toBe(true);
    const source = getDb().$client;
    const unitCount = (source.prepare("SELECT count(*) AS n FROM units").get() as { n: number }).n;

    const admin = new pg.Client(cluster.config());
    await admin.connect();
    await admin.query(`CREATE DATABASE ${db}`);
    await admin.end();
    const target = new pg.Client(cluster.config(db));
    await target.connect();
    try {
      await migrate(drizzle({ client: target }), { migrationsFolder: path.join(root, "db/migrations-pg") });
      const before = method === "copy" ? await introspectPg(target) : null;
      const copied = await copySqliteToPostgres(source, target, { method });
      expect(copied.units).toBe(unitCount);
      // the COPY path builds again every key, index and foreign key it set aside, exactly as the migrations made them
      if (before) expect(await introspectPg(target)).toEqual(before);
      // (the second method's run finds the first run's records too)
      expect(copied.mediations).toBe((source.prepare("SELECT count(*) AS n FROM mediations").get() as { n: number }).n);
      expect(copied.mediations).toBeGreaterThanOrEqual(1);

      const shape = await introspectPg(target);
      for (const table of Object.keys(copied)) {
        const order = Object.keys(shape[table].columns).map((c) => `"${c}"`).join(", ");
        const a = source.prepare(`SELECT * FROM "${table}" ORDER BY ${order}`).all() as Record<string, unknown>[];
        const b = (await target.query(`SELECT * FROM "${table}" ORDER BY ${order}`)).rows as Record<string, unknown>[];
        const norm = (rows: Record<string, unknown>[]) =>
          rows.map((r) =>
            Object.fromEntries(
              Object.entries(r).map(([k, v]) => [k, typeof v === "boolean" ? Number(v) : typeof v === "string" && shape[table].columns[k].kind === "bigint" ? Number(v) : v]),
            ),
          );
        expect({ table, rows: norm(b) }).toEqual({ table, rows: norm(a) });
      }
      // the values the model code relies on, as PostgreSQL holds them
      const m = (await target.query("SELECT is_mass, amount_fen, prevented_petition FROM mediations")).rows[0];
      expect(m).toEqual({ is_mass: true, amount_fen: "1234567", prevented_petition: false });
      // text with the characters COPY's text format escapes (tab, CR, LF, backslash, a literal \N) arrives unchanged
      const summary = (await target.query("SELECT summary FROM consultations WHERE summary LIKE '%制表%' LIMIT 1")).rows[0];
      expect(summary).toEqual({ summary: "两行\r\n第二行\t制表 C:\\路径\\N 末尾" });
      const voided = (await target.query("SELECT \"after\" FROM audit_log WHERE action = 'void' AND entity = 'consultation'")).rows[0];
      expect(JSON.parse(voided.after)).toMatchObject({ voidReason: "重复登记" });
      // a new row after the copy takes the next id
      const next = await target.query(
        "INSERT INTO units (code, name, level, type, path, depth, active_from) VALUES ('after-copy', '新单位', 'village', 'admin', 'x', 4, '2024-01-01') RETURNING id",
      );
      expect(next.rows[0].id).toBe(Math.max(...(source.prepare("SELECT id FROM units").all() as { id: number }[]).map((u) => u.id)) + 1);
      // a database that already holds records is not overwritten unless asked
      await expect(copySqliteToPostgres(source, target, { method })).rejects.toThrow("already holds units or users");
    } finally {
      await target.end();
    }
  });
});
