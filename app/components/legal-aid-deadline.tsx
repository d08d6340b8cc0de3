import type { LegalAidDeadlines } from "~/models/legal-aid-reads.server";
import { useT } from "~/utils/i18n";

/** The statutory limit a case is under now, flagged when overdue or due soon. */
export function LegalAidDeadlineText({ d, long = false }: { d: LegalAidDeadlines; long?: boolean }) {
  const t = useT();
  if (d.reviewDue !== null && d.reviewDaysLeft !== null) {
    if (d.reviewOverdue)
      return (
        <span className="la-flag overdue">
          <span className="badge danger">{t("la.badge.overdue")}</span> {t("la.deadline.reviewOverdue", { n: -d.reviewDaysLeft, day: d.reviewDue })}
        </span>
      );
    if (d.reviewDaysLeft === 0) return <span className="la-flag soon">{t("la.deadline.reviewToday")}</span>;
    return (
      <span className={`la-flag${d.reviewDueSoon ? " soon" : ""}`}>
        {d.reviewDueSoon ? <span className="badge warn">{t("la.badge.soon")}</span> : null}{" "}
        {t("la.deadline.review", { day: d.reviewDue, n: d.reviewDaysLeft })}
      </span>
    );
  }
  if (d.waitingDocuments) return <span className="la-flag muted">{t("la.deadline.waitingDocs")}</span>;
  if (d.assignDue !== null && d.assignDaysLeft !== null) {
    if (d.assignOverdue)
      return (
        <span className="la-flag overdue">
          <span className="badge danger">{t("la.badge.overdue")}</span> {t("la.deadline.assignOverdue", { n: -d.assignDaysLeft, day: d.assignDue })}
        </span>
      );
    if (d.assignDaysLeft === 0) return <span className="la-flag soon">{t("la.deadline.assignToday")}</span>;
    return <span className="la-flag">{t("la.deadline.assign", { day: d.assignDue, n: d.assignDaysLeft })}</span>;
  }
  if (long) {
    const notes = [d.decidedLate ? t("la.deadline.decidedLate") : null, d.assignedLate ? t("la.deadline.assignedLate") : null].filter(Boolean);
    if (d.openDays !== null) notes.push(t("la.deadline.open", { n: d.openDays }));
    return notes.length ? <span className="la-flag muted">{notes.join("；")}</span> : null;
  }
  if (d.longOpen && d.openDays !== null) return <span className="la-flag muted">{t("la.deadline.open", { n: d.openDays })}</span>;
  return null;
}
