// Account security as people meet it (issue 10): changing one's password, the idle log-out notice, two-factor
// log-in for a bureau account, no-store on personal pages, and the TLS settings (HSTS, __Host- cookie).
import { spawn } from "node:child_process";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test, type Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { E2E_DB } from "../playwright.config";
import { login, PASSWORD } from "./helpers";

test.describe.configure({ timeout: 120_000 });

async function logout(page: Page) {
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page.getByRole("heading", { name: "登录" })).toBeVisible();
}

test("a staff member changes their password from the navigation; the old one stops working", async ({ page }) => {
  await login(page, "meiyang.staff");
  await page.getByRole("link", { name: "账号安全" }).click();
  await expect(page.getByRole("heading", { name: "修改密码" })).toBeVisible();
  const form = page.locator("form").filter({ has: page.getByLabel("当前密码") });
  // a common password is refused with the reason at the field
  await form.getByLabel("当前密码").fill(PASSWORD);
  await form.getByLabel("新密码", { exact: true }).fill("password1234");
  await form.getByLabel("再次输入新密码").fill("password1234");
  await form.getByRole("button", { name: "修改密码" }).click();
  await expect(page.getByText("密码太常见或太容易猜到")).toBeVisible();
  const fresh = "梅阳 调解 春风 化雨";
  await form.getByLabel("当前密码").fill(PASSWORD);
  await form.getByLabel("新密码", { exact: true }).fill(fresh);
  await form.getByLabel("再次输入新密码").fill(fresh);
  await form.getByRole("button", { name: "修改密码" }).click();
  await expect(page.getByText("密码已修改")).toBeVisible();
  await logout(page);
  await page.getByLabel("用户名").fill("meiyang.staff");
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByText("用户名或密码错误")).toBeVisible();
  await login(page, "meiyang.staff", fresh);
  // back to the demo password so the account stays as the README says
  await page.goto("/settings/security");
  await form.getByLabel("当前密码").fill(fresh);
  await form.getByLabel("新密码", { exact: true }).fill(PASSWORD);
  await form.getByLabel("再次输入新密码").fill(PASSWORD);
  await form.getByRole("button", { name: "修改密码" }).click();
  await expect(page.getByText("密码已修改")).toBeVisible();
});

test("after a long idle time the next click leads to the log-in page, which says why", async ({ page }) => {
  await login(page, "wanrong.staff");
  const cookie = (await page.context().cookies()).find((c) => c.name.includes("fq_session"))!;
  expect(cookie).toBeTruthy();
  // the person left the desk: every session of the account is past its idle expiry
  const db = new Database(E2E_DB);
  db.prepare("UPDATE sessions SET expires_at = ? WHERE user_id = (SELECT id FROM users WHERE username = ?)").run(
    new Date(Date.now() - 60_000).toISOString(),
    "wanrong.staff",
  );
  db.close();
  await page.goto("/consultations");
  await expect(page).toHaveURL(/\/login\?/);
  await expect(page.getByText("因长时间未操作，已自动退出，请重新登录")).toBeVisible();
  await page.getByLabel("用户名").fill("wanrong.staff");
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/consultations/);
});

test("a bureau account turns on two-factor log-in, logs in with a code and a recovery code, and turns it off", async ({ page }) => {
  await login(page, "city.bureau");
  await page.getByRole("link", { name: "账号安全" }).click();
  await page.getByRole("button", { name: "开启两步验证" }).click();
  const secret = (await page.getByTestId("totp-secret").innerText()).trim();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await expect(page.getByText(/^otpauth:\/\/totp\//)).toBeVisible();
  const totp = new TOTP({ secret: Secret.fromBase32(secret) });
  await page.getByLabel("6 位动态码").fill(totp.generate());
  await page.getByRole("button", { name: "确认开启" }).click();
  await expect(page.getByText("恢复码（只显示这一次）")).toBeVisible();
  const codes = await page.getByTestId("recovery-codes").getByRole("listitem").allInnerTexts();
  expect(codes).toHaveLength(10);
  await logout(page);

  // the password alone no longer logs in: the code is asked next
  await page.getByLabel("用户名").fill("city.bureau");
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("heading", { name: "两步验证" })).toBeVisible();
  await page.goto("/consultations");
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("用户名").fill("city.bureau");
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.getByLabel("动态码或恢复码").fill("000000");
  await page.getByRole("button", { name: "验证并登录" }).click();
  await expect(page.getByText("动态码或恢复码不正确")).toBeVisible();
  // the code of the next period (the one used to enrol is never accepted again)
  await page.getByLabel("动态码或恢复码").fill(totp.generate({ timestamp: Date.now() + 30_000 }));
  await page.getByRole("button", { name: "验证并登录" }).click();
  await expect(page.getByRole("button", { name: "退出登录" })).toBeVisible();
  await logout(page);

  // a recovery code works once
  await page.getByLabel("用户名").fill("city.bureau");
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.getByLabel("动态码或恢复码").fill(codes[0]);
  await page.getByRole("button", { name: "验证并登录" }).click();
  await expect(page.getByRole("button", { name: "退出登录" })).toBeVisible();

  // turned off with the password
  await page.goto("/settings/security");
  await expect(page.getByText("剩余恢复码：9 个")).toBeVisible();
  await page.getByLabel("当前密码").last().fill(PASSWORD);
  await page.getByRole("button", { name: "关闭两步验证" }).click();
  await expect(page.getByText("两步验证已关闭。")).toBeVisible();
  await logout(page);
  await login(page, "city.bureau");
});

test("pages and API answers with personal data are never cached", async ({ page, baseURL }) => {
  await login(page, "yishi.staff");
  for (const url of ["/", "/consultations", "/mediations", "/settings/security"]) {
    const res = await page.request.get(url);
    expect(res.status(), url).toBe(200);
    expect(res.headers()["cache-control"], url).toBe("no-store");
  }
  const api = await page.request.get(`${baseURL}/api/v1/consultations?pageSize=1`);
  expect(api.headers()["cache-control"]).toContain("no-store");
});

test("behind TLS: HSTS for a year and a __Host- session cookie", async () => {
  const port = Number(process.env.E2E_PORT ?? 3100) + 50;
  const server = spawn(process.execPath, ["app/serve.js"], {
    cwd: path.resolve("."),
    env: { ...process.env, PORT: String(port), DATABASE_URL: E2E_DB, NODE_ENV: "production", HSTS: "1", SECURE_COOKIES: "1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    await expect
      .poll(async () => (await fetch(`http://localhost:${port}/healthz`).catch(() => null))?.status ?? 0, { timeout: 60_000 })
      .toBe(200);
    const page = await fetch(`http://localhost:${port}/login`);
    const hsts = page.headers.get("strict-transport-security") ?? "";
    expect(Number(/max-age=(\d+)/.exec(hsts)?.[1])).toBeGreaterThanOrEqual(31_536_000);
    const res = await fetch(`http://localhost:${port}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username: "linyi.writer", password: PASSWORD }),
    });
    expect(res.status).toBe(302);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^__Host-fq_session=/);
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*Path=\//i);
    expect(cookie).not.toMatch(/Domain=/i);
  } finally {
    server.kill("SIGTERM");
  }
});
