/**
 * The SQLite compatibility functions of db/migrations-pg/0006_sqlite-compat.sql (issue 16): on a throwaway
 * PostgreSQL cluster migrated with db/migrations-pg, each function gives SQLite's answer (better-sqlite3, in memory)
 * for the inputs the code passes and their edges — NULLs, month ends, the leap day, the China day of a UTC instant
 * ('+8 hours' across midnight, a month's and a year's end), invalid days — and refuses loudly what it does not
 * implement. Call sites: PG-SQL-CATALOGUE.md. Never skipped: without PostgreSQL it fails and says why.
 */
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startPgCluster, type PgCluster } from "../tests/setup/pg-cluster";

let cluster: PgCluster;
let client: pg.Client;
let lite: Database.Database;
let setupError: unknown;

beforeAll(async () => {
  try {
    cluster = startPgCluster();
    const admin = new pg.Client(cluster.config());
    await admin.connect();
    await admin.query("CREATE DATABASE compat");
    await admin.end();
    client = new pg.Client(cluster.config("compat"));
    await client.connect();
    await migrate(drizzle({ client }), { migrationsFolder: path.join(process.cwd(), "db/migrations-pg") });
    lite = new Database(":memory:");
  } catch (e) {
    // every test then fails with this message (a failed beforeAll would show them as skipped)
    setupError = e;
  }
});
beforeEach(() => {
  if (setupError) throw setupError;
});
afterAll(async () => {
  await client?.end();
  cluster?.stop();
  lite?.close();
});

/** A SQL literal for both engines. */
const lit = (v: string | number | null) => (v === null ? "NULL" : typeof v === "number" ? String(v) : `'${v.replace(/'/g, "''")}'`);

/** Each expression's value on both engines (bigint and numeric read as numbers). */
async function both(exprs: string[]) {
  const select = exprs.map((e, i) => `${e} AS v${i}`).join(", ");
  const a = lite.prepare(`SELECT ${select}`).get() as Record<string, unknown>;
  const b = (await client.query({ text: `SELECT ${select}`, types: { getTypeParser: numbersParser } })).rows[0] as Record<string, unknown>;
  // SQLite answers comparisons with 0/1
  const v = (x: unknown) => (typeof x === "boolean" ? Number(x) : x);
  return exprs.map((e, i) => ({ e, sqlite: a[`v${i}`], pg: v(b[`v${i}`]) }));
}

/** node-postgres' parsers, with int8 (20) and numeric (1700) read as numbers. */
function numbersParser(oid: number, format?: "text" | "binary") {
  if (oid === 20 || oid === 1700) return (v: string) => Number(v);
  return pg.types.getTypeParser(oid, format as "text");
}

async function expectSame(exprs: string[]) {
  const rows = await both(exprs);
  const differ = rows.filter((r) => !Object.is(r.sqlite, r.pg) && !(r.sqlite === r.pg));
  expect(differ, "PostgreSQL's answer differs from SQLite's").toEqual([]);
  return rows;
}

async function pgError(expr: string): Promise<string> {
  try {
    await client.query(`SELECT ${expr}`);
  } catch (e) {
    return (e as Error).message;
  }
  return "no error";
}

// ISO days and instants as the code stores them, and SQLite's edges of the time value syntax
const DAYS = ["2024-02-28", "2024-02-29", "2024-03-01", "2023-02-28", "2024-01-31", "2024-04-30", "2024-12-31", "2025-01-01", "2000-02-29", "1900-02-28", "1600-02-29", "1000-01-01", "9999-12-31"];
const INSTANTS = [
  "2026-12-01T03:15:05.123Z",
  "2024-01-31T15:59:59.999Z", // 23:59:59.999 in China: still the 31st
  "2024-01-31T16:00:00.000Z", // 00:00 in China: 1 February
  "2024-02-28T16:00:00.000Z", // the leap day in China
  "2024-02-29T15:59:59.999Z",
  "2024-02-29T16:00:00.000Z", // 1 March in China
  "2023-02-28T16:00:00.000Z", // 1 March in China (no leap day)
  "2024-12-31T16:00:00.000Z", // the new year in China
  "2024-12-31T15:59:59.999Z",
  "2024-06-30T23:59:59.9995Z", // rounds to the next millisecond, as SQLite does
  "2024-01-01 12:00:00.1235+08:00",
  "2024-01-01T12:00:00-05:30",
  "2024-01-01T12:00Z",
  "2024-01-01T12:00",
  "2024-01-01 12:00:07",
  "2024-01-01T24:00",
  "2024-01-01 ",
  "2024-01-01T",
];
const NOT_TIMES = ["2024-02-30", "2024-02-31", "2024-02-32", "2024-13-01", "2024-00-10", "2024-1-01", " 2024-01-01", "20240101", "2024-01-01T1:00", "2024-01-01T12:60", "2024-01-01T12:00:00.", "2024-01-01Z", "garbage", ""];
const OTHER = ["12:00", "12:30:15.5", "2460000.5", "0", "5373484.5", "5373485"];
const ALL = [...DAYS, ...INSTANTS, ...NOT_TIMES, ...OTHER];

describe("SQLite compatibility functions on PostgreSQL", () => {
  it("julianday(text): the same number for days, instants, offsets, invalid and out-of-range values and NULL", async () => {
    const rows = await expectSame([...ALL.map((t) => `julianday(${lit(t)})`), "julianday(NULL)"]);
    // the inputs exercise both answers
    expect(rows.filter((r) => r.sqlite === null).length).toBeGreaterThan(5);
    expect(rows.filter((r) => typeof r.sqlite === "number").length).toBeGreaterThan(30);
  });

  it("julianday differences as the data-quality checks use them (late entry in days, quick duplicates in minutes)", async () => {
    const pairs = [
      ["2024-01-31T16:00:00.000Z", "2024-01-20"],
      ["2024-03-01T02:00:00.000Z", "2024-02-22"],
      ["2026-12-01T03:15:05.123Z", "2026-11-24"],
    ];
    await expectSame(pairs.map(([at, day]) => `julianday(date(${lit(at)}, '+8 hours')) - julianday(${lit(day)})`));
    await expectSame([
      `abs(julianday('2024-05-01T02:03:04.567Z') - julianday('2024-05-01T02:08:04.566Z')) * 1440`,
      `abs(julianday('2024-05-01T02:03:04.567Z') - julianday('2024-05-01T02:08:04.567Z')) * 1440 <= 5`,
      `abs(julianday('2024-05-01T02:03:04.567Z') - julianday('2024-05-01T02:08:04.568Z')) * 1440 <= 5`,
    ]);
  });

  it("date(text, modifier): the China day of UTC instants across midnight, month ends, the leap day and the new year", async () => {
    const modifiers = ["+8 hours", "-8 hours", "+8 hour", "8 hours", "+8 HOURS", "+1 day", "-1 days", "+0.5 days", "+90 minutes", "-3600 seconds", "+28800 seconds", "+1.25 hours"];
    const exprs = [...DAYS, ...INSTANTS, ...NOT_TIMES, "12:00"].flatMap((t) => modifiers.map((m) => `date(${lit(t)}, ${lit(m)})`));
    const rows = await expectSame([...exprs, "date(NULL, '+8 hours')", "date('2024-01-01', NULL)"]);
    const china = (at: string) => rows.find((r) => r.e === `date(${lit(at)}, '+8 hours')`)?.pg;
    expect(china("2024-01-31T15:59:59.999Z")).toBe("2024-01-31");
    expect(china("2024-01-31T16:00:00.000Z")).toBe("2024-02-01");
    expect(china("2024-02-28T16:00:00.000Z")).toBe("2024-02-29");
    expect(china("2024-02-29T16:00:00.000Z")).toBe("2024-03-01");
    expect(china("2023-02-28T16:00:00.000Z")).toBe("2023-03-01");
    expect(china("2024-12-31T16:00:00.000Z")).toBe("2025-01-01");
    expect(china("2024-02-30")).toBe("2024-03-01"); // SQLite's normalisation of an impossible day, kept
  });

  it("date(): modifiers it does not implement are refused, never answered differently", async () => {
    for (const m of ["+1 month", "-1 years", "start of month", "start of day", "localtime", "utc", "weekday 0", "unixepoch", " +8 hours"]) {
      expect(await pgError(`date('2024-01-31', ${lit(m)})`), m).toMatch(/not supported/);
    }
    expect(await pgError(`date('now', '+8 hours')`)).toMatch(/only supported by strftime/);
    expect(await pgError(`julianday('now')`)).toMatch(/only supported by strftime/);
  });

  it("strftime(format, time): the same text for the formats the code uses and the common codes", async () => {
    const formats = ["%Y-%m-%dT%H:%M:%fZ", "%Y-%m-%d %H:%M:%S", "%Y%m", "%s", "%j", "%w", "100%%", "%H:%M:%f"];
    const exprs = [...DAYS, ...INSTANTS, ...NOT_TIMES.slice(0, 4), "12:30:15.5", "2460000.5"].flatMap((t) => formats.map((f) => `strftime(${lit(f)}, ${lit(t)})`));
    await expectSame([...exprs, "strftime(NULL, '2024-01-01')", "strftime('%Y', NULL)"]);
    expect(await pgError(`strftime('%W', '2024-01-01')`)).toMatch(/not supported/);
  });

  it("strftime(…, 'now'): the statement's time as SQLite writes instants (the default of created_at)", async () => {
    const fmt = "'%Y-%m-%dT%H:%M:%fZ'";
    const [{ sqlite, pg: p }] = await both([`strftime(${fmt}, 'now')`]);
    const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
    expect(sqlite).toMatch(iso);
    expect(p).toMatch(iso);
    expect(Math.abs(Date.parse(String(p)) - Date.now())).toBeLessThan(60_000);
    expect(Math.abs(Date.parse(String(p)) - Date.parse(String(sqlite)))).toBeLessThan(60_000);
    // the same value as the PostgreSQL schema's own default for instants
    const r = await client.query(`SELECT strftime(${fmt}, 'now') = to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS same`);
    expect(r.rows[0].same).toBe(true);
    // every row of one statement gets the same 'now', as in SQLite
    const many = await client.query(`SELECT count(DISTINCT strftime(${fmt}, 'now')) AS n FROM generate_series(1, 2000)`);
    expect(Number(many.rows[0].n)).toBe(1);
  });

  it("instr(text, text): 1-based character positions, 0 when absent, 1 for '', NULL for NULL, case-sensitive", async () => {
    const pairs: Array<[string | null, string | null]> = [
      ["abc", "b"], ["abc", "d"], ["abc", ""], ["", ""], ["", "a"], ["ABC", "b"], ["中文路", "路"], ["临猗县城关镇", "城关"],
      ["/1/4/12/", "/"], ["4/12/", "/"], ["aaa", "aa"], [null, "a"], ["a", null], [null, null],
    ];
    await expectSame(pairs.map(([h, n]) => `instr(${lit(h)}, ${lit(n)})`));
  });

  it("instr and date with parameters as the code binds them (node-postgres sends untyped text)", async () => {
    const q = "城关";
    const a = lite.prepare("SELECT instr(?, ?) AS i, instr(lower(?), lower(?)) AS j, date(?, '+8 hours') BETWEEN ? AND ? AS k").get("临猗县城关镇", q, "Admin.Li", "LI", "2024-01-31T16:00:00.000Z", "2024-02-01", "2024-02-29") as Record<string, unknown>;
    const b = (await client.query("SELECT instr($1, $2) AS i, instr(lower($3), lower($4)) AS j, date($5, '+8 hours') BETWEEN $6 AND $7 AS k", ["临猗县城关镇", q, "Admin.Li", "LI", "2024-01-31T16:00:00.000Z", "2024-02-01", "2024-02-29"])).rows[0];
    expect({ i: b.i, j: b.j, k: b.k ? 1 : 0 }).toEqual(a);
  });

  it("sum(boolean): SQLite's sum() of comparisons — counts the true rows, NULL for no row or only NULLs", async () => {
    // the same rows on both engines: SQLite keeps flags as 0/1, PostgreSQL as boolean
    const rows: Array<[number, string | null, number | null]> = [
      [1, "success", 1], [1, "failed", 0], [1, "success", null], [1, null, 1],
      [2, null, null], [2, null, null],
      [3, "failed", 0],
    ];
    lite.exec("CREATE TABLE t (g integer, status text, flag integer)");
    await client.query("CREATE TEMP TABLE t (g integer, status text, flag boolean)");
    for (const [g, s, f] of rows) {
      lite.prepare("INSERT INTO t VALUES (?, ?, ?)").run(g, s, f);
      await client.query("INSERT INTO t VALUES ($1, $2, $3)", [g, s, f === null ? null : f === 1]);
    }
    const queries = [
      "SELECT g, sum(status = 'success') AS a, coalesce(sum(status = 'success'), 0) AS b, sum(flag) AS c, coalesce(sum(status IN ('success', 'failed') AND g < 3), 0) AS d FROM t GROUP BY g ORDER BY g",
      "SELECT sum(status = 'success') AS a, coalesce(sum(flag), 0) AS b FROM t WHERE g = 99",
      "SELECT sum(flag) AS a, count(*) AS n FROM t",
    ];
    for (const q of queries) {
      const a = lite.prepare(q).all();
      const b = (await client.query({ text: q, types: { getTypeParser: numbersParser } })).rows;
      expect(b, q).toEqual(a);
    }
    // parallel-safe with a combine function: the same total from a parallel plan
    await client.query("SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0");
    await client.query("CREATE TABLE big AS SELECT (i % 3 = 0) AS x FROM generate_series(1, 200000) i");
    await client.query("ANALYZE big");
    const big = await client.query("SELECT sum(x) AS s FROM big");
    expect(Number(big.rows[0].s)).toBe(66666);
    await client.query("DROP TABLE big; RESET ALL");
  });

  it("declares the planner's facts: immutable and strict but strftime (stable: 'now'), parallel safe", async () => {
    const r = await client.query(`
      SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS f, p.provolatile AS v, p.proisstrict AS strict, p.proparallel AS par, p.prokind AS kind
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = 'public' AND p.proname IN ('instr', 'julianday', 'date', 'strftime', 'sum') ORDER BY 1`);
    expect(r.rows).toEqual([
      { f: "date(t text, modifier text)", v: "i", strict: true, par: "s", kind: "f" },
      { f: "instr(haystack text, needle text)", v: "i", strict: true, par: "s", kind: "f" },
      { f: "julianday(t text)", v: "i", strict: true, par: "s", kind: "f" },
      { f: "strftime(fmt text, t text)", v: "s", strict: true, par: "s", kind: "f" },
      { f: "sum(boolean)", v: "i", strict: false, par: "s", kind: "a" },
    ]);
  });
});
