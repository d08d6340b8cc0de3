/**
 * GET /api/v1/consultations (list: the filters of the list page, `page`, `pageSize`) and POST (create, with an
 * optional Idempotency-Key). Bearer token or session; documented in README, "Bulk import and integration API".
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createConsultation, listConsultations } from "~/models/consultations.server";
import { apiCreate, methodNotAllowed, statusProblem } from "~/models/api-tokens.server";
import { apiListQuery, apiListResponse } from "~/models/api-shapes.server";
import { ConsultationFilterSchema, ConsultationSchema } from "~/schemas/consultation";
import { requireApiActor } from "~/utils/auth.server";
import { can } from "~/utils/permissions";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  if (!can(actor, "read:consultation")) return statusProblem(403);
  const query = apiListQuery(request, ConsultationFilterSchema);
  if (!query.ok) return query.response;
  return apiListResponse(await listConsultations({ actor, filters: query.filters, pageSize: query.pageSize }), query.page, query.pageSize);
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed("GET, POST");
  const actor = await requireApiActor(request);
  if (!can(actor, "write:consultation")) return statusProblem(403);
  return await apiCreate(request, actor, ConsultationSchema, async (data) => await createConsultation({ actor, data, ip: context.clientIp ?? null }));
}
