import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";
import { getDb, rawAll } from "~/utils/db.server";
import { hashPassword } from "~/utils/auth.server";
import { users } from "../../db/schema";
import { makeActor, makeTree } from "../../tests/factories";
import {
  confirmTwoFactorEnrolment,
  disableTwoFactor,
  getTwoFactorStatus,
  needsSecondFactor,
  RECOVERY_CODE_COUNT,
  startTwoFactorEnrolment,
  verifySecondFactor,
} from "./two-factor.server";

const codeFor = (secret: string, at = Date.now()) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: at });

async function admin(password = "Quiet-river-stone-42") {
  const tree = await makeTree();
  const actor = await makeActor(tree.countyA, "admin");
  await getDb().update(users).set({ passwordHash: await hashPassword(password) }).where(eq(users.id, actor.id)).run();
  return actor;
}

describe("two-factor log-in (TOTP)", () => {
  it("is offered to administrators and bureau accounts only", async () => {
    const tree = await makeTree();
    expect(await startTwoFactorEnrolment({ actor: await makeActor(tree.townA1, "staff") })).toMatchObject({ ok: false, status: 403 });
    expect((await startTwoFactorEnrolment({ actor: await makeActor(tree.countyA, "bureau") })).ok).toBe(true);
  });

  it("enrols with a code from the shown secret, asks for a code at log-in, never accepts a code twice", async () => {
    const actor = await admin();
    const started = await startTwoFactorEnrolment({ actor });
    if (!started.ok) throw new Error("start failed");
    const status = await getTwoFactorStatus({ actor });
    expect(status.enrolment?.secret).toBe(started.value.secret);
    expect(status.enrolment?.uri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    expect(status.enrolment?.qrSvg).toMatch(/^<svg/);
    expect(await needsSecondFactor(actor.id)).toBe(false);

    expect(await confirmTwoFactorEnrolment({ actor, code: "000000" })).toMatchObject({ ok: false, fieldErrors: { code: "mfa.wrongCode" } });
    const confirmed = await confirmTwoFactorEnrolment({ actor, code: codeFor(started.value.secret) });
    if (!confirmed.ok) throw new Error("confirm failed");
    expect(confirmed.value.recoveryCodes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(await needsSecondFactor(actor.id)).toBe(true);
    expect((await getTwoFactorStatus({ actor })).enabled).toBe(true);

    // the code used to confirm cannot log in again; the next period's code can, once
    expect(await verifySecondFactor({ userId: actor.id, code: codeFor(started.value.secret), ip: "10.0.0.9" })).toEqual({ ok: false, reason: "failed" });
    const next = codeFor(started.value.secret, Date.now() + 30_000);
    expect(await verifySecondFactor({ userId: actor.id, code: next, ip: "10.0.0.9" })).toEqual({ ok: true, userId: actor.id });
    expect(await verifySecondFactor({ userId: actor.id, code: next, ip: "10.0.0.9" })).toEqual({ ok: false, reason: "failed" });
  });

  it("stores recovery codes hashed; each logs in once", async () => {
    const actor = await admin();
    const started = await startTwoFactorEnrolment({ actor });
    if (!started.ok) throw new Error("start failed");
    const confirmed = await confirmTwoFactorEnrolment({ actor, code: codeFor(started.value.secret) });
    if (!confirmed.ok) throw new Error("confirm failed");
    const [first] = confirmed.value.recoveryCodes;
    const stored = JSON.stringify(await rawAll(getDb(), "SELECT * FROM user_recovery_codes WHERE user_id = ?", [actor.id]));
    expect(stored).not.toContain(first);
    expect(await verifySecondFactor({ userId: actor.id, code: first.toLowerCase(), ip: "10.0.0.8" })).toEqual({ ok: true, userId: actor.id });
    expect(await verifySecondFactor({ userId: actor.id, code: first, ip: "10.0.0.8" })).toEqual({ ok: false, reason: "failed" });
    expect((await getTwoFactorStatus({ actor })).recoveryRemaining).toBe(RECOVERY_CODE_COUNT - 1);
  });

  it("wrong codes count against the log-in throttle", async () => {
    const actor = await admin();
    const started = await startTwoFactorEnrolment({ actor });
    if (!started.ok) throw new Error("start failed");
    await confirmTwoFactorEnrolment({ actor, code: codeFor(started.value.secret) });
    // one after another: each wrong code counts before the next is tried
    const results: Array<Awaited<ReturnType<typeof verifySecondFactor>>> = [];
    for (let i = 0; i < 6; i++) results.push(await verifySecondFactor({ userId: actor.id, code: "12345", ip: "10.0.0.7" }));
    expect(results.at(-1)).toMatchObject({ ok: false, reason: "locked" });
  });

  it("is switched off only with the password", async () => {
    const actor = await admin("Quiet-river-stone-42");
    const started = await startTwoFactorEnrolment({ actor });
    if (!started.ok) throw new Error("start failed");
    await confirmTwoFactorEnrolment({ actor, code: codeFor(started.value.secret) });
    expect(await disableTwoFactor({ actor, password: "wrong-password", ip: "10.0.0.6" })).toMatchObject({ ok: false, fieldErrors: { password: "err.currentPassword" } });
    expect(await needsSecondFactor(actor.id)).toBe(true);
    expect((await disableTwoFactor({ actor, password: "Quiet-river-stone-42", ip: "10.0.0.6" })).ok).toBe(true);
    expect(await needsSecondFactor(actor.id)).toBe(false);
    expect((await getTwoFactorStatus({ actor })).recoveryRemaining).toBe(0);
  });
});
