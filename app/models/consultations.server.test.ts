import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "~/utils/db.server";
import { auditLog, consultations, units } from "../../db/schema";
import { consultationData, makeActor, makeTree, makeUnit } from "../../tests/factories";
import {
  createConsultation,
  getChildBreakdown,
  getConsultation,
  getConsultationFigures,
  listConsultations,
  updateConsultation,
  voidConsultation,
} from "./consultations.server";

describe("consultations: jurisdiction", () => {
  it("lets staff write in their subtree and nowhere else", async () => {
    const tree = await makeTree();
    const staff = await makeActor(tree.townA1);
    expect((await createConsultation({ actor: staff, data: consultationData(tree.townA1.id) })).ok).toBe(true);
    expect((await createConsultation({ actor: staff, data: consultationData(tree.villA1a.id) })).ok).toBe(true);
    const outside = await createConsultation({ actor: staff, data: consultationData(tree.townA2.id) });
    expect(outside).toMatchObject({ ok: false, status: 400, fieldErrors: { unitId: "err.unitOutside" } });
    const up = await createConsultation({ actor: staff, data: consultationData(tree.countyA.id) });
    expect(up.ok).toBe(false);
    // nothing was written for the refused ones
    expect(await getDb().select().from(consultations).all()).toHaveLength(2);
  });

  it("never shows another township's record, in any read", async () => {
    const tree = await makeTree();
    const a = await makeActor(tree.townA1);
    const b = await makeActor(tree.townA2);
    const created = await createConsultation({ actor: a, data: consultationData(tree.townA1.id, { persons: 3, summary: "工资拖欠" }) });
    if (!created.ok) throw new Error();
    const id = created.value.id;
    expect(await getConsultation({ actor: b, id })).toBeNull();
    expect((await listConsultations({ actor: b, filters: {} })).total).toBe(0);
    expect(await listConsultations({ actor: b, filters: { unit: tree.townA1.id } })).toMatchObject({ total: 0, personTimes: 0 });
    expect(await getConsultationFigures({ actor: b, unitId: tree.townA1.id, from: "2024-01-01", to: "2024-12-31" })).toBeNull();
    expect(await getChildBreakdown({ actor: b, unitId: tree.countyA.id, from: "2024-01-01", to: "2024-12-31" })).toEqual([]);
    // writes to it answer 404 (never revealing it)
    expect(await updateConsultation({ actor: b, id, version: 1, data: consultationData(tree.townA2.id) })).toMatchObject({ ok: false, status: 404 });
    expect(await voidConsultation({ actor: b, id, version: 1, reason: "x" })).toMatchObject({ ok: false, status: 404 });
    // the county above sees it
    const county = await makeActor(tree.countyA, "bureau");
    expect((await getConsultation({ actor: county, id }))?.persons).toBe(3);
    expect((await getConsultationFigures({ actor: county, unitId: tree.countyA.id, from: "2024-01-01", to: "2024-12-31" }))?.personTimes).toBe(3);
  });

  it("gives report writers de-identified lists and no writes", async () => {
    const tree = await makeTree();
    const staff = await makeActor(tree.townA1);
    const writer = await makeActor(tree.countyA, "report_writer");
    const created = await createConsultation({ actor: staff, data: consultationData(tree.townA1.id, { summary: "张三与李四的借款纠纷" }) });
    if (!created.ok) throw new Error();
    expect((await getConsultation({ actor: writer, id: created.value.id }))?.summary).toBe("");
    expect((await listConsultations({ actor: writer, filters: {} })).rows[0].summary).toBe("");
    expect(await createConsultation({ actor: writer, data: consultationData(tree.townA1.id) })).toMatchObject({ ok: false, status: 403 });
  });
});

describe("consultations: corrections and voids", () => {
  it("a correction moves the figures; a stale edit is refused with 409 and changes nothing", async () => {
    const tree = await makeTree();
    const staff = await makeActor(tree.townA1);
    const other = await makeActor(tree.townA1);
    const created = await createConsultation({ actor: staff, data: consultationData(tree.villA1a.id, { persons: 2, date: "2024-03-05" }) });
    if (!created.ok) throw new Error();
    const id = created.value.id;
    const year = async (unitId: number) => (await getConsultationFigures({ actor: staff, unitId, from: "2024-01-01", to: "2024-12-31" }))!.personTimes;
    expect((await updateConsultation({ actor: staff, id, version: 1, data: consultationData(tree.villA1b.id, { persons: 5, date: "2024-03-05" }) })).ok).toBe(true);
    expect([await year(tree.villA1a.id), await year(tree.villA1b.id), await year(tree.townA1.id)]).toEqual([0, 5, 5]);
    // the second editor started from version 1
    const stale = await updateConsultation({ actor: other, id, version: 1, data: consultationData(tree.villA1b.id, { persons: 9 }) });
    expect(stale).toMatchObject({ ok: false, status: 409, formError: "err.stale" });
    expect(await year(tree.townA1.id)).toBe(5);
  });

  it("a voided record stays, is audited, and counts nowhere", async () => {
    const tree = await makeTree();
    const staff = await makeActor(tree.townA1);
    const created = await createConsultation({ actor: staff, data: consultationData(tree.townA1.id, { persons: 40, channel: "outreach" }) });
    if (!created.ok) throw new Error();
    const id = created.value.id;
    expect((await voidConsultation({ actor: staff, id, version: 1, reason: "重复登记" })).ok).toBe(true);
    expect((await getConsultation({ actor: staff, id }))?.voidReason).toBe("重复登记");
    expect(await getConsultationFigures({ actor: staff, unitId: tree.townA1.id, from: "2024-01-01", to: "2024-12-31" })).toMatchObject({ personTimes: 0, records: 0 });
    expect((await listConsultations({ actor: staff, filters: {} })).total).toBe(0);
    expect(await listConsultations({ actor: staff, filters: { voided: "include" } })).toMatchObject({ total: 1, personTimes: 0 });
    expect(await updateConsultation({ actor: staff, id, version: 2, data: consultationData(tree.townA1.id) })).toMatchObject({ status: 409 });
    const trail = await getDb().select().from(auditLog).where(eq(auditLog.entityId, String(id))).all();
    expect(trail.map((e) => e.action)).toEqual(["create", "void"]);
    expect(trail[1].before).toMatchObject({ persons: 40 });
  });

  it("refuses records at a unit that had closed by that date", async () => {
    const tree = await makeTree();
    const closed = await makeUnit({ parentId: tree.townA1.id, level: "village", name: "已撤并村" });
    await getDb().update(units).set({ activeTo: "2023-12-31" }).where(eq(units.id, closed.id)).run();
    const staff = await makeActor(tree.townA1);
    expect(await createConsultation({ actor: staff, data: consultationData(closed.id, { date: "2024-03-05" }) })).toMatchObject({ fieldErrors: { unitId: "err.unitInactive" } });
    expect((await createConsultation({ actor: staff, data: consultationData(closed.id, { date: "2023-06-05" }) })).ok).toBe(true);
  });
});

describe("consultations: list totals equal the counters", () => {
  it("filtered totals match the figures for the same period and unit", async () => {
    const tree = await makeTree();
    const staff = await makeActor(tree.countyA);
    const data = [
      [tree.villA1a.id, "2024-02-03", 1, "hotline", ["elderly"]],
      [tree.villA1b.id, "2024-02-29", 3, "walk_in", ["elderly", "women"]],
      [tree.townA2.id, "2024-03-01", 40, "outreach", []],
      [tree.townA1.id, "2024-01-31", 2, "walk_in", []],
    ] as const;
    for (const [unitId, date, persons, channel, categories] of data)
      await createConsultation({ actor: staff, data: consultationData(unitId, { date, persons, channel, categories: [...categories] }) });
    const feb = { from: "2024-02-01", to: "2024-02-29" };
    const list = await listConsultations({ actor: staff, filters: { ...feb, unit: tree.townA1.id } });
    const fig = (await getConsultationFigures({ actor: staff, unitId: tree.townA1.id, ...feb }))!;
    expect([list.total, list.personTimes]).toEqual([2, 4]);
    expect([fig.records, fig.personTimes]).toEqual([2, 4]);
    expect((await listConsultations({ actor: staff, filters: { category: "elderly" } })).personTimes).toBe(4);
    expect(fig.byCategory.find((c) => c.code === "women")?.value).toBe(3);
    const county = (await getConsultationFigures({ actor: staff, unitId: tree.countyA.id, from: "2024-01-01", to: "2024-12-31" }))!;
    expect(county.personTimes).toBe(46);
    expect(county.byChannel.find((c) => c.code === "outreach")?.value).toBe(40);
  });
});
