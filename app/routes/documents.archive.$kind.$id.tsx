/** The case file as one PDF (案卷归档): /documents/archive/mediation/12 or /documents/archive/legal_aid/7. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildCaseArchive } from "~/models/case-archive.server";
import { requireActor } from "~/utils/auth.server";
import { getLocale } from "~/utils/locale.server";
import { translate } from "~/i18n";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const kind = params.kind === "mediation" || params.kind === "legal_aid" ? params.kind : null;
  const ok = kind && params.id && /^\d{1,12}$/.test(params.id);
  const result = ok ? await buildCaseArchive({ actor, caseKind: kind, caseId: Number(params.id), ip: context.clientIp }) : null;
  if (!result || !result.ok) {
    const locale = await getLocale(request);
    return new Response(translate(locale, "err.doc.notFound"), { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const { bytes, fileName } = result.value;
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(bytes.length),
      "Content-Disposition": `attachment; filename="archive.pdf"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
