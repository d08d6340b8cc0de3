import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { addSafeRow, csvDocument, csvField, safeText } from "./spreadsheet-cells";

describe("spreadsheet cells", () => {
  it("neutralise text a spreadsheet would run as a formula, and leave numbers numbers", () => {
    expect(safeText("=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0");
    for (const s of ["+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]) expect(safeText(s)).toBe(`'${s}`);
    expect(safeText("邻里纠纷")).toBe("邻里纠纷");
    expect(safeText("a=b")).toBe("a=b");
    expect(csvField(-0.25)).toBe("-0.25");
    expect(csvField(null)).toBe("");
    expect(csvField("=HYPERLINK(\"x\")")).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvDocument([["a", 1], ["-x", -1]])).toBe("\uFEFFa,1\r\n'-x,-1\r\n");
  });

  it("in XLSX a formula-like text is stored as text with its apostrophe, a number as a number", async () => {
    const wb = new ExcelJS.Workbook();
    addSafeRow(wb.addWorksheet("s"), ["=1+1", -3, "@x"]);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const row = back.getWorksheet("s")!.getRow(1);
    expect(row.getCell(1).value).toBe("'=1+1");
    expect(row.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(row.getCell(2).value).toBe(-3);
    expect(row.getCell(3).value).toBe("'@x");
  });
});
