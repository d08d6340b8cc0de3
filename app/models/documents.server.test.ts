import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { Jimp } from "jimp";
import ExcelJS from "exceljs";
import { getDb } from "~/utils/db.server";
import { auditLog, documents, legalAidCases } from "../../db/schema";
import { legalAidData, makeActor, makeLegalAidCentre, makeMediator, makeTree, mediationData, ok } from "../../tests/factories";
import { registerMediation } from "./mediations.server";
import { applyLegalAid } from "./legal-aid.server";
import { caseDocuments, cleanFileName, missingDocsChecklist, openDocument, splitMissingDocs, uploadDocument, voidDocument } from "./documents.server";
import { sniffDocumentType, imageSize } from "~/utils/file-sniff.server";
import { DirectoryBlobStore, getBlobStore, sha256Of } from "~/utils/storage.server";
import type { DocumentUploadValues } from "~/schemas/document";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "fq-docs-"));
  process.env.DOCUMENTS_DIR = dir;
  delete process.env.MAX_UPLOAD_MB;
});

const filesIn = (d: string): string[] =>
  fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesIn(path.join(d, e.name)) : [path.join(d, e.name)]));


/** A minimal zip holding one stored entry (what Office files are): local header, data, central directory, end. */
function zipOf(name: string, content: string) {
  const n = Buffer.from(name);
  const d = Buffer.from(content);
  const crc = zlib.crc32(d);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(d.length, 18);
  local.writeUInt32LE(d.length, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(d.length, 20);
  central.writeUInt32LE(d.length, 24);
  central.writeUInt16LE(n.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + n.length, 12);
  end.writeUInt32LE(30 + n.length + d.length, 16);
  return Buffer.concat([local, n, d, central, n, end]);
}
const DOCX = () =>
  zipOf(
    "[Content_Types].xml",
    '<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
const PDF = (text = "x") => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);
const EXE = () => Buffer.concat([Buffer.from("MZ"), Buffer.alloc(200, 0x90)]);
const CFB = () => {
  const b = Buffer.alloc(1024);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(b);
  return b;
};
async function photo(w = 2000, h = 1500) {
  return Buffer.from(await new Jimp({ width: w, height: h, color: 0x3366ccff }).getBuffer("image/jpeg"));
}

async function setup() {
  const tree = await makeTree();
  const staff = await makeActor(tree.townA1, "staff");
  const head = await makeActor(tree.townA1, "centre_head");
  const countyBureau = await makeActor(tree.countyA, "bureau");
  const writer = await makeActor(tree.countyA, "report_writer");
  const admin = await makeActor(tree.countyA, "admin");
  const otherTown = await makeActor(tree.townB1, "staff");
  const mediator = await makeMediator(tree.townA1.id);
  const { id } = ok(await registerMediation({ actor: staff, data: mediationData(tree.townA1.id, [mediator.id]) }));
  return { tree, staff, head, countyBureau, writer, admin, otherTown, mediationId: id };
}

const upload = (s: Awaited<ReturnType<typeof setup>>, over: Partial<DocumentUploadValues> = {}): DocumentUploadValues => ({
  caseKind: "mediation",
  caseId: s.mediationId,
  kind: "signed_agreement",
  title: "",
  ...over,
});

describe("type sniffing", () => {
  it("decides the type from the content, not the name", async () => {
    expect(await sniffDocumentType(PDF(), "协议.jpg")).toMatchObject({ ok: true, mime: "application/pdf", ext: "pdf" });
    expect(await sniffDocumentType(await photo(10, 10), "scan.pdf")).toMatchObject({ ok: true, mime: "image/jpeg", image: true });
    const png = Buffer.from(await new Jimp({ width: 8, height: 8, color: 0xffffffff }).getBuffer("image/png"));
    expect(await sniffDocumentType(png)).toMatchObject({ ok: true, ext: "png" });
    expect(await sniffDocumentType(DOCX(), "x.bin")).toMatchObject({ ok: true, ext: "docx" });
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("台账").addRow(["姓名"]);
    expect(await sniffDocumentType(Buffer.from(await wb.xlsx.writeBuffer()))).toMatchObject({ ok: true, ext: "xlsx" });
    expect(await sniffDocumentType(CFB(), "旧表格.xls")).toMatchObject({ ok: true, ext: "xls", mime: "application/vnd.ms-excel" });
    expect(await sniffDocumentType(CFB(), "旧文书.doc")).toMatchObject({ ok: true, ext: "doc" });
  });
  it("refuses programs, plain text, empty files and cut-off containers", async () => {
    expect(await sniffDocumentType(EXE(), "协议书.pdf")).toEqual({ ok: false, error: "err.doc.type" });
    expect(await sniffDocumentType(Buffer.from("just some text"), "a.pdf")).toEqual({ ok: false, error: "err.doc.type" });
    expect(await sniffDocumentType(new Uint8Array(0))).toEqual({ ok: false, error: "err.doc.empty" });
    expect((await sniffDocumentType(DOCX().subarray(0, 40))).ok).toBe(false);
  });
  it("reads an image's size from its header", async () => {
    expect(imageSize(await photo(300, 200))).toEqual({ width: 300, height: 200 });
    expect(imageSize(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]))).toBeNull();
  });
});

describe("blob store", () => {
  it("stores the same bytes once, under their SHA-256", async () => {
    const store = new DirectoryBlobStore(dir);
    const a = await store.put(PDF("one"));
    const b = await store.put(PDF("one"));
    expect(a).toEqual({ sha256: sha256Of(PDF("one")), created: true });
    expect(b.created).toBe(false);
    expect(filesIn(dir)).toHaveLength(1);
    expect(await store.has(a.sha256)).toBe(true);
    expect((await store.get(a.sha256))!.equals(PDF("one"))).toBe(true);
    expect(await store.get("0".repeat(64))).toBeNull();
    expect(await store.get("../../etc/passwd")).toBeNull();
  });
});

describe("uploading", () => {
  it("attaches a photo with a view copy and a thumbnail, the original kept; the same file twice is stored once", async () => {
    const s = await setup();
    const bytes = await photo();
    const first = ok(await uploadDocument({ actor: s.staff, data: upload(s), fileName: "IMG_0001.jpg", bytes }));
    expect(first.sha256).toBe(sha256Of(bytes));
    const row = (await getDb().select().from(documents).where(eq(documents.id, first.id)).get())!;
    expect(row).toMatchObject({ mime: "image/jpeg", width: 2000, height: 1500, title: "签字的调解协议书", sizeBytes: bytes.length });
    expect(row.viewSha256).toBeTruthy();
    expect(row.thumbSha256).toBeTruthy();
    const original = await getBlobStore().get(row.sha256);
    expect(original!.equals(bytes)).toBe(true);
    const view = await getBlobStore().get(row.viewSha256!);
    expect(imageSize(view!)).toEqual({ width: 1600, height: 1200 });
    const countBefore = filesIn(dir).length;
    const second = ok(await uploadDocument({ actor: s.staff, data: upload(s, { kind: "evidence" }), fileName: "again.jpg", bytes }));
    expect(second.created).toBe(false);
    expect(filesIn(dir)).toHaveLength(countBefore);
    expect((await caseDocuments({ actor: s.staff, caseKind: "mediation", caseId: s.mediationId }))!.list.map((d) => d.kind)).toEqual(["signed_agreement", "evidence"]);
    const audits = await getDb().select().from(auditLog).where(and(eq(auditLog.entity, "document"), eq(auditLog.action, "upload_document"))).all();
    expect(audits.map((a) => Number(a.entityId))).toEqual([first.id, second.id]);
  });

  it("refuses bad files with a message for the field, storing nothing", async () => {
    const s = await setup();
    process.env.MAX_UPLOAD_MB = "1";
    const cases: [Uint8Array, string, string][] = [
      [Buffer.alloc(1024 * 1024 + 1, 1), "big.pdf", "err.doc.tooLarge:1"],
      [EXE(), "协议书.pdf", "err.doc.type"],
      [new Uint8Array(0), "empty.pdf", "err.doc.empty"],
      [Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 7)]), "broken.jpg", "err.doc.corruptImage"],
      [(await photo(400, 300)).subarray(0, 700), "cut.jpg", "err.doc.corruptImage"],
    ];
    for (const [bytes, fileName, error] of cases) {
      expect(await uploadDocument({ actor: s.staff, data: upload(s), fileName, bytes })).toMatchObject({ ok: false, status: 400, fieldErrors: { file: error } });
    }
    expect(await getDb().select().from(documents).where(eq(documents.caseId, s.mediationId)).all()).toHaveLength(0);
    expect(fs.existsSync(dir) ? filesIn(dir) : []).toHaveLength(0);
  });

  it("refuses uploads outside the actor's jurisdiction or role, and to a case that does not exist", async () => {
    const s = await setup();
    const data = upload(s);
    expect(await uploadDocument({ actor: s.otherTown, data, fileName: "a.pdf", bytes: PDF() })).toMatchObject({ ok: false, status: 404 });
    expect(await uploadDocument({ actor: s.writer, data, fileName: "a.pdf", bytes: PDF() })).toMatchObject({ ok: false, status: 403 });
    expect(await uploadDocument({ actor: s.countyBureau, data, fileName: "a.pdf", bytes: PDF() })).toMatchObject({ ok: false, status: 403 });
    expect(await uploadDocument({ actor: s.staff, data: { ...data, caseId: 999999 }, fileName: "a.pdf", bytes: PDF() })).toMatchObject({ ok: false, status: 404 });
    expect(await getDb().select().from(documents).where(eq(documents.caseId, s.mediationId)).all()).toHaveLength(0);
  });

  it("keeps a clean file name", () => {
    expect(cleanFileName("C:\\Users\\x\\协议\u0000书.pdf", "pdf")).toBe("协议书.pdf");
    expect(cleanFileName("", "jpg")).toBe("document.jpg");
  });
});

describe("seeing documents", () => {
  it("is for those who may see the case's personal data, audited; report writers and other townships see nothing", async () => {
    const s = await setup();
    const { id } = ok(await uploadDocument({ actor: s.staff, data: upload(s), fileName: "协议.pdf", bytes: PDF("signed") }));
    const got = ok(await openDocument({ actor: s.head, id, variant: "original", download: true, ip: "10.0.0.1" }));
    expect(got.bytes.equals(PDF("signed"))).toBe(true);
    expect(got).toMatchObject({ mime: "application/pdf", fileName: "协议.pdf", download: true });
    ok(await openDocument({ actor: s.countyBureau, id }));
    const trailOf = async () => await getDb().select().from(auditLog).where(and(eq(auditLog.entity, "document"), eq(auditLog.entityId, String(id)))).all();
    const trail = await trailOf();
    expect(trail.map((a) => [a.action, a.userId])).toEqual([
      ["upload_document", s.staff.id],
      ["download_document", s.head.id],
      ["view_document", s.countyBureau.id],
    ]);
    expect(trail[1].ip).toBe("10.0.0.1");

    expect(await openDocument({ actor: s.writer, id })).toMatchObject({ ok: false, status: 403, formError: "err.doc.forbidden" });
    expect(await openDocument({ actor: s.admin, id })).toMatchObject({ ok: false, status: 403 });
    expect(await openDocument({ actor: s.otherTown, id })).toMatchObject({ ok: false, status: 404 });
    expect(await openDocument({ actor: s.staff, id: id + 1000 })).toMatchObject({ ok: false, status: 404 });
    expect(await caseDocuments({ actor: s.writer, caseKind: "mediation", caseId: s.mediationId })).toBeNull();
    expect(await caseDocuments({ actor: s.otherTown, caseKind: "mediation", caseId: s.mediationId })).toBeNull();
    expect((await caseDocuments({ actor: s.countyBureau, caseKind: "mediation", caseId: s.mediationId }))!.can.attach).toBe(false);
    // refusals leave no audit entry pretending a view
    expect(await trailOf()).toHaveLength(3);
  });

  it("serves the small copies of a photo for viewing", async () => {
    const s = await setup();
    const { id } = ok(await uploadDocument({ actor: s.staff, data: upload(s), fileName: "p.jpg", bytes: await photo() }));
    const thumb = ok(await openDocument({ actor: s.staff, id, variant: "thumb" }));
    expect(imageSize(thumb.bytes)).toEqual({ width: 240, height: 180 });
    expect(thumb.download).toBe(false);
  });
});

describe("voiding", () => {
  it("keeps the document, marked, with the reason; only writers of the case may", async () => {
    const s = await setup();
    const { id } = ok(await uploadDocument({ actor: s.staff, data: upload(s), fileName: "错传.pdf", bytes: PDF("wrong") }));
    expect(await voidDocument({ actor: s.countyBureau, id, reason: "x" })).toMatchObject({ ok: false, status: 403 });
    expect(await voidDocument({ actor: s.otherTown, id, reason: "x" })).toMatchObject({ ok: false, status: 404 });
    ok(await voidDocument({ actor: s.staff, id, reason: "传错案件" }));
    expect(await voidDocument({ actor: s.staff, id, reason: "again" })).toMatchObject({ ok: false, status: 409 });
    const [d] = (await caseDocuments({ actor: s.staff, caseKind: "mediation", caseId: s.mediationId }))!.list;
    expect(d).toMatchObject({ id, voidReason: "传错案件", voidedByName: s.staff.displayName });
    expect(d.voidedAt).toBeTruthy();
    expect(await getBlobStore().has(sha256Of(PDF("wrong")))).toBe(true);
  });
});

describe("the legal aid missing-documents checklist", () => {
  it("splits the note into items and ticks those a document names", () => {
    expect(splitMissingDocs("1. 劳动合同复印件、经济困难证明；工资欠条")).toEqual(["劳动合同复印件", "经济困难证明", "工资欠条"]);
    expect(
      missingDocsChecklist("劳动合同复印件、经济困难证明", [
        { title: "经济困难证明", kind: "hardship_certificate", voidedAt: null },
        { title: "劳动合同复印件", kind: "evidence", voidedAt: "2024-01-01" },
      ]),
    ).toEqual([
      { item: "劳动合同复印件", done: false },
      { item: "经济困难证明", done: true },
    ]);
  });

  it("an uploaded 经济困难证明 ticks its item; the last one supplied completes the application", async () => {
    const tree = await makeTree();
    const centre = await makeLegalAidCentre(tree.countyA);
    const laStaff = await makeActor(centre, "staff");
    const { id } = ok(await applyLegalAid({ actor: laStaff, data: legalAidData(centre.id, { appliedOn: "2024-02-26", missingDocs: "经济困难证明、劳动合同复印件" }) }));
    const data = { caseKind: "legal_aid" as const, caseId: id, kind: "hardship_certificate" as const, title: "" };
    ok(await uploadDocument({ actor: laStaff, data, fileName: "证明.pdf", bytes: PDF("hardship") }));
    expect((await caseDocuments({ actor: laStaff, caseKind: "legal_aid", caseId: id }))!.checklist).toEqual([
      { item: "经济困难证明", done: true },
      { item: "劳动合同复印件", done: false },
    ]);
    expect((await getDb().select().from(legalAidCases).where(eq(legalAidCases.id, id)).get())!.completeOn).toBeNull();
    ok(await uploadDocument({ actor: laStaff, data: { ...data, kind: "evidence", title: "劳动合同复印件" }, fileName: "合同.pdf", bytes: PDF("contract") }));
    expect((await getDb().select().from(legalAidCases).where(eq(legalAidCases.id, id)).get())!.completeOn).toBeTruthy();
  });
});
