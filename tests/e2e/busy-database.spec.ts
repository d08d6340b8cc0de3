// While another process (as `npm run import` does) holds the database's write lock, a write waits a bounded time
// and then answers 503 with a Chinese message — JSON for the API, the error page for a page — never a 500 (issue 10).
import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { E2E_DB } from "../playwright.config";
import { chinaToday, login } from "./helpers";

async function holdWriteLock() {
  const script = `
    const Database = require(${JSON.stringify(path.resolve("node_modules/better-sqlite3"))});
    const db = new Database(process.argv[1]);
    db.pragma("busy_timeout = 10000");
    db.exec("BEGIN IMMEDIATE");
    db.exec("CREATE TABLE IF NOT EXISTS held_lock (x)");
    process.stdout.write("locked\\n");
    process.stdin.once("data", () => { db.exec("ROLLBACK"); db.close(); process.exit(0); });
  `;
  const child = spawn(process.execPath, ["-e", script, E2E_DB], { stdio: ["pipe", "pipe", "inherit"] });
  let out = "";
  while (!out.includes("locked")) out += String(((await once(child.stdout!, "data")) as [Buffer])[0]);
  return async () => {
    child.stdin!.write("go\n");
    await once(child, "exit");
  };
}

test("writes during another process's long transaction answer 503 in Chinese, and go through afterwards", async ({ page }) => {
  test.setTimeout(120_000);
  await login(page, "yishi.staff");
  const list = await page.request.get("/api/v1/consultations?pageSize=1");
  const unitId = (await list.json()).data[0].unitId;
  const body = {
    date: chinaToday(),
    unitId,
    channel: "hotline",
    topic: "labour",
    persons: 1,
    categories: [],
    answeredBy: "12348热线",
    summary: "锁等待测试",
    nextStep: "answered",
  };
  await page.goto("/consultations/new");
  const release = await holdWriteLock();
  try {
    const api = await page.request.post("/api/v1/consultations", { data: body, timeout: 60_000 });
    expect(api.status()).toBe(503);
    expect(api.headers()["retry-after"]).toBeTruthy();
    expect(await api.json()).toMatchObject({ error: "busy", message: expect.stringContaining("请稍后重试") });
    // the page form says the same on the error page
    await page.getByRole("radio", { name: "来信" }).check();
    await page.getByRole("radio", { name: "土地" }).check();
    await page.getByLabel("咨询摘要").fill("锁等待页面测试");
    await page.getByRole("button", { name: "保存并继续登记" }).click();
    await expect(page.getByText("系统正忙（可能有批量导入正在进行），本次操作未保存，请稍后重试。")).toBeVisible({ timeout: 30_000 });
  } finally {
    await release();
  }
  const again = await page.request.post("/api/v1/consultations", { data: body });
  expect(again.status()).toBe(201);
});
