/**
 * GET /api/v1/legal-aid-cases/:id and PUT (the application; the lifecycle has its own steps). One shape for both:
 * money in 元, beneficiaries with their `id` and category lists. Personal data comes masked unless `?reveal=1` is
 * asked by someone allowed to see it (audited); a PUT changes only what it names, a masked value sent back as read
 * keeps the stored one, and any other masked value is refused (422). With `version`, a later change answers 409.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { updateLegalAidApplication } from "~/models/legal-aid.server";
import { getLegalAid } from "~/models/legal-aid-reads.server";
import { API_HEADERS, apiId, methodNotAllowed, statusProblem } from "~/models/api-tokens.server";
import { apiMergePut, toApiShape } from "~/models/api-shapes.server";
import { legalAidInput } from "~/models/record-inputs.server";
import { LegalAidApplySchema } from "~/schemas/legal-aid";
import { requireApiActor } from "~/utils/auth.server";
import type { Actor } from "~/utils/permissions";

const view = async (actor: Actor, id: number, reveal = false, ip: string | null = null) => {
  const row = await getLegalAid({ actor, id, reveal, ip });
  return row ? (toApiShape(row) as Record<string, unknown>) : null;
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
    load: async () => await legalAidInput({ actor, id }),
    view: async () => await view(actor, id),
    schema: LegalAidApplySchema,
    update: async (data, version) => await updateLegalAidApplication({ actor, id, data: { ...data, version }, ip: context.clientIp ?? null }),
  });
}
