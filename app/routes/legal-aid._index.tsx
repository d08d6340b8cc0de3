import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { LegalAidDeadlineText } from "~/components/legal-aid-deadline";
import { LegalAidFiguresBlock } from "~/components/legal-aid-figures";
import { FilterPeriod, FilterSelect, FilterUnit } from "~/components/filter-fields";
import { LegalAidNav } from "~/components/legal-aid-nav";
import { Pagination } from "~/components/pagination";
import { FilterFold } from "~/components/filter-fold";
import { LedgerLinks } from "~/components/ledger-links";
import { getLegalAidFigures, listLegalAid } from "~/models/legal-aid-reads.server";
import { listLegalAidCentres, listLegalAidProviders } from "~/models/legal-aid-providers.server";
import { getUnit } from "~/models/units.server";
import { getUnitChoice } from "~/models/unit-search.server";
import { PERSON_CATEGORIES } from "~/schemas/enums/consultation";
import { LEGAL_AID_CASE_TYPES, LEGAL_AID_PROCEEDINGS, LEGAL_AID_SERVICE_FORMS, LEGAL_AID_STATUSES } from "~/schemas/enums/legal-aid";
import { LegalAidFilterSchema } from "~/schemas/legal-aid";
import { requirePermission } from "~/utils/auth.server";
import { todayInChina } from "~/utils/dates";
import { useLocale, useT } from "~/utils/i18n";
import { can } from "~/utils/permissions";
import { pageTitle } from "~/utils/page-title";
import { U } from "~/components/user-text";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.legalAid");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:legal-aid");
  const url = new URL(request.url);
  const filters = LegalAidFilterSchema.parse(Object.fromEntries(url.searchParams));
  const today = todayInChina();
  const list = await listLegalAid({ actor, filters, today });
  // figures of the unit asked for (or the actor's own) over the period asked for (or this year to date), where
  // legal aid is counted: a county or above, or a centre (a township's applications count at its county's centre)
  const figUnit = await getUnit({ actor, id: filters.unit ?? actor.unitId });
  const from = filters.from ?? `${today.slice(0, 4)}-01-01`;
  const to = filters.to ?? today;
  const countsHere = !!figUnit && (["province", "city", "county"].includes(figUnit.level) || figUnit.type === "legal_aid_centre");
  const figures = countsHere && from <= to ? await getLegalAidFigures({ actor, unitId: figUnit.id, from, to, today }) : null;
  const centres = await listLegalAidCentres({ actor });
  return json({
    filters,
    list,
    figures: figures && figUnit ? { figures, unit: { id: figUnit.id, name: figUnit.name }, from, to } : null,
    unitChoice: await getUnitChoice({ actor, id: filters.unit }),
    providers: (
      await Promise.all(
        centres.map(async (c) =>
          (await listLegalAidProviders({ actor, centreId: c.id, includeInactive: true })).map((p) => ({
            id: p.id,
            name: p.firmName && p.kind !== "firm" ? `${p.name}（${p.firmName}）` : p.name,
          })),
        ),
      )
    ).flat(),
    canWrite: can(actor, "write:legal-aid"),
  });
}

export default function LegalAidList() {
  const { filters, list, figures, unitChoice, providers, canWrite } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const select = (name: string, label: string, value: string | number | undefined, options: Array<{ value: string | number; label: string; user?: boolean }>, allLabel?: string) => (
    <FilterSelect name={name} label={label} value={value} options={options} allLabel={allLabel} />
  );
  return (
    <div className="la-page">
      <div className="actions" style={{ justifyContent: "space-between" }}>
        <h1>{t("la.title")}</h1>
        {canWrite ? (
          <Link to="/legal-aid/new" className="button primary">
            {t("la.nav.new")}
          </Link>
        ) : null}
      </div>
      <LegalAidNav canWrite={canWrite} />
      {figures ? <LegalAidFiguresBlock figures={figures.figures} unit={figures.unit} from={figures.from} to={figures.to} /> : null}
      <FilterFold>
      <Form method="get" className="filters card" aria-label={t("action.filter")}>
        {select(
          "dateField",
          t("la.dateField"),
          filters.dateField,
          [
            { value: "decided", label: t("la.dateField.decided") },
            { value: "closed", label: t("la.dateField.closed") },
          ],
          t("la.dateField.applied")
        )}
        <FilterPeriod from={filters.from} to={filters.to} />
        <FilterUnit value={unitChoice} note={filters.scope === "handled" ? t("la.scopeHandled") : t("la.subtreeNote")} />
        {filters.scope ? <input type="hidden" name="scope" value={filters.scope} /> : null}
        {select("status", t("la.status"), filters.status, [
          { value: "open", label: t("la.status.open") },
          { value: "grantedAll", label: t("la.status.grantedAll") },
          ...LEGAL_AID_STATUSES.options(locale),
        ])}
        {select("caseType", t("la.caseType"), filters.caseType, LEGAL_AID_CASE_TYPES.options(locale))}
        {select("proceeding", t("la.proceeding"), filters.proceeding, LEGAL_AID_PROCEEDINGS.options(locale))}
        {select("category", t("la.b.categories"), filters.category, [
          { value: "special", label: t("la.filter.special") },
          ...PERSON_CATEGORIES.options(locale),
        ])}
        {select(
          "provider",
          t("la.col.provider"),
          filters.provider,
          providers.map((p) => ({ value: p.id, label: p.name, user: true }))
        )}
        {select("overdue", t("la.overdue"), filters.overdue, [
          { value: "review", label: t("la.overdue.review") },
          { value: "assignment", label: t("la.overdue.assignment") },
          { value: "any", label: t("la.overdue.any") },
        ])}
        <div className="field">
          <label htmlFor="q-q">{t("la.search")}</label>
          <input id="q-q" type="search" name="q" defaultValue={filters.q} />
        </div>
        {select(
          "voided",
          t("la.voided.include"),
          filters.voided,
          [
            { value: "include", label: t("la.voided.include") },
            { value: "only", label: t("la.voided.only") },
          ],
          t("la.voided.exclude")
        )}
        <div className="actions">
          <button type="submit" className="primary">
            {t("action.filter")}
          </button>
          <Link to="/legal-aid">{t("action.reset")}</Link>
        </div>
      </Form>
      </FilterFold>
      <p className="totals" role="status" data-testid="la-totals">
        {t("la.filtered", {
          count: list.total,
          pending: list.pending,
          granted: list.granted,
          closed: list.closed,
          terminated: list.terminated,
          refused: list.refused,
          beneficiaries: list.beneficiaries,
          recovered: (list.recoveredFen / 100).toLocaleString("zh-CN", { maximumFractionDigits: 2 }),
        })}
        {list.overdueReview + list.overdueAssignment > 0 ? (
          <span className="la-overdue-note">{t("common.paren", { x: t("la.filteredOverdue", { review: list.overdueReview, assignment: list.overdueAssignment }) })}</span>
        ) : null}
      </p>
      <LedgerLinks kind="legal-aid" />
      {list.rows.length === 0 ? (
        <p className="muted">{t("la.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="la-table list-cards">
            <thead>
              <tr>
                <th>{t("la.col.no")}</th>
                <th>{t("la.col.beneficiaries")}</th>
                <th>{t("la.col.type")}</th>
                <th className="hide-narrow">{t("la.col.cause")}</th>
                <th className="hide-narrow">{t("la.col.received")}</th>
                <th>{t("la.status")}</th>
                <th>{t("la.col.deadline")}</th>
                <th className="hide-narrow">{t("la.col.provider")}</th>
                <th className="num hide-narrow">{t("la.col.recovered")}</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((r) => (
                <tr key={r.id} className={r.voidedAt ? "voided" : r.deadlines.reviewOverdue || r.deadlines.assignOverdue ? "la-overdue" : undefined}>
                  <td>
                    <Link to={`/legal-aid/${r.id}`} className="nowrap" data-user-text>
                      {r.appNo}
                    </Link>
                    <div className="muted small">{r.appliedOn}</div>
                  </td>
                  <td>
                    <U>{r.beneficiaries.map((b) => b.name).join("、")}</U>
                    {r.beneficiaries.some((b) => b.categories.length) ? (
                      <div className="muted small">
                        {[...new Set(r.beneficiaries.flatMap((b) => b.categories))].map((c) => PERSON_CATEGORIES.label(c, locale)).join(locale === "zh" ? "、" : ", ")}
                      </div>
                    ) : null}
                  </td>
                  <td>
                    {LEGAL_AID_CASE_TYPES.label(r.caseType, locale)}
                    <div className="muted small">{LEGAL_AID_SERVICE_FORMS.label(r.serviceForm, locale)}</div>
                  </td>
                  <td className="hide-narrow" data-user-text>{r.cause}</td>
                  <td className="hide-narrow" data-user-text>{r.receivedName}</td>
                  <td>
                    {LEGAL_AID_STATUSES.label(r.status, locale)}
                    {r.preliminary ? <span className="badge">{t("la.preliminary")}</span> : null}
                  </td>
                  <td>
                    <LegalAidDeadlineText d={r.deadlines} />
                  </td>
                  <td className="hide-narrow" data-user-text>{r.providerName ?? ""}</td>
                  <td className="num hide-narrow">
                    {r.status === "closed" && r.recoveredFen !== null ? (r.recoveredFen / 100).toLocaleString("zh-CN") : ""}
                  </td>
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
