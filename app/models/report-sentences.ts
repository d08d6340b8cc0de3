/**
 * Ready-to-paste Chinese sentences in the style of the annual rule-of-law reports (../shared/seeds):
 * "2023年，全市共提供免费法律咨询3558人次，完成年度任务的142.3%" … Pure functions of the figures.
 */
import { ratio } from "./counting-rules";
import { DEFAULT_REPORT_STYLE, formatRate, moneyPhrase, peoplePhrase, type ReportStyle } from "./report-style";

export type SentenceUnit = { name: string; level: string; type: string };

/** 全市 / 全县 / 全区 / 全镇 / 全乡 / 全街道 / 全村 / 全社区; a specialised body speaks in its own name. */
export function scopeWord(unit: SentenceUnit): string {
  if (unit.type !== "admin") return unit.name;
  const n = unit.name;
  if (unit.level === "province") return "全省";
  if (unit.level === "city") return n.endsWith("州") ? "全州" : n.endsWith("盟") ? "全盟" : "全市";
  if (unit.level === "county") return n.endsWith("区") ? "全区" : n.endsWith("市") ? "全市" : n.endsWith("旗") ? "全旗" : "全县";
  if (unit.level === "township") return n.endsWith("街道") ? "全街道" : n.endsWith("乡") ? "全乡" : "全镇";
  return n.endsWith("社区") ? "全社区" : "全村";
}

const QUARTERS = ["第一季度", "第二季度", "第三季度", "第四季度"];

function lastDay(y: number, m: number) {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** 2023年 / 2023年第一季度 / 2023年3月 / 2023年1月1日至6月30日 */
export function periodPhrase(from: string, to: string): string {
  const [fy, fm, fd] = from.split("-").map(Number);
  const [ty, tm, td] = to.split("-").map(Number);
  if (fy === ty && fm === 1 && fd === 1 && tm === 12 && td === 31) return `${fy}年`;
  if (fy === ty && fd === 1 && td === lastDay(ty, tm)) {
    if (fm === tm) return `${fy}年${fm}月`;
    if ((fm - 1) % 3 === 0 && tm === fm + 2) return `${fy}年${QUARTERS[(fm - 1) / 3]}`;
    return `${fy}年${fm}月至${tm}月`;
  }
  if (fy === ty) return `${fy}年${fm}月${fd}日至${tm}月${td}日`;
  return `${fy}年${fm}月${fd}日至${ty}年${tm}月${td}日`;
}

/** The title an edition gets unless the writer writes another: "临猗县2025年统计数据（报送版）". */
export function defaultEditionTitle(unitName: string, from: string, to: string): string {
  return `${unitName}${periodPhrase(from, to)}统计数据（报送版）`;
}

/**
 * Years a title names ("2025年", "2024—2025年度") that lie outside the period's years: a title left over from
 * another period. Empty when the title fits.
 */
export function foreignYearsInTitle(title: string, from: string, to: string): number[] {
  const lo = Number(from.slice(0, 4));
  const hi = Number(to.slice(0, 4));
  const years = [...title.matchAll(/(?<!\d)(19\d\d|20\d\d)(?!\d)/g)].map((m) => Number(m[1]));
  return [...new Set(years.filter((y) => y < lo || y > hi))];
}

/** 2023年底 for 31 December, else 2023年6月30日 */
function periodEnd(to: string) {
  const [y, m, d] = to.split("-").map(Number);
  return m === 12 && d === 31 ? `${y}年底` : `${y}年${m}月${d}日`;
}

/** 98.64% (two decimals, trailing zeros dropped, as the seeds print rates); 142.3% with one. */
export function pct(rate: number | null, digits = DEFAULT_REPORT_STYLE.rateDigits, trim = true): string {
  return formatRate(rate, digits, trim);
}

export { moneyPhrase };

/** "，同比增长12.3%" / "，同比下降4%" / "，与上年持平" / "" when last year had none. */
export function yoyPhrase(current: number, previous: number, style: ReportStyle = DEFAULT_REPORT_STYLE): string {
  const r = ratio(current - previous, previous);
  if (r === null || previous <= 0) return "";
  if (r === 0) return "，与上年持平";
  return `，同比${r > 0 ? "增长" : "下降"}${formatRate(Math.abs(r), style.rateDigits, style.trimZeros)}`;
}

/** 全省第1 / 全市并列第2: a unit's place among its parent's children. */
export type RankPhrase = { rank: number; of: number; tied: boolean; parentScope: string };
export function rankPhrase(r: RankPhrase | null | undefined): string {
  if (!r || r.of < 2) return "";
  return `${r.parentScope}${r.tied ? "并列" : ""}第${r.rank}`;
}

export type SentenceFigures = {
  consultation: { personTimes: number; previousPersonTimes: number; target?: number | null };
  mediation: {
    accepted: number;
    concluded: number;
    successful: number;
    massDisputes: number;
    preventedCriminal: number;
    agreementAmountFen: number;
    previousConcluded: number;
    target?: number | null;
    /** disputes registered in the period and not concluded yet (completion state); undefined: not said */
    open?: number;
  };
  /** registry counts on the period's last day (organisations and people) */
  registry?: {
    committees: number;
    mediators: number;
    fullTimeMediators: number;
    personalRooms: number;
    /** public legal service platforms by level (centres, stations, contact points) */
    centres?: { city: number; county: number; township: number; village: number };
    legallyLiterate?: number;
    villageAdvisers?: number;
    /** 政府法律顾问: the subtree's, and the unit's own departments' ("37个市直部门聘用法律顾问104名") */
    govAdvisers?: { advisers: number; departments: number; ownAdvisers: number; ownDepartments: number };
  } | null;
  /** villages/communities and how many have at least one active … on the period's last day */
  coverage?: { villages: number; literate: number; adviser: number; servicePoint: number } | null;
  /** satisfaction from follow-up visits, and the unit's place among its siblings on it */
  satisfaction?: { rate: number | null; visits: number; rank?: RankPhrase | null } | null;
  legalAid?: {
    granted: number;
    beneficiaries: number;
    specialGroupCases: number;
    recoveredFen: number;
    previousGranted: number;
    target?: number | null;
    /** cases granted in the period and not closed or terminated yet; undefined: not said */
    open?: number;
  } | null;
};

const LEVEL_WORD = { city: "市", county: "县", township: "乡", village: "村" } as const;
const LEVEL_NUMBER = ["", "一", "二", "三", "四"];
const LEVEL_PART = { city: "市级", county: "县级", township: "乡镇级", village: "村（社区）级" } as const;

/** "，已全部完成结案" / "，其中3件仍在办理" / "" */
function completionState(total: number, open: number | undefined): string {
  if (open === undefined || total <= 0) return "";
  return open === 0 ? "，已全部完成结案" : `，其中${open}件仍在办理`;
}

/**
 * The sentences for one unit and period; each stands alone and can be pasted as it is. A section with nothing in
 * it gives no sentence. Numbers are written in the unit's style (report-style.ts).
 */
export function reportSentences(
  unit: SentenceUnit,
  from: string,
  to: string,
  f: SentenceFigures,
  opts: { style?: ReportStyle; completionDigits?: number } = {},
): Array<{ key: string; text: string }> {
  const style: ReportStyle = { ...(opts.style ?? DEFAULT_REPORT_STYLE), ...(opts.completionDigits !== undefined ? { completionDigits: opts.completionDigits } : {}) };
  const rate = (r: number | null) => formatRate(r, style.rateDigits, style.trimZeros);
  const P = periodPhrase(from, to);
  const scope = scopeWord(unit);
  const admin = unit.type === "admin";
  const out: Array<{ key: string; text: string }> = [];
  const completion = (actual: number, target?: number | null) =>
    target && target > 0 ? `，完成年度任务的${formatRate(actual / target, style.completionDigits, style.trimZeros)}` : "";
  const yoy = (c: number, p: number) => yoyPhrase(c, p, style);

  const c = f.consultation;
  if (c.personTimes > 0)
    out.push({
      key: "consultation",
      text: `${P}，${scope}共提供免费法律咨询${c.personTimes}人次${completion(c.personTimes, c.target)}${yoy(c.personTimes, c.previousPersonTimes)}。`,
    });

  const m = f.mediation;
  if (m.concluded > 0) {
    const who = admin ? `${scope}${unit.level === "village" ? "" : "各级"}人民调解组织` : scope;
    let med = `${P}，${who}共调解各类矛盾纠纷${m.concluded}件，调解成功${m.successful}件，成功率${rate(ratio(m.successful, m.concluded))}`;
    if (m.massDisputes) med += `，其中群体性纠纷${m.massDisputes}件`;
    if (m.preventedCriminal) med += `，防止民间纠纷转化为刑事案件${m.preventedCriminal}件`;
    if (m.agreementAmountFen) med += `，调解协议涉及金额${moneyPhrase(m.agreementAmountFen, style)}`;
    med += `${completion(m.concluded, m.target)}${yoy(m.concluded, m.previousConcluded)}。`;
    out.push({ key: "mediation", text: med });
  } else if (m.accepted > 0) {
    out.push({ key: "mediation", text: `${P}，${scope}受理矛盾纠纷${m.accepted}件，均在调解中。` });
  }
  if (m.accepted > 0 && m.open !== undefined && m.open > 0)
    out.push({ key: "mediationOpen", text: `${P}受理的${m.accepted}件矛盾纠纷中，${m.open}件仍在办理。` });

  const sat = f.satisfaction;
  if (sat && sat.visits > 0 && sat.rate !== null) {
    const place = rankPhrase(sat.rank);
    out.push({ key: "satisfaction", text: `${P}，${scope}人民调解工作满意度${rate(sat.rate)}${place ? `、${place}` : ""}。` });
  }

  const reg = f.registry;
  if (reg && (reg.committees || reg.mediators)) {
    const parts: string[] = [];
    if (reg.committees) parts.push(`人民调解委员会${reg.committees}个`);
    if (reg.mediators) parts.push(`专兼职人民调解员${peoplePhrase(reg.mediators, "名", style)}${reg.fullTimeMediators ? `，其中专职调解员${reg.fullTimeMediators}名` : ""}`);
    if (reg.personalRooms) parts.push(`个人品牌调解室${reg.personalRooms}个`);
    out.push({ key: "registry", text: `截至${periodEnd(to)}，${scope}共有${parts.join("，")}。` });
  }
  const cen = reg?.centres;
  if (cen) {
    const levels = (["city", "county", "township", "village"] as const).filter((l) => cen[l] > 0);
    const total = levels.reduce((a, l) => a + cen[l], 0);
    if (total > 0) {
      const head = `截至${periodEnd(to)}，${scope}在${levels.map((l) => LEVEL_WORD[l]).join("、")}${LEVEL_NUMBER[levels.length]}级建立公共法律服务实体平台${total}个`;
      const detail = levels.length > 1 ? `，其中${levels.map((l) => `${LEVEL_PART[l]}${cen[l]}个`).join("，")}` : "";
      out.push({ key: "centres", text: `${head}${detail}。` });
    }
  }
  const cov = f.coverage;
  if (reg?.legallyLiterate) {
    const all = cov && cov.villages > 0 && cov.literate === cov.villages;
    out.push({
      key: "literate",
      text: all
        ? `截至${periodEnd(to)}，${scope}共培养“法律明白人”${peoplePhrase(reg.legallyLiterate, "名", style)}，${cov!.villages}个村（社区）法律明白人全覆盖。`
        : `截至${periodEnd(to)}，${scope}共培养“法律明白人”${peoplePhrase(reg.legallyLiterate, "名", style)}${cov && cov.villages > 0 ? `，覆盖${cov.villages}个村（社区）中的${cov.literate}个` : ""}。`,
    });
  }
  if (reg?.villageAdvisers && cov && cov.villages > 0) {
    out.push({
      key: "advisers",
      text:
        cov.adviser === cov.villages
          ? `截至${periodEnd(to)}，${scope}${cov.villages}个村（社区）均配备村（居）法律顾问，共${reg.villageAdvisers}名。`
          : `截至${periodEnd(to)}，${scope}${cov.villages}个村（社区）中有${cov.adviser}个配备村（居）法律顾问，共${reg.villageAdvisers}名，覆盖率${rate(cov.adviser / cov.villages)}。`,
    });
  }

  const gov = reg?.govAdvisers;
  if (gov && gov.advisers > 0) {
    const own = admin && gov.ownAdvisers > 0 && (unit.level === "city" || unit.level === "county" || unit.level === "province");
    const direct = `${scope.slice(1)}直`; // 市直 / 县直 / 区直 / 省直
    const total = `${scope}${admin && unit.level !== "village" ? "各级" : ""}共聘用政府法律顾问${peoplePhrase(gov.advisers, "名", style)}`;
    out.push({
      key: "govAdvisers",
      text: own
        ? `截至${periodEnd(to)}，${gov.ownDepartments}个${direct}部门聘用法律顾问${peoplePhrase(gov.ownAdvisers, "名", style)}${gov.advisers > gov.ownAdvisers ? `，${total}` : ""}。`
        : `截至${periodEnd(to)}，${scope}${gov.departments}个部门聘用政府法律顾问${peoplePhrase(gov.advisers, "名", style)}。`,
    });
  }

  const la = f.legalAid;
  if (la && la.granted > 0) {
    let t = `${P}，${scope}共办理法律援助案件${la.granted}件`;
    if (la.beneficiaries) t += `，受援人为${peoplePhrase(la.beneficiaries, "人", style)}`;
    if (la.specialGroupCases) t += `，其中特殊群体法律援助案件${la.specialGroupCases}件`;
    if (la.recoveredFen) t += `，为困难群众挽回或避免经济损失${moneyPhrase(la.recoveredFen, style)}`;
    t += `${completion(la.granted, la.target)}${yoy(la.granted, la.previousGranted)}${completionState(la.granted, la.open)}。`;
    out.push({ key: "legalAid", text: t });
  }
  return out;
}
