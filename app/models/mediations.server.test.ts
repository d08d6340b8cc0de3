import { describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { getDb, rawRun } from "~/utils/db.server";
import { auditLog, mediationParties, mediations, mediators, units } from "../../db/schema";
import { makeActor, makeTree, makeUnit } from "../../tests/factories";
import type { MediationRegisterValues, PartyValues } from "~/schemas/mediation";
import { MediationConcludeSchema, MediationRegisterSchema } from "~/schemas/mediation";
import { parseSubmission } from "~/schemas/forms";
import {
  addDisputeType,
  addFollowup,
  concludeMediation,
  findLikelyDuplicates,
  getMediation,
  getMediationFigures,
  listDisputeTypes,
  listMediations,
  mediationDeadlines,
  recordSession,
  registerMediation,
  transferMediation,
  updatePerformance,
  voidMediation,
} from "./mediations.server";
import { readCounters, recountRaw } from "./counters.server";
import { isValidResidentId } from "~/schemas/person-fields";
import { maskIdNumber } from "~/utils/mask";

async function makeMediator(unitId: number, name = "张调解") {
  return await getDb().insert(mediators).values({ unitId, name, startOn: "2015-01-01" }).returning().get();
}

/** A valid resident ID for a birth date: the check digit computed as GB 11643 says. */
function residentId(area: string, birth: string, seq: string) {
  const body = `${area}${birth.replaceAll("-", "")}${seq}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((a, d, i) => a + Number(d) * w[i], 0);
  return body + "10X98765432"[sum % 11];
}

const party = (over: Partial<PartyValues> = {}): PartyValues => ({
  side: "applicant",
  kind: "person",
  name: "王大成",
  ethnicity: "汉族",
  occupation: "农民",
  phone: "13812345678",
  address: "山西省运城市临猗县猗氏镇城东村3组",
  idNumber: residentId("140821", "1970-05-06", "123"),
  ...over,
});

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
    parties: [party(), party({ side: "respondent", name: "李小红", phone: "13900001111", idNumber: residentId("140821", "1975-11-30", "246") })],
    mediatorIds: [mediatorId],
    ...over,
  };
}

async function setup() {
  const tree = await makeTree();
  const staff = await makeActor(tree.townA1);
  const mediator = await makeMediator(tree.townA1.id);
  return { tree, staff, mediator };
}

const conclude = (over: Record<string, unknown>) => MediationConcludeSchema.parse({ concludedOn: "2024-03-20", version: 1, ...over });

describe("resident ID numbers", () => {
  it("validate the check digit and the birth date", () => {
    expect(isValidResidentId("11010519491231002X")).toBe(true);
    expect(isValidResidentId("110105194912310021")).toBe(false);
    expect(isValidResidentId(residentId("140821", "1970-05-06", "123"))).toBe(true);
    expect(isValidResidentId("140821197002300000")).toBe(false); // 30 February
  });
  it("are refused at the field when wrong", () => {
    const fd = new URLSearchParams({
      registeredOn: "2024-03-05",
      unitId: "1",
      source: "application",
      disputeType: "neighbour",
      summary: "x",
      personsInvolved: "2",
      "parties.0.side": "applicant",
      "parties.0.kind": "person",
      "parties.0.name": "王大成",
      "parties.0.idNumber": "110105194912310021",
      "parties.1.side": "respondent",
      "parties.1.kind": "person",
      "parties.1.name": "李小红",
      mediatorIds: "1",
    });
    const r = parseSubmission(MediationRegisterSchema, fd, ["mediatorIds"], true);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.fieldErrors).toEqual({ "parties.0.idNumber": "err.idNumber" });
  });
  it("need an applicant, a respondent and a mediator; blank party slots are dropped", () => {
    const fd = new URLSearchParams({
      registeredOn: "2024-03-05",
      unitId: "1",
      source: "application",
      disputeType: "neighbour",
      summary: "x",
      personsInvolved: "2",
      "parties.0.side": "applicant",
      "parties.0.kind": "person",
      "parties.0.name": "王大成",
      "parties.1.side": "respondent",
      "parties.1.kind": "person",
      "parties.1.name": "",
    });
    const r = parseSubmission(MediationRegisterSchema, fd, ["mediatorIds"], true);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.fieldErrors).toEqual({ parties: "err.needRespondent", mediatorIds: "err.needMediator" });
  });
});

describe("a party's birth date and gender", () => {
  const form = (party: Record<string, string>, unitId: number, mediatorId: number) =>
    new URLSearchParams({
      registeredOn: "2024-03-05",
      unitId: String(unitId),
      source: "application",
      disputeType: "neighbour",
      summary: "两户因院墙排水发生争执",
      personsInvolved: "2",
      "parties.0.side": "applicant",
      "parties.0.kind": "person",
      "parties.0.name": "王大成",
      ...Object.fromEntries(Object.entries(party).map(([k, v]) => [`parties.0.${k}`, v])),
      "parties.1.side": "respondent",
      "parties.1.kind": "organisation",
      "parties.1.name": "城东村村民委员会",
      mediatorIds: String(mediatorId),
    });
  const id = residentId("140821", "1970-05-06", "123"); // 17th digit odd: a man

  it("are refused in the future, or when they contradict the ID number, next to the field", () => {
    const future = parseSubmission(MediationRegisterSchema, form({ birthDate: "2999-01-01" }, 1, 1), ["mediatorIds"], true);
    expect(future.ok ? null : future.fieldErrors).toEqual({ "parties.0.birthDate": "err.birthFuture" });
    const otherBirth = parseSubmission(MediationRegisterSchema, form({ idNumber: id, birthDate: "1971-05-06" }, 1, 1), ["mediatorIds"], true);
    expect(otherBirth.ok ? null : otherBirth.fieldErrors).toEqual({ "parties.0.birthDate": "err.idBirthMismatch" });
    const otherGender = parseSubmission(MediationRegisterSchema, form({ idNumber: id, gender: "female" }, 1, 1), ["mediatorIds"], true);
    expect(otherGender.ok ? null : otherGender.fieldErrors).toEqual({ "parties.0.gender": "err.idGenderMismatch" });
    // agreeing with the number is fine
    expect(parseSubmission(MediationRegisterSchema, form({ idNumber: id, gender: "male", birthDate: "1970-05-06" }, 1, 1), ["mediatorIds"], true).ok).toBe(true);
  });

  it("are read from the ID number when left blank (a form posted without JavaScript), and stored", async () => {
    const { tree, staff, mediator } = await setup();
    const parsed = parseSubmission(MediationRegisterSchema, form({ idNumber: id.toLowerCase() }, tree.townA1.id, mediator.id), ["mediatorIds"], true);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.fieldErrors));
    const reg = await registerMediation({ actor: staff, data: parsed.data });
    if (!reg.ok) throw new Error();
    const stored = await getDb().select().from(mediationParties).where(eq(mediationParties.mediationId, reg.value.id)).orderBy(mediationParties.sortOrder).all();
    expect(stored[0]).toMatchObject({ gender: "male", birthDate: "1970-05-06", idNumber: id });
    // an organisation has neither
    expect(stored[1]).toMatchObject({ gender: null, birthDate: null });
  });
});

describe("mediation lifecycle", () => {
  it("numbers cases per committee and year, sequentially, never reusing a number", async () => {
    const { tree, staff, mediator } = await setup();
    const nos: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await registerMediation({ actor: staff, data: registration(tree.townA1.id, mediator.id) });
      if (!r.ok) throw new Error(JSON.stringify(r));
      nos.push(r.value.caseNo);
    }
    expect(nos).toEqual(["（2024）猗氏调字第0001号", "（2024）猗氏调字第0002号", "（2024）猗氏调字第0003号"]);
    // a voided case keeps its number; the next one does not reuse it
    const third = (await getDb().select().from(mediations).where(eq(mediations.caseNo, nos[2])).get())!;
    expect((await voidMediation({ actor: await makeActor(tree.townA1, "centre_head"), id: third.id, version: 1, reason: "重复登记" })).ok).toBe(true);
    const next = await registerMediation({ actor: staff, data: registration(tree.townA1.id, mediator.id) });
    expect(next.ok && next.value.caseNo).toBe("（2024）猗氏调字第0004号");
    // a new year starts again at 1; another committee has its own sequence
    const y25 = await registerMediation({ actor: staff, data: registration(tree.townA1.id, mediator.id, { registeredOn: "2025-01-02" }) });
    expect(y25.ok && y25.value.caseNo).toBe("（2025）猗氏调字第0001号");
    const villMediator = await makeMediator(tree.villA1a.id);
    const village = await registerMediation({ actor: staff, data: registration(tree.villA1a.id, villMediator.id) });
    expect(village.ok && village.value.caseNo).toBe("（2024）城东村调字第0001号");
  });

  it("two registrations at the same moment get distinct consecutive numbers", async () => {
    const { tree, staff, mediator } = await setup();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => Promise.resolve().then(async () => await registerMediation({ actor: staff, data: registration(tree.townA1.id, mediator.id) }))),
    );
    const seqs = results.map((r) => (r.ok ? Number(r.value.caseNo.match(/第(\d+)号/)![1]) : -1)).sort((a, b) => a - b);
    expect(seqs).toEqual([1, 2, 3, 4, 5]);
  });

  it("goes registered → in mediation → settled, with performance and a follow-up, and refuses a second conclusion", async () => {
    const { tree, staff, mediator } = await setup();
    const reg = await registerMediation({ actor: staff, data: registration(tree.townA1.id, mediator.id, { amount: 1234567 }) });
    if (!reg.ok) throw new Error();
    const id = reg.value.id;
    expect(await recordSession({ actor: staff, id, version: 1, data: { heldOn: "2024-03-04", mediatorNames: "张调解", notes: "x" } })).toMatchObject({
      fieldErrors: { heldOn: "err.beforeRegistration" },
    });
    expect((await recordSession({ actor: staff, id, version: 1, data: { heldOn: "2024-03-06", mediatorNames: "张调解", notes: "双方陈述" } })).ok).toBe(true);
    expect((await getMediation({ actor: staff, id }))?.status).toBe("in_mediation");
    // conclusion before registration, and success without terms, are refused
    expect(await concludeMediation({ actor: staff, id, data: conclude({ concludedOn: "2024-03-01", result: "withdrawn", withdrawReason: "x", version: 2 }) })).toMatchObject({
      fieldErrors: { concludedOn: "err.beforeRegistration" },
    });
    const noTerms = MediationConcludeSchema.safeParse({ concludedOn: "2024-03-20", result: "success", agreementForm: "written", performance: "in_progress", version: 2 });
    expect(noTerms.success).toBe(false);
    const settled = await concludeMediation({
      actor: staff,
      id,
      data: conclude({
        result: "success",
        agreementForm: "written",
        agreementTerms: "李小红于4月1日前改建排水沟",
        agreementAmount: "800.50",
        performanceDeadline: "2024-04-01",
        performance: "in_progress",
        version: 2,
      }),
    });
    expect(settled.ok).toBe(true);
    expect(await concludeMediation({ actor: staff, id, data: conclude({ result: "failed", failureReason: "x", failureRoute: "litigation", version: 3 }) })).toMatchObject({
      status: 409,
      formError: "err.alreadyConcluded",
    });
    // judicial confirmation: within 30 days of the agreement
    expect(await updatePerformance({ actor: staff, id, data: { performance: "in_progress", judicialConfirmation: "applied", jcAppliedOn: "2024-04-20", version: 3 } })).toMatchObject({
      fieldErrors: { jcAppliedOn: "err.jcWindowPassed" },
    });
    expect((await updatePerformance({ actor: staff, id, data: { performance: "in_progress", judicialConfirmation: "applied", jcAppliedOn: "2024-04-19", version: 3 } })).ok).toBe(true);
    expect((await addFollowup({ actor: staff, id, data: { visitedOn: "2024-04-10", visitor: "张调解", performanceFound: "performed", satisfaction: "satisfied", notes: "" } })).ok).toBe(
      true,
    );
    const m = (await getMediation({ actor: staff, id }))!;
    expect(m).toMatchObject({ status: "success", performance: "performed", judicialConfirmation: "applied", agreementAmountFen: 80050 });
    expect(m.sessions).toHaveLength(1);
    expect(m.followups).toHaveLength(1);
    expect(await getMediationFigures({ actor: staff, unitId: tree.countyA.id, from: "2024-01-01", to: "2024-12-31" })).toBeNull(); // above the township
    const f = (await getMediationFigures({ actor: await makeActor(tree.countyA, "bureau"), unitId: tree.countyA.id, from: "2024-01-01", to: "2024-12-31" }))!;
    expect(f).toMatchObject({ accepted: 1, concluded: 1, successful: 1, failed: 0, successRate: 1, agreementAmountFen: 80050, amountInDisputeFen: 1234567, followups: 1 });
    expect(f.bySatisfaction.find((s) => s.code === "satisfied")?.value).toBe(1);
    expect(f.byPerformance.find((s) => s.code === "performed")?.value).toBe(1);
  });

  it("a stale edit answers 409 and changes nothing", async () => {
    const { tree, staff, mediator } = await setup();
    const reg = await registerMediation({ actor: staff, data: registration(tree.townA1.id, mediator.id) });
    if (!reg.ok) throw new Error();
    const other = await makeActor(tree.townA1);
    expect((await recordSession({ actor: staff, id: reg.value.id, version: 1, data: { heldOn: "2024-03-06", mediatorNames: "张", notes: "x" } })).ok).toBe(true);
    const stale = await concludeMediation({ actor: other, id: reg.value.id, data: conclude({ result: "withdrawn", withdrawReason: "当事人撤回", version: 1 }) });
    expect(stale).toMatchObject({ status: 409, formError: "err.stale" });
    expect((await getMediation({ actor: staff, id: reg.value.id }))?.status).toBe("in_mediation");
  });

  it("counts a transferred dispute once, at the unit that concluded it, and keeps the trail", async () => {
    const { tree, staff } = await setup();
    const villStaff = await makeActor(tree.villA1a);
    const villMediator = await makeMediator(tree.villA1a.id);
    const reg = await registerMediation({ actor: villStaff, data: registration(tree.villA1a.id, villMediator.id) });
    if (!reg.ok) throw new Error();
    const id = reg.value.id;
    const year = async (unitId: number) => (await getMediationFigures({ actor: await makeActor(tree.city, "bureau"), unitId, from: "2024-01-01", to: "2024-12-31" }))!;
    expect((await year(tree.villA1a.id)).accepted).toBe(1);
    // outside the county is refused
    expect(await transferMediation({ actor: villStaff, id, data: { toUnitId: tree.townB1.id, transferredOn: "2024-03-06", reason: "x", version: 1 } })).toMatchObject({
      fieldErrors: { toUnitId: "err.transferOutsideCounty" },
    });
    // a legal aid centre is no mediation body
    const centre = await makeUnit({ parentId: tree.countyA.id, level: "county", type: "legal_aid_centre", name: "法律援助中心" });
    expect(await transferMediation({ actor: villStaff, id, data: { toUnitId: centre.id, transferredOn: "2024-03-06", reason: "x", version: 1 } })).toMatchObject({
      fieldErrors: { toUnitId: "err.notMediationBody" },
    });
    expect((await transferMediation({ actor: villStaff, id, data: { toUnitId: tree.townA1.id, transferredOn: "2024-03-06", reason: "村级调解未果，提交镇调委会", version: 1 } })).ok).toBe(true);
    // the village no longer has it; the township does
    expect(await getMediation({ actor: villStaff, id })).toBeNull();
    expect((await concludeMediation({ actor: staff, id, data: conclude({ result: "success", agreementForm: "oral", agreementTerms: "口头约定", performance: "immediate", version: 2 }) })).ok).toBe(true);
    expect([(await year(tree.villA1a.id)).accepted, (await year(tree.townA1.id)).accepted, (await year(tree.townA1.id)).successful]).toEqual([0, 1, 1]);
    expect([(await year(tree.countyA.id)).accepted, (await year(tree.countyA.id)).successful, (await year(tree.city.id)).successful]).toEqual([1, 1, 1]);
    const m = (await getMediation({ actor: staff, id }))!;
    expect(m.caseNo).toBe("（2024）城东村调字第0001号");
    expect(m.transfers.map((t) => [t.fromUnitName, t.toUnitName])).toEqual([["城东村", "猗氏镇"]]);
  });

  it("a failed mediation records the route; a withdrawal its reason; the rate is successful ÷ (successful + failed)", async () => {
    const { tree, staff, mediator } = await setup();
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await registerMediation({ actor: staff, data: registration(tree.townA1.id, mediator.id) });
      if (!r.ok) throw new Error();
      ids.push(r.value.id);
    }
    await concludeMediation({ actor: staff, id: ids[0], data: conclude({ result: "success", agreementForm: "written", agreementTerms: "t", performance: "immediate" }) });
    await concludeMediation({ actor: staff, id: ids[1], data: conclude({ result: "success", agreementForm: "written", agreementTerms: "t", performance: "immediate" }) });
    await concludeMediation({ actor: staff, id: ids[2], data: conclude({ result: "failed", failureReason: "分歧过大", failureRoute: "litigation" }) });
    await concludeMediation({ actor: staff, id: ids[3], data: conclude({ result: "withdrawn", withdrawReason: "自行和解" }) });
    const f = (await getMediationFigures({ actor: staff, unitId: tree.townA1.id, from: "2024-03-01", to: "2024-03-31" }))!;
    expect(f).toMatchObject({ accepted: 4, concluded: 4, successful: 2, failed: 1, withdrawn: 1 });
    expect(f.successRate).toBeCloseTo(2 / 3, 10);
    expect(f.successShareOfConcluded).toBeCloseTo(0.5, 10);
    expect(f.byFailureRoute.find((r) => r.code === "litigation")?.value).toBe(1);
  });
});

describe("mediation: jurisdiction, masking and duplicates", () => {
  it("never shows another township's dispute; masks personal data unless revealed, and audits every full view", async () => {
    const { tree, staff, mediator } = await setup();
    const reg = await registerMediation({ actor: staff, data: registration(tree.townA1.id, mediator.id) });
    if (!reg.ok) throw new Error();
    const id = reg.value.id;
    const other = await makeActor(tree.townA2);
    expect(await getMediation({ actor: other, id })).toBeNull();
    expect((await listMediations({ actor: other, filters: {} })).total).toBe(0);
    expect(await concludeMediation({ actor: other, id, data: conclude({ result: "withdrawn", withdrawReason: "x" }) })).toMatchObject({ status: 404 });

    const masked = (await getMediation({ actor: staff, id }))!;
    expect(masked.parties[0].idNumber).toMatch(/^140821\*{8}\d{3}[\dX]$/);
    expect(masked.parties[0].phone).toBe("138****5678");
    // no birth date beside a masked ID (it would give the number away): the age only
    expect(masked.parties[0].birthDate).toBeNull();
    expect(masked.parties[0].age).toBeGreaterThan(40);
    const full = (await getMediation({ actor: await makeActor(tree.countyA, "bureau"), id, reveal: true }))!;
    expect(full.parties[0].idNumber).toBe(party().idNumber);
    const views = await getDb().select().from(auditLog).where(eq(auditLog.action, "view_personal")).all();
    expect(views).toHaveLength(1);
    // report writers get de-identified data and cannot reveal
    const writer = await makeActor(tree.countyA, "report_writer");
    const deid = (await getMediation({ actor: writer, id, reveal: true }))!;
    expect(deid.parties[0].name).toBe("王**");
    expect(deid.parties[0].idNumber).not.toBe(party().idNumber);
    expect(deid.summary).toBe("");
    expect((await listMediations({ actor: writer, filters: {} })).rows[0].parties[0].name).toBe("王**");
    expect(await getDb().select().from(auditLog).where(eq(auditLog.action, "view_personal")).all()).toHaveLength(1);
  });

  it("de-identifies the free text too: the parties' names, ID numbers and phones in agreement terms and reasons", async () => {
    const { tree, staff, mediator } = await setup();
    const applicantId = party().idNumber;
    const reg = await registerMediation({ actor: staff, data: registration(tree.townA1.id, mediator.id) });
    if (!reg.ok) throw new Error();
    const terms = `一、李小红于十日内赔偿王大成（身份证号${applicantId}，电话13812345678）修缮费三千元；二、王大成不再追究。`;
    await concludeMediation({ actor: staff, id: reg.value.id, data: conclude({ result: "success", agreementForm: "written", agreementTerms: terms, performanceManner: "转账给王大成", performance: "immediate" }) });
    const failed = await registerMediation({ actor: staff, data: registration(tree.townA1.id, mediator.id, { registeredOn: "2024-03-06" }) });
    if (!failed.ok) throw new Error();
    await concludeMediation({ actor: staff, id: failed.value.id, data: conclude({ result: "failed", failureReason: "李小红（13900001111）拒不到场", failureRoute: "litigation" }) });

    const writer = await makeActor(tree.countyA, "report_writer");
    const seen = (await getMediation({ actor: writer, id: reg.value.id }))!;
    const text = JSON.stringify(seen);
    for (const secret of ["王大成", "李小红", applicantId, "13812345678"]) expect(text).not.toContain(secret);
    expect(seen.agreementTerms).toBe(`一、李**于十日内赔偿王**（身份证号${maskIdNumber(applicantId)}，电话138****5678）修缮费三千元；二、王**不再追究。`);
    expect(seen.performanceManner).toBe("转账给王**");
    expect((await getMediation({ actor: writer, id: failed.value.id }))!.failureReason).toBe("李**（139****1111）拒不到场");
    // staff read names but, until they ask for the full view, masked numbers; the full view has the text as written
    expect((await getMediation({ actor: staff, id: reg.value.id }))!.agreementTerms).toBe(
      `一、李小红于十日内赔偿王大成（身份证号${maskIdNumber(applicantId)}，电话138****5678）修缮费三千元；二、王大成不再追究。`,
    );
    expect((await getMediation({ actor: staff, id: reg.value.id, reveal: true }))!.agreementTerms).toBe(terms);
  });

  it("finds an open dispute of the same party anywhere in the county", async () => {
    const { tree, staff, mediator } = await setup();
    const reg = await registerMediation({ actor: staff, data: registration(tree.townA1.id, mediator.id) });
    if (!reg.ok) throw new Error();
    const otherTown = await makeActor(tree.townA2);
    // same ID number
    expect(await findLikelyDuplicates({ actor: otherTown, unitId: tree.townA2.id, parties: [party({ name: "王大城" })] })).toMatchObject([
      { caseNo: reg.value.caseNo, inReach: false },
    ]);
    // same name and phone without an ID
    expect(await findLikelyDuplicates({ actor: otherTown, unitId: tree.townA2.id, parties: [party({ idNumber: "" })] })).toHaveLength(1);
    // not in another county
    expect(await findLikelyDuplicates({ actor: await makeActor(tree.townB1), unitId: tree.townB1.id, parties: [party()] })).toHaveLength(0);
    // not once concluded
    await concludeMediation({ actor: staff, id: reg.value.id, data: conclude({ result: "withdrawn", withdrawReason: "x" }) });
    expect(await findLikelyDuplicates({ actor: otherTown, unitId: tree.townA2.id, parties: [party()] })).toHaveLength(0);
  });

  it("refuses registration at a unit out of reach, a roster mediator of another unit, and amounts below zero", async () => {
    const { tree, staff, mediator } = await setup();
    const count = async () => (await getDb().select({ n: sql<number>`count(*)` }).from(mediations).get())!.n;
    const before = await count();
    expect(await registerMediation({ actor: staff, data: registration(tree.townA2.id, mediator.id) })).toMatchObject({ fieldErrors: { unitId: "err.unitOutside" } });
    const foreign = await makeMediator(tree.townA2.id);
    expect(await registerMediation({ actor: staff, data: registration(tree.townA1.id, foreign.id) })).toMatchObject({ fieldErrors: { mediatorIds: "err.mediatorOutside" } });
    const fd = new URLSearchParams({ amount: "-5" });
    const r = parseSubmission(MediationRegisterSchema, fd, ["mediatorIds"], true);
    expect(!r.ok && r.fieldErrors.amount).toBe("err.moneyNegative");
    expect(await count()).toBe(before);
  });
});

describe("mediation deadlines", () => {
  it("flag open disputes past 30 days, across month and year ends", () => {
    const base = { status: "registered", registeredOn: "2023-12-15", concludedOn: null, performance: null, performanceDeadline: null, judicialConfirmation: "none" };
    expect(mediationDeadlines(base, false, "2024-01-14")).toMatchObject({ concludeBy: "2024-01-14", openOverdue: false });
    expect(mediationDeadlines(base, false, "2024-01-15")).toMatchObject({ openOverdue: true });
    const settled = { ...base, status: "success", concludedOn: "2024-01-31", performance: "in_progress", performanceDeadline: "2024-02-29" };
    expect(mediationDeadlines(settled, false, "2024-03-01")).toMatchObject({ performanceOverdue: true, jcBy: "2024-03-01", jcWindowOpen: true, followupOverdue: false });
    expect(mediationDeadlines(settled, false, "2024-03-02")).toMatchObject({ jcWindowOpen: false, followupOverdue: true });
    expect(mediationDeadlines(settled, true, "2024-03-02")).toMatchObject({ followupDue: false });
  });
});

describe("mediation counters", () => {
  it("equal a raw recount after random lifecycles including transfers and voids", async () => {
    const tree = await makeTree();
    const extra = await makeUnit({ parentId: tree.countyA.id, level: "county", type: "industry_committee", name: "交通调委会" });
    const staffCounty = await makeActor(tree.countyA, "centre_head");
    const roster = new Map<number, number>();
    for (const u of [tree.townA1, tree.townA2, tree.villA1a, tree.villA1b, tree.villA2a, extra]) roster.set(u.id, (await makeMediator(u.id)).id);
    let seed = 42;
    const r = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
    const day = () => `2024-${String(1 + Math.floor(r() * 10)).padStart(2, "0")}-${String(1 + Math.floor(r() * 28)).padStart(2, "0")}`;
    const ids: number[] = [];
    for (let i = 0; i < 120; i++) {
      const unitId = pick([...roster.keys()]);
      const res = await registerMediation({
        actor: staffCounty,
        data: registration(unitId, roster.get(unitId)!, {
          registeredOn: day(),
          disputeType: pick(["neighbour", "marriage_family", "traffic", "labour"]),
          source: pick(["application", "court", "screening"]),
          isMass: r() < 0.1,
          personsInvolved: 2 + Math.floor(r() * 5),
        }),
      });
      if (res.ok) ids.push(res.value.id);
    }
    const version = async (id: number) => (await getDb().select({ v: mediations.version, reg: mediations.registeredOn }).from(mediations).where(eq(mediations.id, id)).get())!;
    for (const id of ids) {
      const x = r();
      const { v, reg } = await version(id);
      const later = reg < "2024-11-01" ? "2024-11-15" : reg;
      if (x < 0.15) await transferMediation({ actor: staffCounty, id, data: { toUnitId: pick([tree.townA1.id, extra.id]), transferredOn: reg, reason: "移交", version: v } });
      const { v: v2 } = await version(id);
      if (x < 0.6)
        await concludeMediation({ actor: staffCounty, id, data: conclude({ concludedOn: later, result: "success", agreementForm: "written", agreementTerms: "t", performance: "in_progress", agreementAmount: "100", version: v2 }) });
      else if (x < 0.7) await concludeMediation({ actor: staffCounty, id, data: conclude({ concludedOn: later, result: "failed", failureReason: "x", failureRoute: "arbitration", version: v2 }) });
      else if (x < 0.75) await concludeMediation({ actor: staffCounty, id, data: conclude({ concludedOn: later, result: "withdrawn", withdrawReason: "x", version: v2 }) });
      else if (x < 0.8) await voidMediation({ actor: staffCounty, id, version: v2, reason: "重复" });
      if (x < 0.4) await addFollowup({ actor: staffCounty, id, data: { visitedOn: "2024-11-20", visitor: "张", performanceFound: pick(["performed", "partial"]), satisfaction: pick(["satisfied", "fairly", "dissatisfied"]), notes: "" } });
    }
    const db = getDb();
    for (const u of await db.select({ id: units.id, path: units.path }).from(units).all()) {
      const nonZero = (m: Map<string, number>) => new Map([...m].filter(([k, v]) => v !== 0 && k.startsWith("mediation.")));
      expect(nonZero(await readCounters(db, u.id, 202401, 202412)), u.path).toEqual(nonZero(await recountRaw(db, { path: u.path, from: "2024-01-01", to: "2024-12-31" })));
    }
    const f = (await getMediationFigures({ actor: staffCounty, unitId: tree.countyA.id, from: "2024-01-01", to: "2024-12-31" }))!;
    expect(f.successful).toBeLessThanOrEqual(f.concluded);
    expect(f.concluded).toBeLessThanOrEqual(f.accepted);
  });
});

describe("the mediation list's follow-up flag", () => {
  it("is the dispute's own: a settled dispute with a visit is not due, one without is (ids of visits and disputes differ)", async () => {
    const { tree, staff, mediator } = await setup();
    const settle = async (id: number) =>
      expect(
        (await concludeMediation({
          actor: staff,
          id,
          data: conclude({ result: "success", agreementForm: "oral", agreementTerms: "当场履行", performance: "in_progress", performanceDeadline: "2024-04-01", version: 1 }),
        })).ok,
      ).toBe(true);
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await registerMediation({ actor: staff, data: registration(tree.townA1.id, mediator.id) });
      if (!r.ok) throw new Error("registration refused");
      await settle(r.value.id);
      ids.push(r.value.id);
    }
    const [without, visited] = ids.slice(1);
    expect((await addFollowup({ actor: staff, id: visited, data: { visitedOn: "2024-04-10", visitor: "张调解", performanceFound: "performed", satisfaction: "satisfied", notes: "" } })).ok).toBe(true);
    const db = getDb();
    // the visit's own id is not its dispute's id (the bug compared the visit's id with its dispute id)
    const visit = (await db.get<{ id: number; mediationId: number }>(sql`SELECT id, mediation_id AS mediationId FROM mediation_followups`))!;
    expect(visit.id).not.toBe(visit.mediationId);
    const list = await listMediations({ actor: staff, filters: {}, today: "2024-06-30" });
    const row = (id: number) => list.rows.find((r) => r.id === id)!;
    expect(row(visited).deadlines.followupDue).toBe(false);
    expect(row(without).deadlines.followupDue).toBe(true);
    expect(row(without).deadlines.followupOverdue).toBe(true);
  });
});

describe("dispute types added by bureaus", () => {
  it("are seen below the unit that added them and by the units above it, not by a neighbouring county", async () => {
    const tree = await makeTree();
    const added = await addDisputeType({ actor: await makeActor(tree.countyA, "admin"), name: "林地纠纷" });
    if (!added.ok) throw new Error(JSON.stringify(added));
    const custom = async (unit: { id: number; path: string; name: string; level: string }) =>
      (await listDisputeTypes({ actor: await makeActor(unit, "staff") })).filter((t) => !t.builtIn).map((t) => `${t.code} ${t.zh}`);
    expect(await custom(tree.townA1)).toEqual([`${added.value.code} 林地纠纷`]);
    expect(await custom(tree.countyA)).toEqual([`${added.value.code} 林地纠纷`]);
    expect(await custom(tree.city)).toEqual([`${added.value.code} 林地纠纷`]);
    expect(await custom(tree.countyB)).toEqual([]);
    expect(await custom(tree.townB1)).toEqual([]);
    // inactive types only when asked for
    await rawRun(getDb(), `UPDATE dispute_types SET active = FALSE WHERE id = ?`, [Number(added.value.code.slice(1))]);
    expect(await custom(tree.townA1)).toEqual([]);
    expect((await listDisputeTypes({ actor: await makeActor(tree.townA1, "staff"), includeInactive: true })).filter((t) => !t.builtIn)).toHaveLength(1);
  });
});
