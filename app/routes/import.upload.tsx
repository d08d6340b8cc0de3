/** POST /import/upload — the upload of the import page by XHR (progress bar): the import result as JSON. */
import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { importUpload } from "~/models/import.server";
import { requireApiActor } from "~/utils/auth.server";
import { can } from "~/utils/permissions";

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireApiActor(request);
  if (!can(actor, "import:records")) return json({ ok: false, issues: [{ sheet: "", row: null, column: null, message: "无权导入数据" }], imported: {}, updated: {}, skipped: 0, notices: [], moreIssues: 0, fileName: "" }, { status: 403 });
  const result = await importUpload({ actor, request, ip: context.clientIp ?? null });
  return json(result, { status: result.status, headers: { "Cache-Control": "no-store" } });
}
