import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { actorAtTop, listUnits } from "~/models/units.server";
import { countUsersByUnit } from "~/models/users.server";
import { UNIT_LEVELS, UNIT_TYPES } from "~/schemas/enums";
import { requirePermission } from "~/utils/auth.server";
import { useLocale, useT } from "~/utils/i18n";

export const meta: MetaFunction = () => [{ title: "单位管理 · 枫桥" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:unit");
  const hideInactive = new URL(request.url).searchParams.get("hideInactive") === "1";
  const done = new URL(request.url).searchParams.get("done") === "above" ? "unitTop.done.above" : null;
  const all = listUnits({ actor });
  const names = new Map(all.map((u) => [u.id, u.name]));
  const shown = hideInactive ? listUnits({ actor, activeOnly: true }) : all;
  const counts = countUsersByUnit({ actor });
  return json({
    done,
    atTop: actorAtTop({ actor }),
    hideInactive,
    total: all.length,
    units: shown.map((u) => ({
      id: u.id,
      name: u.name,
      shortName: u.shortName,
      code: u.code,
      level: u.level,
      type: u.type,
      depth: u.depth,
      active: u.active,
      activeTo: u.activeTo,
      mergedIntoName: u.mergedIntoId ? (names.get(u.mergedIntoId) ?? `#${u.mergedIntoId}`) : null,
      users: counts[u.id]?.active ?? 0,
    })),
  });
}

export default function UnitTree() {
  const { units, hideInactive, total, done, atTop } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const minDepth = units.length ? Math.min(...units.map((u) => u.depth)) : 0;
  const toggle = new URLSearchParams(params);
  if (hideInactive) toggle.delete("hideInactive");
  else toggle.set("hideInactive", "1");
  return (
    <div>
      <div className="actions" style={{ justifyContent: "space-between" }}>
        <h1>{t("unit.title")}</h1>
        <Link to="/admin/units/new" className="button primary">
          {t("unit.new")}
        </Link>
      </div>
      {done ? <p className="notice ok" role="status">{t(done)}</p> : null}
      <p className="actions small">
        <span className="muted">{t("unit.count", { count: total })}</span>
        <Link to="/admin/units/sheet">{t("unitSheet.link")}</Link>
        {atTop ? <Link to="/admin/units/top">{t("unitTop.link")}</Link> : null}
        <Link to={`/admin/units${toggle.size ? `?${toggle}` : ""}`}>{hideInactive ? t("unit.showInactive") : t("unit.hideInactive")}</Link>
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t("unit.name")}</th>
              <th>{t("unit.code")}</th>
              <th className="hide-narrow">{t("unit.level")}</th>
              <th className="hide-narrow">{t("unit.type")}</th>
              <th>{t("unit.status")}</th>
              <th className="num">{t("unit.users")}</th>
              <th className="hide-narrow">{t("unit.children")}</th>
            </tr>
          </thead>
          <tbody>
            {units.map((u) => {
              const depth = u.depth - minDepth;
              return (
                <tr key={u.id}>
                  <td style={{ paddingLeft: `${0.6 + depth * 1.25}rem` }}>
                    {depth > 0 ? (
                      <span className="muted" aria-hidden="true">
                        └{" "}
                      </span>
                    ) : null}
                    <Link to={`/admin/units/${u.id}`}>{u.name}</Link>
                    {u.shortName ? <span className="muted small">（{u.shortName}）</span> : null}
                  </td>
                  <td className="small">{u.code}</td>
                  <td className="hide-narrow small">{UNIT_LEVELS.label(u.level, locale)}</td>
                  <td className="hide-narrow small">{UNIT_TYPES.label(u.type, locale)}</td>
                  <td>
                    {u.active ? (
                      <span className="badge">{t("common.active")}</span>
                    ) : (
                      <span className="badge inactive">{t("unit.inactiveSince", { date: u.activeTo ?? "" })}</span>
                    )}
                    {u.active && u.activeTo ? <span className="badge">{t("unit.endsOn", { date: u.activeTo })}</span> : null}
                    {u.mergedIntoName ? <span className="badge inactive">{t("unit.mergedInto", { name: u.mergedIntoName })}</span> : null}
                  </td>
                  <td className="num">{u.users ? <Link to={`/admin/users?unit=${u.id}&only=1`}>{u.users}</Link> : 0}</td>
                  <td className="hide-narrow small">
                    {u.active ? <Link to={`/admin/units/new?parent=${u.id}`} aria-label={`${t("unit.addChild")}：${u.name}`}>
                        + {t("action.create")}
                      </Link> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
