/**
 * "导出台账" on a list: plain links (a GET, works without JavaScript) to /ledger/<kind>/<format> carrying the list's
 * current query string, so the 台账 has exactly the filters on screen (all pages, not only the one shown).
 */
import { useLocation } from "@remix-run/react";
import { useT } from "~/utils/i18n";

export type LedgerListKind = "mediations" | "consultations" | "legal-aid" | "registries";

export function ledgerHref(kind: LedgerListKind, search: string, format: "xlsx" | "csv") {
  const sp = new URLSearchParams(search);
  for (const key of ["page", "done", "end", "transferred"]) sp.delete(key);
  const qs = sp.toString();
  return `/ledger/${kind}/${format}${qs ? `?${qs}` : ""}`;
}

export function LedgerLinks({ kind }: { kind: LedgerListKind }) {
  const t = useT();
  const { search } = useLocation();
  return (
    <p className="ledger-links no-print">
      <a href={ledgerHref(kind, search, "xlsx")} className="button small" title={t("ledger.note", { max: "50,000" })}>
        {t("ledger.xlsx")}
      </a>
      <a href={ledgerHref(kind, search, "csv")} aria-label={`${t("ledger.export")} CSV`}>
        {t("ledger.csv")}
      </a>
    </p>
  );
}
