/**
 * 导入任务: one of the user's imports, run by a worker off the request path. While it runs the page refreshes
 * itself every two seconds (a <meta refresh>, so it works without JavaScript) and shows how many rows are written;
 * then the same result as before (what was imported, or every bad row), and the form to upload the next file.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ImportResultPanel } from "~/components/import-result";
import { ImportUpload } from "~/components/import-upload";
import { getImportJob } from "~/models/import-jobs.server";
import { requirePermission } from "~/utils/auth.server";
import { useT } from "~/utils/i18n";
import { formatInstant } from "~/utils/instants";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  ...pageTitle(matches, "title.importJob"),
  ...(data?.job.state === "running" ? [{ httpEquiv: "refresh", content: "2" }] : []),
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "import:records");
  const id = Number(params.id);
  const job = Number.isSafeInteger(id) && id > 0 ? await getImportJob({ actor, id }) : null;
  if (!job) throw new Response("没有这个导入任务", { status: 404 });
  return json({ job }, { headers: { "Cache-Control": "no-store" } });
}

export default function ImportJobPage() {
  const t = useT();
  const { job } = useLoaderData<typeof loader>();
  const p = job.progress;
  return (
    <main className="page">
      <p>
        <Link to="/import">← {t("imp.title")}</Link>
      </p>
      <h1>{t("imp.job.title", { file: job.fileName })}</h1>
      <p className="muted">
        {t("imp.job.started", { at: formatInstant(job.createdAt) })}
        {job.finishedAt ? ` · ${t("imp.job.finished", { at: formatInstant(job.finishedAt) })}` : ""}
      </p>
      {job.state === "running" ? (
        <div className="import-progress" aria-live="polite">
          <p>{t("imp.job.running")}</p>
          <progress max={p?.phase === "write" ? p.total || 1 : 1} value={p?.phase === "write" ? p.done : undefined} aria-label={t("imp.job.progress")} />
          <span>
            {p?.phase === "write" ? t("imp.job.writing", { done: p.done, total: p.total }) : p?.phase === "check" ? t("imp.job.checking", { total: p.total }) : t("imp.job.reading")}
          </span>
          <p className="hint">{t("imp.job.leave")}</p>
        </div>
      ) : null}
      {job.state === "failed" ? (
        <p className="notice notice-error" role="alert">
          {job.error}
        </p>
      ) : null}
      {job.result && job.state !== "running" ? <ImportResultPanel result={job.result} /> : null}
      {job.state !== "running" ? (
        <section aria-label={t("imp.submit")}>
          <h2>{t("imp.job.next")}</h2>
          <ImportUpload initial={null} />
        </section>
      ) : null}
    </main>
  );
}
