/**
 * The tables of a migrated database as each engine reports them (SQLite: PRAGMA table_info / index_list /
 * index_info / foreign_key_list; PostgreSQL: information_schema and pg_catalog), brought to one shape, and the
 * differences between two of them in words (tests/unit/pg-schema.test.ts, issue 16).
 */
import type Database from "better-sqlite3";
import type pg from "pg";
import { getTableConfig, SQLiteBoolean, type SQLiteTable } from "drizzle-orm/sqlite-core";
import { getTableName, is, Table } from "drizzle-orm";
import { toSnakeCase } from "drizzle-orm/casing";
import * as sqliteSchema from "../../db/schema";

/** The storage class a column's values have, as both engines must agree on it. */
export type ColumnKind = "integer" | "bigint" | "boolean" | "text";
export type ColumnShape = { kind: ColumnKind; notNull: boolean; default: string | null; autoIncrement: boolean };
export type IndexShape = { unique: boolean; columns: string[]; where: string | null };
export type TableShape = {
  columns: Record<string, ColumnShape>;
  /** column order as declared */
  order: string[];
  primaryKey: string[];
  indexes: Record<string, IndexShape>;
  /** `from → table.to`, sorted */
  foreignKeys: string[];
};
export type SchemaShape = Record<string, TableShape>;

const NOW_ISO = "<now: ISO instant, UTC, milliseconds>";

/** A default as the engine reports it, in a form both engines share: casts, quotes of numbers and the now-instant. */
export function normaliseDefault(raw: string | null, kind: ColumnKind): string | null {
  if (raw === null) return null;
  let v = raw.trim();
  if (/strftime\('%Y-%m-%dT%H:%M:%fZ',\s*'now'\)/.test(v)) return NOW_ISO;
  if (/^to_char\(\(?now\(\) AT TIME ZONE 'UTC'(::text)?\)?, 'YYYY-MM-DD"T"HH24:MI:SS\.MS"Z"'(::text)?\)$/.test(v)) return NOW_ISO;
  v = v.replace(/::(text|integer|bigint|boolean|character varying)$/, "");
  while (/^\(.*\)$/.test(v)) v = v.slice(1, -1).trim();
  if (kind === "boolean") {
    if (v === "1" || v.toLowerCase() === "true") return "true";
    if (v === "0" || v.toLowerCase() === "false") return "false";
  }
  return v;
}

/**
 * A partial index's predicate in a form both engines share. PostgreSQL prints its own rendering (parentheses,
 * casts, `= ANY (ARRAY[…])` for IN, no table names); SQLite keeps the text it was given. Parentheses are dropped,
 * which is good enough for the simple conditions partial indexes carry (`voided_at IS NULL`, `status IN (…)`).
 */
export function normalisePredicate(raw: string | null, table: string): string | null {
  if (raw === null) return null;
  let v = raw.toLowerCase();
  v = v.replace(/[`"]/g, "");
  v = v.replace(new RegExp(`\\b${table}\\.`, "g"), "");
  v = v.replace(/::(text|integer|bigint|boolean|numeric|date|character varying)(\[\])?/g, "");
  // x = any (array['a', 'b']) → x in ('a', 'b')
  v = v.replace(/=\s*any\s*\(\s*array\s*\[([^\]]*)\]\s*\)/g, " in ($1)");
  v = v.replace(/<>\s*all\s*\(\s*array\s*\[([^\]]*)\]\s*\)/g, " not in ($1)");
  v = v.replace(/!=/g, "<>");
  v = v.replace(/=\s*true\b/g, "= 1").replace(/=\s*false\b/g, "= 0");
  v = v.replace(/[()]/g, " ");
  v = v.replace(/\s*,\s*/g, ",").replace(/\s+/g, " ").trim();
  return v;
}

/** Which SQLite columns drizzle treats as booleans (stored 0/1): from db/schema.ts. */
function sqliteBooleans(): Set<string> {
  const out = new Set<string>();
  for (const value of Object.values(sqliteSchema)) {
    if (!is(value, Table)) continue;
    const config = getTableConfig(value as SQLiteTable);
    for (const c of config.columns) if (is(c, SQLiteBoolean)) out.add(`${getTableName(value)}.${c.keyAsName ? toSnakeCase(c.name) : c.name}`);
  }
  return out;
}

/**
 * The PostgreSQL type a SQLite column must have: booleans for drizzle's boolean mode, bigint for money in fen and for
 * the summary counters' values (sums of fen), integer for other whole numbers, text for text.
 */
export function expectedPgKind(table: string, column: string, sqliteDeclared: string, booleans: Set<string>): ColumnKind {
  const t = sqliteDeclared.toLowerCase();
  if (t === "text") return "text";
  if (booleans.has(`${table}.${column}`)) return "boolean";
  if (column.endsWith("_fen") || (table.startsWith("stat_counters") && column === "value")) return "bigint";
  return "integer";
}

export function introspectSqlite(db: Database.Database): SchemaShape {
  const booleans = sqliteBooleans();
  const out: SchemaShape = {};
  const tables = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__drizzle_migrations' ORDER BY name")
    .all() as { name: string; sql: string }[];
  for (const { name: table, sql } of tables) {
    const cols = db.prepare(`PRAGMA table_info("${table}")`).all() as {
      name: string;
      type: string;
      notnull: number;
      dflt_value: string | null;
      pk: number;
    }[];
    const columns: Record<string, ColumnShape> = {};
    for (const c of cols) {
      const kind = expectedPgKind(table, c.name, c.type, booleans);
      const autoIncrement = c.pk === 1 && new RegExp(`[\`"]${c.name}[\`"] integer PRIMARY KEY AUTOINCREMENT`, "i").test(sql);
      columns[c.name] = { kind, notNull: c.notnull === 1 || c.pk > 0, default: normaliseDefault(c.dflt_value, kind), autoIncrement };
    }
    const primaryKey = cols
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name);
    const indexes: Record<string, IndexShape> = {};
    const list = db.prepare(`PRAGMA index_list("${table}")`).all() as { name: string; unique: number; origin: string; partial: number }[];
    for (const ix of list) {
      if (ix.origin === "pk") continue;
      const columnsOf = (db.prepare(`PRAGMA index_info("${ix.name}")`).all() as { seqno: number; name: string | null }[])
        .sort((a, b) => a.seqno - b.seqno)
        .map((c) => c.name ?? "<expression>");
      let where: string | null = null;
      if (ix.partial) {
        const row = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?").get(ix.name) as { sql: string };
        where = normalisePredicate(row.sql.replace(/^[\s\S]*?\bWHERE\b/i, ""), table);
      }
      indexes[ix.name] = { unique: ix.unique === 1, columns: columnsOf, where };
    }
    const fks = db.prepare(`PRAGMA foreign_key_list("${table}")`).all() as { table: string; from: string; to: string | null }[];
    const foreignKeys = fks.map((f) => `${f.from} → ${f.table}.${f.to ?? "<primary key>"}`).sort();
    out[table] = { columns, order: cols.map((c) => c.name), primaryKey, indexes, foreignKeys };
  }
  return out;
}

export async function introspectPg(client: pg.Client | pg.PoolClient, schema = "public"): Promise<SchemaShape> {
  const out: SchemaShape = {};
  const tables = await client.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name",
    [schema],
  );
  for (const { table_name: table } of tables.rows) {
    const cols = await client.query<{ column_name: string; data_type: string; is_nullable: string; column_default: string | null; is_identity: string }>(
      `SELECT column_name, data_type, is_nullable, column_default, is_identity FROM information_schema.columns
       WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
      [schema, table],
    );
    const columns: Record<string, ColumnShape> = {};
    for (const c of cols.rows) {
      const kind: ColumnKind =
        c.data_type === "integer" ? "integer" : c.data_type === "bigint" ? "bigint" : c.data_type === "boolean" ? "boolean" : c.data_type === "text" ? "text" : (c.data_type as ColumnKind);
      columns[c.column_name] = {
        kind,
        notNull: c.is_nullable === "NO",
        default: normaliseDefault(c.column_default, kind),
        autoIncrement: c.is_identity === "YES",
      };
    }
    const pk = await client.query<{ column_name: string }>(
      `SELECT k.column_name FROM information_schema.table_constraints t
       JOIN information_schema.key_column_usage k ON k.constraint_name = t.constraint_name AND k.table_schema = t.table_schema AND k.table_name = t.table_name
       WHERE t.table_schema = $1 AND t.table_name = $2 AND t.constraint_type = 'PRIMARY KEY' ORDER BY k.ordinal_position`,
      [schema, table],
    );
    const ix = await client.query<{ name: string; unique: boolean; columns: string[]; predicate: string | null }>(
      `SELECT c.relname AS name, i.indisunique AS unique,
         ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnkeyatts) AS k ORDER BY k) AS columns,
         pg_get_expr(i.indpred, i.indrelid, true) AS predicate
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE n.nspname = $1 AND t.relname = $2 AND NOT i.indisprimary ORDER BY c.relname`,
      [schema, table],
    );
    const indexes: Record<string, IndexShape> = {};
    for (const r of ix.rows) {
      indexes[r.name] = { unique: r.unique, columns: r.columns.map((c) => c.replace(/^"(.*)"$/, "$1")), where: normalisePredicate(r.predicate, table) };
    }
    const fk = await client.query<{ from_col: string; to_table: string; to_col: string }>(
      `SELECT a.attname AS from_col, ft.relname AS to_table, fa.attname AS to_col
       FROM pg_constraint con
       JOIN pg_class t ON t.oid = con.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_class ft ON ft.oid = con.confrelid
       CROSS JOIN LATERAL unnest(con.conkey, con.confkey) AS k(from_num, to_num)
       JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.from_num
       JOIN pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = k.to_num
       WHERE con.contype = 'f' AND n.nspname = $1 AND t.relname = $2`,
      [schema, table],
    );
    out[table] = {
      columns,
      order: cols.rows.map((c) => c.column_name),
      primaryKey: pk.rows.map((r) => r.column_name),
      indexes,
      foreignKeys: fk.rows.map((r) => `${r.from_col} → ${r.to_table}.${r.to_col}`).sort(),
    };
  }
  return out;
}

/** Every difference between the two, one sentence each; empty when the schemas correspond. */
export function compareSchemas(sqlite: SchemaShape, pgShape: SchemaShape): string[] {
  const diffs: string[] = [];
  const names = [...new Set([...Object.keys(sqlite), ...Object.keys(pgShape)])].sort();
  for (const table of names) {
    const a = sqlite[table];
    const b = pgShape[table];
    if (!a || !b) {
      diffs.push(`table ${table}: only in ${a ? "SQLite" : "PostgreSQL"}`);
      continue;
    }
    for (const col of [...new Set([...a.order, ...b.order])]) {
      const x = a.columns[col];
      const y = b.columns[col];
      if (!x || !y) {
        diffs.push(`column ${table}.${col}: only in ${x ? "SQLite" : "PostgreSQL"}`);
        continue;
      }
      for (const key of ["kind", "notNull", "default", "autoIncrement"] as const) {
        if (x[key] !== y[key]) diffs.push(`column ${table}.${col}: ${key} is ${JSON.stringify(x[key])} in SQLite, ${JSON.stringify(y[key])} in PostgreSQL`);
      }
    }
    // column order is not compared: SQLite's ALTER TABLE … ADD appends, while a fresh PostgreSQL table has the declared order
    if (a.primaryKey.join() !== b.primaryKey.join()) diffs.push(`table ${table}: primary key (${a.primaryKey}) in SQLite, (${b.primaryKey}) in PostgreSQL`);
    for (const ix of [...new Set([...Object.keys(a.indexes), ...Object.keys(b.indexes)])].sort()) {
      const x = a.indexes[ix];
      const y = b.indexes[ix];
      if (!x || !y) {
        diffs.push(`index ${ix} on ${table}: only in ${x ? "SQLite" : "PostgreSQL"}`);
        continue;
      }
      if (x.unique !== y.unique) diffs.push(`index ${ix}: unique in ${x.unique ? "SQLite" : "PostgreSQL"} only`);
      if (x.columns.join() !== y.columns.join()) diffs.push(`index ${ix}: columns (${x.columns}) in SQLite, (${y.columns}) in PostgreSQL`);
      if (x.where !== y.where) diffs.push(`index ${ix}: WHERE ${x.where} in SQLite, WHERE ${y.where} in PostgreSQL`);
    }
    const fa = a.foreignKeys.join("; ");
    const fb = b.foreignKeys.join("; ");
    if (fa !== fb) diffs.push(`table ${table}: foreign keys [${fa}] in SQLite, [${fb}] in PostgreSQL`);
  }
  return diffs;
}
