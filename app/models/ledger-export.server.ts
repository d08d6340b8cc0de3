/**
 * 台账 export of a list: the filters on screen (the list's own query string, checked strictly) → the rows of the
 * whole filtered set with the columns a 台账 has → XLSX (title, filter line, header, rows, signature line) or CSV.
 *
 * - Which rows: the list's own filter conditions (listXxxIdsForLedger in each model), so the export and the list
 *   never disagree; oldest first, as a 台账 is kept.
 * - Personal data as the role sees it on the list and the record's page without asking to reveal: ID numbers and
 *   phones never appear in full (also not inside free text); readers of de-identified lists (report writers) get
 *   masked person names and no free text, exactly as on screen.
 * - Size: more than LEDGER_MAX_ROWS rows is refused with a message asking to narrow the filters (the workbook is
 *   built in memory; 50,000 rows is a county-year of disputes and stays within a few seconds and ~150 MB).
 * - Every export is audited (who, which list, which filters, how many rows, which format).
 * - Bad input: a filter value the list would silently drop (an unknown dispute type, a malformed day, a unit out
 *   of reach) is refused with a Chinese message naming the filter; never a 500.
 */
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { asc, eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type * as z from "zod/mini";
import {
  consultations,
  legalAidBeneficiaries,
  legalAidCases,
  legalAidProviders,
  mediationFollowups,
  mediationMediators,
  mediationParties,
  mediations,
  mediators,
  units,
} from "../../db/schema";
import { getDb } from "~/utils/db.server";
import { audit } from "~/utils/audit.server";
import { can, type Actor } from "~/utils/permissions";
import { isValidDay, todayInChina } from "~/utils/dates";
import { maskName, maskPeopleInText, type KnownPerson } from "~/utils/mask";
import { addSafeRow, csvDocument, type CellValue } from "~/utils/spreadsheet-cells";
import {
  AGREEMENT_FORMS,
  CHANNELS,
  JUDICIAL_CONFIRMATION,
  LEGAL_AID_CASE_TYPES,
  LEGAL_AID_PROCEEDINGS,
  LEGAL_AID_SERVICE_FORMS,
  LEGAL_AID_STATUSES,
  MEDIATION_FLAGS,
  MEDIATION_SOURCES,
  MEDIATION_STATUSES,
  NEXT_STEPS,
  PERFORMANCE_STATUSES,
  PERSON_CATEGORIES,
  SATISFACTION,
  TOPICS,
  AUDIT_ACTIONS,
  AUDIT_ENTITIES,
} from "~/schemas/enums";
import { ConsultationFilterSchema } from "~/schemas/consultation";
import { MediationFilterSchema } from "~/schemas/mediation";
import { LegalAidFilterSchema } from "~/schemas/legal-aid";
import { splitCategories } from "./counting-rules";
import { listConsultationIdsForLedger } from "./consultations.server";
import { disputeTypeLabels, listDisputeTypes, listMediationIdsForLedger } from "./mediations.server";
import { listLegalAidIdsForLedger } from "./legal-aid-reads.server";
import { listRegistryPeople } from "./registries.server";
import { getUnit } from "./units.server";
import { listAuditEntriesForLedger } from "./audit.server";
import { AuditFilterSchema, auditChange } from "~/schemas/audit";
import { formatInstant } from "~/utils/instants";
import { contentDisposition } from "./report-export.server";

export const LEDGER_KINDS = ["mediations", "consultations", "legal-aid", "registries", "audit"] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];
export const LEDGER_FORMATS = ["xlsx", "csv"] as const;
export type LedgerFormat = (typeof LEDGER_FORMATS)[number];
/** Past this many rows an export is refused (narrow the filters). */
export const LEDGER_MAX_ROWS = 50_000;

export const isLedgerKind = (v: unknown): v is LedgerKind => (LEDGER_KINDS as readonly unknown[]).includes(v);
export const isLedgerFormat = (v: unknown): v is LedgerFormat => (LEDGER_FORMATS as readonly unknown[]).includes(v);

export type LedgerColumn = { header: string; width: number; numFmt?: string; wrap?: boolean };
export type Ledger = {
  kind: LedgerKind;
  /** e.g. 猗氏镇人民调解委员会 人民调解工作台账（2025年3月） */
  title: string;
  /** the filters in words, and the count */
  filterLine: string;
  columns: LedgerColumn[];
  rows: CellValue[][];
  /** the line(s) under the table */
  signature: string;
  /** file name without extension */
  filename: string;
  unitId: number;
  /** the query as given (for the audit) */
  query: string;
};

export type LedgerResult = { ok: true; ledger: Ledger } | { ok: false; status: 400 | 403 | 404; message: string };

const refuse = (message: string, status: 400 | 403 | 404 = 400): LedgerResult => ({ ok: false, status, message });

// ---- the query, checked strictly --------------------------------------------------------------------------------

const FILTER_LABELS: Record<string, string> = {
  from: "起始日期",
  to: "截止日期",
  dateField: "日期类型",
  unit: "单位",
  scope: "范围",
  status: "状态",
  type: "纠纷类型",
  source: "纠纷来源",
  mediator: "调解员",
  flag: "标记",
  overdue: "逾期",
  q: "关键词",
  voided: "作废记录",
  channel: "咨询方式",
  topic: "咨询事项",
  category: "人员类别",
  nextStep: "处理结果",
  answeredBy: "解答人",
  caseType: "案件类别",
  proceeding: "诉讼/非诉讼",
  provider: "承办人",
  day: "日期",
  kind: "名册",
  action: "操作",
  entity: "对象",
  user: "操作人",
};

const badValue = (key: string, value: string) =>
  `筛选条件“${FILTER_LABELS[key] ?? key}”的值“${value.length > 30 ? `${value.slice(0, 30)}…` : value}”无法识别，请回到列表重新选择筛选条件后再导出台账。`;

/**
 * The list's filter schema drops a value it does not know (the list then shows everything); an export must not
 * hand in a 台账 of other rows than asked for, so a dropped value is an error here. Keys the schema does not know
 * (and `page`) are ignored.
 */
function strictFilters<S extends z.ZodMiniObject>(schema: S, params: URLSearchParams): { ok: true; filters: z.output<S> } | { ok: false; message: string } {
  const raw = Object.fromEntries(params);
  const filters = schema.parse(raw) as Record<string, unknown>;
  for (const [key, value] of params) {
    if (key === "page" || key === "after" || key === "before" || !(key in schema.shape) || value.trim() === "") continue;
    if (filters[key] === undefined) return { ok: false, message: badValue(key, value) };
  }
  for (const key of ["from", "to"]) {
    const v = filters[key];
    if (typeof v === "string" && v && !isValidDay(v)) return { ok: false, message: badValue(key, v) };
  }
  if (typeof filters.from === "string" && typeof filters.to === "string" && filters.from && filters.to && filters.from > filters.to)
    return { ok: false, message: "起始日期晚于截止日期，请调整后再导出台账。" };
  return { ok: true, filters: filters as z.output<S> };
}

const tooMany = (total: number, max: number) =>
  `符合条件的记录共 ${total.toLocaleString("en-US")} 条，超过一次导出的上限 ${max.toLocaleString("en-US")} 条。请缩小筛选条件（例如选择一个单位或一个月）后再导出台账。`;
const OUT_OF_REACH = "所选单位不存在或不在您的管辖范围内，无法导出台账。";

// ---- words ---------------------------------------------------------------------------------------------------

const pad = (n: number) => String(n).padStart(2, "0");
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const dayZh = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/** （2025年3月） for a whole month, （2025年）for a whole year, （2025年3月1日至2025年5月31日）, or nothing. */
export function periodWords(from?: string, to?: string): string {
  if (from && to) {
    const y = Number(from.slice(0, 4));
    const m = Number(from.slice(5, 7));
    if (from.slice(0, 7) === to.slice(0, 7) && from.endsWith("-01") && to === `${from.slice(0, 7)}-${pad(lastDay(y, m))}`) return `（${y}年${m}月）`;
    if (from === `${y}-01-01` && to === `${y}-12-31`) return `（${y}年）`;
    return `（${dayZh(from)}至${dayZh(to)}）`;
  }
  if (from) return `（${dayZh(from)}起）`;
  if (to) return `（截至${dayZh(to)}）`;
  return "";
}

/** 猗氏镇 → 猗氏镇人民调解委员会; a committee or room keeps its own name. */
export function committeeName(unitName: string): string {
  return /(委员会|调委会|调解室|工作室|调解中心)$/.test(unitName) ? unitName : `${unitName}人民调解委员会`;
}

const clean = (s: string) => s.replace(/[\\/:*?"<>|\s（）()]+/g, "_").replace(/_+$/, "");
const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? null : fen / 100);

function describe(parts: Array<[string, string | number | null | undefined]>, count: number, noun: string) {
  const words = parts.filter(([, v]) => v !== undefined && v !== null && v !== "").map(([k, v]) => `${k}：${v}`);
  return `${words.length ? `筛选条件：${words.join("；")}　` : ""}共 ${count} ${noun}`;
}

function chunks<T>(list: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function groupBy<T, K>(rows: T[], key: (r: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    if (!map.has(k)) map.set(k, []);
    map.get(k)!.push(r);
  }
  return map;
}

// ---- 调解台账 ------------------------------------------------------------------------------------------------

async function mediationLedger(actor: Actor, params: URLSearchParams, today: string, maxRows: number): Promise<LedgerResult> {
  if (!can(actor, "read:mediation")) return refuse("您没有查看人民调解的权限。", 403);
  const parsed = strictFilters(MediationFilterSchema, params);
  if (!parsed.ok) return refuse(parsed.message);
  const f = parsed.filters;
  const types = await listDisputeTypes({ actor, includeInactive: true });
  if (f.type && !types.some((t) => t.code === f.type)) return refuse(badValue("type", f.type));
  const unit = await getUnit({ actor, id: f.unit ?? actor.unitId });
  if (!unit) return refuse(OUT_OF_REACH, 404);
  const found = await listMediationIdsForLedger({ actor, filters: f, limit: maxRows, today });
  if (!found) return refuse(OUT_OF_REACH, 404);
  if (found.total > maxRows) return refuse(tooMany(found.total, maxRows));

  const db = getDb();
  const deidentified = !can(actor, "read:summary-text");
  const labels = await disputeTypeLabels(db);
  type Row = { m: typeof mediations.$inferSelect; unitName: string };
  const records: Row[] = [];
  const parties: Array<typeof mediationParties.$inferSelect> = [];
  const assigned: Array<{ mediationId: number; name: string }> = [];
  const followups: Array<typeof mediationFollowups.$inferSelect> = [];
  for (const ids of chunks(found.ids)) {
    records.push(...await db.select({ m: mediations, unitName: units.name }).from(mediations).innerJoin(units, eq(units.id, mediations.unitId)).where(inArray(mediations.id, ids)).all());
    parties.push(...await db.select().from(mediationParties).where(inArray(mediationParties.mediationId, ids)).orderBy(asc(mediationParties.sortOrder)).all());
    assigned.push(
      ...await db
        .select({ mediationId: mediationMediators.mediationId, name: mediators.name })
        .from(mediationMediators)
        .innerJoin(mediators, eq(mediators.id, mediationMediators.mediatorId))
        .where(inArray(mediationMediators.mediationId, ids))
        .all(),
    );
    followups.push(...await db.select().from(mediationFollowups).where(inArray(mediationFollowups.mediationId, ids)).orderBy(asc(mediationFollowups.visitedOn), asc(mediationFollowups.id)).all());
  }
  const order = new Map(found.ids.map((id, i) => [id, i]));
  records.sort((a, b) => order.get(a.m.id)! - order.get(b.m.id)!);
  const partiesOf = groupBy(parties, (p) => p.mediationId);
  const mediatorsOf = groupBy(assigned, (a) => a.mediationId);
  const followupsOf = groupBy(followups, (x) => x.mediationId);
  const manyUnits = new Set(records.map((r) => r.m.unitId)).size > 1;

  const rows = records.map(({ m, unitName }, i) => {
    const people: KnownPerson[] = partiesOf.get(m.id) ?? [];
    const text = (s: string | null | undefined) => (s ? maskPeopleInText(s, people, { names: deidentified }) : "");
    const side = (s: string) =>
      (partiesOf.get(m.id) ?? [])
        .filter((p) => p.side === s)
        .map((p) => (deidentified ? maskName(p.name, p.kind) : p.name))
        .join("、");
    const applicants = side("applicant");
    const respondents = side("respondent");
    const partyText = [applicants && `申请人：${applicants}`, respondents && `被申请人：${respondents}`].filter(Boolean).join("\n");
    const result =
      m.status === "failed"
        ? `调解不成功${m.failureReason && !deidentified ? `（${text(m.failureReason)}）` : ""}`
        : MEDIATION_STATUSES.label(m.status);
    const performance = m.status === "success" ? [PERFORMANCE_STATUSES.label(m.performance), m.judicialConfirmation !== "none" ? `司法确认${JUDICIAL_CONFIRMATION.label(m.judicialConfirmation)}` : ""].filter(Boolean).join("；") : "";
    const visits = (followupsOf.get(m.id) ?? []).map((v) => `${v.visitedOn} ${SATISFACTION.label(v.satisfaction)}`).join("\n");
    const notes = [
      m.voidedAt ? `已作废${m.voidReason && !deidentified ? `：${text(m.voidReason)}` : ""}` : "",
      m.isMass ? MEDIATION_FLAGS.label("mass") : "",
      m.preventedCriminal ? MEDIATION_FLAGS.label("preventedCriminal") : "",
      m.preventedPetition ? MEDIATION_FLAGS.label("preventedPetition") : "",
      m.agreementAmountFen ? `协议金额${(m.agreementAmountFen / 100).toLocaleString("zh-CN")}元` : "",
      `来源：${MEDIATION_SOURCES.label(m.source)}`,
    ]
      .filter(Boolean)
      .join("；");
    return [
      i + 1,
      m.caseNo,
      m.registeredOn,
      ...(manyUnits ? [unitName] : []),
      labels.get(m.disputeType) ?? m.disputeType,
      partyText,
      deidentified ? "" : text(m.summary),
      (mediatorsOf.get(m.id) ?? []).map((x) => x.name).join("、"),
      result,
      m.concludedOn ?? "",
      AGREEMENT_FORMS.label(m.agreementForm).replace(/（协议书）$/, ""),
      performance,
      visits,
      notes,
    ] satisfies CellValue[];
  });

  const columns: LedgerColumn[] = [
    { header: "序号", width: 6 },
    { header: "编号", width: 24, wrap: true },
    { header: "登记日期", width: 12 },
    ...(manyUnits ? [{ header: "调解组织", width: 16, wrap: true }] : []),
    { header: "纠纷类型", width: 12, wrap: true },
    { header: "当事人", width: 22, wrap: true },
    { header: "纠纷简要情况", width: 36, wrap: true },
    { header: "调解员", width: 12, wrap: true },
    { header: "调解结果", width: 14, wrap: true },
    { header: "调结日期", width: 12 },
    { header: "协议形式", width: 10 },
    { header: "履行情况", width: 12, wrap: true },
    { header: "回访", width: 16, wrap: true },
    { header: "备注", width: 24, wrap: true },
  ];
  const typeLabel = f.type ? labels.get(f.type) : undefined;
  const dateWord = f.dateField === "concluded" ? "调结日期" : "登记日期";
  const filterLine = describe(
    [
      [dateWord, f.from || f.to ? `${f.from ?? "…"} 至 ${f.to ?? "…"}` : undefined],
      ["状态", f.status === "open" ? "未结" : f.status === "concluded" ? "已调结" : f.status ? MEDIATION_STATUSES.label(f.status) : undefined],
      ["纠纷类型", typeLabel],
      ["纠纷来源", f.source ? MEDIATION_SOURCES.label(f.source) : undefined],
      ["标记", f.flag ? MEDIATION_FLAGS.label(f.flag) : undefined],
      ["逾期", f.overdue ? { open: "超期未结", performance: "履行逾期", followup: "应回访" }[f.overdue] : undefined],
      ["关键词", f.q],
      ["作废记录", f.voided === "include" ? "包括" : f.voided === "only" ? "仅作废" : undefined],
    ],
    rows.length,
    "件",
  );
  const period = periodWords(f.from, f.to);
  return {
    ok: true,
    ledger: {
      kind: "mediations",
      title: `${committeeName(unit.name)} 人民调解工作台账${period}`,
      filterLine,
      columns,
      rows,
      signature: `填表人：　　　　　　　　审核人（调委会主任）：　　　　　　　　填报日期：${dayZh(today)}`,
      filename: clean(`${committeeName(unit.name)}_人民调解工作台账${period ? `_${period.slice(1, -1)}` : ""}`),
      unitId: unit.id,
      query: params.toString(),
    },
  };
}

// ---- 法律咨询台账 ----------------------------------------------------------------------------------------------

async function consultationLedger(actor: Actor, params: URLSearchParams, today: string, maxRows: number): Promise<LedgerResult> {
  if (!can(actor, "read:consultation")) return refuse("您没有查看法律咨询的权限。", 403);
  const parsed = strictFilters(ConsultationFilterSchema, params);
  if (!parsed.ok) return refuse(parsed.message);
  const f = parsed.filters;
  const unit = await getUnit({ actor, id: f.unit ?? actor.unitId });
  if (!unit) return refuse(OUT_OF_REACH, 404);
  const found = await listConsultationIdsForLedger({ actor, filters: f, limit: maxRows });
  if (!found) return refuse(OUT_OF_REACH, 404);
  if (found.total > maxRows) return refuse(tooMany(found.total, maxRows));
  const db = getDb();
  const showSummary = can(actor, "read:summary-text");
  const records: Array<typeof consultations.$inferSelect & { unitName: string }> = [];
  for (const ids of chunks(found.ids))
    records.push(
      ...(await db
        .select({ c: consultations, unitName: units.name })
        .from(consultations)
        .innerJoin(units, eq(units.id, consultations.unitId))
        .where(inArray(consultations.id, ids))
        .all())
        .map((r) => ({ ...r.c, unitName: r.unitName })),
    );
  const order = new Map(found.ids.map((id, i) => [id, i]));
  records.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  const rows = records.map((c, i) => [
    i + 1,
    c.id,
    c.date,
    c.unitName,
    CHANNELS.label(c.channel),
    TOPICS.label(c.topic),
    c.persons,
    splitCategories(c.categories)
      .map((x) => PERSON_CATEGORIES.label(x))
      .join("、"),
    c.answeredBy,
    // the summary as the list shows it, with any ID number or mobile number in it masked
    ...(showSummary ? [maskPeopleInText(c.summary, [], { names: false })] : []),
    NEXT_STEPS.label(c.nextStep),
    c.voidedAt ? "已作废" : "",
  ]);
  const personTimes = records.reduce((a, c) => a + (c.voidedAt ? 0 : c.persons), 0);
  const columns: LedgerColumn[] = [
    { header: "序号", width: 6 },
    { header: "记录号", width: 9 },
    { header: "日期", width: 12 },
    { header: "单位", width: 18, wrap: true },
    { header: "咨询方式", width: 12 },
    { header: "咨询事项", width: 12 },
    { header: "人次", width: 7, numFmt: "#,##0" },
    { header: "人员类别", width: 14, wrap: true },
    { header: "解答人", width: 10 },
    ...(showSummary ? [{ header: "咨询内容摘要", width: 40, wrap: true }] : []),
    { header: "处理结果", width: 14 },
    { header: "备注", width: 10 },
  ];
  const filterLine = `${describe(
    [
      ["日期", f.from || f.to ? `${f.from ?? "…"} 至 ${f.to ?? "…"}` : undefined],
      ["咨询方式", f.channel ? CHANNELS.label(f.channel) : undefined],
      ["咨询事项", f.topic ? TOPICS.label(f.topic) : undefined],
      ["人员类别", f.category ? PERSON_CATEGORIES.label(f.category) : undefined],
      ["处理结果", f.nextStep ? NEXT_STEPS.label(f.nextStep) : undefined],
      ["解答人", f.answeredBy],
      ["作废记录", f.voided === "include" ? "包括" : f.voided === "only" ? "仅作废" : undefined],
    ],
    rows.length,
    "条",
  )}，${personTimes} 人次`;
  const period = periodWords(f.from, f.to);
  return {
    ok: true,
    ledger: {
      kind: "consultations",
      title: `${unit.name} 法律咨询工作台账${period}`,
      filterLine,
      columns,
      rows,
      signature: `填表人：　　　　　　　　审核人：　　　　　　　　填报日期：${dayZh(today)}`,
      filename: clean(`${unit.name}_法律咨询工作台账${period ? `_${period.slice(1, -1)}` : ""}`),
      unitId: unit.id,
      query: params.toString(),
    },
  };
}

// ---- 法律援助台账 ----------------------------------------------------------------------------------------------

const ledgerCentre = alias(units, "ledger_centre");
const ledgerReceived = alias(units, "ledger_received");

async function legalAidLedger(actor: Actor, params: URLSearchParams, today: string, maxRows: number): Promise<LedgerResult> {
  if (!can(actor, "read:legal-aid")) return refuse("您没有查看法律援助的权限。", 403);
  const parsed = strictFilters(LegalAidFilterSchema, params);
  if (!parsed.ok) return refuse(parsed.message);
  const f = parsed.filters;
  const unit = await getUnit({ actor, id: f.unit ?? actor.unitId });
  if (!unit) return refuse(OUT_OF_REACH, 404);
  const found = await listLegalAidIdsForLedger({ actor, filters: f, limit: maxRows, today });
  if (!found) return refuse(OUT_OF_REACH, 404);
  if (found.total > maxRows) return refuse(tooMany(found.total, maxRows));
  const db = getDb();
  const deidentified = !can(actor, "read:summary-text");
  const c = legalAidCases;
  const records: Array<{ c: typeof legalAidCases.$inferSelect; centreName: string; receivedName: string; providerName: string | null }> = [];
  const people: Array<typeof legalAidBeneficiaries.$inferSelect> = [];
  for (const ids of chunks(found.ids)) {
    records.push(
      ...await db
        .select({ c, centreName: ledgerCentre.name, receivedName: ledgerReceived.name, providerName: legalAidProviders.name })
        .from(c)
        .innerJoin(ledgerCentre, eq(ledgerCentre.id, c.unitId))
        .innerJoin(ledgerReceived, eq(ledgerReceived.id, c.receivedUnitId))
        .leftJoin(legalAidProviders, eq(legalAidProviders.id, c.providerId))
        .where(inArray(c.id, ids))
        .all(),
    );
    people.push(...await db.select().from(legalAidBeneficiaries).where(inArray(legalAidBeneficiaries.caseId, ids)).orderBy(asc(legalAidBeneficiaries.sortOrder)).all());
  }
  const order = new Map(found.ids.map((id, i) => [id, i]));
  records.sort((a, b) => order.get(a.c.id)! - order.get(b.c.id)!);
  const peopleOf = groupBy(people, (b) => b.caseId);
  const rows = records.map((r, i) => {
    const x = r.c;
    const beneficiaries = peopleOf.get(x.id) ?? [];
    const known: KnownPerson[] = [...beneficiaries, { name: x.applicantName, phone: x.applicantPhone, idNumber: x.applicantIdNumber }];
    const name = (n: string) => (deidentified ? maskName(n) : n);
    return [
      i + 1,
      x.appNo,
      x.appliedOn,
      r.receivedName,
      name(x.applicantName),
      beneficiaries.map((b) => name(b.name)).join("、"),
      [...new Set(beneficiaries.flatMap((b) => splitCategories(b.categories)))].map((k) => PERSON_CATEGORIES.label(k)).join("、"),
      LEGAL_AID_CASE_TYPES.label(x.caseType),
      LEGAL_AID_PROCEEDINGS.label(x.proceeding),
      LEGAL_AID_SERVICE_FORMS.label(x.serviceForm),
      maskPeopleInText(x.cause, known, { names: deidentified }),
      LEGAL_AID_STATUSES.label(x.status) + (x.preliminary ? "（先行援助）" : ""),
      x.decisionNo ?? "",
      x.decidedOn ?? "",
      r.providerName ?? "",
      x.closedOn ?? x.terminatedOn ?? "",
      x.status === "closed" ? yuan(x.recoveredFen) : null,
      x.voidedAt ? "已作废" : r.centreName !== r.receivedName ? `承办：${r.centreName}` : "",
    ] satisfies CellValue[];
  });
  const columns: LedgerColumn[] = [
    { header: "序号", width: 6 },
    { header: "申请编号", width: 24, wrap: true },
    { header: "申请日期", width: 12 },
    { header: "受理单位", width: 16, wrap: true },
    { header: "申请人", width: 10 },
    { header: "受援人", width: 14, wrap: true },
    { header: "人员类别", width: 14, wrap: true },
    { header: "案件类别", width: 10 },
    { header: "诉讼/非诉讼", width: 10 },
    { header: "服务形式", width: 12 },
    { header: "案由", width: 20, wrap: true },
    { header: "办理状态", width: 12 },
    { header: "决定编号", width: 24, wrap: true },
    { header: "决定日期", width: 12 },
    { header: "承办人", width: 14, wrap: true },
    { header: "结案（终止）日期", width: 14 },
    { header: "挽回或避免损失（元）", width: 14, numFmt: "#,##0.00" },
    { header: "备注", width: 18, wrap: true },
  ];
  const dateWord = f.dateField === "decided" ? "决定日期" : f.dateField === "closed" ? "结案日期" : "申请日期";
  const filterLine = describe(
    [
      [dateWord, f.from || f.to ? `${f.from ?? "…"} 至 ${f.to ?? "…"}` : undefined],
      ["状态", f.status === "open" ? "未结" : f.status === "grantedAll" ? "已准予（含已结）" : f.status ? LEGAL_AID_STATUSES.label(f.status) : undefined],
      ["案件类别", f.caseType ? LEGAL_AID_CASE_TYPES.label(f.caseType) : undefined],
      ["诉讼/非诉讼", f.proceeding ? LEGAL_AID_PROCEEDINGS.label(f.proceeding) : undefined],
      ["人员类别", f.category === "special" ? "特殊群体" : f.category ? PERSON_CATEGORIES.label(f.category) : undefined],
      ["关键词", f.q],
    ],
    rows.length,
    "件",
  );
  const period = periodWords(f.from, f.to);
  return {
    ok: true,
    ledger: {
      kind: "legal-aid",
      title: `${unit.name} 法律援助案件台账${period}`,
      filterLine,
      columns,
      rows,
      signature: `填表人：　　　　　　　　审核人：　　　　　　　　填报日期：${dayZh(today)}`,
      filename: clean(`${unit.name}_法律援助案件台账${period ? `_${period.slice(1, -1)}` : ""}`),
      unitId: unit.id,
      query: params.toString(),
    },
  };
}

// ---- 名册 -----------------------------------------------------------------------------------------------------

const REGISTRY_KINDS = { mediator: "人民调解员名册", literate: "法律明白人名册", adviser: "村（居）法律顾问名册" } as const;

async function registryLedger(actor: Actor, params: URLSearchParams, today: string, maxRows: number): Promise<LedgerResult> {
  if (!can(actor, "read:registry")) return refuse("您没有查看名册的权限。", 403);
  const kindParam = params.get("kind")?.trim() || "mediator";
  if (!Object.hasOwn(REGISTRY_KINDS, kindParam)) return refuse(badValue("kind", kindParam));
  const kind = kindParam as keyof typeof REGISTRY_KINDS;
  const dayParam = params.get("day")?.trim() || "";
  if (dayParam && !isValidDay(dayParam)) return refuse(badValue("day", dayParam));
  const day = dayParam || today;
  const unitParam = params.get("unit")?.trim() || "";
  if (unitParam && !/^\d{1,12}$/.test(unitParam)) return refuse(badValue("unit", unitParam));
  const unit = await getUnit({ actor, id: unitParam ? Number(unitParam) : actor.unitId });
  if (!unit) return refuse(OUT_OF_REACH, 404);
  const list = await listRegistryPeople({ actor, kind, unitId: unit.id, day, page: 1, pageSize: maxRows });
  if (list.total > maxRows) return refuse(tooMany(list.total, maxRows));
  const rows = list.rows.map((p, i) => [i + 1, p.name, p.unitName, kind === "mediator" ? (p.fullTime ? "专职" : "兼职") : kind === "adviser" ? (p.firmName ?? "") : "", p.startOn, p.endOn ?? ""] satisfies CellValue[]);
  const columns: LedgerColumn[] = [
    { header: "序号", width: 6 },
    { header: "姓名", width: 12 },
    { header: "所在单位", width: 24, wrap: true },
    { header: kind === "mediator" ? "专职/兼职" : kind === "adviser" ? "所在律师事务所" : "说明", width: kind === "adviser" ? 24 : 10, wrap: true },
    { header: "任职起", width: 12 },
    { header: "任职止", width: 12 },
  ];
  return {
    ok: true,
    ledger: {
      kind: "registries",
      title: `${unit.name} ${REGISTRY_KINDS[kind]}（${dayZh(day)}）`,
      filterLine: kind === "mediator" ? `共 ${list.total} 人，其中专职 ${list.fullTime} 人、兼职 ${list.total - list.fullTime} 人` : `共 ${list.total} 人`,
      columns,
      rows,
      signature: `填表人：　　　　　　　　审核人：　　　　　　　　填报日期：${dayZh(today)}`,
      filename: clean(`${unit.name}_${REGISTRY_KINDS[kind]}_${day}`),
      unitId: unit.id,
      query: params.toString(),
    },
  };
}

// ---- 操作日志 ---------------------------------------------------------------------------------------------------

async function auditLedger(actor: Actor, params: URLSearchParams, today: string, maxRows: number): Promise<LedgerResult> {
  if (!can(actor, "read:audit")) return refuse("您没有查看操作日志的权限。", 403);
  const parsed = strictFilters(AuditFilterSchema, params);
  if (!parsed.ok) return refuse(parsed.message);
  const f = { ...parsed.filters, before: undefined };
  const unit = await getUnit({ actor, id: actor.unitId });
  if (!unit) return refuse(OUT_OF_REACH, 404);
  const found = await listAuditEntriesForLedger({ actor, filters: f, limit: maxRows });
  if (!found) return refuse("您没有查看操作日志的权限。", 403);
  if (found.total > maxRows) return refuse(tooMany(found.total, maxRows));
  const rows = found.rows.map((e, i) => [
    i + 1,
    formatInstant(e.at, { seconds: true }),
    e.userName ?? "",
    AUDIT_ACTIONS.label(e.action),
    AUDIT_ENTITIES.label(e.entity),
    e.entityId ?? "",
    e.unitName ?? "",
    // ID numbers and mobile numbers never in full, also inside the recorded values
    maskPeopleInText(auditChange(e.action, e.before, e.after), [], { names: false }),
    e.ip ?? "",
  ] satisfies CellValue[]);
  const columns: LedgerColumn[] = [
    { header: "序号", width: 6 },
    { header: "时间", width: 20 },
    { header: "操作人", width: 12 },
    { header: "操作", width: 12 },
    { header: "对象", width: 12 },
    { header: "对象编号", width: 10 },
    { header: "单位", width: 18, wrap: true },
    { header: "变更内容", width: 48, wrap: true },
    { header: "IP 地址", width: 16 },
  ];
  const filterLine = describe(
    [
      ["日期", f.from || f.to ? `${f.from ?? "…"} 至 ${f.to ?? "…"}` : undefined],
      ["操作", f.action ? AUDIT_ACTIONS.label(f.action) : undefined],
      ["对象", f.entity ? AUDIT_ENTITIES.label(f.entity) : undefined],
      ["操作人", f.user],
    ],
    rows.length,
    "条",
  );
  const period = periodWords(f.from, f.to);
  return {
    ok: true,
    ledger: {
      kind: "audit",
      title: `${unit.name} 操作日志${period}`,
      filterLine,
      columns,
      rows,
      signature: `导出人：${actor.displayName}　　　　　　　　审核人：　　　　　　　　导出日期：${dayZh(today)}`,
      filename: clean(`${unit.name}_操作日志${period ? `_${period.slice(1, -1)}` : ""}`),
      unitId: unit.id,
      query: params.toString(),
    },
  };
}

// ---- entry points ---------------------------------------------------------------------------------------------

/** The 台账 of a list for the actor, from the list's query string; or the reason it is refused. */
export async function buildLedger({
  actor,
  kind,
  params,
  today = todayInChina(),
  maxRows = LEDGER_MAX_ROWS,
}: {
  actor: Actor;
  kind: LedgerKind;
  params: URLSearchParams;
  today?: string;
  maxRows?: number;
}): Promise<LedgerResult> {
  switch (kind) {
    case "mediations":
      return await mediationLedger(actor, params, today, maxRows);
    case "consultations":
      return await consultationLedger(actor, params, today, maxRows);
    case "legal-aid":
      return await legalAidLedger(actor, params, today, maxRows);
    case "registries":
      return await registryLedger(actor, params, today, maxRows);
    case "audit":
      return await auditLedger(actor, params, today, maxRows);
  }
}

const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFEEF1F5" } };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: "thin", color: { argb: "FF8A93A0" } },
  bottom: { style: "thin", color: { argb: "FF8A93A0" } },
  left: { style: "thin", color: { argb: "FF8A93A0" } },
  right: { style: "thin", color: { argb: "FF8A93A0" } },
};

/**
 * The 台账 as a township hands it in: the title over the whole width (row 1), the filters and count (row 2), a
 * frozen header (row 3, repeated on every printed page), one bordered row per record, then the signature line.
 * Landscape A4, fitted to the page width. Text cells are neutralised against formula injection.
 */
export async function ledgerXlsx(ledger: Ledger): Promise<Buffer> {
  // the streaming writer: each row is written out as it is added, so memory stays flat at the row limit
  const chunks: Buffer[] = [];
  const out = new PassThrough();
  out.on("data", (c: Buffer) => chunks.push(c));
  const finished = new Promise<void>((resolve, reject) => {
    out.on("end", () => resolve());
    out.on("error", reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = "枫桥 Fengqiao";
  wb.title = ledger.title;
  const n = ledger.columns.length;
  const ws = wb.addWorksheet("台账", {
    views: [{ state: "frozen", ySplit: 3 }],
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: "3:3" },
  });
  ws.columns = ledger.columns.map((c) => ({ width: c.width }));
  const title = addSafeRow(ws, [ledger.title]);
  ws.mergeCells(1, 1, 1, n);
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: "center", vertical: "middle" };
  title.height = 28;
  title.commit();
  const line = addSafeRow(ws, [ledger.filterLine]);
  ws.mergeCells(2, 1, 2, n);
  line.font = { size: 10, color: { argb: "FF5B6575" } };
  line.alignment = { wrapText: true, vertical: "top" };
  line.commit();
  const head = addSafeRow(ws, ledger.columns.map((c) => c.header));
  const headStyle: Partial<ExcelJS.Style> = { font: { bold: true }, alignment: { horizontal: "center", vertical: "middle", wrapText: true }, fill: HEADER_FILL, border: THIN };
  for (let i = 1; i <= n; i++) head.getCell(i).style = headStyle;
  head.commit();
  // one style object per column, shared by its cells: the writer looks each style up once (by identity) instead
  // of once per cell
  const styles: Array<Partial<ExcelJS.Style>> = ledger.columns.map((c) => ({
    border: THIN,
    alignment: { vertical: "top", wrapText: !!c.wrap },
    ...(c.numFmt ? { numFmt: c.numFmt } : {}),
  }));
  for (const values of ledger.rows) {
    const row = addSafeRow(ws, values);
    for (let i = 0; i < styles.length; i++) row.getCell(i + 1).style = styles[i];
    row.commit();
  }
  addSafeRow(ws, []).commit();
  const sign = addSafeRow(ws, [ledger.signature]);
  ws.mergeCells(sign.number, 1, sign.number, n);
  sign.font = { size: 11 };
  sign.commit();
  ws.commit();
  await wb.commit();
  await finished;
  return Buffer.concat(chunks);
}

/** The same 台账 as CSV (UTF-8 with a BOM, CRLF): title, filter line, header, rows, signature. */
export function ledgerCsv(ledger: Ledger): string {
  return csvDocument([[ledger.title], [ledger.filterLine], ledger.columns.map((c) => c.header), ...ledger.rows, [], [ledger.signature]]);
}

/** Every 台账 export leaves a line in the audit log: who, which list, which filters, how many rows, which format. */
export async function auditLedgerExport({ actor, ledger, format, ip }: { actor: Actor; ledger: Ledger; format: LedgerFormat; ip?: string | null }) {
  await getDb().transaction(async (tx) =>
    await audit(tx, {
      userId: actor.id,
      action: "export",
      entity: "ledger",
      entityId: ledger.kind,
      unitId: ledger.unitId,
      after: { format, list: ledger.kind, query: ledger.query, rows: ledger.rows.length, title: ledger.title },
      ip,
    }),
  );
}

export function ledgerDisposition(ledger: Ledger, format: LedgerFormat) {
  return contentDisposition(`${ledger.filename}.${format}`, `ledger_${ledger.kind}.${format}`);
}
