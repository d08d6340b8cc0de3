/** 法律援助. */
import { defineEnum } from "./define";
import type { PersonCategory } from "./consultation";

export const LEGAL_AID_CASE_TYPES = /* @__PURE__ */ defineEnum({
  criminal: { zh: "刑事", en: "Criminal" },
  civil: { zh: "民事", en: "Civil" },
  administrative: { zh: "行政", en: "Administrative" },
  state_compensation: { zh: "国家赔偿", en: "State compensation" },
  non_litigation: { zh: "非诉讼", en: "Non-litigation" },
});
export type LegalAidCaseType = (typeof LEGAL_AID_CASE_TYPES.values)[number];

export const LEGAL_AID_PROCEEDINGS = /* @__PURE__ */ defineEnum({
  litigation: { zh: "诉讼", en: "Litigation" },
  non_litigation: { zh: "非诉讼", en: "Non-litigation" },
});

export const LEGAL_AID_SERVICE_FORMS = /* @__PURE__ */ defineEnum({
  defence: { zh: "刑事辩护", en: "Criminal defence" },
  agency: { zh: "诉讼代理", en: "Representation in court" },
  labour_arbitration: { zh: "劳动仲裁代理", en: "Labour arbitration representation" },
  non_lit_agency: { zh: "非诉讼代理", en: "Non-litigation representation" },
  drafting: { zh: "代拟法律文书", en: "Drafting legal documents" },
  duty_lawyer: { zh: "值班律师法律帮助", en: "Duty lawyer's help" },
});

export const LEGAL_AID_STATUSES = /* @__PURE__ */ defineEnum({
  pending: { zh: "待审查", en: "Awaiting review" },
  granted: { zh: "已准予·待指派", en: "Granted, awaiting assignment" },
  assigned: { zh: "已指派·办理中", en: "Assigned, in progress" },
  closed: { zh: "已结案", en: "Closed" },
  terminated: { zh: "已终止", en: "Terminated" },
  refused: { zh: "不予援助", en: "Refused" },
});
export type LegalAidStatus = (typeof LEGAL_AID_STATUSES.values)[number];
/** Statuses of a case that was granted (and is counted as 办理 by its decision date). */
export const GRANTED_LEGAL_AID_STATUSES: LegalAidStatus[] = ["granted", "assigned", "closed", "terminated"];
export const OPEN_LEGAL_AID_STATUSES: LegalAidStatus[] = ["pending", "granted", "assigned"];

export const LEGAL_AID_APPLICANT_RELATIONS = /* @__PURE__ */ defineEnum({
  self: { zh: "受援人本人", en: "The beneficiary" },
  guardian: { zh: "法定代理人（监护人）", en: "Legal guardian" },
  relative: { zh: "近亲属", en: "Close relative" },
  entrusted: { zh: "受委托人", en: "Authorised person" },
});

/** 经济困难审查 */
export const LEGAL_AID_MEANS = /* @__PURE__ */ defineEnum({
  verified: { zh: "经核查符合经济困难标准", en: "Means test passed" },
  pledge: { zh: "个人诚信承诺（经济困难）", en: "Signed means declaration" },
  exempt: { zh: "免予核查经济困难状况", en: "Exempt from the means test" },
});

/** Why the means test is exempted (法律援助法 第三十二条, and provincial rules for groups). */
export const LEGAL_AID_EXEMPTIONS = /* @__PURE__ */ defineEnum({
  category: { zh: "受援人属于免予核查的特定群体", en: "Beneficiary belongs to an exempt group" },
  hero_relatives: { zh: "英雄烈士近亲属维护英雄烈士的人格权益", en: "Close relative of a hero or martyr defending their honour" },
  good_samaritan: { zh: "因见义勇为行为主张相关民事权益", en: "Claim arising from a good-samaritan act" },
  wrongful_conviction: { zh: "再审改判无罪请求国家赔偿", en: "State compensation after acquittal on retrial" },
  abuse_victim: { zh: "遭受虐待、遗弃或者家庭暴力的受害人主张相关权益", en: "Victim of abuse, abandonment or domestic violence" },
  other: { zh: "法律、法规、规章规定的其他情形", en: "Other case provided by law" },
});

export const LEGAL_AID_PROVIDER_KINDS = /* @__PURE__ */ defineEnum({
  lawyer: { zh: "律师", en: "Lawyer" },
  firm: { zh: "律师事务所", en: "Law firm" },
  worker: { zh: "基层法律服务工作者", en: "Legal-service worker" },
});

export const LEGAL_AID_OUTCOMES = /* @__PURE__ */ defineEnum({
  won: { zh: "胜诉（请求得到支持）", en: "Won (claims upheld)" },
  partly_won: { zh: "部分胜诉", en: "Partly won" },
  settled: { zh: "调解或和解结案", en: "Settled by mediation or agreement" },
  lost: { zh: "败诉（请求未获支持）", en: "Lost" },
  defence_adopted: { zh: "辩护意见被采纳", en: "Defence arguments adopted" },
  defence_partly: { zh: "辩护意见部分采纳", en: "Defence arguments partly adopted" },
  defence_rejected: { zh: "辩护意见未被采纳", en: "Defence arguments not adopted" },
  help_given: { zh: "已提供法律帮助（文书/值班）", en: "Help or documents provided" },
});

/** 终止法律援助的法定情形 (法律援助法 第四十八条). */
export const LEGAL_AID_TERMINATION_REASONS = /* @__PURE__ */ defineEnum({
  fraud: { zh: "受援人以欺骗或者其他不正当手段获得法律援助", en: "Aid obtained by deception" },
  concealment: { zh: "受援人故意隐瞒与案件有关的重要事实或者提供虚假证据", en: "Material facts concealed or false evidence" },
  illegal_use: { zh: "受援人利用法律援助从事违法活动", en: "Aid used for unlawful ends" },
  no_longer_eligible: { zh: "受援人的经济状况发生变化，不再符合法律援助条件", en: "No longer eligible" },
  proceedings_ended: { zh: "案件终止审理或者已经被撤销", en: "Proceedings ended or the case withdrawn" },
  own_counsel: { zh: "受援人自行委托律师或者其他代理人", en: "Beneficiary engaged own counsel" },
  beneficiary_request: { zh: "受援人有正当理由要求终止法律援助", en: "Beneficiary asked to end the aid" },
  other: { zh: "法律法规规定的其他情形", en: "Other case provided by law" },
});

export const LEGAL_AID_QUALITY_GRADES = /* @__PURE__ */ defineEnum({
  excellent: { zh: "优秀", en: "Excellent" },
  good: { zh: "良好", en: "Good" },
  pass: { zh: "合格", en: "Satisfactory" },
  fail: { zh: "不合格", en: "Unsatisfactory" },
});

/**
 * 特殊群体 for `legalAid.specialGroupCases`: the person categories that make a case a special-group case.
 * 低保/特困 is an economic status (the ground of eligibility), not a group of its own, so it is left out.
 */
export const LEGAL_AID_SPECIAL_GROUPS: PersonCategory[] = ["disabled", "elderly", "minor", "women", "migrant_worker", "military"];

/** Statutory time limits of legal aid, in calendar days. */
export const LEGAL_AID_LIMITS = {
  /** decide within 7 days of a complete application */
  reviewWithinDays: 7,
  /** assign within 3 days of the grant */
  assignWithinDays: 3,
  /** 先行援助 is allowed when a limitation deadline is fewer than this many days away */
  preliminaryUrgentDays: 7,
  /** a review or assignment this many days from its limit is shown as due soon */
  dueSoonDays: 2,
  /** an assigned case open longer than this is shown on the deadline board */
  longOpenDays: 180,
} as const;
