/** /admin/units/sheet — units not in the division codes, from an XLSX/CSV unit sheet (all or nothing). */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { FormNotice } from "~/components/form-fields";
import { readUpload } from "~/models/import.server";
import { getUnit } from "~/models/units.server";
import { importUnitSheet, unitSheetTemplateCsv, type SheetIssue } from "~/models/unit-sheet.server";
import { requirePermission } from "~/utils/auth.server";
import { useT } from "~/utils/i18n";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.unitSheet");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:unit");
  if (new URL(request.url).searchParams.get("template") === "csv") {
    const root = await getUnit({ actor, id: actor.unitId });
    return new Response(unitSheetTemplateCsv({ parentCode: root?.code ?? "140821000000" }), {
      headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent("单位表模板.csv")}` },
    });
  }
  return json({});
}

type ActionData = { ok: boolean; created: number; issues: SheetIssue[] };

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:unit");
  const upload = await readUpload(request);
  if (!upload.ok) return json<ActionData>({ ok: false, created: 0, issues: [{ row: null, column: null, message: upload.message }] }, { status: upload.status });
  const r = await importUnitSheet({ actor, fileName: upload.fileName, data: upload.data, ip: context.clientIp ?? null });
  if (!r.ok) return json<ActionData>({ ok: false, created: 0, issues: r.issues.slice(0, 200) }, { status: 400 });
  return json<ActionData>({ ok: true, created: r.created, issues: [] });
}

export default function UnitSheet() {
  const data = useActionData<typeof action>() as ActionData | undefined;
  const t = useT();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="card">
      <p className="no-print">
        <Link to="/admin/units">← {t("unit.title")}</Link>
      </p>
      <h1>{t("unitSheet.title")}</h1>
      <p className="muted small">{t("unitSheet.hint")}</p>
      <p>
        <a href="/admin/units/sheet?template=csv" download>
          单位表模板（CSV）
        </a>
      </p>
      {data?.ok ? (
        <FormNotice kind="ok">
          {t("unitSheet.done", { count: data.created })}
        </FormNotice>
      ) : null}
      {data && !data.ok ? (
        <div>
          <FormNotice kind="error">{t("unitSheet.failed")}</FormNotice>
          <ul>
            {data.issues.map((i, k) => (
              <li key={k}>
                {i.row ? `第 ${i.row} 行` : ""}
                {i.column ? `「${i.column}」` : ""}
                {i.row || i.column ? "：" : ""}
                {i.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="form" aria-label={t("unitSheet.title")}>
        <div className="field">
          <label htmlFor="f-file">{t("unitSheet.file")}</label>
          <input id="f-file" name="file" type="file" accept=".xlsx,.csv" required />
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("unitSheet.submit")}
          </button>
        </div>
      </Form>
    </div>
  );
}
