import { describe, expect, it } from "vitest";
import { makeActor, makeTree } from "../../tests/factories";
import { addRegistryPerson, listRegistryPeople, registryCounts } from "./registries.server";
import { reportSentences } from "./report-sentences";
import { reportSections } from "./report-indicators";
import { RegistryPersonSchema } from "~/schemas/import";

const person = (unitId: number, name: string, employer: string, over: { startOn?: string; endOn?: string } = {}) => ({
  unitId,
  name,
  phone: "",
  firmName: "山西河东律师事务所",
  employer,
  startOn: over.startOn ?? "2020-01-01",
  endOn: over.endOn,
});
const NONE = { consultation: { personTimes: 0, previousPersonTimes: 0 }, mediation: { accepted: 0, concluded: 0, successful: 0, massDisputes: 0, preventedCriminal: 0, agreementAmountFen: 0, previousConcluded: 0 }, legalAid: null };

describe("政府法律顾问 (government legal advisers)", () => {
  it("are a registry kind counted like the others: advisers and hiring departments, the unit's own and its area's", async () => {
    const t = await makeTree();
    const admin = await makeActor(t.city, "admin");
    const add = async (unitId: number, name: string, employer: string, over = {}) => {
      const r = await addRegistryPerson({ actor: admin, kind: "gov_adviser", data: person(unitId, name, employer, over) });
      expect(r.ok).toBe(true);
    };
    await add(t.city.id, "王律师", "运城市教育局");
    await add(t.city.id, "李律师", "运城市教育局");
    await add(t.city.id, "赵律师", "运城市司法局");
    await add(t.countyA.id, "钱律师", "临猗县民政局");
    await add(t.city.id, "孙律师", "运城市财政局", { startOn: "2020-01-01", endOn: "2023-12-31" }); // ended: not counted later
    const c = (await registryCounts({ actor: admin, unitId: t.city.id, day: "2024-06-30" }))!;
    expect(c.govAdvisers).toEqual({ advisers: 4, departments: 2 + 1, ownAdvisers: 3, ownDepartments: 2 });
    expect((await registryCounts({ actor: admin, unitId: t.countyA.id, day: "2024-06-30" }))!.govAdvisers).toEqual({ advisers: 1, departments: 1, ownAdvisers: 1, ownDepartments: 1 });
    // the list shows the department with the firm; 法律明白人 are not mixed in
    const list = await listRegistryPeople({ actor: admin, kind: "gov_adviser", unitId: t.city.id, day: "2024-06-30" });
    expect(list.total).toBe(4);
    expect(list.rows.find((r) => r.name === "王律师")).toMatchObject({ employer: "运城市教育局", firmName: "山西河东律师事务所" });
    expect((await registryCounts({ actor: admin, unitId: t.city.id, day: "2024-06-30" }))!.legallyLiterate).toBe(0);
  });

  it("need their hiring department: a clear message, nothing written", async () => {
    const t = await makeTree();
    const admin = await makeActor(t.city, "admin");
    const parsed = RegistryPersonSchema.parse({ unitId: String(t.city.id), name: "周律师", startOn: "2024-01-01" });
    expect(await addRegistryPerson({ actor: admin, kind: "gov_adviser", data: parsed })).toMatchObject({ ok: false, status: 400, fieldErrors: { employer: "reg.err.employer" } });
    expect((await registryCounts({ actor: admin, unitId: t.city.id }))!.govAdvisers.advisers).toBe(0);
  });

  it("have the seed's sentence: 37个市直部门聘用法律顾问104名", () => {
    const city = { name: "运城市", level: "city", type: "admin" };
    const reg = { committees: 0, mediators: 0, fullTimeMediators: 0, personalRooms: 0 };
    const text = (govAdvisers: { advisers: number; departments: number; ownAdvisers: number; ownDepartments: number }, unit = city) =>
      reportSentences(unit, "2023-01-01", "2023-12-31", { ...NONE, registry: { ...reg, govAdvisers } }).find((s) => s.key === "govAdvisers")?.text;
    expect(text({ advisers: 104, departments: 37, ownAdvisers: 104, ownDepartments: 37 })).toBe("截至2023年底，37个市直部门聘用法律顾问104名。");
    expect(text({ advisers: 125, departments: 49, ownAdvisers: 104, ownDepartments: 37 })).toBe("截至2023年底，37个市直部门聘用法律顾问104名，全市各级共聘用政府法律顾问125名。");
    expect(text({ advisers: 21, departments: 12, ownAdvisers: 21, ownDepartments: 12 }, { name: "临猗县", level: "county", type: "admin" })).toBe("截至2023年底，12个县直部门聘用法律顾问21名。");
    expect(text({ advisers: 3, departments: 2, ownAdvisers: 0, ownDepartments: 0 }, { name: "猗氏镇", level: "township", type: "admin" })).toBe("截至2023年底，全镇2个部门聘用政府法律顾问3名。");
    // none: no sentence
    expect(text({ advisers: 0, departments: 0, ownAdvisers: 0, ownDepartments: 0 })).toBeUndefined();
  });

  it("are rows of the 组织与队伍 section (page, exports, API, editions), with English labels", () => {
    const org = reportSections(new Map(), []).find((s) => s.key === "org")!;
    const row = org.rows.find((r) => r.key === "org.govAdvisers")!;
    expect(row.label).toEqual({ zh: "政府法律顾问", en: "Government legal advisers" });
    expect(org.rows.find((r) => r.key === "org.govAdviserDepartments")!.label.en).toBe("Departments with a legal adviser");
    expect(org.rows.every((r) => r.label.en !== r.label.zh)).toBe(true);
  });
});
