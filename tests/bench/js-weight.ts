/**
 * JS weight and time to interactive of the light pages, as a phone would see them: Debian's Chromium through
 * Playwright, a cold cache per page (a fresh browser context), the CPU slowed 4× (CDP Emulation.setCPUThrottlingRate).
 *
 *   npm run build && npx tsx tests/bench/js-weight.ts            # seeds tests/.tmp/js-weight.db and starts the server
 *   BASE_URL=http://localhost:3000 npx tsx tests/bench/js-weight.ts   # measures a server already running (demo data)
 *
 * Per page it prints the gzipped bytes of the scripts the HTML names (CDP encodedDataLength less the response
 * headers), all scripts once the page has settled (with what it loads lazily: the consultation form's validator,
 * the report's chart, which the bench waits for), the HTML document's gzipped bytes (it carries the active
 * language's messages), and the time from navigation start until the page's form has its React submit handler
 * (hydrated: usable). Medians of RUNS runs.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import url from "node:url";
import { chromium, type BrowserContext } from "@playwright/test";

const root = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), "../..");
const RUNS = Number(process.env.RUNS ?? 5);
const PORT = Number(process.env.PORT ?? 3399);
let base = process.env.BASE_URL;
let server: ChildProcess | undefined;

async function waitForHealth(u: string, ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(`${u}/healthz`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server at ${u} did not start`);
}

if (!base) {
  base = `http://localhost:${PORT}`;
  server = spawn(process.execPath, ["tests/e2e/start-server.js"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, PORT: String(PORT), DATABASE_URL: path.join(root, "tests/.tmp/js-weight.db"), NODE_ENV: "production" },
  });
  await waitForHealth(base, 600_000);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
});

async function loggedIn(username: string) {
  const ctx = await browser.newContext({ baseURL: base, locale: "zh-CN" });
  const page = await ctx.newPage();
  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill("Fengqiao2024");
  await page.getByRole("button", { name: "登录" }).click();
  await page.getByRole("button", { name: "退出登录" }).waitFor();
  const state = await ctx.storageState();
  await ctx.close();
  return state;
}

type Sample = { js: number; html: number; tti: number; jsAfterChart?: number };

/** One cold load: a new context (empty cache), 4× CPU throttling, bytes counted from the network events. */
async function measure(state: Awaited<ReturnType<typeof loggedIn>>, pathname: string, formSelector: string, chartSelector?: string): Promise<Sample> {
  const ctx: BrowserContext = await browser.newContext({ baseURL: base, locale: "zh-CN", storageState: state });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  // scripts the HTML names (<script src>, modulepreload) are the page's own; a dynamic import() (the chart) comes later
  const urls = new Map<string, string>();
  const sizes = new Map<string, number>();
  const types = new Map<string, string>();
  const headerBytes = new Map<string, number>();
  let html = 0;
  let documentBody: Promise<string> = Promise.resolve("");
  cdp.on("Network.requestWillBeSent", (e) => urls.set(e.requestId, new URL(e.request.url).pathname));
  cdp.on("Network.responseReceived", (e) => {
    types.set(e.requestId, e.type);
    // encodedDataLength counts the response headers too: take them off, leaving the gzipped body
    const h = Object.entries(e.response.headers).reduce((n, [k, v]) => n + k.length + String(v).length + 4, 17 + 2);
    headerBytes.set(e.requestId, h);
  });
  cdp.on("Network.loadingFinished", (e) => {
    const t = types.get(e.requestId);
    const body = Math.max(0, e.encodedDataLength - (headerBytes.get(e.requestId) ?? 0));
    if (t === "Script") sizes.set(urls.get(e.requestId) ?? e.requestId, body);
    if (t === "Document") {
      html += body;
      documentBody = cdp.send("Network.getResponseBody", { requestId: e.requestId }).then((r) => r.body);
    }
  });
  await page.goto(pathname, { waitUntil: "commit" });
  // usable = React has attached the form's submit handler (hydration done)
  const tti = await page.waitForFunction(
    (sel) => {
      const form = document.querySelector(sel);
      if (!form) return false;
      const key = Object.keys(form).find((k) => k.startsWith("__reactProps"));
      return key && typeof (form as unknown as Record<string, { onSubmit?: unknown }>)[key]?.onSubmit === "function" ? performance.now() : false;
    },
    formSelector,
    { polling: 10, timeout: 120_000 },
  );
  const ms = (await tti.jsonValue()) as number;
  if (chartSelector) await page.locator(chartSelector).first().waitFor({ timeout: 120_000 });
  await page.waitForLoadState("networkidle");
  const documentHtml = await documentBody;
  // the scripts the server's HTML names: modulepreload links, script src and the inline module's imports
  const named = new Set(Array.from(documentHtml.matchAll(/(?:href|src)="(\/build\/[^"]+\.js)"|import[^"']*["'](\/build\/[^"']+\.js)["']/g), (m) => m[1] ?? m[2]));
  let js = 0;
  let all = 0;
  for (const [u, n] of sizes) {
    all += n;
    if (named.has(u)) js += n;
  }
  const sample: Sample = { js, html, tti: ms, jsAfterChart: all };
  await ctx.close();
  return sample;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const staff = await loggedIn("yishi.staff");
const writer = await loggedIn("linyi.writer");
const pages: Array<{ name: string; state: typeof staff; path: string; form: string; chart?: string }> = [
  { name: "consultation entry /consultations/new", state: staff, path: "/consultations/new", form: "main form[method=post]" },
  { name: "dispute registration /mediations/new", state: staff, path: "/mediations/new", form: "main form[method=post]" },
  { name: "report /reports (county, this year)", state: writer, path: "/reports", form: "main form", chart: ".recharts-surface" },
];

console.log(`JS weight and time to interactive, cold cache, CPU 4× slower, median of ${RUNS} runs (${base})`);
console.log("| page | JS named by the HTML (gzip) | all JS once settled (+ lazy: validator, chart) | HTML (gzip) | usable after |");
console.log("|---|---|---|---|---|");
try {
  for (const p of pages) {
    const samples: Sample[] = [];
    for (let i = 0; i < RUNS; i++) samples.push(await measure(p.state, p.path, p.form, p.chart));
    const all = kb(median(samples.map((s) => s.jsAfterChart ?? 0)));
    console.log(`| ${p.name} | ${kb(median(samples.map((s) => s.js)))} | ${all} | ${kb(median(samples.map((s) => s.html)))} | ${Math.round(median(samples.map((s) => s.tti)))} ms |`);
  }
} finally {
  await browser.close();
  server?.kill("SIGTERM");
}
