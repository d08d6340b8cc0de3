/** Counts of the unit tree remembered per process while no unit changes (issue 12). */
import { describe, expect, it } from "vitest";
import { getDb, rawRun } from "~/utils/db.server";
import { makeActor, makeTree, makeUnit } from "../../tests/factories";
import { registryCounts } from "./registries.server";
import { byUnitGeneration, unitGeneration } from "./unit-generation.server";

describe("counts of the unit tree", () => {
  it("are read again after any change to a unit, whichever way it was made", async () => {
    const tree = await makeTree();
    const bureau = await makeActor(tree.city, "bureau");
    const villages = async () => (await registryCounts({ actor: bureau, unitId: tree.city.id, day: "2024-06-30" }))!.villages.total;
    expect(await villages()).toBe(4);
    expect(await villages()).toBe(4); // remembered
    const added = await makeUnit({ parentId: tree.townB1.id, level: "village" }); // a plain insert, as a bulk load makes
    expect(await villages()).toBe(5);
    await rawRun(getDb(), `UPDATE units SET active_to = '2024-01-31' WHERE id = ?`, [added.id]);
    expect(await villages()).toBe(4);
    await rawRun(getDb(), `UPDATE units SET type = 'service_centre' WHERE id = ?`, [tree.villA1a.id]);
    expect(await villages()).toBe(3);
  });

  it("change the generation with every write to units, and are not remembered inside a transaction", async () => {
    const db = getDb();
    const before = (await unitGeneration(db))!;
    await makeUnit({});
    expect(await unitGeneration(db)).toBeGreaterThan(before);
    let calls = 0;
    const count = async () => await byUnitGeneration(db, "test|same", () => ++calls);
    expect(await count()).toBe(1);
    expect(await count()).toBe(1);
    await db.transaction(async (tx) => {
      expect(await byUnitGeneration(tx, "test|same", () => ++calls)).toBe(2);
    });
    await makeUnit({});
    expect(await count()).toBe(3);
  });
});
