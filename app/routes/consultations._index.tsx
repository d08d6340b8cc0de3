import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/pagination";
import { listAnsweredByNames, listConsultations } from "~/models/consultations.server";
import { splitCategories } from "~/models/counting-rules";
import { listUnits } from "~/models/units.server";
import { ConsultationFilterSchema } from "~/schemas/consultation";
import { CHANNELS, NEXT_STEPS, PERSON_CATEGORIES, TOPICS } from "~/schemas/enums";
import { requirePermission } from "~/utils/auth.server";
import { useLocale, useT } from "~/utils/i18n";
import { can } from "~/utils/permissions";

export const meta: MetaFunction = () => [{ title: "法律咨询 · 枫桥" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:consultation");
  const url = new URL(request.url);
  const filters = ConsultationFilterSchema.parse(Object.fromEntries(url.searchParams));
  const list = listConsultations({ actor, filters });
  return json({
    filters,
    list,
    units: listUnits({ actor }).map((u) => ({ id: u.id, name: u.name, depth: u.depth, active: u.active })),
    answeredByNames: listAnsweredByNames({ actor }),
    canWrite: can(actor, "write:consultation"),
    showSummary: can(actor, "read:summary-text"),
  });
}

export default function ConsultationList() {
  const { filters, list, units, answeredByNames, canWrite, showSummary } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const minDepth = Math.min(...units.map((u) => u.depth));
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
      <Form method="get" className="filters card" aria-label={t("action.filter")}>
        <div className="field">
          <label htmlFor="q-from">{t("common.from")}</label>
          <input id="q-from" type="date" name="from" defaultValue={filters.from} />
        </div>
        <div className="field">
          <label htmlFor="q-to">{t("common.to")}</label>
          <input id="q-to" type="date" name="to" defaultValue={filters.to} />
        </div>
        <div className="field">
          <label htmlFor="q-unit">
            {t("common.unit")} <span className="muted small">（{t("consultation.subtreeNote")}）</span>
          </label>
          <select id="q-unit" name="unit" defaultValue={filters.unit ?? ""}>
            <option value="">{t("common.all")}</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {"\u3000".repeat(u.depth - minDepth)}
                {u.name}
                {u.active ? "" : `（${t("common.inactive")}）`}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="q-channel">{t("consultation.channel")}</label>
          <select id="q-channel" name="channel" defaultValue={filters.channel ?? ""}>
            <option value="">{t("common.all")}</option>
            {CHANNELS.options(locale).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="q-topic">{t("consultation.topic")}</label>
          <select id="q-topic" name="topic" defaultValue={filters.topic ?? ""}>
            <option value="">{t("common.all")}</option>
            {TOPICS.options(locale).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="q-category">{t("consultation.categories")}</label>
          <select id="q-category" name="category" defaultValue={filters.category ?? ""}>
            <option value="">{t("common.all")}</option>
            {PERSON_CATEGORIES.options(locale).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="q-next">{t("consultation.nextStep")}</label>
          <select id="q-next" name="nextStep" defaultValue={filters.nextStep ?? ""}>
            <option value="">{t("common.all")}</option>
            {NEXT_STEPS.options(locale).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="q-answered">{t("consultation.answeredBy")}</label>
          <select id="q-answered" name="answeredBy" defaultValue={filters.answeredBy ?? ""}>
            <option value="">{t("common.all")}</option>
            {answeredByNames.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="q-voided">{t("consultation.includeVoided")}</label>
          <select id="q-voided" name="voided" defaultValue={filters.voided ?? ""}>
            <option value="">{t("consultation.excludeVoided")}</option>
            <option value="include">{t("consultation.withVoided")}</option>
            <option value="only">{t("consultation.onlyVoided")}</option>
          </select>
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            {t("action.filter")}
          </button>
          <Link to="/consultations">{t("action.reset")}</Link>
        </div>
      </Form>
      <p className="totals" role="status" data-testid="filtered-totals">
        {t("consultation.filtered", { count: list.total, personTimes: list.personTimes })}
      </p>
      {list.rows.length === 0 ? (
        <p className="muted">{t("consultation.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
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
                  <td>{r.date}</td>
                  <td>{r.unitName}</td>
                  <td>{CHANNELS.label(r.channel, locale)}</td>
                  <td>{TOPICS.label(r.topic, locale)}</td>
                  <td className="num">{r.persons}</td>
                  <td className="hide-narrow">{splitCategories(r.categories).map((c) => PERSON_CATEGORIES.label(c, locale)).join("、")}</td>
                  <td className="hide-narrow">{r.answeredBy}</td>
                  <td className="hide-narrow">{NEXT_STEPS.label(r.nextStep, locale)}</td>
                  {showSummary ? <td className="hide-narrow">{r.summary}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={list.page} pages={list.pages} />
    </div>
  );
}
