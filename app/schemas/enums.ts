/**
 * Every enumeration with its labels, defined once. Forms, schemas, statistics and exports all read from here.
 * Codes are stable ASCII (stored in the database); labels are what people read.
 */
import type { Locale } from "~/i18n";

export type Label = { zh: string; en: string };

export function defineEnum<const T extends Record<string, Label>>(labels: T) {
  const values = Object.keys(labels) as Array<keyof T & string>;
  return {
    labels,
    values: values as [keyof T & string, ...Array<keyof T & string>],
    label(code: string | null | undefined, locale: Locale = "zh"): string {
      if (!code) return "";
      const l = (labels as Record<string, Label>)[code];
      return l ? l[locale] : code;
    },
    options(locale: Locale = "zh") {
      return values.map((value) => ({ value, label: labels[value][locale] }));
    },
    has(code: string): code is keyof T & string {
      return Object.prototype.hasOwnProperty.call(labels, code);
    },
  };
}

export const UNIT_LEVELS = defineEnum({
  province: { zh: "省", en: "Province" },
  city: { zh: "市", en: "City" },
  county: { zh: "县（市、区）", en: "County" },
  township: { zh: "乡镇（街道）", en: "Township" },
  village: { zh: "村（社区）", en: "Village / community" },
});
export type UnitLevel = (typeof UNIT_LEVELS.values)[number];
/** Parent level for each level, for validation of the tree. */
export const LEVEL_ORDER: UnitLevel[] = ["province", "city", "county", "township", "village"];

export const UNIT_TYPES = defineEnum({
  admin: { zh: "行政区划单位", en: "Administrative unit" },
  judicial_bureau: { zh: "司法局", en: "Judicial bureau" },
  service_centre: { zh: "公共法律服务中心", en: "Public legal service centre" },
  judicial_office: { zh: "司法所", en: "Judicial office" },
  legal_aid_centre: { zh: "法律援助中心", en: "Legal aid centre" },
  mediation_committee: { zh: "人民调解委员会", en: "People's mediation committee" },
  industry_committee: { zh: "行业性专业性人民调解委员会", en: "Industry / specialised mediation committee" },
  stationed_room: { zh: "派驻调解工作室", en: "Stationed mediation room" },
  personal_room: { zh: "个人品牌调解室", en: "Personal-brand mediation room" },
});
export type UnitType = (typeof UNIT_TYPES.values)[number];

export const ROLES = defineEnum({
  staff: { zh: "调解员/工作人员", en: "Mediator / staff" },
  centre_head: { zh: "中心负责人", en: "Centre head" },
  bureau: { zh: "司法局", en: "Judicial bureau" },
  report_writer: { zh: "报告撰写人", en: "Report writer" },
  admin: { zh: "系统管理员", en: "Administrator" },
});
export type Role = (typeof ROLES.values)[number];

export const CHANNELS = defineEnum({
  walk_in: { zh: "现场来访", en: "Walk-in" },
  hotline: { zh: "12348热线", en: "12348 hotline" },
  online: { zh: "网络", en: "Online" },
  letter: { zh: "来信", en: "Letter" },
  outreach: { zh: "现场活动", en: "Outreach event" },
});
export type Channel = (typeof CHANNELS.values)[number];

export const TOPICS = defineEnum({
  marriage_family: { zh: "婚姻家庭", en: "Marriage & family" },
  labour: { zh: "劳动", en: "Labour" },
  land: { zh: "土地", en: "Land" },
  contract: { zh: "合同", en: "Contract" },
  debt: { zh: "债务", en: "Debt" },
  tort: { zh: "侵权", en: "Tort" },
  housing: { zh: "房屋", en: "Housing" },
  inheritance: { zh: "继承", en: "Inheritance" },
  traffic: { zh: "交通事故", en: "Traffic accident" },
  consumer: { zh: "消费", en: "Consumer" },
  administrative: { zh: "行政", en: "Administrative" },
  criminal: { zh: "刑事", en: "Criminal" },
  other: { zh: "其他", en: "Other" },
});
export type Topic = (typeof TOPICS.values)[number];

export const PERSON_CATEGORIES = defineEnum({
  disabled: { zh: "残疾人", en: "Disabled" },
  elderly: { zh: "老年人", en: "Elderly" },
  minor: { zh: "未成年人", en: "Minor" },
  women: { zh: "妇女", en: "Women" },
  migrant_worker: { zh: "农民工", en: "Migrant worker" },
  military: { zh: "军人军属", en: "Service member / family" },
  low_income: { zh: "低保/特困", en: "Low income / destitute" },
});
export type PersonCategory = (typeof PERSON_CATEGORIES.values)[number];

export const NEXT_STEPS = defineEnum({
  answered: { zh: "已解答", en: "Answered" },
  referred_mediation: { zh: "转人民调解", en: "Referred to mediation" },
  referred_legal_aid: { zh: "转法律援助", en: "Referred to legal aid" },
  referred_elsewhere: { zh: "转其他部门", en: "Referred elsewhere" },
});
export type NextStep = (typeof NEXT_STEPS.values)[number];

// ---- 人民调解 ---------------------------------------------------------------------------------------------

/** The built-in dispute types; a county may add its own (table dispute_types, codes `x<id>`). */
export const MEDIATION_TYPES = defineEnum({
  marriage_family: { zh: "婚姻家庭", en: "Marriage & family" },
  neighbour: { zh: "邻里", en: "Neighbours" },
  housing_homestead: { zh: "房屋宅基地", en: "Housing & homestead" },
  contract: { zh: "合同", en: "Contract" },
  business: { zh: "生产经营", en: "Production & business" },
  damages: { zh: "损害赔偿", en: "Damages" },
  forest_land: { zh: "山林土地", en: "Forest & land" },
  expropriation: { zh: "征地拆迁", en: "Land taking & demolition" },
  environment: { zh: "环境污染", en: "Pollution" },
  labour: { zh: "劳动争议", en: "Labour" },
  consumer: { zh: "消费", en: "Consumer" },
  medical: { zh: "医疗", en: "Medical" },
  traffic: { zh: "道路交通事故", en: "Road traffic accident" },
  property_mgmt: { zh: "物业", en: "Property management" },
  other: { zh: "其他", en: "Other" },
});

export const MEDIATION_SOURCES = defineEnum({
  application: { zh: "当事人申请", en: "Application by a party" },
  proactive: { zh: "主动调解", en: "Proactive mediation" },
  court: { zh: "法院委托/委派", en: "Entrusted by a court" },
  police: { zh: "公安移交", en: "Handed over by police" },
  petition: { zh: "信访移交", en: "Handed over by petition office" },
  government: { zh: "政府部门指定", en: "Assigned by a government department" },
  screening: { zh: "排查发现", en: "Found in screening" },
});

export const MEDIATION_STATUSES = defineEnum({
  registered: { zh: "受理登记", en: "Registered" },
  in_mediation: { zh: "调解中", en: "In mediation" },
  success: { zh: "调解成功", en: "Settled" },
  failed: { zh: "调解不成功（终止）", en: "Failed (terminated)" },
  withdrawn: { zh: "撤回", en: "Withdrawn" },
});
export type MediationStatus = (typeof MEDIATION_STATUSES.values)[number];
export const OPEN_MEDIATION_STATUSES: MediationStatus[] = ["registered", "in_mediation"];

export const MEDIATION_RESULTS = defineEnum({
  success: { zh: "调解成功", en: "Settled" },
  failed: { zh: "调解不成功（终止）", en: "Failed (terminated)" },
  withdrawn: { zh: "撤回", en: "Withdrawn" },
});

export const AGREEMENT_FORMS = defineEnum({
  written: { zh: "书面协议（协议书）", en: "Written agreement" },
  oral: { zh: "口头协议", en: "Oral agreement" },
});

export const FAILURE_ROUTES = defineEnum({
  litigation: { zh: "诉讼", en: "Litigation" },
  arbitration: { zh: "仲裁", en: "Arbitration" },
  administrative: { zh: "行政途径", en: "Administrative route" },
  other: { zh: "其他途径", en: "Other route" },
});

export const PERFORMANCE_STATUSES = defineEnum({
  immediate: { zh: "即时履行", en: "Performed at once" },
  in_progress: { zh: "履行中", en: "Being performed" },
  performed: { zh: "已履行", en: "Performed" },
  partial: { zh: "部分履行", en: "Partly performed" },
  not_performed: { zh: "未履行", en: "Not performed" },
});

export const JUDICIAL_CONFIRMATION = defineEnum({
  none: { zh: "未申请", en: "Not applied" },
  applied: { zh: "已申请", en: "Applied" },
  granted: { zh: "已确认", en: "Confirmed" },
  refused: { zh: "未予确认", en: "Refused" },
});

export const SATISFACTION = defineEnum({
  satisfied: { zh: "满意", en: "Satisfied" },
  fairly: { zh: "基本满意", en: "Fairly satisfied" },
  dissatisfied: { zh: "不满意", en: "Dissatisfied" },
});

export const PARTY_SIDES = defineEnum({
  applicant: { zh: "申请人", en: "Applicant" },
  respondent: { zh: "被申请人", en: "Respondent" },
});

export const PARTY_KINDS = defineEnum({
  person: { zh: "自然人", en: "Person" },
  organisation: { zh: "单位/组织", en: "Organisation" },
});

export const GENDERS = defineEnum({
  male: { zh: "男", en: "Male" },
  female: { zh: "女", en: "Female" },
});

export const MEDIATION_FLAGS = defineEnum({
  mass: { zh: "群体性纠纷", en: "Mass dispute" },
  preventedCriminal: { zh: "防止民转刑", en: "Escalation to crime prevented" },
  preventedPetition: { zh: "防止群体性上访", en: "Mass petition prevented" },
});

/** Statutory and working time limits, in days. */
export const MEDIATION_LIMITS = {
  /** a mediation is normally concluded within 30 days of registration */
  concludeWithinDays: 30,
  /** 司法确认 must be applied for within 30 days of the agreement */
  judicialConfirmationWithinDays: 30,
  /** a settled dispute is visited within 30 days of the agreement */
  followupWithinDays: 30,
} as const;

// ---- 法律援助 ---------------------------------------------------------------------------------------------

export const LEGAL_AID_CASE_TYPES = defineEnum({
  criminal: { zh: "刑事", en: "Criminal" },
  civil: { zh: "民事", en: "Civil" },
  administrative: { zh: "行政", en: "Administrative" },
  state_compensation: { zh: "国家赔偿", en: "State compensation" },
  non_litigation: { zh: "非诉讼", en: "Non-litigation" },
});
export type LegalAidCaseType = (typeof LEGAL_AID_CASE_TYPES.values)[number];

export const LEGAL_AID_PROCEEDINGS = defineEnum({
  litigation: { zh: "诉讼", en: "Litigation" },
  non_litigation: { zh: "非诉讼", en: "Non-litigation" },
});

export const LEGAL_AID_SERVICE_FORMS = defineEnum({
  defence: { zh: "刑事辩护", en: "Criminal defence" },
  agency: { zh: "诉讼代理", en: "Representation in court" },
  labour_arbitration: { zh: "劳动仲裁代理", en: "Labour arbitration representation" },
  non_lit_agency: { zh: "非诉讼代理", en: "Non-litigation representation" },
  drafting: { zh: "代拟法律文书", en: "Drafting legal documents" },
  duty_lawyer: { zh: "值班律师法律帮助", en: "Duty lawyer's help" },
});

export const LEGAL_AID_STATUSES = defineEnum({
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

export const LEGAL_AID_APPLICANT_RELATIONS = defineEnum({
  self: { zh: "受援人本人", en: "The beneficiary" },
  guardian: { zh: "法定代理人（监护人）", en: "Legal guardian" },
  relative: { zh: "近亲属", en: "Close relative" },
  entrusted: { zh: "受委托人", en: "Authorised person" },
});

/** 经济困难审查 */
export const LEGAL_AID_MEANS = defineEnum({
  verified: { zh: "经核查符合经济困难标准", en: "Means test passed" },
  pledge: { zh: "个人诚信承诺（经济困难）", en: "Signed means declaration" },
  exempt: { zh: "免予核查经济困难状况", en: "Exempt from the means test" },
});

/** Why the means test is exempted (法律援助法 第三十二条, and provincial rules for groups). */
export const LEGAL_AID_EXEMPTIONS = defineEnum({
  category: { zh: "受援人属于免予核查的特定群体", en: "Beneficiary belongs to an exempt group" },
  hero_relatives: { zh: "英雄烈士近亲属维护英雄烈士的人格权益", en: "Close relative of a hero or martyr defending their honour" },
  good_samaritan: { zh: "因见义勇为行为主张相关民事权益", en: "Claim arising from a good-samaritan act" },
  wrongful_conviction: { zh: "再审改判无罪请求国家赔偿", en: "State compensation after acquittal on retrial" },
  abuse_victim: { zh: "遭受虐待、遗弃或者家庭暴力的受害人主张相关权益", en: "Victim of abuse, abandonment or domestic violence" },
  other: { zh: "法律、法规、规章规定的其他情形", en: "Other case provided by law" },
});

export const LEGAL_AID_PROVIDER_KINDS = defineEnum({
  lawyer: { zh: "律师", en: "Lawyer" },
  firm: { zh: "律师事务所", en: "Law firm" },
  worker: { zh: "基层法律服务工作者", en: "Legal-service worker" },
});

export const LEGAL_AID_OUTCOMES = defineEnum({
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
export const LEGAL_AID_TERMINATION_REASONS = defineEnum({
  fraud: { zh: "受援人以欺骗或者其他不正当手段获得法律援助", en: "Aid obtained by deception" },
  concealment: { zh: "受援人故意隐瞒与案件有关的重要事实或者提供虚假证据", en: "Material facts concealed or false evidence" },
  illegal_use: { zh: "受援人利用法律援助从事违法活动", en: "Aid used for unlawful ends" },
  no_longer_eligible: { zh: "受援人的经济状况发生变化，不再符合法律援助条件", en: "No longer eligible" },
  proceedings_ended: { zh: "案件终止审理或者已经被撤销", en: "Proceedings ended or the case withdrawn" },
  own_counsel: { zh: "受援人自行委托律师或者其他代理人", en: "Beneficiary engaged own counsel" },
  beneficiary_request: { zh: "受援人有正当理由要求终止法律援助", en: "Beneficiary asked to end the aid" },
  other: { zh: "法律法规规定的其他情形", en: "Other case provided by law" },
});

export const LEGAL_AID_QUALITY_GRADES = defineEnum({
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

// ---- 操作日志 ---------------------------------------------------------------------------------------------

/** What the audit log records (its `action` codes); a code not listed is shown as it is. */
export const AUDIT_ACTIONS = defineEnum({
  create: { zh: "新增", en: "Create" },
  update: { zh: "修改", en: "Update" },
  void: { zh: "作废", en: "Void" },
  login: { zh: "登录", en: "Log in" },
  login_failed: { zh: "登录失败", en: "Failed log-in" },
  change_password: { zh: "修改密码", en: "Change password" },
  reset_password: { zh: "重置密码", en: "Reset password" },
  export: { zh: "导出", en: "Export" },
  print: { zh: "打印", en: "Print" },
  view_personal: { zh: "查看完整个人信息", en: "View personal data" },
  import: { zh: "批量导入", en: "Import" },
  import_rejected: { zh: "导入被拒", en: "Import refused" },
  move: { zh: "调整隶属", en: "Move" },
  deactivate: { zh: "停用", en: "Deactivate" },
  reactivate: { zh: "启用", en: "Reactivate" },
  revise: { zh: "调整", en: "Revise" },
  freeze: { zh: "冻结报送版本", en: "Freeze edition" },
  setup: { zh: "初始设置", en: "Set up" },
  revoke: { zh: "撤销", en: "Revoke" },
  upload_document: { zh: "上传文书", en: "Upload document" },
  void_document: { zh: "作废文书", en: "Void document" },
  download_archive: { zh: "下载案卷", en: "Download file" },
  review_file: { zh: "案卷评查", en: "Review file" },
  session: { zh: "调解记录", en: "Mediation session" },
  mediation: { zh: "调解", en: "Mediation" },
  conclude: { zh: "调结", en: "Conclude" },
  performance: { zh: "履行情况", en: "Performance" },
  followup: { zh: "回访", en: "Follow-up" },
  transfer: { zh: "移交", en: "Transfer" },
  grant: { zh: "准予援助", en: "Grant" },
  refuse: { zh: "不予援助", en: "Refuse" },
  assign: { zh: "指派", en: "Assign" },
  reassign: { zh: "变更承办人", en: "Reassign" },
  progress: { zh: "办理进展", en: "Progress" },
  close: { zh: "结案", en: "Close" },
  terminate: { zh: "终止", en: "Terminate" },
  quality: { zh: "质量评估", en: "Quality review" },
  missing_documents: { zh: "补充材料", en: "Missing documents" },
  complete: { zh: "材料齐全", en: "Documents complete" },
});

/** What an audit line is about (its `entity` codes). */
export const AUDIT_ENTITIES = defineEnum({
  consultation: { zh: "法律咨询", en: "Consultation" },
  mediation: { zh: "人民调解", en: "Mediation" },
  legal_aid: { zh: "法律援助", en: "Legal aid" },
  document: { zh: "文书", en: "Document" },
  unit: { zh: "单位", en: "Unit" },
  user: { zh: "用户", en: "User" },
  mediator: { zh: "调解员", en: "Mediator" },
  legal_aid_provider: { zh: "承办人员", en: "Legal aid provider" },
  dispute_type: { zh: "纠纷类型", en: "Dispute type" },
  target: { zh: "年度目标", en: "Target" },
  report: { zh: "统计报表", en: "Report" },
  report_edition: { zh: "报送版本", en: "Report edition" },
  report_style: { zh: "报表样式", en: "Report style" },
  monthly_report: { zh: "月报", en: "Monthly report" },
  import_batch: { zh: "批量导入", en: "Import" },
  api_token: { zh: "API 令牌", en: "API token" },
  ledger: { zh: "台账", en: "Ledger" },
});
