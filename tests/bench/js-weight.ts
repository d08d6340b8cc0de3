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
import http from "node:http";
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

type Sample = { js: number; html: number; tti: number; jsAfterChart?: number; namedUrls: string[]; allUrls: string[] };

/** One cold load: a new context (empty cache), 4× CPU throttling, bytes counted from the network events. */
async function measure(
  state: Awaited<ReturnType<typeof loggedIn>>,
  pathname: string,
  formSelector: string,
  chartSelector?: string,
  lazyScript?: RegExp,
): Promise<Sample> {
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
  const inflight = new Set<string>();
  let lastNetworkEvent = Date.now();
  cdp.on("Network.requestWillBeSent", (e) => {
    urls.set(e.requestId, new URL(e.request.url).pathname);
    inflight.add(e.requestId);
    lastNetworkEvent = Date.now();
  });
  const settled = (id: string) => {
    inflight.delete(id);
    lastNetworkEvent = Date.now();
  };
  cdp.on("Network.loadingFailed", (e) => settled(e.requestId));
  cdp.on("Network.responseReceived", (e) => types.set(e.requestId, e.type));
  // encodedDataLength counts the response's header block too: take it off (its raw text, as received), leaving the
  // gzipped body and the few bytes of chunked framing
  cdp.on("Network.responseReceivedExtraInfo", (e) => headerBytes.set(e.requestId, Buffer.byteLength(e.headersText ?? "")));
  // the header block's text may arrive after the load has finished: sizes are worked out once the page has settled
  const finished = new Map<string, number>();
  cdp.on("Network.loadingFinished", (e) => {
    settled(e.requestId);
    const t = types.get(e.requestId);
    if (t === "Script") {
      finished.set(e.requestId, e.encodedDataLength);
      sizes.set(urls.get(e.requestId) ?? e.requestId, e.encodedDataLength);
    }
    if (t === "Document") {
      finished.set(e.requestId, e.encodedDataLength);
      documentBody = cdp.send("Network.getResponseBody", { requestId: e.requestId }).then((r) => r.body);
    }
  });
  const bodyBytes = (id: string) => Math.max(0, (finished.get(id) ?? 0) - (headerBytes.get(id) ?? 0));
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
  // a script the page imports once usable (the consultation form's validator) is part of the page's weight: wait for it
  if (lazyScript) {
    const end = Date.now() + 120_000;
    while (![...sizes.keys()].some((u) => lazyScript.test(u))) {
      if (Date.now() > end) throw new Error(`${pathname}: no script matching ${lazyScript} was loaded`);
      await page.waitForTimeout(50);
    }
    // then the scripts it imports: until no request has been in flight for half a second
    while (inflight.size > 0 || Date.now() - lastNetworkEvent < 500) {
      if (Date.now() > end) throw new Error(`${pathname}: the network did not settle`);
      await page.waitForTimeout(50);
    }
  }
  const documentHtml = await documentBody;
  for (const id of finished.keys()) {
    if (!headerBytes.has(id)) throw new Error(`${pathname}: no header block reported for ${urls.get(id)}`);
    if (types.get(id) === "Script") sizes.set(urls.get(id) ?? id, bodyBytes(id));
    else html += bodyBytes(id);
  }
  // the scripts the server's HTML names: modulepreload links, script src and the inline module's imports
  const named = new Set(Array.from(documentHtml.matchAll(/(?:href|src)="(\/build\/[^"]+\.js)"|import[^"']*["'](\/build\/[^"']+\.js)["']/g), (m) => m[1] ?? m[2]));
  let js = 0;
  let all = 0;
  for (const [u, n] of sizes) {
    all += n;
    if (named.has(u)) js += n;
  }
  if (process.env.DEBUG_SIZES) for (const [u, n] of sizes) console.log(`  ${u} ${n}${named.has(u) ? "" : " (lazy)"}`);
  const sample: Sample = { js, html, tti: ms, jsAfterChart: all, namedUrls: [...sizes.keys()].filter((u) => named.has(u)), allUrls: [...sizes.keys()] };
  await ctx.close();
  return sample;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const staff = await loggedIn("yishi.staff");
const writer = await loggedIn("linyi.writer");
const pages: Array<{ name: string; state: typeof staff; path: string; form: string; chart?: string; lazy?: RegExp }> = [
  { name: "consultation entry /consultations/new", state: staff, path: "/consultations/new", form: "main form[method=post]", lazy: /\/consultation-[A-Z0-9]+\.js$/ },
  { name: "dispute registration /mediations/new", state: staff, path: "/mediations/new", form: "main form[method=post]" },
  { name: "report /reports (county, this year)", state: writer, path: "/reports", form: "main form", chart: ".recharts-surface" },
];

console.log(`JS weight and time to interactive, cold cache, CPU 4× slower, median of ${RUNS} runs (${base})`);
/** The bytes of a build file as gzip (for a browser without Brotli): the same server, asked for gzip only. */
async function gzipBytes(pathname: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(new URL(pathname, base), { headers: { "Accept-Encoding": "gzip" } }, (res) => {
      let n = 0;
      res.on("data", (c: Buffer) => (n += c.length));
      res.on("end", () => resolve(res.headers["content-encoding"] === "gzip" ? n : Number.NaN));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}
const sumGzip = async (urls: string[]) => (await Promise.all(urls.map(gzipBytes))).reduce((a, b) => a + b, 0);

console.log("Bytes as Chromium received them (Brotli where the server has it), then the same scripts as gzip.");
console.log("| page | JS named by the HTML: sent / gzip | all JS once settled (+ lazy: validator, chart): sent / gzip | HTML (sent) | usable after |");
console.log("|---|---|---|---|---|");
try {
  for (const p of pages) {
    const samples: Sample[] = [];
    for (let i = 0; i < RUNS; i++) samples.push(await measure(p.state, p.path, p.form, p.chart, p.lazy));
    const all = kb(median(samples.map((s) => s.jsAfterChart ?? 0)));
    const last = samples[samples.length - 1];
    const [namedGz, allGz] = [kb(await sumGzip(last.namedUrls)), kb(await sumGzip(last.allUrls))];
    console.log(
      `| ${p.name} | ${kb(median(samples.map((s) => s.js)))} / ${namedGz} | ${all} / ${allGz} | ${kb(median(samples.map((s) => s.html)))} | ${Math.round(median(samples.map((s) => s.tti)))} ms |`,
    );
  }
} finally {
  await browser.close();
  server?.kill("SIGTERM");
}
