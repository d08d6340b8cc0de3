/** GET /import/template/records.xlsx | registries.xlsx | <kind>.xlsx | <kind>.csv — the import templates. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildTemplateCsv, buildTemplateXlsx, importableKinds, templateExample, templateKinds } from "~/models/import.server";
import { requirePermission } from "~/utils/auth.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "import:records");
  const m = /^([a-z_]+)\.(xlsx|csv)$/.exec(params.name ?? "");
  const all = m ? templateKinds(m[1]) : null;
  if (!m || !all || (m[2] === "csv" && all.length !== 1)) throw new Response("模板不存在", { status: 404 });
  // the template offers only what the role may import, and its 说明 sheet says what it left out
  const allowed = importableKinds({ actor });
  const kinds = all.filter((k) => allowed.kinds.includes(k));
  if (!kinds.length) throw new Response(`您的角色不能导入这些记录：${allowed.hint}`, { status: 403 });
  const example = await templateExample({ actor });
  const filename = `fengqiao-import-${m[1]}.${m[2]}`;
  const headers = { "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "private, no-store" };
  if (m[2] === "csv") return new Response(buildTemplateCsv(kinds[0], example), { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" } });
  return new Response(new Uint8Array(await buildTemplateXlsx(kinds, example, all.filter((k) => !kinds.includes(k)))), {
    headers: { ...headers, "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  });
}
