/** 人民调解. */
import { defineEnum } from "./define";

/** The built-in dispute types; a county may add its own (table dispute_types, codes `x<id>`). */
export const MEDIATION_TYPES = /* @__PURE__ */ defineEnum({
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

export const MEDIATION_SOURCES = /* @__PURE__ */ defineEnum({
  application: { zh: "当事人申请", en: "Application by a party" },
  proactive: { zh: "主动调解", en: "Proactive mediation" },
  court: { zh: "法院委托/委派", en: "Entrusted by a court" },
  police: { zh: "公安移交", en: "Handed over by police" },
  petition: { zh: "信访移交", en: "Handed over by petition office" },
  government: { zh: "政府部门指定", en: "Assigned by a government department" },
  screening: { zh: "排查发现", en: "Found in screening" },
});

export const MEDIATION_STATUSES = /* @__PURE__ */ defineEnum({
  registered: { zh: "受理登记", en: "Registered" },
  in_mediation: { zh: "调解中", en: "In mediation" },
  success: { zh: "调解成功", en: "Settled" },
  failed: { zh: "调解不成功（终止）", en: "Failed (terminated)" },
  withdrawn: { zh: "撤回", en: "Withdrawn" },
});
export type MediationStatus = (typeof MEDIATION_STATUSES.values)[number];
export const OPEN_MEDIATION_STATUSES: MediationStatus[] = ["registered", "in_mediation"];

export const MEDIATION_RESULTS = /* @__PURE__ */ defineEnum({
  success: { zh: "调解成功", en: "Settled" },
  failed: { zh: "调解不成功（终止）", en: "Failed (terminated)" },
  withdrawn: { zh: "撤回", en: "Withdrawn" },
});

export const AGREEMENT_FORMS = /* @__PURE__ */ defineEnum({
  written: { zh: "书面协议（协议书）", en: "Written agreement" },
  oral: { zh: "口头协议", en: "Oral agreement" },
});

export const FAILURE_ROUTES = /* @__PURE__ */ defineEnum({
  litigation: { zh: "诉讼", en: "Litigation" },
  arbitration: { zh: "仲裁", en: "Arbitration" },
  administrative: { zh: "行政途径", en: "Administrative route" },
  other: { zh: "其他途径", en: "Other route" },
});

export const PERFORMANCE_STATUSES = /* @__PURE__ */ defineEnum({
  immediate: { zh: "即时履行", en: "Performed at once" },
  in_progress: { zh: "履行中", en: "Being performed" },
  performed: { zh: "已履行", en: "Performed" },
  partial: { zh: "部分履行", en: "Partly performed" },
  not_performed: { zh: "未履行", en: "Not performed" },
});

export const JUDICIAL_CONFIRMATION = /* @__PURE__ */ defineEnum({
  none: { zh: "未申请", en: "Not applied" },
  applied: { zh: "已申请", en: "Applied" },
  granted: { zh: "已确认", en: "Confirmed" },
  refused: { zh: "未予确认", en: "Refused" },
});

export const SATISFACTION = /* @__PURE__ */ defineEnum({
  satisfied: { zh: "满意", en: "Satisfied" },
  fairly: { zh: "基本满意", en: "Fairly satisfied" },
  dissatisfied: { zh: "不满意", en: "Dissatisfied" },
});

export const PARTY_SIDES = /* @__PURE__ */ defineEnum({
  applicant: { zh: "申请人", en: "Applicant" },
  respondent: { zh: "被申请人", en: "Respondent" },
});

export const PARTY_KINDS = /* @__PURE__ */ defineEnum({
  person: { zh: "自然人", en: "Person" },
  organisation: { zh: "单位/组织", en: "Organisation" },
});

export const GENDERS = /* @__PURE__ */ defineEnum({
  male: { zh: "男", en: "Male" },
  female: { zh: "女", en: "Female" },
});

export const MEDIATION_FLAGS = /* @__PURE__ */ defineEnum({
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
