import { expect, test } from "@playwright/test";
import { chinaToday, login } from "./helpers";

test.use({ javaScriptEnabled: false });

test("the consultation form works without JavaScript, errors included", async ({ page }) => {
  await login(page, "yishi.staff");
  await page.goto("/consultations/new");
  // a bad submission comes back from the server with messages at the fields and the input kept
  await page.getByLabel("咨询摘要").fill("无脚本测试：未选渠道");
  await page.getByRole("button", { name: "保存并继续登记" }).click();
  await expect(page.locator("#f-channel-error")).toHaveText("请选择一项");
  await expect(page.getByLabel("咨询摘要")).toHaveValue("无脚本测试：未选渠道");
  // fixed and sent again
  await page.getByRole("radio", { name: "来信" }).check();
  await page.getByRole("radio", { name: "土地" }).check();
  await page.getByRole("checkbox", { name: "农民工" }).check();
  const summary = `无脚本登记${Date.now()}`;
  await page.getByLabel("咨询摘要").fill(summary);
  await page.getByRole("button", { name: "保存并继续登记" }).click();
  await expect(page.getByText("已保存咨询记录")).toBeVisible();
  await page.goto(`/consultations?from=${chinaToday()}&channel=letter`);
  await expect(page.getByRole("row").filter({ hasText: summary })).toContainText("农民工");
});
