/**
 * GET /api/v1/registries?kind=mediator|literate|adviser|gov_adviser[&unit=<id>][&day=YYYY-MM-DD][&all=1][&page=N] — paged (50 a page); the people of one
 * registry in the caller's subtree (on the day, or every term with all=1). 400 names the allowed kinds.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { API_HEADERS, problem, statusProblem } from "~/models/api-tokens.server";
import { listRegistryPeople } from "~/models/registries.server";
import { RegistryQuerySchema } from "~/schemas/api";
import { fieldErrorsOf } from "~/schemas/forms";
import { zh } from "~/models/lifecycle/executor.server";
import { requireApiActor } from "~/utils/auth.server";
import { can } from "~/utils/permissions";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  if (!can(actor, "read:registry")) return statusProblem(403);
  const parsed = RegistryQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    const fieldErrors = Object.fromEntries(Object.entries(fieldErrorsOf(parsed.error)).map(([k, v]) => [k, zh(v)]));
    return problem(400, "bad_request", "请求参数有误：kind 须为 mediator、literate、adviser 或 gov_adviser", { fieldErrors });
  }
  const q = parsed.data;
  const r = await listRegistryPeople({ actor, kind: q.kind, unitId: q.unit, day: q.day, all: q.all === "1", page: q.page });
  // a page past the end is empty, as on the other API lists
  const data = q.page && q.page > r.pages ? [] : r.rows;
  return json({ kind: q.kind, data, total: r.total, page: q.page ?? 1, pages: r.pages }, { headers: API_HEADERS });
}
