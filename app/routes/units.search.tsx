/**
 * 选择单位: the unit picker's page for browsers without JavaScript (and a plain page for anyone). Search the
 * actor's subtree or browse it one level at a time; each unit is a link back to the form or list (`return`) with
 * the unit's id in `field`, the other parameters kept.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { FormNotice } from "~/components/form-fields";
import { listUnitChildren, searchUnits, SEARCH_LIMIT, type UnitHit } from "~/models/unit-search.server";
import { parseUnitPickerQuery, returnHref, searchPageHref, type UnitPickerQuery } from "~/schemas/unit-picker";
import { UNIT_LEVELS } from "~/schemas/enums/units";
import { requireActor } from "~/utils/auth.server";
import { useLocale, useT } from "~/utils/i18n";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.unitSearch");

type Data = {
  query: UnitPickerQuery;
  error: "unitPicker.tooShort" | "unitPicker.outside" | null;
  hits: UnitHit[] | null;
  more: boolean;
  parent: UnitHit | null;
  children: UnitHit[];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const query = parseUnitPickerQuery(new URL(request.url).searchParams);
  const base: Data = { query, error: null, hits: null, more: false, parent: null, children: [] };
  if (query.badUnder) return json({ ...base, error: "unitPicker.outside" } as Data, { status: 404 });
  if (query.q !== null) {
    const r = await searchUnits({ actor, q: query.q, underId: query.under, activeOnly: query.active });
    if (!r.ok) {
      // the page still lets the user browse from the top
      const top = await listUnitChildren({ actor, activeOnly: query.active });
      return json({ ...base, error: r.message, ...(top.ok ? { parent: top.parent, children: top.children } : {}) } as Data, { status: r.status });
    }
    return json({ ...base, hits: r.hits, more: r.more } as Data);
  }
  const c = await listUnitChildren({ actor, unitId: query.under, activeOnly: query.active });
  if (!c.ok) return json({ ...base, error: c.message } as Data, { status: c.status });
  return json({ ...base, parent: c.parent, children: c.children } as Data);
}

function UnitLine({ u, query, browse }: { u: UnitHit; query: UnitPickerQuery; browse: boolean }) {
  const t = useT();
  const locale = useLocale();
  return (
    <li>
      <Link to={returnHref(query.returnTo, query.field, u.id)}>{u.name}</Link>{" "}
      <span className="muted small">
        {UNIT_LEVELS.label(u.level, locale)}
        {u.trail.length ? ` · ${u.trail.join(" › ")}` : ""}
        {u.active ? "" : `（${t("common.inactive")}）`}
      </span>
      {browse && u.hasChildren ? (
        <>
          {" "}
          <Link className="small" to={searchPageHref({ ...query, q: undefined, under: u.id })} aria-label={t("unitPicker.expand", { name: u.name })}>
            {t("unitPicker.below")} ›
          </Link>
        </>
      ) : null}
    </li>
  );
}

export default function UnitSearchPage() {
  const { query, error, hits, more, parent, children } = useLoaderData<typeof loader>() as unknown as Data;
  const t = useT();
  return (
    <div className="card">
      <p>
        <Link to={query.returnTo}>← {t("unitPicker.back")}</Link>
      </p>
      <h1>{t("unitPicker.title")}</h1>
      <Form method="get" action="/units/search" className="filters" role="search" aria-label={t("unitPicker.title")}>
        <input type="hidden" name="field" value={query.field} />
        <input type="hidden" name="return" value={query.returnTo} />
        {query.active ? <input type="hidden" name="active" value="1" /> : null}
        {query.empty ? <input type="hidden" name="empty" value="1" /> : null}
        <div className="field">
          <label htmlFor="unit-q">{t("unitPicker.search")}</label>
          <input
            id="unit-q"
            name="q"
            type="search"
            defaultValue={query.q ?? ""}
            autoComplete="off"
            maxLength={40}
            aria-invalid={error === "unitPicker.tooShort" ? true : undefined}
            aria-describedby="unit-q-hint"
          />
          <span className="hint" id="unit-q-hint">
            {t("unitPicker.searchHint")}
          </span>
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            {t("unitPicker.searchButton")}
          </button>
        </div>
      </Form>
      {error ? <FormNotice kind="error">{t(error)}</FormNotice> : null}
      {query.empty ? (
        <p>
          <Link to={returnHref(query.returnTo, query.field, null)}>{t("unitPicker.clear")}</Link>
        </p>
      ) : null}
      {hits ? (
        <section aria-label={t("unitPicker.results")}>
          <h2>{t("unitPicker.results")}</h2>
          {hits.length === 0 ? <p className="muted">{t("unitPicker.noMatch", { q: query.q ?? "" })}</p> : null}
          <ul>
            {hits.map((u) => (
              <UnitLine key={u.id} u={u} query={query} browse />
            ))}
          </ul>
          {more ? <p className="muted small">{t("unitPicker.more", { n: SEARCH_LIMIT })}</p> : null}
          <p>
            <Link to={searchPageHref({ ...query, q: undefined, under: null })}>{t("unitPicker.browse")}</Link>
          </p>
        </section>
      ) : null}
      {parent ? (
        <section aria-label={t("unitPicker.tree")}>
          <h2>{t("unitPicker.browse")}</h2>
          {parent.parentId ? (
            <p className="small">
              <Link to={searchPageHref({ ...query, q: undefined, under: parent.parentId })}>‹ {t("unitPicker.up", { name: parent.trail[parent.trail.length - 1] })}</Link>
            </p>
          ) : null}
          <ul>
            <UnitLine u={parent} query={query} browse={false} />
          </ul>
          {children.length ? (
            <>
              <h3>{t("unitPicker.below")}</h3>
              <ul>
                {children.map((u) => (
                  <UnitLine key={u.id} u={u} query={query} browse />
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
