import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/pagination";
import { getUnitChoice } from "~/models/unit-search.server";
import { UnitPicker } from "~/components/unit-picker";
import { listUsers } from "~/models/users.server";
import { ROLES } from "~/schemas/enums/units";
import { UserFilterSchema } from "~/schemas/user";
import { requirePermission } from "~/utils/auth.server";
import { useLocale, useT } from "~/utils/i18n";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.users");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:user");
  const url = new URL(request.url);
  const filters = UserFilterSchema.parse(Object.fromEntries(url.searchParams));
  const list = await listUsers({
    actor,
    filters: {
      unitId: filters.unit,
      unitOnly: filters.only === "1",
      role: filters.role,
      active: filters.active === undefined ? undefined : filters.active === "1",
      q: filters.q,
      page: filters.page,
    },
  });
  return json({
    filters,
    list,
    unitChoice: await getUnitChoice({ actor, id: filters.unit }),
  });
}

export default function UserList() {
  const { filters, list, unitChoice } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <div className="actions" style={{ justifyContent: "space-between" }}>
        <h1>{t("user.title")}</h1>
        <Link to="/admin/users/new" className="button primary">
          {t("user.new")}
        </Link>
      </div>
      <Form method="get" className="filters card" aria-label={t("action.filter")}>
        <div className="field">
          <label htmlFor="q-q">{t("user.search")}</label>
          <input id="q-q" type="search" name="q" defaultValue={filters.q ?? ""} maxLength={40} autoComplete="off" />
        </div>
        <div className="field">
          <UnitPicker name="unit" label={t("user.unit")} value={unitChoice} allowEmpty />
          <label className="small">
            <input type="checkbox" name="only" value="1" defaultChecked={filters.only === "1"} /> {t("user.unitOnly")}
          </label>
        </div>
        <div className="field">
          <label htmlFor="q-role">{t("user.role")}</label>
          <select id="q-role" name="role" defaultValue={filters.role ?? ""}>
            <option value="">{t("common.all")}</option>
            {ROLES.options(locale).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="q-active">{t("user.status")}</label>
          <select id="q-active" name="active" defaultValue={filters.active ?? ""}>
            <option value="">{t("user.allActive")}</option>
            <option value="1">{t("common.active")}</option>
            <option value="0">{t("common.inactive")}</option>
          </select>
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            {t("action.filter")}
          </button>
          <Link to="/admin/users">{t("action.reset")}</Link>
        </div>
      </Form>
      <p className="totals" role="status">
        {t("user.count", { count: list.total })}
      </p>
      {list.rows.length === 0 ? (
        <p className="muted">{t("user.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("user.username")}</th>
                <th>{t("user.displayName")}</th>
                <th>{t("user.role")}</th>
                <th>{t("user.unit")}</th>
                <th>{t("user.status")}</th>
                <th className="hide-narrow">{t("user.phone")}</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((u) => (
                <tr key={u.id}>
                  <td>
                    <Link to={`/admin/users/${u.id}`}>{u.username}</Link>
                  </td>
                  <td data-user-text>{u.displayName}</td>
                  <td>{ROLES.label(u.role, locale)}</td>
                  <td>
                    <Link to={`/admin/units/${u.unitId}`} data-user-text>{u.unitName}</Link>
                  </td>
                  <td>{u.active ? <span className="badge">{t("common.active")}</span> : <span className="badge inactive">{t("common.inactive")}</span>}</td>
                  <td className="hide-narrow">{u.phone ?? ""}</td>
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
