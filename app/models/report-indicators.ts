/**
 * The indicators a report shows, exports and serves, defined once: key (design §4), label, unit of measure, how
 * to read it from the figures, and the list that shows the records it counts (same filters, same count).
 * Client-safe: the report page, XLSX/CSV exports and the JSON API all read this.
 */
import type { Locale } from "~/i18n";
import { CHANNELS, NEXT_STEPS, PERSON_CATEGORIES, TOPICS } from "~/schemas/enums/consultation";
import { type Label } from "~/schemas/enums/define";
import { LEGAL_AID_CASE_TYPES, LEGAL_AID_PROCEEDINGS, LEGAL_AID_SPECIAL_GROUPS } from "~/schemas/enums/legal-aid";
import { MEDIATION_TYPES, FAILURE_ROUTES, MEDIATION_SOURCES, PERFORMANCE_STATUSES, SATISFACTION } from "~/schemas/enums/mediation";
import type { consultationFigures, LegalAidFigures, mediationFigures } from "./counting-rules";

/** Organisation and people on the period's last day, with village coverage (registries, not records). */
export type OrgFigures = {
  committees: { total: number; village: number; township: number; industry: number; stationed: number };
  personalRooms: number;
  mediators: { total: number; fullTime: number; partTime: number };
  centres: { total: number; city: number; county: number; township: number; village: number };
  legallyLiterate: number;
  villageAdvisers: number;
  /** 政府法律顾问 in the subtree, and the departments (unit + employer) that hired them */
  govAdvisers: number;
  govAdviserDepartments: number;
  legalAidProviders: number;
  villages: number;
  coverage: { literate: number | null; adviser: number | null; servicePoint: number | null };
};
/** Satisfaction of the period's follow-up visits and what of the period is still open. */
export type QualityFigures = {
  legalAidFollowups: number;
  legalAidSatisfactionRate: number | null;
  satisfactionRate: number | null;
  mediationOpen: number;
  legalAidOpen: number;
};

export type ReportFigures = {
  consultation: Awaited<ReturnType<typeof consultationFigures>>;
  mediation: Awaited<ReturnType<typeof mediationFigures>>;
  legalAid: LegalAidFigures;
  /** absent where only counters were read (child units, rankings) */
  org?: OrgFigures | null;
  quality?: QualityFigures | null;
};

export type Measure = "personTimes" | "records" | "cases" | "persons" | "fen" | "rate" | "count";
export const MEASURE_LABELS: Record<Measure, Label> = {
  personTimes: { zh: "人次", en: "person-times" },
  records: { zh: "条", en: "records" },
  cases: { zh: "件", en: "cases" },
  persons: { zh: "人", en: "persons" },
  fen: { zh: "元", en: "yuan" },
  rate: { zh: "%", en: "%" },
  count: { zh: "个", en: "units" },
};

export type DrillQuery = { unitId: number; from: string; to: string };
const coverageList = (kind: string) => (q: DrillQuery) => `/reports/coverage?${qs({ unit: q.unitId, day: q.to, kind })}`;
export type ReportRow = {
  key: string;
  label: Label;
  measure: Measure;
  /** indent under a parent row (breakdowns) */
  level: 0 | 1;
  get: (f: ReportFigures) => number | null;
  drill?: (q: DrillQuery) => string;
};
export type ReportSection = { key: string; title: Label; rows: ReportRow[] };

const qs = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== "") as Array<[string, string]>).toString();

const consultationList = (extra: Record<string, string> = {}) => (q: DrillQuery) =>
  `/consultations?${qs({ unit: q.unitId, from: q.from, to: q.to, ...extra })}`;
/** Legal aid lists in the figures' sense: cases handled in the unit's subtree (scope=handled). */
const legalAidList = (dateField: "applied" | "decided" | "closed", extra: Record<string, string> = {}) => (q: DrillQuery) =>
  `/legal-aid?${qs({ unit: q.unitId, scope: "handled", from: q.from, to: q.to, dateField, ...extra })}`;
const mediationList = (dateField: "registered" | "concluded", extra: Record<string, string> = {}) => (q: DrillQuery) =>
  `/mediations?${qs({ unit: q.unitId, from: q.from, to: q.to, dateField, ...extra })}`;

function breakdown<T extends { code: string; value: number }>(
  prefix: string,
  enumLabels: { label(code: string, l: Locale): string },
  list: (f: ReportFigures) => T[],
  codes: readonly string[],
  measure: Measure,
  drill: (code: string) => (q: DrillQuery) => string,
): ReportRow[] {
  return codes.map((code) => ({
    key: `${prefix}.${code}`,
    label: { zh: enumLabels.label(code, "zh"), en: enumLabels.label(code, "en") },
    measure,
    level: 1 as const,
    get: (f: ReportFigures) => list(f).find((x) => x.code === code)?.value ?? 0,
    drill: drill(code),
  }));
}

function org(key: string, label: { zh: string; en: string }, measure: Measure, level: 0 | 1, get: (o: OrgFigures) => number | null): ReportRow {
  return { key, label, measure, level, get: (f) => (f.org ? get(f.org) : null) };
}

export function reportSections(typeLabels: Map<string, string>, typeCodes: string[]): ReportSection[] {
  return [
    {
      key: "consultation",
      title: { zh: "免费法律咨询", en: "Free legal consultations" },
      rows: [
        { key: "consultation.records", label: { zh: "登记条数", en: "Records" }, measure: "records", level: 0, get: (f) => f.consultation.records, drill: consultationList() },
        { key: "consultation.personTimes", label: { zh: "咨询人次", en: "Person-times" }, measure: "personTimes", level: 0, get: (f) => f.consultation.personTimes, drill: consultationList() },
        ...breakdown("consultation.personTimes.byChannel", CHANNELS, (f) => f.consultation.byChannel, CHANNELS.values, "personTimes", (c) => consultationList({ channel: c })),
        ...breakdown("consultation.personTimes.byTopic", TOPICS, (f) => f.consultation.byTopic, TOPICS.values, "personTimes", (c) => consultationList({ topic: c })),
        ...breakdown("consultation.personTimes.byCategory", PERSON_CATEGORIES, (f) => f.consultation.byCategory, PERSON_CATEGORIES.values, "personTimes", (c) =>
          consultationList({ category: c }),
        ),
        ...breakdown("consultation.personTimes.byNextStep", NEXT_STEPS, (f) => f.consultation.byNextStep, NEXT_STEPS.values, "personTimes", (c) =>
          consultationList({ nextStep: c }),
        ),
      ],
    },
    {
      key: "mediation",
      title: { zh: "人民调解", en: "People's mediation" },
      rows: [
        { key: "mediation.accepted", label: { zh: "受理纠纷", en: "Registered" }, measure: "cases", level: 0, get: (f) => f.mediation.accepted, drill: mediationList("registered") },
        { key: "mediation.concluded", label: { zh: "调结纠纷（调解件数）", en: "Concluded" }, measure: "cases", level: 0, get: (f) => f.mediation.concluded, drill: mediationList("concluded", { status: "concluded" }) },
        { key: "mediation.successful", label: { zh: "调解成功", en: "Settled" }, measure: "cases", level: 0, get: (f) => f.mediation.successful, drill: mediationList("concluded", { status: "success" }) },
        { key: "mediation.failed", label: { zh: "调解不成功", en: "Failed" }, measure: "cases", level: 0, get: (f) => f.mediation.failed, drill: mediationList("concluded", { status: "failed" }) },
        { key: "mediation.withdrawn", label: { zh: "撤回", en: "Withdrawn" }, measure: "cases", level: 0, get: (f) => f.mediation.withdrawn, drill: mediationList("concluded", { status: "withdrawn" }) },
        { key: "mediation.successShareOfConcluded", label: { zh: "成功率（成功件数÷调解件数）", en: "Success rate (settled ÷ concluded)" }, measure: "rate", level: 0, get: (f) => f.mediation.successShareOfConcluded },
        { key: "mediation.successRate", label: { zh: "成功率（成功÷（成功+不成功））", en: "Success rate (settled ÷ settled+failed)" }, measure: "rate", level: 0, get: (f) => f.mediation.successRate },
        { key: "mediation.personsInvolved", label: { zh: "涉及人数", en: "Persons involved" }, measure: "persons", level: 0, get: (f) => f.mediation.personsInvolved, drill: mediationList("registered") },
        { key: "mediation.agreementAmount", label: { zh: "协议涉及金额", en: "Agreement amount" }, measure: "fen", level: 0, get: (f) => f.mediation.agreementAmountFen, drill: mediationList("concluded", { status: "success" }) },
        { key: "mediation.massDisputes", label: { zh: "群体性纠纷", en: "Mass disputes" }, measure: "cases", level: 0, get: (f) => f.mediation.massDisputes, drill: mediationList("registered", { flag: "mass" }) },
        { key: "mediation.preventedCriminal", label: { zh: "防止民转刑", en: "Escalations prevented" }, measure: "cases", level: 0, get: (f) => f.mediation.preventedCriminal, drill: mediationList("registered", { flag: "preventedCriminal" }) },
        { key: "mediation.preventedPetition", label: { zh: "防止群体性上访", en: "Mass petitions prevented" }, measure: "cases", level: 0, get: (f) => f.mediation.preventedPetition, drill: mediationList("registered", { flag: "preventedPetition" }) },
        { key: "mediation.writtenAgreements", label: { zh: "书面协议", en: "Written agreements" }, measure: "cases", level: 1, get: (f) => f.mediation.writtenAgreements },
        { key: "mediation.oralAgreements", label: { zh: "口头协议", en: "Oral agreements" }, measure: "cases", level: 1, get: (f) => f.mediation.oralAgreements },
        ...breakdown("mediation.successful.byPerformance", PERFORMANCE_STATUSES, (f) => f.mediation.byPerformance, PERFORMANCE_STATUSES.values, "cases", () => mediationList("concluded", { status: "success" })).map(
          (r) => ({ ...r, drill: undefined }),
        ),
        ...breakdown("mediation.failed.byRoute", FAILURE_ROUTES, (f) => f.mediation.byFailureRoute, FAILURE_ROUTES.values, "cases", () => mediationList("concluded", { status: "failed" })).map(
          (r) => ({ ...r, drill: undefined }),
        ),
        { key: "mediation.followups", label: { zh: "回访次数", en: "Follow-up visits" }, measure: "records", level: 0, get: (f) => f.mediation.followups },
        ...breakdown("mediation.followups.bySatisfaction", SATISFACTION, (f) => f.mediation.bySatisfaction, SATISFACTION.values, "records", () => () => "").map((r) => ({ ...r, drill: undefined })),
        { key: "mediation.satisfactionRate", label: { zh: "回访满意率（满意+基本满意）", en: "Satisfaction rate" }, measure: "rate", level: 0, get: (f) => f.mediation.satisfactionRate },
      ],
    },
    {
      key: "legalAid",
      title: { zh: "法律援助", en: "Legal aid" },
      rows: [
        { key: "legalAid.applications", label: { zh: "受理申请", en: "Applications" }, measure: "cases", level: 0, get: (f) => f.legalAid.applications, drill: legalAidList("applied") },
        { key: "legalAid.granted", label: { zh: "办理法律援助案件（准予）", en: "Cases granted" }, measure: "cases", level: 0, get: (f) => f.legalAid.granted, drill: legalAidList("decided", { status: "grantedAll" }) },
        ...LEGAL_AID_PROCEEDINGS.values.map((code) => ({
          key: `legalAid.granted.byProceeding.${code}`,
          label: LEGAL_AID_PROCEEDINGS.labels[code],
          measure: "cases" as const,
          level: 1 as const,
          get: (f: ReportFigures) => (code === "litigation" ? f.legalAid.litigation : f.legalAid.nonLitigation),
          drill: legalAidList("decided", { status: "grantedAll", proceeding: code }),
        })),
        ...LEGAL_AID_CASE_TYPES.values.map((code) => ({
          key: `legalAid.granted.byType.${code}`,
          label: LEGAL_AID_CASE_TYPES.labels[code],
          measure: "cases" as const,
          level: 1 as const,
          get: (f: ReportFigures) => f.legalAid.byType.find((t) => t.code === code)?.granted ?? 0,
          drill: legalAidList("decided", { status: "grantedAll", caseType: code }),
        })),
        { key: "legalAid.specialGroupCases", label: { zh: "特殊群体法律援助案件", en: "Special-group cases" }, measure: "cases", level: 0, get: (f) => f.legalAid.specialGroupCases, drill: legalAidList("decided", { status: "grantedAll", category: "special" }) },
        ...LEGAL_AID_SPECIAL_GROUPS.map((code) => ({
          key: `legalAid.specialGroupCases.byCategory.${code}`,
          label: PERSON_CATEGORIES.labels[code],
          measure: "cases" as const,
          level: 1 as const,
          get: (f: ReportFigures) => f.legalAid.byCategory.find((c) => c.code === code)?.cases ?? 0,
          drill: legalAidList("decided", { status: "grantedAll", category: code }),
        })),
        { key: "legalAid.beneficiaries", label: { zh: "受援人数", en: "Beneficiaries" }, measure: "persons", level: 0, get: (f) => f.legalAid.beneficiaries, drill: legalAidList("decided", { status: "grantedAll" }) },
        { key: "legalAid.refused", label: { zh: "不予援助", en: "Refused" }, measure: "cases", level: 0, get: (f) => f.legalAid.refused, drill: legalAidList("decided", { status: "refused" }) },
        { key: "legalAid.closed", label: { zh: "结案", en: "Closed" }, measure: "cases", level: 0, get: (f) => f.legalAid.closed, drill: legalAidList("closed", { status: "closed" }) },
        { key: "legalAid.terminated", label: { zh: "终止", en: "Terminated" }, measure: "cases", level: 0, get: (f) => f.legalAid.terminated },
        { key: "legalAid.recovered", label: { zh: "挽回或避免经济损失", en: "Loss recovered or avoided" }, measure: "fen", level: 0, get: (f) => f.legalAid.recoveredFen, drill: legalAidList("closed", { status: "closed" }) },
      ],
    },
    {
      key: "org",
      title: { zh: "组织与队伍", en: "Organisation and people" },
      rows: [
        org("org.committees", { zh: "人民调解委员会", en: "People's mediation committees" }, "count", 0, (o) => o.committees.total),
        org("org.committees.village", { zh: "村（居）人民调解委员会", en: "Village (community) committees" }, "count", 1, (o) => o.committees.village),
        org("org.committees.township", { zh: "乡镇（街道）人民调解委员会", en: "Township (street) committees" }, "count", 1, (o) => o.committees.township),
        org("org.committees.industry", { zh: "行业性专业性人民调解委员会", en: "Industry / specialised committees" }, "count", 1, (o) => o.committees.industry),
        org("org.committees.stationed", { zh: "派驻调解工作室", en: "Stationed mediation rooms" }, "count", 1, (o) => o.committees.stationed),
        org("org.personalRooms", { zh: "个人品牌调解室", en: "Personal-brand mediation rooms" }, "count", 0, (o) => o.personalRooms),
        org("org.mediators", { zh: "人民调解员", en: "People's mediators" }, "persons", 0, (o) => o.mediators.total),
        org("org.mediators.fullTime", { zh: "专职", en: "Full-time" }, "persons", 1, (o) => o.mediators.fullTime),
        org("org.mediators.partTime", { zh: "兼职", en: "Part-time" }, "persons", 1, (o) => o.mediators.partTime),
        org("org.centres", { zh: "公共法律服务实体平台", en: "Public legal service platforms" }, "count", 0, (o) => o.centres.total),
        org("org.centres.city", { zh: "市级", en: "City level" }, "count", 1, (o) => o.centres.city),
        org("org.centres.county", { zh: "县级", en: "County level" }, "count", 1, (o) => o.centres.county),
        org("org.centres.township", { zh: "乡镇级", en: "Township level" }, "count", 1, (o) => o.centres.township),
        org("org.centres.village", { zh: "村（社区）级", en: "Village (community) level" }, "count", 1, (o) => o.centres.village),
        org("org.legallyLiterate", { zh: "法律明白人", en: "Legally-literate villagers" }, "persons", 0, (o) => o.legallyLiterate),
        org("org.villageAdvisers", { zh: "村（居）法律顾问", en: "Village legal advisers" }, "persons", 0, (o) => o.villageAdvisers),
        org("org.govAdvisers", { zh: "政府法律顾问", en: "Government legal advisers" }, "persons", 0, (o) => o.govAdvisers),
        org("org.govAdviserDepartments", { zh: "聘用政府法律顾问的部门", en: "Departments with a legal adviser" }, "count", 1, (o) => o.govAdviserDepartments),
        org("org.legalAidProviders", { zh: "法律援助律师及工作者", en: "Legal aid lawyers and workers" }, "persons", 0, (o) => o.legalAidProviders),
        org("org.villages", { zh: "村（社区）", en: "Villages (communities)" }, "count", 0, (o) => o.villages),
        { ...org("org.coverage.literate", { zh: "有法律明白人的村（社区）占比", en: "Villages with a legally-literate villager" }, "rate", 1, (o) => o.coverage.literate), drill: coverageList("literate") },
        { ...org("org.coverage.adviser", { zh: "有村（居）法律顾问的村（社区）占比", en: "Villages with a legal adviser" }, "rate", 1, (o) => o.coverage.adviser), drill: coverageList("adviser") },
        { ...org("org.coverage.servicePoint", { zh: "有公共法律服务点的村（社区）占比", en: "Villages with a service point" }, "rate", 1, (o) => o.coverage.servicePoint), drill: coverageList("servicePoint") },
      ],
    },
    {
      key: "quality",
      title: { zh: "满意度与办结", en: "Satisfaction and completion" },
      rows: [
        { key: "quality.mediationSatisfactionRate", label: { zh: "人民调解工作满意度（回访）", en: "Mediation satisfaction (follow-ups)" }, measure: "rate", level: 0, get: (f) => f.mediation.satisfactionRate },
        { key: "quality.legalAidFollowups", label: { zh: "法律援助回访次数", en: "Legal aid follow-ups" }, measure: "records", level: 0, get: (f) => f.quality?.legalAidFollowups ?? null },
        { key: "quality.legalAidSatisfactionRate", label: { zh: "法律援助回访满意率", en: "Legal aid satisfaction" }, measure: "rate", level: 0, get: (f) => f.quality?.legalAidSatisfactionRate ?? null },
        { key: "quality.satisfactionRate", label: { zh: "综合满意度（调解+法律援助回访）", en: "Overall satisfaction" }, measure: "rate", level: 0, get: (f) => f.quality?.satisfactionRate ?? null },
        { key: "quality.mediationOpen", label: { zh: "本期受理纠纷中仍在办理", en: "Disputes of the period still open" }, measure: "cases", level: 0, get: (f) => f.quality?.mediationOpen ?? null, drill: mediationList("registered", { status: "open" }) },
        { key: "quality.legalAidOpen", label: { zh: "本期准予援助案件中仍在办理", en: "Legal aid cases of the period still open" }, measure: "cases", level: 0, get: (f) => f.quality?.legalAidOpen ?? null },
      ],
    },
    {
      key: "mediationByType",
      title: { zh: "人民调解·按纠纷类型", en: "Mediation by dispute type" },
      rows: typeCodes.map((code) => ({
        key: `mediation.accepted.byType.${code}`,
        // a built-in type has its English name; a county's own type is named by its users, in either language
        label: { zh: typeLabels.get(code) ?? code, en: MEDIATION_TYPES.has(code) ? MEDIATION_TYPES.labels[code].en : (typeLabels.get(code) ?? code) },
        measure: "cases" as const,
        level: 0 as const,
        get: (f: ReportFigures) => f.mediation.byType.find((t) => t.code === code)?.accepted ?? 0,
        drill: mediationList("registered", { type: code }),
      })),
    },
    {
      key: "mediationBySource",
      title: { zh: "人民调解·按纠纷来源", en: "Mediation by source" },
      rows: MEDIATION_SOURCES.values.map((code) => ({
        key: `mediation.accepted.bySource.${code}`,
        label: MEDIATION_SOURCES.labels[code],
        measure: "cases" as const,
        level: 0 as const,
        get: (f: ReportFigures) => f.mediation.bySource.find((t) => t.code === code)?.accepted ?? 0,
        drill: mediationList("registered", { source: code }),
      })),
    },
  ];
}

/** A value for display: 人次/件 as integers, money from fen in 元 with two decimals, rates in % with two. */
export function formatMeasure(value: number | null, measure: Measure): string {
  if (value === null || !Number.isFinite(value)) return "—";
  if (measure === "rate") return `${(value * 100).toFixed(2)}%`;
  if (measure === "fen") return (value / 100).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return value.toLocaleString("zh-CN");
}

/** The value as exported (numbers stay numbers): money in 元, rates as fractions at full precision. */
export function exportValue(value: number | null, measure: Measure): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  return measure === "fen" ? value / 100 : value;
}
