import { z } from "zod";

const EnvSchema = z.object({
  NODE_ENV: z.enum(["production", "development", "test"]).default("development"),
  PORT: z.coerce.number().int().positive().default(3000),
  DATABASE_URL: z.string().default("db/fengqiao.db"),
  SESSION_SECRET: z.string().min(16).optional(),
  /** Set when the app runs behind a reverse proxy that sets X-Forwarded-*; see app/serve.js. */
  TRUST_PROXY: z.string().optional(),
  /** "1" forces Secure cookies even outside production (or "0" turns them off, e.g. plain-HTTP intranet). */
  SECURE_COOKIES: z.enum(["0", "1"]).optional(),
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

/** Path of the SQLite file: DATABASE_URL may be `file:./x.db` or a plain path. */
export function databasePath(url = process.env.DATABASE_URL ?? "db/fengqiao.db"): string {
  return url.replace(/^file:(\/\/)?/, "");
}
