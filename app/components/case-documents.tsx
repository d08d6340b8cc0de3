/**
 * The documents section of a case page (卷宗材料): a thumbnail list, the upload form (camera on a phone, file picker
 * on a PC) and, for a legal aid application, the missing-documents checklist. Uploads and voids post to the
 * document routes (app/routes/documents.*), which send the user back here with `doc=` or `docError=`.
 */
import { useSearchParams } from "@remix-run/react";
import type { DocumentListItem } from "~/models/documents.server";
import { DOCUMENT_ACCEPT, DOCUMENT_KINDS, knownErrorKey, type DocumentCaseKind } from "~/schemas/document";
import { isMessageKey } from "~/i18n";
import { useErrorText, useLocale, useT } from "~/utils/i18n";
import { FormNotice } from "./form-fields";
import { FileReviewPanel, type FileReviewData } from "./file-review";

export type CaseDocumentsData = {
  caseKind: DocumentCaseKind;
  caseId: number;
  list: DocumentListItem[];
  checklist: { item: string; done: boolean }[];
  review: FileReviewData | null;
  maxMb: number;
  can: { attach: boolean; void: boolean };
};

function fileSize(bytes: number) {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export function CaseDocuments({
  docs,
  archiveUrl,
  forms = [],
}: {
  docs: CaseDocumentsData | null;
  archiveUrl?: string;
  /** printable forms besides those linked at the top of the page */
  forms?: { href: string; label: string }[];
}) {
  const t = useT();
  const errorText = useErrorText();
  const locale = useLocale();
  const [params] = useSearchParams();
  if (!docs) return null;
  const done = params.get("doc");
  const error = params.get("docError");
  const known = knownErrorKey(error, isMessageKey);
  const shownError = known ? errorText(known) : null;
  return (
    <section className="card case-documents" id="documents" aria-labelledby="h-documents">
      <h2 id="h-documents">{t("doc.title")}</h2>
      {done === "uploaded" ? <FormNotice kind="ok">{t("doc.uploaded")}</FormNotice> : null}
      {done === "voided" ? <FormNotice kind="ok">{t("doc.voided")}</FormNotice> : null}
      {docs.checklist.length ? (
        <div className="doc-checklist">
          <h3>{t("doc.checklist")}</h3>
          <ul>
            {docs.checklist.map((i) => (
              <li key={i.item} className={i.done ? "done" : ""}>
                <span aria-hidden="true">{i.done ? "☑" : "☐"}</span> {i.item} <span className="muted small">（{t(i.done ? "doc.checklistDone" : "doc.checklistOpen")}）</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {docs.list.length === 0 ? <p className="muted">{t("doc.none")}</p> : null}
      {docs.list.length ? (
        <ul className="doc-list" aria-label={t("doc.title")}>
          {docs.list.map((d) => (
            <li key={d.id} className={d.voidedAt ? "voided" : ""}>
              <a className="doc-thumb" href={`/documents/${d.id}?v=view`} target="_blank" rel="noreferrer">
                {d.isImage ? (
                  <img src={`/documents/${d.id}?v=thumb`} alt={d.title} loading="lazy" width={120} height={120} />
                ) : (
                  <span className="doc-icon" aria-hidden="true">
                    {d.ext.toUpperCase()}
                  </span>
                )}
              </a>
              <div className="doc-meta">
                <strong>{d.title}</strong>
                <span className="small muted">
                  {DOCUMENT_KINDS.label(d.kind, locale)} · {fileSize(d.sizeBytes)} · {t("doc.by", { name: d.uploadedByName, at: d.createdAt.replace("T", " ").slice(0, 16) })}
                </span>
                {d.voidedAt ? <span className="badge inactive">{t("doc.voidedMark", { reason: d.voidReason ?? "" })}</span> : null}
                <span className="small">
                  <a href={`/documents/${d.id}?v=view`} target="_blank" rel="noreferrer">
                    {t("doc.open")}
                  </a>{" "}
                  · <a href={`/documents/${d.id}?v=original&dl=1`}>{t("doc.download")}</a>
                </span>
                {docs.can.void && !d.voidedAt ? (
                  <details className="doc-void">
                    <summary>{t("doc.void")}</summary>
                    <form method="post" action={`/documents/${d.id}`}>
                      <input type="hidden" name="caseKind" value={docs.caseKind} />
                      <input type="hidden" name="caseId" value={docs.caseId} />
                      <label htmlFor={`void-${d.id}`}>{t("doc.voidReason")}</label>
                      <input id={`void-${d.id}`} name="reason" required maxLength={200} />
                      <button type="submit" className="secondary">
                        {t("doc.void")}
                      </button>
                    </form>
                  </details>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      <p className="muted small">{t("doc.auditNote")}</p>
      {forms.length || archiveUrl ? (
        <div className="actions no-print doc-forms">
          {forms.map((f) => (
            <a key={f.href} className="button" href={f.href}>
              {t("doc.printForm", { title: f.label })}
            </a>
          ))}
          {archiveUrl ? (
            <a className="button" href={archiveUrl}>
              {t("doc.archive")}
            </a>
          ) : null}
        </div>
      ) : null}
      {docs.review ? <FileReviewPanel mediationId={docs.caseId} review={docs.review} /> : null}
      {docs.can.attach ? (
        <form
          method="post"
          encType="multipart/form-data"
          action={`/documents/upload?caseKind=${docs.caseKind}&caseId=${docs.caseId}`}
          className="doc-upload no-print"
          aria-label={t("doc.attach")}
        >
          <h3>{t("doc.attach")}</h3>
          <div className="field">
            <label htmlFor="doc-kind">{t("doc.kind")}</label>
            <select id="doc-kind" name="kind" defaultValue={docs.caseKind === "mediation" ? "signed_agreement" : docs.caseKind === "legal_aid" ? "hardship_certificate" : "other"}>
              {DOCUMENT_KINDS.options(locale).map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="doc-title">{t("doc.titleLabel")}</label>
            <input id="doc-title" name="title" maxLength={100} aria-describedby="doc-title-hint" />
            <span id="doc-title-hint" className="hint">
              {t("doc.titleHint")}
            </span>
          </div>
          <div className="field">
            <label htmlFor="doc-file">{t("doc.file")}</label>
            <input
              id="doc-file"
              name="file"
              type="file"
              accept={DOCUMENT_ACCEPT}
              aria-invalid={shownError ? true : undefined}
              aria-describedby={shownError ? "doc-file-error" : "doc-file-hint"}
            />
            <label className="doc-camera">
              📷 {t("doc.camera")}
              <input name="photo" type="file" accept="image/*" capture="environment" />
            </label>
            <span id="doc-file-hint" className="hint">
              {t("doc.fileHint", { max: docs.maxMb })}
            </span>
            {shownError ? (
              <p id="doc-file-error" className="field-error" role="alert">
                {shownError}
              </p>
            ) : null}
          </div>
          <button type="submit">{t("doc.upload")}</button>
        </form>
      ) : shownError ? (
        <FormNotice kind="error">{shownError}</FormNotice>
      ) : null}
    </section>
  );
}
