import { describe, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { monthlyReports } from "../../db/schema";
import { consultationData, makeActor, makeTree, makeUnit } from "../../tests/factories";
import { createConsultation } from "./consultations.server";
import { getDataQuality, listSignalRecords } from "./data-quality.server";
import { getMonthlyReport, getReportingCompleteness, isTimely, parseReportMonth, reportDeadline, submitMonthlyReport } from "./monthly-reports.server";
import { MonthlyReportSchema } from "~/schemas/monthly-report";

const TODAY = "2024-04-20";

describe("deadlines and months", () => {
  it("is due by the 5th of the next month, December into January", () => {
    expect(reportDeadline(202403)).toBe("2024-04-05");
    expect(reportDeadline(202412)).toBe("2025-01-05");
    expect(isTimely("2024-04-05", 202403)).toBe(true);
    expect(isTimely("2024-04-06", 202403)).toBe(false);
  });
  it("reads months people type and refuses the rest", () => {
    expect(parseReportMonth("2024-03")).toBe(202403);
    expect(parseReportMonth("202403")).toBe(202403);
    for (const bad of ["2024-13", "2024-00", "abc", "", "1066-01", "2024-3-1"]) expect(parseReportMonth(bad)).toBeNull();
    expect(MonthlyReportSchema.safeParse({ unitId: "1", month: "2024-13" }).success).toBe(false);
    expect(MonthlyReportSchema.safeParse({ unitId: "x", month: "2024-03" }).success).toBe(false);
    expect(MonthlyReportSchema.safeParse({ unitId: "1", month: "2024-03" })).toEqual({ success: true, data: { unitId: 1, month: 202403 } });
  });
});

describe("submitting a month's report", () => {
  it("takes a zero report for an empty month with one click, on time", () => {
    const t = makeTree();
    const staff = makeActor(t.villA1a, "staff");
    const r = submitMonthlyReport({ actor: staff, unitId: t.villA1a.id, month: 202403, zero: true, today: "2024-04-02" });
    expect(r).toEqual({ ok: true, value: { id: expect.any(Number), kind: "zero", timely: true } });
    const page = getMonthlyReport({ actor: staff, unitId: t.villA1a.id, month: 202403, today: TODAY })!;
    expect(page.status).toBe("timely");
    expect(page.report?.kind).toBe("zero");
    expect(page.canSubmit).toBe(false);
    // twice: refused, nothing written twice
    const again = submitMonthlyReport({ actor: staff, unitId: t.villA1a.id, month: 202403, zero: true, today: "2024-04-03" });
    expect(again).toMatchObject({ ok: false, status: 409, formError: "mr.err.already" });
  });

  it("refuses a zero report for a month that already has records, saying how many; the records are the report", () => {
    const t = makeTree();
    const staff = makeActor(t.villA1a, "staff");
    for (const date of ["2024-03-05", "2024-03-18"]) expect(createConsultation({ actor: staff, data: consultationData(t.villA1a.id, { date }) }).ok).toBe(true);
    const zero = submitMonthlyReport({ actor: staff, unitId: t.villA1a.id, month: 202403, zero: true, today: TODAY });
    expect(zero).toMatchObject({ ok: false, status: 409, formError: "mr.err.zeroWithRecords", fieldErrors: { records: "2" } });
    expect(getDb().select().from(monthlyReports).all().filter((r) => r.unitId === t.villA1a.id)).toHaveLength(0);
    // the month's records confirmed: a late report (after 5 April)
    const ok = submitMonthlyReport({ actor: staff, unitId: t.villA1a.id, month: 202403, zero: false, today: TODAY });
    expect(ok).toMatchObject({ ok: true, value: { kind: "records", timely: false } });
    expect(getMonthlyReport({ actor: staff, unitId: t.villA1a.id, month: 202403, today: TODAY })!.status).toBe("late");
  });

  it("flags a zero report contradicted by a record entered afterwards", () => {
    const t = makeTree();
    const staff = makeActor(t.villA1b, "staff");
    expect(submitMonthlyReport({ actor: staff, unitId: t.villA1b.id, month: 202403, zero: true, today: "2024-04-01" }).ok).toBe(true);
    createConsultation({ actor: staff, data: consultationData(t.villA1b.id, { date: "2024-03-30" }) });
    expect(getMonthlyReport({ actor: staff, unitId: t.villA1b.id, month: 202403, today: TODAY })!.report?.supersededByRecords).toBe(true);
  });

  it("refuses what cannot be reported: a month not ended, a county, a unit out of reach, a reader", () => {
    const t = makeTree();
    const staff = makeActor(t.townA1, "staff");
    expect(submitMonthlyReport({ actor: staff, unitId: t.villA1a.id, month: 202404, zero: true, today: TODAY })).toMatchObject({ ok: false, status: 400, fieldErrors: { month: "mr.err.notEnded" } });
    const countyStaff = makeActor(t.countyA, "staff");
    expect(submitMonthlyReport({ actor: countyStaff, unitId: t.countyA.id, month: 202403, zero: true, today: TODAY })).toMatchObject({ ok: false, status: 400, fieldErrors: { unitId: "mr.err.notReporting" } });
    expect(submitMonthlyReport({ actor: staff, unitId: t.villB1a.id, month: 202403, zero: true, today: TODAY })).toMatchObject({ ok: false, status: 404 });
    const writer = makeActor(t.townA1, "report_writer");
    expect(submitMonthlyReport({ actor: writer, unitId: t.villA1a.id, month: 202403, zero: true, today: TODAY })).toMatchObject({ ok: false, status: 403 });
    const late = makeUnit({ parentId: t.townA1.id, level: "village", activeFrom: "2024-04-01" });
    expect(submitMonthlyReport({ actor: staff, unitId: late.id, month: 202403, zero: true, today: TODAY })).toMatchObject({ ok: false, status: 400, fieldErrors: { month: "mr.err.inactive" } });
  });
});

describe("completeness and timeliness (DHIS2: submitted ÷ expected, on time ÷ expected)", () => {
  it("counts late and missing reports per month and per unit, and lists who has not reported", () => {
    const t = makeTree();
    // county A: townships 猗氏镇 (villages 城东村, 城西村) and 嵋阳镇 (嵋阳村) → 5 reporting units a month
    const staff = makeActor(t.countyA, "staff");
    const submit = (unitId: number, month: number, on: string) => expect(submitMonthlyReport({ actor: staff, unitId, month, zero: true, today: on }).ok).toBe(true);
    // January: all five, one late; February: four, 城西村 missing; March: deadline 5 April passed too, two reported
    for (const u of [t.townA1, t.townA2, t.villA1a, t.villA2a]) submit(u.id, 202401, "2024-02-03");
    submit(t.villA1b.id, 202401, "2024-02-09");
    for (const u of [t.townA1, t.townA2, t.villA1a, t.villA2a]) submit(u.id, 202402, "2024-03-05");
    submit(t.townA1.id, 202403, "2024-04-01");
    submit(t.villA1a.id, 202403, "2024-04-01");

    const c = getReportingCompleteness({ actor: staff, unitId: t.countyA.id, year: 2024, today: TODAY })!;
    expect(c.months.map((m) => [m.month, m.expected, m.submitted, m.timely, m.open])).toEqual([
      [202401, 5, 5, 4, false],
      [202402, 5, 4, 4, false],
      [202403, 5, 2, 2, false],
    ]);
    expect(c.months[0].completeness).toBe(1);
    expect(c.months[0].timeliness).toBeCloseTo(0.8);
    expect(c.total).toMatchObject({ expected: 15, submitted: 11, timely: 10 });
    // per township (its own report and its villages')
    const a1 = c.children.find((x) => x.id === t.townA1.id)!;
    expect(a1).toMatchObject({ expected: 9, submitted: 7, timely: 6 });
    const a2 = c.children.find((x) => x.id === t.townA2.id)!;
    expect(a2).toMatchObject({ expected: 6, submitted: 4, timely: 4 });
    // the latest month past its deadline: March, three units missing, each a link to its page
    expect(c.shownMonth).toBe(202403);
    expect(c.missing.map((m) => m.name).sort()).toEqual(["城西村", "嵋阳村", "嵋阳镇"].sort());
    expect(c.missingTotal).toBe(3);
    expect(c.missing.find((m) => m.name === "城西村")!.href).toBe(`/reports/monthly?unit=${t.villA1b.id}&month=2024-03`);
    // January asked for: the late one named
    const jan = getReportingCompleteness({ actor: staff, unitId: t.countyA.id, year: 2024, month: 202401, today: TODAY })!;
    expect(jan.missing).toEqual([]);
    expect(jan.late.map((l) => l.name)).toEqual(["城西村"]);

    // data quality: the missing and the late, one line per unit and month, linked
    const missing = listSignalRecords({ actor: staff, unitId: t.countyA.id, year: 2024, signal: "missingReport", today: TODAY })!;
    expect(missing.map((r) => `${r.unitName} ${r.group}`).sort()).toEqual(["嵋阳村 2024-03", "嵋阳镇 2024-03", "城西村 2024-02", "城西村 2024-03"].sort());
    const late = listSignalRecords({ actor: staff, unitId: t.countyA.id, year: 2024, signal: "lateReport", today: TODAY })!;
    expect(late.map((r) => `${r.unitName} ${r.group}`)).toEqual(["城西村 2024-01"]);
    const dq = getDataQuality({ actor: staff, unitId: t.countyA.id, year: 2024, today: TODAY })!;
    expect(dq.find((s) => s.key === "missingReport" && s.unitName === "城西村")).toMatchObject({ count: 2, detail: "2,3" });
  });

  it("a month whose deadline is ahead is open: counted so far, not in the year's rates", () => {
    const t = makeTree();
    const staff = makeActor(t.townB1, "staff");
    expect(submitMonthlyReport({ actor: staff, unitId: t.villB1a.id, month: 202403, zero: true, today: "2024-04-02" }).ok).toBe(true);
    const c = getReportingCompleteness({ actor: staff, unitId: t.townB1.id, year: 2024, today: "2024-04-03" })!;
    expect(c.months.at(-1)).toMatchObject({ month: 202403, expected: 2, submitted: 1, open: true });
    expect(c.total.expected).toBe(4); // January and February, two units each
    // a unit with no reporting units below: nothing expected, rates unknown rather than 0%
    const city = getReportingCompleteness({ actor: makeActor(t.city, "bureau"), unitId: makeUnit({ parentId: t.city.id, type: "service_centre", level: "county" }).id, year: 2024, today: TODAY })!;
    expect(city.total).toMatchObject({ expected: 0, completeness: null, timeliness: null });
  });
});
