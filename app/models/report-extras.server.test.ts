import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { legalAidCases } from "../../db/schema";
import { getDb } from "~/utils/db.server";
import { consultationData, legalAidData, makeActor, makeLegalAidCentre, makeProvider, makeTree, makeUnit } from "../../tests/factories";
import { makeMediator, mediate } from "../../tests/report-fixtures";
import { satisfactionOf } from "./counting-rules";
import { createConsultation } from "./consultations.server";
import { freezeEdition, getEditionPayload } from "./editions.server";
import { applyLegalAid, assignLegalAid, closeLegalAid, grantLegalAid, recordLegalAidFollowup } from "./legal-aid.server";
import { addFollowup } from "./mediations.server";
import { addRegistryPerson } from "./registries.server";
import { getCoverage, getReportStyle, legalAidFollowups, openOfPeriod, rankAmongSiblings, setReportStyle } from "./report-extras.server";
import { DEFAULT_REPORT_STYLE } from "./report-style";
import { getReport } from "./reports.server";

const person = (unitId: number, name: string, over: { startOn?: string; endOn?: string } = {}) => ({ unitId, name, phone: "", firmName: "", startOn: over.startOn ?? "2020-01-01", endOn: over.endOn });

describe("coverage of villages", () => {
  it("counts villages with at least one active 法律明白人 / 顾问 / service point and lists those without", async () => {
    const tree = await makeTree();
    const admin = await makeActor(tree.countyA, "admin");
    // 城东村: a literate villager; 城西村: one whose term ended before the day; 嵋阳村: two and an adviser
    for (const [unitId, name, over] of [
      [tree.villA1a.id, "甲", {}],
      [tree.villA1b.id, "乙", { endOn: "2024-06-30" }],
      [tree.villA2a.id, "丙", {}],
      [tree.villA2a.id, "丁", {}],
    ] as const)
      expect((await addRegistryPerson({ actor: admin, kind: "literate", data: person(unitId, name, over) })).ok).toBe(true);
    expect((await addRegistryPerson({ actor: admin, kind: "adviser", data: person(tree.villA2a.id, "王律师") })).ok).toBe(true);
    await makeUnit({ parentId: tree.villA1a.id, name: "城东村公共法律服务联系点", level: "village", type: "service_centre" });

    const writer = await makeActor(tree.countyA, "report_writer");
    const c = (await getCoverage({ actor: writer, unitId: tree.countyA.id, day: "2024-12-31" }))!;
    expect(c.villages).toBe(3);
    expect(c.literate).toMatchObject({ covered: 2, rate: 2 / 3 });
    expect(c.literate.without).toEqual([{ id: tree.villA1b.id, name: "城西村", parentName: "猗氏镇" }]);
    expect(c.adviser.covered).toBe(1);
    expect(c.servicePoint.without.map((v) => v.name)).toEqual(["城西村", "嵋阳村"]);
    // before the term ended, 城西村 was covered
    expect((await getCoverage({ actor: writer, unitId: tree.countyA.id, day: "2024-06-01" }))!.literate.covered).toBe(3);
    // a unit without villages: nothing to divide by
    const centre = await makeLegalAidCentre(tree.countyA);
    const none = (await getCoverage({ actor: writer, unitId: centre.id, day: "2024-12-31" }))!;
    expect(none.villages).toBe(0);
    expect(none.literate.rate).toBeNull();
    // out of reach
    expect(await getCoverage({ actor: writer, unitId: tree.countyB.id })).toBeNull();

    const report = (await getReport({ actor: writer, unitId: tree.countyA.id, from: "2024-01-01", to: "2024-12-31" }))!;
    const row = report.sections.find((s) => s.key === "org")!.rows.find((r) => r.key === "org.coverage.literate")!;
    expect(row.value).toBeCloseTo(2 / 3);
    expect(row.href).toBe(`/reports/coverage?unit=${tree.countyA.id}&day=2024-12-31&kind=literate`);
    expect(report.sentences.find((s) => s.key === "literate")?.text).toBe("截至2024年底，全县共培养“法律明白人”3名，覆盖3个村（社区）中的2个。");
  });
});

describe("satisfaction from follow-up visits", () => {
  it("counts 满意 and 基本满意 over every visit of the period, mediation and legal aid", async () => {
    expect(satisfactionOf({ satisfied: 0, fairly: 0, dissatisfied: 0 }).rate).toBeNull();
    const tree = await makeTree();
    const staff = await makeActor(tree.townA1);
    const m = await makeMediator(tree.townA1.id);
    const a = await mediate(staff, tree.townA1.id, m.id, { registeredOn: "2024-03-05", result: "success", concludedOn: "2024-03-20" });
    const b = await mediate(staff, tree.townA1.id, m.id, { registeredOn: "2024-03-05", result: "success", concludedOn: "2024-03-20" });
    const visit = async (id: number, visitedOn: string, satisfaction: string) =>
      expect((await addFollowup({ actor: staff, id, data: { visitedOn, visitor: "张", performanceFound: "performed", satisfaction, notes: "" } as never })).ok).toBe(true);
    await visit(a, "2024-04-01", "satisfied");
    await visit(a, "2024-05-01", "fairly"); // a dispute visited twice counts twice
    await visit(b, "2024-04-02", "dissatisfied");
    await visit(b, "2025-01-02", "satisfied"); // next year's visit is not this year's

    const centre = await makeLegalAidCentre(tree.countyA);
    const laStaff = await makeActor(centre, "staff");
    const c = await applyLegalAid({ actor: laStaff, data: legalAidData(centre.id, { appliedOn: "2024-02-01" }), today: "2024-12-31" });
    if (!c.ok) throw new Error(JSON.stringify(c));
    // through the model (the counters are kept by the writes): granted, assigned, closed, then followed up
    const lawyer = await makeProvider(centre.id, { name: "张律师" });
    const id = c.value.id;
    const v = async () => (await getDb().select({ v: legalAidCases.version }).from(legalAidCases).where(eq(legalAidCases.id, id)).get())!.v;
    expect((await grantLegalAid({ actor: laStaff, id, data: { decidedOn: "2024-02-05", preliminary: false, version: await v() } })).ok).toBe(true);
    expect((await assignLegalAid({ actor: laStaff, id, data: { assignedOn: "2024-02-06", providerId: lawyer.id, version: await v() } })).ok).toBe(true);
    expect((await closeLegalAid({ actor: laStaff, id, data: { closedOn: "2024-05-20", outcome: "won", recovered: 0, closingReport: "结案。", version: await v() } })).ok).toBe(true);
    expect((await recordLegalAidFollowup({ actor: laStaff, id, data: { followedUpOn: "2024-06-01", satisfaction: "satisfied", note: "", version: await v() } })).ok).toBe(true);
    expect(await legalAidFollowups({ path: tree.countyA.path, from: "2024-01-01", to: "2024-12-31" })).toEqual({ satisfied: 1, fairly: 0, dissatisfied: 0 });

    const writer = await makeActor(tree.countyA, "report_writer");
    const report = (await getReport({ actor: writer, unitId: tree.countyA.id, from: "2024-01-01", to: "2024-12-31" }))!;
    const q = Object.fromEntries(report.sections.find((s) => s.key === "quality")!.rows.map((r) => [r.key, r.value]));
    expect(q["quality.mediationSatisfactionRate"]).toBeCloseTo(2 / 3);
    expect(q["quality.legalAidFollowups"]).toBe(1);
    expect(q["quality.legalAidSatisfactionRate"]).toBe(1);
    expect(q["quality.satisfactionRate"]).toBe(3 / 4);
    expect(report.sentences.find((s) => s.key === "satisfaction")?.text).toBe("2024年，全县人民调解工作满意度66.67%。");
  });
});

describe("ranking among siblings", () => {
  it("places a unit among its parent's children, ties sharing a place; refuses a lone sibling", async () => {
    const tree = await makeTree();
    const townA3 = await makeUnit({ parentId: tree.countyA.id, name: "角杯乡", level: "township" });
    const add = async (unit: { id: number; path: string; name: string; level: string }, persons: number) => {
      const r = await createConsultation({ actor: await makeActor(unit), data: consultationData(unit.id, { date: "2024-05-05", persons }) });
      expect(r.ok).toBe(true);
    };
    await add(tree.townA1, 5);
    await add(tree.townA2, 9);
    await add(townA3, 5);
    const writer = await makeActor(tree.countyA, "report_writer");
    const rank = async (unitId: number, key = "consultation.personTimes") => await rankAmongSiblings({ actor: writer, unitId, from: "2024-01-01", to: "2024-12-31", key });
    expect(await rank(tree.townA2.id)).toMatchObject({ ok: true, value: { rank: 1, of: 3, tied: false, parentName: "临猗县" } });
    expect(await rank(tree.townA1.id)).toMatchObject({ ok: true, value: { rank: 2, of: 3, tied: true } });
    expect(await rank(townA3.id)).toMatchObject({ ok: true, value: { rank: 2, of: 3, tied: true } });
    expect(await rank(tree.townA1.id, "nope")).toMatchObject({ ok: false, status: 400, error: "report.rank.err.indicator" });
    expect(await rank(tree.townA1.id, "mediation.satisfactionRate")).toMatchObject({ ok: false, error: "report.rank.err.noValue" });
    // 城东村 and 城西村 are two; 嵋阳村 is alone under 嵋阳镇
    expect(await rank(tree.villA2a.id)).toMatchObject({ ok: false, status: 400, error: "report.rank.err.single" });
    // the county's place in the city: only the place is told, never another county's figure
    const county = await rank(tree.countyA.id);
    expect(county).toEqual({ ok: true, value: { key: "consultation.personTimes", rank: 1, of: 2, tied: false, parentId: tree.city.id, parentName: "运城市", parentLevel: "city" } });
    expect(await rank(tree.countyB.id)).toMatchObject({ ok: false, status: 404 });
  });
});

describe("completion states and the number style", () => {
  it("say how many of the period are still open, and write in the unit's stored style, frozen with the edition", async () => {
    const tree = await makeTree();
    const staff = await makeActor(tree.townA1);
    const m = await makeMediator(tree.townA1.id);
    await mediate(staff, tree.townA1.id, m.id, { registeredOn: "2024-03-05", result: "success", concludedOn: "2024-03-20" });
    await mediate(staff, tree.townA1.id, m.id, { registeredOn: "2024-03-05", result: "success", concludedOn: "2024-03-20" });
    await mediate(staff, tree.townA1.id, m.id, { registeredOn: "2024-03-05", result: "failed", concludedOn: "2024-03-20" });
    await mediate(staff, tree.townA1.id, m.id, { registeredOn: "2024-04-05" });
    expect(await openOfPeriod({ path: tree.countyA.path, from: "2024-01-01", to: "2024-12-31" })).toEqual({ mediationOpen: 1, legalAidOpen: 0 });

    const writer = await makeActor(tree.countyA, "report_writer");
    const before = (await getReport({ actor: writer, unitId: tree.countyA.id, from: "2024-01-01", to: "2024-12-31" }))!;
    expect(before.sentences.find((s) => s.key === "mediation")?.text).toBe("2024年，全县各级人民调解组织共调解各类矛盾纠纷3件，调解成功2件，成功率66.67%。");
    expect(before.sentences.find((s) => s.key === "mediationOpen")?.text).toBe("2024年受理的4件矛盾纠纷中，1件仍在办理。");

    // the county sets one decimal; a township without its own style writes as the county does
    expect(await getReportStyle({ actor: writer, unitId: tree.townA1.id })).toEqual({ style: DEFAULT_REPORT_STYLE, fromUnitId: null });
    expect(await setReportStyle({ actor: staff, unitId: tree.countyA.id, values: { ...DEFAULT_REPORT_STYLE, rateDigits: 1 } })).toMatchObject({ status: 403 });
    expect((await setReportStyle({ actor: writer, unitId: tree.countyA.id, values: { ...DEFAULT_REPORT_STYLE, rateDigits: 1 } })).ok).toBe(true);
    expect(await getReportStyle({ actor: writer, unitId: tree.townA1.id })).toEqual({ style: { ...DEFAULT_REPORT_STYLE, rateDigits: 1 }, fromUnitId: tree.countyA.id });
    const after = (await getReport({ actor: writer, unitId: tree.countyA.id, from: "2024-01-01", to: "2024-12-31" }))!;
    expect(after.sentences.find((s) => s.key === "mediation")?.text).toContain("成功率66.7%");

    const frozen = await freezeEdition({ actor: writer, unitId: tree.countyA.id, from: "2024-01-01", to: "2024-12-31", title: "临猗县2024年统计数据（报送版）" });
    if (!frozen.ok) throw new Error();
    const payload = JSON.parse((await getEditionPayload({ actor: writer, id: frozen.value.id }))!.payload);
    expect(payload.style).toEqual({ ...DEFAULT_REPORT_STYLE, rateDigits: 1 });
    expect(payload.indicators["org.committees"]).toBeGreaterThan(0);
    expect(payload.indicators["quality.mediationOpen"]).toBe(1);
  });
});
