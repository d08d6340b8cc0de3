import { describe, expect, it } from "vitest";
import { moneyPhrase, periodPhrase, pct, reportSentences, scopeWord } from "./report-sentences";

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
    expect(houma[1].text).toBe("2023年，全市各级人民调解组织共调解各类矛盾纠纷943件，调解成功943件，成功率100.00%，与上年持平。");
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
});
