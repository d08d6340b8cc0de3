import { unzipSync, strFromU8 } from "fflate";
import { describe, expect, it } from "vitest";
import { buildReportDocx } from "./report-docx.server";
import type { ExportableReport } from "./report-export.server";
import { DEFAULT_REPORT_STYLE } from "./report-style";

const report: ExportableReport = {
  unit: { id: 1, code: "140800000000", name: "运城市", level: "city", type: "admin", parentId: null },
  period: { from: "2020-01-01", to: "2020-12-31" },
  previousPeriod: { from: "2019-01-01", to: "2019-12-31" },
  sections: [
    {
      key: "mediation",
      title: { zh: "人民调解", en: "" },
      rows: [
        { key: "mediation.concluded", label: { zh: "调结纠纷", en: "" }, measure: "cases", level: 0, value: 23540, previous: 20000, yoy: 0.177, href: null },
        { key: "mediation.successShareOfConcluded", label: { zh: "成功率", en: "" }, measure: "rate", level: 0, value: 23219 / 23540, previous: null, yoy: null, href: null },
      ],
    },
  ],
  children: [],
  monthly: [],
  sentences: [
    { key: "mediation", text: "2020年，全市各级人民调解组织共调解各类矛盾纠纷23540件，调解成功23219件，成功率98.64%。" },
    { key: "legalAid", text: "2020年，全市共办理法律援助案件5224件，受援人为5285人，为困难群众挽回或避免经济损失2966.3万余元。" },
  ],
  style: DEFAULT_REPORT_STYLE,
};

describe("DOCX of the text section", () => {
  it("reads back as an A4 document in the official style with the sentences and the tables", async () => {
    const files = unzipSync(new Uint8Array(await buildReportDocx(report)));
    const xml = strFromU8(files["word/document.xml"]);
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join("\n");
    expect(text).toContain("运城市2020年公共法律服务工作情况");
    expect(text).toContain("一、人民调解");
    expect(text).toContain("二、法律援助");
    expect(text).toContain(report.sentences![0].text);
    expect(text).toContain(report.sentences![1].text);
    expect(text).toContain("三、附表");
    expect(text).toContain("23,540");
    expect(text).toContain("98.64%");
    expect(xml).toContain('w:w="11906"'); // A4 width in twips
    expect(xml).toMatch(/w:top="209\d"/); // 37 mm
    expect(xml).toContain("仿宋_GB2312");
    expect(xml).toContain("黑体");
    expect(xml).toContain("楷体_GB2312");
    expect(xml).toContain("<w:tbl>");
  });
});
