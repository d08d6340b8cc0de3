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

export function openDatabase(file: string): DB {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  return drizzle({ client: sqlite, schema, casing: "snake_case" }) as DB;
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
