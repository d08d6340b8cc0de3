import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createCookieSessionStorage } from "@remix-run/node";
import { databaseEngine, databasePath, getEnv } from "./env.server";

/**
 * The secret that signs cookies: SESSION_SECRET, or a random one kept beside the database file (created once,
 * mode 0600) so that a fresh machine works without configuration and sessions survive restarts. On PostgreSQL,
 * which has no file, it is kept in `db/` under the working directory; servers on several machines must share
 * SESSION_SECRET (README › Deploying on PostgreSQL).
 */
function sessionSecret(): string {
  const env = getEnv();
  if (env.SESSION_SECRET) return env.SESSION_SECRET;
  const dir = databaseEngine() === "postgres" ? path.resolve("db") : path.dirname(path.resolve(databasePath()));
  const file = path.join(dir, ".session-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    // written whole to a temporary file, then linked into place: two processes starting at once end with one secret
    const secret = crypto.randomBytes(32).toString("hex");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, secret, { mode: 0o600 });
    try {
      fs.linkSync(tmp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
    return fs.readFileSync(file, "utf8").trim();
  }
}

export function secureCookies(): boolean {
  const env = getEnv();
  if (env.SECURE_COOKIES) return env.SECURE_COOKIES === "1";
  return env.NODE_ENV === "production";
}

type SessionData = { sid: string };
let storage: Awaited<ReturnType<typeof createCookieSessionStorage<SessionData>>> | undefined;
export function sessionStorage() {
  if (!storage) {
    const secure = secureCookies();
    storage = createCookieSessionStorage<SessionData>({
      cookie: {
        // under TLS the __Host- prefix makes the browser refuse the cookie unless it is Secure, for this host, path /
        name: secure ? "__Host-fq_session" : "__fq_session",
        httpOnly: true,
        sameSite: "lax",
        path: "/",
        secure,
        secrets: [sessionSecret()],
        maxAge: 60 * 60 * 12,
      },
    });
  }
  return storage;
}

export async function getSession(request: Request) {
  return sessionStorage().getSession(request.headers.get("Cookie"));
}
