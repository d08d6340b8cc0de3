/** Query and response shapes of the read-only API endpoints (described in /api/v1/openapi.json from these). */
import { z } from "zod";
import { isValidDay } from "~/utils/dates";

/** GET /api/v1/registries */
export const RegistryQuerySchema = z.object({
  kind: z.enum(["mediator", "literate", "adviser"], { error: "err.invalidChoice" }),
  unit: z.coerce.number({ error: "err.invalid" }).int().positive().optional(),
  day: z.string().refine(isValidDay, { error: "err.date" }).optional(),
  all: z.enum(["1", "0"]).optional(),
  page: z.coerce.number({ error: "err.invalid" }).int().positive().optional(),
});

/** GET /api/v1/stats */
export const StatsQuerySchema = z.object({
  unit: z.string().describe("单位代码"),
  from: z.string().describe("起始日期 YYYY-MM-DD"),
  to: z.string().describe("截止日期 YYYY-MM-DD"),
});
