import { devices, expect, test } from "@playwright/test";
import { login } from "./helpers";

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
