import ExcelJS from "exceljs";
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { chinaToday, login } from "./helpers";

// a busy machine (several test suites beside this one) may be many times slower: wait for what the user waits for,
// with room to spare
const expect = baseExpect.configure({ timeout: 30_000 });
test.describe.configure({ timeout: 240_000 });

const LINYI = "140821000000";
const WANRONG = "140822000000";
const digits = (s: string) => Number(s.replace(/[^\d]/g, ""));

/** The figure of a row in one section's table (the first number cell, a link to its records). */
function figureLink(page: Page, section: string, row: RegExp) {
  return page.getByRole("region", { name: section, exact: true }).getByRole("row", { name: row }).getByRole("link");
}

test.describe("a report writer prepares the county's annual report", () => {
  // one sitting, step by step: each step is its own test (with its own time budget), in order, on the same page
  test.describe.configure({ mode: "serial" });

  const lastYear = Number(chinaToday().slice(0, 4)) - 1;
  let page: Page;
  let personTimes = 0;
  let settled = 0;
  let sentenceText = "";

  test.beforeAll(async ({ browser }) => {
    const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
    page = await context.newPage();
    await login(page, "linyi.writer");
  });
  test.afterAll(async () => {
    await page?.context().close();
  });

  test("opens last year's report and reads the sentences, which say what the tables say", async () => {
    await page.getByRole("navigation", { name: "main" }).getByRole("link", { name: "统计报表" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("临猗县");
    await page.getByRole("link", { name: "上年全年" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`临猗县 ${lastYear}年 统计报表`);
    await expect(page).toHaveURL(new RegExp(`from=${lastYear}-01-01&to=${lastYear}-12-31`));

    // the sentence says what the table says
    const sentence = page.getByText(new RegExp(`^${lastYear}年，全县共提供免费法律咨询\\d+人次`));
    await expect(sentence).toBeVisible();
    sentenceText = await sentence.innerText();
    const fromSentence = Number(sentenceText.match(/免费法律咨询(\d+)人次/)![1]);
    const personTimesLink = figureLink(page, "免费法律咨询", /^咨询人次/);
    personTimes = digits(await personTimesLink.innerText());
    expect(personTimes).toBeGreaterThan(0);
    expect(fromSentence).toBe(personTimes);

    // copy the sentence as it is
    await page.getByRole("listitem").filter({ hasText: sentenceText }).getByRole("button", { name: "复制" }).click();
    await expect(page.getByRole("status").filter({ hasText: "已复制" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(sentenceText);

    const settledLink = figureLink(page, "人民调解", /^调解成功 /);
    settled = digits(await settledLink.innerText());
    expect(settled).toBeGreaterThan(0);
  });

  test("follows figures to exactly the records they count", async () => {
    // the person-times figure opens exactly those records
    await figureLink(page, "免费法律咨询", /^咨询人次/).click();
    await expect(page).toHaveURL(/\/consultations\?/);
    await expect(page.getByTestId("filtered-totals")).toContainText(`共 ${personTimes} 人次`);
    await page.goBack();

    // so does the 调解成功 figure
    await figureLink(page, "人民调解", /^调解成功 /).click();
    await expect(page).toHaveURL(/\/mediations\?.*status=success/);
    await expect(page.getByTestId("filtered-totals")).toContainText(`符合条件：${settled} 件`);
    await expect(page.getByTestId("filtered-totals")).toContainText(`调解成功 ${settled} 件`);
    await page.goBack();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`临猗县 ${lastYear}年 统计报表`);
  });

  test("downloads the XLSX, which has the same figures, as numbers", async () => {
    // the workbook is built on demand: on a busy machine that takes a while, so the wait is the download's own
    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 90_000 }), page.getByRole("link", { name: "导出 Excel（XLSX）" }).click()]);
    expect(download.suggestedFilename()).toBe(`临猗县_${lastYear}年_统计报表.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(["免费法律咨询", "人民调解", "下级单位", "按月"]));
    const sheet = wb.getWorksheet("免费法律咨询")!;
    expect(sheet.getRow(3).values).toEqual(expect.arrayContaining(["指标", "本期", "上年同期", "同比"]));
    let xlsxPersonTimes: unknown;
    sheet.eachRow((row) => {
      if (row.getCell(1).value === "咨询人次") xlsxPersonTimes = row.getCell(2).value;
    });
    expect(xlsxPersonTimes).toBe(personTimes);
    // filing layout: form header above, signatures below, organisation and text sheets
    expect(String(sheet.getCell("A2").value)).toMatch(/表号：.*制表机关：.*填报单位：临猗县.*报告期：.*计量单位：/);
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(["组织与队伍", "文字说明"]));
    const textSheet = wb.getWorksheet("文字说明")!;
    expect(String(textSheet.getRow(4).getCell(2).value)).toBe(sentenceText);

    // every seed-style sentence the county's data yields is on the page
    const sentences = page.getByRole("region", { name: "可直接引用的表述" });
    for (const re of [/全县各级人民调解组织共调解各类矛盾纠纷\d+件，调解成功\d+件，成功率[\d.]+%/, /人民调解工作满意度[\d.]+%/, /共办理法律援助案件\d+件/, /建立公共法律服务实体平台\d+个/, /共有人民调解委员会\d+个/])
      await expect(sentences.getByText(re).first()).toBeVisible();
    await expect(sentences.getByText(/成功率—|0件…/)).toHaveCount(0);

    // the text section as a Word document, read back
    const [docx] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "导出文字稿（Word）" }).click()]);
    expect(docx.suggestedFilename()).toBe(`临猗县_${lastYear}年_统计报表.docx`);
    const { unzipSync, strFromU8 } = await import("fflate");
    const docXml = strFromU8(unzipSync(new Uint8Array(await (await import("node:fs/promises")).readFile((await docx.path())!)))["word/document.xml"]);
    expect(docXml).toContain(sentenceText);
    expect(docXml).toContain("仿宋_GB2312");
  });

  test("reads the API with the page's session: the same figures, another county not there", async ({ request }) => {
    const api = (query: string) =>
      page.evaluate(async (url) => {
        const r = await fetch(url);
        return { status: r.status, type: r.headers.get("content-type"), body: await r.json() };
      }, `/api/v1/stats?${query}`);
    const stats = await api(`unit=${LINYI}&from=${lastYear}-01-01&to=${lastYear}-12-31`);
    expect(stats.status).toBe(200);
    expect(stats.body.unit).toEqual({ code: LINYI, name: "临猗县", level: "county" });
    expect(stats.body.indicators["consultation.personTimes"]).toBe(personTimes);
    expect(stats.body.indicators["mediation.successful"]).toBe(settled);
    expect(stats.body.indicators["mediation.successRate"]).toBeGreaterThan(0);
    expect(stats.body.children.length).toBeGreaterThan(10);
    const outside = await api(`unit=${WANRONG}&from=${lastYear}-01-01&to=${lastYear}-12-31`);
    expect(outside.status).toBe(404);
    expect(outside.body.error).toBe("not_found");
    const badDates = await api(`unit=${LINYI}&from=${lastYear}-02-30&to=${lastYear}-12-31`);
    expect(badDates.status).toBe(400);
    expect(badDates.body.fieldErrors.from).toBeTruthy();

    // without a session: 401 JSON, not a redirect to the login page
    const anonymous = await request.get(`/api/v1/stats?unit=${LINYI}&from=${lastYear}-01-01&to=${lastYear}-12-31`, { maxRedirects: 0 });
    expect(anonymous.status()).toBe(401);
    expect((await anonymous.json()).error).toBe("unauthorized");
  });
});

test.describe("a report writer outside a county", () => {
  test("a unit outside the writer's county is not found; a bad date is explained", async ({ page, browser }) => {
    // the city's writer finds both counties with the unit picker's search: take 万荣县's id from there
    const city = await browser.newContext();
    const cityPage = await city.newPage();
    await login(cityPage, "writer");
    await cityPage.goto("/reports");
    const found = await (await cityPage.request.get(`/units/search.json?q=${encodeURIComponent("万荣县")}`)).json();
    const wanrongId = String((found.hits as Array<{ id: number; name: string }>).find((h) => h.name === "万荣县")?.id);
    expect(wanrongId).toMatch(/^\d+$/);
    await city.close();

    await login(page, "linyi.writer");
    const wanrong = await page.request.get(`/reports?unit=${wanrongId}&from=2025-01-01&to=2025-12-31`);
    expect(wanrong.status()).toBe(404);
    const ownPicker = await page.goto("/reports");
    expect(ownPicker!.status()).toBe(200);
    const ownSearch = await (await page.request.get(`/units/search.json?q=${encodeURIComponent("万荣县")}`)).json();
    expect(ownSearch.hits).toEqual([]);
    const res = await page.goto("/reports?from=2025-02-30&to=2025-12-31");
    expect(res!.status()).toBe(400);
    await expect(page.getByRole("alert")).toContainText("日期无效");
    await expect(page.getByLabel("开始日期")).toBeVisible();
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the form, the sorting of child units and the monthly table all work", async ({ page }) => {
    const lastYear = Number(chinaToday().slice(0, 4)) - 1;
    await login(page, "linyi.writer");
    await page.goto("/reports");
    await page.getByLabel("开始日期").fill(`${lastYear}-04-01`);
    await page.getByLabel("结束日期").fill(`${lastYear}-06-30`);
    await page.getByRole("button", { name: "生成报表" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`临猗县 ${lastYear}年第二季度 统计报表`);

    const children = page.getByRole("region", { name: "下级单位" });
    await children.getByRole("link", { name: /^咨询人次/ }).click();
    await expect(page).toHaveURL(/sort=-consultation/);
    // the sorted page has arrived (without JavaScript it streams in after the URL changes)
    await expect(page.getByRole("region", { name: "下级单位" }).locator("tbody tr").nth(10)).toBeVisible();
    const values = await page
      .getByRole("region", { name: "下级单位" })
      .locator("tbody tr")
      .evaluateAll((rows) => rows.map((r) => Number((r.querySelectorAll("td")[0]?.textContent ?? "").replace(/[^\d]/g, ""))));
    expect(values.length).toBeGreaterThan(10);
    expect(values).toEqual([...values].sort((a, b) => b - a));

    // the month table stands in for the chart
    const monthly = page.getByRole("region", { name: "按月统计" });
    await expect(monthly.getByRole("row", { name: new RegExp(`^${lastYear}年5月`) })).toBeVisible();
    await expect(page.getByRole("button", { name: "复制" })).toHaveCount(0);
    await expect(page.getByText(new RegExp(`全县共提供免费法律咨询\\d+人次`))).toBeVisible();
  });
});
