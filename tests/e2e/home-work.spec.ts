import { expect, test } from "@playwright/test";
import { login } from "./helpers";

test("the home page shows overdue disputes, and the count opens exactly those disputes", async ({ page }) => {
  await login(page, "linyi.bureau");
  const card = page.getByTestId("work-mediation-overdue");
  const count = Number((await card.getByRole("link").innerText()).replace(/[^\d]/g, ""));
  expect(count).toBeGreaterThan(0);
  await card.getByRole("link").click();
  await expect(page).toHaveURL(/overdue=open/);
  await expect(page.getByTestId("filtered-totals")).toContainText(String(count));
});
