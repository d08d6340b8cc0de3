/** GET /api/v1/consultations/:id and PUT (a correction naming the `version` it started from: 409 when stale). */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getConsultation, updateConsultation } from "~/models/consultations.server";
import { API_HEADERS, apiId, apiUpdate, methodNotAllowed, statusProblem } from "~/models/api-tokens.server";
import { ConsultationEditSchema } from "~/schemas/consultation";
import { requireApiActor } from "~/utils/auth.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  const id = apiId(params.id);
  const row = id ? getConsultation({ actor, id }) : null;
  if (!row) return statusProblem(404);
  return json(row, { headers: API_HEADERS });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== "PUT") return methodNotAllowed("GET, PUT");
  const actor = await requireApiActor(request);
  const id = apiId(params.id);
  if (!id) return statusProblem(404);
  return apiUpdate(request, ConsultationEditSchema, ({ version, ...data }) => updateConsultation({ actor, id, version, data, ip: context.clientIp ?? null }));
}
