/**
 * Ready-to-paste Chinese sentences in the style of the annual rule-of-law reports (../shared/seeds):
 * "2023年，全市共提供免费法律咨询3558人次，完成年度任务的142.3%" … Pure functions of the figures.
 */
import { ratio } from "./counting-rules";

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

/** 98.64% (two decimals, as the seeds print rates); 142.3% for completion rates with one. */
export function pct(rate: number | null, digits = 2): string {
  if (rate === null || !Number.isFinite(rate)) return "—";
  return `${(rate * 100).toFixed(digits)}%`;
}

/**
 * Money for sentences, from fen: 万元 from ten thousand yuan up, floored to 0.1万 with 余 when there is more
 * ("2966.3万余元"); below that whole 元.
 */
export function moneyPhrase(fen: number): string {
  const yuan = fen / 100;
  if (yuan >= 10000) {
    const tenths = Math.floor(yuan / 1000);
    const shown = tenths % 10 === 0 ? String(tenths / 10) : (tenths / 10).toFixed(1);
    return `${shown}万${yuan > tenths * 1000 ? "余" : ""}元`;
  }
  return `${Math.round(yuan)}元`;
}

/** "，同比增长12.3%" / "，同比下降4.0%" / "" when last year had none. */
export function yoyPhrase(current: number, previous: number): string {
  const r = ratio(current - previous, previous);
  if (r === null) return "";
  if (r === 0) return "，与上年持平";
  return `，同比${r > 0 ? "增长" : "下降"}${(Math.abs(r) * 100).toFixed(1)}%`;
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
  };
  /** registry counts on the period's last day (organisations and people) */
  registry?: { committees: number; mediators: number; fullTimeMediators: number; personalRooms: number } | null;
  legalAid?: {
    granted: number;
    beneficiaries: number;
    specialGroupCases: number;
    recoveredFen: number;
    previousGranted: number;
    target?: number | null;
  } | null;
};

/** The sentences for one unit and period; each stands alone and can be pasted as it is. */
export function reportSentences(
  unit: SentenceUnit,
  from: string,
  to: string,
  f: SentenceFigures,
  opts: { completionDigits?: number } = {},
): Array<{ key: string; text: string }> {
  const P = periodPhrase(from, to);
  const scope = scopeWord(unit);
  const admin = unit.type === "admin";
  const out: Array<{ key: string; text: string }> = [];
  const completion = (actual: number, target?: number | null) =>
    target && target > 0 ? `，完成年度任务的${pct(actual / target, opts.completionDigits ?? 2)}` : "";

  const c = f.consultation;
  out.push({
    key: "consultation",
    text: `${P}，${scope}共提供免费法律咨询${c.personTimes}人次${completion(c.personTimes, c.target)}${yoyPhrase(c.personTimes, c.previousPersonTimes)}。`,
  });

  const m = f.mediation;
  const who = admin ? `${scope}${unit.level === "village" ? "" : "各级"}人民调解组织` : scope;
  let med = `${P}，${who}共调解各类矛盾纠纷${m.concluded}件，调解成功${m.successful}件，成功率${pct(ratio(m.successful, m.concluded))}`;
  if (m.massDisputes) med += `，其中群体性纠纷${m.massDisputes}件`;
  if (m.preventedCriminal) med += `，防止民间纠纷转化为刑事案件${m.preventedCriminal}件`;
  if (m.agreementAmountFen) med += `，调解协议涉及金额${moneyPhrase(m.agreementAmountFen)}`;
  med += `${completion(m.concluded, m.target)}${yoyPhrase(m.concluded, m.previousConcluded)}。`;
  out.push({ key: "mediation", text: med });

  const reg = f.registry;
  if (reg && (reg.committees || reg.mediators)) {
    const parts: string[] = [];
    if (reg.committees) parts.push(`人民调解委员会${reg.committees}个`);
    if (reg.mediators) parts.push(`专兼职人民调解员${reg.mediators}名${reg.fullTimeMediators ? `，其中专职调解员${reg.fullTimeMediators}名` : ""}`);
    if (reg.personalRooms) parts.push(`个人品牌调解室${reg.personalRooms}个`);
    out.push({ key: "registry", text: `截至${periodEnd(to)}，${scope}共有${parts.join("，")}。` });
  }

  const la = f.legalAid;
  if (la) {
    let t = `${P}，${scope}共办理法律援助案件${la.granted}件`;
    if (la.beneficiaries) t += `，受援人为${la.beneficiaries}人`;
    if (la.specialGroupCases) t += `，其中特殊群体法律援助案件${la.specialGroupCases}件`;
    if (la.recoveredFen) t += `，为困难群众挽回或避免经济损失${moneyPhrase(la.recoveredFen)}`;
    t += `${completion(la.granted, la.target)}${yoyPhrase(la.granted, la.previousGranted)}。`;
    out.push({ key: "legalAid", text: t });
  }
  return out;
}
