// Serving with several worker processes (issue 16): a log-in holds on whichever worker answers, a worker killed
// with kill -9 is replaced while the others keep serving, and SIGTERM ends the primary and every worker.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { E2E_DB } from "../playwright.config";
import { PASSWORD } from "./helpers";

/** The processes whose parent is `pid` (the cluster's workers). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const dir of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(dir)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${dir}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid) out.push(Number(dir));
    } catch {
      // ended meanwhile
    }
  }
  return out;
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !fs.readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z ");
  } catch {
    return false;
  }
};

test("two workers: sessions hold on both, a killed worker is replaced, SIGTERM stops them all", async () => {
  test.setTimeout(180_000);
  const port = Number(process.env.E2E_PORT ?? 3100) + 60;
  const base = `http://localhost:${port}`;
  const server = spawn(process.execPath, ["app/serve.js"], {
    cwd: path.resolve("."),
    env: { ...process.env, PORT: String(port), DATABASE_URL: E2E_DB, NODE_ENV: "production", SECURE_COOKIES: "0", WEB_CONCURRENCY: "2" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const primary = server.pid!;
  try {
    await expect.poll(async () => (await fetch(`${base}/healthz`).catch(() => null))?.status ?? 0, { timeout: 90_000 }).toBe(200);
    await expect.poll(() => childrenOf(primary).length, { timeout: 60_000 }).toBe(2);
    const workers = childrenOf(primary);

    const res = await fetch(`${base}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username: "linyi.writer", password: PASSWORD }),
    });
    expect(res.status).toBe(302);
    const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0];
    // new connections each time, so both workers answer some: every answer knows the user
    for (let i = 0; i < 8; i++) {
      const stats = await fetch(`${base}/api/v1/stats?from=2025-01-01&to=2025-12-31`, { headers: { Cookie: cookie, Connection: "close" } });
      expect(stats.status).toBe(200);
      expect((await stats.json()).unit.name).toBe("临猗县");
    }

    process.kill(workers[0], "SIGKILL");
    // the other worker keeps answering while a new one starts (a connection handed to the killed worker at that
    // instant is lost, as with any crash: each try gives up after 5 s)
    await expect
      .poll(async () => (await fetch(`${base}/healthz`, { headers: { Connection: "close" }, signal: AbortSignal.timeout(5000) }).catch(() => null))?.status ?? 0, {
        timeout: 60_000,
      })
      .toBe(200);
    await expect.poll(() => childrenOf(primary).filter((p) => p !== workers[0]).length, { timeout: 60_000 }).toBe(2);
    await expect
      .poll(async () => {
        const r = await fetch(`${base}/api/v1/stats?from=2025-01-01&to=2025-12-31`, { headers: { Cookie: cookie, Connection: "close" }, signal: AbortSignal.timeout(10_000) }).catch(() => null);
        return r?.status ?? 0;
      }, { timeout: 60_000 })
      .toBe(200);

    const now = childrenOf(primary);
    server.kill("SIGTERM");
    await expect.poll(() => [primary, ...now].filter(alive).length, { timeout: 30_000 }).toBe(0);
  } finally {
    if (alive(primary)) server.kill("SIGKILL");
  }
});
