/**
 * History import: disputes and legal aid cases in every lifecycle state come in through the pages' own step
 * functions; an inconsistent history is a row error and nothing is imported; concluded and closed records are not
 * overdue and not on the to-do lists; the summary counters equal a raw recount afterwards.
 */
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { getDb, rawAll, rawGet } from "~/utils/db.server";
import { onPostgres } from "../../tests/setup/engine";
import { mediators, units } from "../../db/schema";
import { makeActor, makeLegalAidCentre, makeProvider, makeTree } from "../../tests/factories";
import { IMPORT_SHEETS } from "~/schemas/import";
import { buildTemplateXlsx, importFile, importableKinds } from "./import.server";
import { readCounters, recountRaw } from "./counters.server";
import { concludeMediation, countMediationWork, registerMediation, getMediation, getMediationFigures, listMediations } from "./mediations.server";
import { countLegalAidWork, getLegalAidFigures } from "./legal-aid-reads.server";

let tree: Awaited<ReturnType<typeof makeTree>>;
let head: Awaited<ReturnType<typeof makeActor>>;

beforeAll(async () => {
  tree = await makeTree();
  head = await makeActor(tree.countyA, "centre_head");
  await getDb().insert(mediators).values({ unitId: tree.townA1.id, name: "张调解", startOn: "2015-01-01" }).run();
  const centre = await makeLegalAidCentre(tree.countyA);
  await makeProvider(centre.id, { name: "王律师" });
});

/** A workbook with the sheets; each row given as { header: value }. */
async function workbook(
  mediationRows: Array<Record<string, string>>,
  legalAidRows: Array<Record<string, string>>,
  partyRows: Array<Record<string, string>> = [],
  beneficiaryRows: Array<Record<string, string>> = [],
) {
  const wb = new ExcelJS.Workbook();
  for (const [kind, rows] of [
    ["mediation", mediationRows],
    ["mediation_party", partyRows],
    ["legal_aid", legalAidRows],
    ["legal_aid_beneficiary", beneficiaryRows],
  ] as const) {
    if (!rows.length) continue;
    const headers = IMPORT_SHEETS[kind].columns.map((c) => c.header);
    const ws = wb.addWorksheet(IMPORT_SHEETS[kind].sheet);
    ws.addRow(headers);
    for (const r of rows) ws.addRow(headers.map((h) => r[h] ?? ""));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const dispute = (ref: string, over: Record<string, string> = {}) => ({
  外部编号: ref,
  调委会编码: tree.townA1.code,
  受理日期: "2024-03-05",
  纠纷来源: "当事人申请",
  纠纷类型: "邻里",
  纠纷简要情况: "两户因院墙排水发生争执",
  涉及人数: "2",
  调解员: "张调解",
  申请人姓名: "李某",
  被申请人姓名: "赵某",
  ...over,
});
const settled = { 结案日期: "2024-03-20", 调解结果: "调解成功", 协议形式: "书面协议", 协议内容: "重砌院墙，费用各半", "协议金额（元）": "2000", 履行方式: "一次性支付", 履行期限: "2024-04-20", 履行情况: "已履行" };
const visit = { 回访日期: "2024-04-25", 回访人: "张调解", 回访履行情况: "已履行", 回访满意度: "满意" };

const application = (ref: string, over: Record<string, string> = {}) => ({
  外部编号: ref,
  受理单位编码: tree.townA1.code,
  申请日期: "2024-03-05",
  案件类型: "民事",
  "诉讼/非诉讼": "诉讼",
  援助形式: "诉讼代理",
  案由: "劳动报酬纠纷",
  申请事项与理由: "追索拖欠工资",
  经济困难审查: "个人诚信承诺（经济困难）",
  受援人姓名: "孙某某",
  受援人类别: "农民工",
  ...over,
});
const grant = { 审查决定: "准予", 决定日期: "2024-03-08" };
const assign = { ...grant, 指派日期: "2024-03-10", 承办人: "王律师" };

describe("history import", () => {
  it("the county's administrator gets a template of what it may import, which says what it leaves out", async () => {
    const admin = await makeActor(tree.countyA, "admin");
    const allowed = importableKinds({ actor: admin });
    expect(allowed.kinds).toContain("consultation");
    expect(allowed.refused).toEqual(expect.arrayContaining(["mediation", "legal_aid"]));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildTemplateXlsx(allowed.kinds.filter((k) => k === "consultation"), {}, allowed.refused)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["说明", "法律咨询"]);
    const help: string[] = [];
    wb.getWorksheet("说明")!.eachRow((r) => help.push(String(r.getCell(4).value ?? "")));
    expect(help.join("\n")).toMatch(/不含：.*“人民调解”.*“法律援助”/);
    // and what the template offers, it can import (its own example row aside, nothing is refused for its role)
    const centreHead = importableKinds({ actor: head });
    expect(centreHead.kinds).toEqual(expect.arrayContaining(["consultation", "mediation", "legal_aid", "mediator"]));
  });

  it("refuses an inconsistent history row by row, and imports nothing", async () => {
    const before = (await getDb().get<{ n: number }>(sql`SELECT (SELECT count(*) FROM mediations) + (SELECT count(*) FROM legal_aid_cases) AS n`))!.n;
    const r = await importFile({
      actor: head,
      fileName: "bad.xlsx",
      data: await workbook(
        [
          dispute("B-M1", { ...settled, 结案日期: "2024-03-01" }),
          dispute("B-M2", { 结案日期: "2024-03-20", 调解结果: "调解成功" }),
          dispute("B-M3", { 调解结果: "撤回", 结案日期: "2024-03-20", 撤回原因: "当事人自行和解", 回访日期: "2024-04-01", 回访人: "张调解", 回访履行情况: "已履行", 回访满意度: "满意" }),
          dispute("B-M4", { ...settled, 司法确认: "已申请", 司法确认申请日期: "2024-06-30" }),
        ],
        [
          application("B-L1", { 结案日期: "2024-06-30", 结案结果: "胜诉", 结案报告: "胜诉" }),
          application("B-L2", { ...grant, 决定日期: "2024-03-01" }),
          application("B-L3", { 审查决定: "不予", 决定日期: "2024-03-08", 不予援助理由: "不符合经济困难标准，且无免予核查情形", 指派日期: "2024-03-10", 承办人: "王律师" }),
          application("B-L4", { ...assign, 指派日期: "2024-03-07" }),
          application("B-L5", { ...assign, 承办人: "不存在的律师" }),
          application("B-L6", { ...grant, 质量评查日期: "2024-07-01", 质量等级: "优秀" }),
        ],
      ),
    });
    expect(r.ok).toBe(false);
    const by = (sheet: string, row: number) => r.issues.filter((i) => i.sheet === sheet && i.row === row).map((i) => `${i.column}:${i.message}`);
    expect(by("人民调解", 2)).toEqual([expect.stringMatching(/^结案日期:结案日期早于受理日期/)]);
    expect(by("人民调解", 3)).toEqual(expect.arrayContaining([expect.stringMatching(/^协议形式:/), expect.stringMatching(/^协议内容:/)]));
    expect(by("人民调解", 4)).toEqual([expect.stringMatching(/^回访日期:只有调解成功的纠纷才有回访/)]);
    expect(by("法律援助", 2)).toEqual([expect.stringMatching(/^结案日期:未准予法律援助的案件不能结案/)]);
    expect(by("法律援助", 3)).toEqual([expect.stringMatching(/^决定日期:决定日期早于申请日期/)]);
    expect(by("法律援助", 4)).toEqual([expect.stringMatching(/^指派日期:不予援助的案件不能指派/)]);
    expect(by("法律援助", 7)).toEqual([expect.stringMatching(/^质量评查日期:质量评查须在结案或终止之后/)]);
    // the lifecycle rules of the step functions themselves, met while the rows are written
    const again = await importFile({
      actor: head,
      fileName: "bad2.xlsx",
      data: await workbook([dispute("B-M4", { ...settled, 司法确认: "已申请", 司法确认申请日期: "2024-06-30" })], [application("B-L4", { ...assign, 指派日期: "2024-03-07" }), application("B-L5", { ...assign, 承办人: "不存在的律师" })]),
    });
    expect(again.ok).toBe(false);
    expect(again.issues.map((i) => `${i.sheet}/${i.row}/${i.column}`)).toEqual(expect.arrayContaining(["人民调解/2/司法确认申请日期"]));
    const n = (await getDb().get<{ n: number }>(sql`SELECT (SELECT count(*) FROM mediations) + (SELECT count(*) FROM legal_aid_cases) AS n`))!.n;
    expect(n).toBe(before);
  });

  it("imports every lifecycle state through the step functions: not overdue, not to do, counters equal a recount", async () => {
    const r = await importFile({
      actor: head,
      fileName: "history.xlsx",
      data: await workbook(
        [
          dispute("H-OPEN", { 受理日期: "2024-11-01" }),
          dispute("H-WRITTEN", { ...settled, 司法确认: "已确认", 司法确认申请日期: "2024-03-25", 司法确认决定日期: "2024-04-02", ...visit }),
          dispute("H-ORAL", { 结案日期: "2024-03-06", 调解结果: "调解成功", 协议形式: "口头协议", 协议内容: "当场道歉并赔偿", "协议金额（元）": "300", 履行情况: "即时履行", ...visit }),
          dispute("H-FAILED", { 结案日期: "2024-03-30", 调解结果: "调解不成功", 调解不成功原因: "双方分歧过大", 告知其他途径: "诉讼" }),
          dispute("H-WITHDRAWN", { 结案日期: "2024-03-10", 调解结果: "撤回", 撤回原因: "当事人自行和解" }),
        ],
        [
          application("L-PENDING", { 申请日期: "2024-11-01" }),
          application("L-REFUSED", { 审查决定: "不予", 决定日期: "2024-03-08", 不予援助理由: "不符合经济困难标准，且无免予核查情形" }),
          application("L-GRANTED", grant),
          application("L-PRELIM", { 审查决定: "准予", 决定日期: "2024-03-05", 先行援助: "是", 时效届满日: "2024-03-09", 指派日期: "2024-03-06", 承办人: "王律师" }),
          application("L-ASSIGNED", { ...assign, 办理进展日期: "2024-04-01", 办理进展: "已立案" }),
          application("L-CLOSED", { ...assign, 结案日期: "2024-06-30", 结案结果: "胜诉（请求得到支持）", "挽回损失（元）": "23000.5", 结案报告: "经诉讼，用人单位支付拖欠工资", 质量评查日期: "2024-07-10", 质量等级: "优秀" }),
          application("L-TERMINATED", { ...grant, 终止日期: "2024-04-01", 终止理由: "受援人自行委托律师或者其他代理人", 质量评查日期: "2024-04-10", 质量等级: "合格" }),
        ],
      ),
    });
    expect(r.issues).toEqual([]);
    expect(r).toMatchObject({ ok: true, imported: { mediation: 5, legal_aid: 7 } });

    const statusOf = async (table: "mediations" | "legal_aid_cases", ref: string, kind: string) =>
      (await getDb().get<{ status: string }>(sql`SELECT t.status FROM ${sql.raw(table)} t JOIN import_refs r ON r.record_id = t.id AND r.kind = ${kind} WHERE r.external_ref = ${ref}`))!.status;
    expect(await Promise.all(["H-OPEN", "H-WRITTEN", "H-ORAL", "H-FAILED", "H-WITHDRAWN"].map(async (ref) => await statusOf("mediations", ref, "mediation")))).toEqual(["registered", "success", "success", "failed", "withdrawn"]);
    expect(await Promise.all(["L-PENDING", "L-REFUSED", "L-GRANTED", "L-PRELIM", "L-ASSIGNED", "L-CLOSED", "L-TERMINATED"].map(async (ref) => await statusOf("legal_aid_cases", ref, "legal_aid")))).toEqual([
      "pending",
      "refused",
      "granted",
      "assigned",
      "assigned",
      "closed",
      "terminated",
    ]);
    const written = (await getDb().get<Record<string, unknown>>(
      sql`SELECT m.agreement_form AS form, m.agreement_amount_fen AS fen, m.judicial_confirmation AS jc, m.performance AS perf, (SELECT count(*) FROM mediation_followups f WHERE f.mediation_id = m.id) AS visits FROM mediations m JOIN import_refs r ON r.record_id = m.id AND r.kind = 'mediation' WHERE r.external_ref = 'H-WRITTEN'`,
    ))!;
    expect(written).toEqual({ form: "written", fen: 200000, jc: "granted", perf: "performed", visits: 1 });
    const closed = (await getDb().get<Record<string, unknown>>(
      sql`SELECT c.recovered_fen AS fen, c.quality_grade AS grade, c.outcome AS outcome FROM legal_aid_cases c JOIN import_refs r ON r.record_id = c.id AND r.kind = 'legal_aid' WHERE r.external_ref = 'L-CLOSED'`,
    ))!;
    expect(closed).toEqual({ fen: 2300050, grade: "excellent", outcome: "won" });

    // only what is truly open is on the to-do lists, as of a day long after the history
    const today = "2026-11-30";
    expect(await countMediationWork({ actor: head, today })).toMatchObject({ open: 1, overdueOpen: 1, overduePerformance: 0, followupsDue: 0 });
    const overdue = await listMediations({ actor: head, filters: { overdue: "open" }, today });
    expect(overdue.rows.map((m) => m.registeredOn)).toEqual(["2024-11-01"]);
    expect(await countLegalAidWork({ actor: head, today })).toMatchObject({ pending: 1, granted: 1, assigned: 2 });

    // the figures count them as the pages would, and every unit's counters equal a raw recount
    const m = (await getMediationFigures({ actor: head, unitId: tree.countyA.id, from: "2024-01-01", to: "2024-12-31" }))!;
    expect(m).toMatchObject({ accepted: 5, concluded: 4, successful: 2, failed: 1, withdrawn: 1 });
    const la = (await getLegalAidFigures({ actor: head, unitId: tree.countyA.id, from: "2024-01-01", to: "2024-12-31" }))!;
    expect(la).toMatchObject({ granted: 5, closed: 1 });
    const db = getDb();
    for (const u of await db.select({ id: units.id, path: units.path }).from(units).all()) {
      const counters = await readCounters(db, u.id, 202401, 202412);
      const raw = await recountRaw(db, { path: u.path, from: "2024-01-01", to: "2024-12-31" });
      const nonZero = (x: Map<string, number>) => new Map([...x].filter(([, v]) => v !== 0));
      expect(nonZero(counters), `unit ${u.id}`).toEqual(nonZero(raw));
    }
  });

  it("a settlement concluded by the history import owes no 回访 and no performance today; one concluded on the page does", async () => {
    const work = async (today: string) => (await countMediationWork({ actor: head, today }))!;
    const before = await work("2026-11-30");
    const r = await importFile({
      actor: head,
      fileName: "history-no-visit.xlsx",
      data: await workbook(
        [
          // concluded in the history, never visited, performance still 履行中 past its deadline: the past's, not today's work
          dispute("N-HISTORY", { ...settled, 履行情况: "履行中" }),
          // registered in the history and still open: concluded later on the page
          dispute("N-LATER", { 受理日期: "2026-11-01" }),
        ],
        [],
      ),
    });
    expect(r.issues).toEqual([]);
    const idOf = async (ref: string) => (await getDb().get<{ id: number }>(sql`SELECT record_id AS id FROM import_refs WHERE kind = 'mediation' AND external_ref = ${ref}`))!.id;
    const later = await idOf("N-LATER");
    const version = (await getDb().get<{ v: number }>(sql`SELECT version AS v FROM mediations WHERE id = ${later}`))!.v;
    const c = await concludeMediation({
      actor: head,
      id: later,
      data: { concludedOn: "2026-11-05", result: "success", agreementForm: "oral", agreementTerms: "赔礼道歉", performance: "in_progress", performanceDeadline: "2026-11-10", version } as never,
    });
    expect(c.ok).toBe(true);
    const after = await work("2026-12-30");
    // only the dispute concluded on the page: one 回访 due, one performance overdue
    expect(after.followupsDue - before.followupsDue).toBe(1);
    expect(after.overduePerformance - before.overduePerformance).toBe(1);
    expect((await listMediations({ actor: head, filters: { overdue: "followup" }, today: "2026-12-30" })).rows.map((m) => m.id)).toEqual([later]);
    expect((await listMediations({ actor: head, filters: { overdue: "performance" }, today: "2026-12-30" })).rows.map((m) => m.id)).toEqual([later]);
    const history = (await getMediation({ actor: head, id: await idOf("N-HISTORY"), today: "2026-12-30" }))!;
    expect(history.deadlines).toMatchObject({ followupDue: false, followupOverdue: false, performanceOverdue: false });
    expect((await getMediation({ actor: head, id: later, today: "2026-12-30" }))!.deadlines).toMatchObject({ followupDue: true, followupOverdue: true, performanceOverdue: true });
    // the history's record still takes a 回访 on the page if someone makes one
    expect(history.can.followup).toBe(true);
  });

  it("joins the further parties and beneficiaries of their sheets by 外部编号", async () => {
    const orphan = await importFile({
      actor: head,
      fileName: "orphan.xlsx",
      data: await workbook([dispute("P-1")], [], [{ 外部编号: "P-404", 当事人身份: "被申请人", 姓名或名称: "某公司", 类型: "单位/组织" }]),
    });
    expect(orphan.ok).toBe(false);
    expect(orphan.issues[0]).toMatchObject({ sheet: "当事人", row: 2, column: "外部编号", message: expect.stringMatching(/在“人民调解”工作表中没有对应的行/) });
    const badSide = await importFile({ actor: head, fileName: "side.xlsx", data: await workbook([dispute("P-1")], [], [{ 外部编号: "P-1", 当事人身份: "证人", 姓名或名称: "某人" }]) });
    expect(badSide.issues[0]).toMatchObject({ sheet: "当事人", column: "当事人身份", message: expect.stringMatching(/不是可选值/) });

    const r = await importFile({
      actor: head,
      fileName: "parties.xlsx",
      data: await workbook(
        [dispute("P-1", { ...settled, ...visit })],
        [application("P-L1", { ...assign, 结案日期: "2024-06-30", 结案结果: "调解或和解结案", 结案报告: "和解" })],
        [
          { 外部编号: "P-1", 当事人身份: "申请人", 姓名或名称: "李某之妻王某", 性别: "女", 民族: "汉族" },
          { 外部编号: "P-1", 当事人身份: "被申请人", 姓名或名称: "赵某之子", 性别: "男" },
        ],
        [{ 外部编号: "P-L1", 姓名: "孙某某之子", 人员类别: "未成年人" }],
      ),
    });
    expect(r.issues).toEqual([]);
    expect(r).toMatchObject({ ok: true, imported: { mediation: 1, legal_aid: 1 } });
    const sides = await getDb().all<{ side: string; name: string }>(
      sql`SELECT p.side, p.name FROM mediation_parties p JOIN import_refs r ON r.record_id = p.mediation_id AND r.kind = 'mediation' WHERE r.external_ref = 'P-1' ORDER BY p.sort_order`,
    );
    expect(sides).toEqual([
      { side: "applicant", name: "李某" },
      { side: "respondent", name: "赵某" },
      { side: "applicant", name: "李某之妻王某" },
      { side: "respondent", name: "赵某之子" },
    ]);
    const people = await getDb().all<{ name: string; categories: string }>(
      sql`SELECT b.name, b.categories FROM legal_aid_beneficiaries b JOIN import_refs r ON r.record_id = b.case_id AND r.kind = 'legal_aid' WHERE r.external_ref = 'P-L1' ORDER BY b.sort_order`,
    );
    expect(people).toEqual([
      { name: "孙某某", categories: "migrant_worker" },
      { name: "孙某某之子", categories: "minor" },
    ]);
  });
  it("the bulk path writes the same records, child rows and counters as the page functions one step at a time", async () => {
    const db = getDb();
    // a mixed history: every state of both kinds, further parties and beneficiaries
    const file = (prefix: string) =>
      workbook(
        [
          dispute(`${prefix}OPEN`, { 受理日期: "2025-02-01" }),
          dispute(`${prefix}WRITTEN`, { ...settled, 司法确认: "已确认", 司法确认申请日期: "2024-03-25", 司法确认决定日期: "2024-04-02", ...visit }),
          dispute(`${prefix}ORAL`, { 结案日期: "2024-03-06", 调解结果: "调解成功", 协议形式: "口头协议", 协议内容: "当场道歉并赔偿", "协议金额（元）": "300", 履行情况: "即时履行", ...visit }),
          dispute(`${prefix}FAILED`, { 结案日期: "2024-03-30", 调解结果: "调解不成功", 调解不成功原因: "双方分歧过大", 告知其他途径: "诉讼" }),
          dispute(`${prefix}WITHDRAWN`, { 结案日期: "2024-03-10", 调解结果: "撤回", 撤回原因: "当事人自行和解" }),
        ],
        [
          application(`${prefix}PENDING`, { 申请日期: "2025-02-01" }),
          application(`${prefix}REFUSED`, { 审查决定: "不予", 决定日期: "2024-03-08", 不予援助理由: "不符合经济困难标准，且无免予核查情形" }),
          application(`${prefix}GRANTED`, grant),
          application(`${prefix}PRELIM`, { 审查决定: "准予", 决定日期: "2024-03-05", 先行援助: "是", 时效届满日: "2024-03-09", 指派日期: "2024-03-06", 承办人: "王律师" }),
          application(`${prefix}ASSIGNED`, { ...assign, 办理进展日期: "2024-04-01", 办理进展: "已立案" }),
          application(`${prefix}CLOSED`, { ...assign, 结案日期: "2024-06-30", 结案结果: "胜诉（请求得到支持）", "挽回损失（元）": "23000.5", 结案报告: "经诉讼，用人单位支付拖欠工资", 质量评查日期: "2024-07-10", 质量等级: "优秀" }),
          application(`${prefix}TERMINATED`, { ...grant, 终止日期: "2024-04-01", 终止理由: "受援人自行委托律师或者其他代理人", 质量评查日期: "2024-04-10", 质量等级: "合格" }),
        ],
        [{ 外部编号: `${prefix}WRITTEN`, 当事人身份: "被申请人", 姓名或名称: "赵某之子", 性别: "男" }],
        [{ 外部编号: `${prefix}CLOSED`, 姓名: "孙某某之子", 人员类别: "未成年人" }],
      );
    const county = async () => await readCounters(db, tree.countyA.id, 202401, 202512);
    const delta = (after: Map<string, number>, before: Map<string, number>) =>
      new Map([...new Set([...after.keys(), ...before.keys()])].map((k) => [k, (after.get(k) ?? 0) - (before.get(k) ?? 0)] as const).filter(([, v]) => v !== 0));
    const c0 = await county();
    const bulk = await importFile({ actor: head, fileName: "bulk.xlsx", data: await file("K-") });
    expect(bulk.issues).toEqual([]);
    const c1 = await county();
    const reference = await importFile({ actor: head, fileName: "reference.xlsx", data: await file("R-"), rowByRow: true });
    expect(reference.issues).toEqual([]);
    const c2 = await county();
    expect(delta(c1, c0).size).toBeGreaterThan(10);
    expect(delta(c1, c0)).toEqual(delta(c2, c1));

    // record by record: every column alike but the id, the numbers (they continue) and the clock
    const skip = new Set(["id", "case_no", "case_seq", "app_no", "app_seq", "decision_no", "decision_seq", "assignment_no", "created_at", "updated_at"]);
    const strip = (row: Record<string, unknown> | undefined) => Object.fromEntries(Object.entries(row ?? {}).filter(([k]) => !skip.has(k)));
    const record = async (table: string, kind: string, ref: string) =>
      (await rawGet<Record<string, unknown>>(db, `SELECT t.* FROM ${table} t JOIN import_refs r ON r.record_id = t.id AND r.kind = ? WHERE r.external_ref = ?`, [kind, ref]))!;
    // in the order written on SQLite (rowid); PostgreSQL has no such order (some child tables have no id): sorted
    const children = async (table: string, key: string, id: unknown) => {
      const rows = (await rawAll<Record<string, unknown>>(db, `SELECT * FROM ${table} WHERE ${key} = ?${onPostgres ? "" : " ORDER BY rowid"}`, [id])).map((r) => strip({ ...r, [key]: null, assignment_seq: null }));
      return onPostgres ? rows.map((r) => JSON.stringify(r)).sort() : rows;
    };
    for (const name of ["OPEN", "WRITTEN", "ORAL", "FAILED", "WITHDRAWN"]) {
      const [k, r] = [await record("mediations", "mediation", `K-${name}`), await record("mediations", "mediation", `R-${name}`)];
      expect(strip(k), name).toEqual(strip(r));
      for (const t of ["mediation_parties", "mediation_followups", "mediation_mediators"]) expect(await children(t, "mediation_id", k.id), `${name} ${t}`).toEqual(await children(t, "mediation_id", r.id));
    }
    for (const name of ["PENDING", "REFUSED", "GRANTED", "PRELIM", "ASSIGNED", "CLOSED", "TERMINATED"]) {
      const [k, r] = [await record("legal_aid_cases", "legal_aid", `K-${name}`), await record("legal_aid_cases", "legal_aid", `R-${name}`)];
      expect(strip(k), name).toEqual(strip(r));
      for (const t of ["legal_aid_beneficiaries", "legal_aid_assignments", "legal_aid_progress"]) expect(await children(t, "case_id", k.id), `${name} ${t}`).toEqual(await children(t, "case_id", r.id));
    }
    // the bulk path audits each record once, with its registration and every step
    const audits = await rawAll<{ after: string }>(db, `SELECT after FROM audit_log WHERE action = 'import' AND entity = 'legal_aid' AND entity_id = ?`, [String((await record("legal_aid_cases", "legal_aid", "K-CLOSED")).id)]);
    expect(audits).toHaveLength(1);
    expect((JSON.parse(audits[0].after) as { steps: Array<{ step: string }> }).steps.map((x) => x.step)).toEqual(["grant", "assign", "close", "quality"]);

    // the same file again: every row skipped, nothing written, counters unchanged
    const again = await importFile({ actor: head, fileName: "bulk-again.xlsx", data: await file("K-") });
    expect(again).toMatchObject({ ok: true, imported: {}, skipped: 12 });
    expect(await county()).toEqual(c2);

    // a history that breaks a step's rule in its last row: the rows before it are not written either
    const rows = async () => (await db.get<{ n: number }>(sql`SELECT (SELECT count(*) FROM mediations) + (SELECT count(*) FROM legal_aid_cases) + (SELECT count(*) FROM mediation_followups) + (SELECT count(*) FROM legal_aid_assignments) AS n`))!.n;
    const n0 = await rows();
    const bad = await importFile({
      actor: head,
      fileName: "late-bad.xlsx",
      data: await workbook([dispute("Z-1", { ...settled, ...visit })], [application("Z-2", { ...assign }), application("Z-3", { ...assign, 承办人: "不存在的律师" })]),
    });
    expect(bad.ok).toBe(false);
    expect(bad.issues).toEqual([expect.objectContaining({ sheet: "法律援助", row: 3, column: "承办人" })]);
    expect(await rows()).toBe(n0);
    expect(await county()).toEqual(c2);
    for (const u of [tree.countyA, tree.townA1]) {
      const nonZero = (x: Map<string, number>) => new Map([...x].filter(([, v]) => v !== 0));
      expect(nonZero(await readCounters(db, u.id, 202401, 202512))).toEqual(nonZero(await recountRaw(db, { path: u.path, from: "2024-01-01", to: "2025-12-31" })));
    }
  });

  it("numbers and ids continue after a bulk import, and a refused import takes none", async () => {
    const db = getDb();
    const lastSeq = async (kind: string, unitId: number) =>
      (await db.get<{ last: number }>(sql`SELECT last FROM case_sequences WHERE unit_id = ${unitId} AND year = 2024 AND kind = ${kind}`))?.last ?? 0;
    const maxCaseSeq = async () => (await db.get<{ n: number }>(sql`SELECT coalesce(max(case_seq), 0) AS n FROM mediations WHERE registered_unit_id = ${tree.townA1.id} AND case_year = 2024`))!.n;
    const seq0 = await maxCaseSeq();
    const first = await importFile({ actor: head, fileName: "n1.xlsx", data: await workbook([dispute("N-1"), dispute("N-2", { ...settled, ...visit })], [application("N-3", grant)]) });
    expect(first.issues).toEqual([]);
    // the numbers taken in the import are the sequence's next ones, and the sequence remembers the last
    expect(await maxCaseSeq()).toBe(seq0 + 2);
    expect(await lastSeq("mediation", tree.townA1.id)).toBe(seq0 + 2);
    const second = await importFile({ actor: head, fileName: "n2.xlsx", data: await workbook([dispute("N-4")], []) });
    expect(second.issues).toEqual([]);
    expect(await maxCaseSeq()).toBe(seq0 + 3);
    // a refused import leaves the sequences as they were
    const bad = await importFile({ actor: head, fileName: "n3.xlsx", data: await workbook([dispute("N-5"), dispute("N-6", { 结案日期: "2024-03-01", 调解结果: "撤回", 撤回原因: "和解" })], []) });
    expect(bad.ok).toBe(false);
    expect(await lastSeq("mediation", tree.townA1.id)).toBe(seq0 + 3);
    // ids: each record's row has the id SQLite gives, and the table's sequence is past them (PostgreSQL: its identity
    // sequence, which a rolled-back transaction does not give back: at or past them)
    for (const table of ["mediations", "legal_aid_cases"]) {
      const { maxId, seq } = (await rawGet<{ maxId: number; seq: number }>(
        db,
        onPostgres
          ? `SELECT (SELECT max(id) FROM ${table}) AS "maxId", (SELECT last_value FROM ${table}_id_seq) AS seq`
          : `SELECT (SELECT max(id) FROM ${table}) AS maxId, (SELECT seq FROM sqlite_sequence WHERE name = ?) AS seq`,
        onPostgres ? [] : [table],
      ))!;
      if (onPostgres) expect(Number(seq), table).toBeGreaterThanOrEqual(maxId);
      else expect(seq, table).toBe(maxId);
    }
    // a dispute registered on the page afterwards takes the next number and the next id
    const mediatorId = (await db.get<{ id: number }>(sql`SELECT id FROM mediators WHERE unit_id = ${tree.townA1.id} AND name = '张调解'`))!.id;
    const maxId = (await db.get<{ n: number }>(sql`SELECT max(id) AS n FROM mediations`))!.n;
    const page = await registerMediation({
      actor: head,
      data: {
        registeredOn: "2024-05-05",
        unitId: tree.townA1.id,
        source: "application",
        disputeType: "neighbour",
        summary: "两户因院墙排水发生争执",
        personsInvolved: 2,
        isMass: false,
        preventedCriminal: false,
        preventedPetition: false,
        parties: [
          { side: "applicant", kind: "person", name: "王大成", idNumber: "" },
          { side: "respondent", kind: "person", name: "赵小军", idNumber: "" },
        ],
        mediatorIds: [mediatorId],
      } as never,
    });
    if (!page.ok) throw new Error(JSON.stringify(page));
    // PostgreSQL: the next id of the identity sequence, past those the refused import took and gave up (not given back)
    if (onPostgres) expect(page.value.id).toBeGreaterThan(maxId);
    else expect(page.value.id).toBe(maxId + 1);
    expect((await db.get<{ n: number }>(sql`SELECT case_seq AS n FROM mediations WHERE id = ${page.value.id}`))!.n).toBe(seq0 + 4);
  });
});
