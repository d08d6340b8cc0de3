/**
 * 案卷评查 by unit: the share of concluded mediation files reviewed and their latest grades, for a unit and its
 * children (monitoring, the annual report, /documents/reviews). Each figure links to the files behind it (the
 * mediation list with the same unit, conclusion period and review filter); a child's name drills down the tree.
 */
import { Link } from "@remix-run/react";
import { FILE_REVIEW_GRADES } from "~/schemas/document";
import { useLocale, useT } from "~/utils/i18n";

type Row = {
  unitId: number;
  unitName: string;
  ownLevel: boolean;
  concluded: number;
  reviewed: number;
  share: number | null;
  grades: Record<string, number>;
};
export type FileReviewSummaryData = {
  unit: { id: number; name: string };
  period: { from: string; to: string };
  total: Row;
  children: Row[];
  sentence: string | null;
};

const pct = (share: number | null) => (share === null ? "—" : `${(share * 100).toFixed(1)}%`);

/** The mediation list of a unit's files concluded in the period, narrowed by the review filter. */
export function reviewedFilesHref(unitId: number, period: { from: string; to: string }, review?: string) {
  const q = new URLSearchParams({ unit: String(unitId), dateField: "concluded", from: period.from, to: period.to, status: "concluded" });
  if (review) q.set("review", review);
  return `/mediations?${q}`;
}

export function FileReviewSummaryTable({
  summary,
  childHref,
  heading = "h3",
  periodLabel,
  showSentence = false,
}: {
  summary: FileReviewSummaryData;
  /** where a child unit's name leads (the same page for that unit); no link without it */
  childHref?: (unitId: number) => string;
  heading?: "h2" | "h3";
  periodLabel: string;
  showSentence?: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const H = heading;
  const rows = [...summary.children, { ...summary.total, unitName: t("review.total") }];
  const figure = (r: Row, n: number, review?: string) =>
    r.ownLevel || n === 0 ? (
      n
    ) : (
      <Link to={reviewedFilesHref(r.unitId, summary.period, review)} aria-label={`${r.unitName} ${review ? (FILE_REVIEW_GRADES.values.includes(review as never) ? FILE_REVIEW_GRADES.label(review, locale) : t(`review.filter.${review}`)) : t("review.concluded")} ${n}`}>
        {n}
      </Link>
    );
  return (
    <section aria-labelledby="h-file-reviews" className="file-review-summary">
      <H id="h-file-reviews">{t("review.section")}</H>
      {showSentence && summary.sentence ? (
        <p className="report-sentence" data-testid="file-review-sentence">
          {summary.sentence}
        </p>
      ) : null}
      <p className="muted small">{t("review.sectionNote", { period: periodLabel })}</p>
      {summary.total.concluded === 0 && summary.total.reviewed === 0 ? (
        <p className="muted">{t("review.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="report-table" data-testid="review-summary">
            <thead>
              <tr>
                <th scope="col">{t("review.unit")}</th>
                <th scope="col" className="num">
                  {t("review.concluded")}
                </th>
                <th scope="col" className="num">
                  {t("review.reviewed")}
                </th>
                <th scope="col" className="num">
                  {t("review.share")}
                </th>
                {FILE_REVIEW_GRADES.values.map((g) => (
                  <th key={g} scope="col" className="num">
                    {FILE_REVIEW_GRADES.label(g, locale)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={`${r.unitId}-${i}`}>
                  <th scope="row">{childHref && !r.ownLevel && i < rows.length - 1 ? <Link to={childHref(r.unitId)}>{r.unitName}</Link> : r.unitName}</th>
                  <td className="num">{figure(r, r.concluded)}</td>
                  <td className="num">{figure(r, r.reviewed, "reviewed")}</td>
                  <td className="num">{pct(r.share)}</td>
                  {FILE_REVIEW_GRADES.values.map((g) => (
                    <td key={g} className="num">
                      {figure(r, r.grades[g] ?? 0, g)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
