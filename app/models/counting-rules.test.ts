import { describe, expect, it } from "vitest";
import { addToTotals, consultationContributions, consultationFigures, formatPercent, ratio, yearOnYear, type Totals } from "./counting-rules";

const c = (over: Partial<Parameters<typeof consultationContributions>[0]> = {}) => ({
  date: "2024-03-05",
  channel: "walk_in",
  topic: "labour",
  persons: 1,
  categories: "",
  nextStep: "answered",
  voidedAt: null,
  ...over,
});

describe("counting rules: consultations", () => {
  it("sums persons, not records, as person-times; records separately", () => {
    const totals: Totals = new Map();
    for (const r of [c(), c({ persons: 40, channel: "outreach", categories: "elderly,women" }), c({ persons: 2, categories: "elderly" })])
      addToTotals(totals, consultationContributions(r));
    const f = consultationFigures(totals);
    expect(f.personTimes).toBe(43);
    expect(f.records).toBe(3);
    expect(f.byChannel.find((x) => x.code === "outreach")?.value).toBe(40);
    expect(f.byChannel.find((x) => x.code === "walk_in")?.value).toBe(3);
    // a category counts the persons of every consultation tagged with it
    expect(f.byCategory.find((x) => x.code === "elderly")?.value).toBe(42);
    expect(f.byCategory.find((x) => x.code === "women")?.value).toBe(40);
    expect(f.byTopic.find((x) => x.code === "labour")?.value).toBe(43);
  });
  it("counts a voided record nowhere", () => {
    expect(consultationContributions(c({ voidedAt: "2024-03-06T00:00:00Z" }))).toEqual([]);
  });
  it("keeps only contributions inside the period", () => {
    const totals: Totals = new Map();
    addToTotals(totals, [...consultationContributions(c({ date: "2024-02-29", persons: 5 })), ...consultationContributions(c({ date: "2024-03-01", persons: 7 }))], "2024-03-01", "2024-03-31");
    expect(consultationFigures(totals).personTimes).toBe(7);
  });
});

describe("rates", () => {
  it("compute the seeds' figures at full precision and round only for display", () => {
    const success = ratio(23219, 23540)!;
    expect(success).toBeCloseTo(0.986363636, 8);
    expect(formatPercent(success)).toBe("98.64%");
    expect(formatPercent(ratio(60409, 40000))).toBe("151.02%");
    expect(formatPercent(ratio(3558, 2500), 1)).toBe("142.3%");
    expect(ratio(1, 0)).toBeNull();
    expect(formatPercent(null)).toBe("—");
    expect(yearOnYear(120, 100)).toBeCloseTo(0.2);
  });
});
