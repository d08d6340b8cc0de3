/**
 * Going live: `npm run setup` on an empty database for 临猗县 from the division codes, then the server; the new
 * administrator logs in with the printed one-time password, sees the 14 townships, adds the county centres from a
 * unit sheet and puts 运城市 above the county. Runs its own server on E2E_PORT + 100 with its own database.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100) + 100;
const BASE = `http://localhost:${PORT}`;
const DB = path.resolve(`tests/.tmp/setup-${PORT}.db`);
let server: ChildProcess | null = null;
let password = "";

test.beforeAll(async () => {
  test.setTimeout(120_000);
  for (const f of [DB, `${DB}-wal`, `${DB}-shm`]) fs.rmSync(f, { force: true });
  const env = { ...process.env, DATABASE_URL: DB };
  const setup = spawnSync("node_modules/.bin/tsx", ["db/setup.ts", "--region", "140821", "--admin", "linyi.admin", "--name", "张明"], { env, encoding: "utf8" });
  expect(setup.status, setup.stderr).toBe(0);
  password = /一次性密码：(\S+)/.exec(setup.stdout)?.[1] ?? "";
  expect(password).not.toBe("");
  // a second run is refused: users exist
  const again = spawnSync("node_modules/.bin/tsx", ["db/setup.ts", "--region", "140821", "--admin", "x.admin"], { env, encoding: "utf8" });
  expect(again.status).toBe(1);
  expect(again.stderr).toContain("数据库中已有 1 个用户账号，不能再次初始化");

  server = spawn(process.execPath, ["app/serve.js"], { env: { ...env, PORT: String(PORT), NODE_ENV: "production" }, stdio: "ignore" });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${BASE}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("the set-up server did not start");
    await new Promise((r) => setTimeout(r, 200));
  }
});

test.afterAll(() => {
  server?.kill("SIGTERM");
});

test("a new administrator sets up 临猗县 from the codes, logs in with the one-time password and finds the 14 townships", async ({ page }) => {
  await page.goto(`${BASE}/login`);
  await page.getByLabel("用户名").fill("linyi.admin");
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  // the one-time password must be replaced before anything else: every page leads to 账号安全 until then
  await expect(page.getByRole("heading", { name: "账号安全" })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText("您正在使用初始化时生成的一次性密码")).toBeVisible();
  await page.goto(`${BASE}/admin/units`);
  await expect(page.getByRole("heading", { name: "账号安全" })).toBeVisible();
  await page.getByLabel("当前密码").fill(password);
  await page.getByLabel("新密码", { exact: true }).fill("Linyi-county-orchard-2024");
  await page.getByLabel("再次输入新密码").fill("Linyi-county-orchard-2024");
  await page.getByRole("button", { name: "修改密码" }).click();
  await expect(page.getByText("密码已修改，其他设备上的登录已退出。")).toBeVisible();
  await expect(page.getByText("您正在使用初始化时生成的一次性密码")).toHaveCount(0);

  await page.goto(`${BASE}/admin/units`);
  await expect(page.getByRole("heading", { name: "单位管理" })).toBeVisible();
  await expect(page.getByText("共 299 个单位")).toBeVisible();
  const townships = page.getByRole("row").filter({ hasText: "乡镇（街道）" });
  await expect(townships).toHaveCount(14);
  await expect(townships.first()).toContainText("猗氏镇");
  await expect(page.getByRole("link", { name: "北景乡", exact: true })).toBeVisible();

  // the county centres come from a unit sheet: first with a wrong parent (refused, nothing added), then right
  await page.getByRole("link", { name: "导入单位表" }).click();
  await expect(page.getByRole("heading", { name: "导入单位表", exact: true })).toBeVisible();
  const sheet = (parent: string) => ({
    name: "单位表.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(
      [
        "单位代码,单位名称,简称,层级,类型,上级代码,设立日期,停用日期",
        `140821-GF01,临猗县公共法律服务中心,县公法中心,县（市、区）,公共法律服务中心,${parent},,`,
        "140821-FY01,临猗县法律援助中心,临猗法援,县（市、区）,法律援助中心,140821000000,,",
      ].join("\n"),
    ),
  });
  await page.getByLabel("单位表文件").setInputFiles(sheet("140899000000"));
  await page.getByRole("button", { name: "导入" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "未导入任何单位" })).toBeVisible();
  await expect(page.getByText("上级代码“140899000000”不存在：系统中和本表中都没有这个单位")).toBeVisible();
  await page.getByLabel("单位表文件").setInputFiles(sheet("140821000000"));
  await page.getByRole("button", { name: "导入" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已导入 2 个单位。" })).toBeVisible();

  // 运城市 above the county: the administrator moves up with it
  await page.goto(`${BASE}/admin/units`);
  await page.getByRole("link", { name: "新增顶级单位或上级单位" }).click();
  await expect(page.getByRole("heading", { name: "顶级单位", exact: true })).toBeVisible();
  await page.getByLabel("单位名称").fill("运城市");
  await page.getByLabel("单位代码").fill("140800000000");
  await page.getByLabel("层级").selectOption({ label: "市" });
  await page.getByRole("button", { name: "新增上级单位" }).click();
  await expect(page.getByText("已新增上级单位，现有单位树已移到其下。")).toBeVisible();
  await expect(page.getByText("共 302 个单位")).toBeVisible();
  await expect(page.getByRole("row").nth(1)).toContainText("运城市");
});
