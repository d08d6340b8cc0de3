/**
 * User accounts. Every function takes the acting user and stays inside the actor's subtree: a user is in reach
 * when the unit the account belongs to is. Password hashes never leave this module and never enter the audit log.
 */
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import { units, users } from "../../db/schema";
import { getDb, isUniqueViolation, type Executor } from "~/utils/db.server";
import { audit } from "~/utils/audit.server";
import { clearLoginThrottle, endSessionsOfUser, hashPassword, verifyLogin } from "~/utils/auth.server";
import { passwordProblem } from "~/utils/password.server";
import { assignableRoles, can, inJurisdiction, type Actor } from "~/utils/permissions";
import type { Role } from "~/schemas/enums";
import type { UserFormValues } from "~/schemas/user";
import { pathInSubtree } from "./counters.server";
import { fail, getUnit, type Result } from "./units.server";

export const USER_PAGE_SIZE = 50;

/** What the admin pages see of an account: everything but the password hash. */
const userColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  unitId: users.unitId,
  active: users.active,
  phone: users.phone,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
  unitName: units.name,
  unitPath: units.path,
  unitActiveTo: units.activeTo,
};

/** `unitId` filters its whole subtree unless `unitOnly` is set. */
export type UserListFilters = { unitId?: number; unitOnly?: boolean; role?: string; active?: boolean; q?: string; page?: number };

/** The audit snapshot of an account (never the hash). */
function snapshot(u: { username: string; displayName: string; role: string; unitId: number; active: boolean; phone: string | null }) {
  return { username: u.username, displayName: u.displayName, role: u.role, unitId: u.unitId, active: u.active, phone: u.phone };
}


/**
 * A page of the accounts in the actor's subtree (or in the subtree of `unitId`, when that unit is in reach),
 * ordered by unit (depth-first) then name. `q` matches user name or display name.
 */
export async function listUsers({ actor, filters = {}, pageSize = USER_PAGE_SIZE }: { actor: Actor; filters?: UserListFilters; pageSize?: number }) {
  const empty = { rows: [], total: 0, page: 1, pages: 1 };
  if (!can(actor, "manage:user")) return empty;
  const db = getDb();
  let path = actor.unitPath;
  if (filters.unitId) {
    const unit = await getUnit({ actor, id: filters.unitId, db });
    if (!unit) return empty;
    path = unit.path;
  }
  const conds: SQL[] = [pathInSubtree(units.path, path)];
  if (filters.unitId && filters.unitOnly) conds.push(eq(users.unitId, filters.unitId));
  if (filters.role) conds.push(eq(users.role, filters.role));
  if (filters.active !== undefined) conds.push(eq(users.active, filters.active));
  const q = filters.q?.trim();
  if (q) conds.push(sql`(instr(lower(${users.username}), lower(${q})) > 0 OR instr(${users.displayName}, ${q}) > 0)`);
  const where = and(...conds);
  const total = (await db
    .select({ n: sql<number>`count(*)` })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(where)
    .get())!.n;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, filters.page ?? 1), pages);
  const rows = await db
    .select(userColumns)
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(where)
    .orderBy(asc(units.path), asc(users.displayName), asc(users.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  return { rows, total, page, pages };
}

/** An account in the actor's subtree, without its password hash; null when missing or out of reach. */
export async function getUser({ actor, id, db = getDb() }: { actor: Actor; id: number; db?: Executor }) {
  if (!can(actor, "manage:user")) return null;
  const row = await db.select(userColumns).from(users).innerJoin(units, eq(units.id, users.unitId)).where(eq(users.id, id)).get();
  if (!row || !inJurisdiction(actor, row.unitPath)) return null;
  return row;
}

export type UserDetail = NonNullable<Awaited<ReturnType<typeof getUser>>>;

/** Active and total accounts per unit of the actor's subtree (for the unit tree). */
export async function countUsersByUnit({ actor }: { actor: Actor }): Promise<Record<number, { active: number; total: number }>> {
  if (!can(actor, "manage:unit") && !can(actor, "manage:user")) return {};
  const rows = await getDb()
    .select({
      unitId: users.unitId,
      total: sql<number>`count(*)`,
      active: sql<number>`sum(CASE WHEN ${users.active} THEN 1 ELSE 0 END)`,
    })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(pathInSubtree(units.path, actor.unitPath))
    .groupBy(users.unitId)
    .all();
  return Object.fromEntries(rows.map((r) => [r.unitId, { active: r.active, total: r.total }]));
}

/** The unit an account may be placed in: in reach and active. */
async function checkUnit(actor: Actor, unitId: number, db: Executor): Promise<Result<{ path: string }>> {
  const unit = await getUnit({ actor, id: unitId, db });
  if (!unit) return fail(400, { unitId: "err.unitOutside" });
  if (!unit.active) return fail(400, { unitId: "err.unitInactive" });
  return { ok: true, value: { path: unit.path } };
}

function checkRole(actor: Actor, role: string): Result {
  if (!assignableRoles(actor).includes(role as Role)) return fail(403, { role: "err.roleNotAllowed" });
  return { ok: true, value: null };
}

export type UserCreateData = Omit<UserFormValues, "phone"> & { phone?: string | null };

/** Creates an account. The password is hashed before the (synchronous) transaction that inserts and audits. */
export async function createUser({ actor, data, ip }: { actor: Actor; data: UserCreateData; ip?: string | null }): Promise<Result<{ id: number }>> {
  if (!can(actor, "manage:user")) return fail(403, {}, "err.forbidden");
  const db = getDb();
  const role = checkRole(actor, data.role);
  if (!role.ok) return role;
  const unit = await checkUnit(actor, data.unitId, db);
  if (!unit.ok) return unit;
  const username = data.username.trim();
  const taken = async () => !!await db.select({ id: users.id }).from(users).where(eq(users.username, username)).get();
  if (await taken()) return fail(400, { username: "err.usernameTaken" });
  const weak = passwordProblem(data.password, [username, data.displayName]);
  if (weak) return fail(400, { password: weak });
  const passwordHash = await hashPassword(data.password);
  try {
    return await db.transaction(async (tx) => {
      // the name may have been taken while the password was hashed
      if (await tx.select({ id: users.id }).from(users).where(eq(users.username, username)).get()) return fail(400, { username: "err.usernameTaken" });
      const recheck = await checkUnit(actor, data.unitId, tx);
      if (!recheck.ok) return recheck;
      const row = await tx
        .insert(users)
        .values({
          username,
          displayName: data.displayName,
          passwordHash,
          role: data.role,
          unitId: data.unitId,
          phone: data.phone || null,
          active: true,
        })
        .returning()
        .get();
      await audit(tx, { userId: actor.id, action: "create", entity: "user", entityId: row.id, unitId: row.unitId, after: snapshot(row), ip });
      return { ok: true as const, value: { id: row.id } };
    });
  } catch (e) {
    if (isUniqueViolation(e)) return fail(400, { username: "err.usernameTaken" });
    throw e;
  }
}

export type UserUpdateData = { displayName: string; role: string; unitId: number; phone?: string | null };

/**
 * A user's new `updatedAt`, which is also the version the edit form's stale check compares: now, or a millisecond
 * after the previous one when the clock has not moved on (two changes within one millisecond must still differ).
 */
function nextStamp(previous: string | null | undefined): string {
  const now = Date.now();
  const prev = previous ? Date.parse(previous) : Number.NaN;
  return new Date(Number.isFinite(prev) && prev >= now ? prev + 1 : now).toISOString();
}

/**
 * Changes an account's name, role, unit and phone. `expectedUpdatedAt` (the version the form was loaded with)
 * makes a concurrent change answer 409. Nobody changes their own role or unit (no self-promotion, no lock-out).
 */
export async function updateUser({
  actor,
  id,
  data,
  expectedUpdatedAt,
  ip,
}: {
  actor: Actor;
  id: number;
  data: UserUpdateData;
  expectedUpdatedAt?: string;
  ip?: string | null;
}): Promise<Result> {
  if (!can(actor, "manage:user")) return fail(403, {}, "err.forbidden");
  const db = getDb();
  return await db.transaction(async (tx) => {
    const current = await getUser({ actor, id, db: tx });
    if (!current) return fail(404, {}, "err.notFound");
    if (expectedUpdatedAt && current.updatedAt !== expectedUpdatedAt) return fail(409, {}, "err.stale");
    if (id === actor.id) {
      if (data.role !== current.role) return fail(400, { role: "err.cannotChangeOwnRole" });
      if (data.unitId !== current.unitId) return fail(400, { unitId: "err.cannotChangeOwnRole" });
    }
    if (data.role !== current.role) {
      const role = checkRole(actor, data.role);
      if (!role.ok) return role;
    }
    if (data.unitId !== current.unitId) {
      const unit = await checkUnit(actor, data.unitId, tx);
      if (!unit.ok) return unit;
    }
    const updated = await tx
      .update(users)
      .set({
        displayName: data.displayName,
        role: data.role,
        unitId: data.unitId,
        phone: data.phone || null,
        updatedAt: nextStamp(current.updatedAt),
      })
      .where(eq(users.id, id))
      .returning()
      .get();
    await audit(tx, {
      userId: actor.id,
      action: "update",
      entity: "user",
      entityId: id,
      unitId: updated.unitId,
      before: snapshot(current),
      after: snapshot(updated),
      ip,
    });
    return { ok: true as const, value: null };
  });
}

/**
 * Sets a new password, ends every session of the account and lifts a log-in lock on its name. The audit entry
 * records that it happened, never the password or its hash.
 */
export async function resetPassword({ actor, id, password, ip }: { actor: Actor; id: number; password: string; ip?: string | null }): Promise<Result> {
  if (!can(actor, "manage:user")) return fail(403, {}, "err.forbidden");
  const target = await getUser({ actor, id });
  if (!target) return fail(404, {}, "err.notFound");
  const weak = passwordProblem(password, [target.username, target.displayName]);
  if (weak) return fail(400, { password: weak });
  const passwordHash = await hashPassword(password);
  const db = getDb();
  return await db.transaction(async (tx) => {
    const current = await getUser({ actor, id, db: tx });
    if (!current) return fail(404, {}, "err.notFound");
    await tx.update(users).set({ passwordHash, updatedAt: nextStamp(current.updatedAt) }).where(eq(users.id, id)).run();
    // same connection, so this runs inside the transaction
    await endSessionsOfUser(id);
    await clearLoginThrottle(tx, current.username);
    await audit(tx, {
      userId: actor.id,
      action: "reset_password",
      entity: "user",
      entityId: id,
      unitId: current.unitId,
      after: { passwordChanged: true, sessionsEnded: true },
      ip,
    });
    return { ok: true as const, value: null };
  });
}

/**
 * The acting user changes their own password: the current one is checked (throttled like a log-in), the new one
 * must pass the policy and differ from it. Every other session of the account ends; `sessionId` (the one in use) stays.
 */
export async function changeOwnPassword({
  actor,
  currentPassword,
  newPassword,
  sessionId,
  ip,
}: {
  actor: Actor;
  currentPassword: string;
  newPassword: string;
  sessionId?: string | null;
  ip?: string | null;
}): Promise<Result> {
  const check = await verifyLogin(actor.username, currentPassword, { ip, auditAction: "password_check_failed" });
  if (!check.ok || check.userId !== actor.id) {
    if (!check.ok && (check.reason === "locked" || check.reason === "slow")) return fail(400, { currentPassword: "err.currentPassword" }, `login.${check.reason}`);
    return fail(400, { currentPassword: "err.currentPassword" });
  }
  if (newPassword === currentPassword) return fail(400, { newPassword: "err.passwordSame" });
  const weak = passwordProblem(newPassword, [actor.username, actor.displayName]);
  if (weak) return fail(400, { newPassword: weak });
  const passwordHash = await hashPassword(newPassword);
  return await getDb().transaction(async (tx) => {
    const previous = (await tx.select({ updatedAt: users.updatedAt }).from(users).where(eq(users.id, actor.id)).get())?.updatedAt;
    await tx.update(users).set({ passwordHash, mustChangePassword: false, updatedAt: nextStamp(previous) }).where(eq(users.id, actor.id)).run();
    await endSessionsOfUser(actor.id, sessionId ?? undefined);
    await audit(tx, {
      userId: actor.id,
      action: "change_password",
      entity: "user",
      entityId: actor.id,
      unitId: actor.unitId,
      after: { passwordChanged: true, otherSessionsEnded: true },
      ip,
    });
    return { ok: true as const, value: null };
  });
}

/** Deactivates an account: it can no longer log in and its sessions end at once. Its records stay. */
export async function deactivateUser({ actor, id, ip }: { actor: Actor; id: number; ip?: string | null }): Promise<Result> {
  if (!can(actor, "manage:user")) return fail(403, {}, "err.forbidden");
  if (id === actor.id) return fail(400, {}, "err.cannotDeactivateSelf");
  return await getDb().transaction(async (tx) => {
    const current = await getUser({ actor, id, db: tx });
    if (!current) return fail(404, {}, "err.notFound");
    if (!current.active) return { ok: true as const, value: null };
    await tx.update(users).set({ active: false, updatedAt: nextStamp(current.updatedAt) }).where(eq(users.id, id)).run();
    await endSessionsOfUser(id);
    await audit(tx, {
      userId: actor.id,
      action: "deactivate",
      entity: "user",
      entityId: id,
      unitId: current.unitId,
      before: { active: true },
      after: { active: false, sessionsEnded: true },
      ip,
    });
    return { ok: true as const, value: null };
  });
}

/** Reactivates an account; its unit must still be active (move the account first otherwise). */
export async function reactivateUser({ actor, id, ip }: { actor: Actor; id: number; ip?: string | null }): Promise<Result> {
  if (!can(actor, "manage:user")) return fail(403, {}, "err.forbidden");
  return await getDb().transaction(async (tx) => {
    const current = await getUser({ actor, id, db: tx });
    if (!current) return fail(404, {}, "err.notFound");
    if (current.active) return { ok: true as const, value: null };
    const unit = await checkUnit(actor, current.unitId, tx);
    if (!unit.ok) return fail(400, {}, "err.userUnitInactive");
    await tx.update(users).set({ active: true, updatedAt: nextStamp(current.updatedAt) }).where(eq(users.id, id)).run();
    await audit(tx, {
      userId: actor.id,
      action: "reactivate",
      entity: "user",
      entityId: id,
      unitId: current.unitId,
      before: { active: false },
      after: { active: true },
      ip,
    });
    return { ok: true as const, value: null };
  });
}
