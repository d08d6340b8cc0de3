/**
 * /my-work — a mediator's own page: my open disputes by days left, follow-ups due, this month's work. The user is
 * the mediator on the roster whose user_id is theirs.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getMyWork } from "~/models/monitoring.server";
import { requirePermission } from "~/utils/auth.server";
import { todayInChina } from "~/utils/dates";
import { useT } from "~/utils/i18n";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.myWork");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:mediation");
  return json({ work: (await getMyWork({ actor, today: todayInChina() }))! });
}

export default function MyWork() {
  const { work } = useLoaderData<typeof loader>();
  const t = useT();
  if (!work.linked)
    return (
      <div>
        <h1>{t("my.title")}</h1>
        <p className="notice warn">{t("my.notMediator")}</p>
      </div>
    );
  const left = (n: number) => (n < 0 ? <strong className="status-behind">{t("my.overdueBy", { n: -n })}</strong> : t("my.daysLeft", { n }));
  const monthList = (extra: string) => `/mediations?mediator=${work.mediatorIds[0]}&from=${work.monthFrom}&to=${work.monthTo}${extra}`;
  return (
    <div className="my-work">
      <h1>{t("my.title")}</h1>
      <section aria-labelledby="h-month">
        <h2 id="h-month">{t("my.month")}</h2>
        <div className="grid">
          {(
            [
              ["registered", "my.registered", "&dateField=registered"],
              ["concluded", "my.concluded", "&dateField=concluded&status=concluded"],
              ["successful", "my.successful", "&dateField=concluded&status=success"],
              ["followups", "my.followupsMade", null],
            ] as const
          ).map(([k, label, extra]) => (
            <div className="figure" key={k} data-testid={`my-${k}`}>
              <div className="label">{t(label)}</div>
              <div className="value">{extra !== null ? <Link to={monthList(extra)}>{work.month[k]}</Link> : work.month[k]}</div>
            </div>
          ))}
        </div>
      </section>
      <section aria-labelledby="h-open">
        <h2 id="h-open">{t("my.open")}</h2>
        {work.open.length ? (
          <ul className="work-list">
            {work.open.map((m) => (
              <li key={m.id} className={m.daysLeft < 0 ? "overdue" : m.daysLeft <= 5 ? "soon" : undefined}>
                <Link to={`/mediations/${m.id}`} data-user-text>{m.caseNo}</Link>
                <span className="muted small">
                  {" "}
                  <span data-user-text>{m.unitName}</span> · {m.registeredOn}
                </span>
                <span className="deadline">{left(m.daysLeft)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("my.openEmpty")}</p>
        )}
      </section>
      <section aria-labelledby="h-followups">
        <h2 id="h-followups">{t("my.followups")}</h2>
        {work.followupsDue.length ? (
          <ul className="work-list">
            {work.followupsDue.map((m) => (
              <li key={m.id} className={m.daysLeft < 0 ? "overdue" : undefined}>
                <Link to={`/mediations/${m.id}`} data-user-text>{m.caseNo}</Link>
                <span className="muted small"> {t("my.dueBy", { day: m.dueBy })}</span>
                <span className="deadline">{left(m.daysLeft)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("my.followupsEmpty")}</p>
        )}
      </section>
    </div>
  );
}
