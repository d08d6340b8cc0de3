import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { FormNotice } from "~/components/form-fields";
import { actorAtTop, getUnit } from "~/models/units.server";
import { countUnitsInReach, listUnitChildren, searchUnits, SEARCH_LIMIT, type UnitHit } from "~/models/unit-search.server";
import { ancestorIdsOfPath } from "~/models/unit-paths";
import { countUsersByUnit } from "~/models/users.server";
import { UNIT_LEVELS, UNIT_TYPES } from "~/schemas/enums/units";
import { requirePermission } from "~/utils/auth.server";
import { useLocale, useT } from "~/utils/i18n";
import { pageTitle } from "~/utils/page-title";
import { U, useTx } from "~/components/user-text";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.units");

/**
 * The unit tree, folded: the actor's unit and its children, and the levels down to `?open=ID` (the unit a link or a
 * search led to). Each unit with children is a <details>: without JavaScript its "展开" link opens it by reloading
 * with ?open=, with JavaScript its children load when it opens. `?q=` searches the whole subtree.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:unit");
  const sp = new URL(request.url).searchParams;
  const hideInactive = sp.get("hideInactive") === "1";
  const done = sp.get("done") === "above" ? "unitTop.done.above" : null;
  const openParam = sp.get("open");
  const open = openParam && /^\d{1,12}$/.test(openParam) ? await getUnit({ actor, id: Number(openParam) }) : null;
  if (openParam && !open) throw new Response("单位不存在或不在您的管辖范围内", { status: 404 });
  const chain = open ? ancestorIdsOfPath(open.path).slice(ancestorIdsOfPath(actor.unitPath).length - 1) : [actor.unitId];
  const levels: Record<number, UnitHit[]> = {};
  let root: UnitHit | null = null;
  for (const id of chain) {
    const c = await listUnitChildren({ actor, unitId: id, activeOnly: hideInactive });
    if (!c.ok) continue;
    if (id === actor.unitId) root = c.parent;
    levels[id] = c.children;
  }
  const q = sp.get("q");
  const search = q !== null ? await searchUnits({ actor, q, activeOnly: hideInactive }) : null;
  const counts = await countUsersByUnit({ actor });
  return json(
    {
      done,
      atTop: await actorAtTop({ actor }),
      hideInactive,
      total: await countUnitsInReach({ actor }),
      root,
      levels,
      openId: open?.id ?? null,
      q,
      search: search ? (search.ok ? { hits: search.hits, more: search.more, error: null } : { hits: [], more: false, error: search.message }) : null,
      users: Object.fromEntries(Object.entries(counts).map(([id, c]) => [id, c.active])),
    },
    { status: search && !search.ok ? search.status : 200 },
  );
}

type TreeData = { levels: Record<number, UnitHit[]>; users: Record<string, number>; hideInactive: boolean; openId: number | null };

function UnitLine({ u, users }: { u: UnitHit; users: number | undefined }) {
  const t = useT();
  const locale = useLocale();
  return (
    <span className="unit-line">
      <Link to={`/admin/units/${u.id}`} data-user-text>{u.name}</Link> <span className="small muted">{u.code}</span> <span className="small">{UNIT_LEVELS.label(u.level, locale)}</span>{" "}
      <span className="small hide-narrow">{UNIT_TYPES.label(u.type, locale)}</span>{" "}
      {u.active ? null : <span className="badge inactive">{t("common.inactive")}</span>}
      {users ? (
        <Link className="small" to={`/admin/users?unit=${u.id}&only=1`} aria-label={`${t("unit.users")}${locale === "zh" ? "：" : ": "}${u.name} ${users}`}>
          {t("unit.users")} {users}
        </Link>
      ) : null}{" "}
      {u.active ? (
        <Link className="small" to={`/admin/units/new?parent=${u.id}`} aria-label={`${t("unit.addChild")}${locale === "zh" ? "：" : ": "}${u.name}`}>
          + {t("action.create")}
        </Link>
      ) : null}
    </span>
  );
}

/** A unit of the tree: a <details> when it has children, loaded from the server's levels or on opening. */
function TreeNode({ u, data, startOpen }: { u: UnitHit; data: TreeData; startOpen?: boolean }) {
  const t = useT();
  const tx = useTx();
  const [params] = useSearchParams();
  const [children, setChildren] = useState<UnitHit[] | null>(data.levels[u.id] ?? null);
  const [failed, setFailed] = useState(false);
  if (!u.hasChildren)
    return (
      <li>
        <UnitLine u={u} users={data.users[u.id]} />
      </li>
    );
  const openHref = () => {
    const p = new URLSearchParams(params);
    p.set("open", String(u.id));
    p.delete("q");
    return `/admin/units?${p}`;
  };
  const onToggle = (e: React.SyntheticEvent<HTMLDetailsElement>) => {
    if (!e.currentTarget.open || children) return;
    fetch(`/units/search.json?${new URLSearchParams({ under: String(u.id), ...(data.hideInactive ? { active: "1" } : {}) })}`, { headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
      .then((body: { children: UnitHit[] }) => setChildren(body.children))
      .catch(() => setFailed(true));
  };
  return (
    <li>
      <details open={startOpen || !!data.levels[u.id]} onToggle={onToggle}>
        <summary>
          <UnitLine u={u} users={data.users[u.id]} />
        </summary>
        {children ? (
          <ul className="unit-tree">
            {children.map((c) => (
              <TreeNode key={c.id} u={c} data={data} />
            ))}
          </ul>
        ) : (
          <p className="small">
            {failed ? <span className="field-error">{t("unitPicker.failed")}</span> : null}{" "}
            <Link to={openHref()}>{tx("unitPicker.expand", { name: <U>{u.name}</U> })}</Link>
          </p>
        )}
      </details>
    </li>
  );
}

export default function UnitTree() {
  const { root, levels, users, hideInactive, total, done, atTop, openId, q, search } = useLoaderData<typeof loader>();
  const t = useT();
  const [params] = useSearchParams();
  const toggle = new URLSearchParams(params);
  if (hideInactive) toggle.delete("hideInactive");
  else toggle.set("hideInactive", "1");
  const data: TreeData = { levels, users, hideInactive, openId };
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
      <Form method="get" className="filters card" role="search" aria-label={t("unitPicker.search")}>
        {hideInactive ? <input type="hidden" name="hideInactive" value="1" /> : null}
        <div className="field">
          <label htmlFor="units-q">{t("unitPicker.search")}</label>
          <input id="units-q" name="q" type="search" defaultValue={q ?? ""} maxLength={40} autoComplete="off" placeholder={t("unitPicker.searchHint")} />
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            {t("unitPicker.searchButton")}
          </button>
        </div>
      </Form>
      {search ? (
        <section className="card" aria-label={t("unitPicker.results")}>
          <h2>{t("unitPicker.results")}</h2>
          {search.error ? <FormNotice kind="error">{t(search.error)}</FormNotice> : null}
          {!search.error && search.hits.length === 0 ? <p className="muted">{t("unitPicker.noMatch", { q: q ?? "" })}</p> : null}
          <ul>
            {(search.hits as UnitHit[]).map((u) => (
              <li key={u.id}>
                <UnitLine u={u} users={users[u.id]} /> <span className="muted small">{u.trail.join(" › ")}</span>{" "}
                <Link className="small" to={`/admin/units?open=${u.id}${hideInactive ? "&hideInactive=1" : ""}`}>
                  {t("unitPicker.tree")}
                </Link>
              </li>
            ))}
          </ul>
          {search.more ? <p className="muted small">{t("unitPicker.more", { n: SEARCH_LIMIT })}</p> : null}
        </section>
      ) : null}
      <section className="card" aria-label={t("unitPicker.tree")}>
        {root ? (
          <ul className="unit-tree unit-tree-root">
            <TreeNode u={root} data={data} startOpen />
          </ul>
        ) : null}
        <p className="muted small">{t("unitPicker.treeHint")}</p>
      </section>
    </div>
  );
}
