import { describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { getDb } from "~/utils/db.server";
import { consultationData, makeActor, makeTree } from "../../tests/factories";
import { createConsultation, updateConsultation, voidConsultation, getConsultation } from "./consultations.server";
import { moveUnit } from "./units.server";
import { monthlyTotals, readCounters, recountRaw, rebuildAllCounters, rebuildSubtreeCounters, rollup, rollupTotalsOfUnits } from "./counters.server";
import { get, INDICATORS } from "./counting-rules";
import { CHANNELS, PERSON_CATEGORIES, TOPICS, NEXT_STEPS } from "~/schemas/enums";
import { units } from "../../db/schema";
import { mulberry32 as rng } from "../../db/rng";

const pick = <T,>(r: () => number, xs: readonly T[]) => xs[Math.floor(r() * xs.length)];

async function allUnits() {
  return await getDb().select({ id: units.id, path: units.path }).from(units).all();
}

/** Every unit's counters for every whole month equal a recount of raw rows of its subtree. */
async function expectCountersEqualRecount(from = "2023-01-01", to = "2024-12-31") {
  const db = getDb();
  for (const u of await allUnits()) {
    const counters = await readCounters(db, u.id, Number(from.slice(0, 4) + from.slice(5, 7)), Number(to.slice(0, 4) + to.slice(5, 7)));
    const raw = await recountRaw(db, { path: u.path, from, to });
    const nonZero = (m: Map<string, number>) => new Map([...m].filter(([, v]) => v !== 0));
    expect(nonZero(counters), `unit ${u.id} ${u.path}`).toEqual(nonZero(raw));
  }
}

describe("summary counters", () => {
  it("equal a raw recount after a random sequence of creates, edits, voids and unit moves", async () => {
    const tree = await makeTree();
    const admin = await makeActor(tree.city, "admin");
    const staff = await makeActor(tree.city, "staff");
    const r = rng(20240305);
    const leafs = [tree.villA1a, tree.villA1b, tree.villA2a, tree.villB1a, tree.townA1, tree.townA2, tree.townB1, tree.countyA];
    const live: Array<{ id: number; version: number }> = [];
    const randomData = async () =>
      consultationData(pick(r, leafs).id, {
        date: `${pick(r, ["2023", "2024"])}-${String(1 + Math.floor(r() * 12)).padStart(2, "0")}-${String(1 + Math.floor(r() * 28)).padStart(2, "0")}`,
        channel: pick(r, CHANNELS.values),
        topic: pick(r, TOPICS.values),
        persons: 1 + Math.floor(r() * (r() < 0.1 ? 40 : 3)),
        categories: PERSON_CATEGORIES.values.filter(() => r() < 0.2),
        nextStep: pick(r, NEXT_STEPS.values),
      });
    for (let step = 0; step < 300; step++) {
      const x = r();
      if (x < 0.55 || live.length === 0) {
        const res = await createConsultation({ actor: staff, data: await randomData() });
        expect(res.ok).toBe(true);
        if (res.ok) live.push({ id: res.value.id, version: 1 });
      } else if (x < 0.8) {
        const rec = pick(r, live);
        const res = await updateConsultation({ actor: staff, id: rec.id, version: rec.version, data: await randomData() });
        expect(res.ok).toBe(true);
        rec.version++;
      } else if (x < 0.92) {
        const i = Math.floor(r() * live.length);
        const rec = live[i];
        expect((await voidConsultation({ actor: staff, id: rec.id, version: rec.version, reason: "重复登记" })).ok).toBe(true);
        live.splice(i, 1);
      } else {
        // move a village or township to another parent of the right level
        const village = pick(r, [tree.villA1a, tree.villA1b, tree.villA2a, tree.villB1a]);
        const town = pick(r, [tree.townA1, tree.townA2, tree.townB1]);
        const res = await moveUnit({ actor: admin, id: village.id, newParentId: town.id });
        expect(res.ok).toBe(true);
      }
    }
    await expectCountersEqualRecount();
    // and a full rebuild gives the same counters
    const before = await getDb().all(sql`SELECT unit_id, month, indicator, dim, value FROM stat_counters WHERE value <> 0 ORDER BY 1,2,3,4`);
    await getDb().transaction(async (tx) => await rebuildAllCounters(tx));
    const after = await getDb().all(sql`SELECT unit_id, month, indicator, dim, value FROM stat_counters WHERE value <> 0 ORDER BY 1,2,3,4`);
    expect(after).toEqual(before);
  });

  it("read whole months from counters and edge days from raw rows", async () => {
    const tree = await makeTree();
    const staff = await makeActor(tree.townA1);
    for (const [date, persons] of [
      ["2024-01-31", 2],
      ["2024-02-01", 3],
      ["2024-02-15", 5],
      ["2024-03-10", 7],
      ["2024-03-11", 11],
    ] as const)
      await createConsultation({ actor: staff, data: consultationData(tree.villA1a.id, { date, persons }) });
    const db = getDb();
    const pt = async (from: string, to: string, unitId = tree.countyA.id) =>
      get(await rollup(db, { unitId, from, to }), INDICATORS.consultationPersonTimes);
    expect(await pt("2024-01-01", "2024-12-31")).toBe(28);
    expect(await pt("2024-02-01", "2024-03-10")).toBe(15);
    expect(await pt("2024-01-31", "2024-02-14")).toBe(5);
    expect(await pt("2024-03-11", "2024-03-11")).toBe(11);
    expect(await pt("2024-01-01", "2024-12-31", tree.countyB.id)).toBe(0);
    expect(await pt("2024-01-01", "2024-12-31", tree.city.id)).toBe(28);
  });

  it("move with their unit: the old county loses a village's history, the new one gains it", async () => {
    const tree = await makeTree();
    const admin = await makeActor(tree.city, "admin");
    const staff = await makeActor(tree.villA1a);
    const created = await createConsultation({ actor: staff, data: consultationData(tree.villA1a.id, { persons: 4 }) });
    if (!created.ok) throw new Error("create failed");
    const db = getDb();
    const year = async (unitId: number) => get(await rollup(db, { unitId, from: "2024-01-01", to: "2024-12-31" }), INDICATORS.consultationPersonTimes);
    expect([await year(tree.countyA.id), await year(tree.countyB.id)]).toEqual([4, 0]);
    expect((await moveUnit({ actor: admin, id: tree.villA1a.id, newParentId: tree.townB1.id })).ok).toBe(true);
    expect([await year(tree.countyA.id), await year(tree.countyB.id), await year(tree.city.id)]).toEqual([0, 4, 4]);
    // the staff member's record is still theirs to open
    const newPath = (await db.select({ path: units.path }).from(units).where(eq(units.id, tree.villA1a.id)).get())!.path;
    expect(newPath).toBe(`${tree.townB1.path}${tree.villA1a.id}/`);
    expect((await getConsultation({ actor: { ...staff, unitPath: newPath }, id: created.value.id }))?.persons).toBe(4);
    // and the old township no longer reaches it
    expect(await getConsultation({ actor: await makeActor(tree.townA1), id: created.value.id })).toBeNull();
  });

  it("a subtree rebuild repairs that subtree and corrects the ancestors above it", async () => {
    const tree = await makeTree();
    const staff = await makeActor(tree.city);
    for (const [unitId, persons] of [
      [tree.villA1a.id, 3],
      [tree.townA1.id, 5],
      [tree.villB1a.id, 7],
    ] as const)
      await createConsultation({ actor: staff, data: consultationData(unitId, { persons }) });
    const db = getDb();
    // damage the township's subtree: a lost village counter and a wrong township total
    await db.run(sql`DELETE FROM stat_counters WHERE unit_id = ${tree.villA1a.id}`);
    await db.run(sql`UPDATE stat_counters SET value = value + 100 WHERE unit_id = ${tree.townA1.id} AND indicator = 'consultation.personTimes' AND dim = ''`);
    await db.run(sql`UPDATE stat_counters SET value = value + 100 WHERE unit_id IN (${tree.countyA.id}, ${tree.city.id}) AND indicator = 'consultation.personTimes' AND dim = ''`);
    await db.transaction(async (tx) => await rebuildSubtreeCounters(tx, tree.townA1.id));
    await expectCountersEqualRecount();
    expect(get(await rollup(db, { unitId: tree.city.id, from: "2024-01-01", to: "2024-12-31" }), INDICATORS.consultationPersonTimes)).toBe(15);
  });

  it("several units at once and month by month give what one rollup at a time gives", async () => {
    const tree = await makeTree();
    const staff = await makeActor(tree.city);
    let i = 0;
    for (const unit of [tree.villA1a, tree.villA1b, tree.townA2, tree.villB1a, tree.townA1])
      for (const date of ["2024-01-03", "2024-01-31", "2024-02-14", "2024-03-01", "2024-03-30"])
        await createConsultation({ actor: staff, data: consultationData(unit.id, { date, persons: 1 + (i++ % 7) }) });
    const db = getDb();
    for (const [from, to] of [
      ["2024-01-01", "2024-12-31"],
      ["2024-01-15", "2024-03-10"],
      ["2024-02-14", "2024-02-14"],
    ]) {
      const ids = [tree.townA1.id, tree.townA2.id, tree.countyB.id];
      const many = await rollupTotalsOfUnits(db, { unitIds: ids, from, to });
      for (const id of ids) expect(get(many.get(id)!, INDICATORS.consultationPersonTimes)).toBe(get(await rollup(db, { unitId: id, from, to }), INDICATORS.consultationPersonTimes));
      const months = await monthlyTotals(db, { unitId: tree.city.id, from, to, indicators: [INDICATORS.consultationPersonTimes] });
      const sum = [...months.values()].reduce((a, t) => a + get(t, INDICATORS.consultationPersonTimes), 0);
      expect(sum).toBe(get(await rollup(db, { unitId: tree.city.id, from, to }), INDICATORS.consultationPersonTimes));
    }
  });
});
