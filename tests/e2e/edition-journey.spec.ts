import { expect as baseExpect, test } from "@playwright/test";
import { login } from "./helpers";

// a busy machine (several test suites beside this one) may be many times slower: wait for what the user waits for,
// with room to spare
const expect = baseExpect.configure({ timeout: 30_000 });
test.describe.configure({ timeout: 240_000 });

test("a report writer freezes an edition; a later correction shows as a restatement while the edition stays byte for byte", async ({ browser }) => {
  const lastYear = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4)) - 1;
  const writer = await browser.newPage();
  await login(writer, "linyi.writer");
  // the title follows the period the writer moves to (issue 10: it kept this year's text)
  await writer.goto("/reports");
  await expect(writer.getByLabel("版本名称")).toHaveValue(new RegExp(`^临猗县${lastYear + 1}年.*统计数据（报送版）$`));
  await writer.getByRole("link", { name: "上年全年" }).click();
  await expect(writer.getByRole("heading", { level: 1 })).toHaveText(`临猗县 ${lastYear}年 统计报表`);
  await expect(writer.getByLabel("版本名称")).toHaveValue(`临猗县${lastYear}年统计数据（报送版）`);
  // a title naming another year is refused with a message next to the field, and can be corrected there
  await writer.getByLabel("版本名称").fill(`临猗县${lastYear + 1}年统计数据`);
  await writer.getByRole("button", { name: "冻结为报送版本" }).click();
  await expect(writer.getByRole("alert")).toContainText("版本名称中的年份与所选期间不符");
  const title = `${lastYear}年报送版（测试${Date.now()}）`;
  await writer.getByLabel("版本名称").fill(title);
  await writer.getByRole("button", { name: "冻结为报送版本" }).click();
  await expect(writer.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(writer.getByText("冻结后没有影响本版本数字的更正。")).toBeVisible();
  const editionUrl = writer.url();
  const frozenJson = await writer.evaluate(async (u) => (await fetch(`${u}/json`)).text(), editionUrl);
  const frozenPersonTimes = JSON.parse(frozenJson).indicators["consultation.personTimes"] as number;

  // a mediator at 猗氏镇 corrects one of last year's consultations: 3 more persons
  const staff = await browser.newPage();
  await login(staff, "yishi.staff");
  await staff.goto(`/consultations?from=${lastYear}-06-01&to=${lastYear}-06-30&channel=walk_in`);
  await staff.getByRole("row").nth(1).getByRole("link").first().click();
  const persons = staff.getByLabel("人数（人次）");
  const before = Number(await persons.inputValue());
  await persons.fill(String(before + 3));
  await staff.getByRole("button", { name: "保存", exact: true }).click();
  await expect(staff.getByText("已保存修改。")).toBeVisible();

  // the edition still says what was filed; the restatement shows the current figure and the record
  await writer.goto(editionUrl);
  const restatement = writer.getByTestId("restatement");
  const row = restatement.getByRole("row").filter({ hasText: "咨询人次" });
  await expect(row).toContainText(frozenPersonTimes.toLocaleString("zh-CN"));
  await expect(row).toContainText((frozenPersonTimes + 3).toLocaleString("zh-CN"));
  await expect(writer.getByRole("link", { name: /consultation #\d+/ })).toBeVisible();
  const jsonAfter = await writer.evaluate(async (u) => (await fetch(`${u}/json`)).text(), editionUrl);
  expect(jsonAfter).toBe(frozenJson);
});
