import { expect, test } from "@playwright/test";
import { chinaToday, login } from "./helpers";

test.describe("jurisdiction", () => {
  test("another township's staff cannot see a record, and a forged cross-jurisdiction POST is refused", async ({ browser }) => {
    // 猗氏镇 logs a consultation
    const yishi = await browser.newPage();
    await login(yishi, "yishi.staff");
    await yishi.goto("/consultations/new");
    await yishi.getByRole("radio", { name: "现场来访" }).check();
    await yishi.getByRole("radio", { name: "婚姻家庭" }).check();
    const summary = `仅本镇可见${Date.now()}`;
    await yishi.getByLabel("咨询摘要").fill(summary);
    await yishi.getByRole("button", { name: "保存并继续登记" }).click();
    const saved = yishi.getByRole("status").filter({ hasText: "已保存咨询记录" });
    const id = (await saved.innerText()).match(/#(\d+)/)![1];
    const yishiUnitId = await yishi.locator("input[type=hidden][name=unitId]").inputValue();

    // 嵋阳镇's staff: not in the list, not by address
    const meiyang = await browser.newPage();
    await login(meiyang, "meiyang.staff");
    await meiyang.goto(`/consultations?from=${chinaToday()}&to=${chinaToday()}`);
    await expect(meiyang.getByText(summary)).toHaveCount(0);
    const res = await meiyang.goto(`/consultations/${id}`);
    expect(res?.status()).toBe(404);
    await expect(meiyang.getByText(summary)).toHaveCount(0);
    // filtering by the other township's unit shows nothing either
    await meiyang.goto(`/consultations?unit=${yishiUnitId}`);
    await expect(meiyang.getByTestId("filtered-totals")).toContainText("0 条记录");

    // a forged form posting a record at 猗氏镇 from 嵋阳镇's session
    await meiyang.goto("/consultations/new");
    const forged = await meiyang.evaluate(async (unitId) => {
      const body = new URLSearchParams({
        date: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10),
        unitId,
        channel: "walk_in",
        topic: "labour",
        persons: "1",
        answeredBy: "伪造",
        nextStep: "answered",
        summary: "forged",
      });
      const r = await fetch("/consultations/new?_data=routes%2Fconsultations.new", { method: "POST", body });
      return { status: r.status, body: await r.text() };
    }, yishiUnitId);
    expect(forged.status).toBe(400);
    expect(forged.body).toContain("err.unitOutside");
    // editing 猗氏镇's record from 嵋阳镇 is refused too
    const forgedEdit = await meiyang.evaluate(async (id) => {
      const r = await fetch(`/consultations/${id}?_data=routes%2Fconsultations.%24id`, {
        method: "POST",
        body: new URLSearchParams({ intent: "void", reason: "x", version: "1" }),
      });
      return r.status;
    }, id);
    expect(forgedEdit).toBe(404);
    await yishi.goto(`/consultations/${id}`);
    await expect(yishi.getByText("该记录已作废")).toHaveCount(0);
  });

  test("a state-changing request from another site is refused", async ({ page, baseURL }) => {
    await login(page, "yishi.staff");
    const res = await page.request.post(`${baseURL}/consultations/new`, {
      headers: { Origin: "http://evil.example" },
      form: { date: "2024-01-01", unitId: "1", channel: "walk_in", topic: "labour", persons: "1", answeredBy: "x", nextStep: "answered" },
    });
    expect(res.status()).toBe(403);
    expect(await res.text()).toContain("跨站请求已被拒绝");
  });

  test("pages need a login", async ({ page }) => {
    await page.goto("/consultations");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Fconsultations/);
  });
});
