/** 免费法律咨询: channels, topics, person categories, next steps. */
import { defineEnum } from "./define";

export const CHANNELS = /* @__PURE__ */ defineEnum({
  walk_in: { zh: "现场来访", en: "Walk-in" },
  hotline: { zh: "12348热线", en: "12348 hotline" },
  online: { zh: "网络", en: "Online" },
  letter: { zh: "来信", en: "Letter" },
  outreach: { zh: "现场活动", en: "Outreach event" },
});
export type Channel = (typeof CHANNELS.values)[number];

export const TOPICS = /* @__PURE__ */ defineEnum({
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

export const PERSON_CATEGORIES = /* @__PURE__ */ defineEnum({
  disabled: { zh: "残疾人", en: "Disabled" },
  elderly: { zh: "老年人", en: "Elderly" },
  minor: { zh: "未成年人", en: "Minor" },
  women: { zh: "妇女", en: "Women" },
  migrant_worker: { zh: "农民工", en: "Migrant worker" },
  military: { zh: "军人军属", en: "Service member / family" },
  low_income: { zh: "低保/特困", en: "Low income / destitute" },
});
export type PersonCategory = (typeof PERSON_CATEGORIES.values)[number];

export const NEXT_STEPS = /* @__PURE__ */ defineEnum({
  answered: { zh: "已解答", en: "Answered" },
  referred_mediation: { zh: "转人民调解", en: "Referred to mediation" },
  referred_legal_aid: { zh: "转法律援助", en: "Referred to legal aid" },
  referred_elsewhere: { zh: "转其他部门", en: "Referred elsewhere" },
});
export type NextStep = (typeof NEXT_STEPS.values)[number];
