import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { getDb } from "~/utils/db.server";
import { createUserSession, hashPassword, requireActor, sessionIdOf, verifyLogin } from "~/utils/auth.server";
import { changeOwnPassword } from "./users.server";
import { setupInstallation } from "./setup.server";

const count = async (table: string) => (await getDb().get<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${table}`)))!.n;

describe("setup on an empty database", () => {
  it("refuses an unknown region or a bad user name in Chinese, writing nothing", async () => {
    const unknown = await setupInstallation({ region: "149999", admin: "linyi.admin" });
    expect(unknown).toEqual({ ok: false, message: expect.stringMatching(/未知的区划代码“149999”/) });
    const badName = await setupInstallation({ region: "140821", admin: "Linyi Admin" });
    expect(badName).toEqual({ ok: false, message: expect.stringMatching(/管理员用户名“Linyi Admin”无效/) });
    expect(await count("units")).toBe(0);
    expect(await count("users")).toBe(0);
  });

  it("creates the county's tree and its first administrator, who logs in with the printed one-time password", async () => {
    const r = await setupInstallation({ region: "临猗县", admin: "linyi.admin", displayName: "张明" });
    if (!r.ok) throw new Error(r.message);
    expect(r).toMatchObject({ rootName: "临猗县", rootCode: "140821000000", townships: 14, villages: 284, generated: true });
    expect(r.password).toMatch(/^(?=.*[A-Za-z])(?=.*\d).{14}$/);
    expect(await count("units")).toBe(299);
    const admin = (await getDb().get<{ role: string; level: string; parent_id: number | null; display_name: string }>(
      sql`SELECT users.role, users.display_name, units.level, units.parent_id FROM users JOIN units ON units.id = users.unit_id`,
    ))!;
    expect(admin).toEqual({ role: "admin", display_name: "张明", level: "county", parent_id: null });
    expect(await verifyLogin("linyi.admin", r.password, { sleep: async () => {} })).toMatchObject({ ok: true });
    // no demo data
    expect(await count("consultations") + await count("mediations") + await count("legal_aid_cases")).toBe(0);
  });

  it("sends the first administrator to 账号安全 on every page until the one-time password is replaced", async () => {
    const id = (await getDb().get<{ id: number }>(sql`SELECT id FROM users WHERE username = 'linyi.admin'`))!.id;
    const cookie = (await createUserSession(new Request("http://x/login"), id)).split(";")[0];
    const page = (path: string) => new Request(`http://x${path}`, { headers: { Cookie: cookie } });
    const thrown = await requireActor(page("/mediations")).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).headers.get("Location")).toBe("/settings/security?first=1");
    const actor = await requireActor(page("/settings/security"));
    // the printed password was not kept by this test: put one we know in its place (the flag stays)
    await getDb().run(sql`UPDATE users SET password_hash = ${await hashPassword("One-time-pass-42")} WHERE id = ${id}`);
    const r = await changeOwnPassword({ actor, currentPassword: "One-time-pass-42", newPassword: "Linyi-county-orchard-2024", sessionId: await sessionIdOf(page("/settings/security")) });
    expect(r.ok).toBe(true);
    expect((await requireActor(page("/mediations"))).id).toBe(id);
  });

  it("refuses to run again once users exist, and changes nothing", async () => {
    const r = await setupInstallation({ region: "140822", admin: "other.admin" });
    expect(r).toEqual({ ok: false, message: expect.stringMatching(/^数据库中已有 1 个用户账号，不能再次初始化/) });
    expect(await count("units")).toBe(299);
    expect(await count("users")).toBe(1);
  });
});
