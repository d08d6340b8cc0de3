import { expect, test } from "@playwright/test";
import { login } from "./helpers";

test("Chinese by default, English on request", async ({ page }) => {
  await login(page, "yishi.staff");
  await expect(page.getByRole("link", { name: "登记咨询" }).first()).toBeVisible();
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("link", { name: "Log consultation" }).first()).toBeVisible();
  await page.goto("/consultations/new");
  await expect(page.getByText("12348 hotline")).toBeVisible();
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.getByText("12348热线")).toBeVisible();
});
