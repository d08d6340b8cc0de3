import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { getDb } from "~/utils/db.server";
import { auditLog, units } from "../../db/schema";
import { consultationData, makeActor, makeTree } from "../../tests/factories";
import { createConsultation, getConsultationFigures } from "./consultations.server";
import { readCounters, recountRaw } from "./counters.server";
import { createUnit, deactivateUnit, getUnit, listUnits, moveUnit, reactivateUnit, updateUnit } from "./units.server";
import type { UnitFormValues } from "~/schemas/unit";

const YEAR = { from: "2024-01-01", to: "2024-12-31" };

function unitData(parentId: number, over: Partial<UnitFormValues> = {}): UnitFormValues {
  return {
    parentId,
    code: `U${Math.floor(Math.random() * 1e9)}`,
    name: "新设调解委员会",
    shortName: "",
    level: "village",
    type: "mediation_committee",
    activeFrom: "2020-01-01",
    ...over,
  };
}

async function personTimes(actor: Awaited<ReturnType<typeof makeActor>>, unitId: number) {
  return (await getConsultationFigures({ actor, unitId, ...YEAR }))!.personTimes;
}

/** Every unit's counters equal a recount of raw rows of its (current) subtree. */
async function expectCountersEqualRecount() {
  const db = getDb();
  for (const u of await db.select({ id: units.id, path: units.path }).from(units).all()) {
    const counters = await readCounters(db, u.id, 202401, 202412);
    const raw = await recountRaw(db, { path: u.path, ...YEAR });
    const nonZero = (m: Map<string, number>) => new Map([...m].filter(([, v]) => v !== 0));
    expect(nonZero(counters), `unit ${u.id} ${u.path}`).toEqual(nonZero(raw));
  }
}

async function auditOf(entityId: number, action: string) {
  return await getDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entity, "unit"), eq(auditLog.entityId, String(entityId)), eq(auditLog.action, action)))
    .all();
}

describe("unit jurisdiction", () => {
  it("keeps a county admin inside its county", async () => {
    const tree = await makeTree();
    const countyAdmin = await makeActor(tree.countyA, "admin");
    expect((await getUnit({ actor: countyAdmin, id: tree.townA1.id }))?.name).toBe("猗氏镇");
    expect(await getUnit({ actor: countyAdmin, id: tree.townB1.id })).toBeNull();
    expect(await getUnit({ actor: countyAdmin, id: tree.city.id })).toBeNull();

    const listed = (await listUnits({ actor: countyAdmin })).map((u) => u.id);
    expect(new Set(listed)).toEqual(new Set([tree.countyA.id, tree.townA1.id, tree.townA2.id, tree.villA1a.id, tree.villA1b.id, tree.villA2a.id]));
    expect(listed).toHaveLength(6);
    expect(listed[0]).toBe(tree.countyA.id);

    const update = await updateUnit({ actor: countyAdmin, id: tree.townB1.id, data: { name: "改名", shortName: "", code: "X1", type: "admin" } });
    expect(update).toMatchObject({ ok: false, status: 404 });
    expect((await getDb().select().from(units).where(eq(units.id, tree.townB1.id)).get())!.name).toBe("解店镇");

    const create = await createUnit({ actor: countyAdmin, data: unitData(tree.townB1.id) });
    expect(create).toMatchObject({ ok: false, status: 400, fieldErrors: { parentId: "err.unitOutside" } });

    expect(await deactivateUnit({ actor: countyAdmin, id: tree.townB1.id, activeTo: "2024-06-30" })).toMatchObject({ ok: false, status: 404 });
    expect(await moveUnit({ actor: countyAdmin, id: tree.townB1.id, newParentId: tree.countyA.id })).toMatchObject({ ok: false, status: 404 });
    expect(await moveUnit({ actor: countyAdmin, id: tree.townA1.id, newParentId: tree.countyB.id })).toMatchObject({
      ok: false,
      fieldErrors: { newParentId: "err.unitOutside" },
    });
    expect(
      await deactivateUnit({ actor: countyAdmin, id: tree.townA2.id, activeTo: "2024-06-30", mergedIntoId: tree.townB1.id }),
    ).toMatchObject({ ok: false, fieldErrors: { mergedIntoId: "err.unitOutside" } });
    expect(await reactivateUnit({ actor: countyAdmin, id: tree.townB1.id })).toMatchObject({ ok: false, status: 404 });
  });

  it("refuses people without manage:unit", async () => {
    const tree = await makeTree();
    const head = await makeActor(tree.countyA, "centre_head");
    expect(await createUnit({ actor: head, data: unitData(tree.townA1.id) })).toMatchObject({ ok: false, status: 403 });
    expect(await updateUnit({ actor: head, id: tree.townA1.id, data: { name: "x", shortName: "", code: "X2", type: "admin" } })).toMatchObject({
      ok: false,
      status: 403,
    });
  });

  it("will not deactivate or move the actor's own top unit", async () => {
    const tree = await makeTree();
    const countyAdmin = await makeActor(tree.countyA, "admin");
    expect(await deactivateUnit({ actor: countyAdmin, id: tree.countyA.id, activeTo: "2024-06-30" })).toMatchObject({
      ok: false,
      formError: "err.cannotDeactivateOwnRoot",
    });
    expect(await moveUnit({ actor: countyAdmin, id: tree.countyA.id, newParentId: tree.townA1.id })).toMatchObject({
      ok: false,
      formError: "err.cannotMoveOwnRoot",
    });
  });
});

describe("unit changes", () => {
  it("creates a unit under a parent in reach, with its path and an audit entry", async () => {
    const tree = await makeTree();
    const admin = await makeActor(tree.countyA, "admin");
    const res = await createUnit({ actor: admin, data: unitData(tree.townA1.id, { name: "猗氏镇劳动争议调委会", code: "LAB-0001", level: "township", type: "industry_committee" }) });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const created = (await getUnit({ actor: admin, id: res.value.id }))!;
    expect(created).toMatchObject({ name: "猗氏镇劳动争议调委会", parentId: tree.townA1.id, path: `${tree.townA1.path}${res.value.id}/`, depth: tree.townA1.depth + 1, active: true });
    expect(await auditOf(res.value.id, "create")).toHaveLength(1);

    // the same code again, a level above the parent, an inactive parent
    expect(await createUnit({ actor: admin, data: unitData(tree.townA1.id, { code: "LAB-0001" }) })).toMatchObject({ ok: false, fieldErrors: { code: "err.codeTaken" } });
    expect(await createUnit({ actor: admin, data: unitData(tree.townA1.id, { level: "county" }) })).toMatchObject({ ok: false, fieldErrors: { level: "err.levelBelowParent" } });
    expect((await deactivateUnit({ actor: admin, id: tree.villA1b.id, activeTo: "2020-12-31" })).ok).toBe(true);
    expect(await createUnit({ actor: admin, data: unitData(tree.villA1b.id) })).toMatchObject({ ok: false, fieldErrors: { parentId: "err.unitInactive" } });
  });

  it("renames a unit without losing its history", async () => {
    const tree = await makeTree();
    const admin = await makeActor(tree.city, "admin");
    const staff = await makeActor(tree.city, "staff");
    expect((await createConsultation({ actor: staff, data: consultationData(tree.townA1.id, { persons: 3, date: "2024-02-10" }) })).ok).toBe(true);
    const before = await personTimes(admin, tree.townA1.id);
    expect(before).toBe(3);

    const res = await updateUnit({ actor: admin, id: tree.townA1.id, data: { name: "猗氏街道", shortName: "猗氏", code: "140821100000", type: "admin" } });
    expect(res.ok).toBe(true);
    expect(await getUnit({ actor: admin, id: tree.townA1.id })).toMatchObject({ name: "猗氏街道", code: "140821100000" });
    expect(await personTimes(admin, tree.townA1.id)).toBe(3);
    expect(await personTimes(admin, tree.countyA.id)).toBe(3);
    const [entry] = await auditOf(tree.townA1.id, "update");
    expect(entry.before).toMatchObject({ name: "猗氏镇" });
    expect(entry.after).toMatchObject({ name: "猗氏街道" });

    // a code used by another unit is refused; the unit's own code is fine
    expect(await updateUnit({ actor: admin, id: tree.townA2.id, data: { name: "嵋阳镇", shortName: "", code: "140821100000", type: "admin" } })).toMatchObject({
      ok: false,
      fieldErrors: { code: "err.codeTaken" },
    });
  });

  it("deactivates a unit: its records stay and keep counting, new ones after the end are refused", async () => {
    const tree = await makeTree();
    const admin = await makeActor(tree.city, "admin");
    const staff = await makeActor(tree.city, "staff");
    expect((await createConsultation({ actor: staff, data: consultationData(tree.villA1b.id, { persons: 2, date: "2024-03-01" }) })).ok).toBe(true);
    expect(await deactivateUnit({ actor: admin, id: tree.villA1b.id, activeTo: "1999-12-31" })).toMatchObject({ ok: false, fieldErrors: { activeTo: "err.beforeActiveFrom" } });

    expect((await deactivateUnit({ actor: admin, id: tree.villA1b.id, activeTo: "2024-03-31" })).ok).toBe(true);
    const unit = (await getUnit({ actor: admin, id: tree.villA1b.id }))!;
    expect(unit).toMatchObject({ active: false, activeTo: "2024-03-31", mergedIntoId: null, parentId: tree.townA1.id });
    expect(await personTimes(admin, tree.villA1b.id)).toBe(2);
    expect(await personTimes(admin, tree.townA1.id)).toBe(2);
    expect(await createConsultation({ actor: staff, data: consultationData(tree.villA1b.id, { date: "2024-04-02" }) })).toMatchObject({
      ok: false,
      fieldErrors: { unitId: "err.unitInactive" },
    });
    expect((await createConsultation({ actor: staff, data: consultationData(tree.villA1b.id, { date: "2024-03-30" }) })).ok).toBe(true);
    expect(await auditOf(tree.villA1b.id, "deactivate")).toHaveLength(1);

    expect((await reactivateUnit({ actor: admin, id: tree.villA1b.id })).ok).toBe(true);
    expect(await getUnit({ actor: admin, id: tree.villA1b.id })).toMatchObject({ active: true, activeTo: null });
    expect(await auditOf(tree.villA1b.id, "reactivate")).toHaveLength(1);
  });

  it("merges a township into another: its records count in the surviving unit's figures", async () => {
    const tree = await makeTree();
    const admin = await makeActor(tree.city, "admin");
    const staff = await makeActor(tree.city, "staff");
    for (const [unitId, persons] of [
      [tree.townA1.id, 1],
      [tree.villA1a.id, 2],
      [tree.townA2.id, 4],
      [tree.villA2a.id, 8],
      [tree.townB1.id, 16],
    ] as const) {
      expect((await createConsultation({ actor: staff, data: consultationData(unitId, { persons, date: "2024-05-06" }) })).ok).toBe(true);
    }
    expect(await personTimes(admin, tree.townA1.id)).toBe(3);
    expect(await personTimes(admin, tree.countyA.id)).toBe(15);

    // not into its own subtree
    expect(await deactivateUnit({ actor: admin, id: tree.townA2.id, activeTo: "2024-06-30", mergedIntoId: tree.villA2a.id })).toMatchObject({
      ok: false,
      fieldErrors: { mergedIntoId: "err.mergeIntoOwnSubtree" },
    });

    expect((await deactivateUnit({ actor: admin, id: tree.townA2.id, activeTo: "2024-06-30", mergedIntoId: tree.townA1.id })).ok).toBe(true);
    const merged = (await getUnit({ actor: admin, id: tree.townA2.id }))!;
    expect(merged).toMatchObject({ active: false, mergedIntoId: tree.townA1.id, parentId: tree.townA1.id, path: `${tree.townA1.path}${tree.townA2.id}/` });
    expect((await getUnit({ actor: admin, id: tree.villA2a.id }))!.path).toBe(`${tree.townA1.path}${tree.townA2.id}/${tree.villA2a.id}/`);

    // the surviving township now carries the merged one's history; the county and the city are unchanged
    expect(await personTimes(admin, tree.townA1.id)).toBe(15);
    expect(await personTimes(admin, tree.townA2.id)).toBe(12);
    expect(await personTimes(admin, tree.countyA.id)).toBe(15);
    expect(await personTimes(admin, tree.city.id)).toBe(31);
    await expectCountersEqualRecount();
    expect(await auditOf(tree.townA2.id, "merge")).toHaveLength(1);
  });

  it("merges across counties: the counters follow the unit", async () => {
    const tree = await makeTree();
    const admin = await makeActor(tree.city, "admin");
    const staff = await makeActor(tree.city, "staff");
    expect((await createConsultation({ actor: staff, data: consultationData(tree.villB1a.id, { persons: 5, date: "2024-07-01" }) })).ok).toBe(true);
    expect((await deactivateUnit({ actor: admin, id: tree.townB1.id, activeTo: "2024-08-31", mergedIntoId: tree.townA1.id })).ok).toBe(true);
    expect(await personTimes(admin, tree.townA1.id)).toBe(5);
    expect(await personTimes(admin, tree.countyA.id)).toBe(5);
    expect(await personTimes(admin, tree.countyB.id)).toBe(0);
    await expectCountersEqualRecount();
  });

  it("moves a township to another county with its records", async () => {
    const tree = await makeTree();
    const admin = await makeActor(tree.city, "admin");
    const staff = await makeActor(tree.city, "staff");
    expect((await createConsultation({ actor: staff, data: consultationData(tree.villB1a.id, { persons: 7, date: "2024-09-09" }) })).ok).toBe(true);
    expect((await createConsultation({ actor: staff, data: consultationData(tree.townA1.id, { persons: 1, date: "2024-09-09" }) })).ok).toBe(true);
    expect(await personTimes(admin, tree.countyB.id)).toBe(7);

    expect(await moveUnit({ actor: admin, id: tree.townB1.id, newParentId: tree.villB1a.id })).toMatchObject({ ok: false, fieldErrors: { newParentId: "err.moveIntoOwnSubtree" } });
    expect(await moveUnit({ actor: admin, id: tree.townB1.id, newParentId: tree.villA1a.id })).toMatchObject({ ok: false, fieldErrors: { newParentId: "err.levelBelowParent" } });

    expect((await moveUnit({ actor: admin, id: tree.townB1.id, newParentId: tree.countyA.id })).ok).toBe(true);
    expect((await getUnit({ actor: admin, id: tree.villB1a.id }))!.path).toBe(`${tree.countyA.path}${tree.townB1.id}/${tree.villB1a.id}/`);
    expect(await personTimes(admin, tree.countyA.id)).toBe(8);
    expect(await personTimes(admin, tree.countyB.id)).toBe(0);
    expect(await personTimes(admin, tree.city.id)).toBe(8);
    await expectCountersEqualRecount();
    expect((await auditOf(tree.townB1.id, "move"))[0].after).toEqual({ parentId: tree.countyA.id });

    // a county admin of the new county now reaches it, the old county's does not
    expect(await getUnit({ actor: await makeActor(tree.countyA, "admin"), id: tree.villB1a.id })).not.toBeNull();
    expect(await getUnit({ actor: await makeActor(tree.countyB, "admin"), id: tree.villB1a.id })).toBeNull();
  });
});
