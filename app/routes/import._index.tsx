/** 批量导入: templates to download, the upload (with a progress bar; a plain post without JavaScript), the result. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ImportUpload } from "~/components/import-upload";
import { importableKinds, listImportBatches } from "~/models/import.server";
import { listImportJobs, startImportUpload } from "~/models/import-jobs.server";
import { CHILD_SHEETS, IMPORT_SHEETS, IMPORT_KINDS } from "~/schemas/import";
import { requirePermission } from "~/utils/auth.server";
import { useT } from "~/utils/i18n";
import { formatInstant } from "~/utils/instants";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.import");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "import:records");
  return json({ batches: await listImportBatches({ actor }), jobs: await listImportJobs({ actor, limit: 10 }), importable: importableKinds({ actor }) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "import:records");
  // the import runs as a job: the post answers at once with its page
  const r = await startImportUpload({ actor, request, ip: context.clientIp ?? null, form: context.form });
  if ("jobId" in r) throw redirect(r.url);
  return json(r, { status: r.status });
}

export default function ImportPage() {
  const t = useT();
  const { batches, jobs, importable } = useLoaderData<typeof loader>();
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
              <a key={k} href={`/import/template/${k}.csv`} download className="import-csv-link" lang="zh-CN">
                {/* the sheet's own (Chinese) name, which the file keeps in either language */}
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
      {jobs.length ? (
        <section aria-labelledby="jobs">
          <h2 id="jobs">{t("imp.jobs")}</h2>
          <table className="table">
            <tbody>
              {jobs.map((j) => (
                <tr key={j.id}>
                  <td>{formatInstant(j.createdAt)}</td>
                  <td>{j.fileName}</td>
                  <td>{t(`imp.jobs.${j.state}`)}</td>
                  <td>
                    <Link to={`/import/jobs/${j.id}`} aria-label={`${t("imp.jobs.open")} ${j.fileName}`}>
                      {t("imp.jobs.open")}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
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
