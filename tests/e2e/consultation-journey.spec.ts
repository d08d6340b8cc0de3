import { expect, test } from "@playwright/test";
import { chinaToday, figure, login } from "./helpers";

test.describe("township staff logs free consultations", () => {
  test("logs one with the keyboard only, then finds it in the list and in the month's total", async ({ page }) => {
    await login(page, "yishi.staff");
    const monthBefore = await figure(page, "month");
    const todayBefore = await figure(page, "today");

    await page.goto("/consultations/new");
    await expect(page.getByRole("heading", { name: "登记法律咨询" })).toBeVisible();
    // today's date, own unit and one person are preset
    await expect(page.getByLabel("咨询日期")).toHaveValue(chinaToday());
    await expect(page.locator("input[type=hidden][name=unitId]")).toHaveValue(/\d+/);
    await expect(page.locator(".unit-picker-current")).not.toBeEmpty();
    await expect(page.getByLabel("人数（人次）")).toHaveValue("1");

    // focus starts in the channel group: Space picks the first, an arrow moves on
    await page.keyboard.press("Space");
    await page.keyboard.press("ArrowRight"); // 12348热线
    await page.keyboard.press("Tab"); // into 咨询事项
    await page.keyboard.press("Space");
    await page.keyboard.press("ArrowRight"); // 劳动
    await page.keyboard.press("Tab"); // 人数
    await page.keyboard.press("Control+a");
    await page.keyboard.type("3");
    await page.keyboard.press("Tab"); // 解答人 (preset)
    await page.keyboard.press("Tab"); // 残疾人
    await page.keyboard.press("Tab"); // 老年人
    await page.keyboard.press("Space");
    for (let i = 0; i < 6; i++) await page.keyboard.press("Tab"); // past the other categories to 摘要
    const summary = `键盘登记测试${Date.now()}`;
    await page.keyboard.type(summary);
    await page.keyboard.press("Control+Enter");

    const saved = page.getByRole("status").filter({ hasText: "已保存咨询记录" });
    await expect(saved).toBeVisible();
    const id = (await saved.innerText()).match(/#(\d+)/)![1];

    // the list, filtered to today, shows it with its values
    await page.goto(`/consultations?from=${chinaToday()}&to=${chinaToday()}`);
    const row = page.getByRole("row").filter({ hasText: summary });
    await expect(row).toContainText("12348热线");
    await expect(row).toContainText("劳动");
    await expect(row).toContainText("老年人");
    await expect(row.getByRole("cell").nth(5)).toHaveText("3");

    // the home page's figures moved by exactly its persons, and the figure opens the same count
    await page.goto("/");
    expect(await figure(page, "month")).toBe(monthBefore + 3);
    expect(await figure(page, "today")).toBe(todayBefore + 3);
    await page.getByTestId("figure-month").getByRole("link").click();
    await expect(page.getByTestId("filtered-totals")).toContainText(`共 ${monthBefore + 3} 人次`);

    // correct it, then void it: it leaves every count
    await page.goto(`/consultations/${id}`);
    await page.getByLabel("人数（人次）").fill("4");
    await page.getByRole("button", { name: "保存", exact: true }).click();
    await expect(page.getByText("已保存修改。")).toBeVisible();
    await page.goto("/");
    expect(await figure(page, "month")).toBe(monthBefore + 4);
    await page.goto(`/consultations/${id}`);
    await page.getByRole("button", { name: "作废" }).click();
    await expect(page.getByText("请填写此项")).toBeVisible(); // a reason is required
    await page.getByLabel("作废原因").fill("重复登记");
    await page.getByRole("button", { name: "作废" }).click();
    await expect(page.getByText("该记录已作废，不计入任何统计。")).toBeVisible();
    await page.goto("/");
    expect(await figure(page, "month")).toBe(monthBefore);
  });

  test("bad input is answered next to the field, in Chinese, and nothing is saved", async ({ page }) => {
    await login(page, "yishi.staff");
    await page.goto("/consultations/new");
    await page.getByLabel("人数（人次）").fill("-2");
    await page.getByRole("button", { name: "保存并继续登记" }).click();
    await expect(page.getByText("人数至少为 1")).toBeVisible();
    await expect(page.locator("#f-channel-error")).toHaveText("请选择一项");
    await expect(page.locator("#f-topic-error")).toHaveText("请选择一项");
    await expect(page).toHaveURL(/\/consultations\/new$/);
  });
});
