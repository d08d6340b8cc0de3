// The production HTTP server: Express in front of the Remix build, with security headers (helmet, CSP nonce),
// an Origin check on every state-changing request, compression and static files.
// Run after `remix build`: `node app/serve.js` (PORT, default 3000).
import crypto from "node:crypto";
import path from "node:path";
import url from "node:url";
import express from "express";
import compression from "compression";
import helmet from "helmet";
// the adapter's two halves (its index exports only createRequestHandler): the Request is built here so that a
// checked form body can be handed on, and Cache-Control is set on the way out
import remixExpress from "@remix-run/express/dist/server.js";
import { createRequestHandler } from "@remix-run/node";

const root = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), "..");
const BUILD = path.join(root, "build/index.js");
const mode = process.env.NODE_ENV ?? "production";
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";

const app = express();
app.disable("x-powered-by");
if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);
app.use(compression());

app.use((req, res, next) => {
  res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
  next();
});
app.use(
  helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'", (_req, res) => `'nonce-${res.locals.cspNonce}'`],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'", ...(mode === "development" ? ["ws:"] : [])],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        // plain-HTTP intranet deployments and http://localhost must keep working
        "upgrade-insecure-requests": null,
      },
    },
    // HSTS only when the site is served over HTTPS (set HSTS=1 behind TLS)
    strictTransportSecurity: process.env.HSTS === "1" ? { maxAge: 31536000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: "same-origin" },
  }),
);

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/**
 * Refuses state-changing requests from other sites: the Origin (or, failing that, Sec-Fetch-Site) must be ours.
 * Requests without either (curl, integrations with tokens) pass to the routes, which still need a session.
 */
export function originAllowed(req) {
  if (SAFE_METHODS.has(req.method)) return true;
  const origin = req.get("origin");
  const ownHost = (req.app.get("trust proxy") && req.get("x-forwarded-host")) || req.get("host");
  if (origin) {
    if (origin === "null") return false;
    try {
      return new URL(origin).host === ownHost;
    } catch {
      return false;
    }
  }
  const site = req.get("sec-fetch-site");
  return !site || site === "same-origin" || site === "none";
}
app.use((req, res, next) => {
  if (originAllowed(req)) return next();
  res.status(403).type("text/plain; charset=utf-8").send("跨站请求已被拒绝（Origin 不符）。Cross-site request refused.");
});

app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));

const FORM_TYPE = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;
/** Multipart bodies up to this size are read and checked before the route runs (above the import limit of 20 MB). */
const MAX_CHECKED_FORM_BYTES = 32 * 1024 * 1024;

/**
 * Every page form posts `application/x-www-form-urlencoded` or `multipart/form-data`. Anything else sent to a page
 * (JSON, text/plain, no Content-Type, a multipart body that does not parse) is refused here, before any route
 * runs, with 415 or 400 — never the 500 that `request.formData()` would throw. The JSON API (`/api/…`) checks its
 * own bodies. Returns `{ ok: true, body? }` (the checked multipart body, to hand on) or `{ status, message }`.
 */
export async function checkFormBody(req) {
  if (SAFE_METHODS.has(req.method) || req.path.startsWith("/api/")) return { ok: true };
  const type = req.get("content-type") ?? "";
  const m = FORM_TYPE.exec(type);
  if (!m) return { status: 415, message: "请求内容不是表单（应为 application/x-www-form-urlencoded 或 multipart/form-data），请从页面提交。" };
  if (m[1].toLowerCase() !== "multipart/form-data") return { ok: true };
  if (!/;\s*boundary=/i.test(type)) return { status: 400, message: "表单格式不正确（multipart 缺少 boundary），请从页面重新提交。" };
  const declared = Number(req.get("content-length") ?? "0");
  if (declared > MAX_CHECKED_FORM_BYTES) return { ok: true }; // the route refuses it by its declared size
  const chunks = [];
  let total = 0;
  for await (const chunk of req) {
    total += chunk.length;
    if (total > MAX_CHECKED_FORM_BYTES) return { status: 413, message: "提交的内容过大。" };
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  try {
    await new Request("http://localhost/", { method: "POST", headers: { "Content-Type": type }, body }).formData();
  } catch {
    return { status: 400, message: "表单格式不正确，无法读取，请从页面重新提交。" };
  }
  return { ok: true, body };
}
app.use(async (req, res, next) => {
  try {
    const checked = await checkFormBody(req);
    if (!checked.ok) {
      res.status(checked.status).set("Cache-Control", "no-store").type("text/plain; charset=utf-8").send(checked.message);
      return;
    }
    res.locals.formBody = checked.body;
    next();
  } catch (e) {
    next(e);
  }
});

const { createRemixRequest, sendRemixResponse } = remixExpress;
const build = await import(url.pathToFileURL(BUILD).href);
const handleRemix = createRequestHandler(build, mode);
app.all("*", async (req, res, next) => {
  try {
    let request = createRemixRequest(req, res);
    if (res.locals.formBody) {
      request = new Request(request.url, { method: request.method, headers: request.headers, signal: request.signal, body: res.locals.formBody });
    }
    const response = await handleRemix(request, { cspNonce: res.locals.cspNonce, clientIp: req.ip ?? null });
    // pages and API answers carry personal data: never kept by browsers or proxies unless a route says otherwise
    if (!response.headers.has("Cache-Control")) res.set("Cache-Control", "no-store");
    await sendRemixResponse(res, response);
  } catch (e) {
    next(e);
  }
});

const server = app.listen(port, host, () => {
  console.log(`Fengqiao listening on http://localhost:${port} (${mode})`);
});
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  });
}
