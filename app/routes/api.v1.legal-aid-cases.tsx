/** GET /api/v1/legal-aid-cases (list with the list page's filters, paging) and POST (an application). */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { applyLegalAid } from "~/models/legal-aid.server";
import { listLegalAid } from "~/models/legal-aid-reads.server";
import { apiCreate, methodNotAllowed, statusProblem } from "~/models/api-tokens.server";
import { apiListQuery, apiListResponse } from "~/models/api-shapes.server";
import { LegalAidApplySchema, LegalAidFilterSchema } from "~/schemas/legal-aid";
import { requireApiActor } from "~/utils/auth.server";
import { can } from "~/utils/permissions";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  if (!can(actor, "read:legal-aid")) return statusProblem(403);
  const query = apiListQuery(request, LegalAidFilterSchema);
  if (!query.ok) return query.response;
  return apiListResponse(await listLegalAid({ actor, filters: query.filters, pageSize: query.pageSize }), query.page, query.pageSize);
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed("GET, POST");
  const actor = await requireApiActor(request);
  if (!can(actor, "write:legal-aid")) return statusProblem(403);
  return await apiCreate(request, actor, LegalAidApplySchema, async (data) => await applyLegalAid({ actor, data, ip: context.clientIp ?? null }));
}
