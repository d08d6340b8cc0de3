import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { BaseSQLiteDatabase, SQLiteTransaction } from "drizzle-orm/sqlite-core";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import { sql } from "drizzle-orm";
import * as schema from "../../db/schema";
import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from "./database-url.server.js";
import { openPgEngine, type PgEngine } from "./pg-engine.server";

/** What a write statement reports (better-sqlite3's RunResult; the PostgreSQL engine gives `changes` too). */
export type RunResult = { changes: number; lastInsertRowid?: number | bigint };
/**
 * The database as the models see it: drizzle's SQLite query builder, asynchronous (issue 16). Every query is
 * awaited, so the same code runs on PostgreSQL; on SQLite the runtime object is drizzle over better-sqlite3, whose
 * queries run synchronously when awaited. `$client` (the better-sqlite3 connection) is for the few SQLite-only
 * fast paths (bulk import, counters' prepared upsert); they check `hasSqliteClient` first.
 */
export type DB = BaseSQLiteDatabase<"async", RunResult, typeof schema> & { $client: Database.Database };
/** A transaction handle has the same query API as the database. */
export type Tx = SQLiteTransaction<"async", RunResult, typeof schema, ExtractTablesWithRelations<typeof schema>>;
export type Executor = DB | Tx;

export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "db/migrations");

/** How long one statement waits for another process's write lock (DB_BUSY_TIMEOUT_MS), and how often it tries again. */
export function busySettings() {
  const ms = Number(process.env.DB_BUSY_TIMEOUT_MS ?? "");
  return { timeoutMs: Number.isFinite(ms) && ms >= 0 && process.env.DB_BUSY_TIMEOUT_MS ? ms : 2500, retries: 1 };
}

export const BUSY_MESSAGE = "系统正忙（可能有批量导入正在进行），本次操作未保存，请稍后重试。";

/** SQLITE_BUSY and its extended codes (BUSY_SNAPSHOT, BUSY_RECOVERY, BUSY_TIMEOUT), PostgreSQL's lock timeout, our 503. */
export function isBusyError(e: unknown): boolean {
  if (e instanceof Response) return e.status === 503;
  if (typeof e !== "object" || e === null || !("code" in e)) return false;
  const code = String((e as { code: unknown }).code);
  // PostgreSQL: lock_timeout reached (55P03), as when withoutWaitingForLock's transaction met a held row lock
  return code.startsWith("SQLITE_BUSY") || code === "55P03";
}

/**
 * The answer when the database stayed locked by another process (an import) past the bounded wait: a 503 that
 * loaders and actions throw, shown by the error page on pages and as JSON `{ error, message }` to API clients.
 */
export function busyResponse(): Response {
  return new Response(JSON.stringify({ error: "busy", message: BUSY_MESSAGE }), {
    status: 503,
    headers: { "Content-Type": "application/json; charset=utf-8", "Retry-After": "5", "Cache-Control": "no-store" },
  });
}

export function openDatabase(file: string): DB {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  const busy = busySettings();
  sqlite.pragma("journal_mode = WAL");
  // FULL: a commit is on disk before it is reported done, so a power cut cannot lose a saved case (README Decisions)
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma(`busy_timeout = ${busy.timeoutMs}`);
  // a single statement outside a transaction that waited in vain for the lock answers 503 too.
  // Statements are kept by their SQL and reused (drizzle prepares every query anew; preparing and wrapping was a
  // fifth of a history import's time): a reused reader is put back to returning objects first.
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  // While a transaction is open (awaiting inside its callback), other requests' reads run on a second, read-only
  // connection: it sees the last committed state, never the open transaction's rows (see sqliteTransaction).
  let reader: Database.Database | undefined;
  const readerCache = new Map<string, Database.Statement>();
  const readerStatement = (source: string): Database.Statement => {
    if (!reader) {
      reader = new Database(file, { readonly: true, fileMustExist: true });
      reader.pragma(`busy_timeout = ${busy.timeoutMs}`);
      const close = sqlite.close.bind(sqlite);
      sqlite.close = () => {
        reader?.close();
        return close();
      };
    }
    let stmt = readerCache.get(source);
    if (!stmt || stmt.busy) {
      stmt = reader.prepare(source);
      if (readerCache.size >= 2000) readerCache.clear();
      readerCache.set(source, stmt);
    } else stmt.raw(false);
    return stmt;
  };
  const ownStatement = (source: string): Database.Statement => {
    const cached = cache.get(source);
    if (cached && !cached.busy) {
      if (cached.reader) cached.raw(false);
      return cached;
    }
    const stmt = prepare(source);
    if (!cached) {
      if (cache.size >= 2000) cache.clear();
      cache.set(source, stmt);
    }
    for (const method of ["run", "get", "all"] as const) {
      const call = (stmt[method] as (...a: unknown[]) => unknown).bind(stmt);
      Object.defineProperty(stmt, method, {
        value: (...args: unknown[]) => {
          try {
            return call(...args);
          } catch (e) {
            if (isBusyError(e) && !sqlite.inTransaction) throw busyResponse();
            throw e;
          }
        },
      });
    }
    return stmt;
  };
  // better-sqlite3's own (synchronous) transactions cannot be interleaved: their statements are always theirs
  let insideSyncTransaction = 0;
  const nativeTransaction = sqlite.transaction.bind(sqlite);
  sqlite.transaction = ((fn: (...args: unknown[]) => unknown) =>
    nativeTransaction((...args: unknown[]) => {
      insideSyncTransaction++;
      try {
        return fn(...args);
      } finally {
        insideSyncTransaction--;
      }
    })) as typeof sqlite.transaction;
  const strict = process.env.FENGQIAO_STRICT_WRITES === "1";
  sqlite.prepare = ((source: string) => {
    const stmt = ownStatement(source);
    if (insideSyncTransaction || currentTransaction.getStore()) return stmt;
    if (sqlite.inTransaction && file !== ":memory:") {
      if (stmt.reader) return readerStatement(source);
      throw new Error(`写入语句不在 db.transaction() 中，而另一事务正在进行（程序错误）: ${source.slice(0, 160)}`);
    }
    // tests (FENGQIAO_STRICT_WRITES=1) refuse every write outside db.transaction(), so none is left to run into an
    // open transaction of another request in production
    if (strict && !stmt.reader && writtenByAppCode()) throw new Error(`写入语句不在 db.transaction() 中（测试严格模式）: ${source.slice(0, 160)}`);
    return stmt;
  }) as typeof sqlite.prepare;
  const db = drizzle({ client: sqlite, schema, casing: "snake_case" }) as unknown as DB;
  db.transaction = sqliteTransaction(sqlite, prepare, db, busy) as DB["transaction"];
  return db;
}

/** The transaction the current asynchronous context runs in (set by `transaction()` for its callback). */
const currentTransaction = new AsyncLocalStorage<{ db: unknown }>();
/** Set by withoutWaitingForDisk for the transactions its callback starts. */
const lightCommit = new AsyncLocalStorage<true>();
/** Set by withoutWaitingForLock: its transactions do not wait for another process's write lock. */
const noLockWait = new AsyncLocalStorage<true>();

/**
 * Runs `fn` whose transactions give up at once (503, isBusyError) when another process holds the write lock (SQLite:
 * busy_timeout 0 for their BEGIN only; PostgreSQL: lock_timeout 0). For writes that may as well be skipped, like
 * pushing a session's idle expiry forward while an import runs.
 */
export function withoutWaitingForLock<T>(fn: () => Promise<T>): Promise<T> {
  return noLockWait.run(true, fn);
}

/** Whether the calling code runs inside a transaction of `transaction()` (on any engine). */
export function inTransaction(): boolean {
  return currentTransaction.getStore() !== undefined || global.__fengqiaoDb?.pg?.inTransaction() === true;
}

/**
 * One process-wide queue of writers: a SQLite connection has one transaction at a time, and an awaited
 * transaction callback lets other requests run meanwhile, so the next transaction waits for the previous to end.
 */
function createGate() {
  let tail: Promise<void> = Promise.resolve();
  return async function acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const previous = tail;
    tail = previous.then(() => next);
    await previous;
    return release;
  };
}

/**
 * `db.transaction(async (tx) => …)` on SQLite. Every top-level transaction takes the write lock at BEGIN
 * (IMMEDIATE): a transaction that read first and then wanted to write could otherwise fail at once with
 * SQLITE_BUSY_SNAPSHOT, without waiting. When another process (an import) keeps the lock past the wait, try again
 * a bounded number of times, then answer 503. Within the process transactions queue on a gate, and the callback
 * runs in an AsyncLocalStorage context: statements from that context (through `tx` or the global database) belong
 * to the transaction; statements of other requests that run while it awaits are kept out of it — their reads go to
 * a read-only connection that sees the last committed state (openDatabase's prepare), and a write outside any
 * transaction while one is open is refused as a programming error. A transaction started inside another joins it.
 */
function sqliteTransaction(sqlite: Database.Database, prepare: Database.Database["prepare"], db: DB, busy: { retries: number; timeoutMs: number }) {
  const acquire = createGate();
  const begin = prepare("BEGIN IMMEDIATE");
  const commit = prepare("COMMIT");
  const rollback = prepare("ROLLBACK");
  return async function transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    if (currentTransaction.getStore()) return await fn(db as unknown as Tx);
    const release = await acquire();
    const light = lightCommit.getStore() === true;
    try {
      if (light) sqlite.pragma("synchronous = NORMAL");
      const noWait = noLockWait.getStore() === true;
      for (let attempt = 0; ; attempt++) {
        try {
          if (!noWait) begin.run();
          else {
            // set and reset around the BEGIN alone (synchronous: no other statement runs in between)
            sqlite.pragma("busy_timeout = 0");
            try {
              begin.run();
            } finally {
              sqlite.pragma(`busy_timeout = ${busy.timeoutMs}`);
            }
          }
          break;
        } catch (e) {
          if (!isBusyError(e)) throw e;
          if (attempt >= busy.retries) throw busyResponse();
        }
      }
      try {
        const result = await currentTransaction.run({ db }, async () => await fn(db as unknown as Tx));
        commit.run();
        return result;
      } catch (e) {
        if (sqlite.inTransaction) rollback.run();
        throw e;
      }
    } finally {
      if (light) sqlite.pragma("synchronous = FULL");
      release();
    }
  };
}

/**
 * Runs a small write whose loss on a power cut is acceptable (an export's audit row: never a case record) without
 * waiting for the disk: the transactions `fn` starts commit with synchronous=NORMAL, FULL again afterwards (set
 * and reset while the transaction holds the process's writer gate, so no other commit is affected). In WAL mode
 * the commit is still atomic and survives a crashed process; it becomes durable at the next FULL commit (any saved
 * record) or checkpoint. A read-only request (the stats API) no longer pays a WAL fsync, whose latency under
 * another process's disk writes reached 130 ms at p99 (README › Speed). Inside a transaction `fn` just runs.
 */
export async function withoutWaitingForDisk<T>(fn: () => Promise<T>): Promise<T> {
  if (inTransaction()) return await fn();
  return lightCommit.run(true, fn);
}

/**
 * Whether the statement being prepared comes from the application's code (its first frame outside drizzle and this
 * file is under app/ and not a test), not from a test or its factories setting up data. For the strict mode only.
 */
function writtenByAppCode(): boolean {
  const frames = (new Error().stack ?? "").split("\n").slice(1);
  for (const f of frames) {
    if (f.includes("node_modules") || f.includes("db.server.ts") || f.includes("node:")) continue;
    return /\/app\//.test(f) && !/\.test\.tsx?/.test(f);
  }
  return false;
}

export function migrateDatabase(db: DB) {
  // drizzle's migrator opens its own transaction (BEGIN … COMMIT): its statements are the open transaction's
  currentTransaction.run({ db }, () => migrate(db as unknown as Parameters<typeof migrate>[0], { migrationsFolder: MIGRATIONS_FOLDER }));
}

declare global {
  // eslint-disable-next-line no-var
  var __fengqiaoDb: { key: string; db: DB; pg?: PgEngine } | undefined;
}

/**
 * The process's database, opened on first use from DATABASE_URL: a SQLite file (created and migrated to the newest
 * schema here, synchronously), or PostgreSQL (`postgres://…`: connections are opened as statements need them; the
 * schema is migrated by `prepareDatabase()`, which the server's start-up and the scripts await). Tests point
 * DATABASE_URL at a per-file copy of a migrated template (a file, or a database made from a template) first.
 */
export function getDb(): DB {
  const target = parseDatabaseUrl(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
  const key = target.engine === "postgres" ? target.url : target.file;
  if (!global.__fengqiaoDb || global.__fengqiaoDb.key !== key) {
    closeDb();
    if (target.engine === "postgres") {
      const engine = openPgEngine(target.url);
      const db = engine.db as unknown as DB;
      db.transaction = pgTransactionOf(engine, db) as DB["transaction"];
      global.__fengqiaoDb = { key, db, pg: engine };
    } else {
      const db = openDatabase(target.file);
      migrateDatabase(db);
      global.__fengqiaoDb = { key, db };
    }
  }
  return global.__fengqiaoDb.db;
}

/** Closes the process's database (the SQLite connections, or the PostgreSQL pool). */
export function closeDb() {
  const open = global.__fengqiaoDb;
  global.__fengqiaoDb = undefined;
  if (!open) return;
  if (open.pg) void open.pg.close().catch(() => {});
  else open.db.$client.close();
}

/** The engine of the process's database. */
export function engineOf(db: Executor = getDb()): "sqlite" | "postgres" {
  return hasSqliteClient(db) ? "sqlite" : "postgres";
}

/** Whether `db` runs on a better-sqlite3 connection (`$client`): the SQLite-only fast paths check this first. */
export function hasSqliteClient(db: Executor): db is DB {
  return typeof (db as { $client?: { prepare?: unknown } }).$client?.prepare === "function";
}

/**
 * Brings the process's database to the newest schema: on SQLite getDb() has done it; on PostgreSQL the migrations of
 * db/migrations-pg are applied (one process at a time). Awaited by the server's start-up and the scripts.
 */
export async function prepareDatabase(): Promise<DB> {
  const db = getDb();
  await global.__fengqiaoDb?.pg?.migrate();
  return db;
}

/**
 * `db.transaction(async (tx) => …)` on PostgreSQL: the engine's transaction (a pooled connection held in an
 * AsyncLocalStorage; nested ones are savepoints; retried on serialization failures and deadlocks). Under
 * withoutWaitingForDisk the commit does not wait for the WAL flush (`synchronous_commit = off`, for that
 * transaction only).
 */
function pgTransactionOf(engine: PgEngine, db: DB) {
  return async function transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const light = lightCommit.getStore() === true && !engine.inTransaction();
    const noWait = noLockWait.getStore() === true && !engine.inTransaction();
    return await engine.transaction(async () => {
      if (light) await db.run(sql`SET LOCAL synchronous_commit TO OFF`);
      if (noWait) await db.run(sql`SET LOCAL lock_timeout = 1`);
      return await fn(db as unknown as Tx);
    });
  };
}

function pgEngineOf(db: Executor): PgEngine {
  const engine = global.__fengqiaoDb?.pg;
  if (!engine || global.__fengqiaoDb?.db !== db) throw new Error("not the process's PostgreSQL database");
  return engine;
}

/**
 * Hand-written statements with `?` placeholders on either engine, for hot paths that skip drizzle's query building
 * (bulk writes, per-step look-ups): on SQLite a reused prepared statement of the connection (run synchronously), on
 * PostgreSQL the engine's connection (the transaction's, inside one). The SQL must be valid on both engines.
 */
export async function rawAll<T>(db: Executor, text: string, params: unknown[] = []): Promise<T[]> {
  if (hasSqliteClient(db)) return db.$client.prepare(text).all(...params) as T[];
  return (await pgEngineOf(db).raw(text, params, "all")) as T[];
}
export async function rawGet<T>(db: Executor, text: string, params: unknown[] = []): Promise<T | undefined> {
  if (hasSqliteClient(db)) return db.$client.prepare(text).get(...params) as T | undefined;
  return (await pgEngineOf(db).raw(text, params, "get")) as T | undefined;
}
export async function rawRun(db: Executor, text: string, params: unknown[] = []): Promise<{ changes: number }> {
  if (hasSqliteClient(db)) return db.$client.prepare(text).run(...params);
  return (await pgEngineOf(db).raw(text, params, "run")) as { changes: number };
}

/** A unique constraint refused the write (SQLite's SQLITE_CONSTRAINT_UNIQUE, PostgreSQL's 23505). */
export function isUniqueViolation(e: unknown): boolean {
  if (typeof e !== "object" || e === null || !("code" in e)) return false;
  const code = String((e as { code: unknown }).code);
  return code.startsWith("SQLITE_CONSTRAINT_UNIQUE") || code.startsWith("SQLITE_CONSTRAINT_PRIMARYKEY") || code === "23505";
}
