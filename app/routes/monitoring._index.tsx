/**
 * /monitoring?unit=<id>&year=YYYY[&indicator=<key>] — the monitoring dashboard of a unit in reach: completion
 * against time progress for each targeted indicator, the children ranked with laggards highlighted, the monthly
 * trend (this year against last), overdue work and data-quality signals, each a link to its records.
 */
import { formatBoundedCount } from "~/utils/bounded-count";
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { MonitoringTrend } from "~/components/monitoring-trend";
import { ReportingCompletenessSection } from "~/components/reporting-completeness";
import { dataQualityScale, getDataQuality, SIGNALS } from "~/models/data-quality.server";
import { FileReviewSummaryTable } from "~/components/file-review-summary";
import { fileReviewSummary } from "~/models/file-reviews.server";
import { getDashboard } from "~/models/monitoring.server";
import { getUnitChoice } from "~/models/unit-search.server";
import { UnitPicker } from "~/components/unit-picker";
import { getReportingCompleteness } from "~/models/monthly-reports.server";
import { offeredYears } from "~/models/targets.server";
import { formatTargetFigure, TARGET_INDICATORS, targetIndicator } from "~/schemas/targets";
import { requirePermission } from "~/utils/auth.server";
import { formatDay, formatDayZh, todayInChina } from "~/utils/dates";
import { useLocale, useT } from "~/utils/i18n";
import { notFound } from "~/utils/responses.server";
import { pageTitle } from "~/utils/page-title";
import { U, useTx } from "~/components/user-text";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.monitoring");

export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const timing = loaderHeaders.get("Server-Timing");
  return timing ? { "Server-Timing": timing } : new Headers();
};

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:targets");
  const p = new URL(request.url).searchParams;
  const today = todayInChina();
  const thisYear = Number(today.slice(0, 4));
  const unitId = /^\d{1,12}$/.test(p.get("unit") ?? "") ? Number(p.get("unit")) : actor.unitId;
  const y = Number(p.get("year"));
  const year = Number.isInteger(y) && y >= 2000 && y <= thisYear ? y : thisYear;
  const indicator = targetIndicator(p.get("indicator") ?? "")?.key ?? null;
  const started = performance.now();
  const dashboard = await getDashboard({ actor, unitId, year, indicator, today });
  if (!dashboard) notFound();
  // a large subtree's signals are checked on demand, one at a time (their cost grows with its records)
  const qualityScale = await dataQualityScale({ actor, unitId, year });
  const quality = qualityScale?.inline === false ? [] : (await getDataQuality({ actor, unitId, year, today }) ?? []);
  const reporting = await getReportingCompleteness({ actor, unitId, year, today });
  const fileReviews = await fileReviewSummary({ actor, unitId: dashboard.unit.id, from: `${year}-01-01`, to: dashboard.asOf });
  const ms = performance.now() - started;
  return json(
    {
      dashboard,
      quality,
      // the signals' keys travel with the data: a .server module is empty in the browser (its SIGNALS undefined there)
      qualityDeferred: qualityScale?.inline === false ? { records: qualityScale.records, signals: [...SIGNALS] } : null,
      unitChoice: await getUnitChoice({ actor, id: unitId }),
      reporting,
      years: [...new Set([...await offeredYears({ actor, today, upTo: "this" }), year])].sort((a, b) => b - a),
      fileReviews,
    },
    { headers: { "Server-Timing": `monitoring;dur=${ms.toFixed(1)}` } },
  );
}

const pct = (v: number | null) => (v === null || !Number.isFinite(v) ? "—" : `${(v * 100).toFixed(1)}%`);

export default function MonitoringPage() {
  const { dashboard: d, quality, qualityDeferred, reporting, fileReviews, unitChoice, years } = useLoaderData<typeof loader>();
  const t = useT();
  const tx = useTx();
  const locale = useLocale();
  const progress = d.indicators[0]?.timeProgress ?? 0;
  const laggards = d.children.filter((c) => c.lagging);
  const base = `unit=${d.unit.id}&year=${d.year}`;
  return (
    <div className="monitoring">
      <h1>{tx("mon.heading", { unit: <U>{d.unit.name}</U>, year: d.year })}</h1>
      <p className="muted">
        {t("mon.asOf", { day: formatDay(d.asOf, locale), progress: pct(progress) })}
      </p>
      <Form method="get" className="targets-query no-print" aria-label={t("targets.choose")}>
        <UnitPicker name="unit" label={t("targets.unit")} value={unitChoice} activeOnly />
        <div className="field">
          <label htmlFor="m-year">{t("targets.year")}</label>
          <select id="m-year" name="year" defaultValue={d.year}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="m-ind">{t("mon.rankBy")}</label>
          <select id="m-ind" name="indicator" defaultValue={d.chosen.key}>
            {TARGET_INDICATORS.map((i) => (
              <option key={i.key} value={i.key}>
                {i.label[locale]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t("targets.show")}</button>
        {d.canSetTargets ? <Link to={`/targets?${base}`}>{t("mon.setTargets")}</Link> : null}
        <Link to={`/reports?unit=${d.unit.id}&from=${d.year}-01-01&to=${d.asOf}`}>{t("mon.toReport")}</Link>
      </Form>

      <section aria-labelledby="h-ind">
        <h2 id="h-ind">{t("mon.indicators")}</h2>
        <div className="monitor-cards">
          {d.indicators.map((i) => (
            <div key={i.key} className={`monitor-card${i.lagging ? " lagging" : ""}`} data-testid={`indicator-${i.key}`}>
              <div className="label">{i.label[locale]}</div>
              <div className="value">{formatTargetFigure(i.actual, i.measure)}</div>
              {i.target === null ? (
                <div className="sub muted">{t("mon.noTarget")}</div>
              ) : (
                <>
                  <div className="sub">
                    {t("mon.col.target")} {formatTargetFigure(i.target, i.measure)} · {t("mon.col.completion")} <strong>{pct(i.completionRate)}</strong>
                  </div>
                  {i.measure !== "rate" ? (
                    <div className="progress" aria-hidden="true">
                      <div className="done" style={{ width: `${Math.min(100, (i.completionRate ?? 0) * 100)}%` }} />
                      <div className="time" style={{ left: `${Math.min(100, i.timeProgress * 100)}%` }} />
                    </div>
                  ) : null}
                  <div className="sub">
                    {t("mon.col.progress")} {pct(i.timeProgress)} · <span className={i.lagging ? "status-behind" : "status-ok"}>{i.lagging ? t("mon.behind") : t("mon.onTrack")}</span>
                  </div>
                </>
              )}
            </div>
          ))}
        </div>
        <p className="muted small">{t("mon.lagRule")}</p>
      </section>

      <section aria-labelledby="h-children" className="monitoring-children">
        <h2 id="h-children">{t("mon.children", { indicator: d.chosen.label[locale] })}</h2>
        {laggards.length ? (
          <p className="notice warn" role="status">
            {t("mon.laggards", { names: laggards.map((c) => c.name).join("、") })}
          </p>
        ) : null}
        {d.children.length ? (
          <div className="table-wrap">
            <table className="report-table">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t("mon.col.rank")}
                  </th>
                  <th scope="col">{t("mon.col.unit")}</th>
                  <th scope="col" className="num">
                    {t("mon.col.actual")}
                  </th>
                  <th scope="col" className="num">
                    {t("mon.col.target")}
                  </th>
                  <th scope="col" className="num">
                    {t("mon.col.completion")}
                  </th>
                  <th scope="col" className="num hide-narrow">
                    {t("mon.col.progress")}
                  </th>
                  <th scope="col">{t("mon.col.status")}</th>
                </tr>
              </thead>
              <tbody>
                {d.children.map((c) => (
                  <tr key={c.id} className={c.lagging ? "lagging" : undefined} data-lagging={c.lagging ? "true" : undefined}>
                    <td className="num">{c.rank ?? "—"}</td>
                    <th scope="row">
                      <Link to={`/monitoring?unit=${c.id}&year=${d.year}&indicator=${d.chosen.key}`} data-user-text>{c.name}</Link>
                    </th>
                    <td className="num">{formatTargetFigure(c.actual, d.chosen.measure)}</td>
                    <td className="num">{c.target === null ? "—" : formatTargetFigure(c.target, d.chosen.measure)}</td>
                    <td className="num">{pct(c.completionRate)}</td>
                    <td className="num hide-narrow">{pct(c.timeProgress)}</td>
                    <td>{c.completionRate === null ? <span className="muted">{c.target === null ? t("mon.noTarget") : "—"}</span> : c.lagging ? <strong className="status-behind">{t("mon.behind")}</strong> : <span className="status-ok">{t("mon.onTrack")}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t("mon.childrenEmpty")}</p>
        )}
      </section>

      <MonitoringTrend year={d.year} label={d.trend.label[locale]} months={d.trend.months} ytd={d.trend.ytd} />

      <section aria-labelledby="h-overdue">
        <h2 id="h-overdue">{t("mon.overdue")}</h2>
        <ul className="overdue-list">
          {d.overdue.map((o) => (
            <li key={o.key} className={o.count ? "has" : undefined}>
              <Link to={o.href} aria-label={`${t(`mon.overdue.${o.key}`)} ${formatBoundedCount(o.count)}`}>
                <span>{t(`mon.overdue.${o.key}`)}</span> <strong>{formatBoundedCount(o.count)}</strong>
              </Link>
            </li>
          ))}
        </ul>
      </section>

      {reporting && reporting.months.length ? <ReportingCompletenessSection data={reporting} /> : null}
      {fileReviews ? (
        <FileReviewSummaryTable
          summary={fileReviews}
          heading="h2"
          periodLabel={locale === "zh" ? `${d.year}年1月1日至${formatDayZh(d.asOf).replace(/^\d+年/, "")}` : `${d.year}-01-01 – ${d.asOf}`}
          childHref={(id) => `/monitoring?unit=${id}&year=${d.year}&indicator=${d.chosen.key}#h-file-reviews`}
        />
      ) : null}

      <section aria-labelledby="h-quality">
        <h2 id="h-quality">{t("mon.quality")}</h2>
        <p className="muted small">{t("mon.qualityNote")}</p>
        {qualityDeferred ? (
          <div data-testid="quality-on-demand">
            <p>{t("mon.qualityOnDemand", { n: qualityDeferred.records.toLocaleString(locale === "zh" ? "zh-CN" : "en") })}</p>
            <ul>
              {qualityDeferred.signals.map((key) => (
                <li key={key}>
                  <Link to={`/monitoring/quality?${base}&signal=${key}`}>{t(`dq.${key}`)}</Link>
                </li>
              ))}
            </ul>
          </div>
        ) : quality.length ? (
          <div className="table-wrap">
            <table className="report-table">
              <thead>
                <tr>
                  <th scope="col">{t("mon.col.indicator")}</th>
                  <th scope="col">{t("mon.col.unit")}</th>
                  <th scope="col" className="hide-narrow" />
                  <th scope="col" className="num">
                    {t("mon.records")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {quality.slice(0, 60).map((s) => (
                  <tr key={`${s.key}-${s.unitId}`}>
                    <td>{t(`dq.${s.key}`)}</td>
                    <td data-user-text>{s.unitName}</td>
                    <td className="hide-narrow muted small">{t(`dq.detail.${s.key}`, { detail: s.detail })}</td>
                    <td className="num">
                      <Link to={s.href}>{t("dq.count", { n: s.count })}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t("mon.qualityNone")}</p>
        )}
      </section>
    </div>
  );
}
