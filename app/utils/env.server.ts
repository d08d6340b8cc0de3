import path from "node:path";
import { z } from "zod";
import { DEFAULT_DATABASE_URL, parseDatabaseUrl, postgresNotYetError } from "./database-url.server.js";

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
  if (target.engine === "postgres") throw postgresNotYetError(target);
  return target.file;
}

/** The directory of the embedded document store: DOCUMENTS_DIR, or `documents/` beside the database file. */
export function documentsDir(): string {
  const set = process.env.DOCUMENTS_DIR;
  if (set) return path.resolve(set);
  return path.join(path.dirname(path.resolve(databasePath())), "documents");
}

/** The largest upload in bytes (MAX_UPLOAD_MB, default 20). Read each time so tests may lower it. */
export function maxUploadBytes(): number {
  const mb = Number(process.env.MAX_UPLOAD_MB ?? 20);
  return Math.floor((Number.isFinite(mb) && mb > 0 ? mb : 20) * 1024 * 1024);
}
