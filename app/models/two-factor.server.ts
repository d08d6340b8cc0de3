/**
 * Optional two-factor log-in (TOTP, RFC 6238, with `otpauth`) for administrators and bureau accounts: enrolment
 * with a QR code and the secret shown, confirmed by a code; ten recovery codes shown once, stored as SHA-256, each
 * usable once; switching it off needs the password. At log-in the code is asked after the password
 * (app/routes/login_.two-factor.tsx); wrong codes count against the same throttle as wrong passwords.
 */
import crypto from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import { userRecoveryCodes, users } from "../../db/schema";
import { getDb } from "~/utils/db.server";
import { audit } from "~/utils/audit.server";
import { releaseAttempt, reserveAttempt, verifyLogin, type LoginResult } from "~/utils/auth.server";
import type { Actor } from "~/utils/permissions";
import type { Role } from "~/schemas/enums";
import { fail, type Result } from "./units.server";

export const TWO_FACTOR_ROLES: readonly Role[] = ["admin", "bureau"];
export const RECOVERY_CODE_COUNT = 10;
const ISSUER = "枫桥 Fengqiao";

export function twoFactorAllowed(role: Role) {
  return TWO_FACTOR_ROLES.includes(role);
}

function totpFor(secret: string, label: string) {
  return new TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(secret) });
}

const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest("hex");
/** A recovery code as typed: case, spaces and dashes do not matter. */
const normaliseRecovery = (s: string) => s.toUpperCase().replace(/[\s-]/g, "");

function newRecoveryCodes(): string[] {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = crypto.randomBytes(10);
    const chars = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** What the account security page shows of the actor's two-factor log-in, with the QR code while enrolling. */
export async function getTwoFactorStatus({ actor }: { actor: Actor }) {
  const row = await getDb()
    .select({ secret: users.totpSecret, pending: users.totpPendingSecret })
    .from(users)
    .where(eq(users.id, actor.id))
    .get();
  const allowed = twoFactorAllowed(actor.role);
  const remaining = (await getDb()
    .select({ id: userRecoveryCodes.id })
    .from(userRecoveryCodes)
    .where(and(eq(userRecoveryCodes.userId, actor.id), isNull(userRecoveryCodes.usedAt)))
    .all()).length;
  let enrolment: { secret: string; uri: string; qrSvg: string } | null = null;
  if (allowed && !row?.secret && row?.pending) {
    const uri = totpFor(row.pending, actor.username).toString();
    enrolment = { secret: row.pending, uri, qrSvg: await QRCode.toString(uri, { type: "svg", margin: 1, width: 200 }) };
  }
  return { allowed, enabled: !!row?.secret, enrolment, recoveryRemaining: remaining };
}

/** Starts (or restarts) enrolment: a new secret, kept aside until a code from it confirms it. */
export async function startTwoFactorEnrolment({ actor }: { actor: Actor }): Promise<Result<{ secret: string }>> {
  if (!twoFactorAllowed(actor.role)) return fail(403, {}, "err.forbidden");
  const secret = new Secret({ size: 20 }).base32;
  return await getDb().transaction(async (tx) => {
    const row = await tx.select({ secret: users.totpSecret }).from(users).where(eq(users.id, actor.id)).get();
    if (row?.secret) return fail(400, {}, "mfa.alreadyOn");
    await tx.update(users).set({ totpPendingSecret: secret }).where(eq(users.id, actor.id)).run();
    return { ok: true as const, value: { secret } };
  });
}

/** The 30-second step a code matches (one step of clock drift either way), or null. */
function matchingStep(secret: string, label: string, code: string, now = Date.now()): number | null {
  const delta = totpFor(secret, label).validate({ token: code, timestamp: now, window: 1 });
  return delta === null ? null : Math.floor(now / 30_000) + delta;
}

/** Confirms enrolment with a code from the new secret: two-factor log-in is on, and the recovery codes are returned once. */
export async function confirmTwoFactorEnrolment({ actor, code, ip }: { actor: Actor; code: string; ip?: string | null }): Promise<Result<{ recoveryCodes: string[] }>> {
  if (!twoFactorAllowed(actor.role)) return fail(403, {}, "err.forbidden");
  const codes = newRecoveryCodes();
  return await getDb().transaction(async (tx) => {
    const row = await tx.select({ pending: users.totpPendingSecret, secret: users.totpSecret }).from(users).where(eq(users.id, actor.id)).get();
    if (row?.secret) return fail(400, {}, "mfa.alreadyOn");
    if (!row?.pending) return fail(400, { code: "mfa.noEnrolment" });
    const step = matchingStep(row.pending, actor.username, code.replace(/\s/g, ""));
    if (step === null) return fail(400, { code: "mfa.wrongCode" });
    await tx.update(users).set({ totpSecret: row.pending, totpPendingSecret: null, totpLastStep: step }).where(eq(users.id, actor.id)).run();
    await tx.delete(userRecoveryCodes).where(eq(userRecoveryCodes.userId, actor.id)).run();
    for (const c of codes) await tx.insert(userRecoveryCodes).values({ userId: actor.id, codeHash: sha256(normaliseRecovery(c)) }).run();
    await audit(tx, { userId: actor.id, action: "enable_2fa", entity: "user", entityId: actor.id, unitId: actor.unitId, ip });
    return { ok: true as const, value: { recoveryCodes: codes } };
  });
}

/** Switches two-factor log-in off; the password is asked again (throttled like a log-in). */
export async function disableTwoFactor({ actor, password, ip }: { actor: Actor; password: string; ip?: string | null }): Promise<Result> {
  const check = await verifyLogin(actor.username, password, { ip, auditAction: "password_check_failed" });
  if (!check.ok || check.userId !== actor.id) return fail(400, { password: "err.currentPassword" });
  return await getDb().transaction(async (tx) => {
    await tx.update(users).set({ totpSecret: null, totpPendingSecret: null, totpLastStep: null }).where(eq(users.id, actor.id)).run();
    await tx.delete(userRecoveryCodes).where(eq(userRecoveryCodes.userId, actor.id)).run();
    await audit(tx, { userId: actor.id, action: "disable_2fa", entity: "user", entityId: actor.id, unitId: actor.unitId, ip });
    return { ok: true as const, value: null };
  });
}

/** Whether an account logs in with a second factor. */
export async function needsSecondFactor(userId: number): Promise<boolean> {
  return !!(await getDb().select({ secret: users.totpSecret }).from(users).where(eq(users.id, userId)).get())?.secret;
}

/**
 * The second step of a log-in: a 6-digit code from the authenticator app (each accepted once) or an unused
 * recovery code (then used up). Counted against the log-in throttle before it is checked.
 */
export async function verifySecondFactor({ userId, code, ip }: { userId: number; code: string; ip?: string | null }): Promise<LoginResult> {
  const db = getDb();
  const user = await db.select({ username: users.username, secret: users.totpSecret, lastStep: users.totpLastStep, active: users.active }).from(users).where(eq(users.id, userId)).get();
  if (!user?.secret || !user.active) return { ok: false, reason: "failed" };
  const reservation = await reserveAttempt(user.username, ip, new Date());
  if (!reservation.ok) return reservation;
  const typed = code.trim();
  const accepted = await db.transaction(async (tx) => {
    if (/^\d{6}$/.test(typed.replace(/\s/g, ""))) {
      const step = matchingStep(user.secret!, user.username, typed.replace(/\s/g, ""));
      const last = (await tx.select({ lastStep: users.totpLastStep }).from(users).where(eq(users.id, userId)).get())?.lastStep ?? null;
      if (step === null || (last !== null && step <= last)) return false;
      await tx.update(users).set({ totpLastStep: step }).where(eq(users.id, userId)).run();
      await audit(tx, { userId, action: "login", entity: "user", entityId: userId, after: { secondFactor: "totp" }, ip });
      return true;
    }
    const hash = sha256(normaliseRecovery(typed));
    const rc = await tx
      .select({ id: userRecoveryCodes.id })
      .from(userRecoveryCodes)
      .where(and(eq(userRecoveryCodes.userId, userId), eq(userRecoveryCodes.codeHash, hash), isNull(userRecoveryCodes.usedAt)))
      .get();
    if (!rc) return false;
    await tx.update(userRecoveryCodes).set({ usedAt: new Date().toISOString() }).where(eq(userRecoveryCodes.id, rc.id)).run();
    await audit(tx, { userId, action: "login", entity: "user", entityId: userId, after: { secondFactor: "recovery_code" }, ip });
    return true;
  });
  if (accepted) {
    await releaseAttempt(reservation.keys);
    return { ok: true, userId };
  }
  await db.transaction(async (tx) => await audit(tx, { userId, action: "login_failed", entity: "user", entityId: user.username.toLowerCase(), after: { secondFactor: true }, ip }));
  return { ok: false, reason: "failed" };
}
