/**
 * Demo data for 人民调解: the mediators' rosters of both demo counties and two years of disputes at their
 * committees (townships, villages, 临猗县's industry committees, stationed rooms and personal-brand rooms), in every
 * state: registered, in mediation, settled (with agreement, performance, 司法确认 and follow-up visits), failed,
 * withdrawn, transferred, overdue, and a few voided duplicate registrations.
 *
 * Runs inside the demo seed's one transaction with prepared statements on the raw connection (no drizzle, no
 * counters: the seed rebuilds every counter afterwards). Deterministic for a given `today` and random stream.
 */
import type { PlannedUnit, Rand } from "./seed";
import type { SeedContext } from "./seed-context";
import { DEMO_ACCOUNTS, SPRING_FESTIVAL, SURNAMES } from "./seed-data";
import { committeeShortName, formatMediationCaseNo } from "../app/models/mediations.server";
import { isValidResidentId } from "../app/schemas/person-fields";
import { MEDIATION_LIMITS } from "../app/schemas/enums";
import { addDays, daysBetween } from "../app/utils/dates";

// ---------------------------------------------------------------------------------------------------------------
// Small random helpers

const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const chance = (r: Rand, p: number) => r() < p;

function weighted<K extends string>(weights: Record<K, number>) {
  const entries = Object.entries(weights) as Array<[K, number]>;
  const total = entries.reduce((s, [, w]) => s + w, 0);
  return (r: Rand): K => {
    let x = r() * total;
    for (const [k, w] of entries) {
      x -= w;
      if (x < 0) return k;
    }
    return entries[entries.length - 1][0];
  };
}

function poisson(r: Rand, lambda: number) {
  if (lambda <= 0) return 0;
  if (lambda > 40) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * (r() + r() + r() - 1.5) * 2));
  const L = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= r();
  } while (p > L);
  return k - 1;
}

/** An instant on a China calendar day at hh:mm (CST), as ISO UTC text. */
function instant(day: string, minutesAfterMidnight: number) {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d, 0, minutesAfterMidnight) - 8 * 3600_000).toISOString();
}

const dayOfWeek = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();
const isWeekend = (day: string) => dayOfWeek(day) === 0 || dayOfWeek(day) === 6;
const cnDate = (day: string) => `${Number(day.slice(0, 4))}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
const yuanText = (yuan: number) => (yuan >= 10000 && yuan % 1000 === 0 ? `${yuan / 10000}万元` : `${yuan}元`);
const maxDay = (a: string, b: string) => (a > b ? a : b);
const minDay = (a: string, b: string) => (a < b ? a : b);

/** A sum of money between lo and hi yuan, spread on a log scale and rounded as people round. */
function yuanBetween(r: Rand, lo: number, hi: number) {
  const y = Math.exp(Math.log(lo) + r() * (Math.log(hi) - Math.log(lo)));
  const step = y < 1000 ? 10 : y < 10000 ? 100 : y < 100000 ? 500 : 1000;
  return Math.max(step, Math.round(y / step) * step);
}

// ---------------------------------------------------------------------------------------------------------------
// Committees and what they see

type Kind = "township" | "village" | "traffic" | "medical" | "labour" | "marriage" | "court" | "petition" | "market" | "dev" | "personal";
type DisputeType =
  | "marriage_family"
  | "neighbour"
  | "housing_homestead"
  | "contract"
  | "business"
  | "damages"
  | "forest_land"
  | "expropriation"
  | "environment"
  | "labour"
  | "consumer"
  | "medical"
  | "traffic"
  | "property_mgmt"
  | "other";
type Source = "application" | "proactive" | "court" | "police" | "petition" | "government" | "screening";

/** Specialised bodies of 临猗县 by code (db/seed-data.ts LINYI_BODIES). */
const BODY_KINDS: Record<string, Kind> = {
  "140821-TJ01": "traffic",
  "140821-TJ02": "medical",
  "140821-TJ03": "labour",
  "140821-TJ04": "marriage",
  "140821-PZ01": "court",
  "140821-PZ02": "petition",
  "140821-PZ03": "market",
  "140821-PZ04": "dev",
};

/** Disputes a year at each kind of county body (townships and villages are sized per county below). */
const BODY_PER_YEAR: Partial<Record<Kind, number>> = {
  traffic: 170,
  medical: 28,
  labour: 75,
  marriage: 65,
  court: 240,
  petition: 35,
  market: 45,
  dev: 18,
};
const PERSONAL_PER_YEAR: Record<string, number> = { 老张调解室: 36, 王大姐调解室: 30, 老杨调解室: 26 };
/** The namesake of each personal-brand room: its one full-time mediator. */
const PERSONAL_NAMESAKES: Record<string, { name: string; gender: "male" | "female" }> = {
  老张调解室: { name: "张守信", gender: "male" },
  王大姐调解室: { name: "王秀兰", gender: "female" },
  老杨调解室: { name: "杨德福", gender: "male" },
};

const TYPE_MIX: Record<Kind | "community", Partial<Record<DisputeType, number>>> = {
  township: {
    neighbour: 20, marriage_family: 19, housing_homestead: 14, damages: 11, contract: 9, forest_land: 8, labour: 6, business: 3,
    traffic: 3, expropriation: 2, consumer: 1, environment: 1.2, property_mgmt: 0.5, medical: 0.3, other: 2,
  },
  village: {
    neighbour: 28, marriage_family: 22, housing_homestead: 17, forest_land: 11, damages: 9, contract: 4, labour: 2, business: 1.5,
    traffic: 1, expropriation: 1, environment: 1, other: 2.5,
  },
  community: {
    neighbour: 25, marriage_family: 22, property_mgmt: 14, housing_homestead: 6, damages: 10, contract: 6, consumer: 4, labour: 4, other: 4,
  },
  personal: { neighbour: 35, marriage_family: 30, housing_homestead: 15, damages: 10, contract: 5, other: 5 },
  court: {
    contract: 24, damages: 14, marriage_family: 16, labour: 8, traffic: 9, housing_homestead: 6, business: 10, neighbour: 4, property_mgmt: 3,
    consumer: 2, other: 4,
  },
  petition: { expropriation: 25, forest_land: 18, labour: 14, housing_homestead: 14, neighbour: 8, environment: 6, contract: 5, other: 10 },
  market: { consumer: 75, contract: 15, business: 5, other: 5 },
  dev: { business: 35, contract: 35, expropriation: 10, consumer: 10, other: 10 },
  traffic: { traffic: 1 },
  medical: { medical: 1 },
  labour: { labour: 1 },
  marriage: { marriage_family: 1 },
};

const SOURCE_MIX: Record<Kind, Partial<Record<Source, number>>> = {
  township: { application: 46, proactive: 14, screening: 18, police: 9, court: 4, petition: 5, government: 4 },
  village: { application: 42, proactive: 22, screening: 30, police: 4, government: 2 },
  personal: { application: 75, proactive: 20, police: 5 },
  traffic: { police: 62, application: 33, court: 5 },
  medical: { application: 75, government: 25 },
  labour: { application: 65, government: 25, court: 10 },
  marriage: { application: 55, court: 25, police: 8, proactive: 12 },
  court: { court: 94, application: 6 },
  petition: { petition: 88, government: 12 },
  market: { government: 45, application: 55 },
  dev: { government: 65, application: 35 },
};

/** Chance of failure and of withdrawal by committee kind (≈2% and ≈1% over a county). */
const OUTCOME: Record<Kind, { failed: number; withdrawn: number }> = {
  village: { failed: 0.01, withdrawn: 0.008 },
  township: { failed: 0.015, withdrawn: 0.01 },
  personal: { failed: 0.008, withdrawn: 0.006 },
  traffic: { failed: 0.04, withdrawn: 0.012 },
  medical: { failed: 0.08, withdrawn: 0.02 },
  labour: { failed: 0.04, withdrawn: 0.015 },
  marriage: { failed: 0.03, withdrawn: 0.015 },
  court: { failed: 0.035, withdrawn: 0.012 },
  petition: { failed: 0.05, withdrawn: 0.01 },
  market: { failed: 0.025, withdrawn: 0.02 },
  dev: { failed: 0.04, withdrawn: 0.01 },
};

/** Days from registration to conclusion: most within 1–25, some 26–45. */
function durationDays(r: Rand, kind: Kind): number {
  const x = r();
  switch (kind) {
    case "village":
      return x < 0.35 ? 0 : x < 0.55 ? int(r, 1, 2) : x < 0.9 ? int(r, 3, 15) : x < 0.98 ? int(r, 16, 25) : int(r, 26, 40);
    case "township":
    case "personal":
      return x < 0.12 ? 0 : x < 0.32 ? int(r, 1, 3) : x < 0.82 ? int(r, 4, 20) : x < 0.94 ? int(r, 21, 25) : int(r, 26, 45);
    case "traffic":
      return x < 0.2 ? int(r, 1, 7) : x < 0.82 ? int(r, 8, 25) : int(r, 26, 45);
    case "medical":
      return x < 0.6 ? int(r, 10, 25) : int(r, 26, 45);
    case "labour":
    case "marriage":
      return x < 0.25 ? int(r, 1, 5) : x < 0.9 ? int(r, 6, 25) : int(r, 26, 45);
    case "court":
    case "dev":
      return x < 0.88 ? int(r, 5, 25) : int(r, 26, 45);
    case "petition":
      return x < 0.85 ? int(r, 5, 25) : int(r, 26, 45);
    case "market":
      return x < 0.95 ? int(r, 1, 15) : int(r, 26, 40);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The calendar of disputes

type Profile = "default" | "land" | "family" | "labour" | "traffic";
const PROFILE_OF: Partial<Record<DisputeType, Profile>> = {
  forest_land: "land",
  housing_homestead: "land",
  expropriation: "land",
  marriage_family: "family",
  labour: "labour",
  traffic: "traffic",
  medical: "default",
};
const MONTH_FACTOR: Record<Profile, number[]> = {
  //        Jan   Feb   Mar   Apr   May   Jun   Jul   Aug   Sep   Oct   Nov   Dec
  default: [0, 0.9, 0.8, 1.05, 1.05, 1.0, 1.0, 0.95, 0.95, 1.05, 1.05, 1.0, 1.0],
  // spring sowing and irrigation, autumn apple harvest and sowing
  land: [0, 0.6, 0.6, 1.45, 1.5, 1.2, 0.9, 0.8, 0.85, 1.35, 1.45, 1.2, 0.75],
  family: [0, 1.3, 1.15, 1.0, 0.95, 0.9, 0.9, 0.95, 0.9, 0.95, 1.05, 1.0, 1.15],
  // year-end wage arrears, seasonal work in the orchards and cold stores
  labour: [0, 1.45, 0.7, 0.8, 0.85, 0.9, 0.95, 0.95, 0.95, 1.1, 1.2, 1.15, 1.55],
  traffic: [0, 1.0, 0.95, 0.95, 0.95, 1.0, 1.0, 1.0, 1.0, 1.1, 1.15, 1.05, 1.05],
};

/** Relative number of disputes registered on a day, for disputes of a profile. */
function disputeDayWeight(day: string, profile: Profile): number {
  const year = Number(day.slice(0, 4));
  const md = day.slice(5);
  let w = MONTH_FACTOR[profile][Number(day.slice(5, 7))];
  const dow = dayOfWeek(day);
  if (dow === 6) w *= 0.3;
  if (dow === 0) w *= 0.2;
  if (md === "01-01") w *= 0.3;
  if (md >= "04-04" && md <= "04-06") w *= 0.5;
  if (md >= "05-01" && md <= "05-05") w *= 0.3;
  if (md >= "10-01" && md <= "10-07") w *= 0.3;
  const sf = SPRING_FESTIVAL[year] ?? `${year}-02-05`;
  const d = daysBetween(sf, day);
  if (d >= -25 && d <= -9) w *= profile === "family" ? 1.5 : profile === "labour" ? 1.6 : 1.1;
  else if (d >= -8 && d <= -1) w *= profile === "family" ? 1.3 : profile === "labour" ? 1.2 : 0.8;
  else if (d >= 0 && d <= 6) w *= 0.08; // the festival itself: almost nobody comes
  else if (d >= 7 && d <= 15) w *= profile === "family" ? 1.2 : 0.6;
  else if (d >= 16 && d <= 40 && profile === "family") w *= 1.3;
  // Spring Festival of the next year falling in late January
  const sfNext = SPRING_FESTIVAL[year + 1];
  if (sfNext) {
    const dn = daysBetween(sfNext, day);
    if (dn >= -25 && dn <= -9) w *= profile === "family" ? 1.5 : profile === "labour" ? 1.6 : 1.1;
  }
  return w;
}

/** Per profile and year: the year's days with cumulative weights, to draw days from. */
class Calendar {
  private cache = new Map<string, { days: string[]; cum: number[] }>();
  of(profile: Profile, year: number) {
    const k = `${profile}|${year}`;
    let c = this.cache.get(k);
    if (!c) {
      const days: string[] = [];
      const cum: number[] = [];
      let s = 0;
      for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) {
        s += disputeDayWeight(d, profile);
        days.push(d);
        cum.push(s);
      }
      c = { days, cum };
      this.cache.set(k, c);
    }
    return c;
  }
  /** Share of the year's weight in [from, to] (days of that year). */
  share(profile: Profile, year: number, from: string, to: string) {
    const { days, cum } = this.of(profile, year);
    const i = days.indexOf(from);
    const j = days.indexOf(to);
    if (i < 0 || j < 0 || j < i) return 0;
    return (cum[j] - (i ? cum[i - 1] : 0)) / cum[cum.length - 1];
  }
  /** A day in [from, to] of the year, drawn by weight. */
  draw(r: Rand, profile: Profile, year: number, from: string, to: string) {
    const { days, cum } = this.of(profile, year);
    const i = days.indexOf(from);
    const j = days.indexOf(to);
    const lo = i ? cum[i - 1] : 0;
    const x = lo + r() * (cum[j] - lo);
    let a = i;
    let b = j;
    while (a < b) {
      const m = (a + b) >> 1;
      if (cum[m] > x) b = m;
      else a = m + 1;
    }
    return days[a];
  }
}

// ---------------------------------------------------------------------------------------------------------------
// People

const MALE_GIVEN = [
  "建国", "国强", "志刚", "海军", "卫东", "建军", "晓东", "俊峰", "振华", "宏伟", "新民", "国庆", "利民", "建平", "明亮", "晋生",
  "永强", "红军", "满仓", "保平", "文斌", "鹏", "磊", "强", "伟", "军", "浩", "宇", "斌", "涛", "亮", "超", "峰", "勇", "刚", "学文",
  "德胜", "长青", "来福", "拴牢", "天明", "少华", "建伟", "海涛", "文杰", "俊杰", "春生", "秋生", "黑蛋", "江涛", "永红", "晓军",
];
const FEMALE_GIVEN = [
  "丽", "敏", "芳", "红梅", "海燕", "秀英", "玉兰", "静", "娟", "春梅", "亚楠", "小燕", "彩霞", "爱萍", "雪梅", "婷", "金凤", "秀兰",
  "桂英", "翠花", "淑芳", "丽娟", "晓燕", "慧", "霞", "琳", "艳", "美玲", "粉娥", "巧玲", "月娥", "改莲", "丽霞", "晓丽", "瑞芳", "云",
];
const ETHNIC_MINORITIES = ["回族", "满族", "蒙古族"];
const PHONE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "157", "158", "159", "180", "181", "182", "183", "185", "186", "187", "188", "189"];
const COMMUNITY_ESTATES = ["幸福家园", "锦绣花园", "育才小区", "阳光小区", "金色家园", "颐和苑", "康馨苑"];
const OUTSIDE_AREAS: Array<[string, string]> = [
  ["140802", "山西省运城市盐湖区"],
  ["140881", "山西省永济市"],
  ["140882", "山西省河津市"],
  ["140823", "山西省运城市闻喜县"],
  ["140824", "山西省运城市稷山县"],
  ["140825", "山西省运城市新绛县"],
  ["610528", "陕西省渭南市富平县"],
];
const OUTSIDE_PLACES = ["东关村", "南街社区", "西城村", "北环路", "新城街道", "南关村", "城北村"];

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";

/** An 18-digit resident ID (GB 11643): area, birth date, sequence (odd for men, even for women), check digit. */
export function residentId(area: string, birthDate: string, seq: number, male: boolean): string {
  let s = seq % 1000;
  if ((s % 2 === 1) !== male) s = (s + 1) % 1000;
  const body = `${area}${birthDate.replace(/-/g, "")}${String(s).padStart(3, "0")}`;
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return body + ID_CHECK[sum % 11];
}

const phone = (r: Rand) => pick(r, PHONE_PREFIXES) + String(int(r, 0, 99_999_999)).padStart(8, "0");
const landline = (r: Rand) => `0359-${int(r, 4, 8)}${String(int(r, 0, 999_999)).padStart(6, "0")}`;
const givenName = (r: Rand, male: boolean) => pick(r, male ? MALE_GIVEN : FEMALE_GIVEN);

type Village = { name: string; township: string; county: string; community: boolean };

type Party = {
  side: "applicant" | "respondent";
  kind: "person" | "organisation";
  name: string;
  gender: "male" | "female" | null;
  ethnicity: string | null;
  birthDate: string | null;
  age: number | null;
  occupation: string | null;
  phone: string | null;
  address: string | null;
  idNumber: string | null;
};

// ---------------------------------------------------------------------------------------------------------------
// Texts

/** How the parties of a scenario relate (names, genders and ages follow). */
type Relation = "spouses" | "engaged" | "parentChild" | "siblings";

/**
 * One kind of dispute as it comes to a committee: the summary, the terms of a settlement without money, the
 * money clause of a settlement with money (a full clause, payer first), and what it usually involves.
 * {A} applicant(s), {B} respondent, {V} the village, {Y} amount in dispute, {Z} amount agreed.
 */
type Scenario = {
  s: string;
  t: string[];
  m?: string;
  /** share with an amount in dispute and its range in yuan (default: the type's) */
  amt?: [number, number, number];
  rel?: Relation;
  /** share of respondents that are organisations, and the kinds of organisation */
  org?: [number, string[]];
};

const SCENARIOS: Record<DisputeType, Scenario[]> = {
  neighbour: [
    { s: "{A}与{B}系{V}邻居，因{B}家排水管道向{A}院内排放生活污水，双方多次发生口角，{A}申请调解。", t: ["一、{B}于十日内自行改造排水管道，不再向{A}院内排放污水；二、双方就此事互不追究，今后和睦相处。"], m: "{B}改造排水管道并赔偿{A}损失{Z}", amt: [0.15, 500, 5000] },
    { s: "{A}与{B}两家相邻，{B}在巷道内堆放柴草、农具阻碍通行，双方为此发生争吵，矛盾有激化趋势。", t: ["一、{B}于三日内将堆放在巷道内的柴草、农具清理干净，保证道路通畅；二、双方今后互谅互让，和睦相处。"], amt: [0, 0, 0] },
    { s: "{B}家饲养的狗咬伤{A}，{A}要求{B}赔偿医疗费等损失{Y}，{B}认为{A}挑逗在先，双方协商未果。", t: ["一、{B}向{A}赔礼道歉，今后拴养犬只；二、双方就此事互不追究。"], m: "{B}赔偿{A}医疗费、疫苗费等各项损失共计{Z}", amt: [0.9, 300, 5000] },
    { s: "{A}与{B}因房前屋后树木遮挡采光、树根延伸至{A}院内引发纠纷，双方争执不下。", t: ["一、{B}于十五日内将遮挡{A}房屋采光的树木修剪或移栽；二、双方今后和睦相处。"], amt: [0, 0, 0] },
    { s: "{B}翻修房屋时施工造成{A}家院墙开裂，{A}要求修复并赔偿{Y}，双方意见不一。", t: ["一、{B}于二十日内负责将{A}家开裂院墙修复；二、双方就此事再无争议。"], m: "{B}赔偿{A}院墙修复费用{Z}", amt: [0.7, 1000, 8000] },
  ],
  marriage_family: [
    {
      s: "{A}与{B}系夫妻，因家庭琐事长期不和，{A}提出离婚，双方在子女抚养及财产分割问题上存在分歧。",
      t: [
        "一、双方同意和好，今后互相尊重，共同承担家庭责任；二、{B}保证不再酗酒、不再动手打人。",
        "一、双方自愿到婚姻登记机关办理离婚手续；二、婚生子随{A}生活，{B}每月支付抚养费800元至子女年满十八周岁；三、共同财产按双方签字确认的清单分割。",
      ],
      amt: [0, 0, 0],
      rel: "spouses",
    },
    {
      s: "{A}年事已高、体弱多病，其子{B}与兄弟之间互相推诿，不履行赡养义务，{A}申请调解。",
      t: ["一、{B}及其兄弟每人每月向{A}支付赡养费500元，于每月5日前支付；二、{A}的医疗费用由子女平均分担；三、子女轮流照顾{A}的日常生活。"],
      amt: [0, 0, 0],
      rel: "parentChild",
    },
    { s: "{A}与{B}经人介绍订婚后解除婚约，{A}要求返还彩礼{Y}，{B}只同意部分返还。", t: ["一、双方解除婚约，{B}返还订婚时收受的首饰；二、双方就此事再无争议。"], m: "{B}返还{A}彩礼{Z}", amt: [1, 30000, 200000], rel: "engaged" },
    { s: "{A}与{B}系兄弟，因父母遗留房产的继承分割问题发生争执，多次争吵。", t: ["一、父母遗留的房屋由{A}、{B}按份共有，东三间归{A}使用，西三间归{B}使用；二、双方今后不得因此事再起争执。"], m: "父母遗留的房屋归{B}所有，{B}给付{A}房屋折价款{Z}", amt: [0.3, 20000, 150000], rel: "siblings" },
    { s: "{A}与{B}离婚后，{B}未按约定支付子女抚养费，{A}要求支付拖欠的抚养费{Y}。", t: ["一、{B}今后按月足额支付子女抚养费；二、双方就此事再无争议。"], m: "{B}支付{A}拖欠的子女抚养费{Z}", amt: [1, 3000, 30000], rel: "spouses" },
  ],
  housing_homestead: [
    { s: "{A}与{B}系{V}前后院邻居，{B}新建房屋时地基向{A}一侧延伸，{A}认为侵占其宅基地，双方发生争执。", t: ["一、双方以宅基地使用证四至为准，共同确认界址并埋设界桩；二、{B}于十五日内拆除超出界址部分的地基和墙体。"], m: "{B}房屋保持现状，补偿{A}{Z}", amt: [0.1, 5000, 30000] },
    { s: "{A}与{B}因两家宅基地界址不清，对中间过道的使用权存在争议，多次发生口角。", t: ["一、两家中间过道由双方共同使用，任何一方不得堆放杂物或砌墙阻断；二、双方就此事再无争议。"], amt: [0, 0, 0] },
    { s: "{B}多年前购买{A}房屋一处，现{A}以当时价格过低为由要求收回房屋或补偿{Y}，双方发生纠纷。", t: ["一、房屋仍归{B}使用，{A}不再要求收回；二、双方就此事再无争议。"], m: "房屋仍归{B}使用，{B}补偿{A}{Z}", amt: [1, 10000, 100000] },
    { s: "{B}建房时屋檐滴水落入{A}院内，{A}要求{B}改造，{B}不同意，双方发生争吵。", t: ["一、{B}于三十日内加装屋檐排水槽，雨水不得流入{A}院内；二、双方和睦相处。"], amt: [0, 0, 0] },
  ],
  contract: [
    { s: "{A}与{B}口头约定收购苹果，{B}收货后以行情下跌为由拖欠货款{Y}，{A}多次催要未果。", t: ["一、双方对账确认货款数额后，{B}按对账结果付款；二、双方就此事再无争议。"], m: "{B}支付{A}苹果货款{Z}", amt: [1, 5000, 200000], org: [0.3, ["果品冷藏有限公司", "果业有限公司"]] },
    { s: "{A}承租{B}的门面房经营，租期未满{B}要求收回房屋，双方就违约责任及损失{Y}发生争议。", t: ["一、双方同意继续履行租赁合同至租期届满；二、双方就此事再无争议。"], m: "{B}收回房屋并补偿{A}装修及搬迁损失{Z}", amt: [0.9, 5000, 80000] },
    { s: "{B}向{A}借款{Y}，约定一年内归还，到期后{B}以经营亏损为由未能归还，{A}多次催要。", t: ["一、双方确认借款本金数额，{B}以其果园收入分期归还；二、双方就此事再无争议。"], m: "{B}归还{A}借款{Z}", amt: [1, 5000, 300000] },
    { s: "{A}为{B}的果园供应化肥农药，{B}拖欠农资款{Y}未付，双方发生纠纷。", t: ["一、双方对账后，{B}于苹果销售后结清农资款；二、双方就此事再无争议。"], m: "{B}支付{A}农资款{Z}", amt: [1, 2000, 50000] },
    { s: "{A}将承包地流转给{B}种植，{B}拖欠两年流转费{Y}，{A}要求解除合同并支付流转费。", t: ["一、双方同意解除土地流转合同，{B}于秋收后将土地交还{A}；二、双方就此事再无争议。"], m: "{B}支付{A}土地流转费{Z}", amt: [1, 2000, 40000], org: [0.3, ["农产品专业合作社", "果业有限公司"]] },
  ],
  business: [
    { s: "{A}与{B}合伙经营果品冷库，因利润分配和账目问题产生分歧，{A}要求退伙并结算{Y}。", t: ["一、双方同意按账目重新核算，{A}退出合伙；二、双方就此事再无其他争议。"], m: "{A}退出合伙，{B}支付{A}退伙结算款{Z}", amt: [0.9, 20000, 500000] },
    { s: "{A}向{B}供应苹果包装纸箱，{B}以质量问题为由拒付货款{Y}，双方协商未果。", t: ["一、{A}更换不合格纸箱后，{B}按合同付款；二、双方就此事再无争议。"], m: "扣除不合格纸箱后，{B}支付{A}货款{Z}", amt: [1, 5000, 150000], org: [0.5, ["果品冷藏有限公司", "果业有限公司"]] },
    { s: "{A}的农用机械为{B}作业时损坏果树，双方就作业费{Y}和损失抵扣发生争议。", t: ["一、作业费与果树损失相互抵扣，双方互不支付；二、双方就此事再无争议。"], m: "扣除果树损失后，{B}支付{A}作业费{Z}", amt: [1, 1000, 20000] },
  ],
  damages: [
    { s: "{A}骑电动车在村道上被{B}家散养的羊只撞倒受伤，要求{B}赔偿医疗费等损失{Y}。", t: ["一、{B}向{A}赔礼道歉并承担{A}的检查费用；二、双方就此事互不追究。"], m: "{B}赔偿{A}医疗费、误工费等各项损失共计{Z}", amt: [0.95, 1000, 30000] },
    { s: "{B}喷洒除草剂时药液飘移致{A}家果树受损，{A}要求赔偿损失{Y}。", t: ["一、{B}今后喷药时注意风向并提前告知{A}；二、双方就此事互不追究。"], m: "{B}赔偿{A}果树损失{Z}", amt: [0.95, 2000, 50000] },
    { s: "{A}与{B}因琐事发生肢体冲突，{A}受伤住院，要求{B}赔偿医疗费、误工费等{Y}。", t: ["一、{B}向{A}赔礼道歉；二、双方就此事互不追究，今后和睦相处。"], m: "{B}赔偿{A}医疗费、误工费、营养费等各项损失共计{Z}", amt: [0.95, 2000, 80000] },
    { s: "{A}在{B}家帮工时从梯子上摔下受伤，双方就赔偿{Y}问题产生纠纷。", t: ["一、{B}承担{A}的全部医疗费用；二、双方就此事再无争议。"], m: "{B}补偿{A}医疗费、误工费等损失共计{Z}", amt: [0.95, 3000, 60000] },
  ],
  forest_land: [
    { s: "{A}与{B}承包地相邻，因地界埋石移位发生争执，双方均认为对方多耕种了土地。", t: ["一、双方在村委会见证下按原承包合同重新确认地界并埋设界石；二、双方今后按确认的地界耕种，互不侵占。"], amt: [0, 0, 0] },
    { s: "{A}承包的耕地在延包调整时被划给{B}，{A}认为其承包权受到侵害，双方发生纠纷。", t: ["一、经村民小组核实，争议地块仍由{A}承包经营，{B}种植的作物收获后交还；二、双方就此事再无争议。"], m: "争议地块由{B}继续耕种至本轮承包期满，{B}每年补偿{A}{Z}", amt: [0.3, 1000, 8000] },
    { s: "{A}与{B}因浇地轮次和机井电费分摊问题发生争执。", t: ["一、机井电费按各户实际浇地时长分摊，由村民小组长负责登记；二、浇地轮次按抽签顺序执行。"], m: "{B}补交{A}垫付的机井电费{Z}", amt: [0.2, 300, 3000] },
    { s: "{B}在地头栽种的杨树遮挡{A}承包地内的果树，影响苹果着色，双方为此发生纠纷。", t: ["一、{B}于十日内将地头遮挡果树的杨树修剪至不影响采光；二、双方就此事互不追究。"], m: "{B}修剪杨树并补偿{A}苹果减产损失{Z}", amt: [0.4, 1000, 10000] },
  ],
  expropriation: [
    { s: "{A}对其承包地被征收后的青苗及地上附着物补偿{Y}有异议，与{B}协商未果。", t: ["一、{B}重新核实{A}地上附着物数量，按政策标准补偿；二、{A}配合项目施工。"], m: "{B}补发{A}青苗及地上附着物补偿款{Z}", amt: [0.8, 10000, 150000], org: [1, ["村民委员会"]] },
    { s: "{A}与{B}因征地补偿款{Y}在家庭成员之间的分配问题发生争执。", t: ["一、双方同意按家庭人口平均分配补偿款；二、双方就此事再无争议。"], m: "{B}分给{A}征地补偿款{Z}", amt: [1, 20000, 300000], rel: "siblings" },
    { s: "{A}认为道路拓宽工程占用其房前空地，要求{B}给予补偿。", t: ["一、{B}在道路施工中为{A}预留出入通道并硬化门前场地；二、{A}配合道路拓宽施工。"], m: "{B}补偿{A}{Z}", amt: [0.5, 5000, 50000], org: [1, ["村民委员会"]] },
  ],
  environment: [
    { s: "{B}经营的养殖场粪污处理不当，臭味影响周边住户生活，{A}等村民要求整改并赔偿。", t: ["一、{B}于三十日内完善粪污处理设施，采取防臭措施；二、{B}接受村委会和周边群众监督。"], m: "{B}完善粪污处理设施并补偿{A}等住户{Z}", amt: [0.3, 3000, 30000], org: [0.5, ["养殖专业合作社", "生猪养殖场"]] },
    { s: "{B}开办的加工厂夜间生产噪声扰民，{A}多次交涉无果后申请调解。", t: ["一、{B}承诺晚十时至早六时停止生产，并加装隔音设施；二、双方就此事再无争议。"], amt: [0, 0, 0], org: [0.6, ["果品加工厂", "包装制品有限公司"]] },
    { s: "{B}焚烧秸秆的烟雾致{A}家大棚蔬菜受损，{A}要求赔偿{Y}。", t: ["一、{B}今后不再焚烧秸秆；二、双方就此事互不追究。"], m: "{B}赔偿{A}大棚蔬菜损失{Z}", amt: [0.9, 1000, 10000] },
  ],
  labour: [
    { s: "{A}在{B}处打工，{B}拖欠其工资{Y}，{A}多次讨要未果。", t: ["一、双方对工时重新核对后，{B}按核对结果结清工资；二、双方就此事再无争议。"], m: "{B}支付{A}拖欠工资{Z}", amt: [1, 3000, 60000], org: [0.5, ["果业有限公司", "农产品专业合作社", "果品冷藏有限公司"]] },
    { s: "{A}在{B}承接的建筑工地务工时受伤，双方就工伤待遇{Y}发生争议。", t: ["一、{B}承担{A}的全部医疗费用并为其补缴工伤保险；二、双方就此事再无争议。"], m: "{B}一次性支付{A}医疗费、停工留薪期工资及伤残补助等共计{Z}", amt: [1, 10000, 200000], org: [0.6, ["建筑工程有限公司"]] },
    { s: "{A}在{B}从事分拣装箱工作，被辞退后要求支付经济补偿{Y}，{B}不同意。", t: ["一、{B}撤销辞退决定，{A}回原岗位工作；二、双方就此事再无争议。"], m: "{B}支付{A}经济补偿{Z}", amt: [1, 3000, 30000], org: [1, ["果品冷藏有限公司"]] },
    { s: "{A}等人在{B}处从事套袋、摘果等季节性务工，结算工钱{Y}时双方对工时计算产生分歧。", t: ["一、双方按考勤记录重新核定工时；二、双方就此事再无争议。"], m: "{B}按核定工时支付{A}等人工钱共计{Z}", amt: [1, 3000, 40000], org: [0.4, ["果业有限公司", "农产品专业合作社"]] },
  ],
  consumer: [
    { s: "{A}在{B}购买的化肥施用后果树出现烧根现象，要求退货并赔偿损失{Y}。", t: ["一、{B}为{A}办理退货；二、双方就此事再无争议。"], m: "{B}为{A}办理退货并赔偿果树损失共计{Z}", amt: [1, 1000, 30000], org: [1, ["农资经营部"]] },
    { s: "{A}在{B}购买的电动车多次出现故障，要求退车并返还购车款{Y}，商家拒绝。", t: ["一、{B}为{A}免费更换同型号新车；二、双方就此事再无争议。"], m: "{B}退还{A}购车款{Z}", amt: [1, 2000, 6000], org: [1, ["电动车销售部"]] },
    { s: "{A}在{B}办理的预付卡，{B}停业后拒绝退还余额{Y}。", t: ["一、{B}恢复营业后{A}的预付卡继续使用；二、双方就此事再无争议。"], m: "{B}退还{A}预付卡余额{Z}", amt: [1, 300, 5000], org: [1, ["商贸有限公司", "美容美发店", "健身会所"]] },
    { s: "{A}从{B}购买的果树苗木品种与约定不符，要求赔偿损失{Y}。", t: ["一、{B}为{A}免费补换约定品种的苗木；二、双方就此事再无争议。"], m: "{B}赔偿{A}苗木款及损失共计{Z}", amt: [1, 2000, 30000], org: [1, ["种苗场", "苗木专业合作社"]] },
  ],
  medical: [
    { s: "{A}的亲属在{B}住院治疗期间病情恶化死亡，{A}认为医院存在诊疗过错，要求赔偿{Y}。", t: ["一、{B}免除住院期间的全部费用；二、双方就此事再无争议。"], m: "{B}一次性补偿{A}{Z}", amt: [1, 50000, 600000] },
    { s: "{A}在{B}接受手术后出现并发症，认为医院存在过错，要求赔偿医疗费等损失{Y}。", t: ["一、{B}免费为{A}进行后续治疗；二、双方就此事再无争议。"], m: "{B}一次性补偿{A}医疗费等损失共计{Z}", amt: [1, 20000, 200000] },
    { s: "{A}在{B}输液后出现不良反应，要求赔偿{Y}，双方发生争执。", t: ["一、{B}免除{A}本次治疗的费用；二、双方就此事再无争议。"], m: "{B}免除{A}本次治疗费用并补偿{Z}", amt: [1, 2000, 30000] },
  ],
  traffic: [
    { s: "{A}驾驶电动三轮车与{B}驾驶的小型轿车相撞，{A}受伤住院，经交警认定{B}负主要责任，双方就赔偿数额{Y}协商未果。", t: ["一、{B}承担{A}住院期间的全部医疗费用；二、双方就本次事故再无争议。"], m: "{B}赔偿{A}医疗费、误工费、护理费、交通费等各项损失共计{Z}（含保险公司理赔部分）", amt: [1, 5000, 400000] },
    { s: "{B}驾驶农用三轮车将行人{A}撞伤，双方对医疗费、误工费等赔偿项目{Y}存在争议。", t: ["一、{B}承担{A}的全部医疗费用；二、双方就本次事故再无争议。"], m: "{B}赔偿{A}医疗费、误工费、护理费等各项损失共计{Z}", amt: [1, 3000, 150000] },
    { s: "{A}与{B}驾驶的摩托车在乡村道路会车时发生碰撞，双方均有受伤，就赔偿{Y}问题协商不成。", t: ["一、双方各自承担本方车辆损失及医疗费用；二、双方就本次事故再无争议。"], m: "{B}赔偿{A}医疗费及车辆维修费共计{Z}", amt: [0.8, 2000, 30000] },
  ],
  property_mgmt: [
    { s: "{A}家楼上漏水，{A}认为{B}维修不及时造成损失{Y}，要求赔偿。", t: ["一、{B}于十日内完成漏水维修；二、双方就此事再无争议。"], m: "{B}完成维修并赔偿{A}损失{Z}", amt: [0.9, 500, 12000], org: [1, ["物业服务有限公司"]] },
    { s: "{A}对{B}收取物业费及公共收益使用情况提出异议，拒交物业费{Y}，双方发生争执。", t: ["一、{B}每季度公示公共收益收支情况；二、{A}按时交纳物业费。"], m: "{B}公示公共收益收支情况，{A}补交物业费{Z}", amt: [0.9, 500, 5000], org: [1, ["物业服务有限公司"]] },
  ],
  other: [
    { s: "{A}与{B}因合伙购买的农用机械使用和分配问题发生争执。", t: ["一、农用机械由双方按月轮流使用，维修费用平均分担；二、双方今后和睦相处。"], m: "农用机械归{B}所有，{B}折价补偿{A}{Z}", amt: [0.2, 3000, 30000] },
    { s: "{A}与{B}因红白喜事借用物品损坏赔偿问题发生纠纷。", t: ["一、{B}按原样购买赔偿损坏的物品；二、双方就此事再无争议。"], m: "{B}赔偿{A}损坏物品折价款{Z}", amt: [0.8, 300, 5000] },
    { s: "{A}与{B}因祖坟迁移问题发生争执。", t: ["一、双方同意按当地风俗协商办理迁坟事宜，费用平均分担；二、双方就此事再无争议。"], amt: [0, 0, 0], rel: "siblings" },
  ],
};

const SESSION_OPENINGS = [
  "调解员分别听取双方陈述，了解纠纷起因和各自诉求，释明相关法律规定。",
  "组织双方当事人面对面调解，双方交换意见，分歧有所缩小。",
  "邀请村干部和双方亲友参与调解，采取背靠背方式分别做双方思想工作。",
  "调解员到现场实地查看，核实相关情况，听取周边群众意见。",
  "调解员结合民法典相关规定释法说理，引导双方换位思考。",
];
const SESSION_SUCCESS = {
  written: ["经耐心调解，双方互谅互让，达成调解协议，当场签订调解协议书。", "经释法说理，双方在自愿基础上达成一致，签订书面调解协议。"],
  oral: ["双方同意调解方案，达成口头协议，已记入口头协议登记表。"],
};
const SESSION_FAILED = ["双方仍坚持各自意见，分歧较大，调解未能达成一致，已告知当事人可通过其他途径解决。"];
const SESSION_WITHDRAWN = ["申请人表示不再要求调解，撤回调解申请。"];
const SESSION_OPEN = ["双方初步同意继续协商，约定下次调解时间。", "一方当事人提出需与家人商量，调解暂缓。", "双方对赔偿数额仍有分歧，调解员将进一步做工作。"];

const FAILURE_REASONS: Array<{ reason: string; route: "litigation" | "arbitration" | "administrative" | "other"; types?: DisputeType[] }> = [
  { reason: "双方对赔偿数额分歧过大，经多次调解未能达成一致", route: "litigation" },
  { reason: "被申请人拒绝参加调解", route: "litigation" },
  { reason: "双方各执己见，互不相让，调解终止", route: "litigation" },
  { reason: "涉及劳动关系认定，双方争议较大，告知申请劳动仲裁", route: "arbitration", types: ["labour"] },
  { reason: "涉及土地承包经营权和宅基地使用权确认，需由乡镇人民政府依法处理", route: "administrative", types: ["forest_land", "housing_homestead", "expropriation"] },
  { reason: "医疗过错责任需经鉴定，双方未能达成一致", route: "litigation", types: ["medical"] },
  { reason: "需由主管部门依法查处，告知向市场监管部门投诉", route: "administrative", types: ["consumer"] },
  { reason: "当事人要求通过其他渠道解决", route: "other" },
];
const WITHDRAW_REASONS = [
  "双方自行和解，申请人撤回调解申请",
  "申请人决定直接向人民法院起诉，撤回调解申请",
  "申请人外出务工，申请撤回",
  "被申请人已主动履行，申请人撤回申请",
];
const FOLLOWUP_NOTES: Record<string, string[]> = {
  immediate: ["协议已当场履行，双方关系和睦，未再发生争执。", "回访时当事人表示纠纷已彻底解决，对调解工作满意。"],
  performed: ["协议已全部履行完毕，双方未再发生争执。", "款项已按约定付清，当事人对调解结果满意。"],
  in_progress: ["协议正在履行中，对方承诺按期履行。", "双方关系已缓和，首期款项已支付。"],
  partial: ["款项已部分支付，余款对方承诺近期付清，已督促其按期履行。", "协议部分履行，已告知当事人可申请司法确认。"],
  not_performed: ["对方尚未履行协议，已督促其尽快履行，并告知当事人可申请司法确认或向人民法院起诉。"],
};
const TRANSFER_REASONS_UP = [
  "案情复杂，涉及多个村民小组，村调委会难以调处，移交镇调委会",
  "双方矛盾较深，村调委会多次调解未果，移交上级调委会",
  "涉及金额较大，当事人要求由乡镇调委会调解",
];
const TRANSFER_REASONS_ACROSS: Partial<Record<Kind, string>> = {
  traffic: "涉及道路交通事故赔偿，移交县道路交通事故纠纷人民调解委员会",
  labour: "涉及劳动报酬争议，移交县劳动争议人民调解委员会",
  marriage: "涉及婚姻家庭矛盾，移交县婚姻家庭纠纷人民调解委员会",
  medical: "涉及医疗纠纷，移交县医疗纠纷人民调解委员会",
};

const SATISFACTION_PICK = weighted({ satisfied: 86, fairly: 12.5, dissatisfied: 1.5 });

/** Money in dispute: share of disputes with an amount, and its range in yuan. */
const AMOUNTS: Record<DisputeType, { share: number; lo: number; hi: number }> = {
  neighbour: { share: 0.15, lo: 300, hi: 8000 },
  marriage_family: { share: 0.3, lo: 5000, hi: 150000 },
  housing_homestead: { share: 0.25, lo: 5000, hi: 200000 },
  contract: { share: 0.95, lo: 2000, hi: 300000 },
  business: { share: 0.9, lo: 5000, hi: 500000 },
  damages: { share: 0.95, lo: 500, hi: 80000 },
  forest_land: { share: 0.35, lo: 1000, hi: 50000 },
  expropriation: { share: 0.7, lo: 10000, hi: 300000 },
  environment: { share: 0.4, lo: 2000, hi: 50000 },
  labour: { share: 0.98, lo: 2000, hi: 80000 },
  consumer: { share: 0.95, lo: 200, hi: 30000 },
  medical: { share: 0.95, lo: 20000, hi: 600000 },
  traffic: { share: 0.95, lo: 3000, hi: 400000 },
  property_mgmt: { share: 0.9, lo: 500, hi: 12000 },
  other: { share: 0.2, lo: 1000, hi: 30000 },
};

// ---------------------------------------------------------------------------------------------------------------
// Plans

type Mediator = { id: number; name: string; fullTime: boolean; startOn: string; endOn: string | null };

type Committee = {
  unit: PlannedUnit;
  id: number;
  kind: Kind;
  community: boolean;
  county: string;
  /** the township unit a village, a room or the township itself belongs to */
  townshipKey: string | null;
  prefix: string;
  userId: number;
  perYear: number;
  roster: Mediator[];
  /** rosters of the ancestors (a village's township) for fallbacks */
  upRoster: Mediator[];
  homes: Village[];
};

type Session = { heldOn: string; unit: Committee; notes: string };
type Followup = { visitedOn: string; visitor: string; found: string; satisfaction: string; notes: string; unit: Committee };

type Dispute = {
  reg: Committee;
  cur: Committee;
  registeredOn: string;
  minutes: number;
  source: Source;
  type: DisputeType;
  summary: string;
  persons: number;
  amountFen: number | null;
  isMass: boolean;
  preventedCriminal: boolean;
  preventedPetition: boolean;
  status: "registered" | "in_mediation" | "success" | "failed" | "withdrawn";
  concludedOn: string | null;
  agreementForm: "written" | "oral" | null;
  agreementTerms: string | null;
  agreementAmountFen: number | null;
  performanceManner: string | null;
  performanceDeadline: string | null;
  performance: string | null;
  judicialConfirmation: "none" | "applied" | "granted" | "refused";
  jcAppliedOn: string | null;
  jcDecidedOn: string | null;
  failureReason: string | null;
  failureRoute: string | null;
  withdrawReason: string | null;
  parties: Party[];
  mediators: Mediator[];
  sessions: Session[];
  followups: Followup[];
  transfer: { on: string; reason: string } | null;
  voided: { at: string; byUserId: number } | null;
  caseYear: number;
  caseSeq: number;
  caseNo: string;
};

export function seedMediation(ctx: SeedContext, r: Rand) {
  const t0 = performance.now();
  const { client, plan, unitIds, userIds, today, from } = ctx;
  const firstYear = Number(from.slice(0, 4));
  const lastYear = Number(today.slice(0, 4));
  const cal = new Calendar();
  const byKey = new Map(plan.map((u) => [u.key, u]));
  const userOf = (username: string) => {
    const id = userIds.get(username);
    if (id === undefined) throw new Error(`seed-mediation: no user ${username}`);
    return id;
  };

  // ---- committees ---------------------------------------------------------------------------------------------
  const villagesByTownship = new Map<string, Village[]>();
  const villagesByCounty = new Map<string, Village[]>();
  for (const u of plan) {
    if (u.level !== "village" || u.activeTo) continue;
    const v: Village = { name: u.name, township: u.township!, county: u.county, community: u.name.endsWith("社区") };
    (villagesByTownship.get(u.township!) ?? villagesByTownship.set(u.township!, []).get(u.township!)!).push(v);
    (villagesByCounty.get(u.county) ?? villagesByCounty.set(u.county, []).get(u.county)!).push(v);
  }
  const townshipUnitOf = (countyName: string, townshipName: string | null) =>
    plan.find((u) => u.county === countyName && u.level === "township" && u.type === "admin" && u.name === townshipName) ?? null;

  const committees: Committee[] = [];
  const countyNames = [...new Set(plan.filter((u) => u.level === "county" && u.type === "admin").map((u) => u.name))];
  const countyTownshipTotal = (county: string) =>
    plan.filter((u) => u.county === county && u.level === "township" && u.type === "admin").reduce((s, u) => s + u.recordsPerYear, 0);
  // townships ≈ 900 a year at 临猗县, 760 at the smaller 万荣县; villages sized per village below
  const TOWNSHIP_TARGET: Record<string, number> = { 临猗县: 900, 万荣县: 760 };
  for (const u of plan) {
    if (!u.county) continue;
    let kind: Kind | null = null;
    if (u.level === "township" && u.type === "admin") kind = "township";
    else if (u.level === "village") kind = "village";
    else if (u.type === "personal_room") kind = "personal";
    else if (BODY_KINDS[u.code]) kind = BODY_KINDS[u.code];
    if (!kind) continue;
    const id = unitIds.get(u.key)!.id;
    const community = u.name.endsWith("社区");
    let perYear = 0;
    if (kind === "township") perYear = ((TOWNSHIP_TARGET[u.county] ?? 600) * u.recordsPerYear) / countyTownshipTotal(u.county) * (0.85 + 0.3 * r());
    else if (kind === "village") {
      const x = r();
      const big = u.county === "万荣县";
      perYear = community
        ? int(r, 3, 8)
        : big
          ? x < 0.12 ? r() : x < 0.67 ? int(r, 2, 6) : int(r, 7, 12)
          : x < 0.4 ? 0.15 * r() : x < 0.86 ? int(r, 1, 3) : int(r, 4, 8);
      if (DEMO_ACCOUNTS.some((a) => a.unitCode === u.code)) perYear = Math.max(perYear, 16); // the village account sees its own work
    } else if (kind === "personal") perYear = PERSONAL_PER_YEAR[u.name] ?? 25;
    else perYear = BODY_PER_YEAR[kind] ?? 20;
    const township = kind === "township" ? u : townshipUnitOf(u.county, u.township);
    // where the parties live: the village itself, the township's villages, or anywhere in the county
    const homes =
      kind === "village"
        ? [{ name: u.name, township: u.township!, county: u.county, community }]
        : township
            ? villagesByTownship.get(township.name) ?? []
            : villagesByCounty.get(u.county) ?? [];
    committees.push({
      unit: u, id, kind, community, county: u.county, townshipKey: township?.key ?? null, prefix: "", userId: userOf(u.enteredBy), perYear,
      roster: [], upRoster: [], homes,
    });
  }
  // case-number prefixes as the application makes them (villages keep 村/社区, so they never share a township's)
  for (const c of committees) c.prefix = committeeShortName({ name: c.unit.name, shortName: c.unit.shortName });
  const committeeByKey = new Map(committees.map((c) => [c.unit.key, c]));

  // ---- rosters ------------------------------------------------------------------------------------------------
  const insMediator = client.prepare(
    `INSERT INTO mediators (unit_id, name, gender, full_time, phone, user_id, start_on, end_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const usedNames = new Map<string, Set<string>>(); // per county
  const freshName = (county: string, male: boolean, surname?: string) => {
    const used = usedNames.get(county) ?? usedNames.set(county, new Set()).get(county)!;
    for (let i = 0; ; i++) {
      const n = (surname ?? pick(r, SURNAMES)) + givenName(r, male);
      if (!used.has(n) || i > 50) {
        used.add(n);
        return n;
      }
    }
  };
  // on the roster since 2015–2024, and before the first day of the demo data
  const lastStart = minDay("2024-12-31", addDays(from, -1));
  const startSpan = Math.max(0, daysBetween("2015-01-01", lastStart));
  const startDay = (r: Rand) => addDays("2015-01-01", int(r, 0, startSpan));
  const rosterStats = new Map<string, { total: number; fullTime: number; active: number }>();
  for (const c of committees) {
    const members: Array<{ name: string; male: boolean; fullTime: boolean; userId: number | null; canEnd: boolean }> = [];
    const accounts = DEMO_ACCOUNTS.filter((a) => a.unitCode === c.unit.code && (a.role === "staff" || a.role === "centre_head"));
    for (const a of accounts) {
      members.push({ name: a.displayName, male: !/[丽敏芳梅燕英兰静娟楠霞萍婷凤]$/.test(a.displayName), fullTime: c.kind !== "village", userId: userOf(a.username), canEnd: false });
      (usedNames.get(c.county) ?? usedNames.set(c.county, new Set()).get(c.county)!).add(a.displayName);
    }
    let size: number;
    let fullTime: number;
    if (c.kind === "township") {
      size = int(r, 4, 8);
      fullTime = chance(r, 0.4) ? 2 : 1;
    } else if (c.kind === "village") {
      size = c.community ? int(r, 2, 3) : int(r, 1, 3);
      fullTime = 0;
    } else if (c.kind === "personal") {
      size = 1;
      fullTime = 1;
      const ns = PERSONAL_NAMESAKES[c.unit.name] ?? { name: freshName(c.county, true), gender: "male" as const };
      members.push({ name: ns.name, male: ns.gender === "male", fullTime: true, userId: null, canEnd: false });
    } else {
      size = int(r, 2, 5);
      fullTime = c.kind === "court" || c.kind === "traffic" ? 2 : chance(r, 0.6) ? 1 : 0;
    }
    while (members.length < size) {
      const male = chance(r, c.kind === "marriage" ? 0.35 : c.kind === "village" ? 0.72 : 0.6);
      const ft = members.filter((m) => m.fullTime).length < fullTime;
      members.push({ name: freshName(c.county, male), male, fullTime: ft, userId: null, canEnd: true });
    }
    const stats = rosterStats.get(c.county) ?? rosterStats.set(c.county, { total: 0, fullTime: 0, active: 0 }).get(c.county)!;
    members.forEach((m, i) => {
      // a few have left (never the only one, never a demo account's person)
      const ended = m.canEnd && members.length > 1 && i > 0 && chance(r, 0.05);
      const endOn = ended ? addDays(from, int(r, 30, Math.max(31, daysBetween(from, today) - 30))) : null;
      const startOn = startDay(r);
      const id = Number(insMediator.run(c.id, m.name, m.male ? "male" : "female", m.fullTime ? 1 : 0, phone(r), m.userId, startOn, endOn).lastInsertRowid);
      c.roster.push({ id, name: m.name, fullTime: m.fullTime, startOn, endOn });
      stats.total++;
      if (m.fullTime) stats.fullTime++;
      if (!endOn) stats.active++;
    });
  }
  for (const c of committees) {
    const up = c.unit.parentKey ? committeeByKey.get(c.unit.parentKey) : undefined;
    const town = c.townshipKey ? committeeByKey.get(c.townshipKey) : undefined;
    c.upRoster = [...(up && up !== c ? up.roster : []), ...(town && town !== c && town !== up ? town.roster : [])];
  }
  const activeOn = (ms: Mediator[], start: string, end: string) => ms.filter((m) => m.startOn <= start && (!m.endOn || m.endOn >= end));
  function chooseMediators(c: Committee, start: string, end: string): Mediator[] {
    let pool = activeOn(c.roster, start, end);
    if (!pool.length) pool = activeOn(c.upRoster, start, end);
    if (!pool.length) pool = c.roster.length ? c.roster : c.upRoster;
    const n = Math.min(pool.length, chance(r, 0.45) ? 1 : chance(r, 0.82) ? 2 : 3);
    // full-time mediators carry more of the work
    const out: Mediator[] = [];
    const left = [...pool];
    while (out.length < n && left.length) {
      const total = left.reduce((s, m) => s + (m.fullTime ? 3 : 1), 0);
      let x = r() * total;
      let k = 0;
      for (; k < left.length - 1; k++) {
        x -= left[k].fullTime ? 3 : 1;
        if (x < 0) break;
      }
      out.push(left.splice(k, 1)[0]);
    }
    // now and then a village dispute gets help from the township
    if (c.kind === "village" && chance(r, 0.1)) {
      const t = activeOn(c.upRoster, start, end).filter((m) => m.fullTime);
      if (t.length) out.push(pick(r, t));
    }
    return out;
  }

  // ---- people -------------------------------------------------------------------------------------------------
  const usedIds = new Set<string>();
  const countyArea = (county: string) => (county === "万荣县" ? "140822" : "140821");
  function address(v: Village) {
    const head = `山西省运城市${v.county}${v.township}${v.name}`;
    return v.community ? `${head}${pick(r, COMMUNITY_ESTATES)}${int(r, 1, 12)}号楼${int(r, 1, 4)}单元${int(r, 1, 6)}0${int(r, 1, 2)}室` : `${head}${int(r, 1, 9)}组${int(r, 1, 60)}号`;
  }
  type PersonOpts = { ageLo?: number; ageHi?: number; age?: number; male?: boolean; outside?: boolean; occupation?: string; surname?: string };
  function person(side: Party["side"], home: Village, day: string, opts: PersonOpts = {}): Party {
    const male = opts.male ?? chance(r, 0.58);
    const age = opts.age ?? int(r, opts.ageLo ?? 24, opts.ageHi ?? 72);
    // born so that the person is `age` on `day`
    const md = day.slice(5) === "02-29" ? "02-28" : day.slice(5);
    const birthDate = addDays(`${Number(day.slice(0, 4)) - age}-${md}`, -int(r, 0, 364));
    const outside = opts.outside ? pick(r, OUTSIDE_AREAS) : null;
    const area = outside ? outside[0] : countyArea(home.county);
    let idNumber: string | null = null;
    if (chance(r, 0.88)) {
      do idNumber = residentId(area, birthDate, int(r, 0, 999), male);
      while (usedIds.has(idNumber));
      usedIds.add(idNumber);
      if (!isValidResidentId(idNumber)) throw new Error(`seed-mediation: bad ID ${idNumber}`);
    }
    const occupation =
      opts.occupation ??
      (age >= 62
        ? pick(r, ["农民", "农民", "退休人员", "无业"])
        : pick(r, ["农民", "农民", "农民", "农民", "果农", "果农", "务工人员", "务工人员", "个体工商户", "司机", "个体工商户", "教师", "公司职员", "无业"]));
    return {
      side,
      kind: "person",
      name: (opts.surname ?? pick(r, SURNAMES)) + givenName(r, male),
      gender: male ? "male" : "female",
      ethnicity: chance(r, 0.995) ? "汉族" : pick(r, ETHNIC_MINORITIES),
      birthDate: idNumber ? birthDate : null,
      age: idNumber ? (chance(r, 0.3) ? age : null) : age,
      occupation,
      phone: chance(r, 0.96) ? phone(r) : null,
      address: outside ? `${outside[1]}${pick(r, OUTSIDE_PLACES)}${int(r, 1, 80)}号` : address(home),
      idNumber,
    };
  }
  const COMPANY_WORDS = ["鑫源", "丰达", "金果", "盛华", "宏泰", "绿源", "恒丰", "晋南", "瑞丰", "天禾", "华康", "众诚", "果乡", "润泽", "佳禾", "兴旺"];
  const INSURERS = [
    "中国人民财产保险股份有限公司运城市分公司",
    "中国平安财产保险股份有限公司运城中心支公司",
    "中国太平洋财产保险股份有限公司运城中心支公司",
    "中华联合财产保险股份有限公司运城中心支公司",
  ];
  function organisation(side: Party["side"], type: DisputeType, home: Village, kinds: string[] = []): Party {
    const county = home.county;
    let name: string;
    let addr = `山西省运城市${county}${home.township}${home.name}`;
    if (type === "medical") {
      const x = r();
      name = x < 0.45 ? `${county}人民医院` : x < 0.7 ? `${county}中医医院` : `${county}${home.township}卫生院`;
      addr = `山西省运城市${county}${name.endsWith("卫生院") ? home.township : ""}`;
    } else if (type === "traffic") {
      name = pick(r, INSURERS);
      addr = "山西省运城市盐湖区";
    } else if (kinds[0] === "村民委员会") name = home.community ? `${home.name}居民委员会` : `${home.name}村民委员会`;
    else name = `${county}${pick(r, COMPANY_WORDS)}${pick(r, kinds.length ? kinds : ["商贸有限公司"])}`;
    return { side, kind: "organisation", name, gender: null, ethnicity: null, birthDate: null, age: null, occupation: null, phone: landline(r), address: addr, idNumber: null };
  }

  // ---- disputes -----------------------------------------------------------------------------------------------
  const disputes: Dispute[] = [];
  const sourcePick = Object.fromEntries(Object.entries(SOURCE_MIX).map(([k, v]) => [k, weighted(v as Record<Source, number>)])) as Record<Kind, (r: Rand) => Source>;
  const typePick = Object.fromEntries(Object.entries(TYPE_MIX).map(([k, v]) => [k, weighted(v as Record<DisputeType, number>)])) as Record<
    Kind | "community",
    (r: Rand) => DisputeType
  >;
  const transferTarget = (c: Committee, type: DisputeType): Committee | null => {
    const across: Partial<Record<DisputeType, Kind>> = { traffic: "traffic", labour: "labour", medical: "medical", marriage_family: "marriage" };
    const k = across[type];
    if (k && (type !== "marriage_family" || chance(r, 0.3))) {
      const body = committees.find((x) => x.county === c.county && x.kind === k);
      if (body) return body;
    }
    return c.townshipKey ? committeeByKey.get(c.townshipKey) ?? null : null;
  };

  function buildParties(c: Committee, type: DisputeType, sc: Scenario, day: string, isMass: boolean, home: Village): Party[] {
    const countyVillages = villagesByCounty.get(c.county) ?? [home];
    if (sc.rel && !isMass) {
      switch (sc.rel) {
        case "spouses": {
          const aMale = chance(r, 0.35);
          const aAge = int(r, 24, 55);
          return [person("applicant", home, day, { age: aAge, male: aMale }), person("respondent", home, day, { age: Math.max(21, aAge + (aMale ? int(r, -6, 2) : int(r, -2, 6))), male: !aMale })];
        }
        case "engaged":
          return [
            person("applicant", home, day, { ageLo: 22, ageHi: 32, male: true }),
            person("respondent", pick(r, countyVillages), day, { ageLo: 20, ageHi: 30, male: false }),
          ];
        case "parentChild": {
          const pAge = int(r, 62, 86);
          const a = person("applicant", home, day, { age: pAge, male: chance(r, 0.45), occupation: "农民" });
          const surname = chance(r, 0.5) || a.gender === "male" ? a.name[0] : pick(r, SURNAMES);
          const kids = chance(r, 0.4) ? 2 : 1;
          return [a, ...Array.from({ length: kids }, () => person("respondent", home, day, { age: int(r, Math.max(30, pAge - 45), pAge - 20), male: true, surname }))];
        }
        case "siblings": {
          const a = person("applicant", home, day, { ageLo: 35, ageHi: 70, male: true });
          const n = chance(r, 0.15) ? 2 : 1;
          return [a, ...Array.from({ length: n }, () => person("respondent", home, day, { ageLo: 35, ageHi: 70, male: true, surname: a.name[0] }))];
        }
      }
    }
    const parties: Party[] = [];
    const applicantOpts: PersonOpts = type === "labour" ? { ageLo: 20, ageHi: 58, occupation: "务工人员" } : type === "traffic" ? { ageLo: 18, ageHi: 75 } : {};
    const nApplicants = isMass ? int(r, 3, 5) : 1;
    for (let i = 0; i < nApplicants; i++) parties.push(person("applicant", home, day, applicantOpts));
    const org = sc.org ?? (type === "medical" ? ([1, []] as [number, string[]]) : null);
    const respondentHome = type === "traffic" || type === "contract" || type === "business" || type === "consumer" ? pick(r, countyVillages) : home;
    if (org && chance(r, org[0])) parties.push(organisation("respondent", type, home, org[1]));
    else {
      const outside = (type === "traffic" || type === "contract") && chance(r, 0.12);
      parties.push(person("respondent", respondentHome, day, { outside, occupation: type === "labour" ? "个体工商户" : undefined }));
    }
    if (!isMass) {
      const x = r();
      if (type === "traffic" && parties[1].kind === "person" && chance(r, 0.45)) parties.push(organisation("respondent", "traffic", home));
      else if (x < 0.1) parties.push(person(chance(r, 0.5) ? "applicant" : "respondent", home, day));
      else if (x < 0.14) {
        parties.push(person("applicant", home, day));
        parties.push(person("respondent", respondentHome, day));
      }
    }
    // applicants first, as entered
    return [...parties.filter((p) => p.side === "applicant"), ...parties.filter((p) => p.side === "respondent")];
  }

  function fill(template: string, parties: Party[], home: Village, amountYuan: number | null, agreedYuan?: number | null) {
    const a = parties.find((p) => p.side === "applicant")!;
    const b = parties.find((p) => p.side === "respondent")!;
    const applicants = parties.filter((p) => p.side === "applicant").length;
    const aName = applicants > 2 && !template.includes("{A}等") ? `${a.name}等${applicants}人` : a.name;
    return template
      .replace(/\{A\}/g, aName)
      .replace(/\{B\}/g, b.name)
      .replace(/\{V\}/g, home.name)
      .replace(/\{Y\}/g, amountYuan ? yuanText(amountYuan) : "若干")
      .replace(/\{Z\}/g, agreedYuan ? `人民币${agreedYuan}元` : "");
  }

  /** Concludes or leaves open a planned dispute as of today. */
  function lifecycle(d: Dispute, sc: Scenario, home: Village) {
    const c = d.cur;
    const start = d.transfer ? d.transfer.on : d.registeredOn;
    let dur = durationDays(r, c.kind);
    if (d.transfer) dur = Math.max(1, dur);
    let concl = addDays(start, dur);
    if (isWeekend(concl) && chance(r, 0.65)) concl = addDays(concl, dayOfWeek(concl) === 6 ? 2 : 1);
    const activeTo = c.unit.activeTo;
    if (activeTo && concl > activeTo) concl = activeTo;
    // a few hard cases stay open well past the 30 days
    const stuck = d.registeredOn >= addDays(today, -120) && d.registeredOn <= addDays(today, -31) && chance(r, 0.012);
    const outcome = OUTCOME[c.kind];
    const x = r();
    const result: Dispute["status"] = x < outcome.failed ? "failed" : x < outcome.failed + outcome.withdrawn ? "withdrawn" : "success";
    const mediationEnd = concl > today || stuck ? today : concl;
    d.mediators = chooseMediators(c, d.registeredOn, mediationEnd);
    if (concl > today || stuck) {
      // open: registered, or in mediation once a session was held
      const age = daysBetween(start, today);
      const inMediation = stuck || d.sessions.length > 0 || (age >= 1 && chance(r, 0.75)) || (age === 0 && chance(r, 0.2));
      d.status = inMediation ? "in_mediation" : "registered";
      if (inMediation) {
        const n = stuck ? int(r, 2, 3) : age > 10 ? int(r, 1, 2) : d.sessions.length ? int(r, 0, 1) : 1;
        const days = [...new Set(Array.from({ length: n }, () => addDays(start, int(r, 0, age))))].sort();
        d.sessions.push(...days.map((day) => ({ heldOn: day, unit: c, notes: `${pick(r, SESSION_OPENINGS)}${pick(r, SESSION_OPEN)}` })));
      }
      return;
    }
    d.status = result;
    d.concludedOn = concl;
    const amountYuan = d.amountFen ? d.amountFen / 100 : null;
    const money = result === "success" && !!amountYuan && chance(r, 0.92);
    if (result === "success") {
      const alwaysWritten = ["traffic", "medical", "labour", "court", "petition", "dev"].includes(c.kind) || (d.amountFen ?? 0) >= 5_000_000;
      d.agreementForm = alwaysWritten || chance(r, money ? 0.8 : c.kind === "village" ? 0.5 : 0.62) ? "written" : "oral";
    }
    // sessions: 1–3, the last on the day of the conclusion
    const span = daysBetween(start, concl);
    const n = result === "withdrawn" || span === 0 ? 1 : Math.min(span + 1, chance(r, 0.55) ? 1 : chance(r, 0.72) ? 2 : 3);
    const days = new Set<string>([concl]);
    while (days.size < n) days.add(addDays(start, int(r, 0, Math.max(0, span - 1))));
    const sorted = [...days].sort();
    const end = result === "success" ? SESSION_SUCCESS[d.agreementForm!] : result === "failed" ? SESSION_FAILED : SESSION_WITHDRAWN;
    sorted.forEach((day, i) => d.sessions.push({ heldOn: day, unit: c, notes: i === sorted.length - 1 ? `${pick(r, SESSION_OPENINGS)}${pick(r, end)}` : pick(r, SESSION_OPENINGS) }));
    if (result === "failed") {
      const options = FAILURE_REASONS.filter((f) => f.types?.includes(d.type));
      const generic = FAILURE_REASONS.filter((f) => !f.types && f.route !== "other");
      const f = options.length && chance(r, 0.6) ? pick(r, options) : chance(r, 0.08) ? FAILURE_REASONS.find((o) => o.route === "other")! : pick(r, generic);
      d.failureReason = f.reason;
      d.failureRoute = f.route;
      return;
    }
    if (result === "withdrawn") {
      d.withdrawReason = pick(r, WITHDRAW_REASONS);
      return;
    }
    // success: the agreement
    const step = amountYuan && amountYuan < 2000 ? 10 : 100;
    const agreedYuan = money ? Math.min(amountYuan!, Math.max(step, Math.round((amountYuan! * (0.45 + 0.55 * r())) / step) * step)) : null;
    d.agreementAmountFen = agreedYuan ? agreedYuan * 100 : null;
    // a settlement without money: its terms say when (三日内 …), or it is done at once
    const nonMoneyTerms = money ? null : fill(pick(r, sc.t), d.parties, home, null);
    const within = nonMoneyTerms ? /(三|十|十五|二十|三十)日内/.exec(nonMoneyTerms) : null;
    const immediate = within ? false : d.agreementForm === "oral" ? chance(r, 0.75) : money ? chance(r, 0.35) : chance(r, 0.6);
    let deadline: string | null = null;
    if (within) {
      deadline = addDays(concl, { 三: 3, 十: 10, 十五: 15, 二十: 20, 三十: 30 }[within[1]]!);
      d.performanceDeadline = deadline;
      d.performanceManner = "按协议约定期限履行";
    } else if (immediate) {
      d.performanceManner = money ? "当场一次性履行" : "当场履行";
      d.performanceDeadline = concl;
    } else {
      deadline = addDays(concl, money ? pick(r, [7, 10, 15, 15, 30, 30, 30, 45, 60, 90, 180]) : pick(r, [3, 7, 10, 15, 15, 30]));
      d.performanceDeadline = deadline;
      d.performanceManner = money ? (daysBetween(concl, deadline) >= 60 && chance(r, 0.6) ? "分期履行" : "一次性履行") : "按协议约定期限履行";
    }
    if (money) {
      const clause = fill(sc.m ?? "{B}支付{A}{Z}", d.parties, home, amountYuan, agreedYuan);
      d.agreementTerms = immediate
        ? `一、${clause}，当场履行完毕；二、双方就本纠纷再无其他争议，今后互不追究。`
        : d.performanceManner === "分期履行"
          ? `一、${clause}，分两期履行：${cnDate(addDays(concl, Math.floor(daysBetween(concl, deadline!) / 2)))}前履行${Math.round(agreedYuan! / 200) * 100}元，余款于${cnDate(deadline!)}前付清；二、如义务人逾期未履行，权利人可依法向人民法院申请强制执行或起诉；三、双方就本纠纷再无其他争议。`
          : `一、${clause}，于${cnDate(deadline!)}前履行完毕；二、如义务人逾期未履行，权利人可依法向人民法院起诉；三、双方就本纠纷再无其他争议。`;
    } else d.agreementTerms = nonMoneyTerms;
    // performance as of today
    let perf: string;
    if (immediate) perf = "immediate";
    else if (deadline! >= today) perf = chance(r, 0.9) ? "in_progress" : "partial";
    else {
      const y = r();
      perf = y < 0.9 ? "performed" : y < 0.95 ? "partial" : y < 0.98 ? "not_performed" : "in_progress";
    }
    d.performance = perf;
    // 司法确认: some written agreements, applied for within 30 days
    if (d.agreementForm === "written" && chance(r, c.kind === "court" ? 0.35 : money ? 0.1 : 0.03)) {
      const applied = addDays(concl, int(r, 0, 25));
      if (applied <= today) {
        d.jcAppliedOn = applied;
        const decided = addDays(applied, int(r, 3, 15));
        if (decided <= today) {
          d.judicialConfirmation = chance(r, 0.95) ? "granted" : "refused";
          d.jcDecidedOn = decided;
        } else d.judicialConfirmation = "applied";
      }
    }
    // follow-up visits: most settled disputes are visited within a month or two; the recent ones not yet all
    const age = daysBetween(concl, today);
    if (age >= 14 && chance(r, age >= 60 ? 0.95 : 0.6)) {
      const late = chance(r, 0.12);
      let visited = addDays(concl, late ? int(r, 31, 60) : int(r, 3, 28));
      if (deadline && deadline < today && chance(r, 0.5)) visited = maxDay(visited, addDays(deadline, int(r, 0, 10)));
      if (isWeekend(visited)) visited = addDays(visited, dayOfWeek(visited) === 6 ? 2 : 1);
      visited = minDay(visited, today);
      const found = immediate ? "immediate" : !deadline || visited >= deadline ? perf : perf === "partial" ? "partial" : "in_progress";
      const sat = found === "not_performed" ? (chance(r, 0.5) ? "dissatisfied" : "fairly") : found === "partial" ? (chance(r, 0.6) ? "fairly" : "satisfied") : SATISFACTION_PICK(r);
      const visitorPool = activeOn(c.roster, visited, visited);
      const visitor = (visitorPool.length ? pick(r, visitorPool) : d.mediators[0] ?? c.roster[0]).name;
      d.followups.push({ visitedOn: visited, visitor, found, satisfaction: sat, notes: pick(r, FOLLOWUP_NOTES[found]), unit: c });
      // the newest visit's finding is the current performance unless a later update changed it
      if (!deadline || visited >= deadline || perf === "in_progress") d.performance = found;
    }
  }

  function newDispute(c: Committee, day: string, year: number, type: DisputeType): Dispute {
    const sc = pick(r, SCENARIOS[type]);
    const source = sourcePick[c.kind](r);
    const home = pick(r, c.homes.length ? c.homes : villagesByCounty.get(c.county)!);
    const massTypes: DisputeType[] = ["labour", "forest_land", "expropriation", "environment", "contract", "property_mgmt"];
    const isMass = massTypes.includes(type) && !sc.rel && chance(r, 0.035);
    const parties = buildParties(c, type, sc, day, isMass, home);
    const personParties = parties.filter((p) => p.kind === "person").length;
    const x = r();
    const persons = isMass ? (chance(r, 0.7) ? int(r, 5, 15) : int(r, 16, 45)) : Math.min(4, Math.max(personParties, x < 0.58 ? 2 : x < 0.83 ? 3 : 4));
    const [share, lo, hi] = sc.amt ?? [AMOUNTS[type].share, AMOUNTS[type].lo, AMOUNTS[type].hi];
    let amountFen: number | null = null;
    if (chance(r, share)) amountFen = yuanBetween(r, lo, hi) * (isMass ? int(r, 3, 8) : 1) * 100;
    const summaryTpl = amountFen ? sc.s : sc.s.replace(/\{Y\}/g, "");
    const summary = fill(summaryTpl, parties, home, amountFen ? amountFen / 100 : null);
    const conflictTypes: DisputeType[] = ["neighbour", "marriage_family", "housing_homestead", "damages", "forest_land"];
    const d: Dispute = {
      reg: c, cur: c, registeredOn: day, minutes: int(r, 8 * 60 + 30, 17 * 60 + 30), source, type, summary, persons, amountFen, isMass,
      preventedCriminal: conflictTypes.includes(type) ? chance(r, 0.011) : chance(r, 0.004),
      preventedPetition: isMass ? chance(r, 0.25) : ["expropriation", "labour", "forest_land"].includes(type) ? chance(r, 0.01) : chance(r, 0.001),
      status: "registered", concludedOn: null, agreementForm: null, agreementTerms: null, agreementAmountFen: null, performanceManner: null,
      performanceDeadline: null, performance: null, judicialConfirmation: "none", jcAppliedOn: null, jcDecidedOn: null, failureReason: null,
      failureRoute: null, withdrawReason: null, parties, mediators: [], sessions: [], followups: [], transfer: null, voided: null,
      caseYear: year, caseSeq: 0, caseNo: "",
    };
    // a few village disputes are handed up (or across to a county committee)
    if (c.kind === "village" && chance(r, 0.03)) {
      const target = transferTarget(c, type);
      let on = addDays(day, int(r, 0, 5));
      if (c.unit.activeTo && on > c.unit.activeTo) on = c.unit.activeTo;
      if (target && on <= today) {
        const up = target.kind === "township";
        d.transfer = { on, reason: up ? pick(r, TRANSFER_REASONS_UP) : TRANSFER_REASONS_ACROSS[target.kind] ?? pick(r, TRANSFER_REASONS_UP) };
        d.cur = target;
        if (chance(r, 0.5)) {
          // the village tried once before handing it on
          d.sessions.push({ heldOn: day, unit: c, notes: `${pick(r, SESSION_OPENINGS)}双方分歧较大，村调委会难以调处。` });
        }
      }
    }
    lifecycle(d, sc, home);
    return d;
  }

  for (const c of committees) {
    for (let year = firstYear; year <= lastYear; year++) {
      const start = `${year}-01-01`;
      const end = minDay(minDay(`${year}-12-31`, today), c.unit.activeTo ?? "9999-12-31");
      if (end < start) continue;
      const share = cal.share("default", year, start, end);
      const n = poisson(r, c.perYear * (year === firstYear ? 1 : 1.04) * share);
      for (let i = 0; i < n; i++) {
        const kindMix = c.kind === "village" && c.community ? "community" : c.kind;
        // the type decides the season: draw it first, then the day, then build the dispute with that type
        const type = typePick[kindMix](r);
        const day = cal.draw(r, PROFILE_OF[type] ?? "default", year, start, end);
        disputes.push(newDispute(c, day, year, type));
      }
    }
  }

  // ---- likely duplicates: the same person in two open disputes of the county -----------------------------------
  const isOpen = (d: Dispute) => d.status === "registered" || d.status === "in_mediation";
  const withId = (d: Dispute) => d.parties.find((p) => p.side === "applicant" && p.kind === "person" && p.idNumber);
  for (const county of countyNames) {
    const open = disputes.filter((d) => d.cur.county === county && isOpen(d) && withId(d)).sort((a, b) => (a.registeredOn < b.registeredOn ? -1 : 1));
    const pairs = county === "临猗县" ? 3 : 1;
    const used = new Set<Dispute>();
    for (let k = 0; k < pairs; k++) {
      const a = open.find((d) => !used.has(d) && (k > 0 || d.reg.kind === "village"));
      if (!a) break;
      used.add(a);
      // the same matter brought to the township (first pair) or another committee of the county
      const b = open.find((d) => !used.has(d) && d.cur !== a.cur && d.registeredOn >= a.registeredOn && (k > 0 || d.cur.unit.key === a.reg.townshipKey));
      if (!b) continue;
      used.add(b);
      const pa = withId(a)!;
      if (k === 0) {
        b.type = a.type;
        b.summary = a.summary;
        b.amountFen = a.amountFen;
        b.parties = a.parties.map((p) => ({ ...p }));
        b.persons = Math.max(b.persons, a.parties.length);
      } else {
        const i = b.parties.findIndex((p) => p.side === "applicant");
        const old = b.parties[i];
        b.parties[i] = { ...pa };
        b.summary = b.summary.split(old.name).join(pa.name);
      }
    }
  }

  // ---- a few duplicate registrations, voided (重复登记): they count nowhere ---------------------------------------
  const voiderOf = (c: Committee) =>
    c.unit.township === "猗氏镇" ? userOf("yishi.head") : c.county === "临猗县" ? userOf("linyi.admin") : userOf("admin");
  const originals = disputes.filter((d) => d.registeredOn < today && !d.transfer && chance(r, 0.004));
  for (const o of originals) {
    const minutes = Math.min(o.minutes + int(r, 5, 90), 18 * 60 + 30);
    const voidMinutes = minutes + int(r, 20, 240);
    disputes.push({
      ...o,
      minutes,
      status: "registered", concludedOn: null, agreementForm: null, agreementTerms: null, agreementAmountFen: null, performanceManner: null,
      performanceDeadline: null, performance: null, judicialConfirmation: "none", jcAppliedOn: null, jcDecidedOn: null, failureReason: null,
      failureRoute: null, withdrawReason: null, parties: o.parties.map((p) => ({ ...p })), sessions: [], followups: [], transfer: null,
      voided: { at: instant(o.registeredOn, voidMinutes), byUserId: voiderOf(o.reg) },
    });
  }

  // ---- case numbers: per registering committee and year, in registration order ---------------------------------
  disputes.sort((a, b) => (a.registeredOn !== b.registeredOn ? (a.registeredOn < b.registeredOn ? -1 : 1) : a.minutes - b.minutes));
  const seqs = new Map<string, { unitId: number; year: number; last: number }>();
  for (const d of disputes) {
    const year = Number(d.registeredOn.slice(0, 4));
    const k = `${d.reg.id}|${year}`;
    const s = seqs.get(k) ?? seqs.set(k, { unitId: d.reg.id, year, last: 0 }).get(k)!;
    s.last++;
    d.caseYear = year;
    d.caseSeq = s.last;
    d.caseNo = formatMediationCaseNo(d.reg.prefix, year, s.last);
  }

  // ---- rows ---------------------------------------------------------------------------------------------------
  const insM = client.prepare(
    `INSERT INTO mediations (unit_id, registered_unit_id, case_no, case_year, case_seq, registered_on, source, dispute_type, summary,
       persons_involved, amount_fen, is_mass, prevented_criminal, prevented_petition, status, concluded_on, agreement_form,
       agreement_terms, agreement_amount_fen, performance_manner, performance_deadline, failure_reason, failure_route, withdraw_reason,
       performance, judicial_confirmation, jc_applied_on, jc_decided_on, created_by_id, updated_by_id, created_at, updated_at, version,
       voided_at, voided_by_id, void_reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insParty = client.prepare(
    `INSERT INTO mediation_parties (mediation_id, side, kind, name, gender, ethnicity, birth_date, age, occupation, phone, address, id_number, sort_order)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insMM = client.prepare(`INSERT INTO mediation_mediators (mediation_id, mediator_id) VALUES (?, ?)`);
  const insSession = client.prepare(
    `INSERT INTO mediation_sessions (mediation_id, held_on, mediator_names, notes, created_by_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const insFollowup = client.prepare(
    `INSERT INTO mediation_followups (mediation_id, visited_on, visitor, performance_found, satisfaction, notes, created_by_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insTransfer = client.prepare(
    `INSERT INTO mediation_transfers (mediation_id, from_unit_id, to_unit_id, transferred_on, reason, by_user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insSeq = client.prepare(`INSERT INTO case_sequences (unit_id, year, kind, last) VALUES (?, ?, 'mediation', ?)`);
  const workMinutes = () => int(r, 8 * 60 + 30, 17 * 60 + 50);

  for (const d of disputes) {
    const createdAt = instant(d.registeredOn, d.minutes);
    // the last write: the newest event of its life
    const events = [
      d.registeredOn,
      d.concludedOn,
      d.jcAppliedOn,
      d.jcDecidedOn,
      d.transfer?.on,
      ...d.sessions.map((s) => s.heldOn),
      ...d.followups.map((f) => f.visitedOn),
    ].filter(Boolean) as string[];
    const lastDay = events.reduce(maxDay);
    const writes =
      (d.transfer ? 1 : 0) + d.sessions.length + (d.concludedOn ? 1 : 0) + (d.jcAppliedOn ? 1 : 0) + (d.jcDecidedOn ? 1 : 0) + d.followups.length;
    const updatedAt = d.voided ? d.voided.at : lastDay === d.registeredOn ? instant(lastDay, Math.min(d.minutes + int(r, 10, 120), 23 * 60)) : instant(lastDay, workMinutes());
    const version = 1 + (d.voided ? 1 : writes);
    const updatedBy = d.voided ? d.voided.byUserId : writes ? d.cur.userId : null;
    const id = Number(
      insM.run(
        d.cur.id, d.reg.id, d.caseNo, d.caseYear, d.caseSeq, d.registeredOn, d.source, d.type, d.summary, d.persons, d.amountFen,
        d.isMass ? 1 : 0, d.preventedCriminal ? 1 : 0, d.preventedPetition ? 1 : 0, d.status, d.concludedOn, d.agreementForm, d.agreementTerms,
        d.agreementAmountFen, d.performanceManner, d.performanceDeadline, d.failureReason, d.failureRoute, d.withdrawReason, d.performance,
        d.judicialConfirmation, d.jcAppliedOn, d.jcDecidedOn, d.reg.userId, updatedBy, createdAt, updatedAt, version, d.voided?.at ?? null,
        d.voided?.byUserId ?? null, d.voided ? "重复登记" : null,
      ).lastInsertRowid,
    );
    d.parties.forEach((p, i) =>
      insParty.run(id, p.side, p.kind, p.name, p.gender, p.ethnicity, p.birthDate, p.age, p.occupation, p.phone, p.address, p.idNumber, i),
    );
    for (const m of new Set(d.mediators)) insMM.run(id, m.id);
    const names = d.mediators.map((m) => m.name).join("、") || d.cur.roster[0]?.name || "调解员";
    for (const s of d.sessions) {
      const sessionNames = s.unit === d.cur ? names : (activeOn(s.unit.roster, s.heldOn, s.heldOn)[0] ?? s.unit.roster[0])?.name ?? names;
      const at = s.heldOn === d.registeredOn ? instant(s.heldOn, Math.min(d.minutes + int(r, 5, 90), 23 * 60)) : instant(s.heldOn, workMinutes());
      insSession.run(id, s.heldOn, sessionNames, s.notes, s.unit.userId, at);
    }
    if (d.transfer) insTransfer.run(id, d.reg.id, d.cur.id, d.transfer.on, d.transfer.reason, d.reg.userId, instant(d.transfer.on, workMinutes()));
    for (const f of d.followups) insFollowup.run(id, f.visitedOn, f.visitor, f.found, f.satisfaction, f.notes, f.unit.userId, instant(f.visitedOn, workMinutes()));
  }
  for (const s of seqs.values()) insSeq.run(s.unitId, s.year, s.last);
  const elapsed = performance.now() - t0;

  // ---- summary lines ------------------------------------------------------------------------------------------
  const overdueBefore = addDays(today, -MEDIATION_LIMITS.concludeWithinDays);
  const followupBefore = addDays(today, -MEDIATION_LIMITS.followupWithinDays);
  for (const county of countyNames) {
    const live = disputes.filter((d) => d.cur.county === county && !d.voided);
    if (!live.length) continue;
    const years: string[] = [];
    for (let y = firstYear; y <= lastYear; y++) {
      const reg = live.filter((d) => d.caseYear === y).length;
      const concl = live.filter((d) => d.concludedOn?.startsWith(String(y)));
      const ok = concl.filter((d) => d.status === "success").length;
      const failed = concl.filter((d) => d.status === "failed").length;
      years.push(`${y} ${reg} (success rate ${((100 * ok) / Math.max(1, ok + failed)).toFixed(2)}%)`);
    }
    const open = live.filter(isOpen);
    const overdue = open.filter((d) => d.registeredOn < overdueBefore).length;
    const followupsDue = live.filter((d) => d.status === "success" && !d.followups.length && d.concludedOn! < followupBefore).length;
    const roster = rosterStats.get(county);
    ctx.log(
      `  mediation ${county}: ${years.join(", ")}; open ${open.length} (overdue ${overdue}); transferred ${live.filter((d) => d.transfer).length}; ` +
        `follow-ups due ${followupsDue}; voided ${disputes.filter((d) => d.cur.county === county && d.voided).length}; ` +
        `mediators ${roster?.total ?? 0} (专职 ${roster?.fullTime ?? 0})`,
    );
  }
  ctx.log(`  mediation: ${disputes.length} disputes generated and inserted in ${(elapsed / 1000).toFixed(2)} s`);
}
