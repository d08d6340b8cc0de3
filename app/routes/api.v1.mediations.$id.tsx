/**
 * GET /api/v1/mediations/:id and PUT (the registration; the lifecycle has its own steps). One shape for both:
 * money in 元, `mediatorIds`, parties with their `id`. Personal data comes masked unless `?reveal=1` is asked by
 * someone allowed to see it (audited); a PUT changes only what it names, a masked value sent back as read keeps the
 * stored one, and any other masked value is refused (422). With `version`, a later change answers 409.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getMediation, updateMediationRegistration } from "~/models/mediations.server";
import { API_HEADERS, apiId, methodNotAllowed, statusProblem } from "~/models/api-tokens.server";
import { apiMergePut, toApiShape } from "~/models/api-shapes.server";
import { mediationInput } from "~/models/record-inputs.server";
import { MediationRegisterSchema } from "~/schemas/mediation";
import { requireApiActor } from "~/utils/auth.server";
import type { Actor } from "~/utils/permissions";

const view = async (actor: Actor, id: number, reveal = false, ip: string | null = null) => {
  const row = await getMediation({ actor, id, reveal, ip });
  return row ? ({ ...(toApiShape(row) as Record<string, unknown>), mediatorIds: row.mediators.map((m) => m.id) } as Record<string, unknown>) : null;
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  const id = apiId(params.id);
  const reveal = new URL(request.url).searchParams.get("reveal") === "1";
  const row = id ? await view(actor, id, reveal, context.clientIp ?? null) : null;
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
    load: async () => await mediationInput({ actor, id }),
    view: async () => await view(actor, id),
    schema: MediationRegisterSchema,
    // the mediators as read ({ id, name }) stand for their ids
    aliases: (body, shown) => {
      if ("mediators" in body && !("mediatorIds" in body) && Array.isArray(body.mediators) && JSON.stringify(body.mediators) !== JSON.stringify(shown.mediators))
        body.mediatorIds = body.mediators.map((m) => (m && typeof m === "object" ? (m as { id?: unknown }).id : m));
    },
    update: async (data, version) => await updateMediationRegistration({ actor, id, version, data, ip: context.clientIp ?? null }),
  });
}
