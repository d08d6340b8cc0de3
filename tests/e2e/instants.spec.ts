import { expect, test } from "@playwright/test";
import { withE2eDb } from "./e2e-db";
import { login } from "./helpers";

/** A moment in the China night that is still the day before in UTC. */
const ENTERED_AT = "2026-11-30T17:57:00.000Z";

test("a record entered at 01:57 China time on 1 December shows that time, not UTC's 17:57 the day before", async ({ page }) => {
  await login(page, "yishi.staff");
  for (const [list, table] of [
    ["/consultations", "consultations"],
    ["/mediations", "mediations"],
  ] as const) {
    await page.goto(list);
    await page.getByRole("table").getByRole("link").first().click();
    await expect(page).toHaveURL(new RegExp(`${list}/\\d+$`));
    const id = Number(/\/(\d+)$/.exec(page.url())![1]);
    // no page can enter a record in the past: the entry instant is set beside the server
    withE2eDb((db) => db.prepare(`UPDATE ${table} SET created_at = ? WHERE id = ?`).run(ENTERED_AT, id), { readonly: false });
    await page.reload();
    // "登记人  王丽 · 2026-12-01 01:57"
    const entered = page.locator("dt", { hasText: /^登记人$/ }).locator("xpath=following-sibling::dd[1]");
    await expect(entered).toHaveText(/ · 2026-12-01 01:57$/);
    await expect(page.getByText("2026-11-30 17:57")).toHaveCount(0);
  }
});
