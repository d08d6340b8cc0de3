/** Day-grain counters (issue 12): any period, not only whole months, equals a raw recount. */
import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { getDb } from "~/utils/db.server";
import { onPostgres } from "../../tests/setup/engine";
import { consultationData, makeActor, makeTree as makeBaseTree, makeUnit } from "../../tests/factories";
import { createConsultation, updateConsultation, voidConsultation } from "./consultations.server";
import { moveUnit } from "./units.server";
import { DAY_COUNTER_DEPTH, ensureDayCounters, rebuildAllCounters, recountRaw, rollup, rollupKeys, rollupTotalsOfUnits, withDeferredCounters } from "./counters.server";
import { CHANNELS, PERSON_CATEGORIES, TOPICS, NEXT_STEPS } from "~/schemas/enums";
import { units } from "../../db/schema";
import { mulberry32 as rng } from "../../db/rng";

const pick = <T,>(r: () => number, xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
const nonZero = (m: Map<string, number>) => new Map([...m].filter(([, v]) => v !== 0));
// days on and around month and year boundaries, and a leap day
const EDGE_DAYS = ["2023-12-31", "2024-01-01", "2024-01-31", "2024-02-01", "2024-02-28", "2024-02-29", "2024-03-01", "2024-03-15", "2024-06-30", "2024-07-01", "2024-09-20", "2024-09-21", "2024-12-31"];
const PERIODS = [
  ["2024-03-15", "2024-09-20"],
  ["2024-02-29", "2024-02-29"],
  ["2024-01-31", "2024-03-01"],
  ["2023-12-31", "2024-01-01"],
  ["2024-02-01", "2024-02-28"],
  ["2024-01-01", "2024-12-31"],
  ["2023-12-15", "2024-07-01"],
] as const;

/**
 * The factories' tree (city → counties → townships → villages: depths 0–3) with two units below a village (a committee
 * at depth 4, the deepest that keeps day counters, and a room below it at depth 5, below DAY_COUNTER_DEPTH: raw edge days).
 */
async function makeTree() {
  const tree = await makeBaseTree();
  const groupA1a = await makeUnit({ parentId: tree.villA1a.id, name: "城东村人民调解委员会", level: "village", type: "mediation_committee" });
  const deepA1a = await makeUnit({ parentId: groupA1a.id, name: "城东村个人调解室", level: "village", type: "personal_room" });
  return { ...tree, groupA1a, deepA1a };
}

const CHILD_KEYS = ["consultation.personTimes", "consultation.records"];

async function expectEveryUnitEqualsRecount() {
  const db = getDb();
  const all = await db.select({ id: units.id, path: units.path, depth: units.depth, parentId: units.parentId }).from(units).all();
  expect(DAY_COUNTER_DEPTH).toBe(4);
  expect(all.some((u) => u.depth === DAY_COUNTER_DEPTH) && all.some((u) => u.depth > DAY_COUNTER_DEPTH)).toBe(true);
  let otherDims = 0;
  for (const u of all)
    for (const [from, to] of PERIODS) {
      const raw = nonZero(await recountRaw(db, { path: u.path, from, to }));
      expect(nonZero(await rollup(db, { unitId: u.id, from, to })), `unit ${u.path} ${from}–${to}`).toEqual(raw);
      // a few keys of one dimension at a time (list totals: rollupKeys), the dimension '' and others
      const split = (k: string) => [k.slice(0, k.indexOf("|")), k.slice(k.indexOf("|") + 1)] as const;
      for (const dim of new Set(["", ...[...new Set([...raw.keys()].map((k) => split(k)[1]))].slice(0, 4)])) {
        if (dim) otherDims++;
        const indicators = [...new Set([...raw.keys()].filter((k) => split(k)[1] === dim).map((k) => split(k)[0]))];
        const keyed = await rollupKeys(db, { unitId: u.id, from, to, indicators: [...indicators, "no.such.indicator"], dim });
        for (const i of indicators) expect([u.path, from, to, i, dim, keyed.get(i)]).toEqual([u.path, from, to, i, dim, raw.get(`${i}|${dim}`)]);
        expect(keyed.get("no.such.indicator")).toBe(0);
      }
    }
  expect(otherDims).toBeGreaterThan(0);
  // several units at once (the child breakdown) too: the children of every unit (cities' counties, counties'
  // townships, townships' villages, … down to the units below the day-counter depth), all keys and a few
  const parents = new Set(all.map((u) => u.parentId).filter((id): id is number => id !== null));
  for (const parentId of parents) {
    const children = all.filter((u) => u.parentId === parentId);
    for (const [from, to] of PERIODS) {
      const many = await rollupTotalsOfUnits(db, { unitIds: children.map((c) => c.id), from, to });
      const few = await rollupTotalsOfUnits(db, { unitIds: children.map((c) => c.id), from, to, indicators: CHILD_KEYS });
      for (const u of children) {
        const raw = [...await recountRaw(db, { path: u.path, from, to })].filter(([k, v]) => k.endsWith("|") && v !== 0);
        expect(nonZero(many.get(u.id)!), `units at once ${u.path} ${from}–${to}`).toEqual(new Map(raw));
        expect(nonZero(few.get(u.id)!), `units at once, ${CHILD_KEYS.join(", ")}: ${u.path} ${from}–${to}`).toEqual(
          new Map(raw.filter(([k]) => CHILD_KEYS.some((i) => k === `${i}|`))),
        );
      }
    }
  }
}

describe("day-grain counters", () => {
  it("give every unit the raw recount for periods with edge days, after random creates, edits, voids and moves", async () => {
    const tree = await makeTree();
    const admin = await makeActor(tree.city, "admin");
    const staff = await makeActor(tree.city, "staff");
    const r = rng(20261130);
    const leafs = [tree.deepA1a, tree.groupA1a, tree.villA1a, tree.villA1b, tree.villA2a, tree.villB1a, tree.townA1, tree.townA2, tree.townB1, tree.countyA, tree.city];
    const live: Array<{ id: number; version: number }> = [];
    const randomData = async () =>
      consultationData(pick(r, leafs).id, {
        date: pick(r, EDGE_DAYS),
        channel: pick(r, CHANNELS.values),
        topic: pick(r, TOPICS.values),
        persons: 1 + Math.floor(r() * 4),
        categories: PERSON_CATEGORIES.values.filter(() => r() < 0.2),
        nextStep: pick(r, NEXT_STEPS.values),
      });
    for (let step = 0; step < 200; step++) {
      const x = r();
      if (x < 0.5 || live.length === 0) {
        const res = await createConsultation({ actor: staff, data: await randomData() });
        expect(res.ok).toBe(true);
        if (res.ok) live.push({ id: res.value.id, version: 1 });
      } else if (x < 0.8) {
        // an update may move the record's date and its unit
        const rec = pick(r, live);
        expect((await updateConsultation({ actor: staff, id: rec.id, version: rec.version, data: await randomData() })).ok).toBe(true);
        rec.version++;
      } else if (x < 0.93) {
        const i = Math.floor(r() * live.length);
        expect((await voidConsultation({ actor: staff, id: live[i].id, version: live[i].version, reason: "重复登记" })).ok).toBe(true);
        live.splice(i, 1);
      } else {
        // moves: a village between townships (with the committee and room below it: depths 4 and 5, the second below
        // the day-counter depth), a township between counties, the committee between villages (it keeps days)
        const y = r();
        const res =
          y < 0.4
            ? await moveUnit({ actor: admin, id: pick(r, [tree.villA1a, tree.villA1b, tree.villA2a, tree.villB1a]).id, newParentId: pick(r, [tree.townA1, tree.townA2, tree.townB1]).id })
            : y < 0.8
              ? await moveUnit({ actor: admin, id: pick(r, [tree.townA1, tree.townA2, tree.townB1]).id, newParentId: pick(r, [tree.countyA, tree.countyB]).id })
              : await moveUnit({ actor: admin, id: tree.groupA1a.id, newParentId: pick(r, [tree.villA1a, tree.villA1b, tree.villB1a]).id });
        expect(res.ok).toBe(true);
      }
    }
    await expectEveryUnitEqualsRecount();
    // a full rebuild gives the same day counters
    const db = getDb();
    const rows = async () => await db.all(sql`SELECT unit_id, day, indicator, dim, value FROM stat_counters_day WHERE value <> 0 ORDER BY 1, 2, 3, 4`);
    const before = await rows();
    expect(before.length).toBeGreaterThan(0);
    await db.transaction(async (tx) => await rebuildAllCounters(tx));
    expect(await rows()).toEqual(before);
  });

  it("are filled from raw rows for a database from before them (the migration's marker)", async () => {
    const tree = await makeTree();
    const staff = await makeActor(tree.city);
    for (const [date, unit] of [
      ["2024-03-15", tree.villA1a],
      ["2024-03-31", tree.townA1],
      ["2024-09-20", tree.countyB],
      ["2024-09-21", tree.city],
    ] as const)
      expect((await createConsultation({ actor: staff, data: consultationData(unit.id, { date, persons: 2 }) })).ok).toBe(true);
    const db = getDb();
    await db.run(sql`DELETE FROM stat_counters_day`);
    await db.run(sql`INSERT INTO stat_counters_day (unit_id, day, indicator, dim, value) VALUES (0, 0, 'backfill', '', 0)`);
    // the marker stays until a reader of a unit that keeps days fills them
    expect((await db.all(sql`SELECT 1 FROM stat_counters_day WHERE unit_id = 0`)).length).toBe(1);
    await expectEveryUnitEqualsRecount();
    expect((await db.all(sql`SELECT 1 FROM stat_counters_day WHERE unit_id = 0`)).length).toBe(0);
    await ensureDayCounters(db);
    await expectEveryUnitEqualsRecount();
  });

  it("are kept by a bulk write whose counter upkeep is deferred to its end (a history import)", async () => {
    const tree = await makeTree();
    const staff = await makeActor(tree.city, "staff");
    const db = getDb();
    const r = rng(7);
    const leafs = [tree.villA1a, tree.villB1a, tree.townA2, tree.countyB, tree.city];
    await db.transaction(async (tx) =>
      await withDeferredCounters(tx, async () => {
        for (let i = 0; i < 60; i++)
          expect((await createConsultation({ actor: staff, data: consultationData(pick(r, leafs).id, { date: pick(r, EDGE_DAYS), persons: 1 + Math.floor(r() * 3) }) })).ok).toBe(true);
      }),
    );
    await expectEveryUnitEqualsRecount();
  });
});

/** Records of every kind that keeps day counters: consultations, disputes, follow-ups, file reviews; `kept`: their day rows. */
async function makeRecordsOfEveryKind() {
  const { makeMediator, mediationData, ok } = await import("../../tests/factories");
  const { addFollowup, concludeMediation, registerMediation } = await import("./mediations.server");
  const { reviewMediationFile } = await import("./file-reviews.server");
  const { FileReviewSchema } = await import("~/schemas/document");
  const { MediationConcludeSchema } = await import("~/schemas/mediation");
  const tree = await makeTree();
  const staff = await makeActor(tree.townA1, "staff");
  const head = await makeActor(tree.countyA, "bureau");
  const m = await makeMediator(tree.townA1.id);
  for (const [date, unit] of [["2024-03-15", tree.villA1a], ["2024-02-29", tree.townA1], ["2023-12-31", tree.countyB]] as const)
    expect((await createConsultation({ actor: await makeActor(tree.city, "staff"), data: consultationData(unit.id, { date, persons: 2 }) })).ok).toBe(true);
  for (const [reg, concl, result] of [["2024-01-31", "2024-02-01", "success"], ["2024-02-28", "2024-03-01", "failed"], ["2024-06-30", null, null]] as const) {
    const { id } = ok(await registerMediation({ actor: staff, data: mediationData(tree.townA1.id, [m.id], { registeredOn: reg }) }));
    if (!concl) continue;
    const data =
      result === "success"
        ? { concludedOn: concl, version: 1, result, agreementForm: "oral", agreementTerms: "当场履行", performance: "immediate" }
        : { concludedOn: concl, version: 1, result, failureReason: "双方分歧过大", failureRoute: "litigation" };
    ok(await concludeMediation({ actor: staff, id, data: MediationConcludeSchema.parse(data) }));
    if (result === "success") ok(await addFollowup({ actor: staff, id, data: { visitedOn: "2024-03-31", visitor: "张调解", performanceFound: "performed", satisfaction: "satisfied", notes: "" } }));
    ok(await reviewMediationFile({ actor: head, mediationId: id, data: FileReviewSchema.parse({ reviewedOn: "2024-06-01", grade: "pass", faults: [], note: "" }) }));
  }
  const db = getDb();
  const rows = async () => await db.all(sql`SELECT unit_id, day, indicator, dim, value FROM stat_counters_day WHERE value <> 0 ORDER BY 1, 2, 3, 4`);
  const kept = await rows();
  expect(kept.some((r) => (r as { indicator: string }).indicator === "mediation.reviewed")).toBe(true);
  return { db, rows, kept };
}

describe("filling the day counters (a database from before them, at start-up)", () => {
  it("gives exactly the day counters the writes kept, for every kind of record: consultations, disputes, follow-ups, file reviews", async () => {
    const { fillDayCounters } = await import("./counters.server");
    const { db, rows, kept } = await makeRecordsOfEveryKind();
    // a database from before them: the migration's marker; the fill (what start-up runs) puts back exactly the same
    await db.run(sql`DELETE FROM stat_counters_day`);
    await db.run(sql`INSERT INTO stat_counters_day (unit_id, day, indicator, dim, value) VALUES (0, 0, 'backfill', '', 0)`);
    const months: number[] = [];
    await db.transaction(async (tx) => await fillDayCounters(tx, (p) => months.push(p.month)));
    expect(await rows()).toEqual(kept);
    expect(months[0]).toBe(202312);
    expect(await db.all(sql`SELECT 1 FROM stat_counters_day WHERE unit_id = 0`)).toEqual([]);
    await expectEveryUnitEqualsRecount();
    // a database that keeps them down to counties only (before migration 0020): the marker 0020 gives it fills the
    // deeper levels (depth 3 and 4 of this tree: villages and the committee below one), leaving the others as they are
    await db.run(sql`DELETE FROM stat_counters_day WHERE unit_id IN (SELECT id FROM units WHERE depth >= 3)`);
    expect((await rows()).length).toBeLessThan(kept.length);
    await db.run(sql`INSERT INTO stat_counters_day (unit_id, day, indicator, dim, value) VALUES (0, 0, 'backfill', 'from-depth:3', 0)`);
    await ensureDayCounters(db);
    expect(await rows()).toEqual(kept);
    expect(await db.all(sql`SELECT 1 FROM stat_counters_day WHERE unit_id = 0`)).toEqual([]);
    // both markers: the full fill
    await db.run(sql`INSERT INTO stat_counters_day (unit_id, day, indicator, dim, value) VALUES (0, 0, 'backfill', '', 0), (0, 0, 'backfill', 'from-depth:3', 0)`);
    await db.run(sql`UPDATE stat_counters_day SET value = value + 1 WHERE unit_id <> 0`);
    await ensureDayCounters(db);
    expect(await rows()).toEqual(kept);
    // a new database (no day rows)
    await db.run(sql`DELETE FROM stat_counters_day`);
    await db.transaction(async (tx) => await fillDayCounters(tx));
    expect(await rows()).toEqual(kept);
    await expectEveryUnitEqualsRecount();
    // with a second tree beside the first (each root's subtree read on its own)
    const other = await makeUnit({ name: "临汾市", level: "city" });
    expect((await createConsultation({ actor: await makeActor(other, "staff"), data: consultationData(other.id, { date: "2024-02-29", persons: 3 }) })).ok).toBe(true);
    const keptBoth = await rows();
    await db.transaction(async (tx) => await fillDayCounters(tx));
    expect(await rows()).toEqual(keptBoth);
  });

  // SQLite only: the fill's page cache (PRAGMA cache_size), the SQLite migration 0020 run on the test's database (which
  // marker it adds) and its WITHOUT ROWID table; PostgreSQL has neither pragma nor rowid, its migrations start empty
  it.skipIf(onPostgres)("SQLite: the fill restores the page cache size; migration 0020 adds the marker the database needs and keeps the month counters WITHOUT ROWID", async () => {
    const { fillDayCounters } = await import("./counters.server");
    const { db, rows, kept } = await makeRecordsOfEveryKind();
    await db.run(sql`DELETE FROM stat_counters_day`);
    await db.run(sql`INSERT INTO stat_counters_day (unit_id, day, indicator, dim, value) VALUES (0, 0, 'backfill', '', 0)`);
    const cacheSize = db.$client.pragma("cache_size", { simple: true });
    await db.transaction(async (tx) => await fillDayCounters(tx));
    // (with a large page cache for the fill only)
    expect(db.$client.pragma("cache_size", { simple: true })).toBe(cacheSize);
    expect(await rows()).toEqual(kept);
    // a database that keeps them down to counties only (before migration 0020): its marker fills the deeper levels
    const { readFileSync } = await import("node:fs");
    const migration0020 = readFileSync("db/migrations/0020_h-stats.sql", "utf8");
    await db.run(sql`DELETE FROM stat_counters_day WHERE unit_id IN (SELECT id FROM units WHERE depth >= 3)`);
    expect((await rows()).length).toBeLessThan(kept.length);
    db.$client.exec(migration0020);
    expect(await db.all(sql`SELECT dim FROM stat_counters_day WHERE unit_id = 0`)).toEqual([{ dim: "from-depth:3" }]);
    await ensureDayCounters(db);
    expect(await rows()).toEqual(kept);
    expect(await db.all(sql`SELECT 1 FROM stat_counters_day WHERE unit_id = 0`)).toEqual([]);
    // 0013's marker never consumed (no day rows yet): 0020 adds none, the full fill covers every level
    await db.run(sql`DELETE FROM stat_counters_day`);
    await db.run(sql`INSERT INTO stat_counters_day (unit_id, day, indicator, dim, value) VALUES (0, 0, 'backfill', '', 0)`);
    db.$client.exec(migration0020);
    expect(await db.all(sql`SELECT dim FROM stat_counters_day WHERE unit_id = 0`)).toEqual([{ dim: "" }]);
    await ensureDayCounters(db);
    expect(await rows()).toEqual(kept);
    // a new database (no day rows): 0020 adds no marker
    await db.run(sql`DELETE FROM stat_counters_day`);
    db.$client.exec(migration0020);
    expect(await db.all(sql`SELECT 1 FROM stat_counters_day`)).toEqual([]);
    await db.transaction(async (tx) => await fillDayCounters(tx));
    expect(await rows()).toEqual(kept);
    // 0020 also stores the month counters in key order (WITHOUT ROWID), the same rows (run three times above)
    expect((db.$client.prepare(`SELECT sql FROM sqlite_master WHERE name = 'stat_counters'`).get() as { sql: string }).sql).toMatch(/WITHOUT ROWID/);
    await expectEveryUnitEqualsRecount();
  });
});
