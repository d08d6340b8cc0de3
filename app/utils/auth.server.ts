import crypto from "node:crypto";
import argon2 from "argon2";
import { redirect } from "@remix-run/node";
import { and, eq, inArray, lt, ne, or, sql } from "drizzle-orm";
import { loginThrottle, sessions, units, users } from "../../db/schema";
import { getDb, isBusyError, withoutWaitingForLock, type Executor } from "./db.server";
import { getSession, sessionStorage } from "./session.server";
import type { Actor, Permission } from "./permissions";
import { can } from "./permissions";
import { audit } from "./audit.server";
import { serializeWith } from "./sql-dialect.server";
import type { Role } from "~/schemas/enums";

/** A session ends 12 hours after log-in at the latest, and after SESSION_IDLE_MINUTES (default 30) without a request. */
export const SESSION_HOURS = 12;
export function sessionIdleMinutes(): number {
  const n = Number(process.env.SESSION_IDLE_MINUTES ?? "");
  return Number.isFinite(n) && n > 0 ? n : 30;
}

/**
 * Log-in throttling, by user name and client together (README Decisions):
 * - per name and client: from the 3rd failure within the window each answer is delayed (0.5 s doubling, at most
 *   4 s); at the 5th that client may not try that name again for 15 minutes. A stranger typing wrong passwords
 *   locks only themselves out, never the mediator at another computer.
 * - per name, across clients: from the 10th failure within the window the name may be tried only once every
 *   few seconds (1 s doubling, at most 60 s), whoever tries: distributed guessing is slowed, nobody is locked out.
 * - per client, across names: 30 failures within the window lock that client out for 15 minutes (password spraying).
 * Every attempt is counted in one transaction *before* the password is checked (argon2 is asynchronous), so
 * attempts sent at the same time cannot all be checked before the lock engages.
 */
export const THROTTLE = {
  slowAfter: 3,
  lockAfter: 5,
  windowMinutes: 15,
  lockMinutes: 15,
  maxDelayMs: 4000,
  nameSlowAfter: 10,
  nameMaxSpacingMs: 60_000,
  clientLockAfter: 30,
};

export async function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

let dummyHash: Promise<string> | undefined;

export type LoginResult =
  | { ok: true; userId: number }
  | { ok: false; reason: "failed" | "inactive" }
  | { ok: false; reason: "locked"; minutes: number }
  | { ok: false; reason: "slow"; seconds: number };

/** The throttle rows of one attempt: the name with the client, the name alone, the client alone. */
export function throttleKeys(username: string, ip?: string | null) {
  const name = username.trim().toLowerCase();
  const client = ip || "-";
  return { pair: `pair:${name}|${client}`, name: `name:${name}`, client: `client:${client}` };
}

type Reservation = { ok: true; keys: Awaited<ReturnType<typeof throttleKeys>> } | Extract<LoginResult, { reason: "locked" | "slow" }>;

/**
 * Counts an attempt as a failure before it is checked, in one immediate transaction, or refuses it when the
 * name+client or the client is locked, or the name was tried too recently. A successful attempt gives its count back.
 */
export async function reserveAttempt(username: string, ip: string | null | undefined, now: Date): Promise<Reservation> {
  const keys = throttleKeys(username, ip);
  const nowIso = now.toISOString();
  const windowStart = new Date(now.getTime() - THROTTLE.windowMinutes * 60000).toISOString();
  return await getDb().transaction(async (tx) => {
    // read, decide, write: one attempt at a time (SQLite's immediate transaction already is; PostgreSQL takes a lock)
    await serializeWith(tx, "login_throttle");
    const rows = await tx
      .select()
      .from(loginThrottle)
      .where(inArray(loginThrottle.key, [keys.pair, keys.name, keys.client]))
      .all();
    const row = (key: string) => rows.find((r) => r.key === key);
    const lockedMinutes = (r: typeof loginThrottle.$inferSelect | undefined) =>
      r?.lockedUntil && r.lockedUntil > nowIso ? Math.max(1, Math.ceil((Date.parse(r.lockedUntil) - now.getTime()) / 60000)) : 0;
    const pairLocked = lockedMinutes(row(keys.pair));
    if (pairLocked) return { ok: false as const, reason: "locked" as const, minutes: pairLocked };
    const clientLocked = lockedMinutes(row(keys.client));
    if (clientLocked) return { ok: false as const, reason: "locked" as const, minutes: clientLocked };
    const nameRow = row(keys.name);
    if (nameRow?.lockedUntil && nameRow.lockedUntil > nowIso) {
      return { ok: false as const, reason: "slow" as const, seconds: Math.max(1, Math.ceil((Date.parse(nameRow.lockedUntil) - now.getTime()) / 1000)) };
    }
    const bump = async (key: string, lockAt: number, lockFor: (failures: number) => number) => {
      const r = row(key);
      const fresh = !r || r.firstFailureAt < windowStart;
      const failures = fresh ? 1 : r!.failures + 1;
      const firstFailureAt = fresh ? nowIso : r!.firstFailureAt;
      const lockedUntil = failures >= lockAt ? new Date(now.getTime() + lockFor(failures)).toISOString() : null;
      await tx.insert(loginThrottle)
        .values({ key, failures, firstFailureAt, lockedUntil })
        .onConflictDoUpdate({ target: loginThrottle.key, set: { failures, firstFailureAt, lockedUntil } })
        .run();
    };
    await bump(keys.pair, THROTTLE.lockAfter, () => THROTTLE.lockMinutes * 60000);
    await bump(keys.client, THROTTLE.clientLockAfter, () => THROTTLE.lockMinutes * 60000);
    await bump(keys.name, THROTTLE.nameSlowAfter, (f) => Math.min(THROTTLE.nameMaxSpacingMs, 1000 * 2 ** (f - THROTTLE.nameSlowAfter)));
    return { ok: true as const, keys };
  });
}

/** After a right password: the name+client starts afresh, and the attempt is no longer counted against the name or client. */
export async function releaseAttempt(keys: Awaited<ReturnType<typeof throttleKeys>>) {
  await getDb().transaction(async (tx) => {
    await tx.delete(loginThrottle).where(eq(loginThrottle.key, keys.pair)).run();
    await tx.update(loginThrottle)
      .set({ failures: sql`CASE WHEN ${loginThrottle.failures} > 1 THEN ${loginThrottle.failures} - 1 ELSE 0 END` })
      .where(inArray(loginThrottle.key, [keys.name, keys.client]))
      .run();
  });
}

/** Ends every throttle on a user name (all clients), e.g. when an administrator sets a new password. */
export async function clearLoginThrottle(db: Executor, username: string) {
  const name = username.trim().toLowerCase();
  await db.delete(loginThrottle)
    .where(or(eq(loginThrottle.key, `name:${name}`), sql`substr(${loginThrottle.key}, 1, ${`pair:${name}|`.length}) = ${`pair:${name}|`}`))
    .run();
}

/** Checks a user name and password, with slowing and locking after repeated failures (THROTTLE). */
export async function verifyLogin(
  username: string,
  password: string,
  opts: { ip?: string | null; sleep?: (ms: number) => Promise<void>; auditAction?: string } = {},
): Promise<LoginResult> {
  const db = getDb();
  const now = new Date();
  const sleep = opts.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const reservation = await reserveAttempt(username, opts.ip, now);
  if (!reservation.ok) return reservation;
  const { keys } = reservation;
  const user = await db.select().from(users).where(eq(users.username, username.trim())).get();
  dummyHash ??= hashPassword("not-a-real-password");
  const valid = user ? await argon2.verify(user.passwordHash, password) : (await argon2.verify(await dummyHash, password), false);
  if (valid && user) {
    await releaseAttempt(keys);
    if (!user.active) return { ok: false, reason: "inactive" };
    if (!opts.auditAction) await db.transaction(async (tx) => await audit(tx, { userId: user.id, action: "login", entity: "user", entityId: user.id, ip: opts.ip }));
    return { ok: true, userId: user.id };
  }
  await db.transaction(async (tx) =>
    await audit(tx, { userId: user?.id ?? null, action: opts.auditAction ?? "login_failed", entity: "user", entityId: username.trim().toLowerCase(), ip: opts.ip }),
  );
  const pair = await db.select().from(loginThrottle).where(eq(loginThrottle.key, keys.pair)).get();
  const failures = pair?.failures ?? 1;
  if (failures >= THROTTLE.slowAfter) {
    await sleep(Math.min(THROTTLE.maxDelayMs, 500 * 2 ** (failures - THROTTLE.slowAfter)));
  }
  if (pair?.lockedUntil) return { ok: false, reason: "locked", minutes: THROTTLE.lockMinutes };
  return { ok: false, reason: "failed" };
}

/** The session id the request's cookie carries, if any. */
export async function sessionIdOf(request: Request): Promise<string | null> {
  const sid = (await getSession(request)).get("sid");
  return typeof sid === "string" ? sid : null;
}

/**
 * Starts a server-side session and returns the Set-Cookie header. Whatever session the request carried ends here
 * and the cookie gets a new random id (no fixation). `mfaPending`: the password was right but the two-factor code
 * is still awaited, so the session does not log in yet (5 minutes to enter it).
 */
export async function createUserSession(request: Request, userId: number, opts: { mfaPending?: boolean } = {}): Promise<string> {
  const db = getDb();
  const previous = await sessionIdOf(request);
  const id = crypto.randomBytes(24).toString("base64url");
  const now = Date.now();
  const expiresAt = new Date(now + (opts.mfaPending ? 5 : Math.min(sessionIdleMinutes(), SESSION_HOURS * 60)) * 60_000).toISOString();
  await db.transaction(async (tx) => {
    if (previous) await tx.delete(sessions).where(eq(sessions.id, previous)).run();
    await tx.delete(sessions).where(lt(sessions.expiresAt, new Date(now - 86400_000).toISOString())).run();
    await tx.insert(sessions).values({ id, userId, expiresAt, mfaPending: !!opts.mfaPending, createdAt: new Date(now).toISOString() }).run();
  });
  const session = await sessionStorage().getSession();
  session.set("sid", id);
  return sessionStorage().commitSession(session);
}

export async function destroyUserSession(request: Request): Promise<string> {
  const session = await getSession(request);
  const sid = session.get("sid");
  if (typeof sid === "string") await getDb().delete(sessions).where(eq(sessions.id, sid)).run();
  return sessionStorage().destroySession(session);
}

/** Ends every session of an account, or every other one when `exceptSessionId` is the one in use. */
export async function endSessionsOfUser(userId: number, exceptSessionId?: string) {
  await getDb()
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), exceptSessionId ? ne(sessions.id, exceptSessionId) : undefined))
    .run();
}

/** Pushes the idle expiry forward at most once a minute, and never waits for a lock held by another process. */
async function touchSession(sid: string, expiresAt: string, createdAt: string, now: number) {
  const next = Math.min(now + sessionIdleMinutes() * 60_000, Date.parse(createdAt) + SESSION_HOURS * 3600_000);
  if (next - Date.parse(expiresAt) < 60_000) return;
  const db = getDb();
  try {
    await withoutWaitingForLock(() => db.transaction(async (tx) => await tx.update(sessions).set({ expiresAt: new Date(next).toISOString() }).where(eq(sessions.id, sid)).run()));
  } catch (e) {
    if (!isBusyError(e)) throw e; // an import holds the lock: the session is extended by a later request
  }
}

export type SessionState = { actor: Actor | null; expired: boolean; mustChangePassword?: boolean };

/**
 * The acting user of a request, or null; `expired` when the request carried a session that ended because it was
 * idle too long (or reached 12 hours), so the log-in page can say why. Inactive users count as logged out.
 */
export async function getSessionState(request: Request): Promise<SessionState> {
  const sid = await sessionIdOf(request);
  if (!sid) return { actor: null, expired: false };
  const db = getDb();
  const row = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      unitId: users.unitId,
      unitPath: units.path,
      unitName: units.name,
      unitLevel: units.level,
      active: users.active,
      expiresAt: sessions.expiresAt,
      createdAt: sessions.createdAt,
      mfaPending: sessions.mfaPending,
      mustChangePassword: users.mustChangePassword,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(units, eq(units.id, users.unitId))
    .where(eq(sessions.id, sid))
    .get();
  if (!row || row.mfaPending || !row.active) return { actor: null, expired: false };
  const now = Date.now();
  // the row stays (loaders run in parallel and each must see why); log-in removes it and purges old ones
  if (Date.parse(row.expiresAt) <= now || Date.parse(row.createdAt) + SESSION_HOURS * 3600_000 <= now) return { actor: null, expired: true };
  await touchSession(sid, row.expiresAt, row.createdAt, now);
  const { active: _a, expiresAt: _e, createdAt: _c, mfaPending: _m, mustChangePassword, ...actor } = row;
  return { actor: { ...actor, role: actor.role as Role }, expired: false, mustChangePassword };
}

/** The account whose password was right and whose two-factor code is awaited (a pending session, 5 minutes), or null. */
export async function pendingSecondFactorUser(request: Request): Promise<number | null> {
  const sid = await sessionIdOf(request);
  if (!sid) return null;
  const row = await getDb()
    .select({ userId: sessions.userId, expiresAt: sessions.expiresAt, mfaPending: sessions.mfaPending })
    .from(sessions)
    .where(eq(sessions.id, sid))
    .get();
  return row?.mfaPending && Date.parse(row.expiresAt) > Date.now() ? row.userId : null;
}

/** The acting user of a request, or null. Inactive users and expired sessions count as logged out. */
export async function getActor(request: Request): Promise<Actor | null> {
  return (await getSessionState(request)).actor;
}

/** Where an account with a one-time password is sent until it has chosen its own. */
export const PASSWORD_PAGE = "/settings/security";

/** The acting user, or a redirect to the login page that comes back here (and says so when the session timed out). */
export async function requireActor(request: Request): Promise<Actor> {
  const { actor, expired, mustChangePassword } = await getSessionState(request);
  const url = new URL(request.url);
  if (!actor) {
    const redirectTo = url.pathname + url.search;
    throw redirect(`/login?redirectTo=${encodeURIComponent(redirectTo)}${expired ? "&expired=1" : ""}`);
  }
  // an account with a one-time password (the setup's first administrator) chooses its own before anything else
  if (mustChangePassword && url.pathname !== PASSWORD_PAGE) throw redirect(`${PASSWORD_PAGE}?first=1`);
  return actor;
}

/** The acting user holding a permission, or 403. */
export async function requirePermission(request: Request, permission: Permission): Promise<Actor> {
  const actor = await requireActor(request);
  if (!can(actor, permission)) throw new Response("无权执行此操作", { status: 403 });
  return actor;
}

/** Only same-site relative paths may be redirected to after login. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (!to || typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}

/**
 * The acting user of an API request: `Authorization: Bearer <token>` (app/models/api-tokens.server.ts), else the
 * session cookie. Throws a JSON 401, never a redirect.
 */
export async function requireApiActor(request: Request): Promise<Actor> {
  const header = request.headers.get("Authorization");
  const { actorForToken, statusProblem } = await import("~/models/api-tokens.server");
  if (header) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const actor = m ? await actorForToken(m[1]) : null;
    if (!actor) throw statusProblem(401);
    return actor;
  }
  const actor = await getActor(request);
  if (!actor) throw statusProblem(401);
  return actor;
}
