import { expect as baseExpect, test, type Browser, type Page } from "@playwright/test";
import { login } from "./helpers";

/** Generous waits: the suite must pass on a busy machine. */
const expect = baseExpect.configure({ timeout: 20_000 });

/** A logged-in page in its own browser context. */
async function as(browser: Browser, username: string, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai", javaScriptEnabled });
  const page = await context.newPage();
  await login(page, username);
  return page;
}

/** A valid resident ID number for a birth date (an odd `seq` ends in a man), made unique per run by the area code. */
function residentId(birthDate: string, seq: string) {
  const area = `1408${String(10 + (Date.now() % 90))}`;
  const body = `${area}${birthDate.replaceAll("-", "")}${seq}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((a, d, i) => a + Number(d) * w[i], 0);
  return body + "10X98765432"[sum % 11];
}

/** The matter and the means test of a legal aid application. */
async function fillMatter(page: Page) {
  await page.getByRole("group", { name: "案件类别" }).getByRole("radio", { name: "民事" }).check();
  await page.getByRole("group", { name: "诉讼/非诉讼" }).getByRole("radio", { name: "诉讼", exact: true }).check();
  await page.getByRole("group", { name: "援助形式" }).getByRole("radio", { name: "诉讼代理", exact: true }).check();
  await page.getByLabel("案由").fill("追索劳动报酬纠纷");
  await page.getByLabel("申请事项及理由").fill("被拖欠工资，申请代理诉讼。");
  await page.getByRole("radio", { name: "个人诚信承诺（经济困难）" }).check();
}

test.describe("a person's ID number fills the birth date and gender, and a contradiction is refused", () => {
  test("mediation registration: typed ID fills the party's birth date and gender; a future birth date is refused next to the field", async ({ browser }) => {
    test.setTimeout(90_000);
    const page = await as(browser, "yishi.staff");
    await page.goto("/mediations/new");
    await expect(page.getByRole("heading", { name: "纠纷受理登记" })).toBeVisible();
    const applicant = page.getByRole("group", { name: "申请人 1", exact: true });
    await applicant.getByRole("radio", { name: "男" }).check();
    await applicant.getByLabel("身份证号码").fill(residentId("1962-07-15", "224"));
    await expect(applicant.getByLabel("出生日期")).toHaveValue("1962-07-15");
    await expect(applicant.getByRole("radio", { name: "女" })).toBeChecked();

    const respondent = page.getByRole("group", { name: "被申请人 1", exact: true });
    await respondent.getByLabel("姓名").fill("李建新");
    await respondent.getByLabel("出生日期").fill("2999-01-01");
    await page.getByRole("button", { name: "受理登记" }).click();
    await expect(respondent.getByText("出生日期不能晚于今天")).toBeVisible();
    await expect(page).toHaveURL(/\/mediations\/new$/);
  });

  test("legal aid intake: typed ID fills the beneficiary's birth date and gender; a 未成年人 born in 1960 is refused", async ({ browser }) => {
    test.setTimeout(90_000);
    const page = await as(browser, "yishi.staff");
    await page.goto("/legal-aid/new");
    await expect(page.getByRole("heading", { name: "受理法律援助申请" })).toBeVisible();
    const beneficiary = page.getByRole("group", { name: "受援人 1" });
    await beneficiary.getByLabel("姓名", { exact: true }).fill("郭桂兰");
    await beneficiary.getByLabel("身份证号").fill(residentId("1960-04-02", "222"));
    await expect(beneficiary.getByLabel("出生日期")).toHaveValue("1960-04-02");
    await expect(beneficiary.getByLabel("性别")).toHaveValue("female");
    await beneficiary.getByRole("checkbox", { name: "未成年人" }).check();
    await fillMatter(page);
    await page.getByRole("button", { name: "受理并转审查" }).click();
    await expect(beneficiary.getByText("按出生日期，申请日已满 18 周岁，不属于未成年人")).toBeVisible();
    await expect(page).toHaveURL(/\/legal-aid\/new/);
  });

  test("legal aid intake without JavaScript: the same person applying twice is warned, and taken once confirmed", async ({ browser }) => {
    test.setTimeout(120_000);
    const page = await as(browser, "yishi.staff", false);
    const id = residentId("1975-09-09", "131");
    const apply = async () => {
      await page.goto("/legal-aid/new");
      await expect(page.getByRole("heading", { name: "受理法律援助申请" })).toBeVisible();
      const beneficiary = page.getByRole("group", { name: "受援人 1" });
      await beneficiary.getByLabel("姓名", { exact: true }).fill("樊志刚");
      await beneficiary.getByLabel("身份证号").fill(id);
      await beneficiary.getByRole("checkbox", { name: "农民工" }).check();
      await fillMatter(page);
      await page.getByRole("button", { name: "受理并转审查" }).click();
    };
    await apply();
    await expect(page.getByText("已保存：受理申请")).toBeVisible();
    const appNo = (await page.getByRole("heading", { level: 1 }).innerText()).match(/临猗援申〔\d{4}〕\d{4}号/)![0];
    // without JavaScript the server read the gender from the number
    await expect(page.getByTestId("la-beneficiaries")).toContainText(/樊志刚\s*·\s*男/);

    await apply();
    const warning = page.getByRole("alert").filter({ hasText: "发现可能重复的法律援助申请" });
    await expect(warning).toContainText(appNo);
    await expect(warning).toContainText("樊志刚");
    await expect(page.getByLabel("案由")).toHaveValue("追索劳动报酬纠纷");
    await page.getByRole("button", { name: "确认不是重复，继续受理" }).click();
    await expect(page.getByText("已保存：受理申请")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).not.toContainText(appNo);
  });
});
