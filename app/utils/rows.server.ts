/**
 * Plain row writes on the connection's reused prepared statements, for the hot paths of bulk writes (a history
 * import writes a million rows): drizzle builds the SQL of every query anew, which cost more than SQLite's own
 * work there. Same tables, same column names (drizzle's snake_case), same value mapping (booleans, JSON) as
 * drizzle's inserts; nothing else differs.
 */
import type Database from "better-sqlite3";
import { getTableColumns, getTableName, type Table } from "drizzle-orm";
import { toSnakeCase } from "drizzle-orm/casing";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { hasSqliteClient, rawGet, rawRun, type Executor } from "./db.server";

type Columns = Record<string, { mapToDriverValue(v: unknown): unknown; default?: unknown }>;

/** The better-sqlite3 connection under a database or transaction handle (SQLite only). */
export function clientOf(db: Executor): Database.Database {
  // a transaction's handle is the database itself (db.server's transaction())
  if (!hasSqliteClient(db)) throw new Error("a SQLite-only path was taken on PostgreSQL");
  return db.$client;
}

const tables = new Map<Table, { name: string; columns: Columns }>();
const sqlOf = new Map<string, string>();

function meta(table: Table) {
  let m = tables.get(table);
  if (!m) tables.set(table, (m = { name: getTableName(table), columns: getTableColumns(table) as unknown as Columns }));
  return m;
}

function args(columns: Columns, values: Record<string, unknown>, keys: string[]) {
  return keys.map((k) => {
    const v = values[k];
    return v == null ? null : columns[k].mapToDriverValue(v);
  });
}

function insertSql(table: Table, values: Record<string, unknown>) {
  const { name, columns } = meta(table);
  const keys = Object.keys(values).filter((k) => values[k] !== undefined && k in columns);
  const key = `i|${name}|${keys.join(",")}`;
  let sql = sqlOf.get(key);
  if (!sql) sqlOf.set(key, (sql = `INSERT INTO "${name}" (${keys.map((k) => `"${toSnakeCase(k)}"`).join(", ")}) VALUES (${keys.map(() => "?").join(", ")})`));
  return { sql, params: args(columns, values, keys) };
}

/** Inserts one row; its id. On either engine (PostgreSQL: `RETURNING id`). */
export async function insertRow<T extends SQLiteTable>(db: Executor, table: T, values: T["$inferInsert"]): Promise<number> {
  if (hasSqliteClient(db)) return insertRowSqlite(db, table, values);
  const { sql, params } = insertSql(table, values as Record<string, unknown>);
  return (await rawGet<{ id: number }>(db, `${sql} RETURNING "id"`, params))!.id;
}

/** Inserts one row on a SQLite connection, synchronously (the history import's bulk writer); its id. */
export function insertRowSqlite<T extends SQLiteTable>(db: Executor, table: T, values: T["$inferInsert"]): number {
  const { sql, params } = insertSql(table, values as Record<string, unknown>);
  return Number(clientOf(db).prepare(sql).run(...params).lastInsertRowid);
}

/** Sets columns of the row with this id. */
export async function updateRow<T extends SQLiteTable>(db: Executor, table: T, id: number, set: Partial<T["$inferInsert"]>) {
  const { name, columns } = meta(table);
  const v = set as Record<string, unknown>;
  const keys = Object.keys(v).filter((k) => v[k] !== undefined && k in columns);
  if (!keys.length) return;
  const key = `u|${name}|${keys.join(",")}`;
  let sql = sqlOf.get(key);
  if (!sql) sqlOf.set(key, (sql = `UPDATE "${name}" SET ${keys.map((k) => `"${toSnakeCase(k)}" = ?`).join(", ")} WHERE "id" = ?`));
  await rawRun(db, sql, [...args(columns, v, keys), id]);
}

/**
 * The whole row as the database holds it after inserting `values` with this id: the columns' defaults filled in
 * (`now` for timestamps). Built by a function made once per table whose object literal names every column: an
 * object given 40 properties one by one by computed key turns into a slow "dictionary" object in V8, and every
 * later copy of it (`{ ...row, path }`, each step's `{ ...record, ...set }`) took ten times as long (a city's
 * history import: a tenth of its time copying rows).
 */
export function rowAfterInsert<T extends SQLiteTable>(table: T, id: number, values: T["$inferInsert"], now: string): T["$inferSelect"] {
  let make = rowMakers.get(table);
  if (!make) {
    // each column's value when the insert leaves it out: its plain default, `now` for a SQL default (timestamps), else null
    const { columns } = meta(table);
    const fill = Object.entries(columns)
      .filter(([k]) => k !== "id")
      .map(([k, c]) => [k, c.default !== undefined && (typeof c.default !== "object" || c.default === null) ? c.default : c.default !== undefined ? NOW : null] as const);
    const defaults = fill.map(([, d]) => d);
    const body = fill
      .map(([k, d], i) => `${JSON.stringify(k)}: v[${JSON.stringify(k)}] !== undefined ? v[${JSON.stringify(k)}] : ${d === NOW ? "now" : `d[${i}]`}`)
      .join(",\n");
    const literal = new Function("d", `return (id, v, now) => ({ id,\n${body} });`) as (d: unknown[]) => (id: number, v: Record<string, unknown>, now: string) => Record<string, unknown>;
    rowMakers.set(table, (make = literal(defaults)));
  }
  return make(id, values as Record<string, unknown>, now) as T["$inferSelect"];
}
const NOW = Symbol("now");
const rowMakers = new Map<Table, (id: number, v: Record<string, unknown>, now: string) => Record<string, unknown>>();
