/**
 * A list's filters folded behind one "筛选" button on a phone (≤ 600px); on a wider screen they are always shown
 * (CSS opens the <details> there). Plain <details>/<summary>: works without JavaScript. The button says how many
 * filters are set, so a folded list still tells that it is filtered.
 */
import { useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useT } from "~/utils/i18n";

// the page, notices, the registry tab and which date a period applies to are not filters by themselves
const NOT_FILTERS = new Set(["page", "done", "end", "transferred", "kind", "dateField"]);

export function FilterFold({ children }: { children: ReactNode }) {
  const t = useT();
  const { search } = useLocation();
  const active = [...new URLSearchParams(search)].filter(([k, v]) => !NOT_FILTERS.has(k) && v.trim() !== "").length;
  return (
    <details className="filter-fold">
      <summary>
        {t("list.filters")}
        {active ? <span className="muted">{t("list.filtersActive", { n: active })}</span> : null}
      </summary>
      {children}
    </details>
  );
}
