import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "~/utils/db.server";
import { units } from "../../db/schema";
import { makeActor, makeTree, makeUnit } from "../../tests/factories";
import { fillUnitPinyin, getUnitChoice, listUnitChildren, searchUnits, unitPinyin } from "./unit-search.server";
import { createUnit, updateUnit } from "./units.server";

const names = (r: Awaited<ReturnType<typeof searchUnits>>) => (r.ok ? r.hits.map((h) => h.name) : r.message);

describe("unit pinyin", () => {
  it("gives full pinyin and initials without tones", () => {
    expect(unitPinyin("猗氏镇")).toEqual({ pinyin: "yishizhen", pinyinInitials: "ysz" });
    expect(unitPinyin("绿化村")).toEqual({ pinyin: "lvhuacun", pinyinInitials: "lhc" });
  });

  it("is filled for units inserted without it, and kept when a unit is created or renamed", async () => {
    const t = await makeTree();
    await fillUnitPinyin();
    const row = (await getDb().select().from(units).where(eq(units.id, t.townA1.id)).get())!;
    expect(row.pinyinInitials).toBe("ysz");
    const admin = await makeActor(t.city, "admin");
    const made = await createUnit({ actor: admin, data: { parentId: t.townA1.id, code: `C${Date.now()}`, name: "北景村", shortName: "", level: "village", type: "admin", activeFrom: "2020-01-01" } });
    expect(made.ok).toBe(true);
    const id = made.ok ? made.value.id : 0;
    expect((await getDb().select().from(units).where(eq(units.id, id)).get())!.pinyinInitials).toBe("bjc");
    await updateUnit({ actor: admin, id, data: { name: "南景村", shortName: "", code: `C${id}x`, type: "admin" } });
    expect((await getDb().select().from(units).where(eq(units.id, id)).get())!.pinyin).toBe("nanjingcun");
  });
});

// a small subtree is searched in one pass; a large one (a province's) by index look-ups: both must answer alike
for (const [mode, smallSubtree] of [["one pass", undefined], ["index look-ups", 0]] as const)
describe(`searchUnits (${mode})`, () => {
  const search = async (args: Parameters<typeof searchUnits>[0]) => await searchUnits({ ...args, smallSubtree });

  it("finds units by name, short name, code prefix, pinyin initials and full pinyin", async () => {
    const t = await makeTree();
    const actor = await makeActor(t.city, "bureau");
    expect(names(await search({ actor, q: "猗氏镇" }))[0]).toBe("猗氏镇");
    expect(names(await search({ actor, q: "猗氏" }))[0]).toBe("猗氏镇");
    expect(names(await search({ actor, q: "ysz" }))).toEqual(["猗氏镇"]);
    expect(names(await search({ actor, q: "YSZ" }))).toEqual(["猗氏镇"]);
    expect(names(await search({ actor, q: "yishi" }))).toEqual(["猗氏镇"]);
    expect(names(await search({ actor, q: "东村" }))).toEqual(["城东村"]);
    const coded = await makeUnit({ parentId: t.townA2.id, name: "嵋阳镇司法所", level: "township", type: "centre", code: `140821104AB${smallSubtree === 0 ? "D" : "C"}` });
    const byCode = await search({ actor, q: "140821104" });
    expect(byCode.ok && byCode.hits.map((h) => h.id)).toEqual([coded.id]);
    // a unit is shown with its place in the tree
    const hit = await search({ actor, q: "城西村" });
    expect(hit.ok && hit.hits[0].trail).toEqual(["运城市", "临猗县", "猗氏镇"]);
  });

  it("ranks the exact name and prefixes before names that only contain the query", async () => {
    const t = await makeTree();
    const actor = await makeActor(t.city, "bureau");
    // 嵋阳镇 (prefix), 嵋阳村 (prefix, deeper): both before nothing else; 城东村/城西村: "城" starts both
    expect(names(await search({ actor, q: "嵋阳村" }))).toEqual(["嵋阳村"]);
    expect(names(await search({ actor, q: "嵋阳" }))).toEqual(["嵋阳镇", "嵋阳村"]);
    expect([...names(await search({ actor, q: "村" }))].slice(0, 4).sort()).toEqual(["城东村", "城西村", "嵋阳村", "解店村"].sort());
  });

  it("never finds units outside the actor's subtree", async () => {
    const t = await makeTree();
    const township = await makeActor(t.townA1, "staff");
    expect(names(await search({ actor: township, q: "jdc" }))).toEqual([]);
    expect(names(await search({ actor: township, q: "解店" }))).toEqual([]);
    expect(names(await search({ actor: township, q: "临猗" }))).toEqual([]);
    expect(names(await search({ actor: township, q: "cdc" }))).toEqual(["城东村"]);
    expect(await search({ actor: township, q: "c", underId: t.townB1.id })).toEqual({ ok: false, status: 404, message: "unitPicker.outside" });
    expect(await listUnitChildren({ actor: township, unitId: t.countyA.id })).toEqual({ ok: false, status: 404, message: "unitPicker.outside" });
    expect(await getUnitChoice({ actor: township, id: t.villB1a.id })).toBeNull();
  });

  it("refuses an empty query without running one, and bounds the results", async () => {
    const t = await makeTree();
    const actor = await makeActor(t.city, "bureau");
    expect(await search({ actor, q: "  " })).toEqual({ ok: false, status: 400, message: "unitPicker.tooShort" });
    for (let i = 0; i < 25; i++) await makeUnit({ parentId: t.townB1.id, name: `解店第${i}村`, level: "village" });
    const many = await search({ actor, q: "jd" });
    expect(many.ok && many.hits.length).toBe(20);
    expect(many.ok && many.more).toBe(true);
    // LIKE wildcards in the query are plain characters
    expect(names(await search({ actor, q: "%" }))).toEqual([]);
  });

  it("can leave out inactive units", async () => {
    const t = await makeTree();
    const actor = await makeActor(t.city, "bureau");
    await getDb().update(units).set({ activeTo: "2001-01-01" }).where(eq(units.id, t.villA1a.id)).run();
    expect(names(await search({ actor, q: "城东" }))).toEqual(["城东村"]);
    const hit = await search({ actor, q: "城东" });
    expect(hit.ok && hit.hits[0].active).toBe(false);
    expect(names(await search({ actor, q: "城东", activeOnly: true }))).toEqual([]);
  });
});

describe("searchUnits: index look-ups and the one pass agree", () => {
  it("gives the same units in the same order for names, prefixes, pinyin, codes and contained text", async () => {
    const t = await makeTree();
    const actor = await makeActor(t.city, "bureau");
    for (let i = 0; i < 30; i++) await makeUnit({ parentId: [t.townA1, t.townA2, t.townB1][i % 3].id, name: `${["东", "西", "南"][i % 3]}${i}村`, level: "village" });
    // (letters and digits alone are not looked for inside names at this size: see searchUnits)
    for (const q of ["东", "东1", "d1", "dong", "c", "村", "1村", "猗氏", "ysz", "140", "镇", "%", "zz"])
      for (const activeOnly of [false, true]) {
        const one = await searchUnits({ actor, q, activeOnly });
        const idx = await searchUnits({ actor, q, activeOnly, smallSubtree: 0 });
        expect([q, idx.ok && idx.hits.map((h) => h.name), idx.ok && idx.more]).toEqual([q, one.ok && one.hits.map((h) => h.name), one.ok && one.more]);
      }
  });
});

describe("listUnitChildren", () => {
  it("gives a unit and its direct children, saying which have children of their own", async () => {
    const t = await makeTree();
    const actor = await makeActor(t.countyA, "bureau");
    const root = await listUnitChildren({ actor });
    expect(root.ok && root.parent.name).toBe("临猗县");
    expect(root.ok && root.children.map((c) => [c.name, c.hasChildren])).toEqual([
      ["嵋阳镇", true],
      ["猗氏镇", true],
    ]);
    const town = await listUnitChildren({ actor, unitId: t.townA1.id });
    expect(town.ok && town.children.map((c) => [c.name, c.hasChildren, c.trail])).toEqual([
      ["城东村", false, ["临猗县", "猗氏镇"]],
      ["城西村", false, ["临猗县", "猗氏镇"]],
    ]);
  });
});
