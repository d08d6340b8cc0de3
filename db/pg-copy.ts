/**
 * Copies a Fengqiao SQLite database into a PostgreSQL database that has the same schema (db/migrations-pg applied):
 * every row of every table in one PostgreSQL transaction, tables in foreign-key order (a table's references to
 * itself — units' parent and merged-into — filled in a second pass), flags turned from 0/1 into booleans, and each
 * identity sequence set past the largest id copied. Refuses a target that already holds records unless `replace`
 * (which empties it first). Issue 16, step 4 of README › Scale › PostgreSQL port; used by the tests to check that
 * real records fit the PostgreSQL schema value for value.
 *
 * Two ways to move the rows: batched INSERTs (the default; small databases and the tests), or `method: "copy"` for
 * a bench province (tens of millions of counter rows): in the same single transaction it sets aside every primary
 * key, unique constraint, index and foreign key of the public schema (keeping their definitions), streams each
 * table with `COPY … FROM STDIN (FREEZE)` over the same connection (text format written here, no extra package),
 * then builds the keys and indexes again and adds the foreign keys back — which checks every reference, the unit
 * tree's included, so no second pass is needed. Triggers stay on. Either way the result is the same rows.
 *
 * Command line: `npx tsx db/pg-copy.ts <sqlite file> <postgres://…> [--replace] [--copy] [--verify]` (migrates the
 * target first; `--copy` takes the COPY path, then VACUUM ANALYZE; `--verify` compares every table's row count).
 */
import path from "node:path";
import url from "node:url";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import pg from "pg";

type PgColumn = { name: string; type: string; identity: boolean };

async function pgTables(client: pg.ClientBase): Promise<Map<string, PgColumn[]>> {
  const r = await client.query<{ table_name: string; column_name: string; data_type: string; is_identity: string }>(
    `SELECT c.table_name, c.column_name, c.data_type, c.is_identity FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
     WHERE c.table_schema = 'public' ORDER BY c.table_name, c.ordinal_position`,
  );
  const out = new Map<string, PgColumn[]>();
  for (const row of r.rows) {
    if (!out.has(row.table_name)) out.set(row.table_name, []);
    out.get(row.table_name)!.push({ name: row.column_name, type: row.data_type, identity: row.is_identity === "YES" });
  }
  return out;
}

/** Tables so that each comes after the tables it references (references to itself aside). */
async function copyOrder(client: pg.ClientBase, tables: string[]): Promise<{ order: string[]; selfRefs: Map<string, string[]> }> {
  const r = await client.query<{ from_table: string; to_table: string; from_col: string }>(
    `SELECT t.relname AS from_table, ft.relname AS to_table, a.attname AS from_col
     FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     JOIN pg_class ft ON ft.oid = con.confrelid
     JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
     WHERE con.contype = 'f' AND n.nspname = 'public'`,
  );
  const deps = new Map(tables.map((t) => [t, new Set<string>()]));
  const selfRefs = new Map<string, string[]>();
  for (const fk of r.rows) {
    if (fk.from_table === fk.to_table) selfRefs.set(fk.from_table, [...(selfRefs.get(fk.from_table) ?? []), fk.from_col]);
    else deps.get(fk.from_table)?.add(fk.to_table);
  }
  const order: string[] = [];
  const left = new Set(tables);
  while (left.size) {
    const ready = [...left].filter((t) => [...deps.get(t)!].every((d) => !left.has(d))).sort();
    if (!ready.length) throw new Error(`foreign keys form a cycle among: ${[...left].join(", ")}`);
    for (const t of ready) {
      order.push(t);
      left.delete(t);
    }
  }
  return { order, selfRefs };
}

export type CopyResult = Record<string, number>;

// ---- the COPY path ---------------------------------------------------------------------------------------------------

/** One `COPY … FROM STDIN` on a node-postgres client (its Submittable protocol), fed by `chunks`, with backpressure. */
class CopyIn {
  private error: Error | null = null;
  private done = false;
  private settle!: { resolve: (rows: number) => void; reject: (e: Error) => void };
  private rows = 0;
  readonly promise: Promise<number>;
  constructor(
    readonly text: string,
    private readonly chunks: () => Iterable<string>,
  ) {
    this.promise = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
  }
  submit(connection: PgConnection) {
    connection.query(this.text);
  }
  handleCopyInResponse(connection: PgConnection) {
    void this.pump(connection);
  }
  private async pump(connection: PgConnection) {
    try {
      for (const chunk of this.chunks()) {
        if (this.error || this.done) return; // the server has already refused: it waits for nothing more
        connection.sendCopyFromChunk(Buffer.from(chunk, "utf8"));
        const stream = connection.stream;
        if (stream.writableNeedDrain) {
          // a connection lost mid-way never drains: stop waiting on its close or error too
          await new Promise<void>((r) => {
            const done = () => {
              for (const e of ["drain", "close", "error"]) stream.off(e, done);
              r();
            };
            for (const e of ["drain", "close", "error"]) stream.once(e, done);
          });
        }
        // a fast socket drains within the same tick: let timers and I/O (a closed connection) run between chunks
        await new Promise((r) => setImmediate(r));
        if (stream.destroyed) throw new Error("the connection to PostgreSQL was lost during COPY");
      }
      connection.endCopyFrom();
    } catch (e) {
      this.error ??= e instanceof Error ? e : new Error(String(e));
      if (connection.stream.destroyed) this.handleReadyForQuery();
      else connection.sendCopyFail(this.error.message);
    }
  }
  handleCommandComplete(msg: { text?: string }) {
    this.rows = Number(/COPY (\d+)/.exec(msg.text ?? "")?.[1] ?? 0);
  }
  handleError(err: Error) {
    // node-postgres lets go of a query at its error (the server's, or a lost connection): the ReadyForQuery that
    // follows a server error is the client's, which then runs the next query (the ROLLBACK)
    this.error ??= err;
    this.handleReadyForQuery();
  }
  handleReadyForQuery() {
    if (this.done) return;
    this.done = true;
    if (this.error) this.settle.reject(this.error);
    else this.settle.resolve(this.rows);
  }
  handleEmptyQuery() {}
  handleRowDescription() {}
  handleDataRow() {}
  handlePortalSuspended() {}
  handleCopyData() {}
}
type PgConnection = {
  query(text: string): void;
  sendCopyFromChunk(b: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(msg: string): void;
  stream: NodeJS.WritableStream & { writableNeedDrain: boolean; destroyed: boolean };
};

const COPY_SPECIAL = /[\\\t\n\r]/;
const copyText = (v: unknown, bool: boolean): string => {
  if (v === null || v === undefined) return "\\N";
  if (bool) return v === 1 || v === true || v === 1n ? "t" : "f";
  if (typeof v === "string") {
    return COPY_SPECIAL.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r")) : v;
  }
  if (Buffer.isBuffer(v)) return `\\\\x${v.toString("hex")}`;
  return String(v);
};

type Setaside = { kind: "key" | "index" | "fk"; table: string; name: string; ddl: string };

/** The public schema's keys, indexes and foreign keys, as the statements that make them again. */
async function setAside(client: pg.ClientBase): Promise<Setaside[]> {
  const cons = await client.query<{ table: string; name: string; contype: string; def: string }>(
    `SELECT c.relname AS table, con.conname AS name, con.contype, pg_get_constraintdef(con.oid) AS def
     FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND con.contype IN ('p', 'u', 'f') ORDER BY con.contype <> 'p', c.relname, con.conname`,
  );
  const idx = await client.query<{ table: string; name: string; def: string }>(
    `SELECT t.relname AS table, i.relname AS name, pg_get_indexdef(i.oid) AS def
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = x.indexrelid AND con.contype IN ('p', 'u', 'x'))
     ORDER BY t.relname, i.relname`,
  );
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  return [
    ...cons.rows.filter((c) => c.contype !== "f").map((c) => ({ kind: "key" as const, table: c.table, name: c.name, ddl: `ALTER TABLE ${q(c.table)} ADD CONSTRAINT ${q(c.name)} ${c.def}` })),
    ...idx.rows.map((i) => ({ kind: "index" as const, table: i.table, name: i.name, ddl: i.def })),
    ...cons.rows.filter((c) => c.contype === "f").map((c) => ({ kind: "fk" as const, table: c.table, name: c.name, ddl: `ALTER TABLE ${q(c.table)} ADD CONSTRAINT ${q(c.name)} ${c.def}` })),
  ];
}

async function copyFast(
  sqlite: Database.Database,
  client: pg.ClientBase,
  pgCols: Map<string, PgColumn[]>,
  order: string[],
  result: CopyResult,
  log: (line: string) => void,
) {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const t0 = performance.now();
  const secs = (t: number) => `${((performance.now() - t) / 1000).toFixed(1)} s`;
  const aside = await setAside(client);
  // foreign keys first (they depend on the keys), then the indexes, then the keys
  for (const a of aside.filter((x) => x.kind === "fk")) await client.query(`ALTER TABLE ${q(a.table)} DROP CONSTRAINT ${q(a.name)}`);
  for (const a of aside.filter((x) => x.kind === "index")) await client.query(`DROP INDEX ${q(a.name)}`);
  for (const a of aside.filter((x) => x.kind === "key")) await client.query(`ALTER TABLE ${q(a.table)} DROP CONSTRAINT ${q(a.name)}`);
  log(`set aside ${aside.length} keys, indexes and foreign keys`);
  for (const table of order) {
    const t = performance.now();
    const cols = pgCols.get(table)!;
    const names = cols.map((c) => c.name);
    const bools = cols.map((c) => c.type === "boolean");
    const stmt = sqlite.prepare(`SELECT ${names.map(q).join(", ")} FROM ${q(table)}`).raw(true);
    let read = 0;
    function* chunks() {
      let buf = "";
      for (const raw of stmt.iterate() as IterableIterator<unknown[]>) {
        let line = copyText(raw[0], bools[0]);
        for (let i = 1; i < raw.length; i++) line += "\t" + copyText(raw[i], bools[i]);
        buf += line + "\n";
        read++;
        if (buf.length >= 1 << 20) {
          yield buf;
          buf = "";
        }
      }
      if (buf) yield buf;
    }
    const copy = new CopyIn(`COPY ${q(table)} (${names.map(q).join(", ")}) FROM STDIN (FREEZE)`, chunks);
    client.query(copy as unknown as pg.QueryConfig);
    const n = await copy.promise;
    if (n !== read) throw new Error(`table ${table}: read ${read} rows from SQLite, PostgreSQL took ${n}`);
    for (const c of cols.filter((x) => x.identity)) {
      await client.query(`SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT max(${q(c.name)}) FROM ${q(table)}), 0) + 1, false)`, [`public.${q(table)}`, c.name]);
    }
    result[table] = n;
    if (n >= 100_000) log(`${table}: ${n.toLocaleString("en")} rows in ${secs(t)}`);
  }
  log(`rows copied in ${secs(t0)}`);
  for (const kind of ["key", "index", "fk"] as const) {
    const t = performance.now();
    for (const a of aside.filter((x) => x.kind === kind)) {
      const ta = performance.now();
      await client.query(a.ddl);
      if (performance.now() - ta > 10_000) log(`  ${a.name}: ${secs(ta)}`);
    }
    log(`${kind === "key" ? "primary keys and unique constraints" : kind === "index" ? "indexes" : "foreign keys (checked)"} in ${secs(t)}`);
  }
}

/** Copies every row of `sqlite` into the PostgreSQL database of `client`; returns the rows copied per table. */
export async function copySqliteToPostgres(
  sqlite: Database.Database,
  client: pg.ClientBase,
  opts: { replace?: boolean; method?: "insert" | "copy"; log?: (line: string) => void } = {},
): Promise<CopyResult> {
  const pgCols = await pgTables(client);
  const sqliteTables = (
    sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__drizzle_migrations'").all() as { name: string }[]
  ).map((t) => t.name);
  const onlySqlite = sqliteTables.filter((t) => !pgCols.has(t));
  const onlyPg = [...pgCols.keys()].filter((t) => !sqliteTables.includes(t));
  if (onlySqlite.length || onlyPg.length) {
    throw new Error(`the two schemas differ (migrate both to the same version): only in SQLite [${onlySqlite}], only in PostgreSQL [${onlyPg}]`);
  }
  for (const [table, cols] of pgCols) {
    const names = (sqlite.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name).sort();
    if (names.join() !== cols.map((c) => c.name).sort().join()) throw new Error(`table ${table} has other columns in SQLite than in PostgreSQL`);
  }
  const tables = [...pgCols.keys()];
  const { order, selfRefs } = await copyOrder(client, tables);
  const result: CopyResult = {};

  await client.query("BEGIN");
  try {
    // the migrations' own rows (the day counters' marker) do not count as data
    const held = await client.query(`SELECT (SELECT count(*) FROM units) + (SELECT count(*) FROM users) AS n`);
    if (Number(held.rows[0].n) > 0 && !opts.replace) throw new Error("the PostgreSQL database already holds units or users; pass replace to empty it first");
    await client.query(`TRUNCATE ${tables.map((t) => `"${t}"`).join(", ")} RESTART IDENTITY`);
    if (opts.method === "copy") {
      await copyFast(sqlite, client, pgCols, order, result, opts.log ?? (() => {}));
    } else for (const table of order) {
      const cols = pgCols.get(table)!;
      const later = new Set(selfRefs.get(table) ?? []);
      const bools = new Set(cols.filter((c) => c.type === "boolean").map((c) => c.name));
      const names = cols.map((c) => c.name);
      const perBatch = Math.max(1, Math.min(1000, Math.floor(60000 / names.length)));
      const pending: unknown[][] = [];
      const deferred: unknown[][] = [];
      const keyCols = later.size ? ["id"] : [];
      let count = 0;
      const flush = async () => {
        if (!pending.length) return;
        const params: unknown[] = [];
        const tuples = pending.map((row) => `(${row.map((v) => `$${params.push(v)}`).join(", ")})`);
        await client.query(`INSERT INTO "${table}" (${names.map((n) => `"${n}"`).join(", ")}) OVERRIDING SYSTEM VALUE VALUES ${tuples.join(", ")}`, params);
        pending.length = 0;
      };
      // read as it goes (a large table is never held whole); nothing else uses the SQLite connection meanwhile
      const rows = sqlite.prepare(`SELECT ${names.map((n) => `"${n}"`).join(", ")} FROM "${table}"`).raw(true).iterate() as IterableIterator<unknown[]>;
      for (const raw of rows) {
        const row = raw.map((v, i) => {
          const name = names[i];
          if (later.has(name)) return null;
          if (bools.has(name) && v !== null) return v === 1 || v === true;
          return v;
        });
        if (later.size) {
          const values = [...later].map((n) => raw[names.indexOf(n)]);
          if (values.some((v) => v !== null)) deferred.push([...keyCols.map((k) => raw[names.indexOf(k)]), ...values]);
        }
        pending.push(row);
        count++;
        if (pending.length >= perBatch) await flush();
      }
      await flush();
      const sets = [...later].map((n, i) => `"${n}" = $${i + 2}`).join(", ");
      for (const d of deferred) await client.query(`UPDATE "${table}" SET ${sets} WHERE id = $1`, d);
      for (const c of cols.filter((x) => x.identity)) {
        await client.query(
          `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT max("${c.name}") FROM "${table}"), 0) + 1, false)`,
          [`public."${table}"`, c.name],
        );
      }
      result[table] = count;
    }
    // the units' trigger bumped the unit tree's generation while they were copied: give it the source's value
    const hasGeneration = !!sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'unit_generation'`).get();
    if (pgCols.has("unit_generation") && hasGeneration) {
      await client.query(`DELETE FROM "unit_generation"`);
      for (const g of sqlite.prepare(`SELECT id, n FROM unit_generation`).all() as Array<{ id: number; n: number }>)
        await client.query(`INSERT INTO "unit_generation" ("id", "n") VALUES ($1, $2)`, [g.id, g.n]);
    }
    await client.query("COMMIT");
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  }
  return result;
}

async function main(argv: string[]) {
  const args = argv.filter((a) => !a.startsWith("--"));
  const replace = argv.includes("--replace");
  const method = argv.includes("--copy") ? "copy" : "insert";
  if (args.length !== 2) {
    console.error("用法 usage: npx tsx db/pg-copy.ts <SQLite 文件> <postgres://用户:密码@主机:端口/数据库> [--replace] [--copy] [--verify]");
    return 2;
  }
  const [file, target] = args;
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  const t00 = performance.now();
  const log = (line: string) => console.log(`[${((performance.now() - t00) / 1000).toFixed(0).padStart(5)} s] ${line}`);
  try {
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const { migrate } = await import("drizzle-orm/node-postgres/migrator");
    await migrate(drizzle({ client }), { migrationsFolder: path.resolve(process.cwd(), "db/migrations-pg") });
    const t0 = Date.now();
    const result = await copySqliteToPostgres(sqlite, client, { replace, method, log });
    const total = Object.values(result).reduce((a, b) => a + b, 0);
    console.log(`已复制 ${total} 行（${Object.keys(result).length} 张表，${((Date.now() - t0) / 1000).toFixed(1)} 秒）。Copied ${total} rows.`);
    if (method === "copy") {
      const t = performance.now();
      await client.query("VACUUM (ANALYZE)");
      log(`VACUUM (ANALYZE) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    if (argv.includes("--verify")) {
      let bad = 0;
      for (const table of Object.keys(result).sort()) {
        const a = (sqlite.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
        const b = Number((await client.query(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n);
        if (a !== b) bad++;
        console.log(`${a === b ? "  " : "≠ "}${table.padEnd(32)} ${String(a).padStart(12)} ${String(b).padStart(12)}`);
      }
      console.log(bad ? `行数不一致 ${bad} 张表。Row counts differ in ${bad} tables.` : "各表行数一致。Every table's row count is equal.");
      if (bad) return 1;
    }
    return 0;
  } finally {
    await client.end();
    sqlite.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === url.fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
