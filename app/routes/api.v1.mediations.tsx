/** GET /api/v1/mediations (list with the list page's filters, paging) and POST (register, with parties and mediators). */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { listMediations, registerMediation } from "~/models/mediations.server";
import { apiCreate, methodNotAllowed, statusProblem } from "~/models/api-tokens.server";
import { apiListQuery, apiListResponse } from "~/models/api-shapes.server";
import { MediationFilterSchema, MediationRegisterSchema } from "~/schemas/mediation";
import { requireApiActor } from "~/utils/auth.server";
import { can } from "~/utils/permissions";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  if (!can(actor, "read:mediation")) return statusProblem(403);
  const query = apiListQuery(request, MediationFilterSchema);
  if (!query.ok) return query.response;
  return apiListResponse(await listMediations({ actor, filters: query.filters, pageSize: query.pageSize }), query.page, query.pageSize);
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed("GET, POST");
  const actor = await requireApiActor(request);
  if (!can(actor, "write:mediation")) return statusProblem(403);
  return await apiCreate(request, actor, MediationRegisterSchema, async (data) => await registerMediation({ actor, data, ip: context.clientIp ?? null }));
}
