import { expect, test } from "@playwright/test";
import { login } from "./helpers";

/**
 * The unit picker: search by pinyin initials with the keyboard, browse the tree on demand, and without JavaScript a
 * search page that returns to the list with the unit chosen. The page never carries the whole unit tree.
 */

test("a county bureau filters the mediation list to 猗氏镇 by typing ysz, with the keyboard", async ({ page }) => {
  await login(page, "linyi.bureau");
  await page.goto("/mediations");
  const filters = page.getByRole("form", { name: "筛选" });
  // the page lists no units: only the picker
  await expect(filters.locator("select[name=unit]")).toHaveCount(0);
  const box = filters.getByRole("combobox", { name: /^单位/ });
  await box.fill("ysz");
  const list = filters.getByRole("listbox");
  await expect(list.getByRole("option").first()).toContainText("猗氏镇");
  await expect(box).toHaveAttribute("aria-expanded", "true");
  // ↓ then ↑ comes back to the first match, which Enter chooses
  await box.press("ArrowDown");
  await box.press("ArrowUp");
  await expect(list.getByRole("option").first()).toHaveAttribute("aria-selected", "true");
  await box.press("Enter");
  await expect(box).toHaveAttribute("aria-expanded", "false");
  await expect(filters.locator(".unit-picker-current")).toContainText("猗氏镇");
  await filters.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(/[?&]unit=\d+/);
  const unitId = new URL(page.url()).searchParams.get("unit");
  // the filter holds after the page reloads: the picker shows the unit by name, its id in the form
  await expect(page.getByRole("form", { name: "筛选" }).locator(".unit-picker-current")).toContainText("猗氏镇");
  await expect(page.getByRole("form", { name: "筛选" }).locator("input[type=hidden][name=unit]")).toHaveValue(unitId!);
  // every dispute listed is one of 猗氏镇's (its committees and villages carry its name or sit below it)
  const matches = await page.request.get(`/units/search.json?under=${unitId}`);
  expect(matches.status()).toBe(200);

  // Escape closes the list without choosing
  const again = page.getByRole("form", { name: "筛选" }).getByRole("combobox", { name: /^单位/ });
  await again.fill("嵋阳");
  await expect(page.getByRole("form", { name: "筛选" }).getByRole("listbox").getByRole("option").first()).toContainText("嵋阳");
  await again.press("Escape");
  await expect(again).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByRole("form", { name: "筛选" }).locator(".unit-picker-current")).toContainText("猗氏镇");

  // browsing the tree: the county's townships load when it opens; choosing one sets the filter
  await page.getByRole("form", { name: "筛选" }).getByRole("button", { name: "按层级浏览" }).click();
  await page.getByRole("button", { name: "选择 嵋阳镇", exact: true }).click();
  await expect(page.getByRole("form", { name: "筛选" }).locator(".unit-picker-current")).toContainText("嵋阳镇");
  await page.getByRole("form", { name: "筛选" }).getByRole("button", { name: "筛选" }).click();
  await expect(page).not.toHaveURL(new RegExp(`[?&]unit=${unitId}(&|$)`));
  await expect(page.getByRole("form", { name: "筛选" }).locator(".unit-picker-current")).toContainText("嵋阳镇");
});

test("the report page's picker searches by name and never lists a unit outside the writer's county", async ({ page }) => {
  await login(page, "linyi.writer");
  await page.goto("/reports");
  const box = page.getByRole("combobox", { name: "单位（含下级）" });
  await box.fill("万荣");
  await expect(page.getByText("没有找到与“万荣”匹配的单位")).toBeVisible();
  await box.fill("猗氏");
  await expect(page.getByRole("listbox").getByRole("option").first()).toContainText("猗氏镇");
  await box.press("Enter");
  await page.getByRole("button", { name: "生成报表" }).click();
  await expect(page).toHaveURL(/[?&]unit=\d+/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("猗氏镇");
});

test("the administrator's unit page is a folded tree that opens on demand, with search", async ({ page }) => {
  await login(page, "admin");
  await page.goto("/admin/units");
  const tree = page.getByRole("region", { name: "单位层级" });
  await expect(tree.getByRole("link", { name: "临猗县", exact: true })).toBeVisible();
  // the townships are not in the page until their county opens
  await expect(tree.getByRole("link", { name: "猗氏镇", exact: true })).toHaveCount(0);
  await tree.locator("summary").filter({ hasText: "临猗县" }).first().click({ position: { x: 4, y: 8 } });
  await expect(tree.getByRole("link", { name: "猗氏镇", exact: true })).toBeVisible();
  // search by pinyin initials
  await page.getByRole("searchbox", { name: "搜索单位" }).fill("ysz");
  await page.getByRole("button", { name: "搜索", exact: true }).click();
  const results = page.getByRole("region", { name: "搜索结果" });
  await expect(results.getByRole("link", { name: "猗氏镇", exact: true })).toBeVisible();
  // from a result to its place in the tree
  await results.getByRole("listitem").filter({ has: page.getByRole("link", { name: "猗氏镇", exact: true }) }).getByRole("link", { name: "单位层级" }).click();
  await expect(page).toHaveURL(/open=\d+/);
  await expect(tree.getByRole("link", { name: "猗氏镇", exact: true })).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the search page returns to the list with the unit chosen and the other filters kept", async ({ page }) => {
    await login(page, "linyi.bureau");
    await page.goto("/consultations?channel=walk_in");
    const filters = page.getByRole("form", { name: "筛选" });
    await filters.getByRole("link", { name: "选择单位" }).click();
    await expect(page.getByRole("heading", { name: "选择单位", level: 1 })).toBeVisible();
    // an empty search is explained, not run
    await page.getByRole("button", { name: "搜索", exact: true }).click();
    await expect(page.getByRole("alert")).toContainText("请输入至少一个字");
    await page.getByLabel("搜索单位").fill("ysz");
    await page.getByRole("button", { name: "搜索", exact: true }).click();
    await page.getByRole("region", { name: "搜索结果" }).getByRole("link", { name: "猗氏镇", exact: true }).click();
    await expect(page).toHaveURL(/\/consultations\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get("channel")).toBe("walk_in");
    expect(url.searchParams.get("unit")).toMatch(/^\d+$/);
    await expect(page.getByRole("form", { name: "筛选" }).locator(".unit-picker-current")).toContainText("猗氏镇");
    // the filter form submits the chosen unit
    await page.getByRole("form", { name: "筛选" }).getByRole("button", { name: "筛选" }).click();
    expect(new URL(page.url()).searchParams.get("unit")).toBe(url.searchParams.get("unit"));

    // browsing without a search: the county, then a township's villages one level at a time
    await page.getByRole("form", { name: "筛选" }).getByRole("link", { name: "更改单位" }).click();
    await page.getByRole("link", { name: "展开 嵋阳镇 的下级" }).click();
    await expect(page.getByRole("region", { name: "单位层级" })).toContainText("嵋阳镇");
    await page.getByRole("region", { name: "单位层级" }).getByRole("link", { name: "嵋阳镇", exact: true }).click();
    await expect(page.getByRole("form", { name: "筛选" }).locator(".unit-picker-current")).toContainText("嵋阳镇");
  });

  test("a unit outside the user's reach is refused, and bad searches get a message", async ({ page, browser }) => {
    // the city's writer can find 万荣县; a county user cannot browse it
    const city = await browser.newContext();
    const cityPage = await city.newPage();
    await login(cityPage, "writer");
    const found = await (await cityPage.request.get(`/units/search.json?q=${encodeURIComponent("万荣县")}`)).json();
    const wanrong = (found.hits as Array<{ id: number; name: string }>).find((h) => h.name === "万荣县")!;
    expect(wanrong).toBeTruthy();
    await city.close();

    await login(page, "linyi.bureau");
    const outside = await page.goto(`/units/search?under=${wanrong.id}`);
    expect(outside!.status()).toBe(404);
    await expect(page.getByRole("alert")).toContainText("不在您的管辖范围内");
    const json = await page.request.get(`/units/search.json?under=${wanrong.id}`);
    expect(json.status()).toBe(404);
    expect((await json.json()).error).toContain("不在您的管辖范围内");
    const empty = await page.request.get("/units/search.json?q=%20");
    expect(empty.status()).toBe(400);
    expect((await empty.json()).error).toContain("请输入至少一个字");
    const notFound = await page.request.get(`/units/search.json?q=${encodeURIComponent("万荣")}`);
    expect((await notFound.json()).hits).toEqual([]);
    const bad = await page.goto("/units/search?under=abc");
    expect(bad!.status()).toBe(404);
    // the administrator's tree opens a level by a link
    const adminContext = await browser.newContext({ javaScriptEnabled: false });
    const admin = await adminContext.newPage();
    await login(admin, "admin");
    await admin.goto("/admin/units");
    const tree = admin.getByRole("region", { name: "单位层级" });
    await expect(tree.getByRole("link", { name: "猗氏镇", exact: true })).toHaveCount(0);
    // <details> opens without JavaScript; its link loads the level
    await tree.locator("summary").filter({ hasText: "临猗县" }).first().click({ position: { x: 4, y: 8 } });
    await tree.getByRole("link", { name: "展开 临猗县 的下级" }).click();
    await expect(admin.getByRole("region", { name: "单位层级" }).getByRole("link", { name: "猗氏镇", exact: true })).toBeVisible();
    await adminContext.close();
  });
});
