import { devices, expect, test, type Browser, type Page } from "@playwright/test";
import { Jimp } from "jimp";
import { login } from "./helpers";

/** A photo as a phone camera would give it (a small one: 800×600 JPEG). */
async function photo() {
  const img = new Jimp({ width: 800, height: 600, color: 0xf4f1e8ff });
  return Buffer.from(await img.getBuffer("image/jpeg"));
}

async function as(browser: Browser, username: string, phone = false): Promise<Page> {
  const context = await browser.newContext(phone ? { viewport: devices["Pixel 7"].viewport, isMobile: true, hasTouch: true } : {});
  const page = await context.newPage();
  await login(page, username);
  return page;
}

test("on a phone a mediator photographs the signed agreement and attaches it; a report writer cannot open it", async ({ browser }) => {
  test.slow(); // a long journey: three users, uploads, image copies made on the server
  const JPEG = await photo();
  const page = await as(browser, "yishi.staff", true);
  await page.goto("/mediations?status=success");
  await page.locator("td.c-case a").first().click();
  await expect(page.getByRole("heading", { name: "卷宗材料" })).toBeVisible();
  const caseUrl = new URL(page.url()).pathname;

  // a program renamed .pdf is refused, with the reason next to the field
  const upload = page.getByRole("form", { name: "上传材料" });
  await upload.getByLabel("文件（拍照或选择文件）").setInputFiles({ name: "协议书.pdf", mimeType: "application/pdf", buffer: Buffer.concat([Buffer.from("MZ"), Buffer.alloc(300, 0x90)]) });
  await upload.getByRole("button", { name: "上传", exact: true }).tap();
  await expect(page.getByRole("alert")).toContainText("不支持的文件类型");

  // the camera's photo of the signed agreement
  await page.getByRole("form", { name: "上传材料" }).getByLabel("材料类别").selectOption({ label: "签字的调解协议书" });
  await page.getByRole("form", { name: "上传材料" }).getByLabel("拍照上传").setInputFiles({ name: "IMG_20261130.jpg", mimeType: "image/jpeg", buffer: JPEG });
  await page.getByRole("form", { name: "上传材料" }).getByRole("button", { name: "上传", exact: true }).tap();
  await expect(page.getByText("材料已上传。")).toBeVisible();
  const list = page.getByRole("list", { name: "卷宗材料" });
  const thumb = list.getByRole("img", { name: "签字的调解协议书" }).last();
  await expect(thumb).toBeVisible();
  await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const href = await list.getByRole("link", { name: "下载原件" }).last().getAttribute("href");
  const docPath = href!.split("?")[0];

  // the original comes back byte for byte
  const own = await page.request.get(`${docPath}?v=original&dl=1`);
  expect(own.status()).toBe(200);
  expect(Buffer.from(await own.body()).equals(JPEG)).toBe(true);

  // bad requests are refused with a message, never a server error
  const caseId = caseUrl.split("/").pop();
  const post = (query: string, body: Buffer | string, contentType = "multipart/form-data; boundary=----x") =>
    page.request.post(`/documents/upload?${query}`, { headers: { "content-type": contentType }, data: body, maxRedirects: 0 });
  const refusedWith = async (r: Awaited<ReturnType<typeof post>>) => {
    expect(r.status()).toBe(303);
    return decodeURIComponent(new URL(r.headers()["location"]!, "http://x").searchParams.get("docError") ?? "");
  };
  // a body that is not multipart at all is refused by the server before any route runs (400, nothing stored)
  expect((await post(`caseKind=mediation&caseId=${caseId}`, "------x\r\nthis is not a multipart body")).status()).toBe(400);
  // 22 MB that is not a multipart body either: refused there too (the size limit itself is checked in documents.server.test.ts)
  expect((await post(`caseKind=mediation&caseId=${caseId}`, Buffer.alloc(22 * 1024 * 1024, 1))).status()).toBe(400);
  const forged = await page.request.post(`/documents/upload?caseKind=mediation&caseId=99999999`, {
    multipart: { kind: "evidence", file: { name: "a.jpg", mimeType: "image/jpeg", buffer: JPEG } },
    maxRedirects: 0,
  });
  expect(await refusedWith(forged)).toBe("err.notFound");
  expect((await page.request.get("/documents/99999999")).status()).toBe(404);

  // a report writer of the county sees the case de-identified, without documents, and cannot fetch one
  const writer = await as(browser, "linyi.writer");
  await writer.goto(caseUrl);
  await expect(writer.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(writer.getByRole("heading", { name: "卷宗材料" })).toHaveCount(0);
  const refused = await writer.request.get(`${docPath}?v=original&dl=1`);
  expect(refused.status()).toBe(403);
  expect(await refused.text()).toContain("无权查看");
  // another township's staff: as if it did not exist
  const other = await as(browser, "meiyang.staff");
  const hidden = await other.request.get(`${docPath}?v=view`);
  expect(hidden.status()).toBe(404);
  expect(await hidden.text()).toContain("不存在");
});

test("on a phone the centre head prints the added forms, grades the file (案卷评查) and downloads the whole case file as one PDF", async ({ browser }) => {
  test.slow(); // a long journey: two users, print pages, a PDF built on the server
  const head = await as(browser, "yishi.head", true);
  // a failed dispute: its 终止调解告知书, with the seal line
  await head.goto("/mediations?status=failed");
  await head.locator("td.c-case a").first().click();
  await expect(head.getByRole("heading", { name: "卷宗材料" })).toBeVisible();
  await head.getByRole("link", { name: "打印终止人民调解告知书" }).click();
  await expect(head.getByRole("heading", { name: "终止人民调解告知书" })).toBeVisible();
  await expect(head.getByText(/人民调解委员会（印章）/)).toBeVisible();
  await head.goBack();
  await head.getByRole("link", { name: "打印人民调解申请书" }).click();
  await expect(head.getByRole("heading", { name: "人民调解申请书" })).toBeVisible();
  await expect(head.getByText("申请人（签名或盖章）：").first()).toBeVisible();
  await head.goBack();

  // 案卷评查: a failing grade must name the faults; then a pass with one fault found
  const review = head.getByRole("form", { name: "案卷评查" });
  await review.getByRole("radio", { name: "不合格" }).check();
  await review.getByRole("button", { name: "保存评查结果" }).click();
  await expect(head.getByText("评为不合格时，请选择发现的问题")).toBeVisible();
  await head.getByRole("form", { name: "案卷评查" }).getByRole("radio", { name: "合格", exact: true }).check();
  await head.getByRole("form", { name: "案卷评查" }).getByRole("checkbox", { name: "回访不及时" }).check();
  await head.getByRole("form", { name: "案卷评查" }).getByRole("button", { name: "保存评查结果" }).click();
  await expect(head.getByText("评查结果已保存。")).toBeVisible();
  await expect(head.locator(".review-list")).toContainText("合格");
  // the grading form and the file's page fit the phone's width
  expect(await head.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  // the share reviewed per unit, over the last two years (the dispute concluded in one of them)
  let reviewed = 0;
  const thisYear = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
  for (const year of [thisYear, thisYear - 1]) {
    await head.goto(`/documents/reviews?year=${year}`);
    const total = head.getByTestId("review-summary").getByRole("row").last();
    await expect(total).toContainText("合计");
    // columns after the unit's name: concluded, reviewed, share, grades
    reviewed += Number(await total.getByRole("cell").nth(1).innerText());
  }
  expect(reviewed).toBeGreaterThanOrEqual(1);
  await head.goBack();
  await head.goBack();

  // the archive: a PDF, offered as a download
  const [download] = await Promise.all([head.waitForEvent("download"), head.getByRole("link", { name: "下载案卷（归档 PDF）" }).click()]);
  expect(download.suggestedFilename()).toMatch(/案卷\.pdf$/);
  const file = await download.path();
  const fs = await import("node:fs");
  expect(fs.readFileSync(file!).subarray(0, 5).toString()).toBe("%PDF-");

  // legal aid: a terminated case's 终止法律援助决定书
  const la = await as(browser, "linyi.legalaid");
  await la.goto("/legal-aid?status=terminated");
  await la.locator("table a[href^='/legal-aid/']").first().click();
  await la.getByRole("link", { name: "打印终止法律援助决定书" }).click();
  await expect(la.getByRole("heading", { name: "终止法律援助决定书" })).toBeVisible();
  await expect(la.getByText("法律援助中心（印章）")).toBeVisible();
});

test("the county bureau sees the file reviews (案卷评查) per township in monitoring and in last year's report, and opens the reviewed files", async ({ browser }) => {
  test.slow(); // monitoring, a report and two lists on a busy machine
  const lastYear = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4)) - 1;
  const bureau = await as(browser, "linyi.bureau", true);

  // monitoring: the share reviewed and the grades, per township, with the total last
  await bureau.goto(`/monitoring?year=${lastYear}`);
  const section = bureau.getByRole("region", { name: "调解案卷评查" });
  await expect(section).toBeVisible();
  const total = section.getByTestId("review-summary").getByRole("row").last();
  await expect(total).toContainText("合计");
  const reviewedCell = total.getByRole("cell").nth(1);
  expect(Number(await reviewedCell.innerText())).toBeGreaterThan(0);
  // down the tree: a township's own dashboard, its section as well
  await section.getByRole("link", { name: "猗氏镇", exact: true }).click();
  await expect(bureau.getByRole("heading", { level: 1 })).toHaveText(`猗氏镇 ${lastYear}年 目标完成情况`);
  await expect(bureau.getByRole("region", { name: "调解案卷评查" }).getByTestId("review-summary")).toContainText("合计");

  // the annual report: the sentence to paste, and each figure lists its files
  await bureau.goto(`/reports?from=${lastYear}-01-01&to=${lastYear}-12-31`);
  const report = bureau.getByRole("region", { name: "调解案卷评查" });
  await expect(report.getByTestId("file-review-sentence")).toContainText(`${lastYear}年，全县深入开展调解案卷大评查，共评查已结调解案卷`);
  const excellent = report.getByTestId("review-summary").getByRole("row").last().getByRole("cell").nth(3);
  const n = Number(await excellent.innerText());
  expect(n).toBeGreaterThan(0);
  await excellent.getByRole("link").click();
  await expect(bureau).toHaveURL(/\/mediations\?.*review=excellent/);
  await expect(bureau.getByTestId("filtered-totals")).toContainText(`符合条件：${n} 件`);
  await expect(bureau.getByLabel("案卷评查")).toHaveValue("excellent");
});
