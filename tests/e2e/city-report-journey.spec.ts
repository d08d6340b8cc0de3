import ExcelJS from "exceljs";
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { chinaToday, login } from "./helpers";

// generous waits for a busy machine: each step waits for what the user waits for
const expect = baseExpect.configure({ timeout: 30_000 });
test.describe.configure({ timeout: 240_000, mode: "serial" });

test.describe("the city's report writer files last year's report", () => {
  const lastYear = Number(chinaToday().slice(0, 4)) - 1;
  let page: Page;

  test.beforeAll(async ({ browser }) => {
    page = await (await browser.newContext()).newPage();
    await login(page, "writer");
  });
  test.afterAll(async () => {
    await page?.context().close();
  });

  test("opens last year's report and reads the seed-style sentences, government legal advisers included", async () => {
    await page.getByRole("navigation", { name: "main" }).getByRole("link", { name: "统计报表" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("运城市");
    await page.getByRole("link", { name: "上年全年" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`运城市 ${lastYear}年 统计报表`);
    const sentences = page.getByRole("region", { name: "可直接引用的表述" });
    for (const re of [
      new RegExp(`^${lastYear}年，全市共提供免费法律咨询\\d+人次`),
      /全市各级人民调解组织共调解各类矛盾纠纷\d+件，调解成功\d+件，成功率[\d.]+%/,
      /共办理法律援助案件\d+件/,
      /建立公共法律服务实体平台\d+个/,
      new RegExp(`^截至${lastYear}年底，37个市直部门聘用法律顾问104名，全市各级共聘用政府法律顾问125名。$`),
    ])
      await expect(sentences.getByText(re).first()).toBeVisible();
    await expect(sentences.getByText(/成功率—|0件…/)).toHaveCount(0);
    // earlier years are offered as whole-year links when there is data; the registry table has the new rows
    await expect(page.getByRole("cell", { name: "政府法律顾问", exact: true }).or(page.getByRole("rowheader", { name: "政府法律顾问", exact: true })).first()).toBeVisible();
  });

  test("downloads the filing XLSX and the Word text, read back", async () => {
    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 90_000 }), page.getByRole("link", { name: "导出 Excel（XLSX）" }).click()]);
    expect(download.suggestedFilename()).toBe(`运城市_${lastYear}年_统计报表.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    const org = wb.getWorksheet("组织与队伍")!;
    expect(org).toBeTruthy();
    let advisers: unknown = null;
    org.eachRow((row) => {
      if (String(row.getCell(1).value).trim() === "政府法律顾问") advisers = row.getCell(2).value;
    });
    expect(advisers).toBe(125);
    const text: string[] = [];
    wb.getWorksheet("文字说明")!.eachRow((row) => text.push(String(row.getCell(2).value ?? "")));
    expect(text).toContain(`截至${lastYear}年底，37个市直部门聘用法律顾问104名，全市各级共聘用政府法律顾问125名。`);

    const [docx] = await Promise.all([page.waitForEvent("download", { timeout: 90_000 }), page.getByRole("link", { name: "导出文字稿（Word）" }).click()]);
    expect(docx.suggestedFilename()).toBe(`运城市_${lastYear}年_统计报表.docx`);
    const { unzipSync, strFromU8 } = await import("fflate");
    const xml = strFromU8(unzipSync(new Uint8Array(await (await import("node:fs/promises")).readFile((await docx.path())!)))["word/document.xml"]);
    expect(xml).toContain("37个市直部门聘用法律顾问104名");
    expect(xml).toContain("政府法律顾问");
  });

  test("sees which villages and townships have not made their monthly report, and opens one", async () => {
    await page.getByRole("navigation", { name: "main" }).getByRole("link", { name: "目标监测" }).click();
    const section = page.getByRole("region", { name: "月报报送（零报告）" });
    await expect(section.getByTestId("reporting-total")).toContainText(/报送率 [\d.]+%，及时率 [\d.]+%/);
    const missing = section.getByTestId("reporting-missing").getByRole("listitem").first().getByRole("link");
    const name = await missing.innerText();
    await missing.click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
    await expect(page.getByTestId("mr-status")).toHaveText("逾期未报");
    // a report writer reads; submitting is for the unit's staff
    await expect(page.getByRole("button", { name: /报送/ })).toHaveCount(0);
  });
});
