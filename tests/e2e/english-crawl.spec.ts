/**
 * English complete (issue 15): with English chosen, the main pages show no Chinese outside what users typed or
 * named (unit names, people, free text, a county's own dispute types), which the pages mark with `data-user-text`,
 * and outside the language switch (`lang="zh"`). Titles and <meta> too.
 */
import { expect, test, type Page } from "@playwright/test";
import { login } from "./helpers";

const HAN = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]/;

/** Chinese text on the page outside user data: the offending snippets (empty when none). */
async function leaks(page: Page): Promise<string[]> {
  return page.evaluate((hanSource) => {
    const han = new RegExp(hanSource);
    const found: string[] = [];
    // user data: what the marked elements hold; a title or an attribute may name it (a case number, a unit)
    const vocabulary = Array.from(document.querySelectorAll("[data-user-text]"))
      .map((el) => (el.textContent ?? "").trim())
      .filter(Boolean)
      .sort((a, b) => b.length - a.length);
    const outsideUserData = (s: string) => vocabulary.reduce((acc, w) => acc.split(w).join(" "), s);
    const title = outsideUserData(document.title);
    if (han.test(title)) found.push(`<title> ${document.title}`);
    for (const m of Array.from(document.querySelectorAll("meta[content]"))) {
      const c = m.getAttribute("content") ?? "";
      if (han.test(outsideUserData(c))) found.push(`<meta> ${c}`);
    }
    const body = document.body.cloneNode(true) as HTMLElement;
    for (const el of Array.from(body.querySelectorAll("[data-user-text], [lang^='zh'], script, style, template"))) el.remove();
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = (n.textContent ?? "").trim();
      if (han.test(text)) {
        const parent = n.parentElement;
        found.push(`${parent?.tagName.toLowerCase() ?? "?"}${parent?.className ? "." + String(parent.className).split(" ")[0] : ""}: ${text.slice(0, 80)}`);
      }
    }
    for (const el of Array.from(body.querySelectorAll("[placeholder], [aria-label], [title], [alt]"))) {
      for (const a of ["placeholder", "aria-label", "title", "alt"]) {
        const v = el.getAttribute(a);
        if (v && han.test(outsideUserData(v))) found.push(`${el.tagName.toLowerCase()}[${a}]: ${v.slice(0, 80)}`);
      }
    }
    return [...new Set(found)];
  }, HAN.source);
}

async function toEnglish(page: Page) {
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("button", { name: "Log out" })).toBeVisible();
}

/** Visits each path and collects what leaks, so one run lists every page's leaks at once. */
async function crawl(page: Page, paths: string[], report: Record<string, string[]>) {
  for (const path of paths) {
    const res = await page.goto(path);
    if ((res?.status() ?? 500) >= 400) {
      report[path] = [`status ${res?.status()}`];
      continue;
    }
    await expect(page.locator("main, h1").first()).toBeVisible();
    const l = await leaks(page);
    if (l.length) report[path] = l;
  }
}

/** The first record page linked from a list (a row's link to /<kind>/<id>). */
async function firstRecord(page: Page, list: string, pattern: RegExp): Promise<string> {
  await page.goto(list);
  const hrefs = await page.locator("main a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  const href = hrefs.find((h) => pattern.test(h));
  expect(href, `a record link on ${list}`).toBeTruthy();
  return href!;
}

test("English: the main pages show no Chinese outside user data", async ({ page }) => {
  test.setTimeout(600_000);
  const report: Record<string, string[]> = {};

  // a bureau officer: lists, records, report, monitoring, targets, registries
  await login(page, "linyi.bureau");
  await toEnglish(page);
  const records = [
    await firstRecord(page, "/consultations", /^\/consultations\/\d+$/),
    await firstRecord(page, "/mediations", /^\/mediations\/\d+$/),
    await firstRecord(page, "/legal-aid", /^\/legal-aid\/\d+$/),
  ];
  await crawl(
    page,
    [
      "/",
      "/consultations",
      "/mediations",
      "/legal-aid",
      "/legal-aid/deadlines",
      "/registries",
      ...records,
      "/reports",
      "/monitoring",
      "/targets",
      "/targets?indicator=mediation.accepted",
      "/reports/monthly",
      "/reports/editions",
      "/documents/reviews",
      "/audit",
      "/settings/security",
    ],
    report,
  );
  await page.getByRole("button", { name: "Log out" }).click();
  await page.context().clearCookies(); // the next user starts in Chinese

  // a report writer freezes an edition (the list and the edition's page then have one to show)
  await login(page, "linyi.writer");
  await toEnglish(page);
  await page.goto("/reports");
  await page.getByRole("link", { name: "Last year" }).click();
  await page.getByRole("button", { name: "Freeze as filed edition" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/reports\/editions\/\d+$/);
  await crawl(page, [new URL(page.url()).pathname, "/reports/editions"], report);
  await page.getByRole("button", { name: "Log out" }).click();
  await page.context().clearCookies(); // the next user starts in Chinese

  // a centre head: entry forms, import
  await login(page, "yishi.head");
  await toEnglish(page);
  await crawl(page, ["/", "/consultations/new", "/mediations/new", "/legal-aid/new", "/import", "/my-work", "/legal-aid/providers"], report);
  await page.getByRole("button", { name: "Log out" }).click();
  await page.context().clearCookies(); // the next user starts in Chinese

  // an administrator: units, users, dispute types
  await login(page, "linyi.admin");
  await toEnglish(page);
  await crawl(page, ["/admin/units", "/admin/users", "/admin/dispute-types", "/admin/users/new", "/admin/units/new"], report);

  if (Object.keys(report).length) console.log(JSON.stringify(report, null, 1));
  expect(report).toEqual({});
});
