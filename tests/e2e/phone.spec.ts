import { devices, expect, test } from "@playwright/test";
import { chinaToday, login } from "./helpers";

test.use({ viewport: devices["Pixel 7"].viewport, isMobile: true, hasTouch: true });

test("on a phone the form fits the screen and can be filled by tapping", async ({ page }) => {
  await login(page, "yishi.staff");
  await page.goto("/consultations/new");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.getByRole("radio", { name: "网络" }).tap();
  await page.getByRole("radio", { name: "债务" }).tap();
  await page.getByRole("button", { name: "保存并继续登记" }).tap();
  await expect(page.getByText("已保存咨询记录")).toBeVisible();
});

test("on a phone a list shows cards, its filters sit behind one button, and a search with no match says so", async ({ page }) => {
  await login(page, "yishi.staff");
  await page.goto("/mediations");
  await expect(page.getByRole("heading", { name: "人民调解" })).toBeVisible();
  // the filters are folded: one button, the fields hidden until it is tapped
  const filterButton = page.locator("summary", { hasText: "筛选" });
  await expect(filterButton).toBeVisible();
  await expect(page.getByLabel("案号或当事人")).toBeHidden();
  // the rows are cards: no column headers, a dispute's number and date on the card, nothing wider than the screen
  await expect(page.getByRole("columnheader", { name: "编号" })).toHaveCount(0);
  const firstCard = page.locator("table.med-table tbody tr").first();
  await expect(firstCard.getByRole("link")).toBeVisible();
  expect(await firstCard.evaluate((tr) => getComputedStyle(tr).display)).not.toBe("table-row");
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

  await filterButton.tap();
  await page.getByLabel("案号或当事人").fill("查无此人甲乙丙");
  await page.getByRole("button", { name: "筛选", exact: true }).tap();
  await expect(page.getByText("没有符合条件的纠纷。")).toBeVisible();
  // the folded button tells that a filter is set
  await expect(page.locator("summary", { hasText: "已选 1 项" })).toBeVisible();

  // consultations: cards too, dates on one line
  await page.goto("/consultations");
  await expect(page.locator("summary", { hasText: "筛选" })).toBeVisible();
  const card = page.locator("table.list-cards tbody tr").first();
  await expect(card).toBeVisible();
  expect(await card.evaluate((tr) => getComputedStyle(tr).display)).toBe("flex");
  const date = card.locator("td.c-date");
  const box = (await date.boundingBox())!;
  const lineHeight = await date.evaluate((td) => parseFloat(getComputedStyle(td).lineHeight));
  expect(box.height).toBeLessThan(lineHeight * 1.5);

  // registries: the counts are on the first screen
  await page.goto("/registries");
  const committees = page.getByRole("rowheader", { name: "人民调解委员会", exact: true });
  await expect(committees).toBeVisible();
  const row = (await committees.boundingBox())!;
  expect(row.y + row.height).toBeLessThanOrEqual(page.viewportSize()!.height);
});

test("the month's 调解台账 downloads from the filtered list as a township hands it in; a bad filter is refused with a message", async ({ page }) => {
  await login(page, "yishi.staff");
  const today = chinaToday();
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const [ly, lm] = m === 1 ? [y - 1, 12] : [y, m - 1];
  const from = `${ly}-${String(lm).padStart(2, "0")}-01`;
  const to = `${ly}-${String(lm).padStart(2, "0")}-${new Date(Date.UTC(ly, lm, 0)).getUTCDate()}`;
  await page.goto("/mediations");
  await page.locator("summary", { hasText: "筛选" }).tap();
  await page.getByLabel("起", { exact: true }).fill(from);
  await page.getByLabel("止", { exact: true }).fill(to);
  await page.getByRole("button", { name: "筛选", exact: true }).tap();
  await expect(page).toHaveURL(new RegExp(`from=${from}`));
  const totals = await page.getByTestId("filtered-totals").innerText();
  const count = Number(/符合条件：(\d+) 件/.exec(totals)![1]);
  expect(count).toBeGreaterThan(0);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "导出台账（Excel）" }).tap()]);
  expect(download.suggestedFilename()).toBe(`猗氏镇人民调解委员会_人民调解工作台账_${ly}年${lm}月.xlsx`);
  const ExcelJS = (await import("exceljs")).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await (await import("node:fs/promises")).readFile((await download.path())!)) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  expect(ws.getCell("A1").value).toBe(`猗氏镇人民调解委员会 人民调解工作台账（${ly}年${lm}月）`);
  expect(ws.getRow(3).getCell(1).value).toBe("序号");
  expect(ws.getRow(3).getCell(2).value).toBe("编号");
  expect(String(ws.getCell("A2").value)).toContain(`共 ${count} 件`);
  // the rows, then a blank row and the signature line
  expect(ws.rowCount).toBe(3 + count + 2);
  expect(String(ws.getRow(ws.rowCount).getCell(1).value)).toMatch(/^填表人：/);

  // an unknown filter value: a page saying which, with the way back
  await page.goto(`/ledger/mediations/xlsx?status=bogus&from=${from}`);
  await expect(page.getByRole("alert")).toContainText("筛选条件“状态”的值“bogus”无法识别");
  await page.getByRole("link", { name: "返回列表" }).tap();
  await expect(page.getByRole("heading", { name: "人民调解" })).toBeVisible();
});
