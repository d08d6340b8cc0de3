import { Link, useLocation } from "@remix-run/react";
import { useT } from "~/utils/i18n";

/**
 * Page links. With `keys` (seek paging, issue 12) the links carry the opaque key of the row a page starts after
 * (or ends before), and a link back to the first page; otherwise page numbers.
 */
export function Pagination({ page, pages, keys }: { page: number; pages: number; keys?: { next: string | null; prev: string | null } | null }) {
  const t = useT();
  const location = useLocation();
  if (keys) {
    if (!keys.next && !keys.prev) return null;
    const by = (k: "after" | "before" | null, key?: string) => {
      const sp = new URLSearchParams(location.search);
      for (const p of ["page", "after", "before"]) sp.delete(p);
      if (k && key) sp.set(k, key);
      const q = sp.toString();
      return q ? `${location.pathname}?${q}` : location.pathname;
    };
    return (
      <nav className="pagination" aria-label="pagination">
        {keys.prev ? <Link to={by("before", keys.prev)} rel="prev">← {t("common.prev")}</Link> : <span />}
        {keys.prev ? <Link to={by(null)}>{t("common.firstPage")}</Link> : <span />}
        {keys.next ? <Link to={by("after", keys.next)} rel="next">{t("common.next")} →</Link> : <span />}
      </nav>
    );
  }
  if (pages <= 1) return null;
  const to = (p: number) => {
    const sp = new URLSearchParams(location.search);
    sp.set("page", String(p));
    return `${location.pathname}?${sp}`;
  };
  return (
    <nav className="pagination" aria-label="pagination">
      {page > 1 ? <Link to={to(page - 1)} rel="prev">← {t("common.prev")}</Link> : <span />}
      <span>{t("common.page", { page, pages })}</span>
      {page < pages ? <Link to={to(page + 1)} rel="next">{t("common.next")} →</Link> : <span />}
    </nav>
  );
}
