/**
 * SQL capture for the PostgreSQL replay (tests/pg-replay/replay.test.ts): loaded as an extra setup file
 * (vitest.capture.config.ts), it records every distinct SQL text the SQLite test run prepares — through drizzle
 * (with its parameters; `raw` when no fields are selected: db.all(sql…), db.run(sql…)) and through better-sqlite3's
 * prepare (hand-written statements, no parameters) — as JSON lines in the file CAPTURE_SQL names.
 *
 *   CAPTURE_SQL=$PWD/tests/.tmp/capture.jsonl npx vitest run --config tests/pg-replay/vitest.capture.config.ts app/models app/utils
 *   CAPTURE_SQL=$PWD/tests/.tmp/capture.jsonl npx vitest run --config tests/pg-replay/vitest.replay.config.ts
 */
import { expect } from "vitest";
import fs from "node:fs";
import Database from "better-sqlite3";
import { BetterSQLiteSession } from "drizzle-orm/better-sqlite3/session";
const out = process.env.CAPTURE_SQL ?? "";
const seen = new Set<string>();
const record = (entry: Record<string, unknown>) => {
  const key = String(entry.sql);
  if (!out || seen.has(key)) return;
  seen.add(key);
  fs.appendFileSync(out, JSON.stringify(entry) + "\n");
};
const prepareQuery = BetterSQLiteSession.prototype.prepareQuery;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
(BetterSQLiteSession.prototype as any).prepareQuery = function (this: unknown, query: { sql: string; params: unknown[] }, fields: unknown, method: unknown, arr: unknown, mapper: unknown, ...rest: unknown[]) {
  record({ src: "drizzle", sql: query.sql, params: query.params, raw: !fields && !mapper, file: process.env.VITEST_TEST_FILE ?? expect.getState().testPath });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (prepareQuery as any).call(this, query, fields, method, arr, mapper, ...rest);
};
const prepare = Database.prototype.prepare;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
(Database.prototype as any).prepare = function (this: Database.Database, source: string) {
  if (!seen.has(source)) record({ src: "prepare", sql: source, file: expect.getState().testPath });
  return prepare.call(this, source);
};
