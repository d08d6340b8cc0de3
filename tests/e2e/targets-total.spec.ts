/**
 * Targets form (issue 15): a running total of the children's targets against the parent's while typing, and a
 * filter showing one township of a long list; by keyboard, and without JavaScript (the server adds up).
 */
import { expect, test } from "@playwright/test";
import { chinaToday, login } from "./helpers";

const year = Number(chinaToday().slice(0, 4));

test("the running total follows what is typed, and the filter shows one township", async ({ page }) => {
  await login(page, "linyi.bureau");
  await page.goto(`/targets?indicator=mediation.concluded&year=${year}`);
  await expect(page.getByRole("heading", { name: /调解矛盾纠纷件数（调结）：本级及下级单位目标/ })).toBeVisible();
  const total = page.getByTestId("running-total");

  await page.getByLabel(`临猗县 ${year}年目标`).fill("1000");
  await expect(total).toContainText("下级合计 0 / 本级目标 1,000：尚余 1,000 未分解");
  // by keyboard: Tab from field to field
  await page.getByLabel(`嵋阳镇 ${year}年目标`).focus();
  await page.keyboard.type("600");
  await expect(total).toContainText("下级合计 600 / 本级目标 1,000：尚余 400 未分解");
  await page.getByLabel(`猗氏镇 ${year}年目标`).fill("500");
  await expect(total).toContainText("下级合计 1,100 / 本级目标 1,000：超出 100");
  await page.getByLabel(`猗氏镇 ${year}年目标`).fill("400");
  await expect(total).toContainText("与本级目标 1,000 相等");
  await page.getByLabel(`猗氏镇 ${year}年目标`).fill("4x");
  await expect(total).toContainText("1 个数值有误，未计入");
  await page.getByLabel(`猗氏镇 ${year}年目标`).fill("400");

  // one township of the list: the others are hidden, kept in the form and still counted
  const filter = page.getByLabel("只看下级单位（输入名称）");
  await filter.fill("嵋阳");
  await expect(page.getByLabel(`猗氏镇 ${year}年目标`)).toBeHidden();
  await expect(page.getByLabel(`嵋阳镇 ${year}年目标`)).toHaveValue("600");
  await expect(page.getByLabel(`临猗县 ${year}年目标`)).toBeVisible();
  await expect(page.getByText(/显示 1 \/ \d+ 个下级单位/)).toBeVisible();
  await expect(total).toContainText("与本级目标 1,000 相等");
  await filter.press("Enter"); // Enter in the filter does not leave the page (typed values stay)
  await expect(page.getByLabel(`嵋阳镇 ${year}年目标`)).toHaveValue("600");
  await page.getByRole("link", { name: "显示全部" }).click();
  await expect(page.getByLabel(`猗氏镇 ${year}年目标`)).toHaveValue("400");

  // saved, the server's own check agrees
  await page.getByRole("button", { name: "保存目标" }).click();
  await expect(page.getByText(/已保存 3 项目标/)).toBeVisible();
  await expect(page.getByTestId("sum-check")).toContainText("下级目标合计 1,000，与本级目标 1,000 一致");
  await expect(total).toContainText("与本级目标 1,000 相等");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the filter is a query and the server adds up what was typed", async ({ page }) => {
    await login(page, "linyi.bureau");
    await page.goto(`/targets?indicator=legalAid.granted&year=${year}`);
    await page.getByLabel("只看下级单位（输入名称）").fill("嵋阳");
    await page.getByRole("button", { name: "筛选" }).click();
    await expect(page).toHaveURL(/only=/);
    await expect(page.getByLabel(`猗氏镇 ${year}年目标`)).toBeHidden();
    await page.getByLabel(`临猗县 ${year}年目标`).fill("300");
    await page.getByLabel(`嵋阳镇 ${year}年目标`).fill("120");
    await page.getByRole("button", { name: "核算合计（不保存）" }).click();
    await expect(page.getByTestId("running-total")).toContainText("下级合计 120 / 本级目标 300：尚余 180 未分解");
    await expect(page.getByLabel(`嵋阳镇 ${year}年目标`)).toHaveValue("120");
    // nothing was saved
    await page.goto(`/targets?indicator=legalAid.granted&year=${year}`);
    await expect(page.getByLabel(`临猗县 ${year}年目标`)).toHaveValue("");
  });
});
