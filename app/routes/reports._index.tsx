/**
 * /reports?unit=<id>&from=YYYY-MM-DD&to=YYYY-MM-DD[&sort=] — the annual (or any period's) statistics of a unit:
 * sentences ready to paste, one table per section with last year beside it, the child units, month by month,
 * consistency checks and exports. A GET form; everything works without JavaScript.
 */
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ReportRankForm, ReportStyleForm } from "~/components/report-style-rank";
import { setReportStyle } from "~/models/report-extras.server";
import { ReportStyleSchema } from "~/models/report-style";
import { parseSubmission } from "~/schemas/forms";
import { getUnit } from "~/models/units.server";
import { ReportChildren } from "~/components/report-children";
import { FileReviewSummaryTable } from "~/components/file-review-summary";
import { fileReviewSummary } from "~/models/file-reviews.server";
import { ReportMonthly } from "~/components/report-monthly";
import { ReportQueryForm } from "~/components/report-query-form";
import { ReportSectionTable } from "~/components/report-section-table";
import { ReportSentences } from "~/components/report-sentences";
import { parseChildSort, parseReportQuery, quickPeriods, sortChildren } from "~/models/report-export.server";
import { defaultEditionTitle, periodPhrase } from "~/models/report-sentences";
import { EditionFreezeForm } from "~/components/report-edition-form";
import { getReport } from "~/models/reports.server";
import { getUnitChoice } from "~/models/unit-search.server";
import { offeredYears, targetConsistency } from "~/models/targets.server";
import { ReportTargetNotes } from "~/components/report-target-notes";
import { requirePermission } from "~/utils/auth.server";
import { can } from "~/utils/permissions";
import { listEditions } from "~/models/editions.server";
import { formatDayZh, todayInChina } from "~/utils/dates";
import { useLocale, useT } from "~/utils/i18n";
import { notFound } from "~/utils/responses.server";
import { dayOfInstant } from "~/utils/instants";
import { U, useTx } from "~/components/user-text";
import { localeOfMatches, pageTitle } from "~/utils/page-title";
import { translate } from "~/i18n";
import { formatPeriodEn } from "~/utils/dates";

/** The report's period in the language's words (Chinese: the report's own wording). */
const reportPeriod = (from: string, to: string, locale: "zh" | "en") => (locale === "zh" ? periodPhrase(from, to) : formatPeriodEn(from, to));

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  ...pageTitle(
    matches,
    "title.report",
    undefined,
    data && data.ok
      ? `${data.report.unit.name} ${reportPeriod(data.report.period.from, data.report.period.to, localeOfMatches(matches))} ${translate(localeOfMatches(matches), "title.report")}`
      : null,
  ),
];

/** Server-Timing: how long the report took to compute (visible in the browser's network panel). */
export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const timing = loaderHeaders.get("Server-Timing");
  return timing ? { "Server-Timing": timing } : new Headers();
};

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:stats");
  const params = new URL(request.url).searchParams;
  const today = todayInChina();
  const q = await parseReportQuery({ actor, params, today });
  if (!q.ok && q.status === 404) notFound();
  const unitChoice = await getUnitChoice({ actor, id: q.unitId ?? actor.unitId });
  if (!q.ok) {
    const year = /^\d{4}/.test(q.to) ? Number(q.to.slice(0, 4)) : Number(today.slice(0, 4));
    return json(
      { ok: false as const, fieldErrors: q.fieldErrors, query: { unit: q.unitId, from: q.from, to: q.to }, unitChoice, quick: quickPeriods(year, today, await offeredYears({ actor, today, upTo: "this" })) },
      { status: 400 },
    );
  }
  const started = performance.now();
  const rankKey = params.get("rank")?.trim() || null;
  const report = await getReport({ actor, unitId: q.unitId, from: q.from, to: q.to, rankKey });
  const ms = performance.now() - started;
  if (!report) notFound();
  const sort = parseChildSort(params.get("sort"));
  return json(
    {
      ok: true as const,
      report: { ...report, children: sortChildren(report.children, sort) },
      fileReviews: await fileReviewSummary({ actor, unitId: q.unitId, from: q.from, to: q.to }),
      sort,
      query: { unit: q.unitId, from: q.from, to: q.to },
      unitChoice,
      quick: quickPeriods(Number(q.to.slice(0, 4)), today, await offeredYears({ actor, today, upTo: "this" })),
      ms: Math.round(ms * 10) / 10,
      canFreeze: can(actor, "freeze:edition"),
      rankKey,
      // the unit's completion is against its own target: say where the children's targets do not add up to it
      targetNotes: q.from.slice(0, 4) === q.to.slice(0, 4) ? await targetConsistency({ actor, unitId: q.unitId, year: Number(q.from.slice(0, 4)) }) : [],
      styleSaved: params.get("styleSaved") === "1",
      styleFromUnitName: report.styleFromUnitId ? ((await getUnit({ actor, id: report.styleFromUnitId }))?.name ?? null) : null,
      editions: (await listEditions({ actor, unitId: q.unitId })).filter((e) => e.fromDay === q.from && e.toDay === q.to),
    },
    { headers: { "Server-Timing": `report;desc="getReport";dur=${ms.toFixed(1)}` } },
  );
}

/** POST intent=style: the unit's number style (report writers); back to the same report when saved. */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "freeze:edition");
  const url = new URL(request.url);
  const q = await parseReportQuery({ actor, params: url.searchParams });
  if (!q.ok) {
    if (q.status === 404) notFound();
    return json({ fieldErrors: q.fieldErrors as Record<string, string | undefined> }, { status: 400 });
  }
  const form = await request.formData();
  if (form.get("intent") !== "style") return json({ fieldErrors: { intent: "err.invalid" } as Record<string, string | undefined> }, { status: 400 });
  const parsed = parseSubmission(ReportStyleSchema, form);
  if (!parsed.ok) return json({ fieldErrors: parsed.fieldErrors as Record<string, string | undefined> }, { status: 400 });
  const result = await setReportStyle({ actor, unitId: q.unitId, values: parsed.data, ip: context.clientIp });
  if (!result.ok) return json({ fieldErrors: result.fieldErrors as Record<string, string | undefined> }, { status: result.status });
  return redirect(`/reports?${new URLSearchParams({ unit: String(q.unitId), from: q.from, to: q.to, styleSaved: "1" })}`);
}

export default function ReportPage() {
  const data = useLoaderData<typeof loader>();
  const styleErrors = useActionData<typeof action>()?.fieldErrors;
  const t = useT();
  const tx = useTx();
  const locale = useLocale();
  if (!data.ok) {
    const message = [...new Set(Object.values(data.fieldErrors).filter(Boolean).map((k) => t(k as string)))].join("；");
    return (
      <div className="report">
        <h1>{t("report.title")}</h1>
        <p role="alert" className="notice error">
          {t("report.badQuery", { message })}
        </p>
        <ReportQueryForm unitChoice={data.unitChoice} query={data.query} quick={data.quick} fieldErrors={data.fieldErrors} />
      </div>
    );
  }
  const { report, sort, query, unitChoice, quick, ms, canFreeze, editions, rankKey, styleSaved, styleFromUnitName, fileReviews } = data;
  const P = reportPeriod(report.period.from, report.period.to, locale);
  const exportQuery = new URLSearchParams({ unit: String(report.unit.id), from: report.period.from, to: report.period.to }).toString();
  const day = (d: string) => (locale === "zh" ? formatDayZh(d) : d);
  return (
    <div className="report">
      <h1>{tx("report.heading", { unit: <U>{report.unit.name}</U>, period: P })}</h1>
      <p className="muted small">
        {t("report.periodLine", { from: day(report.period.from), to: day(report.period.to), pfrom: day(report.previousPeriod.from), pto: day(report.previousPeriod.to) })}
        <span className="no-print"> · {t("report.timing", { ms })}</span>
      </p>
      <ReportQueryForm unitChoice={unitChoice} query={query} quick={quick} />
      <ReportSentences sentences={report.sentences} />
      <ReportTargetNotes notes={data.targetNotes} unitId={report.unit.id} year={Number(report.period.from.slice(0, 4))} />
      {canFreeze ? (
        <ReportStyleForm
          action={`/reports?index&${new URLSearchParams({ unit: String(report.unit.id), from: report.period.from, to: report.period.to })}`}
          style={report.style}
          fromUnitName={styleFromUnitName}
          fieldErrors={styleErrors}
          saved={styleSaved}
        />
      ) : null}
      <nav className="report-exports no-print" aria-label={t("report.exports")}>
        <span className="muted small">{t("report.exports")}{locale === "zh" ? "：" : ":"}</span>
        <a href={`/reports/export/xlsx?${exportQuery}`} download>
          {t("report.exportXlsx")}
        </a>
        <a href={`/reports/export/xlsx?${exportQuery}&money=wan`} download>
          {t("report.exportXlsxWan")}
        </a>
        <a href={`/reports/export/docx?${exportQuery}`} download>
          {t("report.exportDocx")}
        </a>
        <a href={`/reports/export/csv?${exportQuery}`} download>
          {t("report.exportCsv")}
        </a>
        <a href={`/reports/export/json?${exportQuery}`} download>
          {t("report.exportJson")}
        </a>
        <span className="muted small">{t("report.exportNote")}</span>
      </nav>
      <section className="report-editions no-print" aria-label={t("edition.title")}>
        {editions.length ? (
          <p>
            {t("edition.existing")}{" "}
            {editions.map((e) => (
              <Link key={e.id} to={`/reports/editions/${e.id}`} className="badge">
                {e.title}（{dayOfInstant(e.cutoffAt)}）
              </Link>
            ))}
          </p>
        ) : null}
        {canFreeze ? (
          <EditionFreezeForm unitId={report.unit.id} from={report.period.from} to={report.period.to} defaultTitle={defaultEditionTitle(report.unit.name, report.period.from, report.period.to)} />
        ) : null}
      </section>
      <p className="muted small no-print">
        {t("report.drillHint")} {t("report.yoyNote")}
      </p>
      {report.sections.map((s) => (
        <ReportSectionTable key={s.key} section={s} />
      ))}
      {report.registry ? (
        <section aria-labelledby="h-registry" className="report-registry">
          <h2 id="h-registry">{t("report.registry", { day: day(report.registry.day) })}</h2>
          <div className="table-wrap">
            <table className="report-table">
              <tbody>
                {(
                  [
                    ["report.registry.committees", report.registry.committees.total],
                    ["report.registry.village", report.registry.committees.village],
                    ["report.registry.township", report.registry.committees.township],
                    ["report.registry.industry", report.registry.committees.industry],
                    ["report.registry.stationed", report.registry.committees.stationed],
                    ["report.registry.personalRooms", report.registry.personalRooms],
                    ["report.registry.mediators", report.registry.mediators.total],
                    ["report.registry.fullTime", report.registry.mediators.fullTime],
                    ["report.registry.literate", report.registry.legallyLiterate],
                    ["report.registry.advisers", report.registry.villageAdvisers],
                    ["report.registry.govAdvisers", report.registry.govAdvisers.advisers],
                    ["report.registry.govAdviserDepartments", report.registry.govAdvisers.departments],
                    ["report.registry.lawyers", report.registry.legalAid.lawyers + report.registry.legalAid.workers],
                  ] as const
                ).map(([k, v]) => (
                  <tr key={k}>
                    <th scope="row">{t(k)}</th>
                    <td className="num">{v.toLocaleString("zh-CN")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      <ReportRankForm query={{ unit: report.unit.id, from: report.period.from, to: report.period.to }} rankKey={rankKey} rank={report.rank} error={report.rankError} />
      <ReportChildren rows={report.children} sort={sort} query={query} />
      {fileReviews ? (
        <FileReviewSummaryTable
          summary={fileReviews}
          heading="h2"
          periodLabel={P}
          showSentence
          childHref={(id) => `/reports?${new URLSearchParams({ unit: String(id), from: report.period.from, to: report.period.to })}#h-file-reviews`}
        />
      ) : null}
      <ReportMonthly months={report.monthly} />
      <section aria-labelledby="h-checks" className="report-checks">
        <h2 id="h-checks">{t("report.checks")}</h2>
        <ul>
          {report.checks.map((c) => (
            <li key={c.key} className={c.ok ? "ok" : "bad"}>
              <span aria-hidden="true">{c.ok ? "✓" : "✗"}</span> {c.text[locale]}{locale === "zh" ? "：" : ": "}<strong>{c.ok ? t("report.checkOk") : t("report.checkFailed")}</strong>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
