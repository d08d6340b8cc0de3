import { describe, expect, it } from "vitest";
import {
  addToTotals,
  get,
  LEGAL_AID_INDICATORS as I,
  legalAidContributions,
  legalAidFigures,
  type LegalAidFacts,
  type Totals,
} from "./counting-rules";

const base: LegalAidFacts = {
  unitId: 10,
  receivedUnitId: 10,
  status: "pending",
  appliedOn: "2024-03-05",
  decidedOn: null,
  preliminary: false,
  caseType: "civil",
  proceeding: "litigation",
  serviceForm: "agency",
  assignedOn: null,
  closedOn: null,
  outcome: null,
  recoveredFen: null,
  terminatedOn: null,
  terminationReason: null,
  qualityGrade: null,
  qualityReviewedOn: null,
  followedUpOn: null,
  satisfaction: null,
  voidedAt: null,
  beneficiaries: [{ categories: "" }],
};

function totals(cases: LegalAidFacts[], from?: string, to?: string): Totals {
  const t: Totals = new Map();
  for (const c of cases) addToTotals(t, legalAidContributions(c), from, to);
  return t;
}

describe("legal aid counting rules", () => {
  it("counts an application on its day, and where it was taken", () => {
    const t = totals([base, { ...base, receivedUnitId: 11, caseType: "criminal" }]);
    expect(get(t, I.applications)).toBe(2);
    expect(get(t, I.applications, "received:station")).toBe(1);
    expect(get(t, I.applications, "type:criminal")).toBe(1);
    expect(get(t, I.granted)).toBe(0);
  });

  it("counts a grant by decision day (办理), with beneficiaries apart from cases", () => {
    const granted: LegalAidFacts = {
      ...base,
      status: "assigned",
      decidedOn: "2024-03-08",
      assignedOn: "2024-03-09",
      beneficiaries: [{ categories: "elderly,women" }, { categories: "elderly" }, { categories: "low_income" }],
    };
    const t = totals([granted]);
    expect(get(t, I.granted)).toBe(1);
    expect(get(t, I.beneficiaries)).toBe(3);
    expect(get(t, I.beneficiaries, "category:elderly")).toBe(2);
    expect(get(t, I.beneficiaries, "category:low_income")).toBe(1);
    // one special-group case however many special beneficiaries it has; per category once per case
    expect(get(t, I.specialGroupCases)).toBe(1);
    expect(get(t, I.specialGroupCases, "category:elderly")).toBe(1);
    expect(get(t, I.specialGroupCases, "category:women")).toBe(1);
    expect(get(t, I.specialGroupCases, "category:low_income")).toBe(0);
    expect(get(t, I.granted, "proceeding:litigation")).toBe(1);
    expect(get(t, I.assigned)).toBe(1);
    // a period ending before the decision sees the application only
    const march5 = totals([granted], "2024-03-01", "2024-03-07");
    expect([get(march5, I.applications), get(march5, I.granted), get(march5, I.beneficiaries)]).toEqual([1, 0, 0]);
  });

  it("is not a special-group case with only low-income beneficiaries", () => {
    const t = totals([{ ...base, status: "granted", decidedOn: "2024-03-08", beneficiaries: [{ categories: "low_income" }] }]);
    expect(get(t, I.specialGroupCases)).toBe(0);
  });

  it("counts a refusal, a closing with its recovered money, a termination (still granted), and a quality review", () => {
    const refused = { ...base, status: "refused", decidedOn: "2024-03-09" };
    const closed = {
      ...base,
      status: "closed",
      decidedOn: "2024-03-08",
      assignedOn: "2024-03-09",
      closedOn: "2024-07-01",
      outcome: "won",
      recoveredFen: 2_966_300,
      qualityGrade: "good",
      qualityReviewedOn: "2024-07-10",
    };
    const terminated = { ...base, status: "terminated", decidedOn: "2024-03-08", terminatedOn: "2024-04-01", terminationReason: "own_counsel" };
    const t = totals([refused, closed, terminated]);
    expect(get(t, I.refused)).toBe(1);
    expect(get(t, I.granted)).toBe(2);
    expect(get(t, I.closed)).toBe(1);
    expect(get(t, I.closed, "outcome:won")).toBe(1);
    expect(get(t, I.recoveredFen)).toBe(2_966_300);
    expect(get(t, I.terminated, "reason:own_counsel")).toBe(1);
    expect(get(t, I.qualityReviews, "grade:good")).toBe(1);
    const f = legalAidFigures(t);
    expect(f).toMatchObject({ applications: 3, granted: 2, refused: 1, closed: 1, terminated: 1, recoveredYuan: 29_663, qualityReviews: 1 });
    expect(f.byType.find((x) => x.code === "civil")).toMatchObject({ applications: 3, granted: 2, refused: 1, closed: 1, recoveredFen: 2_966_300 });
    expect(f.byTerminationReason.find((x) => x.code === "own_counsel")?.value).toBe(1);
    // closed in a later year: the money counts by the closing day
    const y2024 = legalAidFigures(totals([{ ...closed, closedOn: "2025-01-03" }], "2024-01-01", "2024-12-31"));
    expect([y2024.granted, y2024.closed, y2024.recoveredFen]).toEqual([1, 0, 0]);
  });

  it("gives nothing for a voided case", () => {
    expect(
      legalAidContributions({ ...base, status: "closed", decidedOn: "2024-03-08", closedOn: "2024-05-01", voidedAt: "2024-05-02T00:00:00Z" })
    ).toEqual([]);
  });
});
