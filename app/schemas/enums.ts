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
