/** GET /import/template/records.xlsx | registries.xlsx | <kind>.xlsx | <kind>.csv — the import templates. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildTemplateCsv, buildTemplateXlsx, templateExample, templateKinds } from "~/models/import.server";
import { requirePermission } from "~/utils/auth.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "import:records");
  const m = /^([a-z_]+)\.(xlsx|csv)$/.exec(params.name ?? "");
  const kinds = m ? templateKinds(m[1]) : null;
  if (!m || !kinds || (m[2] === "csv" && kinds.length !== 1)) throw new Response("模板不存在", { status: 404 });
  const example = templateExample({ actor });
  const filename = `fengqiao-import-${m[1]}.${m[2]}`;
  const headers = { "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "private, no-store" };
  if (m[2] === "csv") return new Response(buildTemplateCsv(kinds[0], example), { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" } });
  return new Response(new Uint8Array(await buildTemplateXlsx(kinds, example)), {
    headers: { ...headers, "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  });
}
