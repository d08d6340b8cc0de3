import { describe, expect, it } from "vitest";
import { ConsultationSchema, ConsultationFilterSchema, VoidSchema } from "./consultation";
import { parseSubmission } from "./forms";
import { todayInChina, addDays } from "~/utils/dates";

const good = { date: "2024-03-05", unitId: "7", channel: "walk_in", topic: "labour", persons: "1", answeredBy: "王丽", summary: "", nextStep: "answered" };

function errorsOf(values: Record<string, string | string[]>) {
  const fd = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) for (const x of Array.isArray(v) ? v : [v]) fd.append(k, x);
  const r = parseSubmission(ConsultationSchema, fd, ["categories"]);
  return r.ok ? null : r.fieldErrors;
}

describe("ConsultationSchema", () => {
  it("accepts a good form, with several categories", () => {
    const fd = new URLSearchParams({ ...good });
    fd.append("categories", "elderly");
    fd.append("categories", "women");
    const r = parseSubmission(ConsultationSchema, fd, ["categories"]);
    expect(r.ok && r.data).toMatchObject({ unitId: 7, persons: 1, categories: ["elderly", "women"] });
  });
  it("answers each bad field with a message key", () => {
    expect(errorsOf({ ...good, date: "" })).toEqual({ date: "err.required" });
    expect(errorsOf({ ...good, date: "2024-02-30" })).toEqual({ date: "err.date" });
    expect(errorsOf({ ...good, date: addDays(todayInChina(), 1) })).toEqual({ date: "err.futureDate" });
    expect(errorsOf({ ...good, date: "1999-12-31" })).toEqual({ date: "err.tooOld" });
    expect(errorsOf({ ...good, persons: "-3" })).toEqual({ persons: "err.positive" });
    expect(errorsOf({ ...good, persons: "0" })).toEqual({ persons: "err.positive" });
    expect(errorsOf({ ...good, persons: "1.5" })).toEqual({ persons: "err.integer" });
    expect(errorsOf({ ...good, persons: "abc" })).toEqual({ persons: "err.integer" });
    expect(errorsOf({ ...good, persons: "" })).toEqual({ persons: "err.required" });
    expect(errorsOf({ ...good, persons: "999999" })).toEqual({ persons: "err.tooMany:5000" });
    expect(errorsOf({ ...good, channel: "" })).toEqual({ channel: "err.choose" });
    expect(errorsOf({ ...good, channel: "fax" })).toEqual({ channel: "err.invalidChoice" });
    expect(errorsOf({ ...good, categories: ["elderly", "aliens"] })).toEqual({ categories: "err.invalidChoice" });
    expect(errorsOf({ ...good, answeredBy: "   " })).toEqual({ answeredBy: "err.required" });
    expect(errorsOf({ ...good, summary: "长".repeat(501) })).toEqual({ summary: "err.tooLong:500" });
    expect(errorsOf({ ...good, unitId: "x" })).toEqual({ unitId: "err.choose" });
  });
  it("refuses a forged form missing fields", () => {
    const r = parseSubmission(ConsultationSchema, new URLSearchParams({ unitId: "1" }), ["categories"]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.fieldErrors).sort()).toEqual(["answeredBy", "channel", "date", "nextStep", "persons", "topic"]);
  });
  it("needs a reason to void", () => {
    expect(VoidSchema.safeParse({ reason: " ", version: "1" }).success).toBe(false);
    expect(VoidSchema.safeParse({ reason: "重复登记", version: "1" }).success).toBe(true);
  });
  it("drops invalid list filters instead of failing", () => {
    expect(ConsultationFilterSchema.parse({ unit: "abc", channel: "fax", page: "-1", topic: "labour" })).toEqual({ topic: "labour" });
  });
});
