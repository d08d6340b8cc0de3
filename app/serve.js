// The production HTTP server: Express in front of the Remix build, with security headers (helmet, CSP nonce),
// an Origin check on every state-changing request, compression and static files.
// Run after `remix build`: `node app/serve.js` (PORT, default 3000).
import crypto from "node:crypto";
import path from "node:path";
import url from "node:url";
import express from "express";
import compression from "compression";
import helmet from "helmet";
import { createRequestHandler } from "@remix-run/express";

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
    strictTransportSecurity: process.env.HSTS === "1" ? { maxAge: 15552000 } : false,
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

const build = await import(url.pathToFileURL(BUILD).href);
app.all(
  "*",
  createRequestHandler({
    build,
    mode,
    getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce, clientIp: req.ip ?? null }),
  }),
);

const server = app.listen(port, host, () => {
  console.log(`Fengqiao listening on http://localhost:${port} (${mode})`);
});
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  });
}
