/**
 * The few pieces of hand-written SQL whose best form differs between the engines (issue 16, part 2; the catalogue of
 * raw SQL sites on PostgreSQL). Everything else hand-written is one text valid on both engines; these exist because
 * SQLite's planner needs a hint that PostgreSQL's grammar has no place for, or because a SQLite partial index is only
 * used when a query repeats its predicate word for word.
 *
 * The engine is the process's database (`engineOf()` of getDb(): one process has one engine), decided when the
 * fragment is built — so build them per query, not once at module load (tests choose the database before the
 * first query, not before the import).
 */
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { engineOf, type Executor } from "./db.server";

export type Dialect = "sqlite" | "postgres";

/** The engine whose SQL is being written: the process's database. */
export function dialect(): Dialect {
  return engineOf();
}

/**
 * SQLite's index hint `INDEXED BY <index>` (after a table name and its alias); nothing on PostgreSQL, whose planner
 * takes no hints. `index` is a fixed identifier from the code, never user input.
 */
export function indexedBy(index: string): SQL {
  return dialect() === "sqlite" ? sql.raw(`INDEXED BY ${index}`) : sql``;
}

/**
 * A boolean column compared with a constant, in the form each engine's partial indexes were declared with: on
 * SQLite `col = 0|1` (db/schema.ts; `= false` or `NOT col` would not match the index predicate, and an `INDEXED BY`
 * on it would fail with "no query solution"), on PostgreSQL `col = false|true` (db/schema.pg.ts; a boolean is not
 * comparable with an integer there). `column` is a fixed column reference from the code.
 */
export function flagIs(column: string, value: boolean): SQL {
  return dialect() === "sqlite" ? sql.raw(`${column} = ${value ? 1 : 0}`) : sql.raw(`${column} = ${value ? "true" : "false"}`);
}

/**
 * An inner join of `table` on `on`, with SQLite's join-order hint when `force`: `CROSS JOIN <table> ON <on>` makes
 * SQLite visit the left table first. PostgreSQL allows no ON after CROSS JOIN (and its planner takes no hints), so
 * there, and without `force`, a plain `JOIN <table> ON <on>` — the same rows. SQLite's text stays what it was, so its
 * plans do too (moving the condition to WHERE changed one of them). `table` is a fixed table and alias from the code.
 */
export function crossJoin(table: string, on: SQL, force: boolean): SQL {
  return sql`${sql.raw(force && dialect() === "sqlite" ? "CROSS JOIN" : "JOIN")} ${sql.raw(table)} ON ${on}`;
}

/**
 * `left = right` with SQLite's "do not use an index on `right`" hint (`= +right`), so that SQLite walks the other
 * table's index (a list walking its date index). On PostgreSQL a plain equality: there the unary plus only hides the
 * join column from its planner, which then hash-joins a whole year of rows (a county's consultation list took
 * ~500 ms instead of ~20 ms in the 5M bench). `left` and `right` are column references from the code.
 */
export function joinSkippingIndexOn(left: SQL | SQLWrapper, right: SQL | SQLWrapper): SQL {
  return dialect() === "sqlite" ? sql`${left} = +${right}` : sql`${left} = ${right}`;
}

/**
 * Makes the current transaction wait for any other one that took the same `name`, until it ends: what SQLite's
 * immediate transactions (one writer at a time) give every read-then-write transaction. On SQLite nothing to do; on
 * PostgreSQL (read committed: two transactions may read the same rows, then both write from what they read) a
 * transaction-scoped advisory lock. Call first thing in the transaction. `name` is a fixed text from the code.
 */
export async function serializeWith(db: Executor, name: string): Promise<void> {
  if (engineOf(db) === "postgres") await db.run(sql`SELECT pg_advisory_xact_lock(hashtext(${name}))`);
}
