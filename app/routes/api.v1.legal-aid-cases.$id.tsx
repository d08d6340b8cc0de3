/** GET /api/v1/legal-aid-cases/:id and PUT (correct the application, naming the `version`: 409 when stale). */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getLegalAid, updateLegalAidApplication } from "~/models/legal-aid.server";
import { API_HEADERS, apiId, apiUpdate, methodNotAllowed, statusProblem } from "~/models/api-tokens.server";
import { LegalAidEditSchema } from "~/schemas/legal-aid";
import { requireApiActor } from "~/utils/auth.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  const id = apiId(params.id);
  const row = id ? getLegalAid({ actor, id, ip: context.clientIp ?? null }) : null;
  if (!row) return statusProblem(404);
  return json(row, { headers: API_HEADERS });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== "PUT") return methodNotAllowed("GET, PUT");
  const actor = await requireApiActor(request);
  const id = apiId(params.id);
  if (!id) return statusProblem(404);
  return apiUpdate(request, LegalAidEditSchema, (data) => updateLegalAidApplication({ actor, id, data, ip: context.clientIp ?? null }));
}
