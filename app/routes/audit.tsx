/**
 * /audit?from&to&action&entity&user[&before=<id>]: the audit log of the actor's subtree, newest first, filtered;
 * its 台账 export (/ledger/audit/<xlsx|csv>) carries the same filters.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { FilterFold } from "~/components/filter-fold";
import { FilterPeriod, FilterSelect } from "~/components/filter-fields";
import { LedgerLinks } from "~/components/ledger-links";
import { listAuditEntries } from "~/models/audit.server";
import { AuditFilterSchema, auditChange } from "~/schemas/audit";
import { AUDIT_ACTIONS, AUDIT_ENTITIES } from "~/schemas/enums/audit";
import { requirePermission } from "~/utils/auth.server";
import { useLocale, useT } from "~/utils/i18n";
import { formatInstant } from "~/utils/instants";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "audit.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:audit");
  const filters = AuditFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return json({ filters, entries: await listAuditEntries({ actor, beforeId: filters.before, filters }) });
}

export default function Audit() {
  const { entries, filters } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const { search } = useLocation();
  const last = entries[entries.length - 1];
  const next = new URLSearchParams(search);
  if (last) next.set("before", String(last.id));
  return (
    <div>
      <h1>{t("audit.title")}</h1>
      <FilterFold>
        <Form method="get" className="filters card" aria-label={t("action.filter")}>
          <FilterPeriod from={filters.from} to={filters.to} />
          <FilterSelect name="action" label={t("audit.action")} value={filters.action} options={AUDIT_ACTIONS.options(locale)} />
          <FilterSelect name="entity" label={t("audit.entity")} value={filters.entity} options={AUDIT_ENTITIES.options(locale)} />
          <div className="field">
            <label htmlFor="q-user">{t("audit.user")}</label>
            <input id="q-user" name="user" type="search" defaultValue={filters.user ?? ""} maxLength={30} autoComplete="off" />
          </div>
          <div className="actions">
            <button type="submit" className="primary">
              {t("action.filter")}
            </button>
            <Link to="/audit">{t("action.reset")}</Link>
          </div>
        </Form>
      </FilterFold>
      <LedgerLinks kind="audit" />
      {entries.length === 0 ? <p className="muted">{t("audit.empty")}</p> : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t("audit.at")}</th>
              <th>{t("audit.user")}</th>
              <th>{t("audit.action")}</th>
              <th>{t("audit.entity")}</th>
              <th>{t("common.unit")}</th>
              <th>{t("audit.change")}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td className="nowrap">{formatInstant(e.at, { seconds: true })}</td>
                <td data-user-text>{e.userName ?? "—"}</td>
                <td>{AUDIT_ACTIONS.label(e.action, locale)}</td>
                <td>
                  {e.entity === "consultation" && e.entityId ? (
                    <Link to={`/consultations/${e.entityId}`}>{`${AUDIT_ENTITIES.label(e.entity, locale)} #${e.entityId}`}</Link>
                  ) : (
                    `${AUDIT_ENTITIES.label(e.entity, locale)} ${e.entityId ?? ""}`
                  )}
                </td>
                <td data-user-text>{e.unitName ?? ""}</td>
                <td className="small" data-user-text>
                  {auditChange(e.action, e.before, e.after)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {last && entries.length >= 100 ? (
        <p>
          <Link to={`/audit?${next}`}>{t("common.next")} →</Link>
        </p>
      ) : null}
    </div>
  );
}
