import { expect as baseExpect, test } from "@playwright/test";
import { login } from "./helpers";

const expect = baseExpect.configure({ timeout: 30_000 });
test.describe.configure({ timeout: 180_000 });

test("a village submits last month's report with one click; a zero report for a month with records is refused", async ({ page }) => {
  await login(page, "village.staff");
  await page.getByRole("navigation", { name: "main" }).getByRole("link", { name: "月报报送" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("城东村");
  await expect(page.getByTestId("mr-status")).toHaveText(/尚未报送|逾期未报/);
  const records = await page.getByTestId("mr-records").innerText();
  const month = new URL(page.url()).searchParams.get("month") ?? (await page.getByLabel("月份").inputValue());
  const unit = await page.locator("input[type=hidden][name=unit]").inputValue();

  if (records.includes("没有任何记录")) {
    await page.getByRole("button", { name: "本月无纠纷，报送零报告" }).click();
    await expect(page.getByRole("status").filter({ hasText: "零报告已报送。" })).toHaveText("零报告已报送。");
    await expect(page.getByTestId("mr-status")).toContainText("零报告（本月无纠纷）");
  } else {
    // the month has records: no zero-report button; a zero report sent anyway is refused with the count
    await expect(page.getByRole("button", { name: "本月无纠纷，报送零报告" })).toHaveCount(0);
    const n = Number(records.match(/法律咨询 (\d+) 条，受理纠纷 (\d+) 件，法律援助申请 (\d+) 件/)!.slice(1).reduce((a, b) => a + Number(b), 0));
    const refused = await page.evaluate(
      async ({ unit, month }) => {
        const r = await fetch("/reports/monthly", { method: "POST", body: new URLSearchParams({ unitId: unit, month, intent: "zero" }), headers: { "Content-Type": "application/x-www-form-urlencoded" } });
        return { status: r.status, text: await r.text() };
      },
      { unit, month },
    );
    expect(refused.status, refused.text.slice(0, 3000).replace(/<[^>]+>/g, " ")).toBe(409);
    expect(refused.text).toContain(`该月已有 ${n} 条记录，不能报送零报告`);
    await page.getByRole("button", { name: "确认并报送本月月报" }).click();
    await expect(page.getByRole("status").filter({ hasText: "月报已报送。" })).toHaveText("月报已报送。");
    await expect(page.getByTestId("mr-status")).toContainText("月报（本月记录）");
  }
  await expect(page.getByTestId("mr-status")).toContainText(/已按时报送|已报送（逾期）/);
  // once is enough: no button to submit twice
  await expect(page.getByRole("button", { name: /报送/ })).toHaveCount(0);
});
