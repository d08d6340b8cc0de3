import { describe, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { targets } from "../../db/schema";
import { consultationData, makeActor, makeTree } from "../../tests/factories";
import { createConsultation } from "./consultations.server";
import { offeredYears } from "./targets.server";
import { quickPeriods } from "./report-export.server";

describe("years offered by the year pickers (targets, monitoring, report periods)", () => {
  it("go back to the first year with records or targets, up to next year", async () => {
    const t = await makeTree();
    const bureau = await makeActor(t.countyA, "bureau");
    const today = "2026-06-01";
    // nothing yet: this year and last, and next year for targets
    expect(await offeredYears({ actor: bureau, today })).toEqual([2027, 2026, 2025]);
    expect(await offeredYears({ actor: bureau, today, upTo: "this" })).toEqual([2026, 2025]);

    const staff = await makeActor(t.villA1a, "staff");
    expect((await createConsultation({ actor: staff, data: consultationData(t.villA1a.id, { date: "2021-03-05" }) })).ok).toBe(true);
    expect(await offeredYears({ actor: bureau, today, upTo: "this" })).toEqual([2026, 2025, 2024, 2023, 2022, 2021]);

    // a target of 2019 in the subtree: offered; one in another county: not
    const setter = await makeActor(t.city, "bureau");
    await getDb().insert(targets).values({ unitId: t.townA1.id, year: 2019, indicator: "consultation.personTimes", value: 100, setByUnitId: t.city.id, setById: setter.id }).run();
    await getDb().insert(targets).values({ unitId: t.townB1.id, year: 2015, indicator: "consultation.personTimes", value: 100, setByUnitId: t.city.id, setById: setter.id }).run();
    expect((await offeredYears({ actor: bureau, today })).at(-1)).toBe(2019);
    expect((await offeredYears({ actor: setter, today })).at(-1)).toBe(2015);

    // the report form gets a whole-year link for each earlier year
    const q = quickPeriods(2026, today, await offeredYears({ actor: bureau, today, upTo: "this" }));
    expect(q.years.map((y) => y.n)).toEqual([2024, 2023, 2022, 2021, 2020, 2019]);
    expect(q.years[0]).toEqual({ n: 2024, from: "2024-01-01", to: "2024-12-31" });
  });
});

import { targetConsistency } from "./targets.server";

describe("a parent's target against its children's", () => {
  it("says when the children's targets do not add up to it, and which children have none", async () => {
    const t = await makeTree();
    const setter = await makeActor(t.city, "bureau");
    const put = async (unitId: number, indicator: string, value: number) =>
      await getDb().insert(targets).values({ unitId, year: 2025, indicator, value, setByUnitId: t.city.id, setById: setter.id }).run();
    await put(t.countyA.id, "consultation.personTimes", 1000);
    await put(t.townA1.id, "consultation.personTimes", 600); // 嵋阳镇 has none: 400 short
    await put(t.countyA.id, "mediation.concluded", 100);
    await put(t.townA1.id, "mediation.concluded", 60);
    await put(t.townA2.id, "mediation.concluded", 40); // adds up: not mentioned
    await put(t.countyA.id, "legalAid.granted", 10);
    await put(t.townA1.id, "legalAid.granted", 8);
    await put(t.townA2.id, "legalAid.granted", 5); // 3 more than the county's
    const notes = await targetConsistency({ actor: setter, unitId: t.countyA.id, year: 2025 });
    expect(notes.map((n) => [n.key, n.target, n.childrenSum, n.status, n.missing.map((m) => m.name)])).toEqual([
      ["consultation.personTimes", 1000, 600, "below", ["嵋阳镇"]],
      ["legalAid.granted", 10, 13, "above", []],
    ]);
    // a village (no children) or a year without targets: nothing to say
    expect(await targetConsistency({ actor: setter, unitId: t.villA1a.id, year: 2025 })).toEqual([]);
    expect(await targetConsistency({ actor: setter, unitId: t.countyA.id, year: 2024 })).toEqual([]);
  });
});
