import path from "node:path";
import { z } from "zod";
import { DatabaseUrlError, DEFAULT_DATABASE_URL, parseDatabaseUrl } from "./database-url.server.js";

const EnvSchema = z.object({
  NODE_ENV: z.enum(["production", "development", "test"]).default("development"),
  PORT: z.coerce.number().int().positive().default(3000),
  DATABASE_URL: z.string().default("db/fengqiao.db"),
  SESSION_SECRET: z.string().min(16).optional(),
  /** Set when the app runs behind a reverse proxy that sets X-Forwarded-*; see app/serve.js. */
  TRUST_PROXY: z.string().optional(),
  /** "1" forces Secure cookies even outside production (or "0" turns them off, e.g. plain-HTTP intranet). */
  SECURE_COOKIES: z.enum(["0", "1"]).optional(),
  /** Where uploaded documents are kept (content-addressed by SHA-256); default: `documents/` beside the database. */
  DOCUMENTS_DIR: z.string().optional(),
  /** Largest document accepted, in megabytes. */
  MAX_UPLOAD_MB: z.coerce.number().positive().max(200).default(20),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;
export function getEnv(): Env {
  if (!cached) {
    const parsed = EnvSchema.safeParse(process.env);
    if (!parsed.success) {
      throw new Error(`Invalid environment: ${parsed.error.message}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/**
 * Path of the SQLite file: DATABASE_URL may be `file:./x.db` or a plain path. Anything else throws a
 * DatabaseUrlError with a Chinese and an English line (app/utils/database-url.server.js): an unknown scheme, a
 * malformed value, or a `postgres://` URL, which this version cannot run on yet.
 */
export function databasePath(url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL): string {
  const target = parseDatabaseUrl(url);
  if (target.engine === "postgres")
    throw new DatabaseUrlError(
      `此操作只适用于 SQLite 数据库文件，而 DATABASE_URL 指向 PostgreSQL（${target.shown}）：请用 PostgreSQL 自己的工具（pg_dump、pg_basebackup）。`,
      `This operation is for a SQLite database file, but DATABASE_URL points at PostgreSQL (${target.shown}): use PostgreSQL's own tools (pg_dump, pg_basebackup).`,
    );
  return target.file;
}

/** Which engine DATABASE_URL names ("sqlite" or "postgres"); throws DatabaseUrlError for a malformed value. */
export function databaseEngine(url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL): "sqlite" | "postgres" {
  return parseDatabaseUrl(url).engine;
}

/**
 * The directory of the embedded document store: DOCUMENTS_DIR, or `documents/` beside the SQLite file (on
 * PostgreSQL, which has no file: `db/documents` under the working directory, unless DOCUMENTS_DIR says otherwise).
 */
export function documentsDir(): string {
  const set = process.env.DOCUMENTS_DIR;
  if (set) return path.resolve(set);
  if (databaseEngine() === "postgres") return path.resolve("db/documents");
  return path.join(path.dirname(path.resolve(databasePath())), "documents");
}

/** The largest upload in bytes (MAX_UPLOAD_MB, default 20). Read each time so tests may lower it. */
export function maxUploadBytes(): number {
  const mb = Number(process.env.MAX_UPLOAD_MB ?? 20);
  return Math.floor((Number.isFinite(mb) && mb > 0 ? mb : 20) * 1024 * 1024);
}
