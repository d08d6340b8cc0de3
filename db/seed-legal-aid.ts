/**
 * Demo legal aid cases (法律援助): each county's providers (lawyers, law firms, legal-service workers) and two years
 * of cases in every state, ending at the seed's `today`.
 *
 * Volumes follow the reports: a county of 临猗县's size handles a few hundred legal aid cases a year (侯马市 150,
 * 60 of them for special groups; 运城市 5224 cases for 5285 beneficiaries, so almost always one beneficiary per
 * case), 万荣县 fewer. About a third of the applications arrive through township stations. The lifecycle runs as
 * it would: documents sometimes missing, decisions within the 7 days (a few late), assignments within 3 days, cases
 * closing weeks or months later with recovered amounts; whatever falls after `today` has not happened yet. A few
 * cases are left on purpose for the deadline board: one unreviewed for 8 days at 临猗县法律援助中心 (taken at 猗氏镇),
 * one for 10 days, and a grant waiting 5 days for its assignment.
 *
 * Raw prepared statements on ctx.client inside the seed's one transaction; the counters are rebuilt afterwards.
 */
import type { PlannedUnit, Rand } from "./seed";
import { dayWeight } from "./seed";
import type { SeedContext } from "./seed-context";
import { GIVEN_NAMES, SURNAMES } from "./seed-data";
import { addDays, daysBetween } from "../app/utils/dates";
import { formatLegalAidNo, legalAidPrefix } from "../app/models/case-numbers.server";

const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
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
  const L = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= r();
  } while (p > L);
  return k - 1;
}
function instant(day: string, minutes: number) {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d, 0, minutes) - 8 * 3600_000).toISOString();
}
const weekend = (day: string) => [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());
/** The next working day on or after `day`. */
function workday(day: string) {
  let d = day;
  while (weekend(d)) d = addDays(d, 1);
  return d;
}

// ---------------------------------------------------------------------------------------------------------------
// Vocabularies

/** Applications per year at each county (before yearly variation); the current year is partial. */
const APPLICATIONS_PER_YEAR: Record<string, number> = { 临猗县: 345, 万荣县: 150 };
/** Share of applications taken at township stations rather than at the centre. */
const STATION_SHARE = 0.36;
/** 行政区划代码 of the counties, for the demo ID numbers. */
const AREA_CODES: Record<string, string> = { 临猗县: "140821", 万荣县: "140822" };

const PROVIDERS: Record<string, { firms: string[]; services: string[]; lawyers: number; workers: number }> = {
  临猗县: {
    firms: ["山西猗顿律师事务所", "山西临晋律师事务所", "山西正平律师事务所", "山西嵋阳律师事务所"],
    services: ["临猗县猗氏法律服务所", "临猗县临晋法律服务所"],
    lawyers: 15,
    workers: 5,
  },
  万荣县: { firms: ["山西后土律师事务所", "山西万荣律师事务所"], services: ["万荣县解店法律服务所"], lawyers: 6, workers: 3 },
};

type CaseType = "criminal" | "civil" | "administrative" | "state_compensation" | "non_litigation";
const pickCaseType = weighted<CaseType>({ criminal: 31, civil: 57, administrative: 2, state_compensation: 0.6, non_litigation: 9.4 });

type Cause = { cause: string; matter: string; categories: Record<string, number>; share: number; money: [number, number] | null; group?: boolean };
/** 案由 with what the applicant asks, who tends to ask (person categories and the share with any) and the money at stake (元). */
const CAUSES: Record<CaseType, Cause[]> = {
  civil: [
    {
      cause: "追索劳动报酬纠纷",
      matter: "在{place}务工期间被拖欠工资{amount}元，多次催要未果，申请法律援助代理诉讼。",
      categories: { migrant_worker: 85, women: 8, disabled: 4, military: 3 },
      share: 0.9,
      money: [8000, 90000],
      group: true,
    },
    {
      cause: "工伤保险待遇纠纷",
      matter: "在{place}工作时受伤，经鉴定构成伤残，用人单位拒绝支付工伤保险待遇，申请代理。",
      categories: { migrant_worker: 70, disabled: 25, women: 5 },
      share: 0.85,
      money: [40000, 320000],
    },
    {
      cause: "提供劳务者受害责任纠纷",
      matter: "为雇主{place}干活时从高处坠落受伤，雇主仅支付部分医疗费，申请代理索赔。",
      categories: { migrant_worker: 70, elderly: 20, disabled: 10 },
      share: 0.8,
      money: [20000, 180000],
    },
    {
      cause: "机动车交通事故责任纠纷",
      matter: "被机动车撞伤，肇事方及保险公司对赔偿数额有争议，申请代理诉讼。",
      categories: { elderly: 40, minor: 15, women: 20, disabled: 15, migrant_worker: 10 },
      share: 0.45,
      money: [30000, 380000],
    },
    {
      cause: "离婚纠纷",
      matter: "因长期遭受家庭暴力，要求离婚并分割共同财产、抚养子女，申请代理诉讼。",
      categories: { women: 90, low_income: 10 },
      share: 0.8,
      money: [0, 60000],
    },
    {
      cause: "抚养费纠纷",
      matter: "离婚后对方不支付子女抚养费，代子女申请法律援助追索抚养费。",
      categories: { minor: 75, women: 25 },
      share: 0.95,
      money: [10000, 80000],
    },
    {
      cause: "赡养纠纷",
      matter: "年老体弱，子女拒绝履行赡养义务，申请代理诉讼要求支付赡养费。",
      categories: { elderly: 95, disabled: 5 },
      share: 0.95,
      money: [6000, 40000],
    },
    {
      cause: "人身损害赔偿纠纷",
      matter: "与邻居发生冲突被打伤，对方拒绝赔偿医疗费、误工费，申请代理诉讼。",
      categories: { elderly: 40, women: 30, disabled: 20, low_income: 10 },
      share: 0.4,
      money: [5000, 60000],
    },
    {
      cause: "法定继承纠纷",
      matter: "父母去世后遗产分割发生争议，申请代理诉讼。",
      categories: { elderly: 50, women: 40, disabled: 10 },
      share: 0.4,
      money: [20000, 200000],
    },
    {
      cause: "民间借贷纠纷",
      matter: "借给他人的{amount}元到期未还，因家庭困难申请法律援助代理诉讼。",
      categories: { elderly: 40, low_income: 40, disabled: 20 },
      share: 0.35,
      money: [10000, 120000],
    },
    {
      cause: "医疗损害责任纠纷",
      matter: "在医院治疗后出现严重后果，认为医院存在过错，申请代理诉讼。",
      categories: { elderly: 50, minor: 20, women: 30 },
      share: 0.5,
      money: [30000, 300000],
    },
  ],
  criminal: [
    {
      cause: "盗窃罪",
      matter: "犯罪嫌疑人因涉嫌盗窃被刑事拘留，家庭经济困难无力委托辩护人，申请法律援助。",
      categories: { minor: 40, elderly: 20, disabled: 20, low_income: 20 },
      share: 0.25,
      money: null,
    },
    {
      cause: "故意伤害罪",
      matter: "被告人因邻里纠纷致人轻伤被提起公诉，申请指派辩护律师。",
      categories: { elderly: 40, minor: 30, disabled: 30 },
      share: 0.2,
      money: null,
    },
    {
      cause: "危险驾驶罪",
      matter: "被告人醉酒驾驶被提起公诉，经济困难申请法律援助辩护。",
      categories: { migrant_worker: 60, low_income: 40 },
      share: 0.2,
      money: null,
    },
    {
      cause: "帮助信息网络犯罪活动罪",
      matter: "犯罪嫌疑人出售银行卡被立案侦查，申请指派律师辩护。",
      categories: { minor: 50, migrant_worker: 30, low_income: 20 },
      share: 0.3,
      money: null,
    },
    {
      cause: "诈骗罪",
      matter: "被告人涉嫌诈骗被提起公诉，家属代为申请法律援助辩护。",
      categories: { elderly: 50, low_income: 50 },
      share: 0.15,
      money: null,
    },
    {
      cause: "交通肇事罪",
      matter: "被告人驾车发生事故致一人死亡，申请法律援助辩护。",
      categories: { migrant_worker: 60, elderly: 40 },
      share: 0.25,
      money: null,
    },
    {
      cause: "寻衅滋事罪",
      matter: "犯罪嫌疑人因纠纷殴打他人被刑事拘留，申请指派律师。",
      categories: { minor: 60, low_income: 40 },
      share: 0.2,
      money: null,
    },
  ],
  administrative: [
    {
      cause: "工伤认定行政纠纷",
      matter: "人社部门作出不予认定工伤决定，申请代理提起行政诉讼。",
      categories: { migrant_worker: 80, disabled: 20 },
      share: 0.9,
      money: [50000, 200000],
    },
    {
      cause: "行政处罚纠纷",
      matter: "对行政处罚决定不服，申请代理提起行政诉讼。",
      categories: { elderly: 50, low_income: 50 },
      share: 0.3,
      money: null,
    },
  ],
  state_compensation: [
    {
      cause: "刑事赔偿",
      matter: "再审改判无罪后申请国家赔偿，申请法律援助代理。",
      categories: { elderly: 50, low_income: 50 },
      share: 0.3,
      money: [80000, 400000],
    },
  ],
  non_litigation: [
    {
      cause: "拖欠农民工工资（协商）",
      matter: "包工头拖欠{place}农民工工资{amount}元，申请代为协商追讨。",
      categories: { migrant_worker: 100 },
      share: 1,
      money: [5000, 60000],
      group: true,
    },
    {
      cause: "交通事故赔偿（调解）",
      matter: "交通事故后申请代理参加交警部门主持的赔偿调解。",
      categories: { elderly: 50, women: 30, migrant_worker: 20 },
      share: 0.5,
      money: [10000, 150000],
    },
    {
      cause: "劳动合同纠纷（代拟文书）",
      matter: "用人单位解除劳动合同未支付经济补偿，申请代写劳动仲裁申请书。",
      categories: { migrant_worker: 60, women: 40 },
      share: 0.7,
      money: [3000, 30000],
    },
  ],
};
const PLACES = ["县城某建筑工地", "某果品冷库", "某苹果包装厂", "某物流公司", "某建材厂", "某养殖场", "某装修队", "某餐饮店"];
const SPECIAL = ["disabled", "elderly", "minor", "women", "migrant_worker", "military"];

const REFUSAL_REASONS = [
  "经审查，申请人家庭人均收入高于本地经济困难标准，且不属于免予核查经济困难状况的情形，不符合《中华人民共和国法律援助法》第三十一条规定的条件。",
  "申请事项不属于法律援助范围，且申请人未能提供证明其主张的基本证据，依照《中华人民共和国法律援助法》第四十一条决定不予法律援助。",
  "申请人已委托律师代理本案，不符合法律援助条件。",
  "经一次性告知后，申请人在规定期限内未补充申请材料，视为撤回申请，决定不予法律援助。",
];
const PROGRESS_NOTES: Record<CaseType, string[]> = {
  criminal: [
    "承办律师已会见犯罪嫌疑人，了解案情。",
    "承办律师已查阅、摘抄、复制案卷材料。",
    "向检察院提交了从轻处理的书面辩护意见。",
    "出庭参加庭审，发表辩护意见。",
  ],
  civil: [
    "承办律师已与受援人面谈，收集证据材料。",
    "已向人民法院递交起诉状，法院已立案。",
    "参加庭前调解，双方未能达成一致。",
    "出庭参加庭审，发表代理意见。",
  ],
  administrative: ["已向人民法院提起行政诉讼，法院已立案。", "出庭参加庭审，发表代理意见。"],
  state_compensation: ["已向赔偿义务机关提交国家赔偿申请。", "参加赔偿委员会组织的质证。"],
  non_litigation: ["承办人已与对方当事人电话沟通。", "组织双方当面协商，对方同意分期支付。", "已代拟仲裁申请书并交受援人。"],
};
const CLOSING_REPORTS: Record<string, string> = {
  won: "法院判决支持受援人全部诉讼请求，判决已生效，受援人合法权益得到维护。",
  partly_won: "法院判决支持受援人部分诉讼请求，已向受援人释明判决内容及上诉权利。",
  settled: "经承办人工作，双方达成调解（和解）协议，对方已按协议履行。",
  lost: "法院未支持受援人的诉讼请求，承办人已向受援人释明上诉权利和途径。",
  defence_adopted: "辩护意见被法院采纳，被告人依法从轻处罚。",
  defence_partly: "辩护意见被部分采纳，法院在量刑时予以考虑。",
  defence_rejected: "辩护意见未被采纳，已告知被告人上诉权利。",
  help_given: "已为受援人提供法律帮助（代拟法律文书），受援人表示满意。",
};
const TERMINATION_WEIGHTS = weighted({
  own_counsel: 30,
  beneficiary_request: 28,
  proceedings_ended: 25,
  no_longer_eligible: 9,
  concealment: 4,
  fraud: 2,
  other: 2,
});

// ---------------------------------------------------------------------------------------------------------------
// People

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function residentId(r: Rand, area: string, birth: string, female: boolean) {
  const order = int(r, 0, 49) * 2 + (female ? 0 : 1);
  const body = `${area}${birth.replaceAll("-", "")}${String(int(r, 0, 9))}${String(order).padStart(2, "0")}`;
  const sum = ID_WEIGHTS.reduce((s, w, i) => s + w * Number(body[i]), 0);
  return body + "10X98765432"[sum % 11];
}

function birthFor(r: Rand, categories: string[], appliedOn: string) {
  const year = Number(appliedOn.slice(0, 4));
  const age = categories.includes("minor") ? int(r, 8, 17) : categories.includes("elderly") ? int(r, 61, 86) : int(r, 19, 58);
  return `${year - age}-${String(int(r, 1, 12)).padStart(2, "0")}-${String(int(r, 1, 28)).padStart(2, "0")}`;
}

type PlannedBeneficiary = {
  name: string;
  gender: string;
  birthDate: string;
  idNumber: string | null;
  phone: string | null;
  address: string;
  categories: string[];
};

type PlannedCase = {
  centreKey: string;
  receivedKey: string;
  county: string;
  appliedOn: string;
  completeOn: string | null;
  missingDocs: string | null;
  missingDocsOn: string | null;
  applicantRelation: string;
  applicantName: string;
  applicantPhone: string | null;
  applicantIdNumber: string | null;
  caseType: CaseType;
  proceeding: string;
  serviceForm: string;
  cause: string;
  matter: string;
  meansTest: string;
  exemptBasis: string | null;
  exemptCategory: string | null;
  exemptNote: string | null;
  status: string;
  decidedOn: string | null;
  preliminary: boolean;
  limitationDeadline: string | null;
  refusalReason: string | null;
  assignments: Array<{ on: string; provider: number; reason: string | null }>;
  progress: Array<{ on: string; note: string }>;
  closedOn: string | null;
  outcome: string | null;
  recoveredFen: number | null;
  closingReport: string | null;
  terminatedOn: string | null;
  terminationReason: string | null;
  terminationNote: string | null;
  qualityGrade: string | null;
  qualityReviewedOn: string | null;
  qualityNote: string | null;
  followedUpOn: string | null;
  satisfaction: string | null;
  followupNote: string | null;
  consultationId: number | null;
  mediationId: number | null;
  createdBy: string;
  voided: boolean;
  beneficiaries: PlannedBeneficiary[];
};

// ---------------------------------------------------------------------------------------------------------------

/** Two years of legal aid cases. */
export function seedLegalAid(ctx: SeedContext, r: Rand) {
  const { client, plan, unitIds, userIds, today, from, log } = ctx;
  const counties = plan.filter((u) => u.level === "county" && u.type === "admin");
  const id = (key: string) => unitIds.get(key)!.id;
  const user = (name: string) => {
    const u = userIds.get(name);
    if (!u) throw new Error(`legal aid seed: no demo user ${name}`);
    return u;
  };

  // ---- providers ------------------------------------------------------------------------------------------
  const insProvider = client.prepare(`INSERT INTO legal_aid_providers (centre_id, name, kind, firm_name, phone, active) VALUES (?, ?, ?, ?, ?, ?)`);
  const usedNames = new Set<string>();
  const personName = () => {
    for (;;) {
      const n = pick(r, SURNAMES) + pick(r, GIVEN_NAMES);
      if (!usedNames.has(n)) {
        usedNames.add(n);
        return n;
      }
    }
  };
  const phone = () => `1${pick(r, ["35", "39", "52", "58", "83", "87", "89", "37"])}${String(int(r, 0, 99999999)).padStart(8, "0")}`;

  type CountyInfo = {
    county: PlannedUnit;
    centre: PlannedUnit;
    stations: PlannedUnit[];
    villages: Map<string, PlannedUnit[]>;
    providers: Array<{ id: number; kind: string; weight: number }>;
    centreUser: string;
    stationUser: Map<string, string>;
  };
  const infos: CountyInfo[] = [];
  for (const county of counties) {
    const centre = plan.find((u) => u.parentKey === county.key && u.type === "legal_aid_centre") ?? county;
    const stations = plan.filter((u) => u.parentKey === county.key && u.level === "township" && u.type === "admin" && !u.activeTo);
    const villages = new Map(stations.map((t) => [t.key, plan.filter((v) => v.parentKey === t.key && v.level === "village" && !v.activeTo)]));
    const spec = PROVIDERS[county.name] ?? { firms: [`${county.name}律师事务所`], services: [], lawyers: 4, workers: 1 };
    const providers: CountyInfo["providers"] = [];
    const centreId = id(centre.key);
    for (const firm of spec.firms)
      providers.push({
        id: Number(insProvider.run(centreId, firm, "firm", null, `0359-${int(r, 4000000, 4099999)}`, 1).lastInsertRowid),
        kind: "firm",
        weight: 0.6,
      });
    for (let i = 0; i < spec.lawyers; i++) {
      // one lawyer has left the list (still on past cases)
      const active = i !== spec.lawyers - 1;
      providers.push({
        id: Number(insProvider.run(centreId, personName(), "lawyer", spec.firms[i % spec.firms.length], phone(), active ? 1 : 0).lastInsertRowid),
        kind: active ? "lawyer" : "former",
        weight: i < 4 ? 2.2 : 1,
      });
    }
    for (let i = 0; i < spec.workers; i++)
      providers.push({
        id: Number(
          insProvider.run(centreId, personName(), "worker", spec.services[i % Math.max(1, spec.services.length)] ?? null, phone(), 1).lastInsertRowid
        ),
        kind: "worker",
        weight: 0.8,
      });
    const centreUser = plan.find((u) => u.key === centre.key)?.enteredBy;
    const fallback = stations[0]?.enteredBy ?? "admin";
    infos.push({
      county,
      centre,
      stations,
      villages,
      providers,
      centreUser: centreUser && userIds.has(centreUser) ? centreUser : fallback,
      stationUser: new Map(stations.map((s) => [s.key, userIds.has(s.enteredBy) ? s.enteredBy : fallback])),
    });
  }

  // ---- referrals: consultations referred to legal aid and failed mediations, per county ------------------
  const referredConsultations = (path: string) =>
    client
      .prepare(
        `SELECT c.id, c.date FROM consultations c JOIN units u ON u.id = c.unit_id
         WHERE c.next_step = 'referred_legal_aid' AND c.voided_at IS NULL AND u.path >= ? AND u.path < ? ORDER BY c.date, c.id`
      )
      .all(path, path.slice(0, -1) + "0") as Array<{ id: number; date: string }>;
  const failedMediations = (path: string) => {
    try {
      return client
        .prepare(
          `SELECT m.id, m.concluded_on AS date FROM mediations m JOIN units u ON u.id = m.unit_id
           WHERE m.status = 'failed' AND m.voided_at IS NULL AND m.concluded_on IS NOT NULL AND u.path >= ? AND u.path < ? ORDER BY m.concluded_on, m.id`
        )
        .all(path, path.slice(0, -1) + "0") as Array<{ id: number; date: string }>;
    } catch {
      return [];
    }
  };

  // ---- plan the cases -------------------------------------------------------------------------------------
  const pickProceedingForm = (type: CaseType, cause: Cause): { proceeding: string; serviceForm: string } => {
    if (type === "criminal") return { proceeding: "litigation", serviceForm: r() < 0.88 ? "defence" : "agency" };
    if (type === "non_litigation") return { proceeding: "non_litigation", serviceForm: cause.cause.includes("代拟") ? "drafting" : "non_lit_agency" };
    if (type === "civil" && cause.cause.includes("劳") && r() < 0.45) return { proceeding: "non_litigation", serviceForm: "labour_arbitration" };
    return { proceeding: "litigation", serviceForm: "agency" };
  };
  const outcomeFor = (type: CaseType, serviceForm: string) => {
    if (type === "criminal") return weighted({ defence_adopted: 58, defence_partly: 30, defence_rejected: 12 })(r);
    if (serviceForm === "drafting") return "help_given";
    return weighted({ won: 42, partly_won: 20, settled: 32, lost: 6 })(r);
  };
  const allCases: PlannedCase[] = [];
  const years: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(today.slice(0, 4)); y++) years.push(y);
  const yearWeight = new Map(
    years.map((y) => {
      let w = 0;
      for (let d = `${y}-01-01`; d <= `${y}-12-31`; d = addDays(d, 1)) w += dayWeight(d);
      return [y, w] as const;
    })
  );

  for (const info of infos) {
    const area = AREA_CODES[info.county.name] ?? "140800";
    const perYear = APPLICATIONS_PER_YEAR[info.county.name] ?? 80;
    const stationPick = weighted(Object.fromEntries(info.stations.map((s) => [s.key, Math.max(1, s.recordsPerYear)])));
    const providerPick = weighted(Object.fromEntries(info.providers.filter((p) => p.kind !== "former").map((p) => [String(p.id), p.weight])));
    const formerIds = info.providers.filter((p) => p.kind === "former").map((p) => p.id);
    const consultationPool = referredConsultations(unitIds.get(info.county.key)!.path);
    const mediationPool = failedMediations(unitIds.get(info.county.key)!.path);
    const usedConsultations = new Set<number>();
    const usedMediations = new Set<number>();
    const yearFactor = new Map(years.map((y, i) => [y, (i === years.length - 1 ? 1.05 : 1) * (0.93 + 0.14 * r())]));

    const address = (stationKey: string) => {
      const vs = info.villages.get(stationKey) ?? [];
      const village = vs.length ? pick(r, vs).name : "";
      const station = info.stations.find((s) => s.key === stationKey)?.name ?? "";
      return `山西省运城市${info.county.name}${station}${village}${int(r, 1, 9)}组${int(r, 1, 60)}号`;
    };

    const planCase = (appliedOn: string, receivedKey: string): PlannedCase => {
      const caseType = pickCaseType(r);
      const cause = pick(r, CAUSES[caseType]);
      const { proceeding, serviceForm } = pickProceedingForm(caseType, cause);
      const home = receivedKey === info.centre.key ? pick(r, info.stations).key : receivedKey;
      // beneficiaries: almost always one; a wage claim now and then for a group of workers
      const n = cause.group && r() < 0.12 ? int(r, 2, 6) : r() < 0.012 ? 2 : 1;
      const catPick = weighted(cause.categories);
      const beneficiaries: PlannedBeneficiary[] = [];
      for (let i = 0; i < n; i++) {
        const cats = new Set<string>();
        if (r() < cause.share) cats.add(catPick(r));
        if (cats.size && r() < 0.12) cats.add(pick(r, ["low_income", "disabled", "women", "elderly"]));
        if (cats.has("minor")) cats.delete("elderly");
        const female = cats.has("women") || (!cats.has("migrant_worker") && r() < 0.4);
        if (female && r() < 0.12 && !cats.has("minor")) cats.add("women");
        const categories = [...cats].sort();
        const birthDate = birthFor(r, categories, appliedOn);
        beneficiaries.push({
          name: personName(),
          gender: female ? "female" : "male",
          birthDate,
          idNumber: r() < 0.82 ? residentId(r, area, birthDate, female) : null,
          phone: categories.includes("minor") ? null : r() < 0.9 ? phone() : null,
          address: address(home),
          categories,
        });
      }
      const first = beneficiaries[0];
      const minor = first.categories.includes("minor");
      const relation = minor ? "guardian" : caseType === "criminal" && r() < 0.5 ? "relative" : r() < 0.06 ? "relative" : "self";
      const applicantName = relation === "self" ? first.name : `${first.name.slice(0, 1)}${pick(r, GIVEN_NAMES)}`;
      // means test: exemptions where the law or the group allows, otherwise checked or pledged
      const exemptGroup = first.categories.find((k) => ["low_income", "military", "disabled", "elderly"].includes(k));
      let meansTest = r() < 0.62 ? "verified" : "pledge";
      let exemptBasis: string | null = null;
      let exemptCategory: string | null = null;
      let exemptNote: string | null = null;
      if (exemptGroup && r() < 0.55) {
        meansTest = "exempt";
        exemptBasis = "category";
        exemptCategory = exemptGroup;
      } else if (cause.cause === "离婚纠纷" && r() < 0.4) {
        meansTest = "exempt";
        exemptBasis = "abuse_victim";
      } else if (caseType === "state_compensation") {
        meansTest = "exempt";
        exemptBasis = "wrongful_conviction";
      } else if (r() < 0.01) {
        meansTest = "exempt";
        exemptBasis = "good_samaritan";
        exemptNote = "见义勇为受伤，经县见义勇为协会确认";
      }
      // the sums at stake in a county's legal aid cases are mostly modest (运城市 2020: 2966.3万元 over 5224 cases)
      const amount = cause.money ? Math.round(int(r, cause.money[0], cause.money[1]) * (r() < 0.85 ? 0.2 : 0.6)) : 0;
      const matter = cause.matter.replace("{place}", pick(r, PLACES)).replace("{amount}", String(Math.round(amount / 100) * 100));
      const c: PlannedCase = {
        centreKey: info.centre.key,
        receivedKey,
        county: info.county.name,
        appliedOn,
        completeOn: appliedOn,
        missingDocs: null,
        missingDocsOn: null,
        applicantRelation: relation,
        applicantName,
        applicantPhone: relation === "self" ? first.phone : phone(),
        applicantIdNumber: relation === "self" ? first.idNumber : r() < 0.7 ? residentId(r, area, birthFor(r, [], appliedOn), r() < 0.5) : null,
        caseType,
        proceeding,
        serviceForm,
        cause: cause.cause,
        matter,
        meansTest,
        exemptBasis,
        exemptCategory,
        exemptNote,
        status: "pending",
        decidedOn: null,
        preliminary: false,
        limitationDeadline: null,
        refusalReason: null,
        assignments: [],
        progress: [],
        closedOn: null,
        outcome: null,
        recoveredFen: null,
        closingReport: null,
        terminatedOn: null,
        terminationReason: null,
        terminationNote: null,
        qualityGrade: null,
        qualityReviewedOn: null,
        qualityNote: null,
        followedUpOn: null,
        satisfaction: null,
        followupNote: null,
        consultationId: null,
        mediationId: null,
        createdBy: receivedKey === info.centre.key ? info.centreUser : info.stationUser.get(receivedKey) ?? info.centreUser,
        voided: false,
        beneficiaries,
      };
      // documents: sometimes incomplete at intake (listed at once) or found missing by the centre the next days
      if (r() < 0.11) {
        c.missingDocsOn = r() < 0.6 ? appliedOn : addDays(appliedOn, int(r, 1, 2));
        c.missingDocs = pick(r, [
          "身份证明复印件",
          "经济困难状况说明表",
          "劳动关系证明（工资条或考勤记录）",
          "起诉书副本",
          "伤残鉴定意见书",
          "户籍证明",
        ]);
        if (c.missingDocsOn > today) c.missingDocsOn = appliedOn;
        c.completeOn = r() < 0.06 ? null : workday(addDays(c.missingDocsOn, int(r, 2, 12)));
        if (c.completeOn && c.completeOn > today) c.completeOn = null;
      }
      // (a refusal for documents never supplied)
      if (!c.completeOn) {
        if (c.missingDocsOn && addDays(c.missingDocsOn, 20) <= today) {
          c.status = "refused";
          c.decidedOn = workday(addDays(c.missingDocsOn, 16));
          c.refusalReason = REFUSAL_REASONS[3];
        }
        return c;
      }
      // 先行援助 now and then, before the documents were complete
      if (c.missingDocsOn && r() < 0.2) {
        c.preliminary = true;
        c.decidedOn = c.missingDocsOn;
        c.limitationDeadline = addDays(c.decidedOn, int(r, 1, 6));
      } else {
        const late = r() < 0.025;
        c.decidedOn = late ? addDays(c.completeOn, int(r, 8, 12)) : workday(addDays(c.completeOn, r() < 0.3 ? int(r, 0, 1) : int(r, 2, 5)));
        if (daysBetween(c.completeOn, c.decidedOn) > 7 && !late) c.decidedOn = addDays(c.completeOn, 7);
      }
      if (c.decidedOn > today) {
        c.decidedOn = null;
        c.preliminary = false;
        c.limitationDeadline = null;
        return c;
      }
      if (r() < 0.05 && !c.preliminary) {
        c.status = "refused";
        c.refusalReason = pick(r, REFUSAL_REASONS.slice(0, 3));
        return c;
      }
      c.status = "granted";
      // assignment within 3 days, now and then late
      const assignOn = r() < 0.03 ? addDays(c.decidedOn, int(r, 4, 6)) : addDays(c.decidedOn, r() < 0.55 ? int(r, 0, 1) : int(r, 2, 3));
      if (r() < 0.012 && addDays(c.decidedOn, 30) <= today) {
        c.status = "terminated";
        c.terminatedOn = addDays(c.decidedOn, int(r, 2, 20));
        c.terminationReason = pick(r, ["own_counsel", "beneficiary_request"]);
        return c;
      }
      if (assignOn > today) return c;
      const first0 = r() < 0.015 && formerIds.length ? formerIds[0] : Number(providerPick(r));
      c.assignments.push({ on: assignOn, provider: first0, reason: null });
      c.status = "assigned";
      const duration =
        caseType === "criminal"
          ? int(r, 25, 130)
          : proceeding === "non_litigation"
          ? serviceForm === "drafting"
            ? int(r, 3, 20)
            : int(r, 15, 120)
          : int(r, 50, 260);
      const end = addDays(assignOn, duration);
      // a reassignment (the lawyer left, fell ill, or the beneficiary asked)
      if (first0 === formerIds[0] || r() < 0.03) {
        const on = addDays(assignOn, int(r, 5, Math.max(6, Math.floor(duration / 2))));
        if (on <= today && on < end) {
          let next = Number(providerPick(r));
          if (next === first0)
            next = Number(providerPick(r)) === first0 ? info.providers.find((p) => p.kind === "lawyer" && p.id !== first0)!.id : next;
          if (next !== first0)
            c.assignments.push({
              on,
              provider: next,
              reason:
                first0 === formerIds[0]
                  ? "原承办律师已调离本县，更换承办律师"
                  : pick(r, ["原承办律师因病无法继续办理", "受援人申请更换承办人员，理由正当"]),
            });
        }
      }
      // progress notes
      const notes = PROGRESS_NOTES[caseType];
      const k = Math.min(notes.length, int(r, 1, 3));
      for (let i = 0; i < k; i++) {
        const on = addDays(assignOn, Math.floor(((i + 1) * duration) / (k + 1)));
        if (on <= today) c.progress.push({ on, note: notes[i] });
      }
      if (r() < 0.035) {
        const on = addDays(assignOn, int(r, 5, Math.max(6, duration)));
        if (on <= today) {
          c.status = "terminated";
          c.terminatedOn = on;
          c.terminationReason = TERMINATION_WEIGHTS(r);
          c.terminationNote = c.terminationReason === "other" ? "受援人死亡，无继续援助必要" : null;
          c.progress = c.progress.filter((p) => p.on <= on);
        }
        return c;
      }
      if (end > today) return c;
      c.status = "closed";
      c.closedOn = workday(end) > today ? end : workday(end);
      c.outcome = outcomeFor(caseType, serviceForm);
      c.closingReport = CLOSING_REPORTS[c.outcome];
      if (cause.money && ["won", "partly_won", "settled"].includes(c.outcome)) {
        const share = c.outcome === "won" ? 0.6 + 0.4 * r() : c.outcome === "settled" ? 0.4 + 0.4 * r() : 0.25 + 0.35 * r();
        c.recoveredFen = Math.round(amount * share * beneficiaries.length ** 0.8) * 100;
      } else c.recoveredFen = 0;
      const qOn = addDays(c.closedOn, int(r, 7, 45));
      if (qOn <= today && r() < 0.75) {
        c.qualityReviewedOn = qOn;
        c.qualityGrade = weighted({ excellent: 24, good: 46, pass: 28, fail: 2 })(r);
        c.qualityNote = c.qualityGrade === "fail" ? "卷宗材料不完整，未按规定会见受援人" : null;
      }
      const fOn = addDays(c.closedOn, int(r, 3, 25));
      if (fOn <= today && r() < 0.6) {
        c.followedUpOn = fOn;
        c.satisfaction = weighted({ satisfied: 86, fairly: 12, dissatisfied: 2 })(r);
        c.followupNote = c.satisfaction === "dissatisfied" ? "受援人对判决结果不满意" : "受援人对承办人员的工作表示满意";
      }
      return c;
    };

    for (let day = from; day <= today; day = addDays(day, 1)) {
      const y = Number(day.slice(0, 4));
      const lambda = (perYear * yearFactor.get(y)! * dayWeight(day)) / yearWeight.get(y)!;
      const n = poisson(r, lambda);
      for (let i = 0; i < n; i++) {
        const receivedKey = info.stations.length && r() < STATION_SHARE ? stationPick(r) : info.centre.key;
        const c = planCase(day, receivedKey);
        // the journey: some came from a consultation referred to legal aid, a few from a failed mediation
        if (r() < 0.3) {
          const ref = consultationPool.find((x) => !usedConsultations.has(x.id) && x.date <= day && x.date >= addDays(day, -21));
          if (ref) {
            usedConsultations.add(ref.id);
            c.consultationId = ref.id;
          }
        }
        if (c.caseType === "civil" && r() < 0.15) {
          const ref = mediationPool.find((x) => !usedMediations.has(x.id) && x.date <= day && x.date >= addDays(day, -45));
          if (ref) {
            usedMediations.add(ref.id);
            c.mediationId = ref.id;
          }
        }
        // ~0.5% typed in twice: the copy is voided
        c.voided = r() < 0.005;
        allCases.push(c);
      }
    }

    // left on purpose for the deadline board
    const overdue = (daysAgo: number, receivedKey: string) => {
      const appliedOn = addDays(today, -daysAgo);
      const c = planCase(appliedOn, receivedKey);
      Object.assign(c, {
        completeOn: appliedOn,
        missingDocs: null,
        missingDocsOn: null,
        status: "pending",
        decidedOn: null,
        preliminary: false,
        limitationDeadline: null,
        refusalReason: null,
        assignments: [],
        progress: [],
        closedOn: null,
        outcome: null,
        recoveredFen: null,
        closingReport: null,
        terminatedOn: null,
        terminationReason: null,
        terminationNote: null,
        qualityGrade: null,
        qualityReviewedOn: null,
        qualityNote: null,
        followedUpOn: null,
        satisfaction: null,
        followupNote: null,
        voided: false,
      });
      return c;
    };
    const station = info.stations.find((s) => s.name === "猗氏镇") ?? info.stations[0];
    if (info.county.name === "临猗县" && station) {
      const eight = overdue(8, station.key);
      eight.cause = "追索劳动报酬纠纷";
      eight.matter = "在县城某建筑工地务工期间被拖欠工资18600元，多次催要未果，申请法律援助代理诉讼。";
      allCases.push(eight, overdue(10, info.centre.key));
      const waiting = overdue(5, info.centre.key);
      waiting.status = "granted";
      waiting.decidedOn = addDays(today, -5);
      waiting.completeOn = addDays(today, -6);
      waiting.appliedOn = addDays(today, -6);
      allCases.push(waiting);
    } else if (station) allCases.push(overdue(9, station.key));
  }

  // ---- numbers per centre and year, in the order things happened ----------------------------------------------
  const numbers = new Map<string, number>();
  const take = (centreKey: string, kind: string, day: string) => {
    const k = `${centreKey}|${day.slice(0, 4)}|${kind}`;
    const n = (numbers.get(k) ?? 0) + 1;
    numbers.set(k, n);
    return n;
  };
  const centreByKey = new Map(infos.map((i) => [i.centre.key, i.centre]));
  const prefix = (key: string) => legalAidPrefix(centreByKey.get(key)!);
  const appSeq = new Map<PlannedCase, number>();
  const decSeq = new Map<PlannedCase, number>();
  const asgSeq = new Map<string, number>();
  allCases.sort((a, b) => (a.appliedOn < b.appliedOn ? -1 : a.appliedOn > b.appliedOn ? 1 : 0));
  for (const c of allCases) appSeq.set(c, take(c.centreKey, "la_apply", c.appliedOn));
  for (const c of [...allCases].filter((x) => x.decidedOn).sort((a, b) => (a.decidedOn! < b.decidedOn! ? -1 : a.decidedOn! > b.decidedOn! ? 1 : 0)))
    decSeq.set(c, take(c.centreKey, "la_decide", c.decidedOn!));
  const allAssignments = allCases.flatMap((c, ci) => c.assignments.map((a, ai) => ({ c, key: `${ci}|${ai}`, on: a.on })));
  allAssignments.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  for (const a of allAssignments) asgSeq.set(a.key, take(a.c.centreKey, "la_assign", a.on));

  // ---- insert ------------------------------------------------------------------------------------------------
  const insCase = client.prepare(`INSERT INTO legal_aid_cases (
      unit_id, received_unit_id, app_no, app_year, app_seq, applied_on, complete_on, missing_docs, missing_docs_on,
      applicant_relation, applicant_name, applicant_phone, applicant_id_number, case_type, proceeding, service_form, cause, matter,
      means_test, exempt_basis, exempt_category, exempt_note, status, decision_no, decision_year, decision_seq, decided_on,
      preliminary, limitation_deadline, refusal_reason, assigned_on, assignment_no, provider_id, closed_on, outcome, recovered_fen,
      closing_report, terminated_on, termination_reason, termination_note, quality_grade, quality_reviewed_on, quality_note,
      followed_up_on, satisfaction, followup_note, referred_from_consultation_id, referred_from_mediation_id, created_by_id,
      updated_by_id, created_at, updated_at, version, voided_at, voided_by_id, void_reason)
    VALUES (${Array.from({ length: 56 }, () => "?").join(", ")})`);
  const insBen = client.prepare(
    `INSERT INTO legal_aid_beneficiaries (case_id, name, gender, birth_date, id_number, phone, address, categories, sort_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
  );
  const insAsg = client.prepare(
    `INSERT INTO legal_aid_assignments (case_id, provider_id, assignment_no, assignment_year, assignment_seq, assigned_on, reason, by_user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
  );
  const insProg = client.prepare(`INSERT INTO legal_aid_progress (case_id, noted_on, note, by_user_id, created_at) VALUES (?, ?, ?, ?, ?)`);
  allCases.forEach((c, ci) => {
    const info = infos.find((i) => i.centre.key === c.centreKey)!;
    const centreUser = user(info.centreUser);
    const createdBy = user(c.createdBy);
    const year = Number(c.appliedOn.slice(0, 4));
    const seq = appSeq.get(c)!;
    const dseq = decSeq.get(c) ?? null;
    const last = c.assignments[c.assignments.length - 1];
    const lastNo = last
      ? formatLegalAidNo(prefix(c.centreKey), "assign", Number(last.on.slice(0, 4)), asgSeq.get(`${ci}|${c.assignments.length - 1}`)!)
      : null;
    const steps = [
      c.appliedOn,
      c.completeOn,
      c.decidedOn,
      last?.on,
      c.closedOn,
      c.terminatedOn,
      c.qualityReviewedOn,
      c.followedUpOn,
      ...c.progress.map((p) => p.on),
    ].filter(Boolean) as string[];
    const lastStep = steps.sort()[steps.length - 1];
    const version = 1 + steps.length - 1;
    const voidedAt = c.voided ? instant(addDays(c.appliedOn, 1) > today ? today : addDays(c.appliedOn, 1), 10 * 60) : null;
    const caseId = Number(
      insCase.run(
        id(c.centreKey),
        id(c.receivedKey),
        formatLegalAidNo(prefix(c.centreKey), "apply", year, seq),
        year,
        seq,
        c.appliedOn,
        c.completeOn,
        c.missingDocs,
        c.missingDocsOn,
        c.applicantRelation,
        c.applicantName,
        c.applicantPhone,
        c.applicantIdNumber,
        c.caseType,
        c.proceeding,
        c.serviceForm,
        c.cause,
        c.matter,
        c.meansTest,
        c.exemptBasis,
        c.exemptCategory,
        c.exemptNote,
        c.status,
        dseq ? formatLegalAidNo(prefix(c.centreKey), "decide", Number(c.decidedOn!.slice(0, 4)), dseq) : null,
        dseq ? Number(c.decidedOn!.slice(0, 4)) : null,
        dseq,
        c.decidedOn,
        c.preliminary ? 1 : 0,
        c.limitationDeadline,
        c.refusalReason,
        c.assignments[0]?.on ?? null,
        lastNo,
        last?.provider ?? null,
        c.closedOn,
        c.outcome,
        c.recoveredFen,
        c.closingReport,
        c.terminatedOn,
        c.terminationReason,
        c.terminationNote,
        c.qualityGrade,
        c.qualityReviewedOn,
        c.qualityNote,
        c.followedUpOn,
        c.satisfaction,
        c.followupNote,
        c.consultationId,
        c.mediationId,
        createdBy,
        version > 1 ? centreUser : null,
        instant(c.appliedOn, int(r, 8 * 60 + 40, 17 * 60 + 30)),
        instant(lastStep, int(r, 9 * 60, 17 * 60 + 30)),
        version + (c.voided ? 1 : 0),
        voidedAt,
        c.voided ? centreUser : null,
        c.voided ? "重复登记" : null
      ).lastInsertRowid
    );
    c.beneficiaries.forEach((b, i) => insBen.run(caseId, b.name, b.gender, b.birthDate, b.idNumber, b.phone, b.address, b.categories.join(","), i));
    c.assignments.forEach((a, ai) => {
      const s = asgSeq.get(`${ci}|${ai}`)!;
      insAsg.run(
        caseId,
        a.provider,
        formatLegalAidNo(prefix(c.centreKey), "assign", Number(a.on.slice(0, 4)), s),
        Number(a.on.slice(0, 4)),
        s,
        a.on,
        a.reason,
        centreUser,
        instant(a.on, int(r, 9 * 60, 17 * 60))
      );
    });
    for (const p of c.progress) insProg.run(caseId, p.on, p.note, centreUser, instant(p.on, int(r, 9 * 60, 18 * 60)));
  });
  // the sequences continue from the seeded numbers
  const insSeq = client.prepare(
    `INSERT INTO case_sequences (unit_id, year, kind, last) VALUES (?, ?, ?, ?) ON CONFLICT (unit_id, year, kind) DO UPDATE SET last = max(last, excluded.last)`
  );
  for (const [k, last] of numbers) {
    const [centreKey, year, kind] = k.split("|");
    insSeq.run(id(centreKey), Number(year), kind, last);
  }

  // ---- summary -------------------------------------------------------------------------------------------------
  for (const info of infos) {
    const cases = allCases.filter((c) => c.centreKey === info.centre.key && !c.voided);
    for (const y of years) {
      const inYear = (d: string | null) => !!d && d.startsWith(String(y));
      const granted = cases.filter((c) => inYear(c.decidedOn) && ["granted", "assigned", "closed", "terminated"].includes(c.status));
      const closed = cases.filter((c) => c.status === "closed" && inYear(c.closedOn));
      log(
        `  legal aid ${info.centre.name} ${y}: ${cases.filter((c) => inYear(c.appliedOn)).length} applications, ${granted.length} granted ` +
          `(${granted.reduce((s, c) => s + c.beneficiaries.length, 0)} beneficiaries, ` +
          `${granted.filter((c) => c.beneficiaries.some((b) => b.categories.some((k) => SPECIAL.includes(k)))).length} special-group), ` +
          `${closed.length} closed, recovered ${(closed.reduce((s, c) => s + (c.recoveredFen ?? 0), 0) / 1_000_000).toFixed(1)}万元`
      );
    }
    const by = (s: string) => cases.filter((c) => c.status === s).length;
    log(
      `  legal aid ${info.centre.name} now: ${by("pending")} awaiting review, ${by("granted")} awaiting assignment, ${by(
        "assigned"
      )} in progress, ${by("refused")} refused, ${by("terminated")} terminated; ${info.providers.length} providers`
    );
  }
}
