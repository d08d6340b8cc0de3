import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { LegalAidDeadlineText } from "~/components/legal-aid-deadline";
import { LegalAidNav } from "~/components/legal-aid-nav";
import { listLegalAidDeadlines } from "~/models/legal-aid-reads.server";
import { LEGAL_AID_CASE_TYPES, LEGAL_AID_STATUSES } from "~/schemas/enums/legal-aid";
import { requirePermission } from "~/utils/auth.server";
import { daysBetween, todayInChina } from "~/utils/dates";
import { useLocale, useT } from "~/utils/i18n";
import { can } from "~/utils/permissions";
import { pageTitle } from "~/utils/page-title";
import { U } from "~/components/user-text";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.deadlines");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:legal-aid");
  const today = todayInChina();
  const board = (await listLegalAidDeadlines({ actor, today }))!;
  return json({ board, today, canWrite: can(actor, "write:legal-aid") });
}

type Board = NonNullable<Awaited<ReturnType<typeof listLegalAidDeadlines>>>;
type BoardRow = Board["overdueReview"][number];
const GROUPS = ["overdueReview", "overdueAssignment", "dueSoonReview", "awaitingAssignment", "waitingDocuments", "longOpen"] as const;

export default function LegalAidDeadlines() {
  const { board, today, canWrite } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const since = (r: BoardRow, group: (typeof GROUPS)[number]) => {
    if (group === "overdueReview" || group === "dueSoonReview")
      return r.completeOn ? t("la.board.unreviewed", { n: daysBetween(r.completeOn, today) }) : "";
    if (group === "overdueAssignment" || group === "awaitingAssignment")
      return r.decidedOn ? t("la.board.ungranted", { n: daysBetween(r.decidedOn, today) }) : "";
    return "";
  };
  return (
    <div className="la-page">
      <h1>{t("la.board.title")}</h1>
      <LegalAidNav canWrite={canWrite} />
      <p className="muted">{t("la.board.asOf", { day: today })}</p>
      <div className="la-board-summary grid">
        {GROUPS.map((g) => (
          <a
            key={g}
            href={`#${g}`}
            className={`figure la-board-count${board[g].length && (g === "overdueReview" || g === "overdueAssignment") ? " danger" : ""}`}
          >
            <div className="label">{t(`la.board.${g}`)}</div>
            <div className="value" data-testid={`la-board-${g}`}>
              {board[g].length}
            </div>
          </a>
        ))}
      </div>
      {GROUPS.map((g) => (
        <section key={g} id={g} className="card" aria-labelledby={`h-${g}`}>
          <h2 id={`h-${g}`}>
            {t(`la.board.${g}`)} <span className="badge">{board[g].length}</span>
          </h2>
          {board[g].length === 0 ? (
            <p className="muted">{t("la.board.none")}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{t("la.col.no")}</th>
                    <th>{t("la.col.beneficiaries")}</th>
                    <th className="hide-narrow">{t("la.col.type")}</th>
                    <th className="hide-narrow">{t("la.col.received")}</th>
                    <th>{t("la.col.deadline")}</th>
                  </tr>
                </thead>
                <tbody>
                  {board[g].map((r) => (
                    <tr key={r.id} className={g.startsWith("overdue") ? "la-overdue" : undefined}>
                      <td>
                        <Link to={`/legal-aid/${r.id}`} data-user-text>{r.appNo}</Link>
                        <div className="muted small">
                          {LEGAL_AID_STATUSES.label(r.status, locale)} · {r.appliedOn}
                        </div>
                      </td>
                      <td data-user-text>{r.beneficiaries.map((b) => b.name).join("、")}</td>
                      <td className="hide-narrow">
                        {LEGAL_AID_CASE_TYPES.label(r.caseType, locale)} · <U>{r.cause}</U>
                      </td>
                      <td className="hide-narrow" data-user-text>{r.receivedName}</td>
                      <td>
                        <LegalAidDeadlineText d={r.deadlines} />
                        {since(r, g) ? <div className="small">{since(r, g)}</div> : null}
                        {g === "longOpen" && r.providerName ? <div className="muted small" data-user-text>{r.providerName}</div> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
    </div>
  );
}
