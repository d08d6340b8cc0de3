import { Link, useLocation } from "@remix-run/react";
import { useT } from "~/utils/i18n";

export function Pagination({ page, pages }: { page: number; pages: number }) {
  const t = useT();
  const location = useLocation();
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
