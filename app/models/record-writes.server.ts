/**
 * The one way a lifecycle record (a mediation, a legal aid case) is changed: an optimistic-concurrency update
 * (the version the editor saw must still be current), its counter change and its audit entry, all in the caller's
 * transaction.
 */
import { and, eq } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Executor } from "~/utils/db.server";
import { audit } from "~/utils/audit.server";
import type { Actor } from "~/utils/permissions";
import { applyRecordChange } from "./counters.server";
import type { Contribution } from "./counting-rules";

type VersionedRow = { id: number; unitId: number; version: number };

export type VersionedKind<Row extends VersionedRow> = {
  table: SQLiteTable & { id: SQLiteColumn; version: SQLiteColumn };
  /** the audit log's entity name */
  entity: string;
  contributionsOf: (db: Executor, row: Row) => Promise<{ unitId: number; contributions: Contribution[] }>;
};

/**
 * Applies `set` to `current`; null when someone changed the record since the editor loaded it. `before` is the
 * record's counted contribution before the change, when child rows that count (a follow-up) were written first.
 */
export async function writeVersioned<Row extends VersionedRow>(
  tx: Executor,
  kind: VersionedKind<Row>,
  q: { actor: Actor; current: Row; set: Record<string, unknown>; action: string; ip?: string | null; extraAudit?: Record<string, unknown>; before?: Awaited<ReturnType<VersionedKind<Row>["contributionsOf"]>> },
): Promise<Row | null> {
  const { actor, current, set } = q;
  const before = q.before ?? (await kind.contributionsOf(tx, current));
  const updated = await tx
    .update(kind.table)
    .set({ ...set, updatedById: actor.id, updatedAt: new Date().toISOString(), version: current.version + 1 } as never)
    .where(and(eq(kind.table.id, current.id), eq(kind.table.version, current.version)))
    .returning()
    .get() as Row | undefined;
  if (!updated) return null;
  await applyRecordChange(tx, { before, after: await kind.contributionsOf(tx, updated) });
  await audit(tx, {
    userId: actor.id,
    action: q.action,
    entity: kind.entity,
    entityId: current.id,
    unitId: updated.unitId,
    before: Object.fromEntries(Object.keys(set).map((k) => [k, (current as Record<string, unknown>)[k]])),
    after: { ...set, ...q.extraAudit },
    ip: q.ip,
  });
  return updated;
}
