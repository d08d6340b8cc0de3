/**
 * Attaching a document to a case: a multipart POST to `/documents/upload?caseKind=…&caseId=…` (the case in the
 * query, so that even a refused body knows where to send the user back). Answers with a redirect to the case
 * page, carrying `doc=uploaded` or `docError=<message key>`; nothing is stored on a refusal.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import {
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { uploadDocument } from "~/models/documents.server";
import { caseUrl, DOCUMENT_CASE_KINDS, DocumentUploadSchema } from "~/schemas/document";
import { parseSubmission } from "~/schemas/forms";
import { requireActor } from "~/utils/auth.server";
import { maxUploadBytes } from "~/utils/env.server";

export async function loader() {
  throw new Response("仅接受上传（POST）", { status: 405 });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const q = new URL(request.url).searchParams;
  const caseKind = q.get("caseKind") ?? "";
  const caseId = q.get("caseId") ?? "";
  if (!DOCUMENT_CASE_KINDS.has(caseKind) || !/^\d{1,12}$/.test(caseId)) throw new Response("请求无效", { status: 400 });
  const back = caseUrl(caseKind, Number(caseId));
  const refuse = (key: string) => redirect(`${back}?docError=${encodeURIComponent(key)}#documents`, 303);

  const max = maxUploadBytes();
  // far over the limit: refuse before reading it
  if (Number(request.headers.get("content-length") ?? 0) > max + 1024 * 1024) return refuse(`err.doc.tooLarge:${Math.round(max / 1048576)}`);
  if (!(request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) return refuse("err.doc.malformed");

  let fd: FormData;
  try {
    fd = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: max }));
  } catch (e) {
    if (e instanceof MaxPartSizeExceededError) return refuse(`err.doc.tooLarge:${Math.round(max / 1048576)}`);
    return refuse("err.doc.malformed");
  }
  // the camera input (`photo`) and the file picker (`file`): whichever holds a file
  const file = [...fd.getAll("photo"), ...fd.getAll("file")].find((f): f is File => typeof f !== "string" && (f.size > 0 || f.name !== "")) ?? null;
  fd.delete("file");
  fd.delete("photo");
  fd.set("caseKind", caseKind);
  fd.set("caseId", caseId);
  const parsed = parseSubmission(DocumentUploadSchema, fd);
  if (!parsed.ok) return refuse(Object.values(parsed.fieldErrors)[0] ?? "err.badRequest");
  if (!file) return refuse("err.doc.noFile");
  const bytes = new Uint8Array(await file.arrayBuffer());
  const result = await uploadDocument({ actor, data: parsed.data, fileName: file.name, bytes, ip: context.clientIp });
  if (!result.ok) return refuse(result.fieldErrors.file ?? result.formError ?? "err.badRequest");
  return redirect(`${back}?doc=uploaded#documents`, 303);
}
