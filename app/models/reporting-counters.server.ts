/**
 * Reporting counters (issue 12): monthly reports counted per unit and month in `reporting_counters`, for the
 * reporting unit and every ancestor (app/models/monthly-reports.server.ts reads them for completeness). Its own
 * module so that the unit tree's moves (units.server.ts) can carry them without importing the reports' model.
 */
import { sql } from "drizzle-orm";
import type { Executor } from "~/utils/db.server";
import { ancestorIdsOfPath } from "./unit-paths";

/** A report made: one submitted (and timely) for its month in its unit and every ancestor. Call in its transaction. */
export async function countReport(db: Executor, unitPath: string, month: number, timely: boolean) {
  for (const id of ancestorIdsOfPath(unitPath))
    await db.run(sql`INSERT INTO reporting_counters (unit_id, month, submitted, timely) VALUES (${id}, ${month}, 1, ${timely ? 1 : 0})
      ON CONFLICT (unit_id, month) DO UPDATE SET submitted = reporting_counters.submitted + 1, timely = reporting_counters.timely + excluded.timely`);
}

/**
 * Moves a unit's reporting counters with it (they sum its subtree): taken from the old ancestors, given to the new.
 * Call in the transaction that changes the unit's path (as transferSubtreeCounters).
 */
export async function transferReportingCounters(db: Executor, q: { unitId: number; oldPath: string; newPath: string }) {
  const oldAncestors = ancestorIdsOfPath(q.oldPath).filter((id) => id !== q.unitId);
  const newAncestors = ancestorIdsOfPath(q.newPath).filter((id) => id !== q.unitId);
  const apply = async (ancestor: number, sign: 1 | -1) =>
    await db.run(sql`INSERT INTO reporting_counters (unit_id, month, submitted, timely)
      SELECT ${ancestor}, month, ${sign} * submitted, ${sign} * timely FROM reporting_counters WHERE unit_id = ${q.unitId}
      ON CONFLICT (unit_id, month) DO UPDATE SET submitted = reporting_counters.submitted + excluded.submitted, timely = reporting_counters.timely + excluded.timely`);
  for (const a of oldAncestors) if (!newAncestors.includes(a)) await apply(a, -1);
  for (const a of newAncestors) if (!oldAncestors.includes(a)) await apply(a, 1);
}

