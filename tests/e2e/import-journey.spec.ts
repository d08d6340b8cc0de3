import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { login } from "./helpers";

test.describe("an administrator imports a centre's spreadsheet", () => {
  test("downloads the template, uploads a file with two bad rows, fixes them, and the figures grow by exactly the imported rows", async ({ page }) => {
    await login(page, "linyi.admin");
    await page.getByRole("link", { name: "批量导入" }).click();
    await expect(page.getByRole("heading", { name: "批量导入" })).toBeVisible();

    // the CSV template: Chinese headers and a worked example row with a unit of the administrator's county
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "法律咨询.csv" }).click();
    const template = fs.readFileSync(await (await download).path()!, "utf8").replace(/^\uFEFF/, "");
    const [header, example] = template.trim().split(/\r?\n/);
    expect(header).toBe("外部编号,单位编码,咨询日期,咨询渠道,咨询事项,人数,人员类别,解答人,咨询摘要,处理结果");
    const unitCode = example.split(",")[1];

    const day = "2024-02-29";
    const figures = async () => {
      const res = await page.request.get(`/api/v1/consultations?from=${day}&to=${day}&pageSize=1`);
      expect(res.status()).toBe(200);
      const body = await res.json();
      return { total: body.total as number, personTimes: body.personTimes as number };
    };
    const before = await figures();

    const stamp = Date.now();
    const good = (i: number, persons: number) => `E2E-${stamp}-${i},${unitCode},${day},12348热线,劳动,${persons},农民工,导入测试,拖欠工资,已解答`;
    const rows = [example, good(1, 1), good(2, 2), `E2E-${stamp}-3,${unitCode},2024/2/29,微信,劳动,1,,导入测试,,已解答`, good(4, 3), `E2E-${stamp}-5,999999,${day},现场来访,劳动,1,,导入测试,,已解答`];
    const file = (lines: string[]) => ({ name: "咨询台账.csv", mimeType: "text/csv", buffer: Buffer.from(`\uFEFF${[header, ...lines].join("\r\n")}\r\n`) });

    await page.getByLabel(/选择文件/).setInputFiles(file(rows));
    await page.getByRole("button", { name: "上传并导入" }).click();
    const errors = page.getByRole("alert");
    await expect(errors).toContainText("未导入任何数据：发现 2 处问题");
    await expect(errors.getByRole("row", { name: /5 咨询渠道 “微信”不是可选值/ })).toBeVisible();
    await expect(errors.getByRole("row", { name: /7 单位编码 单位编码“999999”不存在/ })).toBeVisible();
    expect(await figures()).toEqual(before);

    // fixed: the channel chosen from the allowed values, the row's unit corrected
    rows[3] = rows[3].replace("微信", "网络");
    rows[5] = rows[5].replace("999999", unitCode);
    await page.getByLabel(/选择文件/).setInputFiles(file(rows));
    await page.getByRole("button", { name: "上传并导入" }).click();
    await expect(page.getByRole("status").filter({ hasText: "导入成功" })).toContainText("免费法律咨询 5 行");
    expect(await figures()).toEqual({ total: before.total + 5, personTimes: before.personTimes + 1 + 2 + 1 + 3 + 1 });

    // the same file again adds nothing, and names each row it left alone
    await page.getByLabel(/选择文件/).setInputFiles(file(rows));
    await page.getByRole("button", { name: "上传并导入" }).click();
    const again = page.getByRole("status").filter({ hasText: "没有导入新数据" });
    await expect(again).toContainText("5 行的外部编号已导入过");
    await expect(again.getByRole("row", { name: new RegExp(`外部编号“E2E-${stamp}-2”已导入过，本行未导入也未更改`) })).toBeVisible();
    expect(await figures()).toEqual({ total: before.total + 5, personTimes: before.personTimes + 8 });

    // a corrected row, uploaded with "update rows imported before": the record is corrected, the figures follow
    rows[2] = good(2, 4);
    await page.getByLabel(/选择文件/).setInputFiles(file(rows));
    await page.getByLabel("更新已导入的记录").check();
    await page.getByRole("button", { name: "上传并导入" }).click();
    const updated = page.getByRole("status").filter({ hasText: "已更新已导入的记录" });
    await expect(updated).toContainText("免费法律咨询 1 行");
    await expect(updated.getByRole("row", { name: new RegExp(`外部编号“E2E-${stamp}-2”已导入过，已按本行更新现有记录`) })).toBeVisible();
    expect(await figures()).toEqual({ total: before.total + 5, personTimes: before.personTimes + 10 });
  });
});
