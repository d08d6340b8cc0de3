import { expect, test } from "@playwright/test";
import { ageOn } from "../../app/utils/resident-id";
import { withE2eDb } from "./e2e-db";
import { chinaToday, login } from "./helpers";

/**
 * Dispute registration, as 李强 (meiyang.staff) would use it: he is on his township's roster, so he is listed first
 * and already ticked; a typed ID number fills birth date, gender and age; the source and type he used last are
 * offered first and by one key next time.
 */
test.describe("registering a dispute takes fewer keys", () => {
  test.describe.configure({ mode: "serial" });

  test.beforeAll(() => {
    // arranged as the registry would hold it: 李强's own roster entry, linked to his account
    withE2eDb(
      (db) => {
        const user = db.prepare("SELECT id, unit_id FROM users WHERE username = 'meiyang.staff'").get() as { id: number; unit_id: number };
        const has = db.prepare("SELECT id FROM mediators WHERE user_id = ?").get(user.id);
        if (!has) db.prepare("INSERT INTO mediators (unit_id, name, full_time, user_id, start_on) VALUES (?, '李强', 1, ?, '2020-01-01')").run(user.unit_id, user.id);
      },
      { readonly: false },
    );
  });

  test("the current user is the first mediator, ticked; the ID number fills birth date, gender and age", async ({ page }) => {
    await login(page, "meiyang.staff");
    await page.goto("/mediations/new");
    const mediators = page.getByRole("group", { name: "调解员", exact: true });
    const first = mediators.getByRole("checkbox").first();
    await expect(first).toBeChecked();
    await expect(mediators.locator("label").first()).toContainText("李强");

    const applicant = page.getByRole("group", { name: "申请人 1", exact: true });
    await applicant.getByLabel("身份证号码").fill("11010519491231002X");
    await expect(applicant.getByLabel("出生日期")).toHaveValue("1949-12-31");
    await expect(applicant.getByRole("radio", { name: "女" })).toBeChecked();
    await expect(applicant.getByLabel("年龄")).toHaveValue(String(ageOn("1949-12-31", chinaToday())));
  });

  test("the last source and type come first next time, and the 同上次 button (Alt+L) picks both", async ({ page }) => {
    await login(page, "meiyang.staff");
    await page.goto("/mediations/new");
    await page.getByRole("group", { name: "纠纷来源" }).getByRole("radio", { name: "排查发现" }).check();
    const types = page.getByRole("group", { name: "纠纷类型" }).getByRole("radio");
    const lastType = types.nth(2);
    const lastTypeName = (await lastType.locator("xpath=..").innerText()).trim();
    await lastType.check();
    await page.getByLabel("纠纷简要情况").fill("邻里宅基地边界争议，双方要求确认界址。");
    await page.getByRole("group", { name: "申请人 1", exact: true }).getByLabel("姓名").fill("王春花");
    await page.getByRole("group", { name: "被申请人 1", exact: true }).getByLabel("姓名").fill("赵满仓");
    await page.getByRole("button", { name: "受理登记" }).last().click();
    await expect(page).toHaveURL(/\/mediations\/\d+\?registered=1/);

    await page.goto("/mediations/new");
    await expect(page.getByRole("group", { name: "纠纷来源" }).getByRole("radio").first()).toHaveAccessibleName("排查发现");
    await expect(page.getByRole("group", { name: "纠纷类型" }).getByRole("radio").first()).toHaveAccessibleName(lastTypeName);
    const same = page.getByRole("button", { name: /同上次：排查发现/ });
    await expect(same).toBeVisible();
    await expect(same).toHaveAttribute("accesskey", "l");
    await same.click();
    await expect(page.getByRole("group", { name: "纠纷来源" }).getByRole("radio", { name: "排查发现" })).toBeChecked();
    await expect(page.getByRole("group", { name: "纠纷类型" }).getByRole("radio", { name: lastTypeName, exact: true })).toBeChecked();
  });
});
