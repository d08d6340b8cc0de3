import { expect, request as playwrightRequest, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { withE2eDb } from "./e2e-db";
import { login, PASSWORD } from "./helpers";

/**
 * React 18.3's streaming renderer can put NUL bytes into the HTML when a Chinese character does not fit the rest of
 * its 2 KB buffer. This crawls the real server over HTTP as several roles, following the links each role is shown
 * (lists, details, edit forms, print pages, reports, admin, registries, monitoring), and checks that no text
 * response carries a NUL byte (and none is a server error).
 */

const BASE = `http://localhost:${Number(process.env.E2E_PORT ?? 3100)}`;

/** Where each crawl starts besides the home page; lists filtered to records in every state, so details, edit forms and print pages are reached. */
const SEEDS = [
  "/mediations?status=success",
  "/mediations?status=in_mediation",
  "/mediations",
  "/legal-aid?status=closed",
  "/legal-aid?status=pending",
  "/legal-aid?status=refused",
  "/legal-aid",
  "/consultations",
  "/reports",
  "/reports/editions",
  "/registries",
  "/monitoring",
  "/monitoring/quality",
  "/legal-aid/deadlines",
  "/legal-aid/providers",
  "/my-work",
  "/targets",
  "/import",
  "/settings/tokens",
  "/admin/units",
  "/admin/users",
  "/admin/dispute-types",
  "/audit",
];

/** Links that change something or leave the HTML pages. */
const SKIP = /^\/(logout|set-locale|build\/|favicon)|\.(css|js|ico|png|svg|woff2?)$/;

/** One key per kind of page: ids become :id, the query is dropped. */
function kindOf(href: string) {
  return new URL(href, BASE).pathname.replace(/\/\d+(?=\/|$)/g, "/:id");
}

function linksIn(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/href="([^"]+)"/g)) {
    const href = m[1].replace(/&amp;/g, "&");
    if (!href.startsWith("/") || href.startsWith("//") || SKIP.test(href.split("?")[0])) continue;
    out.push(href.split("#")[0]);
  }
  return out;
}

async function signedIn(username: string): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({ baseURL: BASE, extraHTTPHeaders: { "Accept-Language": "zh-CN" } });
  const res = await ctx.post("/login", { form: { username, password: PASSWORD, redirectTo: "/" }, maxRedirects: 0 });
  expect(res.status(), `login as ${username}`).toBe(302);
  return ctx;
}

/** Breadth-first over the links shown, a few pages of each kind, up to `limit` pages. */
async function crawl(ctx: APIRequestContext, limit: number, perKind: number) {
  const queue = ["/", ...SEEDS];
  const seen = new Set<string>();
  const kinds = new Map<string, number>();
  const withNul: string[] = [];
  const failed: string[] = [];
  let fetched = 0;
  while (queue.length > 0 && fetched < limit) {
    const href = queue.shift()!;
    if (seen.has(href)) continue;
    seen.add(href);
    const kind = kindOf(href);
    if ((kinds.get(kind) ?? 0) >= perKind) continue;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    const res = await ctx.get(href, { maxRedirects: 3, timeout: 60_000 });
    fetched++;
    if (res.status() >= 500) failed.push(`${res.status()} ${href}`);
    const type = res.headers()["content-type"] ?? "";
    if (!/^(text\/|application\/json)/.test(type)) continue; // downloads (XLSX) are binary
    const body = await res.body();
    const nuls = body.filter((b) => b === 0).length;
    if (nuls > 0) withNul.push(`${href} (${nuls})`);
    if (type.startsWith("text/html")) queue.push(...linksIn(body.toString("utf8")));
  }
  return { kinds: new Set(kinds.keys()), withNul, failed, fetched };
}

const ROLES: Array<{ username: string; mustCover: RegExp[] }> = [
  {
    username: "yishi.staff",
    mustCover: [
      /^\/consultations$/,
      /^\/consultations\/:id$/,
      /^\/mediations$/,
      /^\/mediations\/:id$/,
      /^\/mediations\/:id\/edit$/,
      /^\/mediations\/:id\/print\/agreement$/,
      /^\/mediations\/:id\/print\/registration$/,
      /^\/registries$/,
    ],
  },
  {
    username: "linyi.legalaid",
    mustCover: [/^\/legal-aid$/, /^\/legal-aid\/:id$/, /^\/legal-aid\/:id\/edit$/, /^\/legal-aid\/:id\/print\//, /^\/legal-aid\/deadlines$/],
  },
  { username: "linyi.bureau", mustCover: [/^\/reports$/, /^\/monitoring$/, /^\/mediations\/:id$/, /^\/legal-aid\/:id$/, /^\/registries$/] },
  { username: "linyi.writer", mustCover: [/^\/reports$/, /^\/reports\/editions$/] },
  { username: "admin", mustCover: [/^\/admin\/units$/, /^\/admin\/units\/:id$/, /^\/admin\/users$/, /^\/admin\/users\/:id$/, /^\/audit$/, /^\/admin\/dispute-types$/] },
];

test.describe("no page carries a NUL byte", () => {
  test.describe.configure({ timeout: 360_000 });

  test("pages shown before logging in", async () => {
    const ctx = await playwrightRequest.newContext({ baseURL: BASE });
    for (const path of ["/login", "/healthz", "/no-such-page"]) {
      const body = await (await ctx.get(path)).body();
      expect(body.includes(0), path).toBe(false);
    }
    await ctx.dispose();
  });

  for (const role of ROLES) {
    test(`every page ${role.username} can reach`, async () => {
      const ctx = await signedIn(role.username);
      const { kinds, withNul, failed, fetched } = await crawl(ctx, 150, 5);
      await ctx.dispose();
      expect(withNul, `pages with NUL bytes (of ${fetched} fetched)`).toEqual([]);
      expect(failed, "server errors").toEqual([]);
      for (const re of role.mustCover) expect([...kinds].some((k) => re.test(k)), `crawl reached ${re}`).toBe(true);
    });
  }
});

/** Every column of the record and of its people, but the bookkeeping a save always moves (version, when, who). */
function storedRecord(table: "mediations" | "legal_aid_cases", id: number) {
  return withE2eDb((db) => {
    const strip = (row: Record<string, unknown>) => {
      const { version: _v, updated_at: _u, updated_by_id: _b, ...rest } = row;
      return rest;
    };
    const record = strip(db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Record<string, unknown>);
    const people =
      table === "mediations"
        ? db.prepare("SELECT * FROM mediation_parties WHERE mediation_id = ? ORDER BY id").all(id)
        : db.prepare("SELECT * FROM legal_aid_beneficiaries WHERE case_id = ? ORDER BY id").all(id);
    return { record, people: (people as Record<string, unknown>[]).map(({ id: _id, ...p }) => strip(p)) };
  });
}

async function noScript(browser: Browser, username: string): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await login(page, username);
  return page;
}

/**
 * Long Chinese text as people type it: 680 characters and a few ASCII ones before them, so that the text straddles
 * one of React's 2 KB buffer ends at every offset (which is where the NUL bytes went).
 */
function longSummary(lead: number) {
  const sentence = "申请人称被申请人修建围墙堵塞排水沟，雨天积水进屋，要求恢复排水并赔偿损失。";
  return `${"A".repeat(lead)}${sentence.repeat(40)}`.slice(0, 680 + lead);
}

test.describe("without JavaScript, saving an edit page unchanged leaves the record as it was", () => {
  test.describe.configure({ timeout: 180_000 });

  test("a dispute with a long summary", async ({ browser }) => {
    const page = await noScript(browser, "yishi.staff");
    await page.goto("/mediations?status=in_mediation");
    await page.getByRole("table").getByRole("link").first().click();
    await expect(page).toHaveURL(/\/mediations\/\d+$/);
    const id = Number(/\/mediations\/(\d+)/.exec(page.url())![1]);
    for (const lead of [0, 1, 2]) {
      // the mediator writes a long summary and saves it
      await page.goto(`/mediations/${id}/edit`);
      await page.getByLabel("纠纷简要情况").fill(longSummary(lead));
      await page.getByRole("button", { name: "保存", exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`/mediations/${id}\\?done=edit$`));
      const before = storedRecord("mediations", id);
      expect(before.record.summary).toBe(longSummary(lead));
      // opens the edit page again and saves without changing anything
      await page.goto(`/mediations/${id}/edit`);
      await expect(page.getByLabel("纠纷简要情况")).toBeVisible();
      await page.getByRole("button", { name: "保存", exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`/mediations/${id}\\?done=edit$`));
      expect(storedRecord("mediations", id)).toEqual(before);
      await page.goto(page.url().replace(/\?.*$/, "/edit"));
      await expect(page.getByLabel("纠纷简要情况")).toHaveValue(longSummary(lead));
    }
  });

  test("a legal aid application with a long statement of the matter", async ({ browser }) => {
    const page = await noScript(browser, "linyi.legalaid");
    await page.goto("/legal-aid?status=pending");
    await page.getByRole("table").getByRole("link").first().click();
    await expect(page).toHaveURL(/\/legal-aid\/\d+$/);
    const id = Number(/\/legal-aid\/(\d+)/.exec(page.url())![1]);
    for (const lead of [0, 1, 2]) {
      await page.goto(`/legal-aid/${id}/edit`);
      await page.getByLabel("申请事项及理由").fill(longSummary(lead));
      await page.getByRole("button", { name: "保存", exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`/legal-aid/${id}\\?saved=edit$`));
      const before = storedRecord("legal_aid_cases", id);
      expect(before.record.matter).toBe(longSummary(lead));
      await page.goto(`/legal-aid/${id}/edit`);
      await expect(page.getByLabel("申请事项及理由")).toBeVisible();
      await page.getByRole("button", { name: "保存", exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`/legal-aid/${id}\\?saved=edit$`));
      expect(storedRecord("legal_aid_cases", id)).toEqual(before);
      await page.goto(page.url().replace(/\?.*$/, "/edit"));
      await expect(page.getByLabel("申请事项及理由")).toHaveValue(longSummary(lead));
    }
  });
});
