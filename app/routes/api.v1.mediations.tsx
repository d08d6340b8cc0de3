/** GET /api/v1/mediations (list with the list page's filters, paging) and POST (register, with parties and mediators). */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { listMediations, registerMediation } from "~/models/mediations.server";
import { API_HEADERS, apiCreate, listQuery, methodNotAllowed, statusProblem } from "~/models/api-tokens.server";
import { MediationFilterSchema, MediationRegisterSchema } from "~/schemas/mediation";
import { requireApiActor } from "~/utils/auth.server";
import { can } from "~/utils/permissions";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  if (!can(actor, "read:mediation")) return statusProblem(403);
  const { filters, pageSize } = listQuery(request);
  const list = listMediations({ actor, filters: MediationFilterSchema.parse(filters), pageSize });
  const { rows, ...rest } = list;
  return json({ data: rows, ...rest }, { headers: API_HEADERS });
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed("GET, POST");
  const actor = await requireApiActor(request);
  if (!can(actor, "write:mediation")) return statusProblem(403);
  return apiCreate(request, actor, MediationRegisterSchema, (data) => registerMediation({ actor, data, ip: context.clientIp ?? null }));
}
