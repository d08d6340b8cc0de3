/**
 * GET /api/v1/consultations/:id and PUT: one shape for both (categories as a list). A PUT changes only the fields
 * it names; with `version`, a later change answers 409. The answer to a PUT is the record as GET now shows it.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getConsultation, updateConsultation } from "~/models/consultations.server";
import { API_HEADERS, apiId, methodNotAllowed, statusProblem } from "~/models/api-tokens.server";
import { apiMergePut, toApiShape } from "~/models/api-shapes.server";
import { consultationInput } from "~/models/record-inputs.server";
import { ConsultationSchema } from "~/schemas/consultation";
import { requireApiActor } from "~/utils/auth.server";
import type { Actor } from "~/utils/permissions";

const view = async (actor: Actor, id: number) => {
  const row = await getConsultation({ actor, id });
  return row ? (toApiShape(row) as Record<string, unknown>) : null;
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  const id = apiId(params.id);
  const row = id ? await view(actor, id) : null;
  if (!row) return statusProblem(404);
  return json(row, { headers: API_HEADERS });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== "PUT") return methodNotAllowed("GET, PUT");
  const actor = await requireApiActor(request);
  const id = apiId(params.id);
  if (!id) return statusProblem(404);
  return await apiMergePut({
    request,
    load: async () => await consultationInput({ actor, id }),
    view: async () => await view(actor, id),
    schema: ConsultationSchema,
    update: async (data, version) => await updateConsultation({ actor, id, version, data, ip: context.clientIp ?? null }),
  });
}
