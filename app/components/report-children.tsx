/** The breakdown by child unit: sortable by each column with plain links (?sort=), every number links to its records. */
import { Link } from "@remix-run/react";
import { formatMeasure } from "~/models/report-indicators";
import { UNIT_LEVELS, UNIT_TYPES } from "~/schemas/enums/units";
import { useLocale, useT } from "~/utils/i18n";

export type ChildRow = {
  id: number;
  name: string;
  level: string;
  type: string;
  consultationPersonTimes: number;
  mediationAccepted: number;
  mediationConcluded: number;
  mediationSuccessful: number;
  mediationSuccessShare: number | null;
  legalAidGranted: number;
  links: { consultation: string; mediationAccepted: string; mediationSuccessful: string; legalAidGranted: string; report: string };
};
type Column = "name" | "consultation" | "accepted" | "concluded" | "successful" | "successShare" | "legalAid";

export function ReportChildren({
  rows,
  sort,
  query,
}: {
  rows: ChildRow[];
  sort: { column: Column; desc: boolean } | null;
  query: { unit: number; from: string; to: string };
}) {
  const t = useT();
  const locale = useLocale();
  const sortHref = (column: Column) => {
    // first click: names ascending, figures descending (largest first); a second click reverses
    const desc = sort?.column === column ? !sort.desc : column !== "name";
    const sp = new URLSearchParams({ unit: String(query.unit), from: query.from, to: query.to, sort: `${desc ? "-" : ""}${column}` });
    return `/reports?${sp}#children`;
  };
  const concludedHref = (c: ChildRow) => `/mediations?${new URLSearchParams({ unit: String(c.id), from: query.from, to: query.to, dateField: "concluded", status: "concluded" })}`;
  const Th = ({ column, label, num = true }: { column: Column; label: string; num?: boolean }) => {
    const active = sort?.column === column;
    return (
      <th scope="col" className={num ? "num" : undefined} aria-sort={active ? (sort!.desc ? "descending" : "ascending") : undefined}>
        <Link to={sortHref(column)} preventScrollReset title={t("report.sortBy")}>
          {label}
          {active ? (sort!.desc ? " ▼" : " ▲") : ""}
          <span className="report-sr">{active ? (sort!.desc ? t("report.sortedDesc") : t("report.sortedAsc")) : ""}</span>
        </Link>
      </th>
    );
  };
  return (
    <section aria-labelledby="h-children" id="children" className="report-children">
      <h2 id="h-children">{t("report.children")}</h2>
      {rows.length === 0 ? (
        <p className="muted">{t("report.childrenEmpty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="report-table">
            <thead>
              <tr>
                <Th column="name" label={t("report.childUnit")} num={false} />
                <Th column="consultation" label={t("report.col.consultation")} />
                <Th column="accepted" label={t("report.col.accepted")} />
                <Th column="concluded" label={t("report.col.concluded")} />
                <Th column="successful" label={t("report.col.successful")} />
                <Th column="successShare" label={t("report.col.successShare")} />
                <Th column="legalAid" label={t("report.col.legalAid")} />
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={c.links.report} title={t("report.openReport", { unit: c.name })} data-user-text>
                      {c.name}
                    </Link>
                    <span className="badge hide-narrow">{c.type === "admin" ? UNIT_LEVELS.label(c.level, locale) : UNIT_TYPES.label(c.type, locale)}</span>
                  </th>
                  <td className="num">
                    <Link to={c.links.consultation}>{formatMeasure(c.consultationPersonTimes, "personTimes")}</Link>
                  </td>
                  <td className="num">
                    <Link to={c.links.mediationAccepted}>{formatMeasure(c.mediationAccepted, "cases")}</Link>
                  </td>
                  <td className="num">
                    <Link to={concludedHref(c)}>{formatMeasure(c.mediationConcluded, "cases")}</Link>
                  </td>
                  <td className="num">
                    <Link to={c.links.mediationSuccessful}>{formatMeasure(c.mediationSuccessful, "cases")}</Link>
                  </td>
                  <td className="num">{formatMeasure(c.mediationSuccessShare, "rate")}</td>
                  <td className="num">
                    <Link to={c.links.legalAidGranted}>{formatMeasure(c.legalAidGranted, "cases")}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
