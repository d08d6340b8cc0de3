/** Which engine this test file runs on: PostgreSQL under tests/vitest.pg.config.ts, SQLite otherwise. */
export const onPostgres = /^postgres(ql)?:/i.test(process.env.DATABASE_URL ?? "");
export const onSqlite = !onPostgres;
