/** Unit levels and types, and user roles. */
import { defineEnum } from "./define";

export const UNIT_LEVELS = /* @__PURE__ */ defineEnum({
  province: { zh: "省", en: "Province" },
  city: { zh: "市", en: "City" },
  county: { zh: "县（市、区）", en: "County" },
  township: { zh: "乡镇（街道）", en: "Township" },
  village: { zh: "村（社区）", en: "Village / community" },
});
export type UnitLevel = (typeof UNIT_LEVELS.values)[number];
/** Parent level for each level, for validation of the tree. */
export const LEVEL_ORDER: UnitLevel[] = ["province", "city", "county", "township", "village"];

export const UNIT_TYPES = /* @__PURE__ */ defineEnum({
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

export const ROLES = /* @__PURE__ */ defineEnum({
  staff: { zh: "调解员/工作人员", en: "Mediator / staff" },
  centre_head: { zh: "中心负责人", en: "Centre head" },
  bureau: { zh: "司法局", en: "Judicial bureau" },
  report_writer: { zh: "报告撰写人", en: "Report writer" },
  admin: { zh: "系统管理员", en: "Administrator" },
});
export type Role = (typeof ROLES.values)[number];
