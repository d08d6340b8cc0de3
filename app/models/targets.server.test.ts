import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "~/utils/db.server";
import { auditLog, targetRevisions, targets, units } from "../../db/schema";
import { consultationData, makeActor, makeTree } from "../../tests/factories";
import { parseSubmission } from "~/schemas/forms";
import { parseTargetValue, runningTotal, TargetsFormSchema } from "~/schemas/targets";
import { createConsultation } from "./consultations.server";
import {
  completionRate,
  daysInYear,
  distribute,
  getTargetsPage,
  isLagging,
  listTargetRevisions,
  saveTargets,
  sumCheck,
  targetFigures,
  targetInForce,
  timeProgress,
} from "./targets.server";

describe("time progress", () => {
  it("counts the day itself as elapsed, in leap and common years", () => {
    expect(daysInYear(2024)).toBe(366);
    expect(daysInYear(2023)).toBe(365);
    expect(daysInYear(1900)).toBe(365);
    expect(daysInYear(2000)).toBe(366);
    expect(timeProgress(2024, "2024-01-01")).toBeCloseTo(1 / 366, 12);
    expect(timeProgress(2024, "2024-06-30")).toBeCloseTo(182 / 366, 12);
    expect(timeProgress(2023, "2023-06-30")).toBeCloseTo(181 / 365, 12);
    expect(timeProgress(2024, "2024-02-29")).toBeCloseTo(60 / 366, 12);
    expect(timeProgress(2024, "2024-12-31")).toBe(1);
  });
  it("is 0 before the year and 1 once it is over", () => {
    expect(timeProgress(2025, "2024-12-31")).toBe(0);
    expect(timeProgress(2023, "2024-03-01")).toBe(1);
  });
});

describe("completion", () => {
  it("is actual ÷ target at full precision, null without a positive target", () => {
    expect(completionRate(3558, 2500)).toBeCloseTo(1.4232, 10);
    expect(completionRate(10, 0)).toBeNull();
    expect(completionRate(10, null)).toBeNull();
    expect(completionRate(null, 10)).toBeNull();
  });
  it("flags counts trailing time progress by more than ten points, and rates below target", () => {
    // June 30 of a leap year: 49.7% of the year gone
    const p = timeProgress(2024, "2024-06-30");
    expect(isLagging("cases", 0.45, p)).toBe(false);
    expect(isLagging("cases", 0.39, p)).toBe(true);
    expect(isLagging("rate", 0.97, p, 0.97, 0.98)).toBe(true);
    expect(isLagging("rate", 1, p, 0.99, 0.98)).toBe(false);
    const f = targetFigures("rate", 0.97, 9800, 2024, "2024-06-30");
    expect(f.target).toBeCloseTo(0.98, 12);
    expect(f.completionRate).toBeCloseTo(0.97 / 0.98, 12);
    expect(f.lagging).toBe(true);
  });
  it("uses the latest revision in force", () => {
    const revisions = [
      { at: "2024-01-10T02:00:00.000Z", newValue: 1000, version: 1 },
      { at: "2024-07-01T02:00:00.000Z", newValue: 1200, version: 2 },
    ];
    expect(targetInForce(revisions, "2024-01-01T00:00:00.000Z")).toBeNull();
    expect(targetInForce(revisions, "2024-03-01T00:00:00.000Z")).toBe(1000);
    expect(targetInForce(revisions, "2024-12-31T00:00:00.000Z")).toBe(1200);
  });
});

describe("distribution rules", () => {
  it("splits equally, the parts adding up to the total", () => {
    expect(distribute(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(distribute(7, [1, 1])).toEqual([4, 3]);
    expect(distribute(0, [1, 1])).toEqual([0, 0]);
  });
  it("splits by last year's share, falling back to equal parts without any", () => {
    const parts = distribute(1000, [300, 100, 0, 600]);
    expect(parts).toEqual([300, 100, 0, 600]);
    const odd = distribute(1001, [1, 1, 1]);
    expect(odd.reduce((a, b) => a + b, 0)).toBe(1001);
    expect(distribute(9, [0, 0, 0])).toEqual([3, 3, 3]);
  });
  it("checks children's sum against the parent's for counts only", () => {
    expect(sumCheck("cases", 100, [40, 50])).toEqual({ parent: 100, sum: 90, missing: 0, status: "below" });
    expect(sumCheck("cases", 100, [60, null])).toMatchObject({ sum: 60, missing: 1 });
    expect(sumCheck("cases", 100, [60, 40])?.status).toBe("equal");
    expect(sumCheck("rate", 9800, [9000])).toBeNull();
  });
});

describe("target values", () => {
  it("refuse negatives, non-numbers and rates above 100%", () => {
    expect(parseTargetValue("-5", "cases")).toEqual({ ok: false, error: "targets.err.negative" });
    expect(parseTargetValue("abc", "cases")).toEqual({ ok: false, error: "targets.err.notNumber" });
    expect(parseTargetValue("1.5", "cases")).toEqual({ ok: false, error: "err.integer" });
    expect(parseTargetValue("1,200", "personTimes")).toEqual({ ok: true, value: 1200 });
    expect(parseTargetValue("", "cases")).toEqual({ ok: true, value: null });
    expect(parseTargetValue("98.5", "rate")).toEqual({ ok: true, value: 9850 });
    expect(parseTargetValue("100%", "rate")).toEqual({ ok: true, value: 10000 });
    expect(parseTargetValue("100.01", "rate")).toEqual({ ok: false, error: "targets.err.rateAbove100" });
    expect(parseTargetValue("120", "rate")).toEqual({ ok: false, error: "targets.err.rateAbove100" });
    expect(parseTargetValue("-1", "rate")).toEqual({ ok: false, error: "targets.err.negative" });
    expect(parseTargetValue("98.555", "rate")).toEqual({ ok: false, error: "targets.err.rateDecimals" });
  });
  it("come back as field errors of the form", () => {
    const fd = new URLSearchParams({
      year: "2024",
      indicator: "mediation.successRate",
      "rows.0.unitId": "1",
      "rows.0.value": "101",
      "rows.0.version": "0",
      "rows.1.unitId": "2",
      "rows.1.value": "x",
      "rows.1.version": "0",
    });
    const r = parseSubmission(TargetsFormSchema, fd, [], true);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.fieldErrors).toEqual({ "rows.0.value": "targets.err.rateAbove100", "rows.1.value": "targets.err.notNumber" });
  });
});

describe("setting targets", () => {
  const form = (year: number, indicator: string, rows: Array<[number, string, number]>, reason = "") =>
    TargetsFormSchema.parse({ year, indicator, reason, rows: rows.map(([unitId, value, version]) => ({ unitId, value, version })) });

  it("a bureau sets its own and its children's targets; revisions are kept; a stale form is refused", async () => {
    const tree = await makeTree();
    const bureau = await makeActor(tree.countyA, "bureau");
    const r1 = await saveTargets({
      actor: bureau,
      data: form(2024, "consultation.personTimes", [
        [tree.countyA.id, "1000", 0],
        [tree.townA1.id, "600", 0],
        [tree.townA2.id, "300", 0],
      ]),
    });
    expect(r1).toEqual({ ok: true, value: { changed: 3 } });
    const page = (await getTargetsPage({ actor: bureau, unitId: tree.countyA.id, year: 2024, indicator: "consultation.personTimes" }))!;
    expect(page.rows.map((r) => r.value).sort()).toEqual([1000, 300, 600]);
    expect(page.sumCheck).toMatchObject({ sum: 900, parent: 1000, status: "below" });

    // a revision needs a reason
    const noReason = await saveTargets({ actor: bureau, data: form(2024, "consultation.personTimes", [[tree.townA1.id, "700", 1]]) });
    expect(noReason).toMatchObject({ ok: false, status: 400, fieldErrors: { reason: "targets.err.reasonRequired" } });
    const r2 = await saveTargets({ actor: bureau, data: form(2024, "consultation.personTimes", [[tree.townA1.id, "700", 1]], "年中调整") });
    expect(r2.ok).toBe(true);

    // the same form again (version 1): stale, nothing written
    const stale = await saveTargets({ actor: bureau, data: form(2024, "consultation.personTimes", [[tree.townA2.id, "350", 1], [tree.townA1.id, "800", 1]], "再调") });
    expect(stale).toMatchObject({ ok: false, status: 409, fieldErrors: { "rows.1.value": "targets.err.stale" } });
    const db = getDb();
    const a1 = (await db.select().from(targets).where(eq(targets.unitId, tree.townA1.id)).get())!;
    expect(a1).toMatchObject({ value: 700, version: 2 });
    expect((await db.select().from(targets).where(eq(targets.unitId, tree.townA2.id)).get())!.value).toBe(300);
    const revs = await listTargetRevisions({ actor: bureau, targetId: a1.id });
    expect(revs.map((r) => [r.oldValue, r.newValue, r.reason])).toEqual([
      [null, 600, ""],
      [600, 700, "年中调整"],
    ]);
    expect(targetInForce(revs, "9999")).toBe(700);
    expect((await db.select().from(auditLog).where(eq(auditLog.entity, "target")).all()).length).toBe(4);
  });

  it("refuses a unit out of reach and roles that may not write", async () => {
    const tree = await makeTree();
    const bureau = await makeActor(tree.countyA, "bureau");
    const before = (await getDb().select().from(targetRevisions).all()).length;
    const out = await saveTargets({ actor: bureau, data: form(2024, "legalAid.granted", [[tree.townA1.id, "5", 0], [tree.townB1.id, "5", 0]]) });
    expect(out).toMatchObject({ ok: false, status: 400, fieldErrors: { "rows.1.value": "err.unitOutside" } });
    expect((await getDb().select().from(targetRevisions).all()).length).toBe(before);
    const staff = await makeActor(tree.townA1, "staff");
    expect(await saveTargets({ actor: staff, data: form(2024, "legalAid.granted", [[tree.townA1.id, "5", 0]]) })).toMatchObject({ ok: false, status: 403 });
  });

  it("proposes last year's actuals and distributions to children", async () => {
    const tree = await makeTree();
    const staff1 = await makeActor(tree.townA1);
    const staff2 = await makeActor(tree.townA2);
    await createConsultation({ actor: staff1, data: consultationData(tree.townA1.id, { date: "2023-05-05", persons: 30 }) });
    await createConsultation({ actor: staff2, data: consultationData(tree.townA2.id, { date: "2023-05-06", persons: 10 }) });
    const bureau = await makeActor(tree.countyA, "bureau");
    const q = { actor: bureau, unitId: tree.countyA.id, year: 2024, indicator: "consultation.personTimes" };
    const copy = (await getTargetsPage({ ...q, prefill: "lastYearActuals" }))!;
    const byUnit = (rows: Array<{ unitId: number; proposed?: number | null }>) => Object.fromEntries(rows.map((r) => [r.unitId, r.proposed]));
    expect(byUnit(copy.rows)).toEqual({ [tree.countyA.id]: 40, [tree.townA1.id]: 30, [tree.townA2.id]: 10 });
    await saveTargets({ actor: bureau, data: form(2024, "consultation.personTimes", [[tree.countyA.id, "101", 0]]) });
    const equal = byUnit((await getTargetsPage({ ...q, prefill: "equal" }))!.rows);
    expect(equal[tree.countyA.id]).toBeUndefined();
    expect(equal[tree.townA1.id]! + equal[tree.townA2.id]!).toBe(101);
    expect(byUnit((await getTargetsPage({ ...q, prefill: "lastYearShare" }))!.rows)).toMatchObject({ [tree.townA1.id]: 76, [tree.townA2.id]: 25 });
    // by population: 30,000 and 10,000 residents share 101 as 76 and 25 (largest remainder)
    await getDb().update(units).set({ population: 30000 }).where(eq(units.id, tree.townA1.id)).run();
    await getDb().update(units).set({ population: 10000 }).where(eq(units.id, tree.townA2.id)).run();
    expect(byUnit((await getTargetsPage({ ...q, prefill: "population" }))!.rows)).toMatchObject({ [tree.townA1.id]: 76, [tree.townA2.id]: 25 });
  });
});

describe("runningTotal (the targets form's total while typing)", () => {
  it("adds the children's typed values, a blank keeping the stored one, against the parent's", () => {
    const rows = (parent: string, ...children: Array<[string, number | null]>) => [{ typed: parent, stored: null }, ...children.map(([typed, stored]) => ({ typed, stored }))];
    expect(runningTotal("cases", rows("1000", ["600", null], ["", 300], ["", null]))).toEqual({ parent: 1000, sum: 900, missing: 1, invalid: 0, status: "remaining", diff: 100 });
    expect(runningTotal("cases", rows("1000", ["600", null], ["500", 300]))).toMatchObject({ sum: 1100, status: "over", diff: 100 });
    expect(runningTotal("cases", rows("1,000", ["600", null], ["400", 300]))).toMatchObject({ sum: 1000, status: "equal", diff: 0 });
    expect(runningTotal("cases", rows("", ["6", null], ["x", 300]))).toMatchObject({ parent: null, sum: 6, invalid: 1, status: "noParent" });
    expect(runningTotal("rate", rows("98", ["97", null]))).toBeNull();
  });
});
