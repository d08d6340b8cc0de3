import path from "node:path";
import url from "node:url";
import Database from "better-sqlite3";

/** The SQLite file the server under test uses (the same path as tests/playwright.config.ts gives it). */
export const E2E_DB = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), `../.tmp/e2e-${Number(process.env.E2E_PORT ?? 3100)}.db`);

/** Opens the server's database beside it, for reading what was stored (or arranging what no page can, such as an old instant). */
export function withE2eDb<T>(fn: (db: Database.Database) => T, opts: { readonly?: boolean } = { readonly: true }): T {
  const db = new Database(E2E_DB, { readonly: opts.readonly ?? true, fileMustExist: true });
  db.pragma("busy_timeout = 30000");
  try {
    return fn(db);
  } finally {
    db.close();
  }
}
