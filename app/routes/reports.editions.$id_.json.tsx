import type { LoaderFunctionArgs } from "@remix-run/node";
import { getEditionPayload } from "~/models/editions.server";
import { requirePermission } from "~/utils/auth.server";
import { parseIdParam } from "~/utils/request.server";

/** The frozen figures exactly as stored: the same bytes every time, with their SHA-256 as the ETag. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:stats");
  const e = await getEditionPayload({ actor, id: parseIdParam(params.id) });
  if (!e) throw new Response("记录不存在或不在您的管辖范围内", { status: 404 });
  return new Response(e.payload, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      ETag: `"${e.sha}"`,
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(`${e.title}.json`)}`,
    },
  });
}
