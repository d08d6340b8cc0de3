/**
 * POST /import/upload — the upload of the import page by XHR (progress bar): answers at once with the started
 * job's page (`{ ok: true, jobId, url }`, 202), or the refusal as an import result (JSON).
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { startImportUpload } from "~/models/import-jobs.server";
import { requireApiActor } from "~/utils/auth.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireApiActor(request);
  const r = await startImportUpload({ actor, request, ip: context.clientIp ?? null, form: context.form });
  return json(r, { status: "jobId" in r ? 202 : r.status, headers: { "Cache-Control": "no-store" } });
}
