import { describe, expect, it } from "vitest";
import { consultationData, makeActor, makeMediator, makeTree, mediationData } from "../../tests/factories";
import { TARGET_INDICATORS, TargetsFormSchema } from "~/schemas/targets";
import { MediationConcludeSchema } from "~/schemas/mediation";
import { addDays } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { addFollowup, concludeMediation, registerMediation } from "./mediations.server";
import { createConsultation } from "./consultations.server";
import { asOfDay, getDashboard, rankByCompletion, targetsForApi, yearTotalsOfUnits } from "./monitoring.server";
import { actualOf, saveTargets, yearTotals } from "./targets.server";

describe("the monitoring dashboard", () => {
  it("takes figures as of today, or the year's end for a past year", () => {
    expect(asOfDay(2024, "2024-06-30")).toBe("2024-06-30");
    expect(asOfDay(2023, "2024-06-30")).toBe("2023-12-31");
    expect(asOfDay(2025, "2024-06-30")).toBe("2025-01-01");
  });

  it("ranks children by completion, those without a target last", () => {
    const ranked = rankByCompletion([
      { name: "甲", completionRate: 0.3 },
      { name: "乙", completionRate: null },
      { name: "丙", completionRate: 0.9 },
    ]);
    expect(ranked.map((r) => [r.name, r.rank])).toEqual([
      ["丙", 1],
      ["甲", 2],
      ["乙", null],
    ]);
  });

  it("shows completion against time progress and marks the lagging child in June", async () => {
    const tree = await makeTree();
    const s1 = await makeActor(tree.townA1);
    const s2 = await makeActor(tree.townA2);
    for (const [actor, unit, persons] of [
      [s1, tree.townA1, 50],
      [s2, tree.townA2, 10],
    ] as const)
      await createConsultation({ actor, data: consultationData(unit.id, { date: "2024-03-05", persons }) });
    const bureau = await makeActor(tree.countyA, "bureau");
    const data = TargetsFormSchema.parse({
      year: 2024,
      indicator: "consultation.personTimes",
      reason: "",
      rows: [
        { unitId: tree.countyA.id, value: "200", version: 0 },
        { unitId: tree.townA1.id, value: "100", version: 0 },
        { unitId: tree.townA2.id, value: "100", version: 0 },
      ],
    });
    expect((await saveTargets({ actor: bureau, data })).ok).toBe(true);
    const d = (await getDashboard({ actor: bureau, unitId: tree.countyA.id, year: 2024, today: "2024-06-30" }))!;
    const pt = d.indicators.find((i) => i.key === "consultation.personTimes")!;
    expect(pt).toMatchObject({ actual: 60, target: 200, completionRate: 0.3, lagging: true });
    expect(pt.timeProgress).toBeCloseTo(182 / 366, 12);
    expect(d.chosen.key).toBe("consultation.personTimes");
    expect(d.children.map((c) => [c.name, c.rank, c.lagging])).toEqual([
      ["猗氏镇", 1, false],
      ["嵋阳镇", 2, true],
    ]);
    expect(d.trend.months[2]).toEqual({ month: 3, thisYear: 60, lastYear: 0, partialThroughDay: null });
    expect(d.trend.months[7].thisYear).toBeNull(); // August is still to come
    expect(d.trend.months[5].partialThroughDay).toBeNull(); // June is complete on 30 June
    expect(d.trend.ytd).toEqual({ through: "2024-06-30", thisYear: 60, lastYear: 0 });
    // on 1 July, July has one day in it: marked partial, not drawn as a whole month
    const july = (await getDashboard({ actor: bureau, unitId: tree.countyA.id, year: 2024, today: "2024-07-01" }))!;
    expect(july.trend.months[6]).toMatchObject({ month: 7, thisYear: 0, partialThroughDay: 1 });
    expect(d.overdue.map((o) => o.key)).toContain("mediationOpen");
    expect(d.overdue.find((o) => o.key === "mediationOpen")!.href).toBe(`/mediations?unit=${tree.countyA.id}&overdue=open`);

    // out of reach: nothing
    expect(await getDashboard({ actor: bureau, unitId: tree.townB1.id, year: 2024 })).toBeNull();

    // the stats API's figures: the period's actual against the annual target, progress as of the period's end
    const api = await targetsForApi({ actor: bureau, unitId: tree.countyA.id, from: "2024-01-01", to: "2024-06-30", today: "2024-11-01" });
    expect(api["consultation.personTimes"]).toEqual({ target: 200, actual: 60, completionRate: 0.3, timeProgress: 182 / 366 });
  });
});

describe("the children's figures on the dashboard (issue 12)", () => {
  it("read from one counter query equal each child's full year totals, for every target indicator", async () => {
    const tree = await makeTree();
    const staff = await makeActor(tree.city);
    const days = ["2023-12-31", "2024-01-01", "2024-06-15", "2024-12-31", "2025-01-01"];
    let i = 0;
    for (const unit of [tree.villA1a, tree.townA2, tree.countyB, tree.villB1a])
      for (const day of days) {
        await createConsultation({ actor: staff, data: consultationData(unit.id, { date: day, persons: 1 + (i % 3) }) });
        const mediator = await makeMediator(unit.id, `调解员${i}`);
        const reg = await registerMediation({ actor: staff, data: mediationData(unit.id, [mediator.id], { registeredOn: day }) });
        if (!reg.ok) throw new Error(JSON.stringify(reg));
        const concludedOn = day < "2025-01-01" ? addDays(day, 1) : day;
        const c = (over: Record<string, unknown>) => MediationConcludeSchema.parse({ concludedOn, version: 1, ...over });
        if (i % 3 === 0) {
          expect((await concludeMediation({ actor: staff, id: reg.value.id, data: c({ result: "success", agreementForm: "written", agreementTerms: "付款", agreementAmount: "10", performance: "immediate" }) })).ok).toBe(true);
          const satisfaction = (["satisfied", "fairly", "dissatisfied"] as const)[(i / 3) % 3];
          expect((await addFollowup({ actor: staff, id: reg.value.id, data: { visitedOn: concludedOn, visitor: "张", performanceFound: "performed", satisfaction, notes: "" } })).ok).toBe(true);
        } else if (i % 3 === 1) expect((await concludeMediation({ actor: staff, id: reg.value.id, data: c({ result: "failed", failureReason: "x", failureRoute: "litigation" }) })).ok).toBe(true);
        i++;
      }
    const db = getDb();
    const ids = [tree.countyA.id, tree.countyB.id, tree.townA1.id, tree.townA2.id];
    for (const def of TARGET_INDICATORS) {
      const one = await yearTotalsOfUnits(db, ids, 2024, def.key);
      for (const id of ids) expect(actualOf(one.get(id)!, def.key), `${def.key} ${id}`).toBe(actualOf(await yearTotals(db, id, 2024), def.key));
    }
    // not all nothing: the fixture gives figures to compare
    expect(actualOf(await yearTotals(db, tree.countyA.id, 2024), "mediation.satisfactionRate")).not.toBeNull();
    expect(actualOf(await yearTotals(db, tree.countyB.id, 2024), "mediation.successRate")).toBeGreaterThan(0);
  });
});
