import { NavLink } from "@remix-run/react";
import { useT } from "~/utils/i18n";

/** The legal aid pages' own links (under the main navigation). */
export function LegalAidNav({ canWrite }: { canWrite: boolean }) {
  const t = useT();
  return (
    <nav className="sub-nav no-print" aria-label={t("nav.legalAid")}>
      <NavLink to="/legal-aid" end>
        {t("la.nav.list")}
      </NavLink>
      {canWrite ? <NavLink to="/legal-aid/new">{t("la.nav.new")}</NavLink> : null}
      <NavLink to="/legal-aid/deadlines">{t("la.nav.deadlines")}</NavLink>
      <NavLink to="/legal-aid/providers">{t("la.nav.providers")}</NavLink>
    </nav>
  );
}
