import { expect, test, type Browser, type Page } from "@playwright/test";
import { chinaToday, login } from "./helpers";

/** A page logged in as `username`, in its own browser context (several people work on one case). */
async function as(browser: Browser, username: string, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai", javaScriptEnabled });
  const page = await context.newPage();
  await login(page, username);
  return page;
}

function addDays(day: string, n: number) {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The number in one figure of the legal aid figures block. */
async function laFigure(page: Page, key: string, part: "value" | "sub" = "value") {
  const text = await page.getByTestId(`la-fig-${key}`).locator(`.${part}`).innerText();
  return Number(text.replace(/[^\d.]/g, ""));
}

async function countyFigures(page: Page) {
  await page.goto("/legal-aid");
  await expect(page.getByRole("heading", { name: /临猗县 · \d{4}-01-01 至/ })).toBeVisible();
  return {
    applications: await laFigure(page, "applications"),
    granted: await laFigure(page, "granted"),
    beneficiaries: await laFigure(page, "beneficiaries"),
    special: await laFigure(page, "special"),
    closed: await laFigure(page, "closed"),
    recovered: await laFigure(page, "recovered", "sub"), // 元, with the 万元 above it
  };
}

test.describe("legal aid: from a township station's application to a closed case", () => {
  test("the station takes it, the county centre grants, assigns and closes it, and the county's figures move", async ({ browser }) => {
    test.setTimeout(240_000);
    const today = chinaToday();
    const bureau = await as(browser, "linyi.bureau");
    const before = await countyFigures(bureau);

    // 1. 猗氏镇 takes the application of a migrant worker owed wages
    const station = await as(browser, "yishi.staff");
    await station.goto("/legal-aid/new");
    await expect(station.getByRole("heading", { name: "受理法律援助申请" })).toBeVisible();
    await expect(station.getByLabel("申请日期")).toHaveValue(today);
    await expect(station.locator("input[type=hidden][name=receivedUnitId]")).toHaveValue(/\d+/);
    await expect(station.locator(".unit-picker-current")).toContainText("猗氏镇");
    const name = `樊${["建", "国", "民", "强", "伟"][Date.now() % 5]}工${Date.now() % 1000}`;
    const beneficiary = station.getByRole("group", { name: "受援人 1" });
    await beneficiary.getByLabel("姓名", { exact: true }).fill(name);
    await beneficiary.getByLabel("身份证号").fill("14082119800101001X");
    await expect(station.getByText("身份证号码无效")).toHaveCount(0);
    await beneficiary.getByLabel("联系电话").fill("13935912345");
    await beneficiary.getByRole("checkbox", { name: "农民工" }).check();
    await station.getByRole("group", { name: "案件类别" }).getByRole("radio", { name: "民事" }).check();
    await station.getByRole("group", { name: "诉讼/非诉讼" }).getByRole("radio", { name: "诉讼", exact: true }).check();
    await station.getByRole("group", { name: "援助形式" }).getByRole("radio", { name: "诉讼代理", exact: true }).check();
    await station.getByLabel("案由").fill("追索劳动报酬纠纷");
    await station.getByLabel("申请事项及理由").fill("在县城建筑工地务工被拖欠工资12345.6元，申请代理诉讼。");
    // exempting the means test for a group no beneficiary belongs to is refused, next to the field
    await station.getByRole("radio", { name: "免予核查经济困难状况" }).check();
    await station.getByLabel("免予核查的理由").selectOption({ label: "受援人属于免予核查的特定群体" });
    await station.getByLabel("受援人所属群体").selectOption({ label: "残疾人" });
    await station.getByRole("button", { name: "受理并转审查" }).click();
    await expect(station.getByText("受援人中没有属于该类别的人员，不能以此免予经济困难审查")).toBeVisible();
    await expect(station).toHaveURL(/\/legal-aid\/new/);
    await station.getByLabel("受援人所属群体").selectOption({ label: "农民工" });
    await station.getByRole("button", { name: "受理并转审查" }).click();
    await expect(station.getByText("已保存：受理申请")).toBeVisible();
    const heading = await station.getByRole("heading", { level: 1 }).innerText();
    const appNo = heading.match(/临猗援申〔\d{4}〕\d{4}号/)![0];
    const caseUrl = station.url().replace(/\?.*$/, "");
    await expect(station.getByTestId("la-status")).toHaveText("待审查");
    await expect(station.getByTestId("la-deadline")).toContainText(`审查期限至 ${addDays(today, 7)}`);
    // the station sees it, but the decision is the centre's
    await expect(station.getByRole("button", { name: "作出准予决定" })).toHaveCount(0);

    // 2. the county's legal aid centre finds it in its queue and grants it
    const centre = await as(browser, "linyi.legalaid");
    await centre.goto("/legal-aid?status=pending");
    await centre.getByRole("row").filter({ hasText: appNo }).getByRole("link", { name: appNo }).click();
    await expect(centre.getByRole("heading", { name: `法律援助案件 ${appNo}` })).toBeVisible();
    await expect(centre.getByText("猗氏镇").first()).toBeVisible();
    const grant = centre.getByRole("form", { name: "准予法律援助" });
    await expect(grant.getByLabel("决定日期")).toHaveValue(today);
    await grant.getByRole("button", { name: "作出准予决定" }).click();
    await expect(centre.getByText("已保存：准予法律援助")).toBeVisible();
    await expect(centre.getByTestId("la-status")).toHaveText("已准予·待指派");
    await expect(centre.getByTestId("la-deadline")).toContainText(`指派期限至 ${addDays(today, 3)}`);
    await expect(centre.getByText(/临猗援决〔\d{4}〕\d{4}号/)).toBeVisible();

    // 3. assigns a lawyer: not before the grant, then today
    const assign = centre.getByRole("form", { name: "指派承办人" });
    await assign.getByLabel("指派日期").fill(addDays(today, -1));
    await assign.getByLabel("承办人").selectOption({ index: 2 });
    await assign.getByRole("button", { name: "指派" }).click();
    await expect(assign.getByText("指派日期不能早于准予日期")).toBeVisible();
    await assign.getByLabel("指派日期").fill(today);
    await assign.getByRole("button", { name: "指派" }).click();
    await expect(centre.getByText("已保存：指派承办人")).toBeVisible();
    await expect(centre.getByTestId("la-status")).toHaveText("已指派·办理中");
    await expect(centre.getByText(/临猗援指〔\d{4}〕\d{4}号/).first()).toBeVisible();

    // 4. records progress and closes it with the recovered amount (a negative one is refused)
    await centre.getByText("记录办理进展").click();
    const progress = centre.getByRole("form", { name: "记录办理进展" });
    await progress.getByLabel("进展情况").fill("已向人民法院递交起诉状，法院已立案。");
    await progress.getByRole("button", { name: "保存进展" }).click();
    await expect(centre.getByText("已保存：记录办理进展")).toBeVisible();
    await centre.getByText("结案", { exact: true }).first().click();
    const close = centre.getByRole("form", { name: "结案" });
    await close.getByRole("radio", { name: "调解或和解结案" }).check();
    await close.getByLabel("挽回或避免经济损失（元）").fill("-5");
    await close.getByLabel("结案报告").fill("经承办律师主持调解，用人单位当庭支付全部欠薪。");
    await close.getByRole("button", { name: "结案" }).click();
    await expect(close.getByText("金额不能小于零")).toBeVisible();
    await close.getByLabel("挽回或避免经济损失（元）").fill("12345.60");
    await close.getByRole("button", { name: "结案" }).click();
    await expect(centre.getByText("已保存：结案")).toBeVisible();
    await expect(centre.getByTestId("la-status")).toHaveText("已结案");
    await expect(centre.getByText("12,345.6")).toBeVisible();

    // the printable decision carries the full data
    await centre.getByRole("link", { name: "打印给予法律援助决定书" }).click();
    await expect(centre.getByRole("heading", { name: "给予法律援助决定书" })).toBeVisible();
    await expect(centre.getByText(name).first()).toBeVisible();

    // 5. the county's figures moved, and the list by closing date today shows it
    const after = await countyFigures(bureau);
    expect(after.applications).toBe(before.applications + 1);
    expect(after.granted).toBe(before.granted + 1);
    expect(after.beneficiaries).toBe(before.beneficiaries + 1);
    expect(after.special).toBe(before.special + 1);
    expect(after.closed).toBe(before.closed + 1);
    expect(after.recovered).toBeCloseTo(before.recovered + 12345.6, 2);
    await bureau.goto(`/legal-aid?dateField=closed&from=${today}&to=${today}&status=closed`);
    await expect(bureau.getByRole("row").filter({ hasText: appNo })).toContainText("12,345.6");
    // the bureau sees masked ID numbers unless it asks (and the view is logged)
    await bureau.getByRole("link", { name: appNo }).click();
    await expect(bureau.getByTestId("la-beneficiaries")).toContainText("140821********001X");
    await bureau.getByRole("link", { name: "查看完整个人信息" }).click();
    await expect(bureau.getByTestId("la-beneficiaries")).toContainText("14082119800101001X");
    await expect(bureau.getByText("正在查看完整个人信息（已记录）。")).toBeVisible();
    expect(caseUrl).toContain("/legal-aid/");
  });

  test("the deadline board shows the case left unreviewed for 8 days", async ({ browser }) => {
    const centre = await as(browser, "linyi.legalaid");
    await centre.getByRole("link", { name: "法律援助", exact: true }).click();
    await centre.getByRole("link", { name: "期限看板" }).click();
    await expect(centre.getByRole("heading", { name: "法律援助期限看板" })).toBeVisible();
    const overdue = centre.locator("#overdueReview");
    const row = overdue.getByRole("row").filter({ hasText: "材料齐全已 8 日未审查" });
    await expect(row.first()).toBeVisible();
    await expect(row.first()).toContainText("猗氏镇");
    await expect(row.first()).toContainText("审查已超期 1 日");
    // the station that took it sees it on its board too
    const station = await as(browser, "yishi.staff");
    await station.goto("/legal-aid/deadlines");
    await expect(station.locator("#overdueReview").getByRole("row").filter({ hasText: "材料齐全已 8 日未审查" }).first()).toBeVisible();
  });

  test("works without JavaScript: a second beneficiary is added and errors come back in Chinese", async ({ browser }) => {
    const page = await as(browser, "yishi.staff", false);
    await page.goto("/legal-aid/new");
    await page.getByRole("group", { name: "受援人 1" }).getByLabel("姓名", { exact: true }).fill("张秀英");
    await page.getByRole("button", { name: "+ 添加受援人" }).click();
    await expect(page.getByRole("group", { name: "受援人 2" })).toBeVisible();
    await expect(page.getByRole("group", { name: "受援人 1" }).getByLabel("姓名", { exact: true })).toHaveValue("张秀英");
    await page.getByRole("group", { name: "受援人 2" }).getByLabel("身份证号").fill("123");
    await page.getByRole("button", { name: "受理并转审查" }).click();
    await expect(page.getByText("请修正标出的项目后再提交。")).toBeVisible();
    await expect(page.getByText("身份证号码无效（18 位，校验位不符）")).toBeVisible();
    await expect(page.locator("#f-caseType-error")).toHaveText("请选择一项");
    await expect(page).toHaveURL(/\/legal-aid\/new/);
  });
});
