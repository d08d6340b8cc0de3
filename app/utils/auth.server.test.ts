import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "./db.server";
import { auditLog, users } from "../../db/schema";
import { hashPassword, safeRedirect, THROTTLE, verifyLogin } from "./auth.server";
import { makeTree } from "../../tests/factories";

async function makeUser(username: string, password: string, active = true) {
  const tree = makeTree();
  return getDb()
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
    const failures = getDb().select().from(auditLog).where(eq(auditLog.entityId, "lisi")).all();
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
    const checked = getDb().select().from(auditLog).where(eq(auditLog.entityId, "burst")).all();
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
