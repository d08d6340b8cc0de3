/**
 * Under the report's sentences: where the unit's completion rate is measured against a target its children's targets
 * do not add up to, or some children have no target (targetConsistency in app/models/targets.server.ts).
 */
import { Link } from "@remix-run/react";
import { useLocale, useT } from "~/utils/i18n";

type Note = { key: string; label: { zh: string; en: string }; target: number; childrenSum: number; status: "below" | "above" | "equal"; missing: Array<{ id: number; name: string }> };

export function ReportTargetNotes({ notes, unitId, year }: { notes: Note[]; unitId: number; year: number }) {
  const t = useT();
  const locale = useLocale();
  if (!notes.length) return null;
  return (
    <section aria-labelledby="h-target-notes" className="notice warn report-target-notes" data-testid="target-notes">
      <h2 id="h-target-notes">{t("report.targetNotes")}</h2>
      <ul>
        {notes.map((n) => (
          <li key={n.key}>
            <strong>{n.label[locale]}</strong>：
            {n.status === "equal"
              ? t("report.targetNotes.equal", { target: n.target })
              : t(`report.targetNotes.${n.status}`, { target: n.target, sum: n.childrenSum, diff: Math.abs(n.target - n.childrenSum) })}
            {n.missing.length ? t("report.targetNotes.missing", { n: n.missing.length, names: n.missing.map((m) => m.name).join("、") }) : null}{" "}
            <Link className="no-print" to={`/targets?unit=${unitId}&year=${year}&indicator=${n.key}`}>
              {t("report.targetNotes.open")}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
