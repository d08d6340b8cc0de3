import { count, desc, eq, gte, lt, or, isNull, and, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { auditLog, units, users } from "../../db/schema";
import { getDb } from "~/utils/db.server";
import { addDays, isValidDay } from "~/utils/dates";
import { can, type Actor } from "~/utils/permissions";
import type { AuditFilters } from "~/schemas/audit";
import { pathInSubtree } from "./counters.server";

/** The first instant (UTC ISO) of a China calendar day: 2026-03-01 → 2026-02-28T16:00:00.000Z. */
const dayStart = (day: string) => `${addDays(day, -1)}T16:00:00.000Z`;
const likeText = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
/**
 * `col` contains `s`, ignoring ASCII case on both engines (SQLite's LIKE ignores it, PostgreSQL's does not; lower()
 * folds ASCII only on both), `\` escaping likeText's wildcards on both (PostgreSQL's default escape, SQLite's none).
 */
const containsCi = (col: SQLWrapper, s: string) => sql`lower(${col}) LIKE lower(${likeText(s)}) ESCAPE '\\'`;

/**
 * What the actor may read of the audit log, narrowed by the filters (days in China time; a malformed day is
 * ignored, as the list drops what it cannot read). Entries without a unit (log-ins) show only for the actor's own
 * account unless the actor administers users.
 */
function auditConditions(actor: Actor, f: AuditFilters): SQL | undefined {
  return and(
    or(pathInSubtree(units.path, actor.unitPath), and(isNull(auditLog.unitId), eq(auditLog.userId, actor.id))),
    f.from && isValidDay(f.from) ? gte(auditLog.at, dayStart(f.from)) : undefined,
    f.to && isValidDay(f.to) ? lt(auditLog.at, dayStart(addDays(f.to, 1))) : undefined,
    f.action ? eq(auditLog.action, f.action) : undefined,
    f.entity ? eq(auditLog.entity, f.entity) : undefined,
    f.user ? or(containsCi(users.displayName, f.user), containsCi(users.username, f.user)) : undefined,
  );
}

const entryColumns = {
  id: auditLog.id,
  at: auditLog.at,
  action: auditLog.action,
  entity: auditLog.entity,
  entityId: auditLog.entityId,
  before: auditLog.before,
  after: auditLog.after,
  ip: auditLog.ip,
  userName: users.displayName,
  unitName: units.name,
};

/** The audit log of the actor's subtree, newest first (keyset paging by id), with the list's filters. */
export async function listAuditEntries({ actor, beforeId, filters = {}, limit = 100 }: { actor: Actor; beforeId?: number; filters?: AuditFilters; limit?: number }) {
  if (!can(actor, "read:audit")) return [];
  return await getDb()
    .select(entryColumns)
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .leftJoin(units, eq(units.id, auditLog.unitId))
    .where(and(beforeId ? lt(auditLog.id, beforeId) : undefined, auditConditions(actor, filters)))
    .orderBy(desc(auditLog.id))
    .limit(limit)
    .all();
}

/**
 * The entries of the list's filters for its 台账 (all pages, oldest first), at most `limit`; `total` counts them
 * all (only counted past the limit), or null without the permission.
 */
export async function listAuditEntriesForLedger({ actor, filters, limit }: { actor: Actor; filters: AuditFilters; limit: number }) {
  if (!can(actor, "read:audit")) return null;
  const db = getDb();
  const where = auditConditions(actor, filters);
  const rows = await db
    .select(entryColumns)
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .leftJoin(units, eq(units.id, auditLog.unitId))
    .where(where)
    .orderBy(auditLog.id)
    .limit(limit + 1)
    .all();
  if (rows.length <= limit) return { total: rows.length, rows };
  const total = (await db
    .select({ n: count() })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .leftJoin(units, eq(units.id, auditLog.unitId))
    .where(where)
    .get())!.n;
  return { total, rows: [] };
}
