import iconv from "iconv-lite";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { getDb } from "~/utils/db.server";
import { makeActor, makeTree, residentIdFor } from "../../tests/factories";
import { buildTemplateCsv, buildTemplateXlsx, decodeCsv, importFile, importUpload, normaliseDay, parseCsv, parseImportFile } from "./import.server";
import { getConsultationFigures } from "./consultations.server";
import { addMediator } from "./registries.server";

let tree: Awaited<ReturnType<typeof makeTree>>;
let admin: Awaited<ReturnType<typeof makeActor>>;
let head: Awaited<ReturnType<typeof makeActor>>;

beforeAll(async () => {
  tree = await makeTree();
  admin = await makeActor(tree.countyA, "admin");
  head = await makeActor(tree.countyA, "centre_head");
});

const HEADER = "外部编号,单位编码,咨询日期,咨询渠道,咨询事项,人数,人员类别,解答人,咨询摘要,处理结果";
const row = (ref: string, over: Partial<Record<"unit" | "date" | "channel" | "persons", string>> = {}) =>
  `${ref},${over.unit ?? tree.townA1.code},${over.date ?? "2024-03-05"},${over.channel ?? "12348热线"},劳动,${over.persons ?? "2"},农民工、妇女,王律师,拖欠工资,已解答`;
const csv = (lines: string[]) => Buffer.from(`\uFEFF${[HEADER, ...lines].join("\r\n")}\r\n`, "utf8");
const count = async () => (await getDb().get<{ n: number }>(sql`SELECT count(*) AS n FROM consultations`))!.n;
const personTimes = async () => (await getConsultationFigures({ actor: admin, unitId: tree.countyA.id, from: "2024-01-01", to: "2024-12-31" }))!.personTimes;

describe("parser", () => {
  it("reads quoted CSV cells, CRLF and tabs", () => {
    expect(parseCsv('a,"b,c","d ""e"""\r\n1,2,3\n')).toEqual([["a", "b,c", 'd "e"'], ["1", "2", "3"]]);
    expect(parseCsv("a\tb\n1\t2")).toEqual([["a", "b"], ["1", "2"]]);
  });

  it("decodes UTF-8 (with and without BOM) and GBK CSV from Excel", async () => {
    const text = `${HEADER}\r\n`;
    expect(decodeCsv(Buffer.from(`\uFEFF${text}`, "utf8"))).toEqual({ text, encoding: "UTF-8" });
    expect(decodeCsv(Buffer.from(text, "utf8")).encoding).toBe("UTF-8");
    const gbk = iconv.encode(text, "gbk");
    expect(decodeCsv(gbk)).toEqual({ text, encoding: "GBK" });
    const parsed = await parseImportFile({ fileName: "导出.csv", data: iconv.encode(`${HEADER}\r\n${row("G1")}\r\n`, "gbk") });
    expect(parsed.ok && parsed.sheets[0].kind).toBe("consultation");
    expect(parsed.ok && parsed.sheets[0].rows[0].cells[4]).toBe("劳动");
  });

  it("normalises dates, Excel serial numbers included", () => {
    expect(normaliseDay("2024/3/5")).toBe("2024-03-05");
    expect(normaliseDay("2024年3月5日")).toBe("2024-03-05");
    expect(normaliseDay("45356")).toBe("2024-03-05");
    expect(normaliseDay("昨天")).toBe("昨天");
  });

  it("refuses wrong types, old .xls, binary and oversized files before reading them", async () => {
    const issue = async (fileName: string, data: Uint8Array) => {
      const r = await parseImportFile({ fileName, data });
      return r.ok ? "" : r.issues[0].message;
    };
    expect(await issue("a.pdf", Buffer.from("%PDF-1.4"))).toMatch(/文件类型不对/);
    expect(await issue("a.xls", Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2]))).toMatch(/旧版 Excel/);
    expect(await issue("a.csv", Buffer.from([1, 0, 2, 0, 3]))).toMatch(/不是文本/);
    expect(await issue("big.csv", Buffer.alloc(50 * 1024 * 1024, 0x41))).toMatch(/文件过大（50.0 MB）/);
    expect(await issue("a.csv", Buffer.from("姓名,年龄\n张三,3\n"))).toMatch(/无法识别表头/);
    expect(await issue("a.xlsx", Buffer.from("PK\u0003\u0004garbage"))).toMatch(/无法读取/);
  });

  it("refuses formulas and merged cells in a spreadsheet", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("法律咨询");
    ws.addRow(HEADER.split(","));
    ws.addRow(row("F1").split(","));
    ws.getCell("F2").value = { formula: "1+1", result: 2 };
    const withFormula = await parseImportFile({ fileName: "f.xlsx", data: Buffer.from(await wb.xlsx.writeBuffer()) });
    expect(withFormula.ok).toBe(false);
    expect(!withFormula.ok && withFormula.issues[0]).toMatchObject({ row: 2, column: "人数", message: expect.stringMatching(/含公式/) });
    ws.getCell("F2").value = 2;
    ws.mergeCells("H2:I2");
    const merged = await parseImportFile({ fileName: "m.xlsx", data: Buffer.from(await wb.xlsx.writeBuffer()) });
    expect(!merged.ok && merged.issues[0].message).toMatch(/合并单元格/);
  });

  it("reads the XLSX template it builds, and Excel date cells", async () => {
    const buf = await buildTemplateXlsx(["consultation", "mediation", "legal_aid"]);
    const parsed = await parseImportFile({ fileName: "模板.xlsx", data: buf });
    expect(parsed.ok && parsed.sheets.map((s) => s.kind)).toEqual(["consultation", "mediation", "legal_aid"]);
    expect(buildTemplateCsv("consultation").startsWith(`\uFEFF${HEADER}\r\n示例-0001`)).toBe(true);
  });
});

describe("import", () => {
  it("lists every bad row with its column and a Chinese reason, and imports nothing", async () => {
    const before = await count();
    const r = await importFile({
      actor: admin,
      fileName: "bad.csv",
      data: csv([
        row("B1"),
        row("B2", { channel: "微信" }),
        row("B3", { unit: tree.townB1.code }),
        row("B4", { date: "45356" }),
        row("B5", { persons: "0" }),
        row("B1"),
        row("B6", { unit: "999999" }),
      ]),
    });
    expect(r.ok).toBe(false);
    const by = (rowNo: number) => r.issues.filter((i) => i.row === rowNo).map((i) => `${i.column}:${i.message}`);
    expect(by(3)).toEqual([expect.stringMatching(/^咨询渠道:“微信”不是可选值，可选：现场来访、12348热线/)]);
    expect(by(4)).toEqual([expect.stringMatching(/^单位编码:单位“.*”不在您的管辖范围内/)]);
    expect(by(5)).toEqual([]); // a serial date is fine
    expect(by(6)).toEqual([expect.stringMatching(/^人数:/)]);
    expect(by(7)).toEqual(["外部编号:外部编号“B1”与第2行重复"]);
    expect(by(8)).toEqual([expect.stringMatching(/^单位编码:单位编码“999999”不存在/)]);
    expect(await count()).toBe(before);
  });

  it("imports all rows in one go, keeps the counters, and a second import of the same file adds nothing", async () => {
    const before = await personTimes();
    const file = csv([row("OK1"), row("OK2", { date: "2024/4/1", persons: "3" }), row("OK3", { date: "45356" })]);
    const first = await importFile({ actor: admin, fileName: "ok.csv", data: file });
    expect(first).toMatchObject({ ok: true, imported: { consultation: 3 }, skipped: 0 });
    expect(await personTimes()).toBe(before + 7);
    const again = await importFile({ actor: admin, fileName: "ok.csv", data: file });
    expect(again).toMatchObject({ ok: true, imported: {}, skipped: 3 });
    expect(await personTimes()).toBe(before + 7);
    const audited = (await getDb().get<{ n: number }>(sql`SELECT count(*) AS n FROM audit_log WHERE action = 'import' AND entity = 'consultation'`))!.n;
    expect(audited).toBeGreaterThanOrEqual(3);
  });

  it("imports nothing of any sheet when one row of another sheet is bad (all or nothing across sheets)", async () => {
    await addMediator({ actor: head, data: { unitId: tree.townA1.id, name: "张调解", fullTime: true, phone: "", startOn: "2020-01-01" } });
    const wb = new ExcelJS.Workbook();
    const c = wb.addWorksheet("法律咨询");
    c.addRow(HEADER.split(","));
    c.addRow(row("X1").split(","));
    const m = wb.addWorksheet("人民调解");
    m.addRow(["外部编号", "调委会编码", "受理日期", "纠纷来源", "纠纷类型", "纠纷简要情况", "涉及人数", "调解员", "申请人姓名", "被申请人姓名"]);
    m.addRow(["M1", tree.townA1.code, new Date(Date.UTC(2024, 2, 5)), "当事人申请", "邻里", "宅基地界址", 2, "张调解", "李某", "赵某"]);
    m.addRow(["M2", tree.townA1.code, "2024-03-06", "当事人申请", "邻里", "宅基地界址", 2, "张调解", "李某", ""]);
    const before = await count();
    const bad = await importFile({ actor: head, fileName: "mixed.xlsx", data: Buffer.from(await wb.xlsx.writeBuffer()) });
    expect(bad.ok).toBe(false);
    expect(bad.issues.map((i) => `${i.sheet}/${i.row}/${i.column}`)).toEqual(["人民调解/3/被申请人姓名"]);
    expect(await count()).toBe(before);
    m.getRow(3).getCell(10).value = "钱某";
    const good = await importFile({ actor: head, fileName: "mixed.xlsx", data: Buffer.from(await wb.xlsx.writeBuffer()) });
    expect(good).toMatchObject({ ok: true, imported: { consultation: 1, mediation: 2 } });
    expect(await count()).toBe(before + 1);
    const refs = (await getDb().get<{ n: number }>(sql`SELECT count(*) AS n FROM import_refs WHERE kind = 'mediation'`))!.n;
    expect(refs).toBe(2);
  });

  it("refuses users without import:records", async () => {
    const staff = await makeActor(tree.townA1, "staff");
    const r = await importFile({ actor: staff, fileName: "ok.csv", data: csv([row("S1")]) });
    expect(r).toMatchObject({ ok: false, status: 403 });
  });
});

describe("refusals and corrections", () => {
  const MED_HEADER = "外部编号,调委会编码,受理日期,纠纷来源,纠纷类型,纠纷简要情况,涉及人数,涉及金额（元）,调解员,申请人姓名,申请人电话,被申请人姓名";
  const medCsv = (header: string, lines: string[]) => Buffer.from(`\uFEFF${[header, ...lines].join("\r\n")}\r\n`, "utf8");
  const medRow = (ref: string, over: { summary?: string; amount?: string; phone?: string } = {}) =>
    `${ref},${tree.townA1.code},2024-05-06,当事人申请,邻里,${over.summary ?? "宅基地界址争执"},2,${over.amount ?? "5000"},张调解,李某,${over.phone ?? "13800000001"},赵某`;

  beforeAll(async () => {
    await addMediator({ actor: head, data: { unitId: tree.townA1.id, name: "张调解", fullTime: true, phone: "", startOn: "2020-01-01" } });
  });

  it("refuses a misspelt or extra column, naming it and the closest known column, and imports nothing", async () => {
    const before = await count();
    const ascii = await importFile({ actor: head, fileName: "m.csv", data: medCsv(MED_HEADER.replace("涉及金额（元）", "涉及金额(元)"), [medRow("U1")]) });
    expect(ascii.ok).toBe(false);
    expect(ascii.issues).toEqual([expect.objectContaining({ column: "涉及金额(元)", message: expect.stringContaining("是否应为“涉及金额（元）”") })]);
    const extra = await importFile({ actor: admin, fileName: "c.csv", data: Buffer.from(`${HEADER},备注\r\n${row("U2")},电话回访\r\n`, "utf8") });
    expect(extra.ok).toBe(false);
    expect(extra.issues[0]).toMatchObject({ column: "备注", message: expect.stringMatching(/第11列“备注”不是“法律咨询”的列/) });
    // a spreadsheet too
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("法律咨询");
    ws.addRow([...HEADER.split(","), "备注"]);
    ws.addRow([...row("U3").split(","), "x"]);
    const xlsx = await importFile({ actor: admin, fileName: "c.xlsx", data: Buffer.from(await wb.xlsx.writeBuffer()) });
    expect(xlsx.issues[0]).toMatchObject({ sheet: "法律咨询", column: "备注" });
    expect(await count()).toBe(before);
  });

  it("tells an empty file and a file with only headers what is wrong", async () => {
    const upload = (name: string, content: string) => {
      const form = new FormData();
      form.append("file", new File([content], name, { type: "text/csv" }));
      return importUpload({ actor: admin, request: new Request("http://localhost/import", { method: "POST", body: form }) });
    };
    const empty = await upload("空.csv", "");
    expect(empty.issues[0].message).toMatch(/文件“空.csv”是空的/);
    const none = await upload("", "");
    expect(none.issues[0].message).toBe("请选择要上传的文件");
    const headersOnly = await importFile({ actor: admin, fileName: "h.csv", data: csv([]) });
    expect(headersOnly).toMatchObject({ ok: false, imported: {} });
    expect(headersOnly.issues[0].message).toMatch(/文件中没有数据行/);
    const exampleOnly = await importFile({ actor: admin, fileName: "t.csv", data: Buffer.from(buildTemplateCsv("consultation", { unitCode: tree.townA1.code }), "utf8") });
    expect(exampleOnly.issues[0].message).toMatch(/文件中没有数据行/);
  });

  it("names each row imported before, and in update mode corrects the record through the page's update (version, counters, audit)", async () => {
    const first = await importFile({ actor: head, fileName: "m.csv", data: medCsv(MED_HEADER, [medRow("R1"), medRow("R2")]) });
    expect(first).toMatchObject({ ok: true, imported: { mediation: 2 } });
    const ref = (await getDb().get<{ id: number }>(sql`SELECT record_id AS id FROM import_refs WHERE kind = 'mediation' AND external_ref = 'R1'`))!;
    // the stored record has more than the template holds: an ethnicity typed on the page must survive an update
    await getDb().run(sql`UPDATE mediation_parties SET ethnicity = '回族' WHERE mediation_id = ${ref.id} AND side = 'applicant'`);
    const corrected = medCsv(MED_HEADER, [medRow("R1", { summary: "宅基地界址争执（已更正）", amount: "6000.5" }), medRow("R2")]);
    const skipped = await importFile({ actor: head, fileName: "m2.csv", data: corrected });
    expect(skipped).toMatchObject({ ok: true, imported: {}, updated: {}, skipped: 2 });
    expect(skipped.notices.map((n) => `${n.row}:${n.message}`)).toEqual([
      expect.stringMatching(/^2:外部编号“R1”已导入过，本行未导入也未更改/),
      expect.stringMatching(/^3:外部编号“R2”已导入过/),
    ]);
    const stored = async () => (await getDb().get<{ summary: string; amount_fen: number; version: number }>(sql`SELECT summary, amount_fen, version FROM mediations WHERE id = ${ref.id}`))!;
    expect((await stored()).summary).toBe("宅基地界址争执");
    const amountCounter = async () =>
      (await getDb().get<{ v: number }>(sql`SELECT coalesce(sum(value), 0) AS v FROM stat_counters WHERE unit_id = ${tree.townA1.id} AND indicator = 'mediation.amountInDisputeFen'`))?.v ?? 0;
    const amountBefore = await amountCounter();
    const updated = await importFile({ actor: head, fileName: "m2.csv", data: corrected, update: true });
    expect(updated).toMatchObject({ ok: true, imported: {}, updated: { mediation: 1 }, skipped: 1 });
    expect(updated.notices.map((n) => n.message)).toEqual([expect.stringMatching(/已按本行更新现有记录/), expect.stringMatching(/内容与现有记录相同，未更改/)]);
    expect(await stored()).toEqual({ summary: "宅基地界址争执（已更正）", amount_fen: 600050, version: 2 });
    const party = (await getDb().get<{ ethnicity: string; phone: string }>(sql`SELECT ethnicity, phone FROM mediation_parties WHERE mediation_id = ${ref.id} AND side = 'applicant'`))!;
    expect(party).toEqual({ ethnicity: "回族", phone: "13800000001" });
    expect(await amountCounter() - amountBefore).toBe(100050);
    const audited = (await getDb().get<{ n: number }>(sql`SELECT count(*) AS n FROM audit_log WHERE entity = 'mediation' AND entity_id = ${String(ref.id)} AND action = 'update'`))!.n;
    expect(audited).toBe(1);
  });

  it("the CLI exits 1 when nothing was imported", async () => {
    const { spawnSync } = await import("node:child_process");
    const fs = await import("node:fs");
    const path = await import("node:path");
    const os = await import("node:os");
    const file = path.join(os.tmpdir(), `headers-only-${process.pid}.csv`);
    fs.writeFileSync(file, csv([]));
    const r = spawnSync("npx", ["tsx", "db/import-cli.ts", file, "--user", admin.username], { env: { ...process.env }, encoding: "utf8", timeout: 120_000 });
    fs.unlinkSync(file);
    expect(r.stderr).toMatch(/文件中没有数据行/);
    expect(r.status).toBe(1);
  });
});

describe("import: persons checked against their ID numbers", () => {
  it("refuses a legal aid row whose 未成年人 was born in 1960, or whose gender contradicts the ID number, naming the column", async () => {
    const header = "外部编号,受理单位编码,申请日期,案件类型,诉讼/非诉讼,援助形式,案由,申请事项与理由,经济困难审查,受援人姓名,受援人性别,受援人身份证号,受援人类别";
    const born1960 = residentIdFor("1960-04-02", "222");
    const line = (ref: string, gender: string, category: string) =>
      `${ref},${tree.townA1.code},2024-03-05,民事,诉讼,诉讼代理,追索劳动报酬纠纷,被拖欠工资,个人诚信承诺（经济困难）,郭桂兰,${gender},${born1960},${category}`;
    const r = await importFile({ actor: head, fileName: "la.csv", data: Buffer.from(`${[header, line("LA1", "女", "未成年人"), line("LA2", "男", "农民工")].join("\r\n")}\r\n`, "utf8") });
    expect(r.ok).toBe(false);
    expect(r.issues.map((i) => `${i.row}/${i.column}:${i.message}`)).toEqual([
      "2/受援人类别:按出生日期，申请日已满 18 周岁，不属于未成年人",
      "3/受援人性别:性别与身份证号码不符",
    ]);
  });
});
