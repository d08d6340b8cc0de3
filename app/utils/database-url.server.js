// @ts-check
/**
 * What DATABASE_URL names (issue 16), read the same way by app/serve.js (plain JavaScript, before it starts) and by
 * the server code (app/utils/env.server.ts):
 * - a SQLite file: a plain path (`db/fengqiao.db`, the default) or `file:` + path;
 * - a PostgreSQL database: `postgres://user:password@host:port/database` (or `postgresql://`; a Unix socket
 *   directory as `?host=/var/run/postgresql`). The data layer is not yet ported (README › Scale), so such a URL
 *   stops the start with a message saying so — after the server was reached, so that a wrong host, port or password
 *   is told as such. Never a silent fallback to SQLite.
 * Anything else (an unknown scheme, a malformed URL, an empty value) stops the start with a message in Chinese and
 * English. A password is never shown.
 */

export const DEFAULT_DATABASE_URL = "db/fengqiao.db";

const FORMS_ZH = "可用的写法：SQLite 文件路径（如 db/fengqiao.db 或 file:db/fengqiao.db），或 postgres://用户:密码@主机:端口/数据库名。";
const FORMS_EN = "Accepted: a SQLite file path (db/fengqiao.db, file:db/fengqiao.db) or postgres://user:password@host:port/database.";

/** A DATABASE_URL that cannot be used; the message holds a Chinese and an English line. */
export class DatabaseUrlError extends Error {
  /** @param {string} zh @param {string} en */
  constructor(zh, en) {
    super(`${zh}\n${en}`);
    this.name = "DatabaseUrlError";
  }
}

/**
 * @typedef {{ engine: "sqlite", file: string }} SqliteTarget
 * @typedef {{ engine: "postgres", url: string, shown: string, host: string, port: number, database: string, user: string }} PostgresTarget
 */

/**
 * Reads DATABASE_URL (or the value given) without touching any database.
 * @param {string | undefined} [raw]
 * @returns {SqliteTarget | PostgresTarget}
 */
export function parseDatabaseUrl(raw = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL) {
  if (raw.trim() === "") {
    throw new DatabaseUrlError(`DATABASE_URL 为空。${FORMS_ZH}`, `DATABASE_URL is empty. ${FORMS_EN}`);
  }
  // a scheme has two letters or more (a one-letter one would be a drive letter)
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]+):/.exec(raw);
  if (!scheme) return { engine: "sqlite", file: raw };
  const name = scheme[1].toLowerCase();
  if (name === "file") {
    const file = raw.replace(/^file:(\/\/)?/i, "");
    if (file === "") throw new DatabaseUrlError(`DATABASE_URL（file:）缺少文件路径。${FORMS_ZH}`, `DATABASE_URL (file:) has no file path. ${FORMS_EN}`);
    return { engine: "sqlite", file };
  }
  if (name === "postgres" || name === "postgresql") return parsePostgres(raw);
  throw new DatabaseUrlError(
    `DATABASE_URL 的协议“${scheme[1]}:”不受支持。${FORMS_ZH}（路径中含冒号时请写成 file:路径。）`,
    `DATABASE_URL scheme "${scheme[1]}:" is not supported. ${FORMS_EN} (Write a path that holds a colon as file:path.)`,
  );
}

/**
 * @param {string} raw
 * @returns {PostgresTarget}
 */
function parsePostgres(raw) {
  /** @param {string} zh @param {string} en */
  const malformed = (zh, en) =>
    new DatabaseUrlError(
      `DATABASE_URL 不是有效的 PostgreSQL 地址：${zh}。正确写法：postgres://用户:密码@主机:端口/数据库名。`,
      `DATABASE_URL is not a valid PostgreSQL URL: ${en}. Expected postgres://user:password@host:port/database.`,
    );
  let u;
  try {
    u = new URL(raw);
  } catch {
    throw malformed("无法解析（检查端口是否为数字、特殊字符是否已按 URL 编码）", "it does not parse (is the port a number, are special characters URL-encoded?)");
  }
  const host = u.searchParams.get("host") || decodeURIComponent(u.hostname);
  if (!host) throw malformed("缺少主机名", "no host");
  const port = u.port ? Number(u.port) : 5432;
  let database;
  try {
    database = decodeURIComponent(u.pathname.replace(/^\//, ""));
  } catch {
    throw malformed("数据库名的编码有误", "the database name is wrongly encoded");
  }
  if (!database) throw malformed("缺少数据库名（地址末尾的 /数据库名）", "no database name (the /database at the end)");
  if (database.includes("/")) throw malformed(`数据库名“${database}”含有斜杠`, `the database name "${database}" holds a slash`);
  let user;
  try {
    user = decodeURIComponent(u.username);
  } catch {
    throw malformed("用户名的编码有误", "the user name is wrongly encoded");
  }
  const hostShown = host.startsWith("/") ? `[socket ${host}]` : host.includes(":") ? `[${host}]` : host;
  const shown = `postgres://${user ? `${user}@` : ""}${hostShown}:${port}/${database}`;
  return { engine: "postgres", url: raw, shown, host, port, database, user };
}

/** @param {string} s */
function safeDecode(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * The check made before the server starts: parses DATABASE_URL and, for PostgreSQL, connects once (DB_CONNECT_TIMEOUT_MS,
 * default 5 s) so that an unreachable server, a wrong password, a missing database or a version before 15 is told as
 * such. Throws DatabaseUrlError; returns the target.
 * @param {string | undefined} [raw]
 * @returns {Promise<SqliteTarget | PostgresTarget>}
 */
export async function checkDatabaseUrl(raw) {
  const target = parseDatabaseUrl(raw);
  if (target.engine === "sqlite") return target;
  const { default: pg } = await import("pg");
  const timeout = Number(process.env.DB_CONNECT_TIMEOUT_MS ?? "") || 5000;
  const client = new pg.Client({ connectionString: target.url, connectionTimeoutMillis: timeout });
  // an error event after a failed connect would otherwise be thrown at the process
  client.on("error", () => {});
  let versionNum = 0;
  try {
    await client.connect();
    const r = await client.query("SHOW server_version_num");
    versionNum = Number(r.rows[0]?.server_version_num ?? 0);
  } catch (e) {
    let reason = e instanceof Error ? e.message || String(/** @type {{ code?: string }} */ (e).code ?? e) : String(e);
    const password = safeDecode(new URL(target.url).password);
    if (password) reason = reason.split(password).join("***");
    throw new DatabaseUrlError(
      `无法连接 DATABASE_URL 指定的 PostgreSQL（${target.shown}）：${reason}。请检查主机、端口、用户名、密码和数据库名，以及数据库服务是否在运行。`,
      `Cannot connect to the PostgreSQL server of DATABASE_URL (${target.shown}): ${reason}. Check host, port, user, password and database name, and that the server is running.`,
    );
  } finally {
    await client.end().catch(() => {});
  }
  if (versionNum > 0 && versionNum < 150000) {
    throw new DatabaseUrlError(
      `DATABASE_URL 指向的 PostgreSQL（${target.shown}）版本过旧（${versionNum}），凤桥需要 PostgreSQL 15 或更高版本。`,
      `The PostgreSQL server of DATABASE_URL (${target.shown}) is too old (${versionNum}); Fengqiao needs PostgreSQL 15 or later.`,
    );
  }
  return target;
}
