/** Documents attached to a case (卷宗材料): kinds, the upload and void forms. Client-safe. */
import * as z from "zod/mini";
import { defineEnum } from "./enums/define";
import { enumArray, enumField, idField, optionalText, pastDay, requiredText } from "./fields";

export const DOCUMENT_KINDS = /* @__PURE__ */ defineEnum({
  signed_agreement: { zh: "签字的调解协议书", en: "Signed mediation agreement" },
  application: { zh: "申请材料", en: "Application" },
  id_copy: { zh: "身份证明", en: "Proof of identity" },
  hardship_certificate: { zh: "经济困难证明", en: "Means-test certificate" },
  evidence: { zh: "证据材料", en: "Evidence" },
  record: { zh: "调解笔录/记录", en: "Record of a session" },
  court_ruling: { zh: "司法确认裁定书", en: "Court confirmation ruling" },
  closing_report: { zh: "结案报告", en: "Closing report" },
  other: { zh: "其他材料", en: "Other" },
});
export type DocumentKind = (typeof DOCUMENT_KINDS.values)[number];

export const DOCUMENT_CASE_KINDS = /* @__PURE__ */ defineEnum({
  mediation: { zh: "人民调解", en: "Mediation" },
  legal_aid: { zh: "法律援助", en: "Legal aid" },
  consultation: { zh: "法律咨询", en: "Consultation" },
});
export type DocumentCaseKind = (typeof DOCUMENT_CASE_KINDS.values)[number];

/** What the `accept` attribute offers (the server decides from the content, not from this). */
export const DOCUMENT_ACCEPT =
  "image/*,application/pdf,.pdf,.jpg,.jpeg,.png,.doc,.docx,.xls,.xlsx,application/msword,application/vnd.ms-excel,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The fields beside the file. */
export const DocumentUploadSchema = z.object({
  caseKind: z.enum(DOCUMENT_CASE_KINDS.values, { error: "err.badRequest" }),
  caseId: idField("err.badRequest"),
  kind: enumField(DOCUMENT_KINDS.values),
  title: optionalText(100),
});
export type DocumentUploadValues = z.output<typeof DocumentUploadSchema>;

export const DocumentVoidSchema = z.object({
  reason: requiredText(200),
});

/** The page of a case, where its documents are listed. */
export function caseUrl(kind: DocumentCaseKind, id: number): string {
  return kind === "mediation" ? `/mediations/${id}` : kind === "legal_aid" ? `/legal-aid/${id}` : `/consultations/${id}`;
}

/** The items of a missing-documents note: 劳动合同复印件、经济困难证明 → two items. */
export function splitMissingDocs(note: string | null | undefined): string[] {
  return (note ?? "")
    .split(/[、，,；;。\n\r]+/)
    .map((s) => s.replace(/^\s*\d+[.．、)]\s*/, "").trim())
    .filter(Boolean);
}

// ---- 案卷评查 (file review) -------------------------------------------------------------------------------------

export const FILE_REVIEW_GRADES = /* @__PURE__ */ defineEnum({
  excellent: { zh: "优秀", en: "Excellent" },
  pass: { zh: "合格", en: "Pass" },
  fail: { zh: "不合格", en: "Fail" },
});

export const FILE_REVIEW_FAULTS = /* @__PURE__ */ defineEnum({
  missing_signature: { zh: "缺少签名或印章", en: "Missing signatures or seal" },
  missing_documents: { zh: "材料不全", en: "Missing documents" },
  late_followup: { zh: "回访不及时", en: "Late follow-up" },
  incomplete_record: { zh: "记录不完整", en: "Incomplete record" },
  nonstandard_form: { zh: "文书不规范", en: "Non-standard forms" },
});

/** A reviewer's grade of a concluded mediation file; 不合格 names at least one fault. */
export const FileReviewSchema = z
  .object({
    reviewedOn: pastDay(),
    grade: enumField(FILE_REVIEW_GRADES.values),
    faults: enumArray(FILE_REVIEW_FAULTS.values),
    note: optionalText(500),
  })
  .check(z.superRefine((v, ctx) => {
    if (v.grade === "fail" && v.faults.length === 0) ctx.addIssue({ code: "custom", message: "err.review.faults", path: ["faults"] });
  }));
export type FileReviewValues = z.output<typeof FileReviewSchema>;

/** A message key passed back in a URL (`docError=`, `reviewError=`) is shown only when it is one of ours. */
export function knownErrorKey(key: string | null, isMessageKey: (key: string) => boolean): string | null {
  return key && key.startsWith("err.") && isMessageKey(key.split(":")[0]) ? key : null;
}
