/**
 * One document: GET serves its bytes (`?v=thumb|view|original`, `?dl=1` for a download), audited by the model;
 * POST voids it with a reason. Refusals answer in Chinese (the user's language) and leak nothing.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { openDocument, voidDocument, type DocumentVariant } from "~/models/documents.server";
import { caseUrl, DocumentVoidSchema } from "~/schemas/document";
import { parseSubmission } from "~/schemas/forms";
import { requireActor } from "~/utils/auth.server";
import { getLocale } from "~/utils/locale.server";
import { translate } from "~/i18n";

const VARIANTS: DocumentVariant[] = ["original", "view", "thumb"];

async function refusal(request: Request, status: number, key: string) {
  const locale = await getLocale(request);
  return new Response(translate(locale, key), { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

function contentDisposition(kind: "inline" | "attachment", name: string) {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  if (!params.id || !/^\d{1,12}$/.test(params.id)) return refusal(request, 404, "err.doc.notFound");
  const q = new URL(request.url).searchParams;
  const v = q.get("v") ?? "view";
  const variant = (VARIANTS as string[]).includes(v) ? (v as DocumentVariant) : "view";
  const result = await openDocument({ actor, id: Number(params.id), variant, download: q.get("dl") === "1", ip: context.clientIp });
  if (!result.ok) return refusal(request, result.status, result.formError ?? "err.doc.notFound");
  const d = result.value;
  return new Response(new Uint8Array(d.bytes), {
    headers: {
      "Content-Type": d.mime,
      "Content-Length": String(d.bytes.length),
      "Content-Disposition": contentDisposition(d.download ? "attachment" : "inline", d.fileName),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  if (!params.id || !/^\d{1,12}$/.test(params.id)) return refusal(request, 404, "err.doc.notFound");
  const fd = await request.formData();
  const back = (kind: string | null, id: string | null) => (kind && id && /^\d+$/.test(id) ? caseUrl(kind as never, Number(id)) : "/");
  const backTo = back(String(fd.get("caseKind") ?? ""), String(fd.get("caseId") ?? ""));
  const parsed = parseSubmission(DocumentVoidSchema, fd);
  if (!parsed.ok) return redirect(`${backTo}?docError=${encodeURIComponent(parsed.fieldErrors.reason ?? "err.badRequest")}#documents`, 303);
  const result = await voidDocument({ actor, id: Number(params.id), reason: parsed.data.reason, ip: context.clientIp });
  if (!result.ok) {
    if (result.status === 404) return refusal(request, 404, result.formError ?? "err.doc.notFound");
    return redirect(`${backTo}?docError=${encodeURIComponent(result.formError ?? "err.badRequest")}#documents`, 303);
  }
  return redirect(`${caseUrl(result.value.caseKind, result.value.caseId)}?doc=voided#documents`, 303);
}
