/**
 * Documents of a case file (卷宗材料): uploads, listing, viewing and voiding. The bytes go to the blob store
 * (content-addressed by SHA-256, app/utils/storage.server.ts); the rows here say which case they belong to.
 *
 * Who may see a case's documents is who may see its personal data: the case's read permission, `read:personal`,
 * and the case in the actor's jurisdiction (report writers and administrators see none). Who may write the case
 * may attach and void. Every view and download is audited; nothing is erased.
 */
import { and, asc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { consultations, documents, legalAidCases, mediations, units, users } from "../../db/schema";
import { getDb, type Executor } from "~/utils/db.server";
import { audit } from "~/utils/audit.server";
import { can, inJurisdiction, type Actor, type Permission } from "~/utils/permissions";
import { maxUploadBytes } from "~/utils/env.server";
import { sniffDocumentType } from "~/utils/file-sniff.server";
import { imageVariants } from "~/utils/images.server";
import { getBlobStore } from "~/utils/storage.server";
import { todayInChina } from "~/utils/dates";
import { DOCUMENT_KINDS, splitMissingDocs, type DocumentCaseKind, type DocumentUploadValues } from "~/schemas/document";

export { splitMissingDocs };
import { fail, type Result } from "./units.server";
import { markApplicationComplete } from "./legal-aid.server";
import { listFileReviews } from "./file-reviews.server";

const READ: Record<DocumentCaseKind, Permission> = { mediation: "read:mediation", legal_aid: "read:legal-aid", consultation: "read:consultation" };
const WRITE: Record<DocumentCaseKind, Permission> = { mediation: "write:mediation", legal_aid: "write:legal-aid", consultation: "write:consultation" };

type CaseInfo = {
  kind: DocumentCaseKind;
  id: number;
  unitId: number;
  /** the unit paths whose subtrees see the case (a legal aid case: its centre and the unit that took it) */
  paths: string[];
  voided: boolean;
  label: string;
};

const receivedUnits = alias(units, "received_units");

/** The case a document hangs on, wherever it is (callers check the actor's reach). */
export async function locateCase(db: Executor, kind: DocumentCaseKind, id: number): Promise<CaseInfo | null> {
  if (kind === "mediation") {
    const r = await db
      .select({ unitId: mediations.unitId, caseNo: mediations.caseNo, voidedAt: mediations.voidedAt, path: units.path })
      .from(mediations)
      .innerJoin(units, eq(units.id, mediations.unitId))
      .where(eq(mediations.id, id))
      .get();
    return r ? { kind, id, unitId: r.unitId, paths: [r.path], voided: !!r.voidedAt, label: r.caseNo } : null;
  }
  if (kind === "legal_aid") {
    const r = await db
      .select({
        unitId: legalAidCases.unitId,
        no: legalAidCases.appNo,
        voidedAt: legalAidCases.voidedAt,
        path: units.path,
        receivedPath: receivedUnits.path,
      })
      .from(legalAidCases)
      .innerJoin(units, eq(units.id, legalAidCases.unitId))
      .innerJoin(receivedUnits, eq(receivedUnits.id, legalAidCases.receivedUnitId))
      .where(eq(legalAidCases.id, id))
      .get();
    return r ? { kind, id, unitId: r.unitId, paths: [r.path, r.receivedPath], voided: !!r.voidedAt, label: r.no } : null;
  }
  const r = await db
    .select({ unitId: consultations.unitId, date: consultations.date, voidedAt: consultations.voidedAt, path: units.path })
    .from(consultations)
    .innerJoin(units, eq(units.id, consultations.unitId))
    .where(eq(consultations.id, id))
    .get();
  return r ? { kind, id, unitId: r.unitId, paths: [r.path], voided: !!r.voidedAt, label: r.date } : null;
}

const inReach = (actor: Actor, c: CaseInfo) => c.paths.some((p) => inJurisdiction(actor, p));

/** May the actor see this case's documents? (the rule of the case's personal data) */
export function maySeeDocuments(actor: Actor, c: CaseInfo): boolean {
  return can(actor, READ[c.kind]) && can(actor, "read:personal") && can(actor, "read:summary-text") && inReach(actor, c);
}
/** May the actor attach to (and void documents of) this case? */
export function mayAttachDocuments(actor: Actor, c: CaseInfo): boolean {
  return maySeeDocuments(actor, c) && can(actor, WRITE[c.kind]) && !c.voided;
}

// ---- the missing-documents checklist (法律援助 一次性告知) --------------------------------------------------

/** Each missing item, ticked when a live document's title (or kind) names it. */
export function missingDocsChecklist(note: string | null | undefined, docs: { title: string; kind: string; voidedAt: string | null }[]) {
  const names = docs.filter((d) => !d.voidedAt).flatMap((d) => [d.title, DOCUMENT_KINDS.label(d.kind)].filter(Boolean));
  return splitMissingDocs(note).map((item) => ({ item, done: names.some((n) => n.includes(item) || item.includes(n)) }));
}

// ---- reading --------------------------------------------------------------------------------------------------

export type DocumentListItem = Awaited<ReturnType<typeof listDocumentRows>>[number];

async function listDocumentRows(db: Executor, kind: DocumentCaseKind, caseId: number) {
  const voidedBy = alias(users, "voided_by");
  return (await db
    .select({
      id: documents.id,
      kind: documents.kind,
      title: documents.title,
      fileName: documents.fileName,
      mime: documents.mime,
      ext: documents.ext,
      sizeBytes: documents.sizeBytes,
      hasThumb: documents.thumbSha256,
      width: documents.width,
      height: documents.height,
      createdAt: documents.createdAt,
      uploadedByName: users.displayName,
      voidedAt: documents.voidedAt,
      voidReason: documents.voidReason,
      voidedByName: voidedBy.displayName,
    })
    .from(documents)
    .innerJoin(users, eq(users.id, documents.uploadedById))
    .leftJoin(voidedBy, eq(voidedBy.id, documents.voidedById))
    .where(and(eq(documents.caseKind, kind), eq(documents.caseId, caseId)))
    .orderBy(asc(documents.id))
    .all())
    .map((d) => ({ ...d, hasThumb: !!d.hasThumb, isImage: d.mime.startsWith("image/") }));
}

/**
 * The documents section of a case page: the list (voided ones marked), what the actor may do, and for a legal
 * aid application with documents listed missing, the checklist. Null when the actor may not see documents.
 */
export async function caseDocuments({ actor, caseKind, caseId }: { actor: Actor; caseKind: DocumentCaseKind; caseId: number }) {
  const db = getDb();
  const c = await locateCase(db, caseKind, caseId);
  if (!c || !maySeeDocuments(actor, c)) return null;
  const list = await listDocumentRows(db, caseKind, caseId);
  let checklist: { item: string; done: boolean }[] = [];
  if (caseKind === "legal_aid") {
    const la = await db.select({ missingDocs: legalAidCases.missingDocs, missingDocsOn: legalAidCases.missingDocsOn }).from(legalAidCases).where(eq(legalAidCases.id, caseId)).get();
    if (la?.missingDocsOn) checklist = missingDocsChecklist(la.missingDocs, list);
  }
  return {
    caseKind,
    caseId,
    list,
    checklist,
    /** 案卷评查 of a mediation file */
    review: caseKind === "mediation" ? await listFileReviews({ actor, mediationId: caseId }) : null,
    maxMb: Math.round(maxUploadBytes() / 1024 / 1024),
    can: { attach: mayAttachDocuments(actor, c), void: mayAttachDocuments(actor, c) },
  };
}

export type DocumentVariant = "original" | "view" | "thumb";

/**
 * The bytes of a document for viewing or downloading, audited. A forged id and a document outside the actor's
 * reach both answer 404; a role that may never see documents answers 403 before anything is looked up.
 */
export async function openDocument({
  actor,
  id,
  variant = "original",
  download = false,
  ip,
}: {
  actor: Actor;
  id: number;
  variant?: DocumentVariant;
  download?: boolean;
  ip?: string | null;
}): Promise<Result<{ bytes: Buffer; mime: string; fileName: string; download: boolean }>> {
  if (!can(actor, "read:personal") || !can(actor, "read:summary-text")) return fail(403, {}, "err.doc.forbidden");
  const db = getDb();
  const d = await db.select().from(documents).where(eq(documents.id, id)).get();
  if (!d) return fail(404, {}, "err.doc.notFound");
  const c = await locateCase(db, d.caseKind as DocumentCaseKind, d.caseId);
  if (!c || !maySeeDocuments(actor, c)) return fail(404, {}, "err.doc.notFound");
  const sha = (variant === "thumb" && (d.thumbSha256 ?? d.viewSha256)) || (variant !== "original" && d.viewSha256) || d.sha256;
  const bytes = await getBlobStore().get(sha);
  if (!bytes) return fail(404, {}, "err.doc.missingBlob");
  const served = sha === d.sha256 ? "original" : variant;
  await db.transaction(async (tx) =>
    await audit(tx, {
      userId: actor.id,
      action: download ? "download_document" : "view_document",
      entity: "document",
      entityId: id,
      unitId: c.unitId,
      after: { caseKind: c.kind, caseId: c.id, variant: served },
      ip,
    }),
  );
  const isOriginal = sha === d.sha256;
  return {
    ok: true,
    value: {
      bytes,
      mime: isOriginal ? d.mime : "image/jpeg",
      fileName: isOriginal ? d.fileName : d.fileName.replace(/\.[^.]*$/, "") + `-${served}.jpg`,
      // office files cannot be shown in a browser: always a download
      download: download || !(d.mime === "application/pdf" || d.mime.startsWith("image/")),
    },
  };
}

// ---- writing ----------------------------------------------------------------------------------------------------

/** Cleans a file name from a device: no path, no control characters, at most 120 characters. */
export function cleanFileName(name: string, ext: string): string {
  const base = (name.split(/[\\/]/).pop() ?? "")
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, "")
    .trim()
    .slice(0, 120);
  return base || `document.${ext}`;
}

/**
 * Attaches a file to a case. Refused (nothing stored) when the actor may not write the case, the file is empty or
 * over the limit, its content is not an allowed type, or an image does not decode. Identical bytes are stored once.
 */
export async function uploadDocument({
  actor,
  data,
  fileName,
  bytes,
  ip,
}: {
  actor: Actor;
  data: DocumentUploadValues;
  fileName: string;
  bytes: Uint8Array;
  ip?: string | null;
}): Promise<Result<{ id: number; sha256: string; created: boolean }>> {
  const db = getDb();
  if (!can(actor, WRITE[data.caseKind])) return fail(403, {}, "err.doc.forbidden");
  const c = await locateCase(db, data.caseKind, data.caseId);
  if (!c || !inReach(actor, c) || !can(actor, READ[data.caseKind])) return fail(404, {}, "err.notFound");
  if (!mayAttachDocuments(actor, c)) return fail(403, {}, c.voided ? "err.doc.caseVoided" : "err.doc.forbidden");
  if (bytes.length === 0) return fail(400, { file: "err.doc.empty" });
  const max = maxUploadBytes();
  if (bytes.length > max) return fail(400, { file: `err.doc.tooLarge:${Math.round(max / 1024 / 1024)}` });
  const type = await sniffDocumentType(bytes, fileName);
  if (!type.ok) return fail(400, { file: type.error });
  let variants: { width: number | null; height: number | null; view: Buffer | null; thumb: Buffer | null } = { width: null, height: null, view: null, thumb: null };
  if (type.image) {
    const v = await imageVariants(bytes);
    if (!v.ok) return fail(400, { file: v.error });
    variants = v;
  }
  const store = getBlobStore();
  const original = await store.put(bytes);
  const view = variants.view ? await store.put(variants.view) : null;
  const thumb = variants.thumb ? await store.put(variants.thumb) : null;
  const title = data.title || DOCUMENT_KINDS.label(data.kind);
  const row = await db.transaction(async (tx) => {
    const r = await tx
      .insert(documents)
      .values({
        caseKind: data.caseKind,
        caseId: data.caseId,
        kind: data.kind,
        title,
        fileName: cleanFileName(fileName, type.ext),
        mime: type.mime,
        ext: type.ext,
        sizeBytes: bytes.length,
        sha256: original.sha256,
        viewSha256: view?.sha256 ?? null,
        thumbSha256: thumb?.sha256 ?? null,
        width: variants.width,
        height: variants.height,
        uploadedById: actor.id,
      })
      .returning({ id: documents.id })
      .get();
    await audit(tx, {
      userId: actor.id,
      action: "upload_document",
      entity: "document",
      entityId: r.id,
      unitId: c.unitId,
      after: { caseKind: c.kind, caseId: c.id, kind: data.kind, title, mime: type.mime, sizeBytes: bytes.length, sha256: original.sha256 },
      ip,
    });
    return r;
  });
  if (c.kind === "legal_aid") await completeWhenSupplied(actor, c.id, ip);
  return { ok: true, value: { id: row.id, sha256: original.sha256, created: original.created } };
}

/**
 * 材料补齐 by upload: when every item of a pending application's missing-documents list has a document, the
 * application is complete today (through the lifecycle's own step, which checks the actor may do it).
 */
async function completeWhenSupplied(actor: Actor, caseId: number, ip?: string | null) {
  const db = getDb();
  const la = await db
    .select({ status: legalAidCases.status, missingDocs: legalAidCases.missingDocs, missingDocsOn: legalAidCases.missingDocsOn, completeOn: legalAidCases.completeOn, version: legalAidCases.version })
    .from(legalAidCases)
    .where(eq(legalAidCases.id, caseId))
    .get();
  if (!la || la.status !== "pending" || !la.missingDocsOn || la.completeOn) return;
  const checklist = missingDocsChecklist(la.missingDocs, await listDocumentRows(db, "legal_aid", caseId));
  if (checklist.length === 0 || !checklist.every((i) => i.done)) return;
  const today = todayInChina();
  await markApplicationComplete({ actor, id: caseId, data: { completeOn: today < la.missingDocsOn ? la.missingDocsOn : today, version: la.version }, ip });
}

/** Voids a document (kept, marked, audited); the bytes stay in the store. */
export async function voidDocument({ actor, id, reason, ip }: { actor: Actor; id: number; reason: string; ip?: string | null }): Promise<Result<{ caseKind: DocumentCaseKind; caseId: number }>> {
  const db = getDb();
  const d = await db.select().from(documents).where(eq(documents.id, id)).get();
  if (!d) return fail(404, {}, "err.doc.notFound");
  const c = await locateCase(db, d.caseKind as DocumentCaseKind, d.caseId);
  if (!c || !maySeeDocuments(actor, c)) return fail(404, {}, "err.doc.notFound");
  if (!mayAttachDocuments(actor, c)) return fail(403, {}, "err.doc.forbidden");
  if (d.voidedAt) return fail(409, {}, "err.doc.alreadyVoided");
  return await db.transaction(async (tx) => {
    await tx.update(documents).set({ voidedAt: new Date().toISOString(), voidedById: actor.id, voidReason: reason }).where(eq(documents.id, id)).run();
    await audit(tx, { userId: actor.id, action: "void_document", entity: "document", entityId: id, unitId: c.unitId, after: { reason }, ip });
    return { ok: true as const, value: { caseKind: c.kind, caseId: c.id } };
  });
}

/** Live documents of a case for the archive (in upload order), for those who may see them; unaudited here. */
export async function liveDocumentsOf(db: Executor, kind: DocumentCaseKind, caseId: number) {
  return (await db
    .select()
    .from(documents)
    .where(and(eq(documents.caseKind, kind), eq(documents.caseId, caseId)))
    .orderBy(asc(documents.id))
    .all())
    .filter((d) => !d.voidedAt);
}
