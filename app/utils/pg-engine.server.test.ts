/**
 * The query-builder code on PostgreSQL through drizzle's sqlite-proxy (app/utils/pg-engine.server.ts), on a
 * throwaway cluster (tests/setup/pg-cluster.ts) migrated with db/migrations-pg: the SQLite table objects of
 * db/schema.ts, every construct the models use, transactions in an AsyncLocalStorage, and a lost connection.
 * Never skipped: without PostgreSQL it fails and says why.
 */
import { performance } from "node:perf_hooks";
import pg from "pg";
import { and, asc, between, count, desc, eq, exists, getTableColumns, inArray, isNull, like, max, min, ne, or, sql, sum } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, consultations, statCounters, units, users } from "../../db/schema";
import { openPgEngine, toPgPlaceholders, withPgDefaults, type PgEngine } from "./pg-engine.server";
import { PG_LOST_MESSAGE } from "./pg.server";
import { startPgCluster, type PgCluster } from "../../tests/setup/pg-cluster";

let cluster: PgCluster;
let engine: PgEngine;
let admin: pg.Client;
let setupError: unknown;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

beforeAll(async () => {
  try {
    cluster = startPgCluster();
    admin = new pg.Client(cluster.config());
    await admin.connect();
    await admin.query("CREATE DATABASE fengqiao");
    engine = openPgEngine(cluster.url("fengqiao"), { max: 6 });
    await engine.migrate();
  } catch (e) {
    // every test then fails with this message (a failed beforeAll would show them as skipped)
    setupError = e;
  }
});
beforeEach(() => {
  if (setupError) throw setupError;
});
afterAll(async () => {
  await engine?.close();
  await admin?.end();
  cluster?.stop();
});

/** A county with two townships, and a user in each. */
async function tree(code: string) {
  const { db } = engine;
  const [county] = await db
    .insert(units)
    .values({ code, name: `${code}县`, level: "county", type: "county", path: "/tmp/", depth: 2, activeFrom: "2024-01-01" })
    .returning();
  await db.update(units).set({ path: `/${county.id}/` }).where(eq(units.id, county.id));
  const towns = await db
    .insert(units)
    .values(
      [1, 2].map((i) => ({
        code: `${code}-${i}`,
        name: `${code}镇${i}`,
        shortName: i === 1 ? `镇${i}` : undefined,
        level: "township",
        type: "township",
        parentId: county.id,
        path: `/${county.id}/t${i}/`,
        depth: 3,
        sortOrder: i === 2 ? 5 : undefined,
        activeFrom: "2024-01-01",
      })),
    )
    .returning({ id: units.id, sortOrder: units.sortOrder, shortName: units.shortName });
  const people = await db
    .insert(users)
    .values([
      { username: `${code}-a`, displayName: "甲", passwordHash: "x", role: "county_admin", unitId: county.id },
      { username: `${code}-b`, displayName: "乙", passwordHash: "x", role: "mediator", unitId: towns[0].id, active: false, mustChangePassword: true },
    ])
    .returning();
  return { county: { ...county, path: `/${county.id}/` }, towns, people };
}

describe("placeholders", () => {
  it("numbers ? outside literals, quoted identifiers and comments", () => {
    expect(toPgPlaceholders(`select "a?" , '?''?' , ? from t where x = ? -- ?\n and y = ?/* ? */`)).toEqual({
      text: `select "a?" , '?''?' , $1 from t where x = $2 -- ?\n and y = $3/* ? */`,
      count: 3,
    });
    expect(toPgPlaceholders(`insert into "t" ("a", "b") values (?, ?) on conflict ("t"."a", "t"."b") do update set "b" = "t"."b" + excluded."b"`).text).toBe(
      `insert into "t" ("a", "b") values ($1, $2) on conflict ("a", "b") do update set "b" = "t"."b" + excluded."b"`,
    );
    expect(toPgPlaceholders("select 1")).toEqual({ text: "select 1", count: 0 });
  });
});

describe("pg engine over the SQLite table objects", () => {
  it("migrates (again: nothing to do) and inserts … returning with the identity id and the SQL defaults", async () => {
    await engine.migrate();
    const { county, towns, people } = await tree("e1");
    expect(county.id).toBeGreaterThan(0);
    expect(county).toMatchObject({ sortOrder: 0, shortName: null, parentId: null, activeTo: null });
    expect(county.createdAt).toMatch(ISO);
    expect(county.updatedAt).toMatch(ISO);
    expect(Math.abs(Date.parse(county.createdAt) - Date.now())).toBeLessThan(120_000);
    // multi-row: a value given in one row only; the other gets the default
    expect(towns.map((t) => [t.sortOrder, t.shortName])).toEqual([
      [0, "镇1"],
      [5, null],
    ]);
    expect(towns[1].id).toBe(towns[0].id + 1);
    // boolean flags: defaults and given values read back as booleans
    expect(people.map((p) => [p.active, p.mustChangePassword])).toEqual([
      [true, false],
      [false, true],
    ]);
  });

  it("renders DEFAULT for a column given no value, and binds a given null", () => {
    const q = engine.db
      .insert(units)
      .values([
        { code: "q", name: "q", level: "county", type: "county", path: "/q/", depth: 2, activeFrom: "2024-01-01", parentId: null },
      ])
      .toSQL();
    expect(q.sql).toBe(
      'insert into "units" ("id", "code", "name", "short_name", "level", "type", "parent_id", "path", "depth", "sort_order", "active_from", "active_to", "merged_into_id", "population", "pinyin", "pinyin_initials", "created_at", "updated_at") values (default, ?, ?, default, ?, ?, ?, ?, ?, default, ?, default, default, default, default, default, default, default)',
    );
    expect(q.params).toEqual(["q", "q", "county", "county", null, "/q/", 2, "2024-01-01"]);
    // INSERT … SELECT is left alone
    const config = { table: units, values: {}, select: true };
    expect(withPgDefaults(config)).toBe(config);
  });

  it("selects with where, and, inArray, like, joins, orderBy, limit and offset", async () => {
    const { county, towns, people } = await tree("e2");
    const { db } = engine;
    const found = await db
      .select({ id: units.id, name: units.name })
      .from(units)
      .where(and(inArray(units.id, [county.id, ...towns.map((t) => t.id)]), like(units.path, `/${county.id}/%`), eq(units.level, "township")))
      .orderBy(desc(units.sortOrder), asc(units.id));
    expect(found.map((u) => u.id)).toEqual([towns[1].id, towns[0].id]);
    expect(await db.select().from(units).where(inArray(units.id, []))).toEqual([]);

    const parent = alias(units, "parent");
    const joined = await db
      .select({ user: users.username, unit: units.name, parent: parent.name, active: users.active })
      .from(users)
      .innerJoin(units, eq(units.id, users.unitId))
      .leftJoin(parent, eq(parent.id, units.parentId))
      .where(inArray(users.id, people.map((p) => p.id)))
      .orderBy(users.username);
    expect(joined).toEqual([
      { user: "e2-a", unit: "e2县", parent: null, active: true },
      { user: "e2-b", unit: "e2镇1", parent: "e2县", active: false },
    ]);

    const page = await db.select({ code: units.code }).from(units).where(like(units.code, "e2%")).orderBy(units.code).limit(2).offset(1);
    expect(page).toEqual([{ code: "e2-1" }, { code: "e2-2" }]);
    const offsetOnly = await db.select({ code: units.code }).from(units).where(like(units.code, "e2%")).orderBy(units.code).offset(2);
    expect(offsetOnly).toEqual([{ code: "e2-2" }]);
    // a sub-query as a table
    const sq = db.select({ unitId: users.unitId, n: count().as("n") }).from(users).groupBy(users.unitId).as("sq");
    const perUnit = await db.select({ name: units.name, n: sq.n }).from(units).innerJoin(sq, eq(sq.unitId, units.id)).where(like(units.code, "e2%")).orderBy(units.name);
    expect(perUnit).toEqual([
      { name: "e2县", n: 1 },
      { name: "e2镇1", n: 1 },
    ]);
  });

  it("counts and sums as numbers (count(*) is bigint, sum(bigint) numeric in PostgreSQL)", async () => {
    const { county, towns } = await tree("e3");
    const { db } = engine;
    const [{ n }] = await db.select({ n: count() }).from(units).where(like(units.path, `/${county.id}/%`));
    expect(n).toBe(3);
    const raw = await db.select({ n: sql<number>`count(*)` }).from(units).where(like(units.path, `/${county.id}/%`)).get();
    expect(raw).toEqual({ n: 3 });
    expect(await db.$count(units, like(units.path, `/${county.id}/%`))).toBe(3);
    const big = 2 ** 40;
    await db.insert(statCounters).values([
      { unitId: towns[0].id, month: 202401, indicator: "amount", value: big },
      { unitId: towns[1].id, month: 202401, indicator: "amount", value: 7 },
    ]);
    const where = and(inArray(statCounters.unitId, towns.map((t) => t.id)), eq(statCounters.indicator, "amount"));
    // drizzle's sum() reads as a string on every engine (SQLite too)
    expect(await db.select({ s: sum(statCounters.value) }).from(statCounters).where(where)).toEqual([{ s: String(big + 7) }]);
    expect(await db.select({ s: sql<number>`sum(${statCounters.value})`, a: sql<number>`avg(${statCounters.value})` }).from(statCounters).where(where)).toEqual([
      { s: big + 7, a: (big + 7) / 2 },
    ]);
    const [row] = await db.select().from(statCounters).where(eq(statCounters.unitId, towns[0].id));
    expect(row.value).toBe(big);
  });

  it("round-trips boolean flags and JSON columns", async () => {
    const { county, people } = await tree("e4");
    const { db } = engine;
    const inactive = await db.select({ id: users.id }).from(users).where(and(eq(users.active, false), eq(users.unitId, people[1].unitId)));
    expect(inactive).toEqual([{ id: people[1].id }]);
    await db.update(users).set({ active: true, mustChangePassword: false }).where(eq(users.id, people[1].id));
    expect(await db.select({ active: users.active, must: users.mustChangePassword }).from(users).where(eq(users.id, people[1].id)).get()).toEqual({ active: true, must: false });
    // raw SQL reads a flag as SQLite does: 1/0
    expect(await db.get(sql`select active, must_change_password from users where id = ${people[1].id}`)).toEqual({ active: 1, must_change_password: 0 });

    const before = { name: "旧", tags: ["a", "b"], n: 1, nested: { ok: true, none: null } };
    const [entry] = await db
      .insert(auditLog)
      .values({ userId: people[0].id, action: "update", entity: "unit", entityId: String(county.id), unitId: county.id, before, after: "text?" })
      .returning();
    expect(entry.before).toEqual(before);
    expect(entry.after).toBe("text?");
    expect(entry.at).toMatch(ISO);
    const text = await db.get<{ before: string }>(sql`select before from audit_log where id = ${entry.id}`);
    expect(text?.before).toBe(JSON.stringify(before));
    const nullJson = await db.insert(auditLog).values({ action: "x", entity: "unit", before: null }).returning({ before: auditLog.before, after: auditLog.after }).get();
    expect(nullJson).toEqual({ before: null, after: null });
  });

  it("upserts: onConflictDoUpdate with excluded, onConflictDoNothing", async () => {
    const { towns } = await tree("e5");
    const { db } = engine;
    const key = { unitId: towns[0].id, month: 202402, indicator: "consultations", dim: "" };
    const add = (value: number) =>
      db
        .insert(statCounters)
        .values({ ...key, value })
        .onConflictDoUpdate({
          target: [statCounters.unitId, statCounters.month, statCounters.indicator, statCounters.dim],
          set: { value: sql`${statCounters.value} + excluded.value` },
        })
        .returning({ value: statCounters.value })
        .get();
    expect(await add(3)).toEqual({ value: 3 });
    expect(await add(4)).toEqual({ value: 7 });
    // with a where on the update
    await db
      .insert(statCounters)
      .values({ ...key, value: 100 })
      .onConflictDoUpdate({ target: [statCounters.unitId, statCounters.month, statCounters.indicator, statCounters.dim], set: { value: sql`excluded.value` }, setWhere: sql`${statCounters.value} > 1000` });
    const nothing = await db.insert(statCounters).values({ ...key, value: 1 }).onConflictDoNothing().returning();
    expect(nothing).toEqual([]);
    const targeted = await db
      .insert(statCounters)
      .values([{ ...key, value: 1 }, { ...key, dim: "x", value: 2 }])
      .onConflictDoNothing({ target: [statCounters.unitId, statCounters.month, statCounters.indicator, statCounters.dim] })
      .run();
    expect(targeted.changes).toBe(1);
    const rows = await db.select({ dim: statCounters.dim, value: statCounters.value }).from(statCounters).where(eq(statCounters.unitId, towns[0].id)).orderBy(statCounters.dim);
    expect(rows).toEqual([
      { dim: "", value: 7 },
      { dim: "x", value: 2 },
    ]);
  });

  it("updates … returning, deletes, run() gives changes, get() of no row is undefined", async () => {
    const { county, people } = await tree("e6");
    const { db } = engine;
    const consultation = {
      unitId: county.id,
      date: "2024-03-01",
      channel: "visit",
      topic: "family",
      answeredBy: "张三",
      nextStep: "none",
      createdById: people[0].id,
    };
    const made = await db.insert(consultations).values([consultation, { ...consultation, persons: 3, summary: "问?" }]).returning();
    expect(made.map((c) => [c.persons, c.summary, c.version, c.categories])).toEqual([
      [1, "", 1, ""],
      [3, "问?", 1, ""],
    ]);
    const updated = await db
      .update(consultations)
      .set({ version: sql`${consultations.version} + 1`, updatedById: people[1].id, updatedAt: new Date().toISOString() })
      .where(and(eq(consultations.id, made[0].id), eq(consultations.version, 1)))
      .returning({ id: consultations.id, version: consultations.version });
    expect(updated).toEqual([{ id: made[0].id, version: 2 }]);
    const stale = await db.update(consultations).set({ summary: "x" }).where(and(eq(consultations.id, made[0].id), eq(consultations.version, 1))).run();
    expect(stale.changes).toBe(0);
    const touched = await db.update(consultations).set({ summary: "y" }).where(eq(consultations.unitId, county.id)).run();
    expect(touched.changes).toBe(2);
    const raw = await db.run(sql`update consultations set summary = ${"z"} where unit_id = ${county.id} and summary <> '?'`);
    expect(raw.changes).toBe(2);
    const gone = await db.delete(consultations).where(eq(consultations.id, made[1].id)).returning({ id: consultations.id });
    expect(gone).toEqual([{ id: made[1].id }]);
    expect((await db.delete(consultations).where(eq(consultations.id, made[1].id)).run()).changes).toBe(0);
    expect(await db.select().from(consultations).where(eq(consultations.id, made[1].id)).get()).toBeUndefined();
    expect(await db.get(sql`select id from consultations where id = ${made[1].id}`)).toBeUndefined();
    // raw reads: objects for all/get, arrays for values
    expect(await db.all(sql`select id, '?' as q from consultations where unit_id = ${county.id}`)).toEqual([{ id: made[0].id, q: "?" }]);
    expect(await db.values(sql`select id, ${"a"}::text as a from consultations where unit_id = ${county.id}`)).toEqual([[made[0].id, "a"]]);
    // the full row through getTableColumns
    const full = await db.select(getTableColumns(consultations)).from(consultations).where(eq(consultations.id, made[0].id)).get();
    expect(full).toMatchObject({ id: made[0].id, version: 2, summary: "z", voidedAt: null });
  });

  it("sorts NULLs as SQLite does: first ascending, last descending (nullable columns only)", async () => {
    const { county, towns } = await tree("e12");
    const { db } = engine;
    const inTree = like(units.path, `/${county.id}/%`);
    // county: short name null, towns[0] 镇1, towns[1] null
    const order = async (...by: Parameters<ReturnType<ReturnType<typeof db.select>["from"]>["orderBy"]>) =>
      (await db.select({ id: units.id }).from(units).where(inTree).orderBy(...by)).map((r) => r.id);
    expect(await order(units.shortName, units.id)).toEqual([county.id, towns[1].id, towns[0].id]);
    expect(await order(asc(units.shortName), asc(units.id))).toEqual([county.id, towns[1].id, towns[0].id]);
    expect(await order(desc(units.shortName), desc(units.id))).toEqual([towns[0].id, towns[1].id, county.id]);
    const parent = alias(units, "parent");
    const byParent = await db.select({ id: units.id }).from(units).leftJoin(parent, eq(parent.id, units.parentId)).where(inTree).orderBy(desc(parent.name), units.id);
    expect(byParent.map((r) => r.id)).toEqual([towns[0].id, towns[1].id, county.id]);
    // NOT NULL columns and other expressions are left as written (`sql\`${column} desc\`` is desc(column) itself)
    const q = db
      .select({ id: units.id })
      .from(units)
      .orderBy(desc(units.code), units.id, desc(units.activeTo), sql`${units.shortName} desc`, sql`coalesce(${units.shortName}, '') desc`)
      .toSQL();
    expect(q.sql).toMatch(/order by "units"."code" desc, "units"."id", "units"."active_to" desc nulls last, "units"."short_name" desc nulls last, coalesce\("units"."short_name", ''\) desc$/);
  });

  it("runs selectDistinct, max/min, between, or/isNull/ne, exists, prepared placeholders and batch", async () => {
    const { county, towns, people } = await tree("e10");
    const { db } = engine;
    const inTree = like(units.path, `/${county.id}/%`);
    expect(await db.selectDistinct({ level: units.level }).from(units).where(inTree).orderBy(units.level)).toEqual([{ level: "county" }, { level: "township" }]);
    expect(await db.select({ hi: max(units.id), lo: min(units.code), d: max(units.depth) }).from(units).where(inTree).get()).toEqual({ hi: towns[1].id, lo: "e10", d: 3 });
    expect(await db.select({ id: units.id }).from(units).where(and(inTree, between(units.depth, 3, 4), or(isNull(units.shortName), ne(units.sortOrder, 0))))).toEqual([{ id: towns[1].id }]);
    const withUsers = await db
      .select({ id: units.id })
      .from(units)
      .where(and(inTree, exists(db.select({ one: sql`1` }).from(users).where(eq(users.unitId, units.id)))))
      .orderBy(units.id);
    expect(withUsers).toEqual([{ id: county.id }, { id: towns[0].id }]);
    // .get() of several rows: the first
    expect(await db.select({ id: units.id }).from(units).where(inTree).orderBy(desc(units.id)).get()).toEqual({ id: towns[1].id });
    const byName = db.select({ id: users.id }).from(users).where(eq(users.username, sql.placeholder("name"))).prepare();
    expect(await byName.get({ name: "e10-b" })).toEqual({ id: people[1].id });
    expect(await byName.all({ name: "nobody" })).toEqual([]);
    const [a, b] = await db.batch([
      db.update(units).set({ population: 100 }).where(eq(units.id, county.id)),
      db.select({ population: units.population }).from(units).where(eq(units.id, county.id)),
    ]);
    expect([(a as { changes: number }).changes, b]).toEqual([1, [{ population: 100 }]]);
  });

  it("rolls a transaction back when it throws, commits when it returns", async () => {
    const { county } = await tree("e7");
    const { db, transaction } = engine;
    const insert = (code: string) =>
      db.insert(units).values({ code, name: code, level: "township", type: "township", parentId: county.id, path: `/${county.id}/${code}/`, depth: 3, activeFrom: "2024-01-01" }).returning().get();
    await expect(
      transaction(async (tx) => {
        await insert("e7-rolled");
        await tx.update(units).set({ name: "改" }).where(eq(units.id, county.id));
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await db.select().from(units).where(eq(units.code, "e7-rolled")).get()).toBeUndefined();
    expect((await db.select({ name: units.name }).from(units).where(eq(units.id, county.id)).get())?.name).toBe("e7县");

    const made = await transaction(async () => {
      const u = await insert("e7-kept");
      await db.update(units).set({ name: "改" }).where(eq(units.id, county.id));
      return u;
    });
    expect(made.id).toBeGreaterThan(county.id);
    expect((await db.select({ name: units.name }).from(units).where(eq(units.id, county.id)).get())?.name).toBe("改");
    expect(await db.select({ code: units.code }).from(units).where(eq(units.id, made.id)).get()).toEqual({ code: "e7-kept" });
  });

  it("runs the global db in the transaction: it sees its own uncommitted row, a concurrent query does not", async () => {
    const { county } = await tree("e8");
    const { db, transaction } = engine;
    let release!: () => void;
    const hold = new Promise<void>((resolve) => (release = resolve));
    let inside!: () => void;
    const written = new Promise<void>((resolve) => (inside = resolve));
    const seen: unknown[] = [];
    const tx = transaction(async () => {
      expect(engine.inTransaction()).toBe(true);
      const row = await db.insert(units).values({ code: "e8-new", name: "新", level: "township", type: "township", parentId: county.id, path: `/${county.id}/n/`, depth: 3, activeFrom: "2024-01-01" }).returning().get();
      // two statements at once on the transaction's connection (queued by node-postgres)
      const [a, b] = await Promise.all([db.select({ id: units.id }).from(units).where(eq(units.code, "e8-new")).get(), db.$count(units, eq(units.parentId, county.id))]);
      seen.push(a?.id === row.id, b);
      inside();
      await hold;
      return row.id;
    });
    await written;
    expect(engine.inTransaction()).toBe(false);
    expect(await db.select().from(units).where(eq(units.code, "e8-new")).get()).toBeUndefined();
    release();
    const id = await tx;
    expect(seen).toEqual([true, 3]);
    expect(await db.select({ id: units.id }).from(units).where(eq(units.code, "e8-new")).get()).toEqual({ id });
  });

  it("keeps concurrent transactions apart (more of them than pooled connections)", async () => {
    const { county } = await tree("e13");
    const { db, transaction } = engine;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        transaction(async () => {
          const row = await db.insert(units).values({ code: `e13c-${i}`, name: `n${i}`, level: "township", type: "township", parentId: county.id, path: `/${county.id}/c${i}/`, depth: 3, activeFrom: "2024-01-01" }).returning().get();
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 10));
          // each sees its own row and none of the others' (not yet committed, or committed later)
          const mine = await db.select({ code: units.code }).from(units).where(eq(units.id, row.id)).get();
          if (i % 3 === 0) throw new Error(`undo ${i}`);
          return mine?.code;
        }).catch((e: Error) => e.message),
      ),
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? `undo ${i}` : `e13c-${i}`)));
    const kept = await db.select({ code: units.code }).from(units).where(like(units.code, "e13c-%")).orderBy(units.id);
    expect(kept.map((r) => r.code).sort()).toEqual(Array.from({ length: 20 }, (_, i) => i).filter((i) => i % 3 !== 0).map((i) => `e13c-${i}`).sort());
    expect(engine.pool.totalCount).toBeLessThanOrEqual(6);
  });

  it("runs a transaction again after a serialization failure (the driver's error reaches pgTransaction's retry)", async () => {
    const { county } = await tree("e11");
    const { db, transaction } = engine;
    let read = 0;
    let bothRead!: () => void;
    const barrier = new Promise<void>((resolve) => (bothRead = resolve));
    let attempts = 0;
    const write = (code: string) =>
      transaction(
        async () => {
          attempts++;
          const n = await db.$count(units, like(units.code, "e11x%"));
          if (++read === 2) bothRead();
          await barrier;
          await db.insert(units).values({ code: `${code}-${n}`, name: code, level: "township", type: "township", parentId: county.id, path: `/${county.id}/${code}/`, depth: 3, activeFrom: "2024-01-01" });
          return n;
        },
        { isolation: "serializable" },
      );
    const counts = await Promise.all([write("e11x-a"), write("e11x-b")]);
    // the second to commit saw the first's row on its retry
    expect([...counts].sort()).toEqual([0, 1]);
    expect(attempts).toBe(3);
  });

  it("runs a nested transaction in a savepoint, and redirects db.transaction()", async () => {
    const { county } = await tree("e9");
    const { db, transaction } = engine;
    const insert = (code: string) =>
      db.insert(units).values({ code, name: code, level: "township", type: "township", parentId: county.id, path: `/${county.id}/${code}/`, depth: 3, activeFrom: "2024-01-01" });
    await transaction(async () => {
      await insert("e9x-outer");
      await expect(
        transaction(async () => {
          await insert("e9x-inner");
          throw new Error("inner");
        }),
      ).rejects.toThrow("inner");
      await transaction(async () => insert("e9x-inner-kept"));
      // a statement error inside a savepoint leaves the outer transaction usable
      await expect(transaction(async () => insert("e9x-outer"))).rejects.toMatchObject({ code: "23505" });
      await insert("e9x-after");
    });
    const codes = (await db.select({ code: units.code }).from(units).where(like(units.code, "e9x-%")).orderBy(units.code)).map((r) => r.code);
    expect(codes).toEqual(["e9x-after", "e9x-inner-kept", "e9x-outer"]);

    await expect(
      db.transaction(async (tx) => {
        await tx.insert(units).values({ code: "e9-drizzle", name: "d", level: "township", type: "township", path: `/${county.id}/d/`, depth: 3, activeFrom: "2024-01-01" });
        expect(engine.inTransaction()).toBe(true);
        throw new Error("undo");
      }),
    ).rejects.toThrow("undo");
    expect(await db.select().from(units).where(eq(units.code, "e9-drizzle")).get()).toBeUndefined();
  });

  it("answers 503 with the Chinese message when the connection is lost, in and outside a transaction", async () => {
    const { db, transaction } = engine;
    const victim = async (work: Promise<unknown>, tag: string) => {
      // its failure is awaited from the start: it may come before pg_terminate_backend answers
      const settled = work.then(
        () => null,
        (e: unknown) => e,
      );
      // wait until the statement runs, then end its backend from another connection
      for (let i = 0; i < 200; i++) {
        const r = await admin.query(`SELECT pid FROM pg_stat_activity WHERE datname = 'fengqiao' AND query LIKE '%${tag}%' AND pid <> pg_backend_pid() AND query NOT LIKE '%pg_stat_activity%'`);
        if (r.rows.length) {
          await admin.query("SELECT pg_terminate_backend($1)", [r.rows[0].pid]);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const error = await settled;
      expect(error).toBeInstanceOf(Response);
      const response = error as Response;
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ error: "unavailable", message: PG_LOST_MESSAGE });
    };
    // drizzle's queries are lazy: then() starts one
    await victim(db.all(sql`select pg_sleep(10), 'outside' as tag`).then((rows) => rows), "outside");
    await victim(
      transaction(async () => {
        await db.select().from(units).limit(1);
        return db.all(sql`select pg_sleep(10), 'inside' as tag`);
      }),
      "inside",
    );
    // the pool opens fresh connections afterwards
    expect(await db.select({ n: count() }).from(units).get()).toMatchObject({ n: expect.any(Number) });
  });

  it("answers 503 when the server cannot be reached at all", async () => {
    const down = openPgEngine(`postgres://postgres@localhost:5432/fengqiao?host=${encodeURIComponent(`${cluster.dir}/nowhere`)}`);
    try {
      for (const work of [() => down.db.select().from(units).limit(1).then((r) => r), () => down.transaction(async () => 1)]) {
        const error = await work().then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(Response);
        expect((error as Response).status).toBe(503);
      }
    } finally {
      await down.close();
    }
  });

  it("measures a simple query's latency over the Unix socket", async () => {
    const { db } = engine;
    const pool = engine.pool;
    const n = 500;
    const time = async (fn: () => Promise<unknown>) => {
      for (let i = 0; i < 50; i++) await fn();
      const t = performance.now();
      for (let i = 0; i < n; i++) await fn();
      return ((performance.now() - t) / n) * 1000;
    };
    const [first] = await db.select({ id: units.id }).from(units).limit(1);
    const engineUs = await time(() => db.select().from(units).where(eq(units.id, first.id)).get());
    const poolUs = await time(() => pool.query('select * from "units" where "units"."id" = $1', [first.id]));
    const txUs = await time(() => engine.transaction(async () => db.select().from(units).where(eq(units.id, first.id)).get()));
    const prepared = db.select().from(units).where(eq(units.id, sql.placeholder("id"))).prepare();
    const preparedUs = await time(() => prepared.get({ id: first.id }));
    const buildUs = await time(async () => db.select().from(units).where(eq(units.id, first.id)).toSQL());
    const smallUs = await time(() => db.select({ id: units.id }).from(units).where(eq(units.id, first.id)).get());
    console.log(
      `pg-engine latency (µs per query, ${n} sequential): engine get ${engineUs.toFixed(0)} (building its SQL ${buildUs.toFixed(0)}), ` +
        `prepared get ${preparedUs.toFixed(0)}, one-column get ${smallUs.toFixed(0)}, raw pool.query ${poolUs.toFixed(0)}, transaction with one get ${txUs.toFixed(0)}`,
    );
    expect(engineUs).toBeLessThan(20_000);
  });
});
