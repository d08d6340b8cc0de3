/** Month by month: charts once JavaScript runs (recharts, loaded on demand), and always the same figures as a table. */
import { lazy, Suspense, useEffect, useRef } from "react";
import { formatMeasure } from "~/models/report-indicators";
import { useHydrated } from "~/utils/use-hydrated";
import { useLocale, useT } from "~/utils/i18n";

const ReportChart = lazy(() => import("./report-chart.client"));

export type MonthRow = { month: number; consultationPersonTimes: number; mediationAccepted: number; mediationSuccessful: number };

export function ReportMonthly({ months }: { months: MonthRow[] }) {
  const t = useT();
  const locale = useLocale();
  const hydrated = useHydrated();
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    // a printed report shows the table (the chart is not printed)
    const open = () => details.current?.setAttribute("open", "");
    window.addEventListener("beforeprint", open);
    return () => window.removeEventListener("beforeprint", open);
  }, []);
  const label = (m: number) => (locale === "zh" ? `${Math.floor(m / 100)}年${m % 100}月` : `${Math.floor(m / 100)}-${String(m % 100).padStart(2, "0")}`);
  const shortLabel = (m: number) => (months.length > 12 || new Set(months.map((x) => Math.floor(x.month / 100))).size > 1 ? label(m) : locale === "zh" ? `${m % 100}月` : String(m % 100));
  const total = months.reduce(
    (s, m) => ({ c: s.c + m.consultationPersonTimes, a: s.a + m.mediationAccepted, s: s.s + m.mediationSuccessful }),
    { c: 0, a: 0, s: 0 },
  );
  return (
    <section aria-labelledby="h-monthly" className="report-monthly">
      <h2 id="h-monthly">{t("report.monthly")}</h2>
      {hydrated ? (
        <div className="no-print">
          <Suspense fallback={<p className="muted small">{t("report.chartLoading")}</p>}>
            <ReportChart
              data={months.map((m) => ({ label: shortLabel(m.month), consultation: m.consultationPersonTimes, accepted: m.mediationAccepted, successful: m.mediationSuccessful }))}
              labels={{
                consultationTitle: t("report.chartConsultation"),
                mediationTitle: t("report.chartMediation"),
                consultation: t("report.col.consultation"),
                accepted: t("report.col.accepted"),
                successful: t("report.col.successful"),
              }}
            />
          </Suspense>
        </div>
      ) : null}
      <details ref={details} className="report-monthly-table" open={!hydrated || undefined}>
        <summary>{t("report.monthlyTable")}</summary>
        <div className="table-wrap">
          <table className="report-table">
            <thead>
              <tr>
                <th scope="col">{t("report.monthCol")}</th>
                <th scope="col" className="num">
                  {t("report.col.consultation")}
                </th>
                <th scope="col" className="num">
                  {t("report.col.accepted")}
                </th>
                <th scope="col" className="num">
                  {t("report.col.successful")}
                </th>
              </tr>
            </thead>
            <tbody>
              {months.map((m) => (
                <tr key={m.month}>
                  <th scope="row">{label(m.month)}</th>
                  <td className="num">{formatMeasure(m.consultationPersonTimes, "personTimes")}</td>
                  <td className="num">{formatMeasure(m.mediationAccepted, "cases")}</td>
                  <td className="num">{formatMeasure(m.mediationSuccessful, "cases")}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t("report.total")}</th>
                <td className="num">{formatMeasure(total.c, "personTimes")}</td>
                <td className="num">{formatMeasure(total.a, "cases")}</td>
                <td className="num">{formatMeasure(total.s, "cases")}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      </details>
    </section>
  );
}
