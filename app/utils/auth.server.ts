import crypto from "node:crypto";
import argon2 from "argon2";
import { redirect } from "@remix-run/node";
import { and, eq, gt } from "drizzle-orm";
import { loginThrottle, sessions, units, users } from "../../db/schema";
import { getDb } from "./db.server";
import { getSession, sessionStorage } from "./session.server";
import type { Actor, Permission } from "./permissions";
import { can } from "./permissions";
import { audit } from "./audit.server";
import type { Role } from "~/schemas/enums";

const SESSION_HOURS = 12;
/** Failed attempts before each further one is slowed, and before the name is locked. */
export const THROTTLE = { slowAfter: 3, lockAfter: 5, windowMinutes: 15, lockMinutes: 15, maxDelayMs: 4000 };

export async function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

let dummyHash: Promise<string> | undefined;

export type LoginResult =
  | { ok: true; userId: number }
  | { ok: false; reason: "failed" | "inactive" }
  | { ok: false; reason: "locked"; minutes: number };

/** Checks a user name and password, with slowing and locking after repeated failures. */
export async function verifyLogin(
  username: string,
  password: string,
  opts: { ip?: string | null; sleep?: (ms: number) => Promise<void> } = {},
): Promise<LoginResult> {
  const db = getDb();
  const key = username.trim().toLowerCase();
  const now = new Date();
  const sleep = opts.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const throttle = db.select().from(loginThrottle).where(eq(loginThrottle.key, key)).get();
  if (throttle?.lockedUntil && throttle.lockedUntil > now.toISOString()) {
    const minutes = Math.ceil((Date.parse(throttle.lockedUntil) - now.getTime()) / 60000);
    return { ok: false, reason: "locked", minutes };
  }
  const user = db.select().from(users).where(eq(users.username, username.trim())).get();
  dummyHash ??= hashPassword("not-a-real-password");
  const valid = user ? await argon2.verify(user.passwordHash, password) : (await argon2.verify(await dummyHash, password), false);
  if (valid && user) {
    db.delete(loginThrottle).where(eq(loginThrottle.key, key)).run();
    if (!user.active) return { ok: false, reason: "inactive" };
    db.transaction((tx) => audit(tx, { userId: user.id, action: "login", entity: "user", entityId: user.id, ip: opts.ip }));
    return { ok: true, userId: user.id };
  }
  // count the failure
  const windowStart = new Date(now.getTime() - THROTTLE.windowMinutes * 60000).toISOString();
  const fresh = !throttle || throttle.firstFailureAt < windowStart;
  const failures = fresh ? 1 : throttle!.failures + 1;
  const lockedUntil =
    failures >= THROTTLE.lockAfter ? new Date(now.getTime() + THROTTLE.lockMinutes * 60000).toISOString() : null;
  db.insert(loginThrottle)
    .values({ key, failures, firstFailureAt: fresh ? now.toISOString() : throttle!.firstFailureAt, lockedUntil })
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: { failures, firstFailureAt: fresh ? now.toISOString() : throttle!.firstFailureAt, lockedUntil },
    })
    .run();
  db.transaction((tx) =>
    audit(tx, { userId: user?.id ?? null, action: "login_failed", entity: "user", entityId: key, ip: opts.ip }),
  );
  if (failures >= THROTTLE.slowAfter) {
    await sleep(Math.min(THROTTLE.maxDelayMs, 500 * 2 ** (failures - THROTTLE.slowAfter)));
  }
  if (lockedUntil) return { ok: false, reason: "locked", minutes: THROTTLE.lockMinutes };
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
