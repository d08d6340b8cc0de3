import { expect as baseExpect, test, type Page } from "@playwright/test";
import { login } from "./helpers";

/**
 * Record-entry forms choose their unit with the unit picker (issue 12): the unit is the user's own by default,
 * typing a name finds another with the keyboard, and without JavaScript the search page returns to the form with
 * the unit chosen. The page never lists the unit's subtree.
 */
const expect = baseExpect.configure({ timeout: 30_000 });
test.describe.configure({ timeout: 120_000 });

/** A village below the user's own unit (the picker's data, as the browser would ask for it). */
async function aVillage(page: Page) {
  const r = await page.request.get("/units/search.json?active=1");
  expect(r.status()).toBe(200);
  const { parent, children } = (await r.json()) as { parent: { id: number; name: string }; children: Array<{ id: number; name: string; level: string }> };
  const village = children.find((c) => c.level === "village")!;
  expect(village).toBeTruthy();
  return { own: parent, village };
}

test("a township's staff records a consultation at one of its villages by typing its name, with the keyboard", async ({ page }) => {
  await login(page, "yishi.staff");
  const { own, village } = await aVillage(page);
  await page.goto("/consultations/new");
  const form = page.getByRole("form", { name: "保存并继续登记" });
  // no unit list in the page: the user's own unit is chosen
  await expect(form.locator("select[name=unitId]")).toHaveCount(0);
  await expect(form.locator("input[type=hidden][name=unitId]")).toHaveValue(String(own.id));
  await expect(form.locator(".unit-picker-current")).toContainText(own.name);

  const box = form.getByRole("combobox", { name: "登记单位" });
  await box.fill(village.name);
  await expect(form.getByRole("listbox").getByRole("option").first()).toContainText(village.name);
  await box.press("Enter");
  await expect(form.locator(".unit-picker-current")).toContainText(village.name);
  await expect(form.locator("input[type=hidden][name=unitId]")).toHaveValue(String(village.id));
  await expect(box).toBeFocused();

  await form.getByRole("radio", { name: "现场来访" }).check();
  await form.getByRole("radio", { name: "婚姻家庭" }).check();
  const summary = `村里登记${Date.now()}`;
  await form.getByLabel("咨询摘要").fill(summary);
  await page.keyboard.press("Control+Enter");
  const saved = page.getByRole("status").filter({ hasText: "已保存咨询记录" });
  await expect(saved).toBeVisible();
  const id = (await saved.innerText()).match(/#(\d+)/)![1];
  // the next record keeps the unit
  await expect(page.getByRole("form", { name: "保存并继续登记" }).locator(".unit-picker-current")).toContainText(village.name);
  await page.goto(`/consultations/${id}`);
  await expect(page.getByRole("main")).toContainText(village.name);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the search page returns to the consultation form with the unit chosen, and the record is saved there", async ({ page }) => {
    await login(page, "yishi.staff");
    const { village } = await aVillage(page);
    await page.goto("/consultations/new");
    await expect(page.locator("select[name=unitId]")).toHaveCount(0);
    await page.getByRole("link", { name: "更改单位" }).click();
    await expect(page.getByRole("heading", { name: "选择单位", level: 1 })).toBeVisible();
    await page.getByLabel("搜索单位").fill(village.name);
    await page.getByRole("button", { name: "搜索", exact: true }).click();
    await page.getByRole("region", { name: "搜索结果" }).getByRole("link", { name: village.name, exact: true }).click();
    await expect(page).toHaveURL(/\/consultations\/new\?/);
    expect(new URL(page.url()).searchParams.get("unitId")).toBe(String(village.id));
    await expect(page.locator(".unit-picker-current")).toContainText(village.name);

    await page.getByRole("radio", { name: "现场来访" }).check();
    await page.getByRole("radio", { name: "婚姻家庭" }).check();
    const summary = `无脚本村里登记${Date.now()}`;
    await page.getByLabel("咨询摘要").fill(summary);
    await page.getByRole("button", { name: "保存并继续登记" }).click();
    const saved = page.getByRole("status").filter({ hasText: "已保存咨询记录" });
    await expect(saved).toBeVisible();
    const id = (await saved.innerText()).match(/#(\d+)/)![1];
    await page.goto(`/consultations/${id}`);
    await expect(page.getByRole("main")).toContainText(village.name);
  });

  test("the mediation registration form takes its committee from the search page, with that committee's roster", async ({ page }) => {
    await login(page, "yishi.staff");
    const { village } = await aVillage(page);
    await page.goto("/mediations/new");
    await expect(page.locator("select[name=unitId]")).toHaveCount(0);
    await page.getByRole("link", { name: "更改单位" }).click();
    await page.getByLabel("搜索单位").fill(village.name);
    await page.getByRole("button", { name: "搜索", exact: true }).click();
    await page.getByRole("region", { name: "搜索结果" }).getByRole("link", { name: village.name, exact: true }).click();
    await expect(page).toHaveURL(/\/mediations\/new\?/);
    await expect(page.locator(".unit-picker-current")).toContainText(village.name);
    await expect(page.locator("input[type=hidden][name=unitId]")).toHaveValue(String(village.id));
  });
});
