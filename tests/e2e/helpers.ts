import { expect, type Page } from "@playwright/test";

export const PASSWORD = "Fengqiao2024";

/** Logs in through the form, as a person would. */
export async function login(page: Page, username: string, password = PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("button", { name: "退出登录" })).toBeVisible();
}

/** The number shown in a home-page figure card (e.g. this month's person-times). */
export async function figure(page: Page, key: "today" | "month" | "year") {
  const text = await page.getByTestId(`figure-${key}`).getByRole("link").innerText();
  return Number(text.replace(/[^\d]/g, ""));
}

export function chinaToday() {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}
