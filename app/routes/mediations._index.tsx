import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { formatBoundedCount } from "~/utils/bounded-count";
import { json } from "@remix-run/node";
import { FilterPeriod, FilterSelect, FilterUnit } from "~/components/filter-fields";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { FormNotice } from "~/components/form-fields";
import { formatYuan, OverdueBadges, StatusBadge } from "~/components/mediation-bits";
import { Pagination } from "~/components/pagination";
import { FilterFold } from "~/components/filter-fold";
import { LedgerLinks } from "~/components/ledger-links";
import { countMediationWork, getMediationFigures, listDisputeTypes, listMediations, listRoster } from "~/models/mediations.server";
import { getUnit } from "~/models/units.server";
import { getUnitChoice } from "~/models/unit-search.server";
import { MEDIATION_FLAGS, MEDIATION_SOURCES, MEDIATION_STATUSES } from "~/schemas/enums/mediation";
import { MediationFilterSchema } from "~/schemas/mediation";
import { FILE_REVIEW_GRADES } from "~/schemas/document";
import { requirePermission } from "~/utils/auth.server";
import { isValidDay, todayInChina } from "~/utils/dates";
import { useLocale, useT } from "~/utils/i18n";
import { can } from "~/utils/permissions";
import { pageTitle } from "~/utils/page-title";
import { MEDIATION_TYPES } from "~/schemas/enums/mediation";
import { U, useTx } from "~/components/user-text";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.mediations");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:mediation");
  const url = new URL(request.url);
  const parsed = MediationFilterSchema.parse(Object.fromEntries(url.searchParams));
  // a malformed day is dropped like any other bad filter value
  const filters = { ...parsed, from: parsed.from && isValidDay(parsed.from) ? parsed.from : undefined, to: parsed.to && isValidDay(parsed.to) ? parsed.to : undefined };
  const today = todayInChina();
  const list = await listMediations({ actor, filters, today });
  const unitId = filters.unit ?? actor.unitId;
  const unit = await getUnit({ actor, id: unitId });
  // the period's figures, from the summary counters (the numbers reports use): the filter's period, else this year
  const period = { from: filters.from ?? `${today.slice(0, 4)}-01-01`, to: filters.to ?? today };
  const figures = unit && period.from <= period.to ? await getMediationFigures({ actor, unitId, from: period.from, to: period.to }) : null;
  const transferred = Number(url.searchParams.get("transferred")) || null;
  return json({
    filters,
    list,
    today,
    work: await countMediationWork({ actor, today }),
    figures: figures
      ? {
          accepted: figures.accepted,
          concluded: figures.concluded,
          successful: figures.successful,
          failed: figures.failed,
          successRate: figures.successRate,
          agreementAmountFen: figures.agreementAmountFen,
        }
      : null,
    period,
    unitName: unit?.name ?? actor.unitName,
    unitChoice: await getUnitChoice({ actor, id: filters.unit }),
    types: await listDisputeTypes({ actor, includeInactive: true }),
    roster: unit ? (await listRoster({ actor, unitId: unit.id })).map((m) => ({ id: m.id, name: m.name, unitName: m.unitName })) : [],
    canWrite: can(actor, "write:mediation"),
    canVoid: can(actor, "void:mediation"),
    transferred,
  });
}

/** The list URL with some filters changed (the overdue links, the figure links). */
function withFilters(current: Record<string, unknown>, change: Record<string, string | undefined>) {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...current, ...change })) if (v !== undefined && v !== null && v !== "" && k !== "page") sp.set(k, String(v));
  const s = sp.toString();
  return s ? `/mediations?${s}` : "/mediations";
}

function pct(rate: number | null) {
  return rate === null || Number.isNaN(rate) ? "—" : `${(rate * 100).toFixed(2)}%`;
}

export default function MediationList() {
  const { filters, list, work, figures, period, unitName, unitChoice, types, roster, canWrite, canVoid, transferred, today } = useLoaderData<typeof loader>();
  const t = useT();
  const tx = useTx();
  const locale = useLocale();
  const typeName = (code: string) => {
    const ty = types.find((x) => x.code === code);
    return ty ? (locale === "zh" ? ty.zh : ty.en) : code;
  };
  const unitParam = filters.unit ? String(filters.unit) : undefined;
  return (
    <div>
      <div className="actions" style={{ justifyContent: "space-between" }}>
        <h1>{t("mediation.title")}</h1>
        {canWrite ? (
          <Link to="/mediations/new" className="button primary">
            {t("nav.newMediation")}
          </Link>
        ) : null}
      </div>
      {transferred ? <FormNotice kind="ok">{t("mediation.transferredAway")}</FormNotice> : null}

      {work ? (
        <nav className="med-work" aria-label={t("mediation.work")}>
          <Link to={withFilters({}, { unit: unitParam, status: "open" })} className={filters.status === "open" && !filters.overdue ? "active" : undefined}>
            {t("mediation.work.open")} <strong>{formatBoundedCount(work.open)}</strong>
          </Link>
          <Link to={withFilters({}, { unit: unitParam, overdue: "open" })} className={filters.overdue === "open" ? "active" : undefined}>
            {t("mediation.badge.openOverdue")} <strong className={work.overdueOpen ? "alert-count" : undefined}>{formatBoundedCount(work.overdueOpen)}</strong>
          </Link>
          <Link to={withFilters({}, { unit: unitParam, overdue: "performance" })} className={filters.overdue === "performance" ? "active" : undefined}>
            {t("mediation.badge.performanceOverdue")} <strong className={work.overduePerformance ? "alert-count" : undefined}>{formatBoundedCount(work.overduePerformance)}</strong>
          </Link>
          <Link to={withFilters({}, { unit: unitParam, overdue: "followup" })} className={filters.overdue === "followup" ? "active" : undefined}>
            {t("mediation.badge.followupDue")} <strong className={work.followupsDue ? "alert-count" : undefined}>{formatBoundedCount(work.followupsDue)}</strong>
          </Link>
        </nav>
      ) : null}

      {figures ? (
        <section className="card med-figures" aria-labelledby="h-figures" data-testid="mediation-figures">
          <h2 id="h-figures">{tx("mediation.figures.title", { unit: <U>{unitName}</U>, from: period.from, to: period.to })}</h2>
          <div className="grid">
            <div className="figure" data-testid="mfig-accepted">
              <div className="label">{t("mediation.figures.accepted")}</div>
              <div className="value">
                <Link to={withFilters({}, { unit: unitParam, dateField: "registered", from: period.from, to: period.to })}>{figures.accepted}</Link>
              </div>
            </div>
            <div className="figure" data-testid="mfig-concluded">
              <div className="label">{t("mediation.figures.concluded")}</div>
              <div className="value">
                <Link to={withFilters({}, { unit: unitParam, dateField: "concluded", from: period.from, to: period.to, status: "concluded" })}>{figures.concluded}</Link>
              </div>
            </div>
            <div className="figure" data-testid="mfig-successful">
              <div className="label">{t("mediation.figures.successful")}</div>
              <div className="value">
                <Link to={withFilters({}, { unit: unitParam, dateField: "concluded", from: period.from, to: period.to, status: "success" })}>{figures.successful}</Link>
              </div>
              <div className="sub">{t("mediation.figures.successRate", { rate: pct(figures.successRate) })}</div>
            </div>
            <div className="figure" data-testid="mfig-amount">
              <div className="label">{t("mediation.figures.agreementAmount")}</div>
              <div className="value small-value">{formatYuan(figures.agreementAmountFen) || "0"}</div>
            </div>
          </div>
        </section>
      ) : null}

      <FilterFold>
      <Form method="get" className="filters card" aria-label={t("action.filter")}>
        <FilterSelect
          name="dateField"
          label={t("mediation.filter.dateField")}
          value={filters.dateField ?? "registered"}
          allLabel={null}
          options={[
            { value: "registered", label: t("mediation.registeredOn") },
            { value: "concluded", label: t("mediation.concludedOn") },
          ]}
        />
        <FilterPeriod from={filters.from} to={filters.to} />
        <FilterUnit value={unitChoice} note={t("consultation.subtreeNote")} />
        <FilterSelect
          name="status"
          label={t("mediation.status")}
          value={filters.status}
          options={[
            { value: "open", label: t("mediation.status.open") },
            { value: "concluded", label: t("mediation.status.concluded") },
            ...MEDIATION_STATUSES.options(locale),
          ]}
        />
        <FilterSelect name="type" label={t("mediation.type")} value={filters.type} options={types.map((ty) => ({ value: ty.code, label: locale === "zh" ? ty.zh : ty.en }))} />
        <FilterSelect name="source" label={t("mediation.source")} value={filters.source} options={MEDIATION_SOURCES.options(locale)} />
        <FilterSelect
          name="mediator"
          label={
            <>
              {t("mediation.mediator")} <span className="muted small">{t("common.paren", { x: t("mediation.filter.rosterNote") })}</span>
            </>
          }
          value={filters.mediator}
          options={roster.map((m) => ({ value: m.id, label: `${m.name}（${m.unitName}）`, user: true }))}
        />
        <FilterSelect name="flag" label={t("mediation.flag")} value={filters.flag} options={MEDIATION_FLAGS.options(locale)} />
        <FilterSelect
          name="overdue"
          label={t("mediation.filter.overdue")}
          value={filters.overdue}
          options={[
            { value: "open", label: t("mediation.badge.openOverdue") },
            { value: "performance", label: t("mediation.badge.performanceOverdue") },
            { value: "followup", label: t("mediation.badge.followupDue") },
          ]}
        />
        <FilterSelect
          name="review"
          label={t("review.title")}
          value={filters.review}
          options={[{ value: "reviewed", label: t("review.filter.reviewed") }, { value: "unreviewed", label: t("review.filter.unreviewed") }, ...FILE_REVIEW_GRADES.options(locale)]}
        />
        <div className="field">
          <label htmlFor="q-q">{t("mediation.filter.q")}</label>
          <input id="q-q" type="search" name="q" defaultValue={filters.q} placeholder={t("mediation.filter.qHint")} maxLength={60} />
        </div>
        {canVoid ? (
          <div className="field">
            <label htmlFor="q-voided">{t("consultation.includeVoided")}</label>
            <select id="q-voided" name="voided" defaultValue={filters.voided ?? ""}>
              <option value="">{t("consultation.excludeVoided")}</option>
              <option value="include">{t("consultation.withVoided")}</option>
              <option value="only">{t("consultation.onlyVoided")}</option>
            </select>
          </div>
        ) : null}
        <div className="actions">
          <button type="submit" className="primary">
            {t("action.filter")}
          </button>
          <Link to="/mediations">{t("action.reset")}</Link>
        </div>
      </Form>
      </FilterFold>

      <p className="totals" role="status" data-testid="filtered-totals">
        {list.totalCapped ? (
          t("mediation.totalsMany", { count: formatBoundedCount(list.total) })
        ) : list.successful === null || list.failed === null || list.agreementAmountFen === null ? (
          <>
            {t("mediation.totalsNoSums", { count: list.total })}{" "}
            <Link to={withFilters({ ...filters, after: undefined, before: undefined }, { sums: "1" })} rel="nofollow">
              {t("mediation.sumsOnDemand")}
            </Link>
          </>
        ) : (
          t("mediation.totals", {
            count: list.total,
            successful: list.successful,
            failed: list.failed,
            open: list.open ?? 0,
            amount: formatYuan(list.agreementAmountFen) || "0",
          })
        )}
      </p>
      <LedgerLinks kind="mediations" />

      {list.pageKeyError ? (
        <p className="error" role="alert">
          {list.pageKeyError} <Link to="/mediations">{t("common.firstPage")}</Link>
        </p>
      ) : null}
      {list.rows.length === 0 ? (
        <p className="muted">{t("mediation.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="med-table">
            <thead>
              <tr>
                <th>{t("mediation.caseNo")}</th>
                <th>{t("mediation.registeredOn")}</th>
                <th className="hide-narrow">{t("mediation.unit")}</th>
                <th>{t("mediation.type")}</th>
                <th>{t("mediation.parties")}</th>
                <th>{t("mediation.status")}</th>
                <th className="hide-narrow">{t("mediation.concludedOn")}</th>
                <th className="num hide-narrow">{t("mediation.agreementAmountYuan")}</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((r) => (
                <tr key={r.id} className={r.voidedAt ? "voided" : undefined}>
                  <td className="c-case">
                    <Link to={`/mediations/${r.id}`} data-user-text>{r.caseNo}</Link>
                  </td>
                  <td className="c-date">{r.registeredOn}</td>
                  <td className="hide-narrow" data-user-text>{r.unitName}</td>
                  <td className="c-type" data-user-text={MEDIATION_TYPES.has(r.disputeType) ? undefined : ""}>{typeName(r.disputeType) || r.disputeTypeLabel}</td>
                  <td className="c-parties">
                    <U>
                      {r.parties
                        .filter((p) => p.side === "applicant")
                        .map((p) => p.name)
                        .join("、")}
                    </U>
                    <span className="muted"> / </span>
                    <U>
                      {r.parties
                        .filter((p) => p.side === "respondent")
                        .map((p) => p.name)
                        .join("、")}
                    </U>
                  </td>
                  <td className="c-status">
                    <StatusBadge status={r.status} voided={!!r.voidedAt} />
                    {r.voidedAt ? null : <OverdueBadges deadlines={r.deadlines} />}
                  </td>
                  <td className="hide-narrow">{r.concludedOn ?? ""}</td>
                  <td className="num hide-narrow">{formatYuan(r.agreementAmountFen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={list.page} pages={list.pages} keys={list.keys} />
      <p className="muted small">{t("mediation.listNote", { today })}</p>
    </div>
  );
}
