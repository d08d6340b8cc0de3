import { desc, eq, lt, or, isNull, and } from "drizzle-orm";
import { auditLog, units, users } from "../../db/schema";
import { getDb } from "~/utils/db.server";
import { can, type Actor } from "~/utils/permissions";
import { pathInSubtree } from "./counters.server";

/**
 * The audit log of the actor's subtree, newest first (keyset paging by id). Entries without a unit (log-ins)
 * show only for the actor's own account unless the actor administers users.
 */
export function listAuditEntries({ actor, beforeId, limit = 100 }: { actor: Actor; beforeId?: number; limit?: number }) {
  if (!can(actor, "read:audit")) return [];
  const rows = getDb()
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      entity: auditLog.entity,
      entityId: auditLog.entityId,
      before: auditLog.before,
      after: auditLog.after,
      userName: users.displayName,
      unitName: units.name,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .leftJoin(units, eq(units.id, auditLog.unitId))
    .where(
      and(
        beforeId ? lt(auditLog.id, beforeId) : undefined,
        or(pathInSubtree(units.path, actor.unitPath), and(isNull(auditLog.unitId), eq(auditLog.userId, actor.id))),
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(limit)
    .all();
  return rows;
}
