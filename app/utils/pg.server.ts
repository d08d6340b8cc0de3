/**
 * PostgreSQL connections and transactions (issue 16), ready for the asynchronous data layer; not yet used by the
 * models (README › Scale › PostgreSQL port). What it settles for the port:
 * - a pool per process (PGPOOL_MAX connections, default 10) with `bigint` read as JS numbers, as SQLite gives them
 *   (money in fen and counter sums stay far below 2^53; a larger value throws instead of losing digits);
 * - `pgTransaction`: one transaction on one pooled connection, retried a bounded number of times when PostgreSQL
 *   gives up on it for concurrency — serialization failure (40001) or deadlock (40P01), the counterpart of SQLite's
 *   busy retry — and a 503 with a Chinese message when the connection is lost mid-way (the pool opens a fresh one
 *   for the next request).
 */
import pg from "pg";
import { parseDatabaseUrl } from "./database-url.server.js";

export const PG_LOST_MESSAGE = "数据库连接中断，本次操作未保存，请稍后重试。";
export const PG_BUSY_MESSAGE = "系统正忙（并发修改冲突），本次操作未保存，请稍后重试。";

const INT8 = 20;
/** bigint as a JS number, refusing values a double cannot hold exactly. */
export function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${text} is beyond 2^53 and cannot be read as a number`);
  return n;
}

/** A pool for `url` (a `postgres://` DATABASE_URL); its connections read bigint as numbers. */
export function createPgPool(url: string, options: { max?: number } = {}): pg.Pool {
  const target = parseDatabaseUrl(url);
  if (target.engine !== "postgres") throw new Error("createPgPool needs a postgres:// URL");
  const max = options.max ?? (Number(process.env.PGPOOL_MAX ?? "") || 10);
  const pool = new pg.Pool({
    connectionString: target.url,
    max,
    connectionTimeoutMillis: Number(process.env.DB_CONNECT_TIMEOUT_MS ?? "") || 5000,
    types: { getTypeParser: ((oid: number, format?: "text" | "binary") => (oid === INT8 ? parseInt8 : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
  });
  // an idle connection that dies (server restart, failover) is dropped by the pool; do not crash the process
  pool.on("error", () => {});
  return pool;
}

const RETRYABLE = new Set(["40001", "40P01"]);
/** Codes and errors that mean the connection (not the statement) failed (ENOENT: a Unix socket that is not there, the server being down). */
export function isConnectionLost(e: unknown): boolean {
  if (typeof e !== "object" || e === null) return false;
  const code = String((e as { code?: unknown }).code ?? "");
  if (code.startsWith("08") || code === "57P01" || code === "57P02" || code === "57P03") return true;
  if (["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EHOSTUNREACH", "ENOENT"].includes(code)) return true;
  const message = e instanceof Error ? e.message : "";
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(message);
}

/** The 503 the data layer throws when PostgreSQL is unreachable or too busy (`message`: PG_LOST_MESSAGE, PG_BUSY_MESSAGE). */
export function pgUnavailable(message: string): Response {
  return unavailable(message);
}

function unavailable(message: string): Response {
  return new Response(JSON.stringify({ error: "unavailable", message }), {
    status: 503,
    headers: { "Content-Type": "application/json; charset=utf-8", "Retry-After": "5", "Cache-Control": "no-store" },
  });
}

export type PgTransactionOptions = {
  isolation?: "read committed" | "repeatable read" | "serializable";
  /** further attempts after a serialization failure or deadlock (default 4) */
  retries?: number;
};

/**
 * Runs `fn` in one transaction on one connection of `pool` and returns its result. On 40001/40P01 the whole
 * transaction runs again (so `fn` must do nothing outside the database it cannot repeat), up to `retries` times,
 * then a 503 (PG_BUSY_MESSAGE) is thrown; a lost connection throws a 503 (PG_LOST_MESSAGE) at once. Any other
 * error rolls back and is thrown as it is.
 */
export async function pgTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>, options: PgTransactionOptions = {}): Promise<T> {
  const retries = options.retries ?? 4;
  const isolation = options.isolation ?? "read committed";
  for (let attempt = 0; ; attempt++) {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (e) {
      if (isConnectionLost(e)) throw unavailable(PG_LOST_MESSAGE);
      throw e;
    }
    let broken = false;
    // a connection that dies while checked out reports it here too (a write to a closed socket): not a crash
    const onError = () => {
      broken = true;
    };
    client.on("error", onError);
    try {
      await client.query(`BEGIN ISOLATION LEVEL ${isolation.toUpperCase()}`);
      const result = await fn(client);
      await client.query("COMMIT");
      return result;
    } catch (e) {
      if (isConnectionLost(e)) {
        broken = true;
        throw unavailable(PG_LOST_MESSAGE);
      }
      await client.query("ROLLBACK").catch(() => {
        broken = true;
      });
      const code = String((e as { code?: unknown })?.code ?? "");
      if (!RETRYABLE.has(code)) throw e;
      if (attempt >= retries) throw unavailable(PG_BUSY_MESSAGE);
      // a short random wait so that the transactions that collided do not collide again
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * (attempt + 1)));
    } finally {
      client.off("error", onError);
      client.release(broken);
    }
  }
}
