import { describe, expect, it, vi } from "vitest";
import { and, eq } from "drizzle-orm";
import { getDb } from "~/utils/db.server";
import { throttleKeys, verifyLogin } from "~/utils/auth.server";
import { auditLog, loginThrottle, sessions, users } from "../../db/schema";
import { makeActor, makeTree } from "../../tests/factories";
import { deactivateUnit } from "./units.server";
import { changeOwnPassword, createUser, deactivateUser, getUser, listUsers, reactivateUser, resetPassword, updateUser, type UserCreateData } from "./users.server";

const noSleep = { sleep: async () => {} };
let n = 0;

function userData(unitId: number, over: Partial<UserCreateData> = {}): UserCreateData {
  n += 1;
  return { username: `mediator${n}`, displayName: `调解员${n}`, role: "staff", unitId, password: "Fengqiao2024x", phone: "", ...over };
}

async function addSession(userId: number) {
  const id = `sess-${userId}-${Math.random().toString(36).slice(2)}`;
  await getDb()
    .insert(sessions)
    .values({ id, userId, expiresAt: new Date(Date.now() + 3600_000).toISOString() })
    .run();
  return id;
}
const sessionsOf = async (userId: number) => await getDb().select().from(sessions).where(eq(sessions.userId, userId)).all();
const userAudit = async (id: number) =>
  (await getDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entity, "user"), eq(auditLog.entityId, String(id))))
    .orderBy(auditLog.id)
    .all())
    .filter((e) => !e.action.startsWith("login"));

describe("user jurisdiction", () => {
  it("keeps a county admin inside its county", async () => {
    const tree = await makeTree();
    const countyAdmin = await makeActor(tree.countyA, "admin");
    const otherCounty = await makeActor(tree.townB1, "staff");
    const mine = await makeActor(tree.villA1a, "staff");
    const cityAdmin = await makeActor(tree.city, "admin");

    expect((await getUser({ actor: countyAdmin, id: mine.id }))?.username).toBe(mine.username);
    expect(await getUser({ actor: countyAdmin, id: otherCounty.id })).toBeNull();
    expect(await getUser({ actor: countyAdmin, id: cityAdmin.id })).toBeNull();
    expect(await getUser({ actor: cityAdmin, id: otherCounty.id })).not.toBeNull();

    const listed = (await listUsers({ actor: countyAdmin })).rows.map((u) => u.id);
    expect(listed).toContain(mine.id);
    expect(listed).toContain(countyAdmin.id);
    expect(listed).not.toContain(otherCounty.id);
    expect(listed).not.toContain(cityAdmin.id);
    // a unit filter outside the subtree gives nothing rather than the other county's accounts
    expect((await listUsers({ actor: countyAdmin, filters: { unitId: tree.townB1.id } })).rows).toEqual([]);

    expect(await createUser({ actor: countyAdmin, data: userData(tree.townB1.id) })).toMatchObject({
      ok: false,
      fieldErrors: { unitId: "err.unitOutside" },
    });
    expect(await updateUser({ actor: countyAdmin, id: otherCounty.id, data: { displayName: "x", role: "staff", unitId: tree.townB1.id } })).toMatchObject({
      ok: false,
      status: 404,
    });
    expect(await updateUser({ actor: countyAdmin, id: mine.id, data: { displayName: "x", role: "staff", unitId: tree.townB1.id } })).toMatchObject({
      ok: false,
      fieldErrors: { unitId: "err.unitOutside" },
    });
    expect(await resetPassword({ actor: countyAdmin, id: otherCounty.id, password: "NewPassword123" })).toMatchObject({ ok: false, status: 404 });
    expect(await deactivateUser({ actor: countyAdmin, id: otherCounty.id })).toMatchObject({ ok: false, status: 404 });
    expect(await reactivateUser({ actor: countyAdmin, id: otherCounty.id })).toMatchObject({ ok: false, status: 404 });
    expect((await getDb().select().from(users).where(eq(users.id, otherCounty.id)).get())!.active).toBe(true);
  });

  it("filters by unit (with or without sub-units), role, status and name", async () => {
    const tree = await makeTree();
    const admin = await makeActor(tree.countyA, "admin");
    const a = await createUser({ actor: admin, data: userData(tree.townA1.id, { username: "zhang.san", displayName: "张三" }) });
    const b = await createUser({ actor: admin, data: userData(tree.villA1a.id, { username: "li.si", displayName: "李四", role: "centre_head" }) });
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    const ids = async (f: Parameters<typeof listUsers>[0]["filters"]) => (await listUsers({ actor: admin, filters: f })).rows.map((r) => r.id).sort();
    expect(await ids({ unitId: tree.townA1.id })).toEqual([a.value.id, b.value.id].sort());
    expect(await ids({ unitId: tree.townA1.id, unitOnly: true })).toEqual([a.value.id]);
    expect(await ids({ role: "centre_head" })).toEqual([b.value.id]);
    expect(await ids({ q: "张" })).toEqual([a.value.id]);
    expect(await ids({ q: "LI." })).toEqual([b.value.id]);
    expect((await deactivateUser({ actor: admin, id: a.value.id })).ok).toBe(true);
    expect(await ids({ unitId: tree.townA1.id, active: false })).toEqual([a.value.id]);
    expect(await ids({ unitId: tree.townA1.id, active: true })).toEqual([b.value.id]);
    expect((await listUsers({ actor: admin, pageSize: 1 })).pages).toBe(3);
  });
});

describe("creating users", () => {
  it("creates an account that can log in; never returns or audits the password hash", async () => {
    const tree = await makeTree();
    const admin = await makeActor(tree.countyA, "admin");
    const res = await createUser({ actor: admin, data: userData(tree.townA1.id, { username: "wang.wu", phone: "0359-1234567" }), ip: "10.0.0.1" });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const user = (await getUser({ actor: admin, id: res.value.id }))!;
    expect(user).toMatchObject({ username: "wang.wu", role: "staff", unitId: tree.townA1.id, active: true, phone: "0359-1234567" });
    expect(user).not.toHaveProperty("passwordHash");
    for (const row of (await listUsers({ actor: admin })).rows) expect(row).not.toHaveProperty("passwordHash");

    const stored = (await getDb().select().from(users).where(eq(users.id, res.value.id)).get())!;
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyLogin("wang.wu", "Fengqiao2024x", noSleep)).toEqual({ ok: true, userId: res.value.id });

    const [entry] = await userAudit(res.value.id);
    expect(entry).toMatchObject({ action: "create", userId: admin.id, unitId: tree.townA1.id, ip: "10.0.0.1" });
    const text = JSON.stringify(entry);
    expect(text).not.toContain(stored.passwordHash);
    expect(text).not.toContain("argon2");
    expect(text).not.toContain("Fengqiao2024x");
  });

  it("refuses a user name already taken", async () => {
    const tree = await makeTree();
    const admin = await makeActor(tree.city, "admin");
    expect((await createUser({ actor: admin, data: userData(tree.townA1.id, { username: "zhao.liu" }) })).ok).toBe(true);
    expect(await createUser({ actor: admin, data: userData(tree.townB1.id, { username: "zhao.liu" }) })).toMatchObject({
      ok: false,
      status: 400,
      fieldErrors: { username: "err.usernameTaken" },
    });
    // two at once: the second finds the name taken after hashing
    const [x, y] = await Promise.all([
      createUser({ actor: admin, data: userData(tree.townA1.id, { username: "twin" }) }),
      createUser({ actor: admin, data: userData(tree.townA1.id, { username: "twin" }) }),
    ]);
    expect([x.ok, y.ok].sort()).toEqual([false, true]);
    expect(await getDb().select().from(users).where(eq(users.username, "twin")).all()).toHaveLength(1);
  });

  it("refuses an inactive unit", async () => {
    const tree = await makeTree();
    const admin = await makeActor(tree.city, "admin");
    expect((await deactivateUnit({ actor: admin, id: tree.villA1b.id, activeTo: "2020-12-31" })).ok).toBe(true);
    expect(await createUser({ actor: admin, data: userData(tree.villA1b.id) })).toMatchObject({ ok: false, fieldErrors: { unitId: "err.unitInactive" } });
  });

  it("refuses role escalation by people who are not administrators", async () => {
    const tree = await makeTree();
    const head = await makeActor(tree.countyA, "centre_head");
    const bureau = await makeActor(tree.countyA, "bureau");
    const staff = await makeActor(tree.townA1, "staff");
    const wanted = userData(tree.townA1.id, { role: "admin" });
    expect(await createUser({ actor: head, data: wanted })).toMatchObject({ ok: false, status: 403 });
    expect(await createUser({ actor: bureau, data: userData(tree.townA1.id, { role: "staff" }) })).toMatchObject({ ok: false, status: 403 });
    // nor can they promote themselves or others
    expect(await updateUser({ actor: head, id: head.id, data: { displayName: "x", role: "admin", unitId: tree.countyA.id } })).toMatchObject({ ok: false, status: 403 });
    expect(await updateUser({ actor: head, id: staff.id, data: { displayName: "x", role: "centre_head", unitId: tree.townA1.id } })).toMatchObject({ ok: false, status: 403 });
    expect((await getDb().select().from(users).where(eq(users.id, head.id)).get())!.role).toBe("centre_head");
    expect(await getDb().select().from(users).where(eq(users.username, wanted.username)).get()).toBeUndefined();
  });
});

describe("changing users", () => {
  it("updates name, role, unit and phone with an audit of before and after", async () => {
    const tree = await makeTree();
    const admin = await makeActor(tree.countyA, "admin");
    const staff = await makeActor(tree.townA1, "staff");
    const current = (await getUser({ actor: admin, id: staff.id }))!;
    const res = await updateUser({
      actor: admin,
      id: staff.id,
      data: { displayName: "孙调解", role: "centre_head", unitId: tree.townA2.id, phone: "13800000000" },
      expectedUpdatedAt: current.updatedAt,
    });
    expect(res.ok).toBe(true);
    expect(await getUser({ actor: admin, id: staff.id })).toMatchObject({ displayName: "孙调解", role: "centre_head", unitId: tree.townA2.id, phone: "13800000000" });
    const [entry] = (await userAudit(staff.id)).filter((e) => e.action === "update");
    expect(entry.before).toMatchObject({ role: "staff", unitId: tree.townA1.id });
    expect(entry.after).toMatchObject({ role: "centre_head", unitId: tree.townA2.id });
    expect(JSON.stringify(entry)).not.toContain("passwordHash");

    // a form loaded before that change is stale
    expect(
      await updateUser({ actor: admin, id: staff.id, data: { displayName: "x", role: "staff", unitId: tree.townA2.id }, expectedUpdatedAt: current.updatedAt }),
    ).toMatchObject({ ok: false, status: 409, formError: "err.stale" });
  });

  it("tells a stale form even when both changes fall in the same millisecond", async () => {
    const tree = await makeTree();
    const admin = await makeActor(tree.countyA, "admin");
    const staff = await makeActor(tree.townA1, "staff");
    const stopped = new Date(Date.parse((await getUser({ actor: admin, id: staff.id }))!.updatedAt));
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(stopped); // the clock shows the creation's very millisecond for everything below
      const first = (await getUser({ actor: admin, id: staff.id }))!;
      expect((await updateUser({ actor: admin, id: staff.id, data: { displayName: "甲", role: "staff", unitId: tree.townA1.id }, expectedUpdatedAt: first.updatedAt })).ok).toBe(true);
      expect(
        await updateUser({ actor: admin, id: staff.id, data: { displayName: "乙", role: "staff", unitId: tree.townA1.id }, expectedUpdatedAt: first.updatedAt }),
      ).toMatchObject({ ok: false, status: 409, formError: "err.stale" });
      expect((await getUser({ actor: admin, id: staff.id }))!.displayName).toBe("甲");
    } finally {
      vi.useRealTimers();
    }
  });

  it("does not let an administrator change their own role or unit", async () => {
    const tree = await makeTree();
    const admin = await makeActor(tree.countyA, "admin");
    expect(await updateUser({ actor: admin, id: admin.id, data: { displayName: "新名字", role: "staff", unitId: tree.countyA.id } })).toMatchObject({
      ok: false,
      fieldErrors: { role: "err.cannotChangeOwnRole" },
    });
    expect(await updateUser({ actor: admin, id: admin.id, data: { displayName: "新名字", role: "admin", unitId: tree.townA1.id } })).toMatchObject({
      ok: false,
      fieldErrors: { unitId: "err.cannotChangeOwnRole" },
    });
    expect((await updateUser({ actor: admin, id: admin.id, data: { displayName: "新名字", role: "admin", unitId: tree.countyA.id } })).ok).toBe(true);
  });

  it("resets a password: the old one stops working and every session of that user ends", async () => {
    const tree = await makeTree();
    const admin = await makeActor(tree.countyA, "admin");
    const created = await createUser({ actor: admin, data: userData(tree.townA1.id, { username: "reset.me" }) });
    if (!created.ok) throw new Error("create failed");
    const id = created.value.id;
    await addSession(id);
    await addSession(id);
    const adminSession = await addSession(admin.id);
    // a lock on the name from failed attempts is lifted by the reset
    await getDb().insert(loginThrottle).values({ key: throttleKeys("reset.me").pair, failures: 9, firstFailureAt: new Date().toISOString(), lockedUntil: new Date(Date.now() + 600_000).toISOString() }).run();
    expect(await sessionsOf(id)).toHaveLength(2);

    expect((await resetPassword({ actor: admin, id, password: "BrandNew2025pw" })).ok).toBe(true);
    expect(await sessionsOf(id)).toHaveLength(0);
    expect((await sessionsOf(admin.id)).map((s) => s.id)).toEqual([adminSession]);
    expect(await verifyLogin("reset.me", "BrandNew2025pw", noSleep)).toEqual({ ok: true, userId: id });
    expect(await verifyLogin("reset.me", "Fengqiao2024x", noSleep)).toEqual({ ok: false, reason: "failed" });

    const hash = (await getDb().select().from(users).where(eq(users.id, id)).get())!.passwordHash;
    for (const entry of await userAudit(id)) {
      const text = JSON.stringify(entry);
      expect(text).not.toContain(hash);
      expect(text).not.toContain("argon2");
      expect(text).not.toContain("BrandNew2025pw");
    }
    expect((await userAudit(id)).map((e) => e.action)).toContain("reset_password");
  });

  it("deactivates a user: sessions end, log-in answers 'inactive', self-deactivation is refused", async () => {
    const tree = await makeTree();
    const admin = await makeActor(tree.countyA, "admin");
    const created = await createUser({ actor: admin, data: userData(tree.villA1a.id, { username: "leaving" }) });
    if (!created.ok) throw new Error("create failed");
    const id = created.value.id;
    await addSession(id);

    expect(await deactivateUser({ actor: admin, id: admin.id })).toMatchObject({ ok: false, status: 400, formError: "err.cannotDeactivateSelf" });
    expect((await deactivateUser({ actor: admin, id })).ok).toBe(true);
    expect(await sessionsOf(id)).toHaveLength(0);
    expect((await getUser({ actor: admin, id }))!.active).toBe(false);
    expect(await verifyLogin("leaving", "Fengqiao2024x", noSleep)).toEqual({ ok: false, reason: "inactive" });
    expect((await userAudit(id)).filter((e) => e.action === "deactivate")).toHaveLength(1);

    // an account of an inactive unit is not reactivated until it is moved
    expect((await deactivateUnit({ actor: admin, id: tree.villA1a.id, activeTo: "2021-01-01" })).ok).toBe(true);
    expect(await reactivateUser({ actor: admin, id })).toMatchObject({ ok: false, formError: "err.userUnitInactive" });
    expect((await updateUser({ actor: admin, id, data: { displayName: "调走", role: "staff", unitId: tree.villA1b.id } })).ok).toBe(true);
    expect((await reactivateUser({ actor: admin, id })).ok).toBe(true);
    expect(await verifyLogin("leaving", "Fengqiao2024x", noSleep)).toEqual({ ok: true, userId: id });
    expect((await userAudit(id)).map((e) => e.action)).toEqual(["create", "deactivate", "update", "reactivate"]);
  });
});

describe("password policy and self-service change (issue 10)", () => {
  it("has no composition rules but refuses short, common and guessable passwords when one is set", async () => {
    const tree = await makeTree();
    const admin = await makeActor(tree.countyA, "admin");
    for (const weak of ["password1234", "qwertyuiop12", "1234567890ab"]) {
      expect(await createUser({ actor: admin, data: userData(tree.townA1.id, { password: weak }) })).toMatchObject({
        ok: false,
        fieldErrors: { password: "err.passwordCommon" },
      });
    }
    // the user's own name with a year is guessable too
    expect(await createUser({ actor: admin, data: userData(tree.townA1.id, { username: "zhang.wei", password: "zhang.wei2024" }) })).toMatchObject({
      ok: false,
      fieldErrors: { password: "err.passwordCommon" },
    });
    // a phrase without digits or capitals is fine
    expect((await createUser({ actor: admin, data: userData(tree.townA1.id, { password: "river stone quiet lamp" }) })).ok).toBe(true);
    const target = await createUser({ actor: admin, data: userData(tree.townA1.id) });
    if (!target.ok) throw new Error("create failed");
    expect(await resetPassword({ actor: admin, id: target.value.id, password: "password123456" })).toMatchObject({
      ok: false,
      fieldErrors: { password: "err.passwordCommon" },
    });
  });

  it("changes one's own password with the current one; other sessions end, this one stays", async () => {
    const tree = await makeTree();
    const admin = await makeActor(tree.countyA, "admin");
    const created = await createUser({ actor: admin, data: userData(tree.townA1.id, { username: "self.change" }) });
    if (!created.ok) throw new Error("create failed");
    const id = created.value.id;
    const actor = { ...await makeActor(tree.townA1), id, username: "self.change" };
    const here = await addSession(id);
    const elsewhere = await addSession(id);
    expect(await changeOwnPassword({ actor, currentPassword: "wrong-one", newPassword: "Lantern-orchard-77", sessionId: here })).toMatchObject({
      ok: false,
      fieldErrors: { currentPassword: "err.currentPassword" },
    });
    expect(await changeOwnPassword({ actor, currentPassword: "Fengqiao2024x", newPassword: "password1234", sessionId: here })).toMatchObject({
      ok: false,
      fieldErrors: { newPassword: "err.passwordCommon" },
    });
    expect((await changeOwnPassword({ actor, currentPassword: "Fengqiao2024x", newPassword: "Lantern-orchard-77", sessionId: here, ip: "10.0.0.2" })).ok).toBe(true);
    expect((await sessionsOf(id)).map((s) => s.id)).toEqual([here]);
    expect((await sessionsOf(id)).map((s) => s.id)).not.toContain(elsewhere);
    expect(await verifyLogin("self.change", "Lantern-orchard-77", noSleep)).toEqual({ ok: true, userId: id });
    expect(await verifyLogin("self.change", "Fengqiao2024x", noSleep)).toEqual({ ok: false, reason: "failed" });
    expect((await userAudit(id)).map((e) => e.action)).toContain("change_password");
  });
});
