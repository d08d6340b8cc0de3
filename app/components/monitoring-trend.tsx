/** Monthly trend on the dashboard: a chart once JavaScript runs (recharts, loaded on demand), always a table. */
import { lazy, Suspense } from "react";
import { useHydrated } from "~/utils/use-hydrated";
import { useLocale, useT } from "~/utils/i18n";
import { formatMonthDay } from "~/utils/dates";

const MonitoringChart = lazy(() => import("./monitoring-chart.client"));

export function MonitoringTrend({
  year,
  label,
  months,
  ytd,
}: {
  year: number;
  label: string;
  months: Array<{ month: number; thisYear: number | null; lastYear: number; partialThroughDay?: number | null }>;
  ytd?: { through: string; thisYear: number; lastYear: number };
}) {
  const t = useT();
  const locale = useLocale();
  const hydrated = useHydrated();
  const m = (n: number, partialThroughDay?: number | null) =>
    `${locale === "zh" ? `${n}月` : String(n)}${partialThroughDay ? t("mon.partialMonth", { day: partialThroughDay }) : ""}`;
  const fmt = (v: number | null) => (v === null ? "—" : v.toLocaleString("zh-CN"));
  return (
    <section aria-labelledby="h-trend" className="monitoring-trend">
      <h2 id="h-trend">{t("mon.trend", { indicator: label })}</h2>
      {ytd ? (
        <p className="small" data-testid="trend-ytd">
          {t("mon.ytd", { through: formatMonthDay(ytd.through, locale), thisYear: ytd.thisYear.toLocaleString("zh-CN"), lastYear: ytd.lastYear.toLocaleString("zh-CN") })}
        </p>
      ) : null}
      {hydrated ? (
        <Suspense fallback={<p className="muted small">{t("mon.chartLoading")}</p>}>
          <MonitoringChart
            data={months.map((x) => ({ label: m(x.month, x.partialThroughDay), thisYear: x.thisYear, lastYear: x.lastYear }))}
            labels={{ thisYear: t("mon.thisYear", { year }), lastYear: t("mon.thisYear", { year: year - 1 }) }}
          />
        </Suspense>
      ) : null}
      <details className="monitoring-trend-table" open={!hydrated || undefined}>
        <summary>{t("mon.trendTable")}</summary>
        <div className="table-wrap">
          <table className="report-table">
            <thead>
              <tr>
                <th scope="col">{t("mon.month")}</th>
                <th scope="col" className="num">
                  {t("mon.thisYear", { year })}
                </th>
                <th scope="col" className="num">
                  {t("mon.thisYear", { year: year - 1 })}
                </th>
              </tr>
            </thead>
            <tbody>
              {months.map((x) => (
                <tr key={x.month}>
                  <th scope="row">{m(x.month, x.partialThroughDay)}</th>
                  <td className="num">{fmt(x.thisYear)}</td>
                  <td className="num">{fmt(x.lastYear)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
