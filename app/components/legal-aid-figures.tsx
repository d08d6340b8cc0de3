import { Link } from "@remix-run/react";
import type { LegalAidFigures } from "~/models/counting-rules";
import { PERSON_CATEGORIES } from "~/schemas/enums/consultation";
import { LEGAL_AID_CASE_TYPES } from "~/schemas/enums/legal-aid";
import { formatDay } from "~/utils/dates";
import { useLocale, useT } from "~/utils/i18n";
import { U, useTx } from "./user-text";

type Figures = LegalAidFigures & { overdueReview: number; overdueAssignment: number };

const yuan = (fen: number) => (fen / 100).toLocaleString("zh-CN", { maximumFractionDigits: 2 });
const wan = (fen: number) => (fen / 1_000_000).toLocaleString("zh-CN", { maximumFractionDigits: 2 });

/** The legal aid figures of design §4 for one unit and period, each a link to the cases behind it. */
export function LegalAidFiguresBlock({
  figures,
  unit,
  from,
  to,
}: {
  figures: Figures;
  unit: { id: number; name: string };
  from: string;
  to: string;
}) {
  const t = useT();
  const tx = useTx();
  const locale = useLocale();
  const href = (extra: Record<string, string>) => `/legal-aid?${new URLSearchParams({ unit: String(unit.id), from, to, ...extra })}`;
  const cell = (key: string, label: string, value: string | number, to: string | null, sub?: string) => (
    <div className="figure" data-testid={`la-fig-${key}`}>
      <div className="label">{label}</div>
      <div className="value">{to ? <Link to={to}>{value}</Link> : value}</div>
      {sub ? <div className="sub">{sub}</div> : null}
    </div>
  );
  return (
    <section className="card" aria-labelledby="la-fig-title">
      <h2 id="la-fig-title">{tx("la.fig.title", { unit: <U>{unit.name}</U>, from, to })}</h2>
      <p className="muted small">{t("la.fig.note")}</p>
      <div className="grid la-figures">
        {cell("applications", t("la.fig.applications"), figures.applications, href({ dateField: "applied" }))}
        {cell(
          "granted",
          t("la.fig.granted"),
          figures.granted,
          href({ dateField: "decided", status: "grantedAll" }),
          t("la.fig.litigation", { lit: figures.litigation, non: figures.nonLitigation })
        )}
        {cell("beneficiaries", t("la.fig.beneficiaries"), figures.beneficiaries, href({ dateField: "decided", status: "grantedAll" }))}
        {cell("special", t("la.fig.special"), figures.specialGroupCases, href({ dateField: "decided", status: "grantedAll", category: "special" }))}
        {cell("closed", t("la.fig.closed"), figures.closed, href({ dateField: "closed", status: "closed" }))}
        {cell(
          "recovered",
          t("la.fig.recovered"),
          t("la.fig.wan", { n: wan(figures.recoveredFen) }),
          href({ dateField: "closed", status: "closed" }),
          `${yuan(figures.recoveredFen)} ${t("la.fig.yuan")}`
        )}
        {cell("refused", t("la.fig.refused"), figures.refused, href({ dateField: "decided", status: "refused" }))}
        {cell("terminated", t("la.fig.terminated"), figures.terminated, null)}
        {cell(
          "overdue",
          t("la.fig.overdue"),
          figures.overdueReview + figures.overdueAssignment,
          `/legal-aid?${new URLSearchParams({ unit: String(unit.id), overdue: "any" })}`,
          t("la.fig.overdueSub", { review: figures.overdueReview, assignment: figures.overdueAssignment })
        )}
      </div>
      <p className="la-sentence">
        {tx("la.fig.sentence", {
          from: formatDay(from, locale),
          to: formatDay(to, locale),
          unit: <U>{unit.name}</U>,
          granted: figures.granted,
          beneficiaries: figures.beneficiaries,
          special: figures.specialGroupCases,
          closed: figures.closed,
          wan: wan(figures.recoveredFen),
        })}
      </p>
      <details>
        <summary>
          {t("la.fig.byType")} · {t("la.fig.byCategory")}
        </summary>
        <div className="la-breakdowns">
          <div className="table-wrap">
            <table>
              <caption className="sr-only">{t("la.fig.byType")}</caption>
              <thead>
                <tr>
                  <th>{t("la.caseType")}</th>
                  <th className="num">{t("la.fig.applications")}</th>
                  <th className="num">{t("la.fig.granted")}</th>
                  <th className="num">{t("la.fig.closed")}</th>
                  <th className="num">{t("la.fig.recovered")}</th>
                </tr>
              </thead>
              <tbody>
                {figures.byType.map((r) => (
                  <tr key={r.code}>
                    <td>{LEGAL_AID_CASE_TYPES.label(r.code, locale)}</td>
                    <td className="num">{r.applications}</td>
                    <td className="num">
                      <Link to={href({ dateField: "decided", status: "grantedAll", caseType: r.code })}>{r.granted}</Link>
                    </td>
                    <td className="num">{r.closed}</td>
                    <td className="num">{yuan(r.recoveredFen)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="table-wrap">
            <table>
              <caption className="sr-only">{t("la.fig.byCategory")}</caption>
              <thead>
                <tr>
                  <th>{t("la.b.categories")}</th>
                  <th className="num">{t("la.fig.beneficiaries")}</th>
                  <th className="num">{t("la.fig.special")}</th>
                </tr>
              </thead>
              <tbody>
                {figures.byCategory.map((r) => (
                  <tr key={r.code}>
                    <td>{PERSON_CATEGORIES.label(r.code, locale)}</td>
                    <td className="num">{r.beneficiaries}</td>
                    <td className="num">
                      {r.code === "low_income" ? (
                        "—"
                      ) : (
                        <Link to={href({ dateField: "decided", status: "grantedAll", category: r.code })}>{r.cases}</Link>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </details>
    </section>
  );
}
