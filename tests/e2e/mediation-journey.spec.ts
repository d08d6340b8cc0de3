import { expect, test, type Browser, type Page } from "@playwright/test";
import { chinaToday, login } from "./helpers";

/** A logged-in page in its own browser context (each user keeps their own session). */
async function as(browser: Browser, username: string, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await login(page, username);
  return page;
}

/** The number in one of the list page's figure cards (read from the summary counters). */
async function mediationFigure(page: Page, key: "accepted" | "concluded" | "successful") {
  const text = await page.getByTestId(`mfig-${key}`).getByRole("link").innerText();
  return Number(text.replace(/[^\d]/g, ""));
}

/** "调解成功 N 件" in the list's totals line (a recount of the filtered rows). */
async function totalSuccessful(page: Page) {
  const text = await page.getByTestId("filtered-totals").innerText();
  return Number(/调解成功 (\d+) 件/.exec(text)![1]);
}

const APPLICANT_ID = "11010519491231002X";
const RESPONDENT_ID = "142730198506153211";

test.describe("a mediator works a dispute from registration to follow-up", () => {
  // one dispute, step by step: each step is its own test (with its own time budget), in order, on the same pages
  test.describe.configure({ mode: "serial" });

  const today = chinaToday();
  const countyToday = `/mediations?unit=&dateField=concluded&from=${today}&to=${today}&status=success`;
  let bureau: Page;
  let page: Page;
  let figureBefore = 0;
  let totalBefore = 0;
  let marker = "";
  let caseNo = "";
  let url = "";
  let id = "";
  const terms = "一、被申请人于七日内拆除堵塞排水沟的围墙基础，恢复排水；二、被申请人赔偿申请人财产损失人民币叁仟元。";

  test.beforeAll(async ({ browser }) => {
    bureau = await as(browser, "linyi.bureau");
    page = await as(browser, "yishi.staff");
  });
  test.afterAll(async () => {
    await bureau?.context().close();
    await page?.context().close();
  });

  test("the county's settled disputes today, before", async () => {
    // the county's settled disputes concluded today, before: from the counters and from the list
    await bureau.goto(countyToday);
    await expect(bureau.getByTestId("mediation-figures")).toContainText("临猗县");
    figureBefore = await mediationFigure(bureau, "successful");
    totalBefore = await totalSuccessful(bureau);
  });

  test("registers the dispute: a wrong ID check digit is refused at its field, then it gets a case number", async () => {
    await page.goto("/mediations");
    await page.getByRole("link", { name: "受理登记" }).first().click();
    await expect(page.getByRole("heading", { name: "纠纷受理登记" })).toBeVisible();
    await expect(page.getByLabel("受理日期")).toHaveValue(today);
    await expect(page.locator("input[type=hidden][name=unitId]")).toHaveValue(/\d+/);

    await page.getByRole("radio", { name: "当事人申请" }).check();
    await page.getByRole("radio", { name: "邻里", exact: true }).check();
    marker = `宅前排水沟堵塞纠纷${Date.now()}`;
    await page.getByLabel("纠纷简要情况").fill(`${marker}：申请人称被申请人修建围墙堵塞排水沟，雨天积水进屋，要求恢复排水并赔偿损失。`);
    await page.getByLabel("涉及人数").fill("2");
    await page.getByLabel("涉及金额（元）").fill("5000");

    const applicant = page.getByRole("group", { name: "申请人 1", exact: true });
    await applicant.getByLabel("姓名").fill("张德福");
    await applicant.getByRole("radio", { name: "男" }).check();
    await applicant.getByLabel("民族").fill("汉族");
    await applicant.getByLabel("职业").fill("农民");
    await applicant.getByLabel("联系电话").fill("13835900001");
    await applicant.getByLabel("住址").fill("山西省临猗县猗氏镇城东村3组15号");
    // a wrong check digit is refused at the field, in Chinese
    await applicant.getByLabel("身份证号码").fill("110105194912310021");

    const respondent = page.getByRole("group", { name: "被申请人 1", exact: true });
    await respondent.getByLabel("姓名").fill("李建新");
    await respondent.getByRole("radio", { name: "男" }).check();
    await respondent.getByLabel("身份证号码").fill(RESPONDENT_ID);
    await respondent.getByLabel("联系电话").fill("13835900002");
    await respondent.getByLabel("住址").fill("山西省临猗县猗氏镇城东村3组17号");

    await page.getByRole("group", { name: "调解员", exact: true }).getByRole("checkbox").first().check();
    await page.getByRole("button", { name: "受理登记" }).click();
    await expect(applicant.getByText("身份证号码无效（18 位，校验位不符）")).toBeVisible();
    await expect(page).toHaveURL(/\/mediations\/new$/);

    await applicant.getByLabel("身份证号码").fill(APPLICANT_ID);
    await page.getByRole("button", { name: "受理登记" }).click();
    await expect(page.getByText("已受理登记，案号：")).toBeVisible();
    const heading = page.getByRole("heading", { level: 1 });
    await expect(heading).toHaveText(/^（\d{4}）猗氏调字第\d{4}号$/);
    caseNo = (await heading.innerText()).trim();
    expect(caseNo.startsWith(`（${today.slice(0, 4)}）`)).toBe(true);
    url = page.url().replace(/\?.*$/, "");
    id = /\/mediations\/(\d+)/.exec(url)![1];
  });

  test("personal data is masked until asked for; the full view is offered to staff", async () => {
    await page.goto(url);
    const parties = page.getByRole("region", { name: "当事人", exact: true });
    await expect(parties).toContainText("110105********002X");
    await expect(parties).not.toContainText(APPLICANT_ID);
    await page.getByRole("button", { name: "显示完整信息" }).click();
    await expect(parties).toContainText(APPLICANT_ID);
    await expect(parties).toContainText("13835900001");
  });

  test("the same applicant again: the likely duplicate is shown, nothing registered until the user decides", async () => {
    await page.goto("/mediations/new");
    await page.getByRole("radio", { name: "当事人申请" }).check();
    await page.getByRole("radio", { name: "邻里", exact: true }).check();
    await page.getByLabel("纠纷简要情况").fill("重复登记检查");
    await page.getByRole("group", { name: "申请人 1", exact: true }).getByLabel("姓名").fill("张德福");
    await page.getByRole("group", { name: "申请人 1", exact: true }).getByLabel("身份证号码").fill(APPLICANT_ID);
    await page.getByRole("group", { name: "被申请人 1", exact: true }).getByLabel("姓名").fill("李建新");
    await page.getByRole("group", { name: "调解员", exact: true }).getByRole("checkbox").first().check();
    await page.getByRole("button", { name: "受理登记" }).click();
    const warning = page.getByRole("alert").filter({ hasText: "发现可能重复登记的纠纷" });
    await expect(warning).toContainText(caseNo);
    await expect(page.getByRole("button", { name: "确认不是重复，继续登记" })).toBeVisible();
    await expect(page.getByLabel("纠纷简要情况")).toHaveValue("重复登记检查");
  });

  test("a session, then settled with a written agreement", async () => {
    // ---- a session ----
    await page.goto(url);
    const session = page.getByRole("form", { name: "记录调解过程" });
    await session.getByLabel("调解情况").fill("双方到场。调解员现场查看排水沟，双方同意由被申请人疏通并赔偿。");
    await session.getByRole("button", { name: "保存调解记录" }).click();
    await expect(page.getByText("已保存调解记录。")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 }).locator("..")).toContainText("调解中");

    // ---- concluded with a written agreement ----
    const conclude = page.getByRole("form", { name: "结案" });
    await conclude.getByRole("radio", { name: "调解成功" }).check();
    await expect(conclude.getByRole("radio", { name: "书面协议（协议书）" })).toBeChecked();
    await conclude.getByLabel("各方当事人责任").fill("被申请人修建围墙未预留排水通道，对积水损失负主要责任。");
    await conclude.getByLabel("协议内容").fill(terms);
    await conclude.getByLabel("协议金额（元）").fill("3000");
    await conclude.getByLabel("履行方式").fill("现金当场支付");
    await conclude.getByLabel("履行期限").fill(today);
    await conclude.getByRole("radio", { name: "即时履行" }).check();
    await conclude.getByRole("button", { name: "结案", exact: true }).click();
    await expect(page.getByText("已结案。")).toBeVisible();
    await expect(page.getByRole("region", { name: "调解结果", exact: true })).toContainText(terms);
  });

  test("the printable agreement", async () => {
    await page.goto(url);
    await page.getByRole("link", { name: "打印调解协议书" }).click();
    const doc = page.getByRole("article");
    await expect(doc.getByRole("heading", { name: "人民调解协议书" })).toBeVisible();
    await expect(doc).toContainText(caseNo);
    await expect(doc.getByRole("region", { name: "当事人", exact: true })).toContainText("张德福");
    await expect(doc.getByRole("region", { name: "当事人", exact: true })).toContainText(APPLICANT_ID);
    await expect(doc.getByRole("region", { name: "当事人", exact: true })).toContainText("李建新");
    await expect(doc.getByRole("region", { name: "纠纷主要事实、争议事项", exact: true })).toContainText(marker);
    await expect(doc.getByRole("region", { name: "各方当事人责任", exact: true })).toContainText("负主要责任");
    await expect(doc.getByRole("region", { name: "协议内容", exact: true })).toContainText(terms);
    await expect(doc.getByRole("region", { name: "履行方式和期限", exact: true })).toContainText("现金当场支付");
    await expect(doc.getByText("当事人（签名或盖章）：")).toBeVisible();
    await expect(doc.getByText("人民调解员（签名）：")).toBeVisible();
    // a signature line for each party and each mediator, the committee's seal and the date
    const partySigns = doc.getByRole("group", { name: "当事人签名", exact: true });
    await expect(partySigns).toContainText("申请人：张德福");
    await expect(partySigns).toContainText("被申请人：李建新");
    await expect(doc.getByRole("group", { name: "调解员签名", exact: true })).toContainText("调解员：");
    const seal = doc.getByRole("group", { name: "调解委员会盖章", exact: true });
    await expect(seal).toContainText("猗氏镇人民调解委员会（印章）");
    await expect(seal).toContainText(`${Number(today.slice(0, 4))}年${Number(today.slice(5, 7))}月${Number(today.slice(8, 10))}日`);
  });

  test("the follow-up visit", async () => {
    await page.goto(url);
    const visit = page.getByRole("form", { name: "登记回访" });
    await visit.getByRole("radio", { name: "已履行" }).check();
    await visit.getByRole("radio", { name: "满意", exact: true }).check();
    await visit.getByLabel("回访情况").fill("排水已恢复，赔偿款已付清，双方无异议。");
    await visit.getByRole("button", { name: "保存回访记录" }).click();
    await expect(page.getByText("已保存回访记录。")).toBeVisible();
    await expect(page.getByRole("region", { name: "回访记录", exact: true })).toContainText("排水已恢复");
    await expect(page.getByRole("link", { name: "打印回访记录" })).toBeVisible();
  });

  test("the county's figures: one more settled dispute concluded today", async () => {
    await bureau.goto(countyToday);
    expect(await mediationFigure(bureau, "successful")).toBe(figureBefore + 1);
    expect(await totalSuccessful(bureau)).toBe(totalBefore + 1);
    await expect(bureau.getByRole("row").filter({ hasText: caseNo })).toContainText("调解成功");
  });

  test("another township cannot open it", async ({ browser }) => {
    const other = await as(browser, "meiyang.staff");
    const response = await other.goto(`/mediations/${id}`);
    expect(response?.status()).toBe(404);
    await expect(other.getByText("页面不存在，或记录不在您的管辖范围内。")).toBeVisible();
    const print = await other.goto(`/mediations/${id}/print/agreement`);
    expect(print?.status()).toBe(404);
    await other.context().close();
  });
});

test.describe("registration without JavaScript", () => {
  test("without JavaScript an invalid ID number comes back from the server at its field, with everything typed kept", async ({ browser }) => {
    const page = await as(browser, "yishi.staff", false);
    await page.goto("/mediations/new");
    await page.getByRole("radio", { name: "主动调解" }).check();
    await page.getByLabel("纠纷简要情况").fill("无脚本登记：身份证校验");
    // a second applicant slot, by the server
    await page.getByRole("button", { name: "+ 添加申请人" }).click();
    await expect(page.getByRole("group", { name: "申请人 2", exact: true })).toBeVisible();
    await expect(page.getByLabel("纠纷简要情况")).toHaveValue("无脚本登记：身份证校验");
    await page.getByRole("group", { name: "申请人 1", exact: true }).getByLabel("姓名").fill("王小梅");
    await page.getByRole("group", { name: "申请人 1", exact: true }).getByLabel("身份证号码").fill("142730199001011238");
    await page.getByRole("group", { name: "被申请人 1", exact: true }).getByLabel("姓名").fill("赵大军");
    await page.getByRole("button", { name: "受理登记" }).click();
    await expect(page.getByRole("group", { name: "申请人 1", exact: true }).getByText("身份证号码无效（18 位，校验位不符）")).toBeVisible();
    await expect(page.locator("#f-disputeType-error")).toHaveText("请选择一项");
    await expect(page.getByRole("group", { name: "申请人 1", exact: true }).getByLabel("姓名")).toHaveValue("王小梅");
    await expect(page.getByRole("group", { name: "申请人 1", exact: true }).getByLabel("身份证号码")).toHaveValue("142730199001011238");
    await expect(page.getByLabel("纠纷简要情况")).toHaveValue("无脚本登记：身份证校验");
    await expect(page.getByRole("radio", { name: "主动调解" })).toBeChecked();
  });
});
