import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "~/utils/db.server";
import { units, users } from "../../db/schema";
import { consultationData, makeActor, makeUnit } from "../../tests/factories";
import { createConsultation } from "./consultations.server";
import { readCounters, recountRaw } from "./counters.server";
import { get } from "./counting-rules";
import { addParentAboveRoot, addRootUnit, listUnits } from "./units.server";
import { verifyLogin, hashPassword } from "~/utils/auth.server";

const unit = async (id: number) => (await getDb().select().from(units).where(eq(units.id, id)).get())!;
const top = (over: Partial<{ code: string; name: string; level: string }> = {}) => ({
  code: over.code ?? `P${Math.random().toString().slice(2, 10)}`,
  name: over.name ?? "运城市",
  shortName: "运城",
  level: (over.level ?? "city") as "city",
  type: "admin" as const,
  activeFrom: "2000-01-01",
});

describe("the top of the tree", () => {
  it("puts a city above the county root: the tree moves under it, figures roll up, history stays, the administrator moves up", async () => {
    const county = await makeUnit({ name: "临猗县", level: "county", activeFrom: "2000-01-01" });
    const town = await makeUnit({ parentId: county.id, name: "猗氏镇", level: "township" });
    const village = await makeUnit({ parentId: town.id, name: "城东村", level: "village" });
    const staff = await makeActor(village, "staff");
    expect((await createConsultation({ actor: staff, data: consultationData(village.id, { date: "2024-04-01", persons: 4 }) })).ok).toBe(true);
    const admin = await makeActor(county, "admin");

    expect(await addParentAboveRoot({ actor: admin, data: top({ level: "township" }) })).toMatchObject({ ok: false, fieldErrors: { level: "err.levelNotAbove" } });
    const r = await addParentAboveRoot({ actor: admin, data: top() });
    if (!r.ok) throw new Error(JSON.stringify(r));
    const city = await unit(r.value.id);
    expect(city).toMatchObject({ parentId: null, depth: 0, path: `/${city.id}/` });
    expect(await unit(county.id)).toMatchObject({ parentId: city.id, depth: 1, path: `/${city.id}/${county.id}/` });
    expect(await unit(village.id)).toMatchObject({ depth: 3, path: `/${city.id}/${county.id}/${town.id}/${village.id}/` });
    const db = getDb();
    for (const id of [city.id, county.id, town.id, village.id]) {
      expect(get(await readCounters(db, id, 202404, 202404), "consultation.personTimes")).toBe(4);
      expect(get(await recountRaw(db, { path: (await unit(id)).path, from: "2024-04-01", to: "2024-04-30" }), "consultation.personTimes")).toBe(4);
    }
    expect((await db.select().from(users).where(eq(users.id, admin.id)).get())!.unitId).toBe(city.id);
    // the staff account stays where it was; a county administrator is no longer at the top
    expect((await db.select().from(users).where(eq(users.id, staff.id)).get())!.unitId).toBe(village.id);
    const countyAdmin = await makeActor(await unit(county.id), "admin");
    expect(await addParentAboveRoot({ actor: countyAdmin, data: top({ level: "province" }) })).toMatchObject({ ok: false, status: 403, formError: "err.notAtTop" });
    // the city administrator sees the whole tree
    const cityAdmin = { ...admin, unitId: city.id, unitPath: city.path, unitName: city.name, unitLevel: "city" };
    expect((await listUnits({ actor: cityAdmin })).map((u) => u.name)).toEqual(["运城市", "临猗县", "猗氏镇", "城东村"]);
  });

  it("adds another root with its own administrator, outside the creator's reach", async () => {
    const root = await makeUnit({ name: "运城市", level: "city" });
    const admin = await makeActor(root, "admin");
    const data = top({ name: "晋城市" });
    const r = await addRootUnit({ actor: admin, data, admin: { username: "jincheng.admin", displayName: "李华", passwordHash: await hashPassword("Jincheng2024x") } });
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(await unit(r.value.id)).toMatchObject({ parentId: null, name: "晋城市", path: `/${r.value.id}/` });
    expect((await listUnits({ actor: admin })).map((u) => u.name)).not.toContain("晋城市");
    expect(await verifyLogin("jincheng.admin", "Jincheng2024x", { sleep: async () => {} })).toMatchObject({ ok: true });
    expect(await addRootUnit({ actor: admin, data: top(), admin: { username: "jincheng.admin", displayName: "x", passwordHash: "x" } })).toMatchObject({ ok: false, fieldErrors: { adminUsername: "err.usernameTaken" } });
    expect(await addRootUnit({ actor: admin, data: { ...top(), code: data.code }, admin: { username: "new.admin", displayName: "x", passwordHash: "x" } })).toMatchObject({ ok: false, fieldErrors: { code: "err.codeTaken" } });
  });
});
