import { describe, expect, it } from "vitest";
import { addDays, isValidDay, splitPeriod, todayInChina, lastDayOfMonth, daysBetween } from "./dates";

describe("dates", () => {
  it("validates calendar days", () => {
    expect(isValidDay("2024-02-29")).toBe(true);
    expect(isValidDay("2023-02-29")).toBe(false);
    expect(isValidDay("2024-13-01")).toBe(false);
    expect(isValidDay("2024-3-5")).toBe(false);
  });
  it("takes today on the China calendar", () => {
    expect(todayInChina(new Date("2024-03-04T16:30:00Z"))).toBe("2024-03-05");
    expect(todayInChina(new Date("2024-03-04T15:59:00Z"))).toBe("2024-03-04");
  });
  it("does month arithmetic across year ends", () => {
    expect(addDays("2023-12-31", 1)).toBe("2024-01-01");
    expect(lastDayOfMonth(202402)).toBe("2024-02-29");
    expect(daysBetween("2023-12-20", "2024-01-19")).toBe(30);
  });
  it("splits a period into whole months and edge days", () => {
    expect(splitPeriod("2024-01-01", "2024-12-31")).toEqual({ months: { from: 202401, to: 202412 }, edges: [] });
    expect(splitPeriod("2024-01-15", "2024-03-10")).toEqual({
      months: { from: 202402, to: 202402 },
      edges: [
        { from: "2024-01-15", to: "2024-01-31" },
        { from: "2024-03-01", to: "2024-03-10" },
      ],
    });
    expect(splitPeriod("2024-05-03", "2024-05-20")).toEqual({ months: null, edges: [{ from: "2024-05-03", to: "2024-05-20" }] });
    expect(splitPeriod("2024-05-01", "2024-05-20")).toEqual({ months: null, edges: [{ from: "2024-05-01", to: "2024-05-20" }] });
  });
});
