import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog } from "../../db/schema";
import { getDb } from "~/utils/db.server";
import { consultationData, legalAidData, makeActor, makeLegalAidCentre, makeTree, residentIdFor } from "../../tests/factories";
import { makeMediator, registration } from "../../tests/report-fixtures";
import { MediationConcludeSchema } from "~/schemas/mediation";
import { addFollowup, concludeMediation, registerMediation } from "./mediations.server";
import { createConsultation } from "./consultations.server";
import { applyLegalAid } from "./legal-aid.server";
import { auditLedgerExport, buildLedger, committeeName, ledgerCsv, ledgerXlsx, periodWords, type Ledger, type LedgerResult } from "./ledger-export.server";

const ID_NUMBER = residentIdFor("1970-05-06", "123");
const PHONE = "13812345678";

/** A township (猗氏镇) with disputes in March and April 2025, one in another county; staff and a report writer. */
async function setup() {
  const tree = await makeTree();
  const mediator = await makeMediator(tree.townA1.id, "张调解");
  const other = await makeMediator(tree.townB1.id, "赵调解");
  const staff = await makeActor(tree.townA1, "staff");
  const writer = await makeActor(tree.countyA, "report_writer");
  const register = async (actor: typeof staff, unitId: number, mediatorId: number, registeredOn: string, over: Parameters<typeof registration>[2] = {}) => {
    const r = await registerMediation({ actor, data: registration(unitId, mediatorId, { registeredOn, ...over }) });
    if (!r.ok) throw new Error(JSON.stringify(r));
    return r.value.id;
  };
  const withPeople = {
    summary: `王大成（身份证${ID_NUMBER}，电话${PHONE}）与李小红因院墙排水发生争执`,
    parties: [
      { side: "applicant" as const, kind: "person" as const, name: "王大成", ethnicity: "", occupation: "", phone: PHONE, address: "临猗县猗氏镇城东村3组", idNumber: ID_NUMBER },
      { side: "respondent" as const, kind: "person" as const, name: "李小红", ethnicity: "", occupation: "", phone: "", address: "", idNumber: "" },
    ],
  };
  const settled = await register(staff, tree.townA1.id, mediator.id, "2025-03-05", withPeople);
  const c = await concludeMediation({
    actor: staff,
    id: settled,
    data: MediationConcludeSchema.parse({ concludedOn: "2025-03-20", version: 1, result: "success", agreementForm: "written", agreementTerms: "赔偿一千元", agreementAmount: "1000", performance: "immediate" }),
  });
  if (!c.ok) throw new Error(JSON.stringify(c));
  const f = await addFollowup({ actor: staff, id: settled, data: { visitedOn: "2025-04-02", visitor: "张调解", performanceFound: "performed", satisfaction: "satisfied", notes: "" } });
  if (!f.ok) throw new Error(JSON.stringify(f));
  const open = await register(staff, tree.townA1.id, mediator.id, "2025-03-28", { disputeType: "contract", summary: "买卖合同货款纠纷" });
  await register(staff, tree.townA1.id, mediator.id, "2025-04-03");
  await register(await makeActor(tree.townB1, "staff"), tree.townB1.id, other.id, "2025-03-10");
  return { tree, staff, writer, settled, open };
}

const ok = (r: LedgerResult): Ledger => {
  if (!r.ok) throw new Error(r.message);
  return r.ledger;
};

async function readBack(ledger: Ledger) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await ledgerXlsx(ledger)) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const rows: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    // an empty cell is a hole in row.values: read it as ""
    const values = Array.from((row.values as unknown[]).slice(1), (v) => (v === null || v === undefined ? "" : String(v)));
    rows.push(values);
  });
  return { ws, rows, all: rows.flat().join("\n") };
}

const march = new URLSearchParams({ from: "2025-03-01", to: "2025-03-31" });

describe("台账 of mediations (调解台账)", () => {
  it("a month of one committee in the layout a township hands in: title, header, one row per dispute, signature", async () => {
    const s = await setup();
    const params = new URLSearchParams(march);
    params.set("unit", String(s.tree.townA1.id));
    const ledger = ok(await buildLedger({ actor: s.staff, kind: "mediations", params, today: "2025-04-05" }));
    const { ws, rows, all } = await readBack(ledger);
    expect(ws.getCell("A1").value).toBe("猗氏镇人民调解委员会 人民调解工作台账（2025年3月）");
    expect(rows[2]).toEqual(["序号", "编号", "登记日期", "纠纷类型", "当事人", "纠纷简要情况", "调解员", "调解结果", "调结日期", "协议形式", "履行情况", "回访", "备注"]);
    const data = rows.slice(3, -1);
    expect(data).toHaveLength(2);
    expect(data.map((r) => r[2])).toEqual(["2025-03-05", "2025-03-28"]);
    const [first, second] = data;
    expect(first[0]).toBe("1");
    expect(first[3]).toBe("邻里");
    expect(first[4]).toContain("申请人：王大成");
    expect(first[4]).toContain("被申请人：李小红");
    expect(first[6]).toBe("张调解");
    expect(first[7]).toBe("调解成功");
    expect(first[8]).toBe("2025-03-20");
    expect(first[9]).toBe("书面协议");
    expect(first[10]).toBe("已履行"); // the follow-up found it performed
    expect(first[11]).toBe("2025-04-02 满意");
    expect(second[7]).toBe("受理登记");
    expect(second[3]).toBe("合同");
    // the staff sees names and the summary, but never a full ID number or phone (as on the record's page)
    expect(first[5]).toContain("王大成");
    expect(all).not.toContain(ID_NUMBER);
    expect(all).not.toContain(PHONE);
    expect(first[5]).toContain("138****5678");
    expect(rows.at(-1)![0]).toMatch(/^填表人：.*审核人（调委会主任）：.*填报日期：2025年4月5日$/);
    expect(rows[1][0]).toContain("共 2 件");
  });

  it("applies the list's filters: a type, a status, and the subtree of the unit", async () => {
    const s = await setup();
    const byType = ok(await buildLedger({ actor: s.staff, kind: "mediations", params: new URLSearchParams({ type: "contract" }) }));
    expect(byType.rows.map((r) => r[1])).toHaveLength(1);
    expect((await readBack(byType)).rows[1][0]).toContain("纠纷类型：合同");
    const settled = ok(await buildLedger({ actor: s.staff, kind: "mediations", params: new URLSearchParams({ status: "success" }) }));
    expect(settled.rows).toHaveLength(1);
    // a county's report writer: the county's subtree only (the three disputes of 猗氏镇), under a year's title
    const county = ok(await buildLedger({ actor: s.writer, kind: "mediations", params: new URLSearchParams({ from: "2025-01-01", to: "2025-12-31" }) }));
    expect(county.rows).toHaveLength(3);
    expect(county.title).toBe("临猗县人民调解委员会 人民调解工作台账（2025年）");
  });

  it("a report writer gets masked names and no free text, as the de-identified list shows them", async () => {
    const s = await setup();
    const ledger = ok(await buildLedger({ actor: s.writer, kind: "mediations", params: new URLSearchParams(march) }));
    const { rows, all } = await readBack(ledger);
    const first = rows[3];
    expect(first[4]).toContain("申请人：王**");
    expect(first[4]).toContain("被申请人：李**");
    expect(first[5]).toBe("");
    expect(all).not.toContain("王大成");
    expect(all).not.toContain("李小红");
    expect(all).not.toContain(ID_NUMBER);
    expect(all).not.toContain(PHONE);
  });

  it("refuses an unknown filter value, a bad day and a unit out of reach with a Chinese message", async () => {
    const s = await setup();
    const refused = async (q: Record<string, string>) => await buildLedger({ actor: s.staff, kind: "mediations", params: new URLSearchParams(q) });
    const status = await refused({ status: "bogus" });
    expect(status).toMatchObject({ ok: false, status: 400 });
    expect(!status.ok && status.message).toContain("筛选条件“状态”的值“bogus”无法识别");
    const type = await refused({ type: "x99999" });
    expect(!type.ok && type.message).toContain("纠纷类型");
    const day = await refused({ from: "2025-02-30" });
    expect(!day.ok && day.message).toContain("起始日期");
    const order = await refused({ from: "2025-04-01", to: "2025-03-01" });
    expect(!order.ok && order.message).toContain("起始日期晚于截止日期");
    const away = await refused({ unit: String(s.tree.townB1.id) });
    expect(away).toMatchObject({ ok: false, status: 404 });
    expect(!away.ok && away.message).toContain("不在您的管辖范围内");
    // keys the list does not know (and the page) are not filters: ignored
    expect((await refused({ page: "3", transferred: "9" })).ok).toBe(true);
  });

  it("refuses past the row limit, telling to narrow the filters", async () => {
    const s = await setup();
    const r = await buildLedger({ actor: s.staff, kind: "mediations", params: new URLSearchParams(), maxRows: 2 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/共 3 条，超过一次导出的上限 2 条。请缩小筛选条件/);
    expect((await buildLedger({ actor: s.staff, kind: "mediations", params: new URLSearchParams(march), maxRows: 2 })).ok).toBe(true);
  });

  it("CSV: BOM, title, header and rows; text that a spreadsheet would run is neutralised", async () => {
    const s = await setup();
    await registerMediation({ actor: s.staff, data: registration(s.tree.townA1.id, (await makeMediator(s.tree.townA1.id, "钱调解")).id, { registeredOn: "2025-03-30", summary: "=HYPERLINK(\"http://x\")邻里" }) });
    const csv = ledgerCsv(ok(await buildLedger({ actor: s.staff, kind: "mediations", params: new URLSearchParams(march) })));
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("\uFEFF猗氏镇人民调解委员会 人民调解工作台账（2025年3月）");
    expect(lines[2]).toBe("序号,编号,登记日期,纠纷类型,当事人,纠纷简要情况,调解员,调解结果,调结日期,协议形式,履行情况,回访,备注");
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")邻里"`);
  });

  it("is audited like other exports: who, which list, which filters, how many rows", async () => {
    const s = await setup();
    const ledger = ok(await buildLedger({ actor: s.staff, kind: "mediations", params: new URLSearchParams(march) }));
    await auditLedgerExport({ actor: s.staff, ledger, format: "xlsx", ip: "127.0.0.1" });
    const row = (await getDb().select().from(auditLog).where(and(eq(auditLog.entity, "ledger"), eq(auditLog.userId, s.staff.id))).get())!;
    expect(row.action).toBe("export");
    expect(row.entityId).toBe("mediations");
    expect(row.after).toMatchObject({ format: "xlsx", rows: 2, query: "from=2025-03-01&to=2025-03-31" });
  });
});

describe("台账 of consultations, legal aid cases and registries", () => {
  it("consultations: the filters applied; summaries only for those who see them, phones masked", async () => {
    const s = await setup();
    await createConsultation({ actor: s.staff, data: consultationData(s.tree.townA1.id, { date: "2025-03-02", channel: "hotline", summary: `来电${PHONE}询问欠薪` }) });
    await createConsultation({ actor: s.staff, data: consultationData(s.tree.townA1.id, { date: "2025-03-03", channel: "walk_in", persons: 3 }) });
    const staffLedger = ok(await buildLedger({ actor: s.staff, kind: "consultations", params: new URLSearchParams({ channel: "hotline" }) }));
    const { rows, all } = await readBack(staffLedger);
    expect(rows[0][0]).toBe("猗氏镇 法律咨询工作台账");
    expect(rows[2]).toContain("咨询内容摘要");
    expect(rows.slice(3, -1)).toHaveLength(1);
    expect(rows[3][4]).toBe("12348热线");
    expect(all).toContain("来电138****5678询问欠薪");
    expect(all).not.toContain(PHONE);
    const writerLedger = ok(await buildLedger({ actor: s.writer, kind: "consultations", params: new URLSearchParams() }));
    expect(writerLedger.columns.map((c) => c.header)).not.toContain("咨询内容摘要");
    expect(writerLedger.rows).toHaveLength(2);
    expect(writerLedger.filterLine).toContain("4 人次");
    const bad = await buildLedger({ actor: s.staff, kind: "consultations", params: new URLSearchParams({ channel: "pigeon" }) });
    expect(!bad.ok && bad.message).toContain("咨询方式");
  });

  it("legal aid: beneficiaries masked for a report writer, in full for staff", async () => {
    const s = await setup();
    await makeLegalAidCentre(s.tree.countyA);
    const r = await applyLegalAid({ actor: s.staff, data: legalAidData(s.tree.townA1.id, { appliedOn: "2025-03-05" }) });
    expect(r.ok).toBe(true);
    const staffRows = ok(await buildLedger({ actor: s.staff, kind: "legal-aid", params: new URLSearchParams() })).rows;
    expect(staffRows).toHaveLength(1);
    expect(staffRows[0][5]).toBe("王秀兰");
    const { all } = await readBack(ok(await buildLedger({ actor: s.writer, kind: "legal-aid", params: new URLSearchParams({ caseType: "civil" }) })));
    expect(all).toContain("王**");
    expect(all).not.toContain("王秀兰");
    expect(all).toContain("追索劳动报酬");
  });

  it("registries: the mediators on the day, 专职/兼职", async () => {
    const s = await setup();
    const ledger = ok(await buildLedger({ actor: s.staff, kind: "registries", params: new URLSearchParams({ kind: "mediator", day: "2025-03-01" }) }));
    expect(ledger.title).toBe("猗氏镇 人民调解员名册（2025年3月1日）");
    expect(ledger.rows.map((r) => r[1])).toEqual(["张调解"]);
    expect((await buildLedger({ actor: s.staff, kind: "registries", params: new URLSearchParams({ kind: "ghosts" }) })).ok).toBe(false);
  });
});

describe("words", () => {
  it("names the period and the committee", () => {
    expect(periodWords("2025-03-01", "2025-03-31")).toBe("（2025年3月）");
    expect(periodWords("2024-02-01", "2024-02-29")).toBe("（2024年2月）");
    expect(periodWords("2025-01-01", "2025-12-31")).toBe("（2025年）");
    expect(periodWords("2025-03-01", "2025-05-31")).toBe("（2025年3月1日至2025年5月31日）");
    expect(periodWords()).toBe("");
    expect(committeeName("猗氏镇")).toBe("猗氏镇人民调解委员会");
    expect(committeeName("临猗县医疗纠纷人民调解委员会")).toBe("临猗县医疗纠纷人民调解委员会");
  });
});

describe("台账 of the audit log", () => {
  it("the filters on screen → the entries of the actor's subtree, oldest first, phones and ID numbers masked", async () => {
    const s = await setup();
    const head = await makeActor(s.tree.townA1, "centre_head");
    const db = getDb();
    await db.insert(auditLog)
      .values({ userId: s.staff.id, action: "update", entity: "mediation", entityId: String(s.open), unitId: s.tree.townA1.id, before: { phone: "" }, after: { phone: PHONE, idNumber: ID_NUMBER } })
      .run();
    const all = ok(await buildLedger({ actor: head, kind: "audit", params: new URLSearchParams({ entity: "mediation" }) }));
    // 猗氏镇's registrations, conclusion, follow-up and the update, oldest first; not the other county's registration
    expect(all.rows.map((r) => r[3])).toEqual(["新增", "调结", "回访", "新增", "新增", "修改"]);
    const { rows, all: text } = await readBack(all);
    expect(rows[0][0]).toBe(`${s.tree.townA1.name} 操作日志`);
    expect(rows[1][0]).toContain("对象：人民调解");
    expect(rows[2]).toEqual(["序号", "时间", "操作人", "操作", "对象", "对象编号", "单位", "变更内容", "IP 地址"]);
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain(ID_NUMBER);
    expect(text).toContain("phone");

    const created = ok(await buildLedger({ actor: head, kind: "audit", params: new URLSearchParams({ entity: "mediation", action: "create", user: s.staff.displayName }) }));
    expect(created.rows).toHaveLength(3);
    expect(created.filterLine).toContain("操作：新增");
    // a day range in China time: today holds them all, yesterday none
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect(ok(await buildLedger({ actor: head, kind: "audit", params: new URLSearchParams({ entity: "mediation", from: today, to: today }) })).rows).toHaveLength(6);
    expect(ok(await buildLedger({ actor: head, kind: "audit", params: new URLSearchParams({ entity: "mediation", to: "2025-01-01" }) })).rows).toHaveLength(0);
  });

  it("refuses a role without the audit log, an unknown filter value and past the limit", async () => {
    const s = await setup();
    const head = await makeActor(s.tree.townA1, "centre_head");
    const denied = await buildLedger({ actor: s.staff, kind: "audit", params: new URLSearchParams() });
    expect(denied.ok === false && denied.status).toBe(403);
    const bad = await buildLedger({ actor: head, kind: "audit", params: new URLSearchParams({ action: "explode" }) });
    expect(!bad.ok && bad.message).toContain("筛选条件“操作”的值“explode”无法识别");
    const many = await buildLedger({ actor: head, kind: "audit", params: new URLSearchParams({ entity: "mediation" }), maxRows: 2 });
    expect(!many.ok && many.message).toMatch(/共 5 条，超过一次导出的上限 2 条/);
  });
});
