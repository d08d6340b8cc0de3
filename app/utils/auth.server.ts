import crypto from "node:crypto";
import argon2 from "argon2";
import { redirect } from "@remix-run/node";
import { and, eq, gt, inArray, or, sql } from "drizzle-orm";
import { loginThrottle, sessions, units, users } from "../../db/schema";
import { getDb, type Executor } from "./db.server";
import { getSession, sessionStorage } from "./session.server";
import type { Actor, Permission } from "./permissions";
import { can } from "./permissions";
import { audit } from "./audit.server";
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

type Reservation = { ok: true; keys: ReturnType<typeof throttleKeys> } | Extract<LoginResult, { reason: "locked" | "slow" }>;

/**
 * Counts an attempt as a failure before it is checked, in one immediate transaction, or refuses it when the
 * name+client or the client is locked, or the name was tried too recently. A successful attempt gives its count back.
 */
function reserveAttempt(username: string, ip: string | null | undefined, now: Date): Reservation {
  const keys = throttleKeys(username, ip);
  const nowIso = now.toISOString();
  const windowStart = new Date(now.getTime() - THROTTLE.windowMinutes * 60000).toISOString();
  return getDb().transaction((tx) => {
    const rows = tx
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
    const bump = (key: string, lockAt: number, lockFor: (failures: number) => number) => {
      const r = row(key);
      const fresh = !r || r.firstFailureAt < windowStart;
      const failures = fresh ? 1 : r!.failures + 1;
      const firstFailureAt = fresh ? nowIso : r!.firstFailureAt;
      const lockedUntil = failures >= lockAt ? new Date(now.getTime() + lockFor(failures)).toISOString() : null;
      tx.insert(loginThrottle)
        .values({ key, failures, firstFailureAt, lockedUntil })
        .onConflictDoUpdate({ target: loginThrottle.key, set: { failures, firstFailureAt, lockedUntil } })
        .run();
    };
    bump(keys.pair, THROTTLE.lockAfter, () => THROTTLE.lockMinutes * 60000);
    bump(keys.client, THROTTLE.clientLockAfter, () => THROTTLE.lockMinutes * 60000);
    bump(keys.name, THROTTLE.nameSlowAfter, (f) => Math.min(THROTTLE.nameMaxSpacingMs, 1000 * 2 ** (f - THROTTLE.nameSlowAfter)));
    return { ok: true as const, keys };
  });
}

/** After a right password: the name+client starts afresh, and the attempt is no longer counted against the name or client. */
function releaseAttempt(keys: ReturnType<typeof throttleKeys>) {
  getDb().transaction((tx) => {
    tx.delete(loginThrottle).where(eq(loginThrottle.key, keys.pair)).run();
    tx.update(loginThrottle)
      .set({ failures: sql`max(0, ${loginThrottle.failures} - 1)` })
      .where(inArray(loginThrottle.key, [keys.name, keys.client]))
      .run();
  });
}

/** Ends every throttle on a user name (all clients), e.g. when an administrator sets a new password. */
export function clearLoginThrottle(db: Executor, username: string) {
  const name = username.trim().toLowerCase();
  db.delete(loginThrottle)
    .where(or(eq(loginThrottle.key, `name:${name}`), sql`substr(${loginThrottle.key}, 1, ${`pair:${name}|`.length}) = ${`pair:${name}|`}`))
    .run();
}

/** Checks a user name and password, with slowing and locking after repeated failures (THROTTLE). */
export async function verifyLogin(
  username: string,
  password: string,
  opts: { ip?: string | null; sleep?: (ms: number) => Promise<void> } = {},
): Promise<LoginResult> {
  const db = getDb();
  const now = new Date();
  const sleep = opts.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const reservation = reserveAttempt(username, opts.ip, now);
  if (!reservation.ok) return reservation;
  const { keys } = reservation;
  const user = db.select().from(users).where(eq(users.username, username.trim())).get();
  dummyHash ??= hashPassword("not-a-real-password");
  const valid = user ? await argon2.verify(user.passwordHash, password) : (await argon2.verify(await dummyHash, password), false);
  if (valid && user) {
    releaseAttempt(keys);
    if (!user.active) return { ok: false, reason: "inactive" };
    db.transaction((tx) => audit(tx, { userId: user.id, action: "login", entity: "user", entityId: user.id, ip: opts.ip }));
    return { ok: true, userId: user.id };
  }
  db.transaction((tx) =>
    audit(tx, { userId: user?.id ?? null, action: "login_failed", entity: "user", entityId: username.trim().toLowerCase(), ip: opts.ip }),
  );
  const pair = db.select().from(loginThrottle).where(eq(loginThrottle.key, keys.pair)).get();
  const failures = pair?.failures ?? 1;
  if (failures >= THROTTLE.slowAfter) {
    await sleep(Math.min(THROTTLE.maxDelayMs, 500 * 2 ** (failures - THROTTLE.slowAfter)));
  }
  if (pair?.lockedUntil) return { ok: false, reason: "locked", minutes: THROTTLE.lockMinutes };
  return { ok: false, reason: "failed" };
}

/** Starts a server-side session and returns the Set-Cookie header. */
export async function createUserSession(request: Request, userId: number): Promise<string> {
  const db = getDb();
  const id = crypto.randomBytes(24).toString("base64url");
  const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000).toISOString();
  db.insert(sessions).values({ id, userId, expiresAt }).run();
  const session = await getSession(request);
  session.set("sid", id);
  return sessionStorage().commitSession(session);
}

export async function destroyUserSession(request: Request): Promise<string> {
  const session = await getSession(request);
  const sid = session.get("sid");
  if (typeof sid === "string") getDb().delete(sessions).where(eq(sessions.id, sid)).run();
  return sessionStorage().destroySession(session);
}

export function endSessionsOfUser(userId: number) {
  getDb().delete(sessions).where(eq(sessions.userId, userId)).run();
}

/** The acting user of a request, or null. Inactive users and expired sessions count as logged out. */
export async function getActor(request: Request): Promise<Actor | null> {
  const session = await getSession(request);
  const sid = session.get("sid");
  if (typeof sid !== "string") return null;
  const row = getDb()
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      unitId: users.unitId,
      unitPath: units.path,
      unitName: units.name,
      unitLevel: units.level,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(units, eq(units.id, users.unitId))
    .where(and(eq(sessions.id, sid), gt(sessions.expiresAt, new Date().toISOString()), eq(users.active, true)))
    .get();
  return row ? { ...row, role: row.role as Role } : null;
}

/** The acting user, or a redirect to the login page that comes back here. */
export async function requireActor(request: Request): Promise<Actor> {
  const actor = await getActor(request);
  if (!actor) {
    const url = new URL(request.url);
    const redirectTo = url.pathname + url.search;
    throw redirect(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
  }
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
    const actor = m ? actorForToken(m[1]) : null;
    if (!actor) throw statusProblem(401);
    return actor;
  }
  const actor = await getActor(request);
  if (!actor) throw statusProblem(401);
  return actor;
}
