import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { Jimp } from "jimp";
import { PDFDocument } from "pdf-lib";
import { getDb } from "~/utils/db.server";
import { auditLog } from "../../db/schema";
import { makeActor, makeMediator, makeTree, mediationData, ok } from "../../tests/factories";
import { concludeMediation, recordSession, registerMediation } from "./mediations.server";
import { uploadDocument } from "./documents.server";
import { buildCaseArchive } from "./case-archive.server";
import { MediationConcludeSchema } from "~/schemas/mediation";

beforeAll(() => {
  process.env.DOCUMENTS_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "fq-archive-"));
});


async function textOf(bytes: Uint8Array) {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => ("str" in it ? it.str : "")).join(""));
  }
  return { numPages: doc.numPages, pages };
}

describe("the case file archive (案卷归档)", () => {
  it("holds the forms in order, then the documents, with Chinese text that can be read back", async () => {
    const tree = await makeTree();
    const staff = await makeActor(tree.townA1, "staff");
    const writer = await makeActor(tree.countyA, "report_writer");
    const mediator = await makeMediator(tree.townA1.id);
    const registration = mediationData(tree.townA1.id, [mediator.id]);
    registration.parties[0].phone = "13812345678";
    const { id } = ok(await registerMediation({ actor: staff, data: registration }));
    ok(await recordSession({ actor: staff, id, version: 1, data: { heldOn: "2024-03-08", mediatorNames: "张调解", notes: "双方到场，陈述各自意见。" } as never }));
    ok(
      await concludeMediation({
        actor: staff,
        id,
        data: MediationConcludeSchema.parse({
          concludedOn: "2024-03-10",
          version: 2,
          result: "success",
          agreementForm: "written",
          agreementTerms: "被申请人于三日内疏通排水沟。",
          performance: "immediate",
        }),
      }),
    );
    // a scanned signed agreement (a photo) and a one-page PDF
    const photo = Buffer.from(await new Jimp({ width: 600, height: 800, color: 0xffffffff }).getBuffer("image/jpeg"));
    const one = await PDFDocument.create();
    one.addPage([300, 300]);
    const pdfBytes = Buffer.from(await one.save());
    const data = { caseKind: "mediation" as const, caseId: id, kind: "signed_agreement" as const, title: "签字的调解协议书" };
    ok(await uploadDocument({ actor: staff, data, fileName: "协议.jpg", bytes: photo }));
    ok(await uploadDocument({ actor: staff, data: { ...data, kind: "court_ruling", title: "司法确认裁定书" }, fileName: "裁定.pdf", bytes: pdfBytes }));

    const archive = ok(await buildCaseArchive({ actor: staff, caseKind: "mediation", caseId: id }));
    const { numPages, pages } = await textOf(archive.bytes);
    expect(numPages).toBe(archive.pages);
    const titles = ["人民调解申请书", "人民调解受理登记表", "人民调解笔录", "人民调解协议书"];
    // cover, four forms, the photo's page, the merged PDF's page
    expect(numPages).toBe(1 + titles.length + 2);
    expect(pages[0]).toContain("案");
    expect(pages[0]).toContain("卷内目录");
    titles.forEach((t, i) => expect(pages[i + 1]).toContain(t));
    expect(pages[4]).toContain("被申请人于三日内疏通排水沟");
    expect(pages[4]).toContain("（印章）");
    expect(pages[5]).toContain("签字的调解协议书");
    expect(archive.fileName).toMatch(/案卷\.pdf$/);

    const audited = await getDb().select().from(auditLog).where(and(eq(auditLog.action, "download_archive"), eq(auditLog.entityId, String(id)))).all();
    expect(audited).toHaveLength(1);
    expect(await buildCaseArchive({ actor: writer, caseKind: "mediation", caseId: id })).toMatchObject({ ok: false, status: 404 });
  });
});
