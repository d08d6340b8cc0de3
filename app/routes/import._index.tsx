/** 批量导入: templates to download, the upload (with a progress bar; a plain post without JavaScript), the result. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ImportUpload } from "~/components/import-upload";
import { importableKinds, importUpload, listImportBatches } from "~/models/import.server";
import { CHILD_SHEETS, IMPORT_SHEETS, IMPORT_KINDS } from "~/schemas/import";
import { requirePermission } from "~/utils/auth.server";
import { useT } from "~/utils/i18n";
import { formatInstant } from "~/utils/instants";

export const meta: MetaFunction = () => [{ title: "批量导入 · 枫桥" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "import:records");
  return json({ batches: listImportBatches({ actor }), importable: importableKinds({ actor }) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "import:records");
  const result = await importUpload({ actor, request, ip: context.clientIp ?? null });
  return json(result, { status: result.status });
}

export default function ImportPage() {
  const t = useT();
  const { batches, importable } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <main className="page">
      <h1>{t("imp.title")}</h1>
      <p className="lead">{t("imp.intro")}</p>
      <section aria-labelledby="tpl">
        <h2 id="tpl">{t("imp.templates")}</h2>
        <ul className="import-templates">
          <li>
            <a href="/import/template/records.xlsx" download>
              {t("imp.tpl.records")}
            </a>
          </li>
          <li>
            <a href="/import/template/registries.xlsx" download>
              {t("imp.tpl.registries")}
            </a>
          </li>
          <li>
            {t("imp.tpl.csv")}{" "}
            {IMPORT_KINDS.filter((k) => importable.kinds.includes(k) && !CHILD_SHEETS[k]).map((k) => (
              <a key={k} href={`/import/template/${k}.csv`} download className="import-csv-link">
                {IMPORT_SHEETS[k].sheet}.csv
              </a>
            ))}
          </li>
        </ul>
        {importable.refused.length ? (
          <p className="hint">{t("imp.notForRole", { sheets: importable.refused.map((k) => IMPORT_SHEETS[k].sheet).join("、"), hint: importable.hint })}</p>
        ) : null}
      </section>
      <section aria-label={t("imp.submit")}>
        <ImportUpload key={JSON.stringify(result ?? null)} initial={result ?? null} />
      </section>
      {batches.length ? (
        <section aria-labelledby="hist">
          <h2 id="hist">{t("imp.history")}</h2>
          <table className="table">
            <tbody>
              {batches.map((b) => (
                <tr key={b.id}>
                  <td>{formatInstant(b.createdAt)}</td>
                  <td>{b.fileName}</td>
                  <td>{b.status === "imported" ? t("imp.status.imported") : t("imp.status.rejected")}</td>
                  <td>{b.status === "imported" ? `${b.imported} / ${b.rows}` : b.rows}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </main>
  );
}
