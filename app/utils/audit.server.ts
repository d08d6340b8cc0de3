import { auditLog } from "../../db/schema";
import type { Executor } from "./db.server";

export type AuditEntry = {
  userId: number | null;
  action: string;
  entity: string;
  entityId?: string | number | null;
  unitId?: number | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
};

/** Writes one audit entry. Call inside the transaction of the write it records. */
export async function audit(db: Executor, e: AuditEntry) {
  await db.insert(auditLog)
    .values({
      userId: e.userId,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId == null ? null : String(e.entityId),
      unitId: e.unitId ?? null,
      before: e.before ?? null,
      after: e.after ?? null,
      ip: e.ip ?? null,
    })
    .run();
}
