/**
 * The unit picker's query (GET /units/search and /units/search.json) and the links it returns with: client-safe,
 * shared by the search page, the JSON route and the UnitPicker component.
 */

export type UnitPickerQuery = {
  /** the search text; null when none was sent (then the page browses the tree) */
  q: string | null;
  /** browse (or search) below this unit; null: the actor's own unit */
  under: number | null;
  /** "under" was sent but is not a unit id */
  badUnder: boolean;
  /** only units active today (forms that create or move something) */
  active: boolean;
  /** the form field (query parameter) the chosen unit's id goes into */
  field: string;
  /** the page to return to (path and query of the form or list) */
  returnTo: string;
  /** offer "any unit" (a filter) */
  empty: boolean;
};

/** A path on this site (never another host): `/x?y`. Anything else becomes "/". */
export function safeReturnPath(v: string | null | undefined): string {
  if (!v || !v.startsWith("/") || v.startsWith("//") || v.includes("\\") || /[\u0000-\u001f]/.test(v)) return "/";
  return v.slice(0, 2000);
}

export function parseUnitPickerQuery(params: URLSearchParams): UnitPickerQuery {
  const underRaw = params.get("under");
  const under = underRaw && /^\d{1,12}$/.test(underRaw) ? Number(underRaw) : null;
  const field = params.get("field") ?? "";
  return {
    q: params.has("q") ? (params.get("q") ?? "").slice(0, 200) : null,
    under,
    badUnder: !!underRaw && under === null,
    active: params.get("active") === "1",
    field: /^[A-Za-z][A-Za-z0-9_]{0,40}$/.test(field) ? field : "unit",
    returnTo: safeReturnPath(params.get("return")),
    empty: params.get("empty") === "1",
  };
}

/** The return page with the chosen unit (or none) in `field`; a list goes back to its first page. */
export function returnHref(returnTo: string, field: string, unitId: number | null): string {
  const url = new URL(safeReturnPath(returnTo), "http://x");
  if (unitId === null) url.searchParams.delete(field);
  else url.searchParams.set(field, String(unitId));
  url.searchParams.delete("page");
  return `${url.pathname}${url.search}`;
}

/** The search page's address for a picker on page `returnTo`. */
export function searchPageHref(opts: { field: string; returnTo: string; active?: boolean; empty?: boolean; q?: string; under?: number | null }): string {
  const p = new URLSearchParams({ field: opts.field, return: safeReturnPath(opts.returnTo) });
  if (opts.active) p.set("active", "1");
  if (opts.empty) p.set("empty", "1");
  if (opts.q !== undefined) p.set("q", opts.q);
  if (opts.under) p.set("under", String(opts.under));
  return `/units/search?${p}`;
}

/** The unit id a form's page was given in `field` (by the search page, without JavaScript), or null. */
export function pickedUnitId(params: URLSearchParams, field: string): number | null {
  const v = params.get(field);
  return v && /^\d{1,12}$/.test(v) ? Number(v) : null;
}
