import { describe, expect, it } from "vitest";
import { getDb, rawAll, rawGet, rawRun } from "~/utils/db.server";
import { monthlyReports } from "../../db/schema";
import { consultationData, makeActor, makeTree, makeUnit } from "../../tests/factories";
import { createConsultation } from "./consultations.server";
import { getDataQuality, listSignalRecords } from "./data-quality.server";
import { getMonthlyReport, getReportingCompleteness, isTimely, parseReportMonth, rebuildReportingCounters, reportDeadline, submitMonthlyReport } from "./monthly-reports.server";
import { moveUnit } from "./units.server";
import { firstDayOfMonth, lastDayOfMonth } from "~/utils/dates";
import type { Actor } from "~/utils/permissions";
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
  it("takes a zero report for an empty month with one click, on time", async () => {
    const t = await makeTree();
    const staff = await makeActor(t.villA1a, "staff");
    const r = await submitMonthlyReport({ actor: staff, unitId: t.villA1a.id, month: 202403, zero: true, today: "2024-04-02" });
    expect(r).toEqual({ ok: true, value: { id: expect.any(Number), kind: "zero", timely: true } });
    const page = (await getMonthlyReport({ actor: staff, unitId: t.villA1a.id, month: 202403, today: TODAY }))!;
    expect(page.status).toBe("timely");
    expect(page.report?.kind).toBe("zero");
    expect(page.canSubmit).toBe(false);
    // twice: refused, nothing written twice
    const again = await submitMonthlyReport({ actor: staff, unitId: t.villA1a.id, month: 202403, zero: true, today: "2024-04-03" });
    expect(again).toMatchObject({ ok: false, status: 409, formError: "mr.err.already" });
  });

  it("refuses a zero report for a month that already has records, saying how many; the records are the report", async () => {
    const t = await makeTree();
    const staff = await makeActor(t.villA1a, "staff");
    for (const date of ["2024-03-05", "2024-03-18"]) expect((await createConsultation({ actor: staff, data: consultationData(t.villA1a.id, { date }) })).ok).toBe(true);
    const zero = await submitMonthlyReport({ actor: staff, unitId: t.villA1a.id, month: 202403, zero: true, today: TODAY });
    expect(zero).toMatchObject({ ok: false, status: 409, formError: "mr.err.zeroWithRecords", fieldErrors: { records: "2" } });
    expect((await getDb().select().from(monthlyReports).all()).filter((r) => r.unitId === t.villA1a.id)).toHaveLength(0);
    // the month's records confirmed: a late report (after 5 April)
    const ok = await submitMonthlyReport({ actor: staff, unitId: t.villA1a.id, month: 202403, zero: false, today: TODAY });
    expect(ok).toMatchObject({ ok: true, value: { kind: "records", timely: false } });
    expect((await getMonthlyReport({ actor: staff, unitId: t.villA1a.id, month: 202403, today: TODAY }))!.status).toBe("late");
  });

  it("flags a zero report contradicted by a record entered afterwards", async () => {
    const t = await makeTree();
    const staff = await makeActor(t.villA1b, "staff");
    expect((await submitMonthlyReport({ actor: staff, unitId: t.villA1b.id, month: 202403, zero: true, today: "2024-04-01" })).ok).toBe(true);
    await createConsultation({ actor: staff, data: consultationData(t.villA1b.id, { date: "2024-03-30" }) });
    expect((await getMonthlyReport({ actor: staff, unitId: t.villA1b.id, month: 202403, today: TODAY }))!.report?.supersededByRecords).toBe(true);
  });

  it("refuses what cannot be reported: a month not ended, a county, a unit out of reach, a reader", async () => {
    const t = await makeTree();
    const staff = await makeActor(t.townA1, "staff");
    expect(await submitMonthlyReport({ actor: staff, unitId: t.villA1a.id, month: 202404, zero: true, today: TODAY })).toMatchObject({ ok: false, status: 400, fieldErrors: { month: "mr.err.notEnded" } });
    const countyStaff = await makeActor(t.countyA, "staff");
    expect(await submitMonthlyReport({ actor: countyStaff, unitId: t.countyA.id, month: 202403, zero: true, today: TODAY })).toMatchObject({ ok: false, status: 400, fieldErrors: { unitId: "mr.err.notReporting" } });
    expect(await submitMonthlyReport({ actor: staff, unitId: t.villB1a.id, month: 202403, zero: true, today: TODAY })).toMatchObject({ ok: false, status: 404 });
    const writer = await makeActor(t.townA1, "report_writer");
    expect(await submitMonthlyReport({ actor: writer, unitId: t.villA1a.id, month: 202403, zero: true, today: TODAY })).toMatchObject({ ok: false, status: 403 });
    const late = await makeUnit({ parentId: t.townA1.id, level: "village", activeFrom: "2024-04-01" });
    expect(await submitMonthlyReport({ actor: staff, unitId: late.id, month: 202403, zero: true, today: TODAY })).toMatchObject({ ok: false, status: 400, fieldErrors: { month: "mr.err.inactive" } });
  });
});

describe("completeness and timeliness (DHIS2: submitted ÷ expected, on time ÷ expected)", () => {
  it("counts late and missing reports per month and per unit, and lists who has not reported", async () => {
    const t = await makeTree();
    // county A: townships 猗氏镇 (villages 城东村, 城西村) and 嵋阳镇 (嵋阳村) → 5 reporting units a month
    const staff = await makeActor(t.countyA, "staff");
    const submit = async (unitId: number, month: number, on: string) => expect((await submitMonthlyReport({ actor: staff, unitId, month, zero: true, today: on })).ok).toBe(true);
    // January: all five, one late; February: four, 城西村 missing; March: deadline 5 April passed too, two reported
    for (const u of [t.townA1, t.townA2, t.villA1a, t.villA2a]) await submit(u.id, 202401, "2024-02-03");
    await submit(t.villA1b.id, 202401, "2024-02-09");
    for (const u of [t.townA1, t.townA2, t.villA1a, t.villA2a]) await submit(u.id, 202402, "2024-03-05");
    await submit(t.townA1.id, 202403, "2024-04-01");
    await submit(t.villA1a.id, 202403, "2024-04-01");

    const c = (await getReportingCompleteness({ actor: staff, unitId: t.countyA.id, year: 2024, today: TODAY }))!;
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
    const jan = (await getReportingCompleteness({ actor: staff, unitId: t.countyA.id, year: 2024, month: 202401, today: TODAY }))!;
    expect(jan.missing).toEqual([]);
    expect(jan.late.map((l) => l.name)).toEqual(["城西村"]);

    // data quality: the missing and the late, one line per unit and month, linked
    const missing = (await listSignalRecords({ actor: staff, unitId: t.countyA.id, year: 2024, signal: "missingReport", today: TODAY }))!;
    expect(missing.map((r) => `${r.unitName} ${r.group}`).sort()).toEqual(["嵋阳村 2024-03", "嵋阳镇 2024-03", "城西村 2024-02", "城西村 2024-03"].sort());
    const late = (await listSignalRecords({ actor: staff, unitId: t.countyA.id, year: 2024, signal: "lateReport", today: TODAY }))!;
    expect(late.map((r) => `${r.unitName} ${r.group}`)).toEqual(["城西村 2024-01"]);
    const dq = (await getDataQuality({ actor: staff, unitId: t.countyA.id, year: 2024, today: TODAY }))!;
    expect(dq.find((s) => s.key === "missingReport" && s.unitName === "城西村")).toMatchObject({ count: 2, detail: "2,3" });
  });

  it("a month whose deadline is ahead is open: counted so far, not in the year's rates", async () => {
    const t = await makeTree();
    const staff = await makeActor(t.townB1, "staff");
    expect((await submitMonthlyReport({ actor: staff, unitId: t.villB1a.id, month: 202403, zero: true, today: "2024-04-02" })).ok).toBe(true);
    const c = (await getReportingCompleteness({ actor: staff, unitId: t.townB1.id, year: 2024, today: "2024-04-03" }))!;
    expect(c.months.at(-1)).toMatchObject({ month: 202403, expected: 2, submitted: 1, open: true });
    expect(c.total.expected).toBe(4); // January and February, two units each
    // a unit with no reporting units below: nothing expected, rates unknown rather than 0%
    const city = (await getReportingCompleteness({ actor: await makeActor(t.city, "bureau"), unitId: (await makeUnit({ parentId: t.city.id, type: "service_centre", level: "county" })).id, year: 2024, today: TODAY }))!;
    expect(city.total).toMatchObject({ expected: 0, completeness: null, timeliness: null });
  });
});

describe("reporting completeness from the reporting counters (issue 12)", () => {
  // the computation before the counters: every reporting unit-month of the subtree joined to its report (per unit's
  // path and month; the child of `unit` a path lies under is read off the path here, as both engines can)
  async function oldCells(unit: { id: number; path: string }, months: number[]) {
    const values = months.map((m) => `(${m}, '${firstDayOfMonth(m)}', '${lastDayOfMonth(m)}', '${reportDeadline(m)}')`).join(", ");
    const rows = await rawAll<{ path: string; month: number; expected: number; submitted: number; timely: number }>(
      getDb(),
      `WITH m(month, first, last, deadline) AS (VALUES ${values})
       SELECT u.path AS path, m.month AS month, count(*) AS expected, count(r.id) AS submitted,
         coalesce(sum(CASE WHEN r.submitted_on <= m.deadline THEN 1 ELSE 0 END), 0) AS timely
       FROM units u
       JOIN m ON u.active_from <= m.last AND (u.active_to IS NULL OR u.active_to >= m.first)
       LEFT JOIN monthly_reports r ON r.unit_id = u.id AND r.month = m.month
       WHERE u.path >= ? AND u.path < ? AND u.type = 'admin' AND u.level IN ('village', 'township')
       GROUP BY u.path, m.month`,
      [unit.path, `${unit.path.slice(0, -1)}0`],
    );
    return rows.map(({ path, ...x }) => ({ child: path === unit.path ? unit.id : Number(path.slice(unit.path.length).split("/")[0]), ...x }));
  }
  const unitRow = async (id: number) => (await rawGet<{ id: number; path: string }>(getDb(), `SELECT id, path FROM units WHERE id = ?`, [id]))!;

  async function expectSameAsOld(actor: Actor, unitId: number, today: string) {
    const c = (await getReportingCompleteness({ actor, unitId, year: 2024, today }))!;
    const months = c.months.map((m) => m.month);
    const cells = await oldCells(await unitRow(unitId), months);
    const sum = (xs: typeof cells) => ({ expected: xs.reduce((a, x) => a + x.expected, 0), submitted: xs.reduce((a, x) => a + x.submitted, 0), timely: xs.reduce((a, x) => a + x.timely, 0) });
    expect(c.months.map((m) => ({ month: m.month, expected: m.expected, submitted: m.submitted, timely: m.timely }))).toEqual(
      months.map((m) => ({ month: m, ...sum(cells.filter((x) => x.month === m)) })),
    );
    const due = cells.filter((x) => today > reportDeadline(x.month));
    const children = [...new Set(due.map((x) => x.child))].sort((a, b) => a - b);
    expect(c.children.map((x) => ({ id: x.id, expected: x.expected, submitted: x.submitted, timely: x.timely })).sort((a, b) => a.id - b.id)).toEqual(
      children.map((id) => ({ id, ...sum(due.filter((x) => x.child === id)) })),
    );
    const shown = cells.filter((x) => x.month === c.shownMonth);
    expect(c.missingTotal).toBe(sum(shown).expected - sum(shown).submitted);
    expect(c.lateTotal).toBe(sum(shown).submitted - sum(shown).timely);
    return c;
  }

  // every unit's counters against a recount of the reports in its subtree
  // (the deadline, the 5th of the next month, compared as the number YYYYMMDD: the same SQL on both engines)
  async function expectCountersEqualRecount() {
    const db = getDb();
    const counters = await rawAll(db, `SELECT unit_id AS "unitId", month, submitted, timely FROM reporting_counters WHERE submitted <> 0 OR timely <> 0 ORDER BY 1, 2`);
    const recount = await rawAll(
      db,
      `SELECT a.id AS "unitId", r.month AS month, count(*) AS submitted,
         sum(CASE WHEN CAST(replace(r.submitted_on, '-', '') AS INTEGER) <= (CASE WHEN r.month % 100 = 12 THEN (r.month / 100 + 1) * 100 + 1 ELSE r.month + 1 END) * 100 + 5 THEN 1 ELSE 0 END) AS timely
       FROM monthly_reports r JOIN units u ON u.id = r.unit_id JOIN units a ON substr(u.path, 1, length(a.path)) = a.path
       GROUP BY a.id, r.month ORDER BY 1, 2`,
    );
    expect(counters).toEqual(recount);
  }

  it("gives the figures of joining every unit-month to its report, at every level, after moves and changes of activity", async () => {
    const t = await makeTree();
    const admin = await makeActor(t.city, "admin");
    const staff = await makeActor(t.city, "staff");
    // a village that began in March, one that ended in February, a service centre (not reporting)
    const newVill = await makeUnit({ parentId: t.townA1.id, name: "新村", level: "village", activeFrom: "2024-03-10" });
    const oldVill = await makeUnit({ parentId: t.townA2.id, name: "旧村", level: "village" });
    await makeUnit({ parentId: t.countyA.id, name: "调解中心", level: "county", type: "service_centre" });
    const reporting = [t.townA1, t.townA2, t.townB1, t.villA1a, t.villA1b, t.villA2a, t.villB1a, newVill, oldVill];
    let seed = 11;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const today = "2024-09-20";
    for (let m = 202401; m <= 202408; m++) {
      for (const u of reporting) {
        if (u === newVill && m < 202403) continue;
        if (u === oldVill && m > 202402) continue;
        const x = rnd();
        if (x < 0.25) continue; // not reported
        const next = m % 100 === 12 ? (Math.floor(m / 100) + 1) * 100 + 1 : m + 1;
        const day = `${Math.floor(next / 100)}-${String(next % 100).padStart(2, "0")}-${x < 0.7 ? "03" : x < 0.8 ? "05" : "12"}`; // on time, on the day, late
        const r = await submitMonthlyReport({ actor: staff, unitId: u.id, month: m, zero: true, today: day });
        expect(r).toMatchObject({ ok: true });
      }
    }
    await rawRun(getDb(), `UPDATE units SET active_to = '2024-02-15' WHERE id = ?`, [oldVill.id]);
    await expectCountersEqualRecount();
    for (const u of [t.city, t.countyA, t.countyB, t.townA1, t.townA2, t.villA1a, newVill]) await expectSameAsOld(admin, u.id, today);
    // a village moves to another township, a township to another county: the counters follow
    expect((await moveUnit({ actor: admin, id: t.villA2a.id, newParentId: t.townA1.id })).ok).toBe(true);
    expect((await moveUnit({ actor: admin, id: t.townB1.id, newParentId: t.countyA.id })).ok).toBe(true);
    await expectCountersEqualRecount();
    for (const u of [t.city, t.countyA, t.countyB, t.townA1, t.townA2, t.townB1]) await expectSameAsOld(admin, u.id, today);
    // a month whose deadline is ahead, asked for
    const c = await expectSameAsOld(admin, t.countyA.id, "2024-09-04");
    expect(c.months.at(-1)).toMatchObject({ month: 202408, open: true });
    // the demo seed's way in (bulk inserts, then one recount) gives the same counters
    await getDb().transaction(async (tx) => await rebuildReportingCounters(tx));
    await expectCountersEqualRecount();
  });
});
