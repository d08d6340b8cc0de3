/**
 * Bulk import: the sheets of the templates, their Chinese headers and how each column becomes a field of the
 * form's own schema (ConsultationSchema, MediationRegisterSchema, LegalAidApplySchema, the registry schemas).
 * Client-safe: the import page lists the columns and allowed values from here.
 */
import * as z from "zod/mini";
import { CHANNELS, NEXT_STEPS, PERSON_CATEGORIES, TOPICS } from "./enums/consultation";
import { type Label } from "./enums/define";
import { LEGAL_AID_OUTCOMES, LEGAL_AID_QUALITY_GRADES, LEGAL_AID_TERMINATION_REASONS, LEGAL_AID_CASE_TYPES, LEGAL_AID_EXEMPTIONS, LEGAL_AID_MEANS, LEGAL_AID_PROCEEDINGS, LEGAL_AID_SERVICE_FORMS } from "./enums/legal-aid";
import { AGREEMENT_FORMS, FAILURE_ROUTES, GENDERS, JUDICIAL_CONFIRMATION, MEDIATION_RESULTS, PERFORMANCE_STATUSES, SATISFACTION, MEDIATION_SOURCES, MEDIATION_TYPES, PARTY_KINDS, PARTY_SIDES } from "./enums/mediation";
import { enumField, optionalDay, optionalText, pastDay, phoneField, preprocess, requiredText, idField } from "./fields";

type Dict = { values: readonly string[]; labels: Record<string, Label> };

export type ColumnType = "text" | "date" | "int" | "money" | "enum" | "enumList" | "bool" | "unit" | "names";
export type ImportColumn = {
  /** the field of the schema (dot path for nested: parties.0.name) */
  field: string;
  header: string;
  type: ColumnType;
  required?: boolean;
  dict?: Dict;
  example: string;
  note?: string;
};

export const IMPORT_KINDS = ["consultation", "mediation", "legal_aid", "mediator", "literate", "adviser", "mediation_party", "legal_aid_beneficiary"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/**
 * Sheets whose rows belong to a row of another sheet of the same workbook, joined by 外部编号: the further parties of
 * a dispute, the further beneficiaries of a legal aid case. They come only in the XLSX template, beside their parent.
 */
export const CHILD_SHEETS: Partial<Record<ImportKind, { parent: ImportKind; list: "parties" | "beneficiaries" }>> = {
  mediation_party: { parent: "mediation", list: "parties" },
  legal_aid_beneficiary: { parent: "legal_aid", list: "beneficiaries" },
};

/** 法律明白人 / 村(居)法律顾问 (table registry_people). */
export const REGISTRY_PERSON_KINDS = {
  literate: { zh: "法律明白人", en: "Legally-literate villager" },
  adviser: { zh: "村(居)法律顾问", en: "Village legal adviser" },
  /** 政府法律顾问: hired by a department (市直/县直部门) of the unit's government; `employer` names the department */
  gov_adviser: { zh: "政府法律顾问", en: "Government legal adviser" },
} as const;
export type RegistryPersonKind = keyof typeof REGISTRY_PERSON_KINDS;

const DECISIONS = { values: ["grant", "refuse"], labels: { grant: { zh: "准予", en: "Granted" }, refuse: { zh: "不予", en: "Refused" } } } satisfies Dict;

const FULL_TIME = { values: ["1", "0"], labels: { "1": { zh: "专职", en: "Full-time" }, "0": { zh: "兼职", en: "Part-time" } } } satisfies Dict;

const ref: ImportColumn = { field: "externalRef", header: "外部编号", type: "text", required: true, example: "示例-0001", note: "本单位原台账或系统中的编号，每行唯一；同一编号再次导入不会重复。以“示例”开头的行不导入" };
const unit = (field: string, header = "单位编码"): ImportColumn => ({ field, header, type: "unit", required: true, example: "140821100", note: "单位编码（或单位全称），须在您的管辖范围内" });

export const IMPORT_SHEETS: Record<ImportKind, { sheet: string; title: string; columns: ImportColumn[] }> = {
  consultation: {
    sheet: "法律咨询",
    title: "免费法律咨询",
    columns: [
      ref,
      unit("unitId"),
      { field: "date", header: "咨询日期", type: "date", required: true, example: "2024-03-05", note: "2024-03-05、2024/3/5、2024年3月5日或 Excel 日期" },
      { field: "channel", header: "咨询渠道", type: "enum", required: true, dict: CHANNELS, example: "12348热线" },
      { field: "topic", header: "咨询事项", type: "enum", required: true, dict: TOPICS, example: "劳动" },
      { field: "persons", header: "人数", type: "int", required: true, example: "1" },
      { field: "categories", header: "人员类别", type: "enumList", dict: PERSON_CATEGORIES, example: "农民工、妇女", note: "可多选，用顿号或逗号分隔" },
      { field: "answeredBy", header: "解答人", type: "text", required: true, example: "王律师" },
      { field: "summary", header: "咨询摘要", type: "text", example: "工资拖欠三个月，咨询维权途径" },
      { field: "nextStep", header: "处理结果", type: "enum", required: true, dict: NEXT_STEPS, example: "已解答" },
    ],
  },
  mediation: {
    sheet: "人民调解",
    title: "矛盾纠纷（含当事人）",
    columns: [
      ref,
      unit("unitId", "调委会编码"),
      { field: "registeredOn", header: "受理日期", type: "date", required: true, example: "2024-03-05" },
      { field: "source", header: "纠纷来源", type: "enum", required: true, dict: MEDIATION_SOURCES, example: "当事人申请" },
      { field: "disputeType", header: "纠纷类型", type: "enum", required: true, dict: MEDIATION_TYPES, example: "邻里", note: "内置类型或本县自定义类型名称" },
      { field: "summary", header: "纠纷简要情况", type: "text", required: true, example: "两户因宅基地界址发生争执" },
      { field: "personsInvolved", header: "涉及人数", type: "int", required: true, example: "2" },
      { field: "amount", header: "涉及金额（元）", type: "money", example: "5000" },
      { field: "isMass", header: "群体性纠纷", type: "bool", example: "否", note: "是/否" },
      { field: "preventedCriminal", header: "防止民转刑", type: "bool", example: "否", note: "是/否" },
      { field: "preventedPetition", header: "防止群体性上访", type: "bool", example: "否", note: "是/否" },
      { field: "mediatorIds", header: "调解员", type: "names", required: true, example: "张调解", note: "调解员名册上的姓名，多人用顿号分隔" },
      { field: "parties.0.name", header: "申请人姓名", type: "text", required: true, example: "李某某" },
      { field: "parties.0.kind", header: "申请人类型", type: "enum", dict: PARTY_KINDS, example: "自然人", note: "空白即自然人" },
      { field: "parties.0.gender", header: "申请人性别", type: "enum", dict: GENDERS, example: "男" },
      { field: "parties.0.phone", header: "申请人电话", type: "text", example: "13800000001" },
      { field: "parties.0.idNumber", header: "申请人身份证号", type: "text", example: "" },
      { field: "parties.0.address", header: "申请人住址", type: "text", example: "某村一组" },
      { field: "parties.1.name", header: "被申请人姓名", type: "text", required: true, example: "赵某某" },
      { field: "parties.1.kind", header: "被申请人类型", type: "enum", dict: PARTY_KINDS, example: "自然人" },
      { field: "parties.1.gender", header: "被申请人性别", type: "enum", dict: GENDERS, example: "男" },
      { field: "parties.1.phone", header: "被申请人电话", type: "text", example: "" },
      { field: "parties.1.idNumber", header: "被申请人身份证号", type: "text", example: "" },
      { field: "parties.1.address", header: "被申请人住址", type: "text", example: "" },
      // the history of a dispute concluded before Fengqiao (all optional): each step goes through the page's own function
      { field: "conclude.concludedOn", header: "结案日期", type: "date", example: "2024-03-20", note: "历史纠纷：填写结案日期和调解结果即按结案导入；留空为尚未结案" },
      { field: "conclude.result", header: "调解结果", type: "enum", dict: MEDIATION_RESULTS, example: "调解成功" },
      { field: "conclude.agreementForm", header: "协议形式", type: "enum", dict: AGREEMENT_FORMS, example: "书面协议", note: "调解成功时必填" },
      { field: "conclude.agreementTerms", header: "协议内容", type: "text", example: "双方同意按原界址重砌院墙，费用各半", note: "调解成功时必填" },
      { field: "conclude.agreementAmount", header: "协议金额（元）", type: "money", example: "2000" },
      { field: "conclude.performanceManner", header: "履行方式", type: "text", example: "一次性支付" },
      { field: "conclude.performanceDeadline", header: "履行期限", type: "date", example: "2024-04-20" },
      { field: "conclude.performance", header: "履行情况", type: "enum", dict: PERFORMANCE_STATUSES, example: "已履行", note: "调解成功时必填" },
      { field: "conclude.failureReason", header: "调解不成功原因", type: "text", example: "", note: "调解不成功时必填" },
      { field: "conclude.failureRoute", header: "告知其他途径", type: "enum", dict: FAILURE_ROUTES, example: "", note: "调解不成功时必填" },
      { field: "conclude.withdrawReason", header: "撤回原因", type: "text", example: "", note: "撤回时必填" },
      { field: "jc.judicialConfirmation", header: "司法确认", type: "enum", dict: JUDICIAL_CONFIRMATION, example: "未申请", note: "须在协议达成后30日内申请" },
      { field: "jc.jcAppliedOn", header: "司法确认申请日期", type: "date", example: "" },
      { field: "jc.jcDecidedOn", header: "司法确认决定日期", type: "date", example: "" },
      { field: "followup.visitedOn", header: "回访日期", type: "date", example: "2024-04-25", note: "调解成功后的回访（一次）" },
      { field: "followup.visitor", header: "回访人", type: "text", example: "张调解" },
      { field: "followup.performanceFound", header: "回访履行情况", type: "enum", dict: PERFORMANCE_STATUSES, example: "已履行" },
      { field: "followup.satisfaction", header: "回访满意度", type: "enum", dict: SATISFACTION, example: "满意" },
    ],
  },
  legal_aid: {
    sheet: "法律援助",
    title: "法律援助申请（受援人本人申请）",
    columns: [
      ref,
      unit("receivedUnitId", "受理单位编码"),
      { field: "appliedOn", header: "申请日期", type: "date", required: true, example: "2024-03-05" },
      { field: "caseType", header: "案件类型", type: "enum", required: true, dict: LEGAL_AID_CASE_TYPES, example: "民事" },
      { field: "proceeding", header: "诉讼/非诉讼", type: "enum", required: true, dict: LEGAL_AID_PROCEEDINGS, example: "诉讼" },
      { field: "serviceForm", header: "援助形式", type: "enum", required: true, dict: LEGAL_AID_SERVICE_FORMS, example: "诉讼代理" },
      { field: "cause", header: "案由", type: "text", required: true, example: "劳动报酬纠纷" },
      { field: "matter", header: "申请事项与理由", type: "text", required: true, example: "追索拖欠工资" },
      { field: "meansTest", header: "经济困难审查", type: "enum", required: true, dict: LEGAL_AID_MEANS, example: "个人诚信承诺（经济困难）" },
      { field: "exemptBasis", header: "免予核查依据", type: "enum", dict: LEGAL_AID_EXEMPTIONS, example: "" },
      { field: "exemptCategory", header: "免予核查群体", type: "enum", dict: PERSON_CATEGORIES, example: "" },
      { field: "beneficiaries.0.name", header: "受援人姓名", type: "text", required: true, example: "孙某某" },
      { field: "beneficiaries.0.gender", header: "受援人性别", type: "enum", dict: GENDERS, example: "女" },
      { field: "beneficiaries.0.idNumber", header: "受援人身份证号", type: "text", example: "" },
      { field: "beneficiaries.0.phone", header: "受援人电话", type: "text", example: "13900000002" },
      { field: "beneficiaries.0.address", header: "受援人住址", type: "text", example: "" },
      { field: "beneficiaries.0.categories", header: "受援人类别", type: "enumList", dict: PERSON_CATEGORIES, example: "农民工" },
      // the history of a case decided, handled and closed before Fengqiao (all optional), step by step through the page's functions
      { field: "decision.kind", header: "审查决定", type: "enum", dict: DECISIONS, example: "准予", note: "历史案件：准予或不予；留空为待审查" },
      { field: "decision.decidedOn", header: "决定日期", type: "date", example: "2024-03-08" },
      { field: "decision.preliminary", header: "先行援助", type: "bool", example: "否", note: "是/否；先行援助须填时效届满日（7日内）" },
      { field: "decision.limitationDeadline", header: "时效届满日", type: "date", example: "" },
      { field: "decision.refusalReason", header: "不予援助理由", type: "text", example: "", note: "不予时必填" },
      { field: "assign.assignedOn", header: "指派日期", type: "date", example: "2024-03-10", note: "须在准予之后" },
      { field: "assign.provider", header: "承办人", type: "text", example: "王律师", note: "法律援助中心承办人名单上的姓名" },
      { field: "progress.notedOn", header: "办理进展日期", type: "date", example: "" },
      { field: "progress.note", header: "办理进展", type: "text", example: "" },
      { field: "close.closedOn", header: "结案日期", type: "date", example: "2024-06-30", note: "须在指派之后" },
      { field: "close.outcome", header: "结案结果", type: "enum", dict: LEGAL_AID_OUTCOMES, example: "胜诉（请求得到支持）" },
      { field: "close.recovered", header: "挽回损失（元）", type: "money", example: "23000" },
      { field: "close.closingReport", header: "结案报告", type: "text", example: "经诉讼，用人单位支付拖欠工资" },
      { field: "terminate.terminatedOn", header: "终止日期", type: "date", example: "" },
      { field: "terminate.terminationReason", header: "终止理由", type: "enum", dict: LEGAL_AID_TERMINATION_REASONS, example: "" },
      { field: "terminate.terminationNote", header: "终止说明", type: "text", example: "" },
      { field: "quality.reviewedOn", header: "质量评查日期", type: "date", example: "2024-07-10", note: "结案或终止之后" },
      { field: "quality.grade", header: "质量等级", type: "enum", dict: LEGAL_AID_QUALITY_GRADES, example: "优秀" },
    ],
  },
  mediation_party: {
    sheet: "当事人",
    title: "纠纷的其他当事人",
    columns: [
      { ...ref, example: "示例-0001", note: "所属纠纷在“人民调解”工作表中的外部编号；一个纠纷可有多行（多个申请人、被申请人）" },
      { field: "side", header: "当事人身份", type: "enum", required: true, dict: PARTY_SIDES, example: "申请人" },
      { field: "name", header: "姓名或名称", type: "text", required: true, example: "李某某之妻王某" },
      { field: "kind", header: "类型", type: "enum", dict: PARTY_KINDS, example: "自然人", note: "空白即自然人" },
      { field: "gender", header: "性别", type: "enum", dict: GENDERS, example: "女" },
      { field: "ethnicity", header: "民族", type: "text", example: "汉族" },
      { field: "occupation", header: "职业", type: "text", example: "农民" },
      { field: "phone", header: "电话", type: "text", example: "" },
      { field: "idNumber", header: "身份证号", type: "text", example: "" },
      { field: "address", header: "住址", type: "text", example: "" },
    ],
  },
  legal_aid_beneficiary: {
    sheet: "受援人",
    title: "案件的其他受援人",
    columns: [
      { ...ref, example: "示例-0001", note: "所属案件在“法律援助”工作表中的外部编号；一个案件可有多行（多个受援人）" },
      { field: "name", header: "姓名", type: "text", required: true, example: "孙某某之子" },
      { field: "gender", header: "性别", type: "enum", dict: GENDERS, example: "男" },
      { field: "idNumber", header: "身份证号", type: "text", example: "" },
      { field: "phone", header: "电话", type: "text", example: "" },
      { field: "address", header: "住址", type: "text", example: "" },
      { field: "categories", header: "人员类别", type: "enumList", dict: PERSON_CATEGORIES, example: "未成年人" },
    ],
  },
  mediator: {
    sheet: "调解员",
    title: "人民调解员名册",
    columns: [
      ref,
      unit("unitId", "调委会编码"),
      { field: "name", header: "姓名", type: "text", required: true, example: "张调解" },
      { field: "gender", header: "性别", type: "enum", dict: GENDERS, example: "男" },
      { field: "fullTime", header: "专职/兼职", type: "enum", required: true, dict: FULL_TIME, example: "兼职" },
      { field: "phone", header: "电话", type: "text", example: "" },
      { field: "startOn", header: "任期起", type: "date", required: true, example: "2023-01-01" },
      { field: "endOn", header: "任期止", type: "date", example: "" },
    ],
  },
  literate: {
    sheet: "法律明白人",
    title: "法律明白人名册",
    columns: [
      ref,
      unit("unitId", "村（社区）编码"),
      { field: "name", header: "姓名", type: "text", required: true, example: "刘明白" },
      { field: "gender", header: "性别", type: "enum", dict: GENDERS, example: "女" },
      { field: "phone", header: "电话", type: "text", example: "" },
      { field: "startOn", header: "起始日期", type: "date", required: true, example: "2023-01-01" },
      { field: "endOn", header: "终止日期", type: "date", example: "" },
    ],
  },
  adviser: {
    sheet: "村居法律顾问",
    title: "村(居)法律顾问名册",
    columns: [
      ref,
      unit("unitId", "村（社区）编码"),
      { field: "name", header: "姓名", type: "text", required: true, example: "陈律师" },
      { field: "gender", header: "性别", type: "enum", dict: GENDERS, example: "男" },
      { field: "phone", header: "电话", type: "text", example: "" },
      { field: "firmName", header: "所在律所", type: "text", example: "某某律师事务所" },
      { field: "startOn", header: "聘期起", type: "date", required: true, example: "2023-01-01" },
      { field: "endOn", header: "聘期止", type: "date", example: "" },
    ],
  },
};

/** The sheet a set of headers belongs to (a CSV file holds one sheet; an XLSX sheet may be renamed). */
export function kindOfHeaders(headers: string[], sheetName?: string): ImportKind | null {
  const set = new Set(headers.map((h) => h.trim()));
  for (const kind of IMPORT_KINDS) if (sheetName && IMPORT_SHEETS[kind].sheet === sheetName.trim()) return kind;
  let best: ImportKind | null = null;
  let bestScore = 0;
  for (const kind of IMPORT_KINDS) {
    const cols = IMPORT_SHEETS[kind].columns;
    if (!cols.filter((c) => c.required).every((c) => set.has(c.header))) continue;
    const score = cols.filter((c) => set.has(c.header)).length;
    if (score > bestScore) [best, bestScore] = [kind, score];
  }
  return best;
}

/** Edit distance of two short strings (headers). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length];
}

/** The known column of a sheet closest to a header that is not one of them (same text in other brackets or width first). */
export function closestColumn(kind: ImportKind, header: string): string | null {
  const norm = (s: string) => s.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
  const cols = IMPORT_SHEETS[kind].columns.map((c) => c.header);
  const same = cols.find((c) => norm(c) === norm(header));
  if (same) return same;
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of cols) {
    const dd = distance(norm(c), norm(header));
    if (dd < bestD) [best, bestD] = [c, dd];
  }
  return best && bestD <= Math.max(1, Math.floor(Math.min(best.length, header.length) / 2)) ? best : null;
}

/**
 * Headers of a sheet that are not columns of its kind: a misspelt or extra column would be dropped with its values,
 * so the file is refused naming each (with the closest known column). Blank header cells with no values are fine.
 */
export function unknownHeaderMessages(kind: ImportKind, headers: string[]): Array<{ column: string; message: string }> {
  const known = new Set(IMPORT_SHEETS[kind].columns.map((c) => c.header));
  const out: Array<{ column: string; message: string }> = [];
  headers.forEach((raw, i) => {
    const h = (raw ?? "").trim();
    if (!h || known.has(h)) return;
    const near = closestColumn(kind, h);
    out.push({
      column: h,
      message: `第${i + 1}列“${h}”不是“${IMPORT_SHEETS[kind].sheet}”的列${near ? `，是否应为“${near}”？` : "。"}请改为模板中的列名或删除该列（否则该列的内容不会导入）`,
    });
  });
  return out;
}

/** A registry person (法律明白人, 村(居)法律顾问) and a mediator: the registry forms' schemas. */
export const RegistryPersonSchema = z
  .object({
    unitId: idField(),
    name: requiredText(30),
    gender: preprocess((v) => (v === "" || v == null ? undefined : v), z.optional(z.enum(GENDERS.values, { error: "err.invalidChoice" }))),
    phone: phoneField(),
    firmName: optionalText(60),
    /** 政府法律顾问 only: the hiring department (required there, checked by addRegistryPerson) */
    employer: z.optional(optionalText(60)),
    startOn: pastDay(),
    endOn: optionalDay(),
  })
  .check(z.superRefine((v, ctx) => {
    if (v.endOn && v.endOn < v.startOn) ctx.addIssue({ code: "custom", message: "err.endBeforeStart", path: ["endOn"] });
  }));
export type RegistryPersonValues = z.output<typeof RegistryPersonSchema>;

export const MediatorSchema = z
  .object({
    unitId: idField(),
    name: requiredText(30),
    gender: preprocess((v) => (v === "" || v == null ? undefined : v), z.optional(z.enum(GENDERS.values, { error: "err.invalidChoice" }))),
    fullTime: preprocess((v) => (v === "1" || v === true || v === "on" ? true : v === "0" || v === false || v === undefined || v === "" ? false : v), z.boolean({ error: "err.invalidChoice" })),
    phone: phoneField(),
    startOn: pastDay(),
    endOn: optionalDay(),
  })
  .check(z.superRefine((v, ctx) => {
    if (v.endOn && v.endOn < v.startOn) ctx.addIssue({ code: "custom", message: "err.endBeforeStart", path: ["endOn"] });
  }));
export type MediatorValues = z.output<typeof MediatorSchema>;

export const RegistryKindField = enumField(["mediator", "literate", "adviser", "gov_adviser"] as const);

/** Upload limit: files above it are refused before they are read. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 200_000;
