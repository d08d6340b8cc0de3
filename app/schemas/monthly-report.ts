/**
 * The monthly report form (零报告): one unit, one month. Its buttons post `intent` = submit (the month's records) or
 * zero (a zero report); `intent` is read by the action, as on every page (parseSubmission leaves it out).
 */
import * as z from "zod/mini";
import { idField, preprocess } from "./fields";

export const MONTHLY_REPORT_INTENTS = ["submit", "zero"] as const;

export const MonthlyReportSchema = z.object({
  unitId: idField(),
  month: preprocess(
    (v) => {
      const m = /^(\d{4})-?(\d{2})$/.exec(String(v ?? "").trim());
      return m ? Number(m[1]) * 100 + Number(m[2]) : v;
    },
    z
      .number({ error: "mr.err.month" })
      .check(
        z.int({ error: "mr.err.month" }),
        z.refine((n) => n >= 200001 && n <= 210012 && n % 100 >= 1 && n % 100 <= 12, { error: "mr.err.month" }),
      ),
  ),
});
export type MonthlyReportValues = z.output<typeof MonthlyReportSchema>;
