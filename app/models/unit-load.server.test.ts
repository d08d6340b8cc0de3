import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { getDb } from "~/utils/db.server";
import { units } from "../../db/schema";
import { consultationData, makeActor } from "../../tests/factories";
import { defaultDivisionDir, DivisionError, findRegion, readRegionUnits, villageUnitName } from "./division-codes.server";
import { applyDivisionUnits, UnitLoadError } from "./unit-load.server";
import { createConsultation } from "./consultations.server";
import { readCounters, recountRaw } from "./counters.server";
import { get } from "./counting-rules";

const dir = defaultDivisionDir();
const unitByCode = async (code: string) => await getDb().select().from(units).where(eq(units.code, code)).get();
const childrenOf = async (id: number, level: string) =>
  await getDb().select().from(units).where(sql`${units.parentId} = ${id} AND ${units.level} = ${level}`).all();

/** A copy of the county's slice of the codes, changed as a newer edition might change it. */
function newerEdition(): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "codes-"));
  for (const f of ["provinces", "cities", "areas"]) fs.copyFileSync(path.join(dir, `${f}.csv`), path.join(out, `${f}.csv`));
  const keep = (f: string) => {
    const [head, ...lines] = fs.readFileSync(path.join(dir, `${f}.csv`), "utf8").split("\n");
    return [head, ...lines.filter((l) => l.startsWith("140821"))];
  };
  // 北辛乡 becomes 北辛镇; 猗氏镇's 王村 disappears (merged away); a new community appears in 猗氏镇;
  // 里寺村 moves from 猗氏镇 to 嵋阳镇
  const streets = keep("streets").map((l) => l.replace('"北辛乡"', '"北辛镇"'));
  const villages = keep("villages")
    .filter((l) => !l.startsWith("140821100200,"))
    .map((l) => (l.startsWith("140821100204,") ? l.replace(",140821100,", ",140821101,") : l));
  villages.push('140821100030,"新城社区居民委员会",140821100,14,1408,140821');
  fs.writeFileSync(path.join(out, "streets.csv"), streets.join("\n"));
  fs.writeFileSync(path.join(out, "villages.csv"), villages.join("\n"));
  return out;
}

describe("the national division codes", () => {
  it("finds a region by code or by name, and refuses an unknown or ambiguous one in Chinese", () => {
    expect(findRegion("140821", dir)).toMatchObject({ code: "140821000000", name: "临猗县", level: "county", parentCode: "140800000000" });
    expect(findRegion("临猗县", dir).code).toBe("140821000000");
    expect(findRegion("山西省", dir)).toMatchObject({ code: "140000000000", level: "province" });
    expect(findRegion("1408", dir)).toMatchObject({ name: "运城市", level: "city" });
    expect(() => findRegion("149999", dir)).toThrow(/未知的区划代码“149999”/);
    expect(() => findRegion("12345", dir)).toThrow(DivisionError);
    expect(() => findRegion("朝阳区", dir)).toThrow(/不唯一/);
    expect(() => findRegion("不存在县", dir)).toThrow(/未找到地区/);
  });

  it("reads 临猗县: 14 townships and 284 villages with 12-digit codes, levels from the code", async () => {
    const specs = await readRegionUnits(findRegion("140821", dir), dir);
    expect(specs[0]).toMatchObject({ code: "140821000000", name: "临猗县", level: "county", shortName: "临猗" });
    const towns = specs.filter((s) => s.level === "township");
    const villages = specs.filter((s) => s.level === "village");
    expect(towns).toHaveLength(14);
    expect(villages).toHaveLength(284);
    expect(towns.find((t) => t.code === "140821100000")).toMatchObject({ name: "猗氏镇", shortName: "猗氏", parentCode: "140821000000" });
    expect(villages.every((v) => /^140821\d{6}$/.test(v.code) && v.parentCode!.endsWith("000") && v.shortName === null)).toBe(true);
    expect(villageUnitName("王村村委会")).toBe("王村");
    expect(villageUnitName("崇相西社区居民委员会")).toBe("崇相西社区");
  });
});

describe("loading the codes into the tree", () => {
  it("creates the county's tree once, then a newer edition adds, renames, moves and ends units without touching records", async () => {
    const db = getDb();
    const specs = await readRegionUnits(findRegion("临猗县", dir), dir);
    const first = await db.transaction(async (tx) => await applyDivisionUnits(tx, { actor: null, specs, activeFrom: "2000-01-01", allowNewRoot: true }));
    expect(first.added).toBe(299);
    const county = (await unitByCode("140821000000"))!;
    expect(county).toMatchObject({ parentId: null, level: "county", type: "admin", depth: 0, path: `/${county.id}/` });
    expect(await childrenOf(county.id, "township")).toHaveLength(14);
    const yishi = (await unitByCode("140821100000"))!;
    expect(yishi.path).toBe(`${county.path}${yishi.id}/`);

    // records at the village that will vanish and at the one that will move
    const admin = await makeActor(county, "staff");
    const wangcun = (await unitByCode("140821100200"))!;
    const lisi = (await unitByCode("140821100204"))!;
    expect((await createConsultation({ actor: admin, data: consultationData(wangcun.id, { date: "2024-05-06", persons: 3 }) })).ok).toBe(true);
    expect((await createConsultation({ actor: admin, data: consultationData(lisi.id, { date: "2024-05-07", persons: 2 }) })).ok).toBe(true);
    const before = (await db.select({ n: sql<number>`count(*)` }).from(units).get())!.n;

    const countyAdmin = { ...admin, role: "admin" as const };
    const newer = newerEdition();
    const specs2 = await readRegionUnits(findRegion("140821", newer), newer);
    const s = await db.transaction(async (tx) => await applyDivisionUnits(tx, { actor: countyAdmin, specs: specs2, activeFrom: "2025-01-01", allowNewRoot: false }));
    expect(s.added).toBe(1);
    expect(s.renamed).toEqual([{ code: "140821203000", from: "北辛乡", to: "北辛镇" }]);
    expect(s.moved.map((m) => m.code)).toEqual(["140821100204"]);
    expect(s.ended).toEqual([{ code: "140821100200", name: "王村" }]);
    expect((await db.select({ n: sql<number>`count(*)` }).from(units).get())!.n).toBe(before + 1);

    expect(await unitByCode("140821100030")).toMatchObject({ name: "新城社区", activeFrom: "2025-01-01", parentId: yishi.id });
    expect(await unitByCode("140821100200")).toMatchObject({ activeTo: "2024-12-31", id: wangcun.id });
    const meiyang = (await unitByCode("140821101000"))!;
    expect((await unitByCode("140821100204"))!.path).toBe(`${meiyang.path}${lisi.id}/`);
    // records stay on their units; the figures of every unit equal a recount (the moved village took its counts along)
    for (const u of [county, yishi, meiyang, wangcun, lisi]) {
      const path = (await unitByCode(u.code))!.path;
      expect(new Map([...await readCounters(db, u.id, 202401, 202412)].filter(([, v]) => v))).toEqual(
        new Map([...await recountRaw(db, { path, from: "2024-01-01", to: "2024-12-31" })].filter(([, v]) => v)),
      );
    }
    const personTimes = async (id: number) => get(await readCounters(db, id, 202401, 202412), "consultation.personTimes");
    expect(await personTimes(county.id)).toBe(5);
    expect(await personTimes(yishi.id)).toBe(3);
    expect(await personTimes(meiyang.id)).toBe(2);

    // the same edition again changes nothing
    const again = await db.transaction(async (tx) => await applyDivisionUnits(tx, { actor: countyAdmin, specs: specs2, activeFrom: "2025-01-01", allowNewRoot: false }));
    expect(again).toMatchObject({ added: 0, renamed: [], moved: [], ended: [], unchanged: specs2.length });
  });

  it("refuses a region outside the actor's reach, or a new root for an administrator below the top", async () => {
    const db = getDb();
    const county = (await unitByCode("140821000000"))!;
    const yishi = (await unitByCode("140821100000"))!;
    const townAdmin = await makeActor(yishi, "admin");
    const specs = await readRegionUnits(findRegion("140821", dir), dir);
    await expect(db.transaction(async (tx) => await applyDivisionUnits(tx, { actor: townAdmin, specs, activeFrom: "2025-01-01", allowNewRoot: false }))).rejects.toThrow(/不在您的管辖范围内/);
    const wanrong = await readRegionUnits(findRegion("万荣县", dir), dir);
    const countyAdmin = await makeActor(county, "admin");
    const n = (await db.select({ n: sql<number>`count(*)` }).from(units).get())!.n;
    await expect(db.transaction(async (tx) => await applyDivisionUnits(tx, { actor: countyAdmin, specs: wanrong, activeFrom: "2025-01-01", allowNewRoot: false }))).rejects.toThrow(UnitLoadError);
    expect((await db.select({ n: sql<number>`count(*)` }).from(units).get())!.n).toBe(n);
  });
});
