import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { formatBoundedCount } from "~/utils/bounded-count";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { FilterPeriod, FilterSelect, FilterUnit } from "~/components/filter-fields";
import { Pagination } from "~/components/pagination";
import { FilterFold } from "~/components/filter-fold";
import { LedgerLinks } from "~/components/ledger-links";
import { listAnsweredByNames, listConsultations } from "~/models/consultations.server";
import { splitCategories } from "~/models/counting-rules";
import { getUnitChoice } from "~/models/unit-search.server";
import { ConsultationFilterSchema } from "~/schemas/consultation";
import { CHANNELS, NEXT_STEPS, PERSON_CATEGORIES, TOPICS } from "~/schemas/enums/consultation";
import { requirePermission } from "~/utils/auth.server";
import { useLocale, useT } from "~/utils/i18n";
import { can } from "~/utils/permissions";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.consultations");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:consultation");
  const url = new URL(request.url);
  const filters = ConsultationFilterSchema.parse(Object.fromEntries(url.searchParams));
  const list = await listConsultations({ actor, filters });
  return json({
    filters,
    list,
    unitChoice: await getUnitChoice({ actor, id: filters.unit }),
    answeredByNames: await listAnsweredByNames({ actor }),
    canWrite: can(actor, "write:consultation"),
    showSummary: can(actor, "read:summary-text"),
  });
}

export default function ConsultationList() {
  const { filters, list, unitChoice, answeredByNames, canWrite, showSummary } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <div className="actions" style={{ justifyContent: "space-between" }}>
        <h1>{t("consultation.title")}</h1>
        {canWrite ? (
          <Link to="/consultations/new" className="button primary">
            {t("nav.newConsultation")}
          </Link>
        ) : null}
      </div>
      <FilterFold>
      <Form method="get" className="filters card" aria-label={t("action.filter")}>
        <FilterPeriod from={filters.from} to={filters.to} />
        <FilterUnit value={unitChoice} note={t("consultation.subtreeNote")} />
        <FilterSelect name="channel" label={t("consultation.channel")} value={filters.channel} options={CHANNELS.options(locale)} />
        <FilterSelect name="topic" label={t("consultation.topic")} value={filters.topic} options={TOPICS.options(locale)} />
        <FilterSelect name="category" label={t("consultation.categories")} value={filters.category} options={PERSON_CATEGORIES.options(locale)} />
        <FilterSelect name="nextStep" label={t("consultation.nextStep")} value={filters.nextStep} options={NEXT_STEPS.options(locale)} />
        <FilterSelect name="answeredBy" label={t("consultation.answeredBy")} value={filters.answeredBy} options={answeredByNames.map((n) => ({ value: n, label: n, user: true }))} />
        <FilterSelect
          name="voided"
          label={t("consultation.includeVoided")}
          value={filters.voided}
          allLabel={t("consultation.excludeVoided")}
          options={[
            { value: "include", label: t("consultation.withVoided") },
            { value: "only", label: t("consultation.onlyVoided") },
          ]}
        />
        <div className="actions">
          <button type="submit" className="primary">
            {t("action.filter")}
          </button>
          <Link to="/consultations">{t("action.reset")}</Link>
        </div>
      </Form>
      </FilterFold>
      <p className="totals" role="status" data-testid="filtered-totals">
        {list.totalCapped || list.personTimes === null
          ? t("consultation.filteredMany", { count: formatBoundedCount(list.total) })
          : t("consultation.filtered", { count: list.total, personTimes: list.personTimes })}
      </p>
      <LedgerLinks kind="consultations" />

      {list.pageKeyError ? (
        <p className="error" role="alert">
          {list.pageKeyError} <Link to="/consultations">{t("common.firstPage")}</Link>
        </p>
      ) : null}
      {list.rows.length === 0 ? (
        <p className="muted">{t("consultation.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="list-cards">
            <thead>
              <tr>
                <th>#</th>
                <th>{t("consultation.date")}</th>
                <th>{t("consultation.unit")}</th>
                <th>{t("consultation.channel")}</th>
                <th>{t("consultation.topic")}</th>
                <th className="num">{t("consultation.personTimesShort")}</th>
                <th className="hide-narrow">{t("consultation.categories")}</th>
                <th className="hide-narrow">{t("consultation.answeredBy")}</th>
                <th className="hide-narrow">{t("consultation.nextStep")}</th>
                {showSummary ? <th className="hide-narrow">{t("consultation.summary")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {list.rows.map((r) => (
                <tr key={r.id} className={r.voidedAt ? "voided" : undefined}>
                  <td>
                    <Link to={`/consultations/${r.id}`}>{r.id}</Link>
                  </td>
                  <td className="c-date">{r.date}</td>
                  <td data-user-text>{r.unitName}</td>
                  <td>{CHANNELS.label(r.channel, locale)}</td>
                  <td>{TOPICS.label(r.topic, locale)}</td>
                  <td className="num">{r.persons}</td>
                  <td className="hide-narrow">{splitCategories(r.categories).map((c) => PERSON_CATEGORIES.label(c, locale)).join(locale === "zh" ? "、" : ", ")}</td>
                  <td className="hide-narrow" data-user-text>{r.answeredBy}</td>
                  <td className="hide-narrow">{NEXT_STEPS.label(r.nextStep, locale)}</td>
                  {showSummary ? <td className="hide-narrow" data-user-text>{r.summary}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={list.page} pages={list.pages} keys={list.keys} />
    </div>
  );
}
