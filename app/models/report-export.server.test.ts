import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { auditLog } from "../../db/schema";
import { getDb } from "~/utils/db.server";
import { onSqlite } from "../../tests/setup/engine";
import { consultationData, makeActor, makeTree } from "../../tests/factories";
import { createConsultation } from "./consultations.server";
import {
  auditReportExport,
  buildReportCsv,
  buildReportJson,
  buildReportXlsx,
  checkDates,
  contentDisposition,
  getStatsForApi,
  parseChildSort,
  parseReportQuery,
  periodFromParams,
  reportFilename,
  sheetName,
  sortChildren,
  statsPayload,
  type ExportableReport,
} from "./report-export.server";
import { getReport } from "./reports.server";
import { addDisputeType } from "./mediations.server";
import { makeMediator, mediate } from "../../tests/report-fixtures";

/** A small report worked out by hand: 3558 person-times, 23540 concluded of which 23219 settled (98.64%). */
function handReport(): ExportableReport {
  const row = (key: string, zh: string, measure: "personTimes" | "cases" | "fen" | "rate", value: number | null, previous: number | null, level: 0 | 1 = 0) => ({
    key,
    label: { zh, en: zh },
    measure,
    level,
    value,
    previous,
    yoy: measure === "rate" || value === null || !previous ? null : (value - previous) / previous,
    href: measure === "rate" ? null : `/x?k=${key}`,
  });
  return {
    unit: { id: 1, code: "140800000000", name: "运城市", level: "city", type: "admin", parentId: null },
    period: { from: "2025-01-01", to: "2025-12-31" },
    previousPeriod: { from: "2024-01-01", to: "2024-12-31" },
    sections: [
      {
        key: "consultation",
        title: { zh: "免费法律咨询", en: "Free legal consultations" },
        rows: [row("consultation.personTimes", "咨询人次", "personTimes", 3558, 2500), row("consultation.personTimes.byChannel.hotline", "12348热线", "personTimes", 1200, 0, 1)],
      },
      {
        key: "mediation",
        title: { zh: "人民调解", en: "People's mediation" },
        rows: [
          row("mediation.concluded", "调结纠纷（调解件数）", "cases", 23540, 20000),
          row("mediation.successful", "调解成功", "cases", 23219, 19800),
          row("mediation.successShareOfConcluded", "成功率（成功件数÷调解件数）", "rate", 23219 / 23540, 0.99),
          row("mediation.agreementAmount", "协议涉及金额", "fen", 2966_3012_34, 100_00),
        ],
      },
    ],
    children: [
      {
        id: 2, name: "临猗县", level: "county", type: "admin", activeTo: null,
        consultationPersonTimes: 2000, mediationAccepted: 15000, mediationConcluded: 14900, mediationSuccessful: 14800, mediationSuccessShare: 14800 / 14900, legalAidGranted: 200,
        links: { consultation: "", mediationAccepted: "", mediationSuccessful: "", legalAidGranted: "", report: "" },
      },
      {
        id: 3, name: "万荣县", level: "county", type: "admin", activeTo: null,
        consultationPersonTimes: 1558, mediationAccepted: 8700, mediationConcluded: 8640, mediationSuccessful: 8419, mediationSuccessShare: 8419 / 8640, legalAidGranted: 100,
        links: { consultation: "", mediationAccepted: "", mediationSuccessful: "", legalAidGranted: "", report: "" },
      },
    ],
    monthly: [
      { month: 202501, consultationPersonTimes: 300, mediationAccepted: 2000, mediationSuccessful: 1900 },
      { month: 202502, consultationPersonTimes: 258, mediationAccepted: 1900, mediationSuccessful: 1850 },
    ],
    sentences: [{ key: "consultation", text: "2025年，全市共提供免费法律咨询3558人次。" }],
    checks: [{ key: "successfulWithinConcluded", ok: true, text: { zh: "调解成功件数不大于调结件数", en: "" } }],
  };
}

async function readBack(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

describe("XLSX export", () => {
  it("has a sheet per section plus 下级单位 and 按月, with a title row and Chinese headers", async () => {
    const wb = await readBack(await buildReportXlsx(handReport()));
    expect(wb.worksheets.map((w) => w.name)).toEqual(["免费法律咨询", "人民调解", "下级单位", "按月", "文字说明"]);
    const ws = wb.getWorksheet("免费法律咨询")!;
    expect(String(ws.getCell("A1").value)).toBe("运城市 2025年 免费法律咨询");
    expect(String(ws.getCell("A2").value)).toContain("2025-01-01 至 2025-12-31");
    expect([1, 2, 3, 4].map((c) => ws.getRow(3).getCell(c).value)).toEqual(["指标", "本期", "上年同期", "同比"]);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 3 });
    expect(ws.getColumn(1).width).toBeGreaterThan(20);
  });

  it("writes numbers as numbers: counts, money in 元 with two decimals, rates with a percent format", async () => {
    const wb = await readBack(await buildReportXlsx(handReport()));
    const c = wb.getWorksheet("免费法律咨询")!;
    expect(c.getCell("A4").value).toBe("咨询人次");
    expect(c.getCell("B4").value).toBe(3558);
    expect(c.getCell("C4").value).toBe(2500);
    expect(c.getCell("D4").value).toBeCloseTo(0.4232, 4);
    expect(c.getCell("D4").numFmt).toBe("0.00%");
    expect(c.getCell("A5").alignment?.indent).toBe(1);
    expect(c.getCell("D5").value).toBeNull(); // last year had none: no change

    const m = wb.getWorksheet("人民调解")!;
    const byLabel = new Map<string, ExcelJS.Row>();
    m.eachRow((r) => byLabel.set(String(r.getCell(1).value), r));
    const rate = byLabel.get("成功率（成功件数÷调解件数）")!;
    expect(rate.getCell(2).value).toBe(23219 / 23540); // full precision
    expect(rate.getCell(2).numFmt).toBe("0.00%");
    expect(rate.getCell(4).value).toBeNull();
    const money = byLabel.get("协议涉及金额")!;
    expect(money.getCell(2).value).toBe(29663012.34);
    expect(money.getCell(2).numFmt).toBe("#,##0.00");
    expect(money.getCell(5).value).toBe("元");
    expect(byLabel.get("调解成功")!.getCell(2).value).toBe(23219);
  });

  it("lists the child units with their main figures and the unit's total, and the months with a total", async () => {
    const wb = await readBack(await buildReportXlsx(handReport()));
    const ch = wb.getWorksheet("下级单位")!;
    expect(ch.getRow(3).getCell(1).value).toBe("单位");
    expect(ch.getRow(4).values).toEqual([undefined, "临猗县", "县（市、区）", 2000, 15000, 14900, 14800, 14800 / 14900, 200]);
    expect(ch.getRow(4).getCell(7).numFmt).toBe("0.00%");
    expect(ch.getRow(6).getCell(1).value).toBe("运城市（合计，含本级）");
    expect(ch.getRow(6).getCell(3).value).toBe(3558);
    const mo = wb.getWorksheet("按月")!;
    expect(mo.getRow(4).values).toEqual([undefined, "2025年1月", 300, 2000, 1900]);
    expect(mo.getRow(6).values).toEqual([undefined, "合计", 558, 3900, 3750]);
  });

  it("keeps sheet names within Excel's rules", () => {
    const taken = new Set<string>();
    expect(sheetName("人民调解·按纠纷类型", taken)).toBe("人民调解·按纠纷类型");
    expect(sheetName("a/b:c", taken)).toBe("a_b_c");
    expect(sheetName("a/b:c", taken)).toBe("a_b_c_2");
    expect(sheetName("x".repeat(40), taken)).toHaveLength(31);
  });
});

describe("XLSX in filing layout (issue 13)", () => {
  it("carries 表号/制表机关/填报单位/报告期/计量单位 above each table and the signatures below; money in 万元 on request; no last year is blank", async () => {
    const hand = handReport();
    // 人民调解 had nothing a year earlier
    hand.sections[1].rows = hand.sections[1].rows.map((r) => ({ ...r, previous: 0, yoy: null }));
    const wb = await readBack(await buildReportXlsx(hand, { moneyUnit: "wan", signedOn: "2026-01-15" }));
    const c = wb.getWorksheet("免费法律咨询")!;
    const meta = String(c.getCell("A2").value);
    for (const part of ["表号：枫桥统1表", "制表机关：", "填报单位：运城市（140800000000）", "报告期：2025-01-01 至 2025-12-31", "计量单位："]) expect(meta).toContain(part);
    let footer = "";
    c.eachRow((r) => {
      if (String(r.getCell(1).value).startsWith("单位负责人")) footer = String(r.getCell(1).value);
    });
    expect(footer).toMatch(/^单位负责人：.*统计负责人：.*填表人：.*报出日期：2026年1月15日$/);
    const m = wb.getWorksheet("人民调解")!;
    const rows = new Map<string, ExcelJS.Row>();
    m.eachRow((r) => rows.set(String(r.getCell(1).value), r));
    expect(rows.get("调解成功")!.getCell(2).value).toBe(23219);
    expect(rows.get("调解成功")!.getCell(3).value).toBeNull(); // blank, not 0
    const money = rows.get("协议涉及金额")!;
    expect(money.getCell(2).value).toBe(2966.3012);
    expect(money.getCell(5).value).toBe("万元");
    const text = wb.getWorksheet("文字说明")!;
    expect(text.getRow(4).values).toEqual([undefined, 1, "2025年，全市共提供免费法律咨询3558人次。"]);
  });
});

describe("CSV export", () => {
  it("starts with a BOM and has one row per indicator: section, key, label, value, previous, yoy", () => {
    const csv = buildReportCsv(handReport());
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trimEnd().split("\r\n");
    expect(lines[0]).toBe("section,key,label,value,previous,yoy");
    expect(lines).toHaveLength(1 + 6);
    expect(lines[1]).toBe(`免费法律咨询,consultation.personTimes,咨询人次,3558,2500,${(3558 - 2500) / 2500}`);
    expect(lines[2]).toBe("免费法律咨询,consultation.personTimes.byChannel.hotline,12348热线,1200,0,");
    expect(lines).toContain(`人民调解,mediation.successShareOfConcluded,成功率（成功件数÷调解件数）,${23219 / 23540},0.99,`);
    expect(lines.find((l) => l.includes("agreementAmount"))).toBe(`人民调解,mediation.agreementAmount,协议涉及金额,29663012.34,100,${(2966_3012_34 - 100_00) / 100_00}`);
  });

  it("quotes fields with commas or quotes", () => {
    const r = handReport();
    r.sections[0].rows[0].label.zh = '咨询,人次"甲"';
    expect(buildReportCsv(r).split("\r\n")[1]).toContain('"咨询,人次""甲"""');
  });
});

describe("JSON export and API payload", () => {
  it("keys indicators by their registry key, money in 元 and rates at full precision", () => {
    const j = buildReportJson(handReport());
    expect(j.indicators["consultation.personTimes"]).toMatchObject({ section: "consultation", value: 3558, previous: 2500, unit: "人次" });
    expect(j.indicators["mediation.successShareOfConcluded"].value).toBe(23219 / 23540);
    expect(j.indicators["mediation.agreementAmount"]).toMatchObject({ value: 29663012.34, unit: "元" });
    expect(j.monthly[0]).toEqual({ month: "2025-01", "consultation.personTimes": 300, "mediation.accepted": 2000, "mediation.successful": 1900 });
    expect(j.sentences[0].text).toContain("3558人次");
  });

  it("gives the API its flat shape", () => {
    const p = statsPayload(handReport(), new Map([[2, "140821000000"]]));
    expect(p.unit).toEqual({ code: "140800000000", name: "运城市", level: "city" });
    expect(p.indicators["mediation.successShareOfConcluded"]).toBe(0.9863636363636363);
    expect(p.previous["consultation.personTimes"]).toBe(2500);
    expect(p.children[0]).toMatchObject({ code: "140821000000", name: "临猗县", indicators: { "consultation.personTimes": 2000 } });
    expect(p.children[1].code).toBeNull();
  });
});

describe("file names", () => {
  it("names the file after unit and period, with an RFC 5987 filename*", () => {
    const r = handReport();
    expect(reportFilename(r, "xlsx")).toBe("运城市_2025年_统计报表.xlsx");
    const cd = contentDisposition(reportFilename(r, "xlsx"), "report.xlsx");
    expect(cd).toBe(`attachment; filename="report.xlsx"; filename*=UTF-8''${encodeURIComponent("运城市_2025年_统计报表.xlsx")}`);
    expect(reportFilename({ ...r, period: { from: "2025-04-01", to: "2025-06-30" } }, "csv")).toBe("运城市_2025年第二季度_统计报表.csv");
  });
});

describe("the query", () => {
  it("checks dates and their order", () => {
    expect(checkDates("2025-01-01", "2025-12-31")).toEqual({ ok: true, from: "2025-01-01", to: "2025-12-31" });
    expect(checkDates("2025-02-30", "2025-12-31")).toEqual({ ok: false, fieldErrors: { from: "report.err.date" } });
    expect(checkDates("2025-12-01", "2025-01-01")).toEqual({ ok: false, fieldErrors: { to: "err.periodOrder" } });
    expect(checkDates("2010-01-01", "2025-01-01")).toEqual({ ok: false, fieldErrors: { to: "err.periodTooLong" } });
    expect(checkDates(null, "x")).toMatchObject({ ok: false, fieldErrors: { from: "report.err.date", to: "report.err.date" } });
  });

  it("defaults to the current year to date and reads a month", () => {
    const p = (q: string) => periodFromParams(new URLSearchParams(q), "2026-11-22");
    expect(p("")).toMatchObject({ ok: true, from: "2026-01-01", to: "2026-11-22" });
    expect(p("month=2024-02")).toMatchObject({ ok: true, from: "2024-02-01", to: "2024-02-29" });
    expect(p("month=2024-13")).toMatchObject({ ok: false, fieldErrors: { month: "report.err.month" } });
    expect(p("from=2025-03-01")).toMatchObject({ ok: true, from: "2025-03-01", to: "2025-12-31" });
    expect(p("to=2025-06-30")).toMatchObject({ ok: true, from: "2025-01-01", to: "2025-06-30" });
  });

  it("sorts child units by a column, ties in tree order", () => {
    const rows = handReport().children;
    expect(parseChildSort("-consultation")).toEqual({ column: "consultation", desc: true });
    expect(parseChildSort("drop table")).toBeNull();
    expect(sortChildren(rows, { column: "consultation", desc: false }).map((c) => c.name)).toEqual(["万荣县", "临猗县"]);
    expect(sortChildren(rows, { column: "name", desc: false }).map((c) => c.name)).toEqual(["万荣县", "临猗县"].sort((a, b) => a.localeCompare(b, "zh-CN")));
    expect(sortChildren(rows, null)).toBe(rows);
  });
});

describe("with the database", () => {
  it("scopes the query and the API to the actor's subtree, and exports what the report counts", async () => {
    const tree = await makeTree();
    const staff = await makeActor(tree.townA1, "staff");
    for (const persons of [1, 3, 40]) {
      const r = await createConsultation({ actor: staff, data: consultationData(tree.townA1.id, { date: "2025-03-05", persons }) });
      expect(r.ok).toBe(true);
    }
    const writer = await makeActor(tree.countyA, "report_writer");
    const q = async (s: string) => await parseReportQuery({ actor: writer, params: new URLSearchParams(s), today: "2026-11-22" });
    expect(await q(`unit=${tree.townA1.id}&from=2025-01-01&to=2025-12-31`)).toEqual({ ok: true, unitId: tree.townA1.id, from: "2025-01-01", to: "2025-12-31" });
    expect(await q("")).toMatchObject({ ok: true, unitId: tree.countyA.id, from: "2026-01-01" });
    expect(await q(`unit=${tree.countyB.id}`)).toEqual({ ok: false, status: 404 });
    expect(await q("unit=99999999")).toMatchObject({ ok: false, status: 400, fieldErrors: { unit: "report.err.noUnit" } });
    expect(await q("unit=abc")).toMatchObject({ ok: false, status: 400, fieldErrors: { unit: "report.err.unit" } });

    const report = (await getReport({ actor: writer, unitId: tree.countyA.id, from: "2025-01-01", to: "2025-12-31" }))!;
    const wb = await readBack(await buildReportXlsx(report));
    const ws = wb.getWorksheet("免费法律咨询")!;
    expect(ws.getCell("A4").value).toBe("登记条数");
    expect(ws.getCell("B4").value).toBe(3);
    expect(ws.getCell("A5").value).toBe("咨询人次");
    expect(ws.getCell("B5").value).toBe(44);
    expect(wb.worksheets.map((w) => w.name)).toEqual([...report.sections.map((s) => s.title.zh), "下级单位", "按月", "文字说明"]);

    const api = async (s: string) => await getStatsForApi({ actor: writer, params: new URLSearchParams(s) });
    const ok = await api(`unit=${tree.countyA.code}&from=2025-01-01&to=2025-12-31`);
    expect(ok.ok && ok.payload.indicators["consultation.personTimes"]).toBe(44);
    expect(ok.ok && ok.payload.children.find((c) => c.name === "猗氏镇")?.code).toBe(tree.townA1.code);
    expect(await api(`unit=${tree.countyB.code}&from=2025-01-01&to=2025-12-31`)).toEqual({ ok: false, status: 404 });
    expect(await api("unit=nope&from=2025-01-01&to=2025-12-31")).toEqual({ ok: false, status: 404 });
    expect(await api(`unit=${tree.countyA.code}&from=2025-1-1&to=2025-12-31`)).toEqual({ ok: false, status: 400, fieldErrors: { from: "report.err.date" } });

    await auditReportExport({ actor: writer, report, format: "xlsx", ip: "127.0.0.1" });
    const last = (await getDb().select().from(auditLog).all()).at(-1)!;
    expect(last).toMatchObject({ action: "export", entity: "report", entityId: tree.countyA.code, unitId: tree.countyA.id, userId: writer.id });
    expect(last.after).toEqual({ format: "xlsx", unit: "临猗县", from: "2025-01-01", to: "2025-12-31" });
    // written without waiting for the disk, and every later commit waits again (synchronous=FULL, 2)
    if (onSqlite) expect(getDb().$client.pragma("synchronous", { simple: true })).toBe(2);
    // inside a caller's transaction the level is left alone and the row is written with it
    await getDb().transaction(async () => await auditReportExport({ actor: writer, report, format: "api", ip: null }));
    expect((await getDb().select().from(auditLog).all()).at(-1)).toMatchObject({ action: "export", entityId: tree.countyA.code, after: { format: "api" } });
    if (onSqlite) expect(getDb().$client.pragma("synchronous", { simple: true })).toBe(2);
  });
});

describe("formula injection (issue 10)", () => {
  it("writes a dispute type named like a formula as inert text in the CSV and the XLSX; numbers stay numbers", async () => {
    const tree = await makeTree();
    const admin = await makeActor(tree.countyA, "admin");
    const added = await addDisputeType({ actor: admin, name: "=cmd|' /C calc'!A0" });
    if (!added.ok) throw new Error(JSON.stringify(added));
    const staff = await makeActor(tree.townA1, "staff");
    const m = await makeMediator(tree.townA1.id);
    await mediate(staff, tree.townA1.id, m.id, { registeredOn: "2025-03-05", disputeType: added.value.code });
    const writer = await makeActor(tree.countyA, "report_writer");
    const report = (await getReport({ actor: writer, unitId: tree.countyA.id, from: "2025-01-01", to: "2025-12-31" }))!;

    const csv = buildReportCsv(report);
    const line = csv.split("\r\n").find((l) => l.includes("cmd|"))!;
    expect(line).toBe(`人民调解·按纠纷类型,mediation.accepted.byType.${added.value.code},'=cmd|' /C calc'!A0,1,0,`);
    expect(csv.split("\r\n").some((l) => /(^|,)"?[=+@\t\r]/.test(l))).toBe(false);

    const wb = await readBack(await buildReportXlsx(report));
    const ws = wb.getWorksheet("人民调解·按纠纷类型")!;
    let found: ExcelJS.Row | undefined;
    ws.eachRow((r) => {
      if (String(r.getCell(1).value).includes("cmd|")) found = r;
    });
    expect(found!.getCell(1).value).toBe("'=cmd|' /C calc'!A0");
    expect(found!.getCell(2).value).toBe(1);
  });
});
