/** The audit log's filters (/audit and its 台账 export), shared by the page and the export. Client-safe. */
import * as z from "zod/mini";
import { AUDIT_ACTIONS, AUDIT_ENTITIES } from "./enums/audit";
import { lenient } from "./fields";

export const AuditFilterSchema = z.object({
  from: lenient(z.string()),
  to: lenient(z.string()),
  action: lenient(z.enum(AUDIT_ACTIONS.values)),
  entity: lenient(z.enum(AUDIT_ENTITIES.values)),
  /** part of the acting user's display name or user name */
  user: lenient(z.string().check(z.trim(), z.maxLength(30))),
  /** keyset paging: entries older than this id */
  before: lenient(z.coerce.number().check(z.int(), z.positive())),
});
export type AuditFilters = z.output<typeof AuditFilterSchema>;

/** What an entry changed, in one line (`status: "registered" → "success"；…`); bookkeeping fields left out. */
export function auditChange(action: string, before: unknown, after: unknown): string {
  if (action === "create") return "";
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]));
  return keys
    .filter((k) => !["version", "updatedById", "updatedAt"].includes(k))
    .map((k) => (k in b ? `${k}: ${JSON.stringify(b[k])} → ${JSON.stringify(a[k])}` : `${k}: ${JSON.stringify(a[k])}`))
    .join("；");
}
