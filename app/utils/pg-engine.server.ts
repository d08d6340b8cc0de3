/**
 * The application's query-builder code on PostgreSQL (issue 16, part 2): the SQLite table objects of db/schema.ts
 * and drizzle's SQLite dialect, run through drizzle's `sqlite-proxy` driver on node-postgres. One codebase, one set
 * of table objects; the SQL drizzle builds for SQLite (double-quoted identifiers, `?` placeholders, RETURNING,
 * ON CONFLICT … DO UPDATE/NOTHING, LIMIT/OFFSET) is PostgreSQL too, once these differences are bridged here:
 *
 * - placeholders: `?` becomes `$1…$n` (never inside a string literal, a quoted identifier or a comment);
 * - ON CONFLICT targets: drizzle's SQLite dialect writes `on conflict ("t"."a", "t"."b")`, which SQLite accepts and
 *   PostgreSQL refuses (a syntax error): the table qualifier is dropped there;
 * - INSERT: drizzle's SQLite dialect lists every column and writes `null` for a column given no value, or inlines
 *   the column's SQLite default (`strftime(…)` for createdAt). PostgreSQL refuses both (NULL into an identity id;
 *   no strftime), so this engine's dialect writes `DEFAULT` there instead: PostgreSQL then applies the default of
 *   db/schema.pg.ts, which the schema-parity test keeps equal to SQLite's (`DEFAULT` of a column without one is
 *   NULL, as before). A value given explicitly, `null` included, is bound as it is;
 * - NULLs sort as in SQLite (first in ascending order, last in descending; PostgreSQL does the opposite): ordering by
 *   a column that may be NULL (nullable, or of an outer-joined table) — `orderBy(col)`, `asc(col)`, `desc(col)` —
 *   says NULLS FIRST / NULLS LAST. Any other column, or a hand-written `sql` ordering, is left as written (so an index
 *   on a NOT NULL column still serves its order);
 * - results are read as SQLite gives them: `bigint` and `numeric` (sum, avg) as JS numbers (an integer beyond
 *   2^53 throws), booleans as 1/0 (drizzle's boolean columns read 1/0 as true/false; raw SQL sees what SQLite
 *   would), dates, timestamps, intervals and json as their text;
 * - errors: the driver's error itself (its `code` is PostgreSQL's SQLSTATE, e.g. "23505" for a unique violation where
 *   SQLite says "SQLITE_CONSTRAINT_UNIQUE"), not drizzle's DrizzleQueryError wrapping it — as drizzle's better-sqlite3
 *   driver throws them; a lost connection is a 503 Response (PG_LOST_MESSAGE);
 * - raw queries (`db.all(sql…)`, `db.get(sql…)`) return rows as objects, as drizzle's better-sqlite3 driver does;
 *   `run` returns `{ changes }` (the row count). `lastInsertRowid` is not known: use `.returning()`.
 *
 * Transactions: `transaction(fn)` runs `fn` on one pooled connection (pgTransaction: retried on serialization
 * failure or deadlock, 503 on a lost connection) and keeps that connection in an AsyncLocalStorage, so every
 * statement of `db` issued inside `fn` — through the handle passed to `fn` (which is `db` itself) or through the
 * global `db` — runs in the transaction. A `transaction()` inside one runs in a SAVEPOINT (as better-sqlite3's
 * nested transactions do): its failure rolls back its own work only, if the caller catches it. drizzle's own
 * `db.transaction()` would issue BEGIN and each statement on different pooled connections: on this engine it is
 * redirected to `transaction()` (its SQLite `behavior` is ignored).
 *
 * A statement outside a transaction runs on any pooled connection; a lost connection answers 503 (PG_LOST_MESSAGE),
 * as in a transaction.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import path from "node:path";
import pg from "pg";
import { Column, DrizzleQueryError, getTableColumns, getTableName, is, Param, SQL, sql, StringChunk, Table } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle, type SqliteRemoteDatabase } from "drizzle-orm/sqlite-proxy";
import type { BaseSQLiteDatabase, SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import * as schema from "../../db/schema";
import { createPgPool, isConnectionLost, parseInt8, pgTransaction, pgUnavailable, PG_BUSY_MESSAGE, PG_LOST_MESSAGE, type PgTransactionOptions } from "./pg.server";

export const PG_MIGRATIONS_FOLDER = path.resolve(process.cwd(), "db/migrations-pg");

/** What `.run()` resolves to on this engine (better-sqlite3 also gives `lastInsertRowid`: use `.returning()`). */
export type PgRunResult = { rows: []; changes: number };
/** drizzle's async SQLite database over the SQLite table objects, with `.run()` giving `changes`. */
export type PgDatabase = BaseSQLiteDatabase<"async", PgRunResult, typeof schema> & Pick<SqliteRemoteDatabase<typeof schema>, "batch">;

export type PgEngine = {
  /** the query builder over the SQLite table objects; inside `transaction()` it runs in the transaction */
  db: PgDatabase;
  /** runs `fn` in a transaction (nested: a savepoint); `fn` receives `db` */
  transaction<T>(fn: (tx: PgDatabase) => Promise<T>, options?: PgTransactionOptions): Promise<T>;
  /**
   * A hand-written statement with `?` placeholders, in the current transaction if any: `all` gives the rows as
   * objects, `get` the first (or undefined), `run` `{ changes }` — what better-sqlite3's statements give.
   */
  raw(source: string, params: unknown[], method: "all" | "get" | "run"): Promise<unknown>;
  /** true inside `transaction()` */
  inTransaction(): boolean;
  /** applies db/migrations-pg (one process at a time: an advisory lock) */
  migrate(folder?: string): Promise<void>;
  close(): Promise<void>;
  pool: pg.Pool;
};

// ---------------------------------------------------------------------------------------------------------------
// SQL text: `?` → `$n`

const translated = new Map<string, { text: string; count: number }>();

/**
 * Numbers the `?` placeholders of SQLite SQL as PostgreSQL's `$1…$n`, leaving alone a `?` in a string literal
 * ('…' with '' escapes), a quoted identifier ("…", `…`, […]) or a comment (-- …, /* … *\/); and drops the table
 * qualifier of the columns of an ON CONFLICT target.
 */
export function toPgPlaceholders(source: string): { text: string; count: number } {
  const cached = translated.get(source);
  if (cached) return cached;
  let out = "";
  let count = 0;
  let from = 0;
  const n = source.length;
  for (let i = 0; i < n; i++) {
    const c = source[i];
    if (c === "?") {
      out += source.slice(from, i) + "$" + ++count;
      from = i + 1;
    } else if (c === "'" || c === '"' || c === "`" || c === "[") {
      const close = c === "[" ? "]" : c;
      // a doubled quote inside is an escaped quote: scanning on to the next closing one handles it
      const end = source.indexOf(close, i + 1);
      i = end === -1 ? n : end;
    } else if (c === "-" && source[i + 1] === "-") {
      const end = source.indexOf("\n", i + 2);
      i = end === -1 ? n : end;
    } else if (c === "/" && source[i + 1] === "*") {
      const end = source.indexOf("*/", i + 2);
      i = end === -1 ? n : end + 1;
    }
  }
  let text = count ? out + source.slice(from) : source;
  // drizzle's SQLite dialect names the conflict target's columns with their table ("t"."c"): PostgreSQL wants bare names
  if (/on conflict \(/i.test(text)) text = text.replace(/\bon conflict \(([^()]*)\)/gi, (target: string) => target.replace(/"(?:[^"]|"")*"\./g, ""));
  const result = { text, count };
  if (translated.size >= 2000) translated.clear();
  translated.set(source, result);
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Results read as SQLite gives them

const OID = { BOOL: 16, INT8: 20, NUMERIC: 1700, JSON: 114, JSONB: 3802, DATE: 1082, TIMESTAMP: 1114, TIMESTAMPTZ: 1184, INTERVAL: 1186 };

/** numeric (sum of bigint, avg, round) as a JS number; an integer beyond 2^53 throws rather than lose digits. */
export function parseNumeric(text: string): number {
  const n = Number(text);
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) throw new RangeError(`numeric ${text} is beyond 2^53 and cannot be read as a number`);
  return n;
}
const asText = (text: string) => text;
const parsers: Record<number, (text: string) => unknown> = {
  [OID.BOOL]: (text) => (text === "t" ? 1 : 0),
  [OID.INT8]: parseInt8,
  [OID.NUMERIC]: parseNumeric,
  [OID.JSON]: asText,
  [OID.JSONB]: asText,
  [OID.DATE]: asText,
  [OID.TIMESTAMP]: asText,
  [OID.TIMESTAMPTZ]: asText,
  [OID.INTERVAL]: asText,
};
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => parsers[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

// ---------------------------------------------------------------------------------------------------------------
// INSERT: DEFAULT for a column given no value

type InsertConfig = { table: SQLiteTable; values: Record<string, unknown>[] | unknown; select?: boolean };
const DEFAULT = sql.raw("default");

/** The rows of an INSERT … VALUES with `DEFAULT` for each column given no value (nor computed by a $default function). */
export function withPgDefaults(config: InsertConfig): InsertConfig {
  if (config.select || !Array.isArray(config.values)) return config;
  const columns: Record<string, SQLiteColumn> = getTableColumns(config.table);
  const values = (config.values as Record<string, unknown>[]).map((row) => {
    let copy: Record<string, unknown> | undefined;
    for (const [key, column] of Object.entries(columns)) {
      const value = row[key];
      if (value !== undefined && !(is(value, Param) && value.value === undefined)) continue;
      if (column.defaultFn !== undefined || (column.default == null && column.onUpdateFn !== undefined)) continue;
      copy ??= { ...row };
      copy[key] = DEFAULT;
    }
    return copy ?? row;
  });
  return { ...config, values };
}

// ---------------------------------------------------------------------------------------------------------------
// ORDER BY: NULLs where SQLite puts them

/** A nullable column as drizzle's asc()/desc() wrote it (`${column} asc`), with its direction; else null. */
function directedColumn(item: unknown): { column: Column; desc: boolean } | null {
  if (is(item, Column)) return { column: item, desc: false };
  if (!is(item, SQL)) return null;
  const chunks = item.queryChunks;
  if (chunks.length !== 3 || !is(chunks[1], Column)) return null;
  const [before, , after] = chunks;
  if (!is(before, StringChunk) || before.value.join("") !== "" || !is(after, StringChunk)) return null;
  const direction = after.value.join("");
  if (direction !== " asc" && direction !== " desc") return null;
  return { column: chunks[1], desc: direction === " desc" };
}

type SelectConfig = { table: unknown; joins?: { joinType: string; alias?: string; table: unknown }[]; orderBy?: unknown[] };

/** The tables (names or aliases) whose columns an outer join may fill with NULL. */
function outerJoined(config: SelectConfig): Set<string> {
  const nullable = new Set<string>();
  const before: string[] = is(config.table, Table) ? [getTableName(config.table)] : [];
  for (const join of config.joins ?? []) {
    const name = join.alias;
    if (name === undefined) continue;
    if (join.joinType === "right" || join.joinType === "full") for (const n of before) nullable.add(n);
    if (join.joinType === "left" || join.joinType === "full") nullable.add(name);
    before.push(name);
  }
  return nullable;
}

/**
 * The SELECT with NULLS FIRST (ascending) / NULLS LAST (descending) added to the ORDER BY items that are a column
 * which may be NULL: a nullable one, or any column of an outer-joined table.
 */
export function withSqliteNullOrder<C extends SelectConfig>(config: C): C {
  if (!config.orderBy?.length) return config;
  const nullable = outerJoined(config);
  let changed = false;
  const orderBy = config.orderBy.map((item) => {
    const directed = directedColumn(item);
    if (!directed) return item;
    const { column } = directed;
    if (column.notNull && !nullable.has(getTableName(column.table))) return item;
    changed = true;
    return directed.desc ? sql`${column} desc nulls last` : sql`${column} asc nulls first`;
  });
  return changed ? { ...config, orderBy } : config;
}

// ---------------------------------------------------------------------------------------------------------------
// The engine

/** A transaction (depth 0) or a savepoint in it, open until its callback settles. */
type Store = { client: pg.PoolClient; depth: number; open: boolean; parent?: Store };
type Method = "run" | "all" | "values" | "get";

function lost(e: unknown): unknown {
  return isConnectionLost(e) ? pgUnavailable(PG_LOST_MESSAGE) : /timeout exceeded when trying to connect/i.test(e instanceof Error ? e.message : "") ? pgUnavailable(PG_BUSY_MESSAGE) : e;
}

/** The driver's error (or our Response) inside drizzle's DrizzleQueryError, with the failed SQL kept on it (not enumerable). */
function unwrap(e: unknown): unknown {
  if (!(e instanceof DrizzleQueryError) || e.cause === undefined) return e;
  const cause = e.cause;
  if (typeof cause === "object" && cause !== null && !(cause instanceof Response) && !("query" in cause)) {
    Object.defineProperty(cause, "query", { value: e.query, enumerable: false, configurable: true });
  }
  return cause;
}

/** Opens (lazily: no connection until the first statement) the engine for a `postgres://` URL. */
export function openPgEngine(url: string, options: { max?: number } = {}): PgEngine {
  const pool = createPgPool(url, options);
  const als = new AsyncLocalStorage<Store>();
  /** The innermost open transaction or savepoint of this async context (a stray statement after a savepoint ended still belongs to its transaction). */
  const current = () => {
    let store = als.getStore();
    while (store && !store.open) store = store.parent;
    return store;
  };

  // the result type of sqlite-proxy's callback (`rows` of a get is the row itself)
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function execute(source: string, params: unknown[], method: Method, objects: boolean): Promise<{ rows: any[] }> {
    const { text, count } = toPgPlaceholders(source);
    if (count !== params.length) throw new Error(`pg-engine: ${count} placeholders but ${params.length} parameters in: ${source}`);
    const store = current();
    const query: pg.QueryConfig & { rowMode?: "array"; types: typeof types } = { text, values: params, types };
    if (!objects || method === "values") query.rowMode = "array";
    let result: pg.QueryResult;
    try {
      result = store ? await store.client.query(query) : await pool.query(query);
    } catch (e) {
      throw lost(e);
    }
    if (method === "run") return { rows: [], changes: result.rowCount ?? 0 } as { rows: [] };
    if (method === "get") return { rows: result.rows[0] }; // sqlite-proxy reads `rows` of a get as the row itself
    return { rows: result.rows };
  }

  // a batch (db.batch): its statements in order, in one transaction, as SQLite runs them
  async function batch(queries: { sql: string; params: unknown[]; method: Method }[]) {
    return transaction(async () => {
      const results = [];
      for (const q of queries) results.push(await execute(q.sql, q.params, q.method, false));
      return results;
    });
  }
  // the three-argument form: drizzle 0.45's sqlite-proxy reads neither `casing` nor `schema` from a config given second
  const db = drizzle((source, params, method) => execute(source, params, method, false), batch, { schema, casing: "snake_case" }) as unknown as PgDatabase;

  // internals of drizzle 0.45 (checked by pg-engine.server.test.ts): the dialect builds INSERTs, the session
  // prepares every query, raw ones (no selected fields, no mapper) reading objects
  const internal = db as unknown as {
    dialect: { buildInsertQuery(config: InsertConfig): SQL; buildSelectQuery(config: SelectConfig): SQL };
    session: {
      prepareQuery(...args: unknown[]): {
        client: unknown;
        queryWithCache(query: string, params: unknown[], run: () => Promise<unknown>): Promise<unknown>;
      };
    };
  };
  const buildInsertQuery = internal.dialect.buildInsertQuery.bind(internal.dialect);
  internal.dialect.buildInsertQuery = (config) => buildInsertQuery(withPgDefaults(config));
  const buildSelectQuery = internal.dialect.buildSelectQuery.bind(internal.dialect);
  internal.dialect.buildSelectQuery = (config) => buildSelectQuery(withSqliteNullOrder(config));
  const prepareQuery = internal.session.prepareQuery.bind(internal.session);
  const rawClient = (source: string, params: unknown[], method: Method) => execute(source, params, method, true);
  internal.session.prepareQuery = (...args: unknown[]) => {
    const prepared = prepareQuery(...args);
    const [, fields, , , customResultMapper] = args;
    if (!fields && !customResultMapper) prepared.client = rawClient;
    // drizzle wraps a failure in DrizzleQueryError; the code wants what better-sqlite3 gives: the driver's error
    // itself (`code`: PostgreSQL's SQLSTATE, e.g. 23505 for a unique violation), and our 503 Response as it is
    const queryWithCache = prepared.queryWithCache.bind(prepared);
    prepared.queryWithCache = (query, params, run) =>
      queryWithCache(query, params, run).catch((e: unknown) => {
        throw unwrap(e);
      });
    return prepared;
  };

  async function transaction<T>(fn: (tx: PgDatabase) => Promise<T>, txOptions: PgTransactionOptions = {}): Promise<T> {
    const outer = current();
    if (outer) {
      const name = `fq_sp${outer.depth + 1}`;
      const inner: Store = { client: outer.client, depth: outer.depth + 1, open: true, parent: outer };
      const run = (statement: string) => outer.client.query(statement).catch((e) => Promise.reject(lost(e)));
      await run(`SAVEPOINT ${name}`);
      try {
        const result = await als.run(inner, () => fn(db));
        await run(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (e) {
        if (!(e instanceof Response)) await run(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => {});
        throw e;
      } finally {
        inner.open = false;
      }
    }
    return pgTransaction(
      pool,
      async (client) => {
        const store: Store = { client, depth: 0, open: true };
        try {
          return await als.run(store, () => fn(db));
        } finally {
          // a statement still issued from this context afterwards (a promise nobody awaited) must not reach the
          // released connection, now another request's
          store.open = false;
        }
      },
      txOptions,
    );
  }
  (db as unknown as { transaction: unknown }).transaction = (fn: (tx: PgDatabase) => Promise<unknown>) => transaction(fn);

  return {
    db,
    pool,
    transaction,
    async raw(source: string, params: unknown[], method: "all" | "get" | "run") {
      const r = (await execute(source, params, method, true)) as { rows: unknown; changes?: number };
      return method === "run" ? { changes: r.changes ?? 0 } : r.rows;
    },
    inTransaction: () => current() !== undefined,
    async migrate(folder = PG_MIGRATIONS_FOLDER) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (e) {
        throw lost(e);
      }
      try {
        // two processes starting at once: the second waits, then finds nothing left to apply
        await client.query("SELECT pg_advisory_lock(7160020)");
        await migratePg(drizzlePg({ client }), { migrationsFolder: folder });
      } finally {
        await client.query("SELECT pg_advisory_unlock(7160020)").catch(() => {});
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
