/**
 * The report's text section as a Word document in the official style (GB/T 9704-2012 党政机关公文格式) that a
 * 法治政府建设年度报告 draft starts from: A4 with 37/35/28/26 mm margins, title in 小标宋 二号 centred, headings
 * 黑体 (一、) and 楷体 (（一）), body 仿宋 三号 with a two-character first-line indent and fixed 28-point lines, then
 * the tables (指标 / 本期 / 上年同期 / 同比). Built with the `docx` library.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  LineRuleType,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import { formatRate } from "./report-style";
import { formatMeasure, MEASURE_LABELS } from "./report-indicators";
import { periodPhrase } from "./report-sentences";
import type { ExportableReport } from "./report-export.server";

const FANGSONG = { ascii: "仿宋_GB2312", eastAsia: "仿宋_GB2312", hAnsi: "仿宋_GB2312" };
const HEITI = { ascii: "黑体", eastAsia: "黑体", hAnsi: "黑体" };
const KAITI = { ascii: "楷体_GB2312", eastAsia: "楷体_GB2312", hAnsi: "楷体_GB2312" };
const XIAOBIAOSONG = { ascii: "方正小标宋简体", eastAsia: "方正小标宋简体", hAnsi: "方正小标宋简体" };
/** 三号 = 16 pt (docx sizes are half-points); 28-point fixed lines */
const BODY_SIZE = 32;
const LINE = { line: 560, lineRule: LineRuleType.EXACT };

/** Which heading each sentence stands under. */
const GROUPS: Array<{ title: string; keys: string[] }> = [
  { title: "公共法律服务", keys: ["consultation", "centres"] },
  { title: "人民调解", keys: ["mediation", "mediationOpen", "satisfaction", "registry"] },
  { title: "法律援助", keys: ["legalAid"] },
  { title: "法律明白人和村（居）法律顾问", keys: ["literate", "advisers"] },
  { title: "政府法律顾问", keys: ["govAdvisers"] },
];
const twips = (mm: number) => Math.round((mm * 1440) / 25.4);
const NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
const TABLE_SECTIONS = ["consultation", "mediation", "legalAid", "org", "quality"];

const body = (text: string) =>
  new Paragraph({ indent: { firstLine: 640 }, spacing: LINE, alignment: AlignmentType.JUSTIFIED, children: [new TextRun({ text, font: FANGSONG, size: BODY_SIZE })] });
const heading1 = (text: string) => new Paragraph({ indent: { firstLine: 640 }, spacing: LINE, children: [new TextRun({ text, font: HEITI, size: BODY_SIZE })] });
const heading2 = (text: string) => new Paragraph({ indent: { firstLine: 640 }, spacing: LINE, children: [new TextRun({ text, font: KAITI, size: BODY_SIZE })] });

const cell = (text: string, opts: { bold?: boolean; right?: boolean; width: number }) =>
  new TableCell({
    width: { size: opts.width, type: WidthType.PERCENTAGE },
    children: [
      new Paragraph({
        alignment: opts.right ? AlignmentType.RIGHT : AlignmentType.LEFT,
        children: [new TextRun({ text, font: opts.bold ? HEITI : FANGSONG, size: 24 })],
      }),
    ],
  });

function sectionTable(section: ExportableReport["sections"][number], style: ExportableReport["style"]) {
  const widths = [46, 18, 18, 18];
  const head = new TableRow({ tableHeader: true, children: ["指标", "本期", "上年同期", "同比"].map((h, i) => cell(h, { bold: true, width: widths[i] })) });
  const show = (v: number | null, measure: Parameters<typeof formatMeasure>[1]) =>
    v === null ? "" : measure === "rate" ? formatRate(v, style?.rateDigits, style?.trimZeros) : formatMeasure(v, measure);
  const rows = section.rows.map(
    (r) =>
      new TableRow({
        children: [
          cell(`${r.level ? "　" : ""}${r.label.zh}（${MEASURE_LABELS[r.measure].zh}）`, { width: widths[0] }),
          cell(show(r.value, r.measure), { right: true, width: widths[1] }),
          cell(show(r.previous, r.measure), { right: true, width: widths[2] }),
          cell(r.yoy === null ? "" : formatRate(r.yoy, style?.rateDigits, style?.trimZeros), { right: true, width: widths[3] }),
        ],
      }),
  );
  const border = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
    rows: [head, ...rows],
  });
}

export async function buildReportDocx(report: ExportableReport): Promise<Buffer> {
  const P = periodPhrase(report.period.from, report.period.to);
  const sentences = report.sentences ?? [];
  const children: Array<Paragraph | Table> = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 560 },
      children: [new TextRun({ text: `${report.unit.name}${P}公共法律服务工作情况`, font: XIAOBIAOSONG, size: 44 })],
    }),
  ];
  let n = 0;
  for (const g of GROUPS) {
    const texts = g.keys.flatMap((k) => sentences.filter((s) => s.key === k).map((s) => s.text));
    if (!texts.length) continue;
    children.push(heading1(`${NUMERALS[n++]}、${g.title}`));
    for (const t of texts) children.push(body(t));
  }
  const tables = report.sections.filter((s) => TABLE_SECTIONS.includes(s.key));
  if (tables.length) {
    children.push(heading1(`${NUMERALS[n++]}、附表`));
    tables.forEach((s, i) => {
      children.push(heading2(`（${NUMERALS[i]}）${s.title.zh}`));
      children.push(sectionTable(s, report.style));
    });
  }
  const doc = new Document({
    creator: "枫桥 Fengqiao",
    title: `${report.unit.name}${P}公共法律服务工作情况`,
    styles: { default: { document: { run: { font: FANGSONG, size: BODY_SIZE } } } },
    sections: [
      {
        properties: {
          page: {
            // A4 210 × 297 mm; margins 37 / 35 / 28 / 26 mm (1 mm = 56.7 twips)
            size: { width: 11906, height: 16838 },
            margin: { top: twips(37), bottom: twips(35), left: twips(28), right: twips(26) },
          },
        },
        children,
      },
    ],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}
