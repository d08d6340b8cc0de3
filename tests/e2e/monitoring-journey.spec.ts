import { expect, test } from "@playwright/test";
import { chinaToday, login } from "./helpers";

test.describe("a county bureau sets targets and watches its townships", () => {
  test("sets the townships' targets, sees the lagging township on the dashboard and opens the overdue disputes", async ({ page }) => {
    const year = Number(chinaToday().slice(0, 4));
    await login(page, "linyi.bureau");
    const nav = page.getByRole("navigation", { name: "main" });

    // targets: consultation person-times for the county and its townships, from last year's actuals
    await nav.getByRole("link", { name: "年度目标" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`临猗县 ${year}年 年度目标`);
    await page.getByRole("link", { name: "设定 / 调整 免费法律咨询人次" }).click();
    await page.getByRole("link", { name: "按上年实际值填入" }).click();
    await expect(page.getByText("已按“按上年实际值填入”填入建议值")).toBeVisible();
    const county = page.getByLabel(`临猗县 ${year}年目标`);
    await expect(county).not.toHaveValue("");

    // bad input is refused with a Chinese message at the field
    const meiyang = page.getByLabel(`嵋阳镇 ${year}年目标`);
    await meiyang.fill("-5");
    await page.getByRole("button", { name: "保存目标" }).click();
    await expect(page.getByText("目标值不能为负数")).toBeVisible();

    // 嵋阳镇 gets a target far above its pace
    await meiyang.fill("99999");
    await page.getByRole("button", { name: "保存目标" }).click();
    await expect(page.getByText(/已保存 \d+ 项目标/)).toBeVisible();
    await expect(page.getByLabel(`嵋阳镇 ${year}年目标`)).toHaveValue("99999");
    await expect(page.getByTestId("sum-check")).toBeVisible();

    // the dashboard: 嵋阳镇 is ranked and highlighted as behind
    await nav.getByRole("link", { name: "目标监测" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`临猗县 ${year}年 目标完成情况`);
    await expect(page.getByTestId("indicator-consultation.personTimes")).toContainText("完成率");
    const children = page.getByRole("region", { name: /下级单位排名/ });
    const row = children.getByRole("row", { name: /嵋阳镇/ });
    await expect(row).toHaveAttribute("data-lagging", "true");
    await expect(row).toContainText("滞后");
    await expect(children.getByRole("status")).toContainText("嵋阳镇");
    // the trend has its table (and the chart once JavaScript runs)
    await expect(page.getByRole("region", { name: /月度趋势/ }).locator(".recharts-wrapper")).toBeVisible();
    // the current month is marked as counted so far, and the year to date stands beside last year's same days
    const today = chinaToday();
    const [ty, tm, td] = today.split("-").map(Number);
    const trend = page.getByRole("region", { name: /月度趋势/ });
    if (td !== new Date(Date.UTC(ty, tm, 0)).getUTCDate()) await expect(trend.getByText(`${tm}月（截至${td}日，未满月）`).first()).toBeAttached();
    await expect(trend.getByTestId("trend-ytd")).toContainText(`年初至${tm}月${td}日：本年`);

    // overdue disputes: the count opens exactly those records
    const overdue = page.getByRole("link", { name: /超过30日未调结的纠纷/ });
    const n = Number((await overdue.getAttribute("aria-label"))!.match(/(\d+)$/)![1]);
    expect(n).toBeGreaterThan(0);
    await overdue.click();
    await expect(page).toHaveURL(/\/mediations\?.*overdue=open/);
    await expect(page.getByTestId("filtered-totals")).toContainText(`符合条件：${n} 件`);
  });
});
