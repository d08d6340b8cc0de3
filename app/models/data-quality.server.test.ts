import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "~/utils/db.server";
import { consultations, mediations, mediators } from "../../db/schema";
import { consultationData, makeActor, makeTree } from "../../tests/factories";
import type { MediationRegisterValues, PartyValues } from "~/schemas/mediation";
import { MediationConcludeSchema } from "~/schemas/mediation";
import { createConsultation } from "./consultations.server";
import { concludeMediation, registerMediation } from "./mediations.server";
import { DQ, dataQualityScale, findBursts, getDataQuality, listSignalRecords } from "./data-quality.server";

function residentId(area: string, birth: string, seq: string) {
  const body = `${area}${birth.replaceAll("-", "")}${seq}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((a, d, i) => a + Number(d) * w[i], 0);
  return body + "10X98765432"[sum % 11];
}
const party = (over: Partial<PartyValues> = {}): PartyValues => ({ side: "applicant", kind: "person", name: "王大成", ethnicity: "", occupation: "", phone: "", address: "", idNumber: "", ...over });
function registration(unitId: number, mediatorId: number, over: Partial<MediationRegisterValues> = {}): MediationRegisterValues {
  return {
    registeredOn: "2024-03-05",
    unitId,
    source: "application",
    disputeType: "neighbour",
    summary: "两户因院墙排水发生争执",
    personsInvolved: 2,
    amount: null,
    isMass: false,
    preventedCriminal: false,
    preventedPetition: false,
    parties: [party(), party({ side: "respondent", name: "李小红" })],
    mediatorIds: [mediatorId],
    ...over,
  };
}
const mediatorOf = async (unitId: number) => await getDb().insert(mediators).values({ unitId, name: "张调解", startOn: "2015-01-01" }).returning().get();

async function consult(actor: Awaited<ReturnType<typeof makeActor>>, unitId: number, date: string, createdAt: string, over = {}) {
  const r = await createConsultation({ actor, data: consultationData(unitId, { date, ...over }) });
  if (!r.ok) throw new Error(JSON.stringify(r));
  await getDb().update(consultations).set({ createdAt }).where(eq(consultations.id, r.value.id)).run();
  return r.value.id;
}

describe("data-quality signals", () => {
  it("late entries: entered more than 30 days after the event", async () => {
    const tree = await makeTree();
    const staff = await makeActor(tree.townA1);
    const bureau = await makeActor(tree.countyA, "bureau");
    const late = await consult(staff, tree.townA1.id, "2024-03-01", "2024-04-15T02:00:00.000Z");
    await consult(staff, tree.townA1.id, "2024-03-01", "2024-03-31T02:00:00.000Z"); // 30 days: not late
    await consult(staff, tree.townA1.id, "2024-03-01", "2024-03-01T02:00:00.000Z");
    const recs = (await listSignalRecords({ actor: bureau, unitId: tree.countyA.id, year: 2024, signal: "late", today: "2024-06-30" }))!;
    expect(recs.map((r) => r.id)).toEqual([late]);
    expect(recs[0].href).toBe(`/consultations/${late}`);
    const summary = (await getDataQuality({ actor: bureau, unitId: tree.countyA.id, year: 2024, today: "2024-06-30" }))!;
    expect(summary.filter((s) => s.key === "late")).toEqual([
      expect.objectContaining({ unitId: tree.townA1.id, count: 1, detail: "45", href: expect.stringContaining("signal=late") }),
    ]);
    // the page of a large subtree reads at most `cap` of them (newest entry first, as without a cap)
    const more = [await consult(await makeActor(tree.townA2), tree.townA2.id, "2024-02-01", "2024-05-20T02:00:00.000Z"), await consult(staff, tree.townA1.id, "2024-01-05", "2024-03-01T02:00:00.000Z")];
    const all = (await listSignalRecords({ actor: bureau, unitId: tree.countyA.id, year: 2024, signal: "late", today: "2024-06-30" }))!;
    expect(all.map((r) => r.id)).toEqual([more[0], late, more[1]]);
    expect(await listSignalRecords({ actor: bureau, unitId: tree.countyA.id, year: 2024, signal: "late", today: "2024-06-30", cap: 10 })).toEqual(all);
    expect(await listSignalRecords({ actor: bureau, unitId: tree.countyA.id, year: 2024, signal: "late", today: "2024-06-30", cap: 2 })).toHaveLength(2);
  });

  it("bursts: many records created in a month's last days against the normal daily rate", async () => {
    // a unit with about one record every other day, then 20 in the last three days of June
    const perDay = [] as Array<{ unitId: number; day: string; n: number }>;
    for (let d = 1; d <= 28; d += 2) for (const m of ["01", "02", "03", "04", "05", "06"]) perDay.push({ unitId: 7, day: `2024-${m}-${String(d).padStart(2, "0")}`, n: 1 });
    perDay.push({ unitId: 7, day: "2024-06-29", n: 8 }, { unitId: 7, day: "2024-06-30", n: 12 });
    const bursts = findBursts(perDay, 2024, "2024-07-10");
    expect(bursts).toEqual([expect.objectContaining({ unitId: 7, month: 6, from: "2024-06-28", to: "2024-06-30", count: 20 })]);
    // the same volume spread evenly is not a burst
    expect(findBursts(perDay.filter((p) => p.day < "2024-06-29"), 2024, "2024-07-10")).toEqual([]);

    const tree = await makeTree();
    const staff = await makeActor(tree.townA2);
    const bureau = await makeActor(tree.countyA, "bureau");
    for (let i = 0; i < 12; i++) await consult(staff, tree.townA2.id, "2024-12-20", `2024-12-30T0${i % 10}:00:00.000Z`, { persons: i + 1 });
    for (let d = 1; d <= 28; d += 7) await consult(staff, tree.townA2.id, `2024-0${(d % 9) + 1}-0${(d % 9) + 1}`, `2024-0${(d % 9) + 1}-0${(d % 9) + 1}T02:00:00.000Z`);
    const recs = (await listSignalRecords({ actor: bureau, unitId: tree.countyA.id, year: 2024, signal: "burst", today: "2025-01-10" }))!;
    expect(recs).toHaveLength(12);
    expect(recs.every((r) => r.group.startsWith("12|"))).toBe(true);
  });

  it("identical entries in quick succession", async () => {
    const tree = await makeTree();
    const staff = await makeActor(tree.townA1);
    const bureau = await makeActor(tree.countyA, "bureau");
    const a = await consult(staff, tree.townA1.id, "2024-05-05", "2024-05-05T02:00:00.000Z");
    const b = await consult(staff, tree.townA1.id, "2024-05-05", "2024-05-05T02:04:00.000Z");
    await consult(staff, tree.townA1.id, "2024-05-05", "2024-05-05T05:00:00.000Z"); // hours later: a new visitor
    await consult(staff, tree.townA1.id, "2024-05-05", "2024-05-05T02:05:00.000Z", { topic: "marriage" }); // another topic
    const recs = (await listSignalRecords({ actor: bureau, unitId: tree.countyA.id, year: 2024, signal: "identical", today: "2024-06-30" }))!;
    expect(recs.map((r) => r.id).sort()).toEqual([a, b].sort());
    expect(DQ.QUICK_MINUTES).toBe(10);
  });

  it("likely duplicate parties: the same ID number in open disputes at different units", async () => {
    const tree = await makeTree();
    const s1 = await makeActor(tree.townA1);
    const s2 = await makeActor(tree.townA2);
    const bureau = await makeActor(tree.countyA, "bureau");
    const id = residentId("140821", "1970-05-06", "123");
    const m1 = await mediatorOf(tree.townA1.id);
    const m2 = await mediatorOf(tree.townA2.id);
    const r1 = await registerMediation({ actor: s1, data: registration(tree.townA1.id, m1.id, { parties: [party({ idNumber: id }), party({ side: "respondent", name: "赵" })] }) });
    const r2 = await registerMediation({ actor: s2, data: registration(tree.townA2.id, m2.id, { parties: [party({ idNumber: id }), party({ side: "respondent", name: "钱" })] }) });
    // the same person twice at one unit is not a cross-unit duplicate
    const r3 = await registerMediation({ actor: s1, data: registration(tree.townA1.id, m1.id, { parties: [party({ idNumber: residentId("140821", "1980-01-01", "555") }), party({ side: "respondent", name: "孙" })] }) });
    await registerMediation({ actor: s1, data: registration(tree.townA1.id, m1.id, { parties: [party({ idNumber: residentId("140821", "1980-01-01", "555") }), party({ side: "respondent", name: "李" })] }) });
    if (!r1.ok || !r2.ok || !r3.ok) throw new Error("registration failed");
    const recs = (await listSignalRecords({ actor: bureau, unitId: tree.countyA.id, year: 2024, signal: "duplicateParty", today: "2024-06-30" }))!;
    expect(recs.map((r) => r.id).sort()).toEqual([r1.value.id, r2.value.id].sort());
    expect(recs[0].note).not.toContain(id);
    // a township sees only its own half: no duplicate across units within its reach
    expect(await listSignalRecords({ actor: await makeActor(tree.townA1, "centre_head"), unitId: tree.townA1.id, year: 2024, signal: "duplicateParty" })).toEqual([]);
  });

  it("rates of 100% on large counts", async () => {
    const tree = await makeTree();
    const staff = await makeActor(tree.townA1);
    const bureau = await makeActor(tree.countyA, "bureau");
    const m = await mediatorOf(tree.townA1.id);
    const register = async () => {
      const r = await registerMediation({ actor: staff, data: registration(tree.townA1.id, m.id) });
      if (!r.ok) throw new Error(JSON.stringify(r));
      return r.value.id;
    };
    const settle = async (id: number) =>
      await concludeMediation({
        actor: staff,
        id,
        data: MediationConcludeSchema.parse({ concludedOn: "2024-03-20", version: 1, result: "success", agreementForm: "oral", agreementTerms: "口头约定", performance: "immediate" }),
      });
    for (let i = 0; i < DQ.PERFECT_MIN - 1; i++) expect((await settle(await register())).ok).toBe(true);
    const q = { actor: bureau, unitId: tree.countyA.id, year: 2024, signal: "perfectRate" as const, today: "2024-06-30" };
    expect(await listSignalRecords(q)).toEqual([]); // 49 of 49: too few to be suspicious
    await settle(await register());
    const recs = (await listSignalRecords(q))!;
    expect(new Set(recs.map((r) => r.unitId))).toEqual(new Set([tree.townA1.id, tree.countyA.id]));
    expect(recs.filter((r) => r.unitId === tree.townA1.id)).toHaveLength(50);
    // one failure and the rate is no longer 100%
    const failed = await register();
    await concludeMediation({ actor: staff, id: failed, data: MediationConcludeSchema.parse({ concludedOn: "2024-03-21", version: 1, result: "failed", failureReason: "x", failureRoute: "litigation" }) });
    expect(await listSignalRecords(q)).toEqual([]);
    expect((await getDb().select().from(mediations).all()).length).toBeGreaterThan(50);
  });
});

describe("data quality on the dashboard", () => {
  it("is computed inline for a subtree-year of few records and left to on-demand checks above the bound (DQ_INLINE_MAX_RECORDS) (records from the counters)", async () => {
    const tree = await makeTree();
    const staff = await makeActor(tree.townA1);
    const bureau = await makeActor(tree.countyA, "bureau");
    for (const day of ["2024-03-01", "2024-05-02", "2024-12-31"]) await consult(staff, tree.townA1.id, day, `${day}T02:00:00.000Z`);
    await consult(staff, tree.townA1.id, "2023-12-31", "2023-12-31T02:00:00.000Z"); // another year
    expect(await dataQualityScale({ actor: bureau, unitId: tree.countyA.id, year: 2024 })).toEqual({ records: 3, inline: true });
    expect(await dataQualityScale({ actor: bureau, unitId: tree.countyA.id, year: 2024, max: 2 })).toEqual({ records: 3, inline: false });
    expect(await dataQualityScale({ actor: await makeActor(tree.city, "bureau"), unitId: tree.countyB.id, year: 2024 })).toEqual({ records: 0, inline: true });
    // out of reach: nothing
    expect(await dataQualityScale({ actor: await makeActor(tree.townA2, "centre_head"), unitId: tree.countyA.id, year: 2024 })).toBeNull();
  });
});
