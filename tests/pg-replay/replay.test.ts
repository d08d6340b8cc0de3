/**
 * Replays the SQL a SQLite test run prepared (captured by tests/pg-replay/capture-setup.ts into CAPTURE_SQL) on a
 * throwaway PostgreSQL migrated with db/migrations-pg, as the PostgreSQL engine (app/utils/pg-engine.server.ts)
 * would send it: `?` numbered, bare ON CONFLICT targets, and in a drizzle INSERT's VALUES the SQLite default
 * (`strftime(…)`) and the `null` of a column given no value as DEFAULT. Each statement is only planned (EXPLAIN),
 * never run: what PostgreSQL refuses to parse or type-check is listed, grouped by message, and written with the
 * place of the error to <CAPTURE_SQL>.failures.json. Hand-written statements are planned with NULL parameters.
 * Not part of `npm test` (its own config): a tool for the port.
 */
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { it } from "vitest";
import { toPgPlaceholders } from "../../app/utils/pg-engine.server";
import { startPgCluster } from "../setup/pg-cluster";

type Entry = { src: string; sql: string; params?: unknown[]; raw?: boolean; file: string };

function pgInsert(text: string): string {
  if (!/^insert into/i.test(text.trim())) return text;
  const start = text.indexOf(" values (");
  if (start < 0) return text;
  let end = text.length;
  for (const m of [" on conflict", " returning "]) {
    const i = text.indexOf(m, start);
    if (i >= 0 && i < end) end = i;
  }
  const region = text
    .slice(start, end)
    .split("(strftime('%Y-%m-%dT%H:%M:%fZ','now'))")
    .join("default")
    .replace(/\bnull\b/g, "default");
  return text.slice(0, start) + region + text.slice(end);
}

it("replays the captured SQL on PostgreSQL (EXPLAIN)", async () => {
  const file = process.env.CAPTURE_SQL;
  if (!file) throw new Error("CAPTURE_SQL names the captured file (tests/pg-replay/capture-setup.ts)");
  const lines = fs.readFileSync(file, "utf8").trim().split("\n");
  const seen = new Set<string>();
  const entries: Entry[] = [];
  for (const l of lines) {
    const e = JSON.parse(l) as Entry;
    if (seen.has(e.sql)) continue;
    seen.add(e.sql);
    entries.push(e);
  }
  const cluster = startPgCluster();
  const admin = new pg.Client(cluster.config());
  await admin.connect();
  await admin.query("CREATE DATABASE f");
  const c = new pg.Client(cluster.config("f"));
  await c.connect();
  await migrate(drizzle({ client: c }), { migrationsFolder: "db/migrations-pg" });
  const failures: Record<string, unknown>[] = [];
  let tried = 0;
  let skipped = 0;
  for (const e of entries) {
    const t = e.sql.trim();
    if (!/^(select|insert|update|delete|with)\b/i.test(t) || /__drizzle_migrations|sqlite_master|sqlite_schema|pragma/i.test(t)) {
      skipped++;
      continue;
    }
    const text0 = e.src === "drizzle" ? pgInsert(e.sql) : e.sql;
    const { text, count } = toPgPlaceholders(text0);
    const params = e.src === "drizzle" && e.params && e.params.length === count ? e.params : Array.from({ length: count }, () => null);
    tried++;
    try {
      await c.query({ text: "EXPLAIN " + text, values: params as unknown[] });
    } catch (err) {
      const x = err as { message: string; code?: string; position?: string };
      const pos = Number(x.position ?? 0) - 1 - "EXPLAIN ".length;
      failures.push({ message: x.message, code: x.code, src: e.src, raw: e.raw, file: path.basename(e.file ?? ""), at: pos >= 0 ? text.slice(Math.max(0, pos - 150), pos + 80) : "", sql: text.slice(0, 400) });
    }
  }
  fs.writeFileSync(`${file}.failures.json`, JSON.stringify(failures, null, 1));
  const groups = new Map<string, number>();
  for (const f of failures) {
    const k = `${f.src}${f.raw ? "/raw" : ""}: ${String(f.message).replace(/"[^"]*"/g, '"…"').replace(/\$\d+/g, "$n")}`;
    groups.set(k, (groups.get(k) ?? 0) + 1);
  }
  console.log(`entries ${entries.length}, tried ${tried}, skipped ${skipped}, failed ${failures.length}`);
  for (const [k, n] of [...groups].sort((a, b) => b[1] - a[1])) console.log(String(n).padStart(4), k);
  await c.end();
  await admin.end();
  cluster.stop();
});
