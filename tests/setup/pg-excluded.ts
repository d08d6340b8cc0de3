/**
 * Test files that do not run on PostgreSQL (tests/vitest.pg.config.ts), because what they test is SQLite itself.
 * Keep this list short: a file with a few SQLite-only tests among model tests stays in and marks those tests with
 * `it.skipIf(onPostgres)` (tests/setup/engine.ts).
 */
export const PG_EXCLUDED: ReadonlyArray<{ file: string; why: string }> = [
  { file: "app/utils/backup.server.test.ts", why: "backs up and restores the SQLite file (PostgreSQL: pg_dump, README › Scale)" },
  { file: "app/utils/db.server.test.ts", why: "SQLite's write lock held by another process, busy timeout and retry" },
  { file: "tests/unit/multiprocess.test.ts", why: "several processes over one SQLite file (on PostgreSQL with the port's step 2)" },
  { file: "tests/unit/postgres.test.ts", why: "the schema-parity test starts its own cluster and compares with a SQLite file" },
];
