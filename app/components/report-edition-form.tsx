/**
 * 冻结为报送版本: the form on the report page (and again, with its error, on the editions page). The title follows
 * the chosen period until the writer edits it: with JavaScript the field is reset to the new period's title when
 * the period changes and the writer has not typed; without JavaScript each page load renders it afresh (and
 * autocomplete is off so the browser does not restore an old text). The server refuses a title naming a year
 * outside the period.
 */
import { Form } from "@remix-run/react";
import { useState } from "react";
import { useErrorText, useT } from "~/utils/i18n";

export function EditionFreezeForm({
  unitId,
  from,
  to,
  defaultTitle,
  title,
  error,
}: {
  unitId: number;
  from: string;
  to: string;
  defaultTitle: string;
  /** a title the writer already submitted (shown again with its error) */
  title?: string;
  error?: string;
}) {
  const t = useT();
  const errorText = useErrorText();
  // null while the writer has not typed: the field then shows the current period's title
  // (a controlled field: its value follows `defaultTitle` when the page moves to another period)
  const [edited, setEdited] = useState<string | null>(title ?? null);
  return (
    <Form method="post" action="/reports/editions" className="actions">
      <input type="hidden" name="unit" value={unitId} />
      <input type="hidden" name="from" value={from} />
      <input type="hidden" name="to" value={to} />
      <label htmlFor="edition-title">{t("edition.titleLabel")}</label>
      <input
        id="edition-title"
        type="text"
        name="title"
        maxLength={60}
        autoComplete="off"
        value={edited ?? defaultTitle}
        onChange={(e) => setEdited(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "edition-title-error" : undefined}
        style={{ maxWidth: "24rem" }}
      />
      <button type="submit" className="secondary">
        {t("edition.freeze")}
      </button>
      {error ? (
        <p className="field-error" id="edition-title-error">
          {errorText(error)}
        </p>
      ) : (
        <span className="muted small">{t("edition.freezeHint")}</span>
      )}
    </Form>
  );
}
