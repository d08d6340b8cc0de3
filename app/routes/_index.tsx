import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { formatBoundedCount } from "~/utils/bounded-count";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getChildBreakdown, getConsultationFigures, listMyRecentConsultations } from "~/models/consultations.server";
import { countMediationWork } from "~/models/mediations.server";
import { countLegalAidWork } from "~/models/legal-aid-reads.server";
import { CHANNELS, TOPICS } from "~/schemas/enums/consultation";
import { UNIT_LEVELS } from "~/schemas/enums/units";
import { requireActor } from "~/utils/auth.server";
import { monthBounds, todayInChina, yearBounds } from "~/utils/dates";
import { useLocale, useT } from "~/utils/i18n";
import { U, useTx } from "~/components/user-text";
import { can } from "~/utils/permissions";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.home");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const today = todayInChina();
  const year = Number(today.slice(0, 4));
  const periods = {
    today: { from: today, to: today },
    month: monthBounds(today),
    year: yearBounds(year),
    lastYear: yearBounds(year - 1),
  };
  const readsFigures = can(actor, "read:stats");
  const fig = async (p: { from: string; to: string }) => (readsFigures ? await getConsultationFigures({ actor, unitId: actor.unitId, ...p }) : null);
  const isOverseer = ["bureau", "report_writer", "admin", "centre_head"].includes(actor.role);
  return json({
    actor,
    today,
    periods,
    figures: { today: await fig(periods.today), month: await fig(periods.month), year: await fig(periods.year), lastYear: await fig(periods.lastYear) },
    children: readsFigures && isOverseer ? await getChildBreakdown({ actor, unitId: actor.unitId, ...periods.year }) : [],
    recent: can(actor, "write:consultation") ? await listMyRecentConsultations({ actor }) : [],
    canWrite: can(actor, "write:consultation"),
    canManage: can(actor, "manage:unit"),
    // what needs doing now in the user's reach: each count opens its list
    work: { mediation: await countMediationWork({ actor, today }), legalAid: await countLegalAidWork({ actor, today }) },
  });
}

function listHref(p: { from: string; to: string }, extra: Record<string, string | number> = {}) {
  const sp = new URLSearchParams({ from: p.from, to: p.to });
  for (const [k, v] of Object.entries(extra)) sp.set(k, String(v));
  return `/consultations?${sp}`;
}

export default function Home() {
  const { actor, periods, figures, children, recent, canWrite, canManage, work } = useLoaderData<typeof loader>();
  const t = useT();
  const tx = useTx();
  const locale = useLocale();
  const year = figures.year;
  const maxChild = Math.max(1, ...children.map((c) => c.personTimes));
  return (
    <div>
      <h1>{tx("home.welcome", { name: <U>{actor.displayName}</U> })}</h1>
      <p className="muted">{tx("home.scope", { unit: <U>{actor.unitName}</U> })}</p>
      {canWrite ? (
        <p>
          <Link to="/consultations/new" className="button primary">
            {t("nav.newConsultation")}
          </Link>
        </p>
      ) : null}
      {work.mediation || work.legalAid ? (
        <section aria-labelledby="h-work">
          <h2 id="h-work">{t("home.work")}</h2>
          <div className="grid">
            {work.mediation ? (
              <>
                <WorkFigure testId="work-mediation-open" label={t("home.work.mediationOpen")} value={work.mediation.open} href="/mediations?status=open" />
                <WorkFigure testId="work-mediation-overdue" label={t("home.work.mediationOverdue")} value={work.mediation.overdueOpen} href="/mediations?overdue=open" alert />
                <WorkFigure label={t("home.work.performanceOverdue")} value={work.mediation.overduePerformance} href="/mediations?overdue=performance" alert />
                <WorkFigure label={t("home.work.followupsDue")} value={work.mediation.followupsDue} href="/mediations?overdue=followup" alert />
              </>
            ) : null}
            {work.legalAid ? (
              <>
                <WorkFigure label={t("home.work.reviewOverdue")} value={work.legalAid.overdueReview} href="/legal-aid?overdue=review" alert />
                <WorkFigure label={t("home.work.assignmentOverdue")} value={work.legalAid.overdueAssignment} href="/legal-aid?overdue=assignment" alert />
              </>
            ) : null}
          </div>
        </section>
      ) : null}
      {year ? (
        <section aria-labelledby="h-consult">
          <h2 id="h-consult">{t("home.consultationFigures")}</h2>
          <p className="muted small">{t("home.reportNote")}</p>
          <div className="grid">
            {(
              [
                ["today", "common.today"],
                ["month", "common.thisMonth"],
                ["year", "common.thisYear"],
              ] as const
            ).map(([key, label]) => (
              <div className="figure" key={key} data-testid={`figure-${key}`}>
                <div className="label">
                  {t(label)} · {t("common.personTimes")}
                </div>
                <div className="value">
                  <Link to={listHref(periods[key])} aria-label={`${t(label)} ${figures[key]!.personTimes} ${t("common.personTimes")}`}>
                    {figures[key]!.personTimes.toLocaleString("zh-CN")}
                  </Link>
                </div>
                <div className="sub">
                  {figures[key]!.records} {t("common.records")}
                  {key === "year" && figures.lastYear ? ` · ${periods.lastYear.from.slice(0, 4)}: ${figures.lastYear.personTimes.toLocaleString("zh-CN")}` : ""}
                </div>
              </div>
            ))}
          </div>
          <h3>{t("home.byChannel")}</h3>
          <div className="table-wrap">
            <table>
              <tbody>
                {year.byChannel.map((c) => (
                  <tr key={c.code}>
                    <th scope="row">{CHANNELS.label(c.code, locale)}</th>
                    <td className="num">
                      <Link to={listHref(periods.year, { channel: c.code })}>{c.value.toLocaleString("zh-CN")}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      {children.length ? (
        <section aria-labelledby="h-children">
          <h2 id="h-children">{t("home.byChild")}</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t("common.unit")}</th>
                  <th className="num">{t("common.personTimes")}</th>
                  <th className="num">{t("common.records")}</th>
                  <th className="hide-narrow" style={{ width: "40%" }} />
                </tr>
              </thead>
              <tbody>
                {children.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <U>{c.name}</U>
                      <span className="badge">{UNIT_LEVELS.label(c.level, locale)}</span>
                    </td>
                    <td className="num">
                      <Link to={listHref(periods.year, { unit: c.id })}>{c.personTimes.toLocaleString("zh-CN")}</Link>
                    </td>
                    <td className="num">{c.records}</td>
                    <td className="hide-narrow">
                      <div className="bar" style={{ width: `${(100 * c.personTimes) / maxChild}%` }} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      {recent.length ? (
        <section aria-labelledby="h-recent">
          <h2 id="h-recent">{t("home.recent")}</h2>
          <ul>
            {recent.map((r) => (
              <li key={r.id}>
                <Link to={`/consultations/${r.id}`}>
                  #{r.id} {r.date} <U>{r.unitName}</U> · {CHANNELS.label(r.channel, locale)} · {TOPICS.label(r.topic, locale)} · {r.persons}
                  {t("common.personTimes")}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {canManage ? (
        <section>
          <h2>{t("home.adminTasks")}</h2>
          <p>
            <Link to="/admin/units">{t("nav.units")}</Link> · <Link to="/admin/users">{t("nav.users")}</Link> ·{" "}
            <Link to="/audit">{t("nav.audit")}</Link>
          </p>
        </section>
      ) : null}
    </div>
  );
}

function WorkFigure({ label, value, href, alert, testId }: { label: string; value: number; href: string; alert?: boolean; testId?: string }) {
  return (
    <div className={`figure${alert && value > 0 ? " figure-alert" : ""}`} data-testid={testId}>
      <div className="label">{label}</div>
      <div className="value">
        <Link to={href}>{formatBoundedCount(value)}</Link>
      </div>
    </div>
  );
}
