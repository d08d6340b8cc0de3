/**
 * 月报报送 (零报告) completeness and timeliness of a unit's area: per month, per unit below, and the units that have
 * not reported for the month shown, each a link to its monthly report page. Used by the monitoring dashboard and
 * the monthly report page.
 */
import { Link } from "@remix-run/react";
import type { ReportingCompleteness } from "~/models/monthly-reports.server";
import { useT } from "~/utils/i18n";
import { U, useTx } from "./user-text";

const pct = (v: number | null) => (v === null || !Number.isFinite(v) ? "—" : `${(Math.round(v * 1000) / 10).toFixed(1)}%`);
const monthText = (m: number) => `${Math.floor(m / 100)}-${String(m % 100).padStart(2, "0")}`;

export function ReportingCompletenessSection({ data: d }: { data: ReportingCompleteness }) {
  const t = useT();
  const tx = useTx();
  return (
    <section aria-labelledby="h-reporting" className="reporting-completeness" data-testid="reporting-completeness">
      <h2 id="h-reporting">{t("mr.section")}</h2>
      <p className="muted small">{t("mr.rule", { n: d.deadlineDay })}</p>
      <p data-testid="reporting-total">{t("mr.yearTotal", { c: pct(d.total.completeness), t: pct(d.total.timeliness) })}</p>
      {d.months.length ? (
        <div className="table-wrap">
          <table className="report-table" aria-label={t("mr.area", { year: d.year })}>
            <thead>
              <tr>
                <th scope="col">{t("mr.monthCol")}</th>
                <th scope="col" className="num">{t("mr.expected")}</th>
                <th scope="col" className="num">{t("mr.submitted")}</th>
                <th scope="col" className="num">{t("mr.timely")}</th>
                <th scope="col" className="num">{t("mr.completeness")}</th>
                <th scope="col" className="num">{t("mr.timeliness")}</th>
              </tr>
            </thead>
            <tbody>
              {d.months.map((m) => (
                <tr key={m.month}>
                  <th scope="row">
                    <Link to={`/reports/monthly?unit=${d.unit.id}&month=${monthText(m.month)}`}>{monthText(m.month)}</Link>
                    {m.open ? <span className="muted small"> {t("mr.openMonth")}</span> : null}
                  </th>
                  <td className="num">{m.expected}</td>
                  <td className="num">{m.submitted}</td>
                  <td className="num">{m.timely}</td>
                  <td className="num">{pct(m.completeness)}</td>
                  <td className="num">{pct(m.timeliness)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {d.children.length > 1 ? (
        <div className="table-wrap">
          <table className="report-table" aria-label={t("mr.byUnit")}>
            <caption>{t("mr.byUnit")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("mr.unit")}</th>
                <th scope="col" className="num">{t("mr.expected")}</th>
                <th scope="col" className="num">{t("mr.submitted")}</th>
                <th scope="col" className="num">{t("mr.completeness")}</th>
                <th scope="col" className="num">{t("mr.timeliness")}</th>
              </tr>
            </thead>
            <tbody>
              {d.children.slice(0, 100).map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`/reports/monthly?unit=${c.id}${d.shownMonth ? `&month=${monthText(d.shownMonth)}` : ""}`} data-user-text>{c.name}</Link>
                    {c.self ? <span className="muted small">{t("mr.self")}</span> : null}
                  </th>
                  <td className="num">{c.expected}</td>
                  <td className="num">{c.submitted}</td>
                  <td className="num">{pct(c.completeness)}</td>
                  <td className="num">{pct(c.timeliness)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {d.shownMonth ? (
        <div data-testid="reporting-missing">
          {d.missing.length ? (
            <>
              <h3>{t("mr.missingList", { month: monthText(d.shownMonth), n: d.missingTotal })}</h3>
              <ul className="inline-list">
                {d.missing.slice(0, 300).map((u) => (
                  <li key={u.id}>
                    <Link to={u.href} data-user-text>{u.name}</Link>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="status-ok">{t("mr.missingNone", { month: monthText(d.shownMonth) })}</p>
          )}
          {d.late.length ? <p className="muted">{tx("mr.lateList", { names: <U>{d.late.slice(0, 50).map((u) => `${u.name}（${u.submittedOn}）`).join("、")}</U> })}</p> : null}
        </div>
      ) : null}
    </section>
  );
}
