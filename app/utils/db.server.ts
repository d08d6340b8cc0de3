import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "../../db/schema";
import { databasePath } from "./env.server";

export type DB = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** A transaction handle has the same query API as the database. */
export type Tx = Parameters<Parameters<DB["transaction"]>[0]>[0];
export type Executor = DB | Tx;

export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "db/migrations");

/** How long one statement waits for another process's write lock (DB_BUSY_TIMEOUT_MS), and how often it tries again. */
export function busySettings() {
  const ms = Number(process.env.DB_BUSY_TIMEOUT_MS ?? "");
  return { timeoutMs: Number.isFinite(ms) && ms >= 0 && process.env.DB_BUSY_TIMEOUT_MS ? ms : 2500, retries: 1 };
}

export const BUSY_MESSAGE = "系统正忙（可能有批量导入正在进行），本次操作未保存，请稍后重试。";

/** SQLITE_BUSY and its extended codes (BUSY_SNAPSHOT, BUSY_RECOVERY, BUSY_TIMEOUT). */
export function isBusyError(e: unknown): boolean {
  if (e instanceof Response) return e.status === 503;
  return typeof e === "object" && e !== null && "code" in e && String((e as { code: unknown }).code).startsWith("SQLITE_BUSY");
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
  sqlite.prepare = ((source: string) => {
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
  }) as typeof sqlite.prepare;
  const db = drizzle({ client: sqlite, schema, casing: "snake_case" }) as DB;
  // Every top-level transaction takes the write lock at BEGIN (IMMEDIATE): a transaction that read first and
  // then wanted to write could otherwise fail at once with SQLITE_BUSY_SNAPSHOT, without waiting. When another
  // process (an import) keeps the lock past the wait, try again a bounded number of times, then answer 503.
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn: Parameters<DB["transaction"]>[0], config?: Parameters<DB["transaction"]>[1]) => {
    if (sqlite.inTransaction) return transaction(fn, config);
    for (let attempt = 0; ; attempt++) {
      try {
        return transaction(fn, { behavior: "immediate", ...config });
      } catch (e) {
        if (!isBusyError(e)) throw e;
        if (attempt >= busy.retries) throw busyResponse();
      }
    }
  }) as DB["transaction"];
  return db;
}

/**
 * Runs a small write whose loss on a power cut is acceptable (an export's audit row: never a case record) without
 * waiting for the disk: synchronous=NORMAL for its commit, FULL again afterwards. In WAL mode the commit is still
 * atomic and survives a crashed process; it becomes durable at the next FULL commit (any saved record) or
 * checkpoint. A read-only request (the stats API) no longer pays a WAL fsync, whose latency under another
 * process's disk writes reached 130 ms at p99 (README › Speed). Inside a transaction (the level cannot change
 * there) `fn` just runs.
 */
export function withoutWaitingForDisk<T>(db: DB, fn: () => T): T {
  const client = db.$client;
  if (client.inTransaction) return fn();
  client.pragma("synchronous = NORMAL");
  try {
    return fn();
  } finally {
    client.pragma("synchronous = FULL");
  }
}

export function migrateDatabase(db: DB) {
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}

declare global {
  // eslint-disable-next-line no-var
  var __fengqiaoDb: { file: string; db: DB } | undefined;
}

/**
 * The process's database, opened on first use from DATABASE_URL and migrated to the newest schema.
 * Tests point DATABASE_URL at a per-file copy of a migrated template before the first call.
 */
export function getDb(): DB {
  const file = databasePath();
  if (!global.__fengqiaoDb || global.__fengqiaoDb.file !== file) {
    global.__fengqiaoDb?.db.$client.close();
    const db = openDatabase(file);
    migrateDatabase(db);
    global.__fengqiaoDb = { file, db };
  }
  return global.__fengqiaoDb.db;
}
