/** One section of the report: indicator, this period, the same period last year, the change; figures link to their records. */
import { Link } from "@remix-run/react";
import { formatMeasure, type Measure } from "~/models/report-indicators";
import { useLocale, useT } from "~/utils/i18n";

export type SectionRow = {
  key: string;
  label: { zh: string; en: string };
  measure: Measure;
  level: 0 | 1;
  value: number | null;
  previous: number | null;
  yoy: number | null;
  href: string | null;
};
export type Section = { key: string; title: { zh: string; en: string }; rows: SectionRow[] };

export function formatValue(value: number | null, measure: Measure, yuan: string) {
  const s = formatMeasure(value, measure);
  return measure === "fen" && value !== null ? `${s} ${yuan}` : s;
}

export function formatChange(yoy: number | null) {
  if (yoy === null || !Number.isFinite(yoy)) return "—";
  const p = (yoy * 100).toFixed(2);
  return yoy > 0 ? `+${p}%` : yoy < 0 ? `−${p.slice(1)}%` : "0.00%";
}

export function ReportSectionTable({ section }: { section: Section }) {
  const t = useT();
  const locale = useLocale();
  const yuan = t("report.yuan");
  const id = `section-${section.key}`;
  return (
    <section aria-labelledby={`h-${id}`} className="report-section">
      <h2 id={`h-${id}`}>{section.title[locale]}</h2>
      <div className="table-wrap">
        <table className="report-table">
          <thead>
            <tr>
              <th scope="col">{t("report.indicator")}</th>
              <th scope="col" className="num">
                {t("report.current")}
              </th>
              <th scope="col" className="num">
                {t("report.previous")}
              </th>
              <th scope="col" className="num">
                {t("report.yoy")}
              </th>
            </tr>
          </thead>
          <tbody>
            {section.rows.map((r) => {
              const value = formatValue(r.value, r.measure, yuan);
              return (
                <tr key={r.key} className={r.level ? "sub" : undefined}>
                  <th scope="row" className={r.level ? "indent" : undefined}>
                    {r.label[locale]}
                  </th>
                  <td className="num">{r.href && r.value !== null ? <Link to={r.href}>{value}</Link> : value}</td>
                  <td className="num">{formatValue(r.previous, r.measure, yuan)}</td>
                  <td className={`num ${r.yoy && r.yoy > 0 ? "up" : r.yoy && r.yoy < 0 ? "down" : ""}`}>{formatChange(r.yoy)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
