/** 案卷评查 on a mediation page: the reviews so far and, for a reviewer, the grading form (posts to /documents/reviews). */
import { useSearchParams } from "@remix-run/react";
import { FILE_REVIEW_FAULTS, FILE_REVIEW_GRADES, knownErrorKey } from "~/schemas/document";
import { isMessageKey } from "~/i18n";
import { todayInChina } from "~/utils/dates";
import { useErrorText, useLocale, useT } from "~/utils/i18n";
import { FormNotice } from "./form-fields";

export type FileReviewData = {
  list: { id: number; reviewedOn: string; grade: string; faults: string[]; note: string; reviewerName: string }[];
  canReview: boolean;
};

export function FileReviewPanel({ mediationId, review }: { mediationId: number; review: FileReviewData }) {
  const t = useT();
  const locale = useLocale();
  const errorText = useErrorText();
  const [params] = useSearchParams();
  const error = knownErrorKey(params.get("reviewError"), isMessageKey);
  if (!review.canReview && review.list.length === 0) return null;
  return (
    <div className="file-review" id="file-review">
      <h3>{t("review.title")}</h3>
      {params.get("review") === "saved" ? <FormNotice kind="ok">{t("review.saved")}</FormNotice> : null}
      {error ? <FormNotice kind="error">{errorText(error)}</FormNotice> : null}
      {review.list.length ? (
        <ul className="review-list">
          {review.list.map((r) => (
            <li key={r.id}>
              <strong>{FILE_REVIEW_GRADES.label(r.grade, locale)}</strong> · {r.reviewedOn} · {r.reviewerName}
              {r.faults.length ? ` · ${r.faults.map((f) => FILE_REVIEW_FAULTS.label(f, locale)).join("、")}` : ""}
              {r.note ? <div className="pre small">{r.note}</div> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {review.canReview ? (
        <form method="post" action="/documents/reviews" aria-label={t("review.title")}>
          <input type="hidden" name="mediationId" value={mediationId} />
          <input type="hidden" name="reviewedOn" value={todayInChina()} />
          <fieldset className="choice-group">
            <legend>{t("review.grade")}</legend>
            {FILE_REVIEW_GRADES.options(locale).map((o) => (
              <label key={o.value}>
                <input type="radio" name="grade" value={o.value} required /> {o.label}
              </label>
            ))}
          </fieldset>
          <fieldset className="choice-group">
            <legend>{t("review.faults")}</legend>
            {FILE_REVIEW_FAULTS.options(locale).map((o) => (
              <label key={o.value}>
                <input type="checkbox" name="faults" value={o.value} /> {o.label}
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="review-note">{t("review.note")}</label>
            <textarea id="review-note" name="note" maxLength={500} rows={2} />
          </div>
          <button type="submit">{t("review.submit")}</button>{" "}
          <a href="/documents/reviews" className="small">
            {t("review.summaryTitle")}
          </a>
        </form>
      ) : null}
    </div>
  );
}
