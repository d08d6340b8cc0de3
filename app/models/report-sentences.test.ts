import { describe, expect, it } from "vitest";
import { moneyPhrase, periodPhrase, pct, reportSentences, scopeWord, yoyPhrase } from "./report-sentences";
import { DEFAULT_REPORT_STYLE, formatRate, parseReportStyle, peoplePhrase, ReportStyleSchema, wanPhrase } from "./report-style";

const city = { name: "运城市", level: "city", type: "admin" };

describe("report sentences", () => {
  it("use the unit's own word for its scope", () => {
    expect(scopeWord(city)).toBe("全市");
    expect(scopeWord({ name: "临猗县", level: "county", type: "admin" })).toBe("全县");
    expect(scopeWord({ name: "盐湖区", level: "county", type: "admin" })).toBe("全区");
    expect(scopeWord({ name: "侯马市", level: "county", type: "admin" })).toBe("全市");
    expect(scopeWord({ name: "猗氏镇", level: "township", type: "admin" })).toBe("全镇");
    expect(scopeWord({ name: "楚侯乡", level: "township", type: "admin" })).toBe("全乡");
    expect(scopeWord({ name: "临猗县医疗纠纷人民调解委员会", level: "county", type: "industry_committee" })).toBe("临猗县医疗纠纷人民调解委员会");
  });
  it("name periods as reports do", () => {
    expect(periodPhrase("2023-01-01", "2023-12-31")).toBe("2023年");
    expect(periodPhrase("2023-04-01", "2023-06-30")).toBe("2023年第二季度");
    expect(periodPhrase("2024-02-01", "2024-02-29")).toBe("2024年2月");
    expect(periodPhrase("2023-01-01", "2023-06-30")).toBe("2023年1月至6月");
    expect(periodPhrase("2023-03-05", "2023-06-30")).toBe("2023年3月5日至6月30日");
  });
  it("write money in 万元 as the seeds do", () => {
    expect(moneyPhrase(2966_3000_00 + 123)).toBe("2966.3万余元");
    expect(moneyPhrase(50_000_00)).toBe("5万元");
    expect(moneyPhrase(9_999_00)).toBe("9999元");
    expect(pct(23219 / 23540)).toBe("98.64%");
  });
  it("reproduce the seeds' sentences from the figures", () => {
    const s = reportSentences(city, "2020-01-01", "2020-12-31", {
      consultation: { personTimes: 60409, previousPersonTimes: 0, target: 40000 },
      mediation: { accepted: 23540, concluded: 23540, successful: 23219, massDisputes: 0, preventedCriminal: 0, agreementAmountFen: 0, previousConcluded: 0 },
      legalAid: { granted: 5224, beneficiaries: 5285, specialGroupCases: 0, recoveredFen: 2966_3500_00, previousGranted: 0 },
    });
    expect(s.map((x) => x.text)).toEqual([
      "2020年，全市共提供免费法律咨询60409人次，完成年度任务的151.02%。",
      "2020年，全市各级人民调解组织共调解各类矛盾纠纷23540件，调解成功23219件，成功率98.64%。",
      "2020年，全市共办理法律援助案件5224件，受援人为5285人，为困难群众挽回或避免经济损失2966.3万余元。",
    ]);
    const houma = reportSentences(
      { name: "侯马市", level: "county", type: "admin" },
      "2023-01-01",
      "2023-12-31",
      {
      consultation: { personTimes: 3558, previousPersonTimes: 3000, target: 2500 },
      mediation: { accepted: 943, concluded: 943, successful: 943, massDisputes: 0, preventedCriminal: 0, agreementAmountFen: 0, previousConcluded: 943 },
      legalAid: { granted: 150, beneficiaries: 0, specialGroupCases: 60, recoveredFen: 0, previousGranted: 0 },
      },
      { completionDigits: 1 },
    );
    expect(houma[0].text).toBe("2023年，全市共提供免费法律咨询3558人次，完成年度任务的142.3%，同比增长18.6%。");
    expect(houma[1].text).toBe("2023年，全市各级人民调解组织共调解各类矛盾纠纷943件，调解成功943件，成功率100%，与上年持平。");
    expect(houma[2].text).toBe("2023年，全市共办理法律援助案件150件，其中特殊群体法律援助案件60件。");
  });
  it("count organisations and people as the 临猗县 report does", () => {
    const s = reportSentences({ name: "临猗县", level: "county", type: "admin" }, "2021-01-01", "2021-12-31", {
      consultation: { personTimes: 0, previousPersonTimes: 0 },
      mediation: { accepted: 0, concluded: 0, successful: 0, massDisputes: 0, preventedCriminal: 0, agreementAmountFen: 0, previousConcluded: 0 },
      registry: { committees: 300, mediators: 910, fullTimeMediators: 37, personalRooms: 8 },
    });
    expect(s.find((x) => x.key === "registry")?.text).toBe("截至2021年底，全县共有人民调解委员会300个，专兼职人民调解员910名，其中专职调解员37名，个人品牌调解室8个。");
  });

  it("write rates, money and people in the unit's style (issue 13)", () => {
    expect(formatRate(1)).toBe("100%");
    expect(formatRate(23219 / 23540)).toBe("98.64%");
    expect(formatRate(60409 / 40000)).toBe("151.02%");
    expect(formatRate(3558 / 2500, 1)).toBe("142.3%");
    expect(formatRate(0.914, 1)).toBe("91.4%");
    expect(formatRate(0.9, 2, false)).toBe("90.00%");
    expect(formatRate(0.98645)).toBe("98.65%");
    expect(formatRate(null)).toBe("—");
    // 余 only when rounding down dropped something: at the boundary exact, one more is 余
    expect(wanPhrase(74000)).toBe("7.4万");
    expect(wanPhrase(74001)).toBe("7.4万余");
    expect(wanPhrase(74999)).toBe("7.4万余");
    expect(wanPhrase(30000)).toBe("3万");
    expect(wanPhrase(9999)).toBe("9999");
    expect(wanPhrase(29663000, 2)).toBe("2966.3万");
    expect(moneyPhrase(2966_3000_00)).toBe("2966.3万元");
    expect(moneyPhrase(2966_3000_01)).toBe("2966.3万余元");
    expect(peoplePhrase(74_123)).toBe("7.4万余名");
    expect(peoplePhrase(10367, "人")).toBe("10367人");
    expect(peoplePhrase(10367, "人", { ...DEFAULT_REPORT_STYLE, peopleWanFrom: 10000 })).toBe("1万余人");
    expect(yoyPhrase(120, 100)).toBe("，同比增长20%");
    expect(yoyPhrase(95, 100)).toBe("，同比下降5%");
    expect(yoyPhrase(95, 0)).toBe("");
  });

  it("refuse a style with impossible digits, and read a damaged stored style as the default", () => {
    const bad = ReportStyleSchema.safeParse({ rateDigits: "7", trimZeros: "on", completionDigits: "1.5", wanDigits: "-1", peopleWanFrom: "12" });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => [i.path[0], i.message]);
    expect(paths).toEqual(
      expect.arrayContaining([
        ["rateDigits", "report.style.err.digits"],
        ["completionDigits", "report.style.err.digits"],
        ["wanDigits", "report.style.err.digits"],
        ["peopleWanFrom", "report.style.err.wanFrom"],
      ]),
    );
    expect(parseReportStyle("{not json")).toEqual(DEFAULT_REPORT_STYLE);
    expect(parseReportStyle('{"rateDigits":1}')).toEqual({ ...DEFAULT_REPORT_STYLE, rateDigits: 1 });
  });

  it("offer no sentence for a section with nothing in it", () => {
    const s = reportSentences(city, "2025-01-01", "2025-12-31", {
      consultation: { personTimes: 0, previousPersonTimes: 10 },
      mediation: { accepted: 0, concluded: 0, successful: 0, massDisputes: 0, preventedCriminal: 0, agreementAmountFen: 0, previousConcluded: 5 },
      legalAid: { granted: 0, beneficiaries: 0, specialGroupCases: 0, recoveredFen: 0, previousGranted: 3 },
    });
    expect(s).toEqual([]);
  });

  it("rebuild the seeds' passages on 法律援助 completion, satisfaction and ranking, platforms, 法律明白人 coverage", () => {
    const houma = reportSentences({ name: "侯马市", level: "county", type: "admin" }, "2023-01-01", "2023-12-31", {
      consultation: { personTimes: 3558, previousPersonTimes: 0, target: 2500 },
      mediation: { accepted: 943, concluded: 943, successful: 943, massDisputes: 0, preventedCriminal: 0, agreementAmountFen: 0, previousConcluded: 0, open: 0 },
      legalAid: { granted: 150, beneficiaries: 0, specialGroupCases: 60, recoveredFen: 0, previousGranted: 0, open: 0 },
    }, { style: { ...DEFAULT_REPORT_STYLE, completionDigits: 1 } });
    expect(houma.map((x) => x.text)).toEqual([
      "2023年，全市共提供免费法律咨询3558人次，完成年度任务的142.3%。",
      "2023年，全市各级人民调解组织共调解各类矛盾纠纷943件，调解成功943件，成功率100%。",
      "2023年，全市共办理法律援助案件150件，其中特殊群体法律援助案件60件，已全部完成结案。",
    ]);
    const open = reportSentences(city, "2023-01-01", "2023-12-31", {
      consultation: { personTimes: 0, previousPersonTimes: 0 },
      mediation: { accepted: 0, concluded: 0, successful: 0, massDisputes: 0, preventedCriminal: 0, agreementAmountFen: 0, previousConcluded: 0 },
      legalAid: { granted: 150, beneficiaries: 0, specialGroupCases: 0, recoveredFen: 0, previousGranted: 0, open: 3 },
    });
    expect(open[0].text).toBe("2023年，全市共办理法律援助案件150件，其中3件仍在办理。");

    const yuncheng = reportSentences(city, "2020-01-01", "2020-12-31", {
      consultation: { personTimes: 0, previousPersonTimes: 0 },
      mediation: { accepted: 0, concluded: 0, successful: 0, massDisputes: 0, preventedCriminal: 0, agreementAmountFen: 0, previousConcluded: 0 },
      satisfaction: { rate: 0.914, visits: 1000, rank: { rank: 1, of: 11, tied: false, parentScope: "全省" } },
      registry: { committees: 1604, mediators: 10367, fullTimeMediators: 392, personalRooms: 0, centres: { city: 1, county: 11, township: 146, village: 1336 }, legallyLiterate: 74_123 },
      coverage: { villages: 2402, literate: 2402, adviser: 0, servicePoint: 1336 },
    }, { style: { ...DEFAULT_REPORT_STYLE, rateDigits: 1 } });
    const byKey = Object.fromEntries(yuncheng.map((x) => [x.key, x.text]));
    expect(byKey.satisfaction).toBe("2020年，全市人民调解工作满意度91.4%、全省第1。");
    expect(byKey.registry).toBe("截至2020年底，全市共有人民调解委员会1604个，专兼职人民调解员10367名，其中专职调解员392名。");
    expect(byKey.centres).toBe("截至2020年底，全市在市、县、乡、村四级建立公共法律服务实体平台1494个，其中市级1个，县级11个，乡镇级146个，村（社区）级1336个。");
    expect(byKey.literate).toBe("截至2020年底，全市共培养“法律明白人”7.4万余名，2402个村（社区）法律明白人全覆盖。");

    const linyi = reportSentences({ name: "临猗县", level: "county", type: "admin" }, "2021-01-01", "2021-12-31", {
      consultation: { personTimes: 0, previousPersonTimes: 0 },
      mediation: { accepted: 0, concluded: 0, successful: 0, massDisputes: 0, preventedCriminal: 0, agreementAmountFen: 0, previousConcluded: 0 },
      satisfaction: { rate: 0.95, visits: 20, rank: { rank: 2, of: 13, tied: true, parentScope: "全市" } },
      registry: { committees: 0, mediators: 0, fullTimeMediators: 0, personalRooms: 0, centres: { city: 0, county: 1, township: 14, village: 284 } },
    });
    expect(linyi.find((x) => x.key === "centres")?.text).toBe("截至2021年底，全县在县、乡、村三级建立公共法律服务实体平台299个，其中县级1个，乡镇级14个，村（社区）级284个。");
    expect(linyi.find((x) => x.key === "satisfaction")?.text).toBe("2021年，全县人民调解工作满意度95%、全市并列第2。");
  });
});
