/** The audit log is a list too: its filters on screen → a 台账 (XLSX), audited; a bad filter value is refused. */
import { expect, test } from "@playwright/test";
import { login } from "./helpers";

test("a centre head filters the audit log to log-ins and exports it as a 台账", async ({ page }) => {
  await login(page, "yishi.head");
  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: "操作日志" })).toBeVisible();
  await page.getByLabel("操作", { exact: true }).selectOption("login");
  await page.getByRole("button", { name: "筛选", exact: true }).click();
  await expect(page).toHaveURL(/action=login/);
  const rows = page.locator("table tbody tr");
  await expect(rows.first()).toContainText("登录");
  const shown = await rows.count();

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "导出台账（Excel）" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^猗氏镇_操作日志\.xlsx$/);
  const ExcelJS = (await import("exceljs")).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await (await import("node:fs/promises")).readFile((await download.path())!)) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  expect(ws.getCell("A1").value).toBe("猗氏镇 操作日志");
  expect(String(ws.getCell("A2").value)).toContain("操作：登录");
  expect(ws.getRow(3).getCell(2).value).toBe("时间");
  // every log-in of the filter (the page shows at most 100), each one a 登录 row
  const n = ws.rowCount - 3 - 2;
  expect(n).toBeGreaterThanOrEqual(Math.min(shown, 100));
  for (let r = 4; r < 4 + n; r++) expect(ws.getRow(r).getCell(4).value).toBe("登录");

  // the export itself is in the log
  await page.goto("/audit?entity=ledger");
  await expect(page.locator("table tbody tr").first()).toContainText("导出");

  await page.goto("/ledger/audit/csv?action=bogus");
  await expect(page.getByRole("alert")).toContainText("筛选条件“操作”的值“bogus”无法识别");
});
