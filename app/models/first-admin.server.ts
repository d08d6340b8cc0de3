/**
 * The first administrator of a tree: at setup (empty database) and when an administrator at the top adds another
 * root. The password is generated (or given), shown once to the person who set it up, and stored as its argon2 hash.
 */
import crypto from "node:crypto";
import { units, users } from "../../db/schema";
import { eq } from "drizzle-orm";
import type { Executor } from "~/utils/db.server";
import { audit } from "~/utils/audit.server";

/** 14 characters from an alphabet without look-alikes (no 0/O, 1/l/I), always with letters and digits. */
export function generatePassword(length = 14): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789";
  for (;;) {
    const bytes = crypto.randomBytes(length);
    const p = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
    if (/[A-Za-z]/.test(p) && /\d/.test(p)) return p;
  }
}

/** Inserts an administrator at a unit (in the caller's transaction) and audits it; the hash never enters the log. */
export async function insertFirstAdministrator(
  tx: Executor,
  { unitId, username, displayName, passwordHash, byUserId, ip = null }: { unitId: number; username: string; displayName: string; passwordHash: string; byUserId: number | null; ip?: string | null },
): Promise<number> {
  const unit = await tx.select({ id: units.id }).from(units).where(eq(units.id, unitId)).get();
  if (!unit) throw new Error(`unit ${unitId} not found`);
  const row = await tx.insert(users).values({ username, displayName, passwordHash, role: "admin", unitId, active: true, mustChangePassword: true }).returning({ id: users.id }).get();
  await audit(tx, {
    userId: byUserId ?? row.id,
    action: "create",
    entity: "user",
    entityId: row.id,
    unitId,
    after: { username, displayName, role: "admin", unitId, active: true, firstAdministrator: true },
    ip,
  });
  return row.id;
}
