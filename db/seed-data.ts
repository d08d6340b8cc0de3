/**
 * Static data of the demo seed (db/seed.ts): the unit tree of 运城市 with 临猗县 and 万荣县, the demo accounts,
 * and the vocabularies the consultation generator draws from. Pure data, no server imports: the README and the
 * e2e tests import DEMO_ACCOUNTS and DEMO_PASSWORD from here.
 *
 * 临猗县 is modelled on its annual rule-of-law report: 14 townships, 284 villages/communities, industry
 * committees, stationed mediation rooms in the court, petition office, market regulator and development bureau,
 * and personal-brand mediation rooms.
 */
import type { Role } from "../app/schemas/enums";

/** The one password of every demo account (10+ characters, letters and digits). */
export const DEMO_PASSWORD = "Fengqiao2024";

export type TownshipSeed = {
  name: string;
  shortName: string;
  /** 12-digit statistical code */
  code: string;
  /** pinyin-ish stem of the township staff account: `${stem}.staff` */
  stem: string;
  /** username of its staff account (defaults to `${stem}.staff`) */
  staffUsername?: string;
  /** display name of its staff account */
  staffName: string;
  /** active villages/communities under it */
  villages: number;
  /** villages named here come first, in this order; the rest are generated */
  namedVillages?: string[];
  /** consultation records per year at the township centre (before growth and randomness) */
  recordsPerYear: number;
};

export type CountySeed = {
  name: string;
  shortName: string;
  code: string;
  townships: TownshipSeed[];
};

export const CITY = { name: "运城市", shortName: "运城", code: "140800000000" } as const;

export const LINYI: CountySeed = {
  name: "临猗县",
  shortName: "临猗",
  code: "140821000000",
  townships: [
    { name: "猗氏镇", shortName: "猗氏", code: "140821100000", stem: "yishi", staffName: "王丽", villages: 30, recordsPerYear: 320,
      namedVillages: ["城东村", "城西村", "西关社区", "东关社区", "南关社区", "北关社区", "城南村", "王村"] },
    { name: "嵋阳镇", shortName: "嵋阳", code: "140821101000", stem: "meiyang", staffName: "李强", villages: 22, recordsPerYear: 250,
      namedVillages: ["嵋阳村", "东营村"] },
    { name: "临晋镇", shortName: "临晋", code: "140821102000", stem: "linjin", staffName: "杨秀英", villages: 28, recordsPerYear: 265,
      namedVillages: ["临晋村", "东街社区", "西街社区"] },
    { name: "七级镇", shortName: "七级", code: "140821103000", stem: "qiji", staffName: "赵志刚", villages: 24, recordsPerYear: 200 },
    { name: "东张镇", shortName: "东张", code: "140821104000", stem: "dongzhang", staffName: "郭海燕", villages: 20, recordsPerYear: 180 },
    { name: "孙吉镇", shortName: "孙吉", code: "140821105000", stem: "sunji", staffName: "薛俊峰", villages: 23, recordsPerYear: 190 },
    { name: "三管镇", shortName: "三管", code: "140821106000", stem: "sanguan", staffName: "卫红梅", villages: 18, recordsPerYear: 165 },
    { name: "耽子镇", shortName: "耽子", code: "140821107000", stem: "danzi", staffName: "贾文华", villages: 21, recordsPerYear: 175 },
    { name: "牛杜镇", shortName: "牛杜", code: "140821108000", stem: "niudu", staffName: "刘晓东", villages: 19, recordsPerYear: 170 },
    { name: "楚侯乡", shortName: "楚侯", code: "140821200000", stem: "chuhou", staffName: "闫春梅", villages: 17, recordsPerYear: 160 },
    { name: "庙上乡", shortName: "庙上", code: "140821201000", stem: "miaoshang", staffName: "孙宏伟", villages: 16, recordsPerYear: 155 },
    { name: "北景乡", shortName: "北景", code: "140821202000", stem: "beijing", staffName: "马玉兰", villages: 15, recordsPerYear: 150 },
    { name: "北辛乡", shortName: "北辛", code: "140821203000", stem: "beixin", staffName: "董振华", villages: 13, recordsPerYear: 150 },
    { name: "角杯乡", shortName: "角杯", code: "140821204000", stem: "jiaobei", staffName: "吉亚楠", villages: 18, recordsPerYear: 160 },
  ],
};

export const WANRONG: CountySeed = {
  name: "万荣县",
  shortName: "万荣",
  code: "140822000000",
  townships: [
    { name: "解店镇", shortName: "解店", code: "140822100000", stem: "jiedian", staffUsername: "wanrong.staff", staffName: "张鹏", villages: 12, recordsPerYear: 420,
      namedVillages: ["解店村", "城关社区"] },
    { name: "通化镇", shortName: "通化", code: "140822101000", stem: "tonghua", staffName: "王静", villages: 10, recordsPerYear: 360 },
    { name: "汉薛镇", shortName: "汉薛", code: "140822102000", stem: "hanxue", staffName: "薛磊", villages: 9, recordsPerYear: 320 },
    { name: "荣河镇", shortName: "荣河", code: "140822103000", stem: "ronghe", staffName: "李芳", villages: 11, recordsPerYear: 350 },
  ],
};

export const COUNTIES: CountySeed[] = [LINYI, WANRONG];

/** The village that was merged into a sibling at the end of the first seeded year (its records stay). */
export const MERGED_VILLAGE = { township: "嵋阳镇", name: "西营村", mergedInto: "东营村" } as const;

export type BodySeed = {
  name: string;
  shortName: string;
  code: string;
  level: "county" | "township";
  type: "service_centre" | "legal_aid_centre" | "industry_committee" | "stationed_room" | "personal_room";
  /** the parent township's name, for bodies under a township; otherwise the body is under the county */
  township?: string;
  /** consultation records per year (0: the body does mediation only) */
  recordsPerYear: number;
};

/** Specialised bodies of 临猗县 (design §2). */
export const LINYI_BODIES: BodySeed[] = [
  { name: "临猗县公共法律服务中心", shortName: "县公法中心", code: "140821-GF01", level: "county", type: "service_centre", recordsPerYear: 550 },
  { name: "临猗县法律援助中心", shortName: "临猗法援", code: "140821-FY01", level: "county", type: "legal_aid_centre", recordsPerYear: 130 },
  { name: "临猗县道路交通事故纠纷人民调解委员会", shortName: "临猗交调", code: "140821-TJ01", level: "county", type: "industry_committee", recordsPerYear: 0 },
  { name: "临猗县医疗纠纷人民调解委员会", shortName: "临猗医调", code: "140821-TJ02", level: "county", type: "industry_committee", recordsPerYear: 0 },
  { name: "临猗县劳动争议人民调解委员会", shortName: "临猗劳调", code: "140821-TJ03", level: "county", type: "industry_committee", recordsPerYear: 0 },
  { name: "临猗县婚姻家庭纠纷人民调解委员会", shortName: "临猗婚调", code: "140821-TJ04", level: "county", type: "industry_committee", recordsPerYear: 0 },
  { name: "临猗县人民法院诉前人民调解工作室", shortName: "法院诉调", code: "140821-PZ01", level: "county", type: "stationed_room", recordsPerYear: 0 },
  { name: "临猗县信访局人民调解工作室", shortName: "信访调解", code: "140821-PZ02", level: "county", type: "stationed_room", recordsPerYear: 0 },
  { name: "临猗县市场监管局人民调解工作室", shortName: "市监调解", code: "140821-PZ03", level: "county", type: "stationed_room", recordsPerYear: 0 },
  { name: "临猗县发改局人民调解工作室", shortName: "发改调解", code: "140821-PZ04", level: "county", type: "stationed_room", recordsPerYear: 0 },
  { name: "老张调解室", shortName: "老张", code: "140821-GR01", level: "township", type: "personal_room", township: "嵋阳镇", recordsPerYear: 0 },
  { name: "王大姐调解室", shortName: "王大姐", code: "140821-GR02", level: "township", type: "personal_room", township: "临晋镇", recordsPerYear: 0 },
  { name: "老杨调解室", shortName: "老杨", code: "140821-GR03", level: "township", type: "personal_room", township: "猗氏镇", recordsPerYear: 0 },
];

export type DemoAccount = {
  username: string;
  role: Role;
  /** the unit's name (unique in the demo tree) */
  unitName: string;
  /** the unit's code (unique) */
  unitCode: string;
  displayName: string;
};

const township = (name: string) => {
  const t = [...LINYI.townships, ...WANRONG.townships].find((x) => x.name === name);
  if (!t) throw new Error(`no township ${name}`);
  return t;
};
const body = (name: string) => {
  const b = LINYI_BODIES.find((x) => x.name === name);
  if (!b) throw new Error(`no body ${name}`);
  return b;
};

/** Code of the n-th (1-based) village of a township in the order of its list; communities (社区) get 001…, villages 201…. */
export function villageCode(townshipCode: string, kind: "community" | "village", n: number) {
  return townshipCode.slice(0, 9) + String((kind === "community" ? 0 : 200) + n).padStart(3, "0");
}

/** The first village of 猗氏镇 (城东村), where the village account works. */
export const FIRST_YISHI_VILLAGE = { name: "城东村", code: villageCode(township("猗氏镇").code, "village", 1) };

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: "admin", role: "admin", unitName: CITY.name, unitCode: CITY.code, displayName: "周明" },
  { username: "city.bureau", role: "bureau", unitName: CITY.name, unitCode: CITY.code, displayName: "陈卫东" },
  { username: "writer", role: "report_writer", unitName: CITY.name, unitCode: CITY.code, displayName: "孙静" },
  { username: "linyi.bureau", role: "bureau", unitName: LINYI.name, unitCode: LINYI.code, displayName: "王建军" },
  { username: "linyi.writer", role: "report_writer", unitName: LINYI.name, unitCode: LINYI.code, displayName: "李娜" },
  { username: "linyi.admin", role: "admin", unitName: LINYI.name, unitCode: LINYI.code, displayName: "张伟" },
  { username: "linyi.centre", role: "staff", unitName: body("临猗县公共法律服务中心").name, unitCode: body("临猗县公共法律服务中心").code, displayName: "赵敏" },
  { username: "linyi.legalaid", role: "staff", unitName: body("临猗县法律援助中心").name, unitCode: body("临猗县法律援助中心").code, displayName: "刘洋" },
  { username: "yishi.head", role: "centre_head", unitName: "猗氏镇", unitCode: township("猗氏镇").code, displayName: "张建国" },
  { username: "village.staff", role: "staff", unitName: FIRST_YISHI_VILLAGE.name, unitCode: FIRST_YISHI_VILLAGE.code, displayName: "刘玉梅" },
  ...[...LINYI.townships, ...WANRONG.townships].map(
    (t): DemoAccount => ({
      username: t.staffUsername ?? `${t.stem}.staff`,
      role: "staff",
      unitName: t.name,
      unitCode: t.code,
      displayName: t.staffName,
    }),
  ),
];

// ---------------------------------------------------------------------------------------------------------------
// Vocabularies for generated names

export const SURNAMES = [
  "王", "李", "张", "刘", "杨", "赵", "郭", "薛", "卫", "贾", "孙", "吉", "闫", "马", "董", "畅", "景", "樊",
  "侯", "柴", "崔", "范", "陈", "姚", "程", "梁", "任", "冯", "席", "原", "宁", "裴", "荆", "乔",
];
export const GIVEN_NAMES = [
  "建国", "丽", "强", "敏", "伟", "芳", "军", "红梅", "海燕", "志刚", "晓东", "秀英", "文华", "俊峰", "玉兰",
  "鹏", "磊", "静", "娟", "宏伟", "春梅", "振华", "新民", "亚楠", "小燕", "国庆", "卫东", "彩霞", "瑞",
  "永红", "晋生", "爱萍", "利民", "雪梅", "浩", "宇", "婷", "建平", "明亮", "金凤",
];

/** Village name parts: 东王村, 樊家庄村, 太平村 … */
export const VILLAGE_PREFIXES = ["东", "西", "南", "北", "前", "后", "上", "下", "大", "小", "新"];
export const VILLAGE_CORES = [
  "王", "张", "李", "赵", "刘", "杨", "孙", "吴", "郭", "樊", "薛", "卫", "闫", "贾", "牛", "马", "侯", "董",
  "吉", "景", "范", "崔", "姚", "程", "梁", "冯", "裴", "乔", "柴", "任", "陈", "宁",
];
export const VILLAGE_SUFFIXES = ["家庄村", "庄村", "营村", "堡村", "家坡村", "家窑村"];
export const VILLAGE_WORDS = [
  "太平", "永安", "双泉", "红旗", "南街", "北街", "新建", "光明", "和平", "丰乐", "三合", "五星", "兴旺", "吉庆",
  "永丰", "长乐", "安乐", "富民", "清泉", "杜村", "阳朝", "坡底", "岭上", "沟东", "泉头", "庙后", "城北",
  "高村", "古城", "寨子", "楼底", "西陌", "东陌", "平原", "桃园", "柳园", "杏林", "果园", "南岭", "北坡",
];

// ---------------------------------------------------------------------------------------------------------------
// Consultation mixes (weights; the generator normalises them)

export const TOPIC_WEIGHTS: Record<string, number> = {
  marriage_family: 20,
  labour: 15,
  land: 13,
  debt: 12,
  contract: 11,
  tort: 6,
  housing: 6,
  inheritance: 6,
  traffic: 4,
  consumer: 3,
  administrative: 2,
  criminal: 1,
  other: 1,
};

/** At the legal aid centre, labour and traffic matters come more often. */
export const LEGAL_AID_TOPIC_WEIGHTS: Record<string, number> = {
  ...TOPIC_WEIGHTS,
  labour: 28,
  traffic: 12,
  land: 6,
  criminal: 4,
};

/**
 * Channels of single consultations by kind of unit. Outreach events are scheduled separately (see OUTREACH_EVENTS)
 * and make about a tenth of the person-times; over all units the person-times come out near 55/20/12/3/10.
 */
export const CHANNEL_WEIGHTS: Record<"county" | "township" | "village", Record<string, number>> = {
  county: { walk_in: 42, hotline: 38, online: 16, letter: 4 },
  township: { walk_in: 58, hotline: 22, online: 13, letter: 3.3 },
  village: { walk_in: 78, hotline: 8, online: 11, letter: 2.5 },
};

export const CATEGORY_WEIGHTS: Record<string, number> = {
  elderly: 32,
  women: 30,
  migrant_worker: 22,
  disabled: 6,
  military: 4,
  minor: 4,
  low_income: 5,
};

/** Who tends to ask about what: the categories of a consultation are drawn from its topic's weights when given. */
export const TOPIC_CATEGORY_WEIGHTS: Record<string, { share: number; weights: Record<string, number> }> = {
  labour: { share: 0.5, weights: { migrant_worker: 78, women: 8, disabled: 5, low_income: 5, military: 2, elderly: 2 } },
  marriage_family: { share: 0.34, weights: { women: 58, elderly: 20, minor: 12, low_income: 5, disabled: 5 } },
  inheritance: { share: 0.32, weights: { elderly: 66, women: 22, disabled: 6, low_income: 6 } },
  traffic: { share: 0.25, weights: { elderly: 30, migrant_worker: 30, disabled: 20, women: 15, minor: 5 } },
  criminal: { share: 0.25, weights: { minor: 40, elderly: 30, women: 30 } },
};
/** Share of consultations on other topics with categories. */
export const DEFAULT_CATEGORY_SHARE = 0.22;

export const NEXT_STEP_WEIGHTS: Record<string, number> = {
  answered: 87,
  referred_mediation: 6,
  referred_legal_aid: 4,
  referred_elsewhere: 3,
};

// ---------------------------------------------------------------------------------------------------------------
// Summaries: [what was asked, what was answered]. `{amount}` is filled in with a sum of money.

export const SUMMARY_TEMPLATES: Record<string, Array<[string, string]>> = {
  marriage_family: [
    ["咨询协议离婚的办理程序及所需材料", "已告知到婚姻登记机关办理的流程和离婚冷静期规定"],
    ["咨询离婚后子女抚养权归属问题", "已讲解法院判定抚养权时考虑的因素"],
    ["反映对方长期不支付孩子抚养费，询问如何追索", "已告知可向人民法院起诉要求支付"],
    ["咨询婚前父母出资购买的房屋离婚时如何分割", "已解释民法典婚姻家庭编相关规定"],
    ["反映子女不履行赡养义务，询问如何处理", "已讲解赡养义务，告知可申请调解或起诉"],
    ["咨询订婚后解除婚约彩礼是否应当返还", "已讲解彩礼返还的适用情形"],
    ["反映遭受家庭暴力，询问如何保护自己", "已告知人身安全保护令的申请方式和报警求助途径"],
    ["咨询配偶一方婚内所欠{amount}是否属于夫妻共同债务", "已解释夫妻共同债务的认定规则"],
  ],
  labour: [
    ["反映在建筑工地务工被拖欠工资{amount}，询问讨要途径", "已告知可向劳动保障监察部门投诉或申请劳动仲裁"],
    ["咨询未签订书面劳动合同能否主张二倍工资", "已解释劳动合同法相关规定"],
    ["咨询工作中受伤如何认定工伤", "已告知工伤认定的申请时限和所需材料"],
    ["咨询被单位辞退能否要求经济补偿", "已讲解经济补偿的计算标准"],
    ["咨询超过法定退休年龄务工受伤如何维权", "已告知可按劳务关系主张人身损害赔偿"],
    ["咨询用人单位未缴纳社会保险如何处理", "已告知可向社会保险经办机构投诉"],
    ["咨询果库打工期间加班费如何计算", "已讲解加班工资的计算方法"],
  ],
  land: [
    ["咨询土地流转合同到期后对方不退还承包地如何处理", "已告知可先行协商或申请调解"],
    ["反映与邻居因宅基地界址发生争议", "已告知可申请村委会调解或向乡镇人民政府申请处理"],
    ["咨询承包期内承包地被调整是否合法", "已解释农村土地承包法相关规定"],
    ["咨询征地补偿款在家庭成员之间如何分配", "已讲解补偿款分配的相关规定"],
    ["咨询出嫁女在原村的土地承包权益", "已告知其承包权益受法律保护"],
    ["反映地边栽树遮挡果园采光引发纠纷", "已讲解相邻关系的处理原则，建议双方协商"],
  ],
  contract: [
    ["咨询苹果收购中收购方压价拒收如何处理", "已讲解买卖合同的违约责任"],
    ["咨询购买的化肥质量不合格如何索赔", "已告知保留购货凭证等证据，可协商或起诉"],
    ["咨询房屋租赁合同提前解除的违约责任", "已解释租赁合同相关规定"],
    ["咨询口头约定的合同是否有效及如何举证", "已解释合同形式和举证要求"],
    ["咨询购买的农机存在质量问题如何退换", "已告知维权途径和质量鉴定方式"],
  ],
  debt: [
    ["咨询他人借款{amount}到期不还如何追讨", "已告知可向人民法院起诉并注意诉讼时效"],
    ["咨询为他人借款作保后需承担的责任", "已讲解保证责任的范围和保证期间"],
    ["咨询借条的规范写法及注意事项", "已逐项作了解答"],
    ["咨询只有转账记录没有借条能否要回借款{amount}", "已告知证据要求和起诉程序"],
    ["咨询民间借贷利息的法律保护上限", "已解释民间借贷司法解释的相关规定"],
  ],
  tort: [
    ["反映被邻居家的狗咬伤，询问赔偿问题", "已告知动物饲养人的侵权责任"],
    ["咨询在集市上摔伤能否要求管理方赔偿", "已讲解经营者的安全保障义务"],
    ["反映邻居盖房损坏自家院墙，询问如何索赔", "已告知可协商赔偿或申请调解"],
    ["反映果树被他人喷洒农药致损", "已告知保留证据并可要求侵权人赔偿"],
  ],
  housing: [
    ["咨询农村房屋买卖合同的效力", "已解释农村房屋买卖的相关规定"],
    ["咨询购买的商品房逾期交房如何维权", "已告知可依合同主张逾期交房违约金"],
    ["咨询自建房与邻居的采光通风纠纷", "已讲解相邻关系的处理原则"],
    ["反映楼上住户漏水拒不维修", "已告知可要求维修并赔偿损失"],
  ],
  inheritance: [
    ["咨询父亲去世后房产如何继承", "已讲解法定继承的顺序和份额"],
    ["咨询自书遗嘱需要符合哪些形式", "已告知遗嘱的有效要件"],
    ["咨询宅基地上的房屋能否继承", "已解释相关规定"],
    ["咨询兄弟姐妹之间的遗产分割问题", "已讲解遗产分割原则，建议协商处理"],
  ],
  traffic: [
    ["咨询交通事故后对方拒绝赔偿医疗费如何处理", "已告知可申请调解或向人民法院起诉"],
    ["咨询电动三轮车交通事故的责任认定和赔偿项目", "已逐项作了解答"],
    ["咨询交通事故伤残鉴定的申请程序", "已告知鉴定的申请流程"],
  ],
  consumer: [
    ["咨询网购商品七日无理由退货问题", "已解释消费者权益保护法相关规定"],
    ["咨询在超市购买过期食品如何索赔", "已告知可要求退款并主张价款十倍赔偿"],
    ["咨询预付卡商家停业后如何退费", "已告知可向市场监管部门投诉"],
  ],
  administrative: [
    ["咨询对行政处罚决定不服如何申请行政复议", "已告知复议期限和申请途径"],
    ["咨询申请低保的条件和程序", "已作了解答"],
    ["咨询政府信息公开的申请方式", "已告知申请方式和答复期限"],
  ],
  criminal: [
    ["咨询家人被刑事拘留后的相关程序", "已讲解刑事诉讼程序和委托辩护的权利"],
    ["反映遭遇电信网络诈骗，询问如何处理", "已告知及时报警并保留证据"],
  ],
  other: [
    ["咨询办理公证的程序和所需材料", "已作了解答"],
    ["咨询个人信息被泄露如何维权", "已告知维权途径"],
    ["咨询申请法律援助的条件", "已告知申请条件和所需材料"],
  ],
};

/** How each channel opens a summary. */
export const CHANNEL_OPENINGS: Record<string, string[]> = {
  walk_in: ["", "", "群众来访", "来访群众"],
  hotline: ["来电", "通过12348热线"],
  online: ["网上留言", "通过微信平台"],
  letter: ["来信"],
};

/** What a referral says, in place of the answer. */
export const REFERRAL_TEXT: Record<string, string | Record<string, string>> = {
  referred_mediation: "双方同意调解，已转人民调解委员会",
  referred_legal_aid: "经初步审查符合法律援助条件，已引导其申请法律援助",
  referred_elsewhere: {
    labour: "已引导其到县劳动保障监察大队反映",
    land: "已引导其向乡镇人民政府申请处理",
    consumer: "已引导其拨打12315投诉",
    traffic: "已引导其到交警大队处理",
    criminal: "已引导其向公安机关报案",
    administrative: "已引导其向相关行政机关反映",
    default: "已引导其到有关部门办理",
  },
};

/** Sums of money that appear in summaries. */
export const AMOUNTS = ["3000元", "5000元", "8000元", "1.2万元", "2万元", "3万元", "4.5万元", "6万元", "10万元"];

/** Chinese New Year's day (正月初一), for the quiet weeks around it. */
export const SPRING_FESTIVAL: Record<number, string> = {
  2020: "2020-01-25",
  2021: "2021-02-12",
  2022: "2022-02-01",
  2023: "2023-01-22",
  2024: "2024-02-10",
  2025: "2025-01-29",
  2026: "2026-02-17",
  2027: "2027-02-06",
  2028: "2028-01-26",
  2029: "2029-02-13",
  2030: "2030-02-03",
  2031: "2031-01-23",
  2032: "2032-02-11",
};

/** 重阳节 (Double Ninth, seniors' day), for an outreach event with the elderly. */
export const DOUBLE_NINTH: Record<number, string> = {
  2020: "2020-10-25",
  2021: "2021-10-14",
  2022: "2022-10-04",
  2023: "2023-10-23",
  2024: "2024-10-11",
  2025: "2025-10-29",
  2026: "2026-10-18",
  2027: "2027-10-08",
  2028: "2028-10-26",
  2029: "2029-10-16",
  2030: "2030-10-05",
};

export type OutreachEvent = {
  /** MM-DD, or a window `MM-DD..MM-DD` in which a working day is picked, or `double-ninth` */
  when: string;
  /** where: the county service centre, or n townships picked at random */
  at: "centre" | "townships";
  count?: number;
  topics: string[];
  categories?: string[];
  /** the summary; `{n}` is the number of persons */
  text: string;
};

/** The outreach events of a county year (design: peaks in March, around 12.4 and in December). */
export const OUTREACH_EVENTS: OutreachEvent[] = [
  { when: "03-05", at: "centre", topics: ["other", "marriage_family", "labour"], text: "学雷锋日在县城广场开展普法志愿服务活动，现场解答群众法律咨询{n}人次" },
  { when: "03-08", at: "townships", count: 1, topics: ["marriage_family"], categories: ["women"], text: "三八妇女节开展妇女维权法律咨询活动，解答婚姻家庭等问题{n}人次" },
  { when: "03-15", at: "centre", topics: ["consumer"], text: "3·15消费者权益日联合市场监管部门开展法律咨询活动，解答咨询{n}人次" },
  { when: "03-10..03-31", at: "townships", count: 2, topics: ["marriage_family", "contract", "inheritance", "land"], text: "开展民法典宣传进村入户活动，现场解答群众咨询{n}人次" },
  { when: "05-06..05-29", at: "townships", count: 1, topics: ["marriage_family", "debt", "contract"], text: "民法典宣传月在集会日设立法律咨询台，解答群众咨询{n}人次" },
  { when: "06-01", at: "townships", count: 1, topics: ["other", "marriage_family"], categories: ["minor"], text: "六一儿童节开展未成年人保护法进校园活动，解答师生及家长咨询{n}人次" },
  { when: "double-ninth", at: "townships", count: 1, topics: ["inheritance", "marriage_family"], categories: ["elderly"], text: "重阳节开展老年人权益保护法律咨询活动，解答赡养、继承等问题{n}人次" },
  { when: "12-04", at: "centre", topics: ["other", "administrative", "marriage_family"], text: "国家宪法日在县城广场开展宪法宣传暨法律咨询活动，现场解答群众咨询{n}人次" },
  { when: "12-04", at: "townships", count: 2, topics: ["other", "land", "marriage_family"], text: "国家宪法日开展宪法宣传进乡村活动，解答群众法律咨询{n}人次" },
  { when: "12-01..12-08", at: "townships", count: 1, topics: ["other", "debt"], text: "宪法宣传周在集会日设点开展法律咨询，解答群众咨询{n}人次" },
  { when: "12-10..12-28", at: "townships", count: 1, topics: ["labour"], categories: ["migrant_worker"], text: "岁末年初开展农民工讨薪法律服务专项活动，解答欠薪等咨询{n}人次" },
];
