import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "~/utils/db.server";
import { units } from "../../db/schema";
import { makeActor, makeTree, makeUnit } from "../../tests/factories";
import { fillUnitPinyin, getUnitChoice, listUnitChildren, searchUnits, unitPinyin } from "./unit-search.server";
import { createUnit, updateUnit } from "./units.server";

const names = (r: ReturnType<typeof searchUnits>) => (r.ok ? r.hits.map((h) => h.name) : r.message);

describe("unit pinyin", () => {
  it("gives full pinyin and initials without tones", () => {
    expect(unitPinyin("猗氏镇")).toEqual({ pinyin: "yishizhen", pinyinInitials: "ysz" });
    expect(unitPinyin("绿化村")).toEqual({ pinyin: "lvhuacun", pinyinInitials: "lhc" });
  });

  it("is filled for units inserted without it, and kept when a unit is created or renamed", () => {
    const t = makeTree();
    fillUnitPinyin();
    const row = getDb().select().from(units).where(eq(units.id, t.townA1.id)).get()!;
    expect(row.pinyinInitials).toBe("ysz");
    const admin = makeActor(t.city, "admin");
    const made = createUnit({ actor: admin, data: { parentId: t.townA1.id, code: `C${Date.now()}`, name: "北景村", shortName: "", level: "village", type: "admin", activeFrom: "2020-01-01" } });
    expect(made.ok).toBe(true);
    const id = made.ok ? made.value.id : 0;
    expect(getDb().select().from(units).where(eq(units.id, id)).get()!.pinyinInitials).toBe("bjc");
    updateUnit({ actor: admin, id, data: { name: "南景村", shortName: "", code: `C${id}x`, type: "admin" } });
    expect(getDb().select().from(units).where(eq(units.id, id)).get()!.pinyin).toBe("nanjingcun");
  });
});

// a small subtree is searched in one pass; a large one (a province's) by index look-ups: both must answer alike
for (const [mode, smallSubtree] of [["one pass", undefined], ["index look-ups", 0]] as const)
describe(`searchUnits (${mode})`, () => {
  const search = (args: Parameters<typeof searchUnits>[0]) => searchUnits({ ...args, smallSubtree });

  it("finds units by name, short name, code prefix, pinyin initials and full pinyin", () => {
    const t = makeTree();
    const actor = makeActor(t.city, "bureau");
    expect(names(search({ actor, q: "猗氏镇" }))[0]).toBe("猗氏镇");
    expect(names(search({ actor, q: "猗氏" }))[0]).toBe("猗氏镇");
    expect(names(search({ actor, q: "ysz" }))).toEqual(["猗氏镇"]);
    expect(names(search({ actor, q: "YSZ" }))).toEqual(["猗氏镇"]);
    expect(names(search({ actor, q: "yishi" }))).toEqual(["猗氏镇"]);
    expect(names(search({ actor, q: "东村" }))).toEqual(["城东村"]);
    const coded = makeUnit({ parentId: t.townA2.id, name: "嵋阳镇司法所", level: "township", type: "centre", code: `140821104AB${smallSubtree === 0 ? "D" : "C"}` });
    const byCode = search({ actor, q: "140821104" });
    expect(byCode.ok && byCode.hits.map((h) => h.id)).toEqual([coded.id]);
    // a unit is shown with its place in the tree
    const hit = search({ actor, q: "城西村" });
    expect(hit.ok && hit.hits[0].trail).toEqual(["运城市", "临猗县", "猗氏镇"]);
  });

  it("ranks the exact name and prefixes before names that only contain the query", () => {
    const t = makeTree();
    const actor = makeActor(t.city, "bureau");
    // 嵋阳镇 (prefix), 嵋阳村 (prefix, deeper): both before nothing else; 城东村/城西村: "城" starts both
    expect(names(search({ actor, q: "嵋阳村" }))).toEqual(["嵋阳村"]);
    expect(names(search({ actor, q: "嵋阳" }))).toEqual(["嵋阳镇", "嵋阳村"]);
    expect([...names(search({ actor, q: "村" }))].slice(0, 4).sort()).toEqual(["城东村", "城西村", "嵋阳村", "解店村"].sort());
  });

  it("never finds units outside the actor's subtree", () => {
    const t = makeTree();
    const township = makeActor(t.townA1, "staff");
    expect(names(search({ actor: township, q: "jdc" }))).toEqual([]);
    expect(names(search({ actor: township, q: "解店" }))).toEqual([]);
    expect(names(search({ actor: township, q: "临猗" }))).toEqual([]);
    expect(names(search({ actor: township, q: "cdc" }))).toEqual(["城东村"]);
    expect(search({ actor: township, q: "c", underId: t.townB1.id })).toEqual({ ok: false, status: 404, message: "unitPicker.outside" });
    expect(listUnitChildren({ actor: township, unitId: t.countyA.id })).toEqual({ ok: false, status: 404, message: "unitPicker.outside" });
    expect(getUnitChoice({ actor: township, id: t.villB1a.id })).toBeNull();
  });

  it("refuses an empty query without running one, and bounds the results", () => {
    const t = makeTree();
    const actor = makeActor(t.city, "bureau");
    expect(search({ actor, q: "  " })).toEqual({ ok: false, status: 400, message: "unitPicker.tooShort" });
    for (let i = 0; i < 25; i++) makeUnit({ parentId: t.townB1.id, name: `解店第${i}村`, level: "village" });
    const many = search({ actor, q: "jd" });
    expect(many.ok && many.hits.length).toBe(20);
    expect(many.ok && many.more).toBe(true);
    // LIKE wildcards in the query are plain characters
    expect(names(search({ actor, q: "%" }))).toEqual([]);
  });

  it("can leave out inactive units", () => {
    const t = makeTree();
    const actor = makeActor(t.city, "bureau");
    getDb().update(units).set({ activeTo: "2001-01-01" }).where(eq(units.id, t.villA1a.id)).run();
    expect(names(search({ actor, q: "城东" }))).toEqual(["城东村"]);
    const hit = search({ actor, q: "城东" });
    expect(hit.ok && hit.hits[0].active).toBe(false);
    expect(names(search({ actor, q: "城东", activeOnly: true }))).toEqual([]);
  });
});

describe("searchUnits: index look-ups and the one pass agree", () => {
  it("gives the same units in the same order for names, prefixes, pinyin, codes and contained text", () => {
    const t = makeTree();
    const actor = makeActor(t.city, "bureau");
    for (let i = 0; i < 30; i++) makeUnit({ parentId: [t.townA1, t.townA2, t.townB1][i % 3].id, name: `${["东", "西", "南"][i % 3]}${i}村`, level: "village" });
    // (letters and digits alone are not looked for inside names at this size: see searchUnits)
    for (const q of ["东", "东1", "d1", "dong", "c", "村", "1村", "猗氏", "ysz", "140", "镇", "%", "zz"])
      for (const activeOnly of [false, true]) {
        const one = searchUnits({ actor, q, activeOnly });
        const idx = searchUnits({ actor, q, activeOnly, smallSubtree: 0 });
        expect([q, idx.ok && idx.hits.map((h) => h.name), idx.ok && idx.more]).toEqual([q, one.ok && one.hits.map((h) => h.name), one.ok && one.more]);
      }
  });
});

describe("listUnitChildren", () => {
  it("gives a unit and its direct children, saying which have children of their own", () => {
    const t = makeTree();
    const actor = makeActor(t.countyA, "bureau");
    const root = listUnitChildren({ actor });
    expect(root.ok && root.parent.name).toBe("临猗县");
    expect(root.ok && root.children.map((c) => [c.name, c.hasChildren])).toEqual([
      ["嵋阳镇", true],
      ["猗氏镇", true],
    ]);
    const town = listUnitChildren({ actor, unitId: t.townA1.id });
    expect(town.ok && town.children.map((c) => [c.name, c.hasChildren, c.trail])).toEqual([
      ["城东村", false, ["临猗县", "猗氏镇"]],
      ["城西村", false, ["临猗县", "猗氏镇"]],
    ]);
  });
});
