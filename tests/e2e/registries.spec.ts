import { expect, test } from "@playwright/test";
import { chinaToday, login } from "./helpers";

test.use({ javaScriptEnabled: false });

const PAGE_SIZE = 50;

function yesterday() {
  return new Date(Date.parse(`${chinaToday()}T00:00:00Z`) - 86400_000).toISOString().slice(0, 10);
}

test("the county's roster of mediators is paged with its totals, and ending a term asks who and when, without JavaScript", async ({ page }) => {
  test.setTimeout(120_000);
  await login(page, "linyi.admin");
  await page.goto("/registries?kind=mediator");
  await expect(page.getByRole("heading", { name: "名册概况" })).toBeVisible();

  // the totals of the whole list, the same as the overview's figure, and paging instead of a silent cut
  const totals = page.getByTestId("registry-totals");
  const read = async () => {
    const m = /共 (\d+) 人（专职 (\d+) 人，兼职 (\d+) 人）/.exec(await totals.innerText())!;
    return { total: Number(m[1]), fullTime: Number(m[2]), partTime: Number(m[3]) };
  };
  const before = await read();
  expect(before.total).toBeGreaterThan(500);
  expect(before.fullTime + before.partTime).toBe(before.total);
  await expect(page.getByRole("row", { name: /人民调解员/ })).toContainText(`${before.total}人（其中专职${before.fullTime}名，兼职${before.partTime}名）`);
  const pages = Math.ceil(before.total / PAGE_SIZE);
  const list = page.getByRole("table", { name: "调解员" });
  await expect(page.getByText(`第 1 / ${pages} 页`)).toBeVisible();
  await expect(list.getByRole("row")).toHaveCount(PAGE_SIZE + 1);
  await page.getByRole("link", { name: "下一页 →" }).click();
  await expect(page.getByText(`第 2 / ${pages} 页`)).toBeVisible();
  await expect(list.getByRole("row")).toHaveCount(PAGE_SIZE + 1);

  // the last page holds the rest: nobody is cut off
  await page.goto(`/registries?kind=mediator&page=${pages}`);
  await expect(page.getByText(`第 ${pages} / ${pages} 页`)).toBeVisible();
  await expect(list.getByRole("row")).toHaveCount(before.total - (pages - 1) * PAGE_SIZE + 1);

  // 结束任职: first who and from when, then a confirmation
  await page.goto("/registries?kind=mediator&page=2");
  const row = list.getByRole("row").nth(1);
  const name = (await row.getByRole("cell").first().innerText()).trim();
  await row.getByRole("link", { name: "结束任职" }).click();
  const confirm = page.getByRole("form", { name: `结束任职：${name}` });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByLabel("终止日期")).toHaveValue(chinaToday());
  // nothing has changed yet; cancelling leaves it so
  await confirm.getByRole("link", { name: "取消" }).click();
  await expect(page.getByRole("form", { name: `结束任职：${name}` })).toHaveCount(0);
  expect((await read()).total).toBe(before.total);

  await page.getByRole("table", { name: "调解员" }).getByRole("row").nth(1).getByRole("link", { name: "结束任职" }).click();
  // a date before the term began is refused at the field, by the server, in Chinese
  await confirm.getByLabel("终止日期").fill("1990-01-01");
  await confirm.getByRole("button", { name: "确认结束任职" }).click();
  await expect(confirm.getByText("终止日期不能早于起始日期")).toBeVisible();
  expect((await read()).total).toBe(before.total);

  await confirm.getByLabel("终止日期").fill(yesterday());
  await confirm.getByRole("button", { name: "确认结束任职" }).click();
  await expect(page.getByText("已结束任职。")).toBeVisible();
  await expect(page.getByText(`第 2 / ${Math.ceil((before.total - 1) / PAGE_SIZE)} 页`)).toBeVisible();
  const after = await read();
  expect(after.total).toBe(before.total - 1);
});
