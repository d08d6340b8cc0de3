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
