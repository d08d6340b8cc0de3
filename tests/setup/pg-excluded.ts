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
  // the demo seed (db/seed*.ts) writes through better-sqlite3's prepared statements in one SQLite transaction; a PostgreSQL
  // demo database is a seeded SQLite file copied with db/pg-copy.ts (`npx tsx db/pg-copy.ts <SQLite file> <postgres://…>`)
  { file: "db/seed.test.ts", why: "seeds the demo data through SQLite's bulk statements (PostgreSQL: a seeded file copied by db/pg-copy.ts)" },
  { file: "db/seed-mediation.test.ts", why: "the demo seed's disputes, written through SQLite's bulk statements (PostgreSQL: copied by db/pg-copy.ts)" },
  { file: "db/seed-legal-aid.test.ts", why: "the demo seed's legal aid, written through SQLite's bulk statements (PostgreSQL: copied by db/pg-copy.ts)" },
  { file: "tests/unit/drill-down.test.ts", why: "checks the report's drill-downs on the seeded demo data (seedDemo writes through SQLite only)" },
];
