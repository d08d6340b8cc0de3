/** The monthly report form (零报告): one unit, one month, submit the month's records or a zero report. */
import { z } from "zod";
import { enumField, idField } from "./fields";

export const MonthlyReportSchema = z.object({
  unitId: idField(),
  month: z.preprocess(
    (v) => {
      const m = /^(\d{4})-?(\d{2})$/.exec(String(v ?? "").trim());
      return m ? Number(m[1]) * 100 + Number(m[2]) : v;
    },
    z
      .number({ error: "mr.err.month" })
      .int({ error: "mr.err.month" })
      .refine((n) => n >= 200001 && n <= 210012 && n % 100 >= 1 && n % 100 <= 12, { message: "mr.err.month" }),
  ),
  intent: enumField(["submit", "zero"] as const),
});
export type MonthlyReportValues = z.output<typeof MonthlyReportSchema>;
