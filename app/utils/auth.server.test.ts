import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "./db.server";
import { auditLog, sessions, users } from "../../db/schema";
import { createUserSession, getActor, hashPassword, requireActor, safeRedirect, SESSION_HOURS, sessionIdleMinutes, sessionIdOf, THROTTLE, verifyLogin } from "./auth.server";
import { makeTree } from "../../tests/factories";

async function makeUser(username: string, password: string, active = true) {
  const tree = await makeTree();
  return await getDb()
    .insert(users)
    .values({ username, displayName: "测试", passwordHash: await hashPassword(password), role: "staff", unitId: tree.townA1.id, active })
    .returning()
    .get();
}

describe("login", () => {
  it("stores argon2id hashes and accepts the right password", async () => {
    const u = await makeUser("wangli", "Correct-horse-9");
    expect(u.passwordHash.startsWith("$argon2id$")).toBe(true);
    expect(await verifyLogin("wangli", "Correct-horse-9")).toEqual({ ok: true, userId: u.id });
    expect(await verifyLogin("wangli", "wrong")).toEqual({ ok: false, reason: "failed" });
  });

  it("slows repeated failures, then locks the name for a while even for the right password", async () => {
    await makeUser("lisi", "Correct-horse-9");
    const delays: number[] = [];
    const sleep = async (ms: number) => void delays.push(ms);
    const results = [];
    for (let i = 0; i < THROTTLE.lockAfter; i++) results.push(await verifyLogin("lisi", "nope", { sleep }));
    expect(results.slice(0, -1).every((r) => !r.ok && r.reason === "failed")).toBe(true);
    expect(results.at(-1)).toMatchObject({ ok: false, reason: "locked" });
    expect(delays.length).toBe(THROTTLE.lockAfter - THROTTLE.slowAfter + 1);
    expect(delays[1]).toBeGreaterThan(delays[0]);
    expect(await verifyLogin("lisi", "Correct-horse-9", { sleep })).toMatchObject({ ok: false, reason: "locked" });
    const failures = await getDb().select().from(auditLog).where(eq(auditLog.entityId, "lisi")).all();
    expect(failures.length).toBe(THROTTLE.lockAfter);
  });

  it("counts failures for unknown names too, and refuses deactivated accounts", async () => {
    expect(await verifyLogin("nobody", "x")).toEqual({ ok: false, reason: "failed" });
    await makeUser("gone", "Correct-horse-9", false);
    expect(await verifyLogin("gone", "Correct-horse-9")).toEqual({ ok: false, reason: "inactive" });
  });

  it("redirects only within the site", () => {
    expect(safeRedirect("/consultations?x=1")).toBe("/consultations?x=1");
    expect(safeRedirect("//evil.example")).toBe("/");
    expect(safeRedirect("https://evil.example")).toBe("/");
    expect(safeRedirect(null)).toBe("/");
  });
});

describe("login throttling under concurrency (issue 10)", () => {
  const noSleep = { sleep: async () => {} };

  it("checks at most five of 40 simultaneous wrong guesses; the others are refused before any password check", async () => {
    await makeUser("burst", "Correct-horse-9");
    const results = await Promise.all(Array.from({ length: 40 }, () => verifyLogin("burst", "guess", { ip: "203.0.113.5", ...noSleep })));
    const checked = await getDb().select().from(auditLog).where(eq(auditLog.entityId, "burst")).all();
    expect(checked.length).toBe(THROTTLE.lockAfter);
    expect(results.filter((r) => !r.ok && r.reason === "locked").length).toBeGreaterThanOrEqual(40 - THROTTLE.lockAfter);
  });

  it("20 parallel wrong passwords plus the right one do not log in", async () => {
    await makeUser("parallel", "Correct-horse-9");
    const attempts = [
      ...Array.from({ length: 20 }, () => verifyLogin("parallel", "guess", { ip: "203.0.113.6", ...noSleep })),
      verifyLogin("parallel", "Correct-horse-9", { ip: "203.0.113.6", ...noSleep }),
    ];
    const results = await Promise.all(attempts);
    expect(results.some((r) => r.ok)).toBe(false);
    expect(results.at(-1)).toMatchObject({ ok: false, reason: "locked" });
  });

  it("a stranger's five wrong passwords lock only the stranger's client, not the mediator at another computer", async () => {
    const u = await makeUser("mediator.x", "Correct-horse-9");
    for (let i = 0; i < THROTTLE.lockAfter; i++) await verifyLogin("mediator.x", "guess", { ip: "198.51.100.1", ...noSleep });
    expect(await verifyLogin("mediator.x", "Correct-horse-9", { ip: "198.51.100.1", ...noSleep })).toMatchObject({ ok: false, reason: "locked" });
    expect(await verifyLogin("mediator.x", "Correct-horse-9", { ip: "10.1.2.3", ...noSleep })).toEqual({ ok: true, userId: u.id });
  });

  it("guessing one name from many clients is slowed for that name: attempts must be spaced out", async () => {
    await makeUser("spread", "Correct-horse-9");
    const results = [];
    for (let i = 0; i < THROTTLE.nameSlowAfter + 3; i++) results.push(await verifyLogin("spread", "guess", { ip: `192.0.2.${i}`, ...noSleep }));
    expect(results.slice(0, THROTTLE.nameSlowAfter).every((r) => !r.ok && r.reason === "failed")).toBe(true);
    expect(results.slice(THROTTLE.nameSlowAfter).every((r) => !r.ok && r.reason === "slow")).toBe(true);
  });

  it("one client guessing many names is locked out after the client limit", async () => {
    const results = [];
    for (let i = 0; i < THROTTLE.clientLockAfter + 1; i++) results.push(await verifyLogin(`nobody${i}`, "guess", { ip: "198.51.100.77", ...noSleep }));
    expect(results.at(-1)).toMatchObject({ ok: false, reason: "locked" });
    expect(results[0]).toEqual({ ok: false, reason: "failed" });
  });
});

describe("sessions (issue 10)", () => {
  const cookieOf = (setCookie: string) => setCookie.split(";")[0];
  const requestWith = (cookie?: string, path = "/consultations") =>
    new Request(`http://localhost${path}`, { headers: cookie ? { Cookie: cookie } : {} });

  it("ends the session a request carried when someone logs in, and issues a new id (no fixation)", async () => {
    const a = await makeUser("fix.a", "Correct-horse-9");
    const b = await makeUser("fix.b", "Correct-horse-9");
    const first = cookieOf(await createUserSession(requestWith(), a.id));
    const firstSid = await sessionIdOf(requestWith(first));
    expect((await getActor(requestWith(first)))?.id).toBe(a.id);
    const second = cookieOf(await createUserSession(requestWith(first), b.id));
    const secondSid = await sessionIdOf(requestWith(second));
    expect(secondSid).not.toBe(firstSid);
    expect(await getDb().select().from(sessions).where(eq(sessions.id, firstSid!)).get()).toBeUndefined();
    // the old cookie no longer logs anyone in
    expect(await getActor(requestWith(first))).toBeNull();
    expect((await getActor(requestWith(second)))?.id).toBe(b.id);
  });

  it("logs out after the idle time and sends the person to the log-in page with the reason", async () => {
    const u = await makeUser("idle.user", "Correct-horse-9");
    const cookie = cookieOf(await createUserSession(requestWith(), u.id));
    const sid = (await sessionIdOf(requestWith(cookie)))!;
    expect((await requireActor(requestWith(cookie))).id).toBe(u.id);
    // idle for longer than the timeout
    await getDb().update(sessions).set({ expiresAt: new Date(Date.now() - 1000).toISOString() }).where(eq(sessions.id, sid)).run();
    const thrown = await requireActor(requestWith(cookie)).catch((e) => e);
    expect(thrown).toBeInstanceOf(Response);
    expect(thrown.status).toBe(302);
    expect(thrown.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent("/consultations")}&expired=1`);
    // a request without any session is sent to log in without that notice
    const plain = await requireActor(requestWith()).catch((e) => e);
    expect(plain.headers.get("Location")).not.toContain("expired");
  });

  it("keeps an active session alive: each request pushes the idle expiry forward, never past 12 hours", async () => {
    const u = await makeUser("busy.user", "Correct-horse-9");
    const cookie = cookieOf(await createUserSession(requestWith(), u.id));
    const sid = (await sessionIdOf(requestWith(cookie)))!;
    const soon = new Date(Date.now() + 2 * 60_000).toISOString();
    await getDb().update(sessions).set({ expiresAt: soon }).where(eq(sessions.id, sid)).run();
    await requireActor(requestWith(cookie));
    const after = (await getDb().select().from(sessions).where(eq(sessions.id, sid)).get())!;
    expect(Date.parse(after.expiresAt)).toBeGreaterThan(Date.now() + (sessionIdleMinutes() - 1) * 60_000);
    // a session older than 12 hours ends whatever its idle expiry says
    await getDb().update(sessions).set({ createdAt: new Date(Date.now() - (SESSION_HOURS * 3600_000 + 1000)).toISOString() }).where(eq(sessions.id, sid)).run();
    expect(await getActor(requestWith(cookie))).toBeNull();
  });
});
