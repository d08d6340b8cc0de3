/**
 * The API's lifecycle endpoints: POST /api/v1/mediations/:id/steps/:step and /api/v1/legal-aid-cases/:id/steps/:step
 * run the same step, through the same executor, as the detail pages' forms. JSON body with the step's fields (the
 * form's zod schema; `version` as read from GET); token auth and Idempotency-Key as every other write of the API.
 *
 *   200 { ok, step, message, record: { id, version, status }, result }   the step was taken
 *   404 unknown record or step · 403 not yours to take · 409 stale version or not allowed from the current state
 *   422 bad fields, with `fieldErrors` in Chinese
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { API_HEADERS, apiId, methodNotAllowed, problem, readJsonBody, statusProblem, withIdempotency } from "../api-tokens.server";
import { requireApiActor } from "~/utils/auth.server";
import { findStep, submitStep, zh, type LifecycleKind, type LifecycleRecord, type StepFailure } from "./executor.server";

/** The JSON problem of a refused step: 400 (bad fields) becomes 422; a 409 says whether stale or out of order. */
export function stepProblemBody(r: StepFailure) {
  const status = r.status === 400 ? 422 : r.status;
  const error =
    status === 422
      ? "validation_failed"
      : status === 409
        ? r.formError === "err.stale"
          ? "conflict"
          : "step_not_allowed"
        : status === 403
          ? "forbidden"
          : "not_found";
  const fieldErrors = Object.fromEntries(Object.entries(r.fieldErrors).map(([k, v]) => [k, zh(v)]));
  return { status, body: { error, message: r.message, ...(Object.keys(fieldErrors).length ? { fieldErrors } : {}) } };
}

export async function apiStep<R extends LifecycleRecord>(kind: LifecycleKind<R>, steps: object, { request, params, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed("POST");
  const actor = await requireApiActor(request);
  const id = apiId(params.id);
  if (!id) return statusProblem(404);
  const step = findStep(kind, steps, params.step ?? "");
  if (!step) return problem(404, "unknown_step", `没有这个步骤；${kind.title}的步骤有：${Object.keys(steps).join("、")}`, { steps: Object.keys(steps) });
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  return await withIdempotency(actor, request, body.raw, async () => {
    const r = await submitStep(kind, step, { actor, id, input: body.body, ip: (context as { clientIp?: string | null }).clientIp ?? null });
    if (!r.ok) return stepProblemBody(r);
    return { status: 200, body: { ok: true, step: step.name, message: r.message, record: r.record, result: r.value } };
  });
}

export { API_HEADERS };
