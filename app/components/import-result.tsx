/** The outcome of an import: what was imported, or every bad row with its sheet, row, column and reason. */
import { IMPORT_SHEETS, type ImportKind } from "~/schemas/import";
import { useT } from "~/utils/i18n";

export type ImportResultView = {
  ok: boolean;
  fileName: string;
  imported: Partial<Record<ImportKind, number>>;
  updated?: Partial<Record<ImportKind, number>>;
  skipped: number;
  /** one line per row imported before: skipped, unchanged or updated */
  notices?: Array<{ sheet: string; row: number | null; column: string | null; message: string }>;
  issues: Array<{ sheet: string; row: number | null; column: string | null; message: string }>;
  moreIssues: number;
};

export function ImportResultPanel({ result }: { result: ImportResultView }) {
  const t = useT();
  if (result.ok) {
    const summary = Object.entries(result.imported)
      .map(([k, n]) => `${IMPORT_SHEETS[k as ImportKind].title} ${n} 行`)
      .join("，") || "0 行";
    const updated = Object.entries(result.updated ?? {})
      .map(([k, n]) => `${IMPORT_SHEETS[k as ImportKind].title} ${n} 行`)
      .join("，");
    const nothing = !Object.keys(result.imported).length && !updated;
    return (
      <div role="status">
        <p className={nothing ? "notice notice-error" : "notice notice-success"}>
          {nothing ? t("imp.nothingNew", { skipped: result.skipped }) : t("imp.ok", { summary, skipped: result.skipped })}
          {updated ? ` ${t("imp.updated", { summary: updated })}` : ""}
        </p>
        {result.notices?.length ? (
          <table className="table">
            <caption>{t("imp.notices")}</caption>
            <thead>
              <tr>
                <th>{t("imp.col.sheet")}</th>
                <th>{t("imp.col.row")}</th>
                <th>{t("imp.col.reason")}</th>
              </tr>
            </thead>
            <tbody>
              {result.notices.map((i, n) => (
                <tr key={n}>
                  <td>{i.sheet}</td>
                  <td>{i.row ?? ""}</td>
                  <td>{i.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
    );
  }
  return (
    <div className="import-errors" role="alert">
      <p className="notice notice-error">{t("imp.failed", { count: result.issues.length + result.moreIssues })}</p>
      <table className="table">
        <thead>
          <tr>
            <th>{t("imp.col.sheet")}</th>
            <th>{t("imp.col.row")}</th>
            <th>{t("imp.col.column")}</th>
            <th>{t("imp.col.reason")}</th>
          </tr>
        </thead>
        <tbody>
          {result.issues.map((i, n) => (
            <tr key={n}>
              <td>{i.sheet}</td>
              <td>{i.row ?? ""}</td>
              <td>{i.column ?? ""}</td>
              <td>{i.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.moreIssues ? <p>{t("imp.more", { count: result.moreIssues })}</p> : null}
    </div>
  );
}
