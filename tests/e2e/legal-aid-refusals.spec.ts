import { expect, test, type Browser, type Page } from "@playwright/test";
import { login } from "./helpers";

/** A page logged in as `username`, in its own browser context (two officers on one case). */
async function as(browser: Browser, username: string, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai", javaScriptEnabled });
  const page = await context.newPage();
  await login(page, username);
  return page;
}

/** The first case of the centre that is assigned (being handled), opened. */
async function openAssignedCase(page: Page) {
  await page.goto("/legal-aid?status=assigned");
  await page.getByRole("table").getByRole("link", { name: /援申/ }).first().click();
  await expect(page.getByTestId("la-status")).toHaveText("已指派·办理中");
  return page.url().replace(/\?.*$/, "");
}

async function closeCase(page: Page) {
  await page.getByText("结案", { exact: true }).first().click();
  const close = page.getByRole("form", { name: "结案" });
  await close.getByRole("radio", { name: "调解或和解结案" }).check();
  await close.getByLabel("挽回或避免经济损失（元）").fill("100");
  await close.getByLabel("结案报告").fill("双方和解，案件办结。");
  await close.getByRole("button", { name: "结案" }).click();
  await expect(page.getByText("已保存：结案")).toBeVisible({ timeout: 15_000 });
}

for (const javaScriptEnabled of [true, false]) {
  test(`a step refused because another officer closed the case says why and keeps the input (${javaScriptEnabled ? "with" : "without"} JavaScript)`, async ({
    browser,
  }) => {
    test.setTimeout(90_000);
    const first = await as(browser, "linyi.legalaid");
    const caseUrl = await openAssignedCase(first);
    // a second officer has the same case open, with its progress form
    const second = await as(browser, "linyi.legalaid", javaScriptEnabled);
    await second.goto(caseUrl);
    await expect(second.getByTestId("la-status")).toHaveText("已指派·办理中");
    await second.getByText("记录办理进展").click();
    const progress = second.getByRole("form", { name: "记录办理进展" });
    const note = `已与对方当事人电话沟通${Date.now() % 10000}，约定下周面谈。`;
    await progress.getByLabel("进展情况").fill(note);

    // the first officer closes the case meanwhile
    await closeCase(first);

    // the second officer's note is refused: the page says why and keeps what was typed
    await progress.getByRole("button", { name: "保存进展" }).click();
    await expect(second.getByText("案件已结案、终止或不予援助")).toBeVisible({ timeout: 15_000 });
    await expect(second.getByText(note)).toBeVisible();
    await expect(second.getByTestId("la-status")).toHaveText("已结案");
  });
}
