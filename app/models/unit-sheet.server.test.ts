import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { getDb } from "~/utils/db.server";
import { units } from "../../db/schema";
import { makeActor, makeUnit } from "../../tests/factories";
import { importUnitSheet } from "./unit-sheet.server";

const enc = (s: string) => new TextEncoder().encode(s);
const HEAD = "单位代码,单位名称,简称,层级,类型,上级代码,设立日期,停用日期";
const unitCount = async () => (await getDb().select({ n: sql<number>`count(*)` }).from(units).get())!.n;

async function tree() {
  const county = await makeUnit({ name: "临猗县", level: "county", code: `C${Math.random().toString().slice(2, 10)}`, activeFrom: "2000-01-01" });
  const town = await makeUnit({ parentId: county.id, name: "嵋阳镇", level: "township", code: `T${Math.random().toString().slice(2, 10)}` });
  return { county, town, admin: await makeActor(county, "admin") };
}

describe("the unit sheet", () => {
  it("adds centres, committees and rooms, parents from the tree or from the sheet in any order", async () => {
    const { county, town, admin } = await tree();
    const csv = [
      HEAD,
      `LY-GR01,老张调解室,老张,乡镇（街道）,个人品牌调解室,${town.code},2021-03-01,`,
      `LY-TJ01-1,交通事故调解工作室,,县（市、区）,派驻调解工作室,LY-TJ01,,`,
      `LY-TJ01,临猗县道路交通事故纠纷人民调解委员会,临猗交调,县,行业性专业性人民调解委员会,${county.code},2019-01-01,`,
      `LY-FY01,临猗县法律援助中心,临猗法援,县（市、区）,legal_aid_centre,${county.code},,`,
    ].join("\n");
    const r = await importUnitSheet({ actor: admin, fileName: "units.csv", data: enc(csv) });
    expect(r).toMatchObject({ ok: true, created: 4 });
    const get = async (code: string) => (await getDb().select().from(units).where(eq(units.code, code)).get())!;
    expect(await get("LY-GR01")).toMatchObject({ parentId: town.id, type: "personal_room", level: "township", activeFrom: "2021-03-01", shortName: "老张" });
    expect(await get("LY-TJ01-1")).toMatchObject({ parentId: (await get("LY-TJ01")).id, activeFrom: "2019-01-01", type: "stationed_room" });
    expect((await get("LY-TJ01-1")).path).toBe(`${(await get("LY-TJ01")).path}${(await get("LY-TJ01-1")).id}/`);
    expect(await get("LY-FY01")).toMatchObject({ type: "legal_aid_centre", activeFrom: "2000-01-01" });
  });

  it("refuses a parent that does not exist, a code used twice, a code already taken and bad values: nothing is written", async () => {
    const { county, admin } = await tree();
    const before = await unitCount();
    const csv = [
      HEAD,
      `X-01,甲调解室,,县,个人品牌调解室,NOPE-9,,`,
      `X-02,乙中心,,县,公共法律服务中心,${county.code},,`,
      `X-02,丙中心,,县,公共法律服务中心,${county.code},,`,
      `${county.code},丁,,县,公共法律服务中心,${county.code},,`,
      `X-03,戊,,镇子,什么类型,${county.code},2024-13-45,`,
    ].join("\n");
    const r = await importUnitSheet({ actor: admin, fileName: "units.csv", data: enc(csv) });
    if (r.ok) throw new Error("expected a refusal");
    const msgs = r.issues.map((i) => `${i.row}|${i.column}|${i.message}`);
    expect(msgs).toEqual(
      expect.arrayContaining([
        "2|上级代码|上级代码“NOPE-9”不存在：系统中和本表中都没有这个单位",
        "4|单位代码|单位代码“X-02”重复：第 3 行已使用（每个代码只能用一次）",
        expect.stringMatching(/^5\|单位代码\|单位代码“.+”已被系统中的单位“临猗县”使用$/),
        expect.stringMatching(/^6\|层级\|层级“镇子”无效/),
        expect.stringMatching(/^6\|类型\|类型“什么类型”无效/),
        "6|设立日期|日期“2024-13-45”无效：请写成 2024-03-05",
      ]),
    );
    expect(await unitCount()).toBe(before);
    // a parent out of reach is refused too
    const other = await makeUnit({ name: "万荣县", level: "county", code: `W${Math.random().toString().slice(2, 10)}` });
    const r2 = await importUnitSheet({ actor: admin, fileName: "u.csv", data: enc(`${HEAD}\nW-1,某中心,,县,公共法律服务中心,${other.code},,`) });
    expect(r2).toMatchObject({ ok: false, issues: [{ row: 2, column: "上级代码", message: "上级单位“万荣县”不在您的管辖范围内" }] });
    const r3 = await importUnitSheet({ actor: admin, fileName: "u.csv", data: enc("名字,代码\n甲,1") });
    expect(r3).toMatchObject({ ok: false, issues: [{ message: expect.stringMatching(/^无法识别的列名：名字/) }] });
    expect(await unitCount()).toBe(before + 1);
  });

  it("reads an XLSX sheet", async () => {
    const { county, admin } = await tree();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("单位");
    ws.addRow(HEAD.split(","));
    ws.addRow(["XL-01", "临猗县公共法律服务中心", "县公法中心", "县（市、区）", "公共法律服务中心", county.code, new Date(Date.UTC(2018, 0, 1)), null]);
    const data = new Uint8Array(await wb.xlsx.writeBuffer());
    const r = await importUnitSheet({ actor: admin, fileName: "units.xlsx", data });
    expect(r).toMatchObject({ ok: true, created: 1 });
    expect(await getDb().select().from(units).where(eq(units.code, "XL-01")).get()).toMatchObject({ type: "service_centre", activeFrom: "2018-01-01", parentId: county.id });
  });
});
