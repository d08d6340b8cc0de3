/** The unit and period of the report: a GET form (works without JavaScript) and quick choices as plain links. */
import { Form, Link } from "@remix-run/react";
import { useErrorText, useLocale, useT } from "~/utils/i18n";
import { UnitPicker, type UnitChoice } from "./unit-picker";

type Period = { from: string; to: string };
export type QuickPeriods = {
  thisYear: Period;
  lastYear: Period;
  year: number;
  quarters: Array<Period & { n: number }>;
  months: Array<Period & { n: number }>;
  /** earlier years with records or targets, each as a whole-year link */
  years?: Array<Period & { n: number }>;
};

export function ReportQueryForm({
  unitChoice,
  query,
  quick,
  fieldErrors = {},
}: {
  /** the report's unit, for the unit picker */
  unitChoice: UnitChoice | null;
  query: { unit: number | null; from: string; to: string };
  quick: QuickPeriods;
  fieldErrors?: Record<string, string | undefined>;
}) {
  const t = useT();
  const errorText = useErrorText();
  const locale = useLocale();
  const unitParam = query.unit ?? unitChoice?.id ?? "";
  const href = (p: Period) => `/reports?${new URLSearchParams({ unit: String(unitParam), from: p.from, to: p.to })}`;
  const current = (p: Period) => (p.from === query.from && p.to === query.to ? "page" : undefined);
  const err = (k: string) =>
    fieldErrors[k] ? (
      <p className="field-error" id={`rq-${k}-error`}>
        {errorText(fieldErrors[k])}
      </p>
    ) : null;
  return (
    <div className="report-query card no-print">
      <Form method="get" action="/reports" className="filters" aria-label={t("report.query")}>
        <div className="report-unit-field">
          <UnitPicker name="unit" label={t("report.unit")} value={unitChoice} error={fieldErrors.unit} />
        </div>
        <div className="field">
          <label htmlFor="rq-from">{t("report.from")}</label>
          <input id="rq-from" type="date" name="from" defaultValue={query.from} aria-invalid={fieldErrors.from ? true : undefined} aria-describedby={fieldErrors.from ? "rq-from-error" : undefined} />
          {err("from")}
        </div>
        <div className="field">
          <label htmlFor="rq-to">{t("report.to")}</label>
          <input id="rq-to" type="date" name="to" defaultValue={query.to} aria-invalid={fieldErrors.to ? true : undefined} aria-describedby={fieldErrors.to ? "rq-to-error" : undefined} />
          {err("to")}
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            {t("report.show")}
          </button>
        </div>
      </Form>
      {err("month")}
      <nav className="report-quick" aria-label={t("report.quick")}>
        <span className="muted small">{t("report.quick")}：</span>
        <Link to={href(quick.thisYear)} aria-current={current(quick.thisYear)}>
          {t("report.thisYear")}
        </Link>
        <Link to={href(quick.lastYear)} aria-current={current(quick.lastYear)}>
          {t("report.lastYear")}
        </Link>
        {(quick.years ?? []).map((y) => (
          <Link key={`y${y.n}`} to={href(y)} aria-current={current(y)}>
            {t("report.wholeYear", { year: y.n })}
          </Link>
        ))}
        {quick.quarters.length ? (
          <span className="report-quick-group" aria-label={t("report.monthsOf", { year: quick.year })}>
            <span className="muted small">{quick.year}：</span>
            {quick.quarters.map((q) => (
              <Link key={`q${q.n}`} to={href(q)} aria-current={current(q)}>
                {t("report.quarter", { n: locale === "zh" ? "一二三四"[q.n - 1] : q.n })}
              </Link>
            ))}
            {quick.months.map((m) => (
              <Link key={`m${m.n}`} to={href(m)} aria-current={current(m)}>
                {t("report.month", { n: m.n })}
              </Link>
            ))}
          </span>
        ) : null}
      </nav>
    </div>
  );
}
