/** The report page's number-style form (POST, works without JavaScript) and the rank-among-peers form (GET). */
import { Form } from "@remix-run/react";
import type { ReportStyle } from "~/models/report-style";
import { useErrorText, useLocale, useT } from "~/utils/i18n";

export const RANK_KEYS = [
  ["mediation.satisfactionRate", { zh: "人民调解工作满意度", en: "Mediation satisfaction" }],
  ["consultation.personTimes", { zh: "免费法律咨询人次", en: "Consultation person-times" }],
  ["mediation.concluded", { zh: "调解件数", en: "Disputes concluded" }],
  ["mediation.successShareOfConcluded", { zh: "调解成功率", en: "Mediation success rate" }],
  ["legalAid.granted", { zh: "法律援助案件", en: "Legal aid cases" }],
  ["legalAid.beneficiaries", { zh: "受援人数", en: "Beneficiaries" }],
] as const;

export function ReportStyleForm({
  action,
  style,
  fromUnitName,
  fieldErrors = {},
  saved,
}: {
  action: string;
  style: ReportStyle;
  fromUnitName: string | null;
  fieldErrors?: Record<string, string | undefined>;
  saved?: boolean;
}) {
  const t = useT();
  const errorText = useErrorText();
  const field = (name: keyof ReportStyle, max: number) => (
    <div className="field">
      <label htmlFor={`style-${name}`}>{t(`report.style.${name}`)}</label>
      <input
        id={`style-${name}`}
        name={name}
        type="number"
        inputMode="numeric"
        min={name === "peopleWanFrom" ? 10000 : 0}
        max={max}
        step={name === "peopleWanFrom" ? 10000 : 1}
        defaultValue={String(style[name])}
        aria-invalid={fieldErrors[name] ? true : undefined}
        aria-describedby={fieldErrors[name] ? `style-${name}-error` : undefined}
        style={{ maxWidth: "8rem" }}
      />
      {fieldErrors[name] ? (
        <p className="field-error" id={`style-${name}-error`}>
          {errorText(fieldErrors[name])}
        </p>
      ) : null}
    </div>
  );
  return (
    <details className="card no-print" open={Object.keys(fieldErrors).length > 0 || saved}>
      <summary>{t("report.style.title")}</summary>
      <p className="muted small">
        {t("report.style.hint")} {fromUnitName ? t("report.style.from", { unit: fromUnitName }) : t("report.style.default")}
      </p>
      {saved ? (
        <p role="status" className="notice ok">
          {t("report.style.saved")}
        </p>
      ) : null}
      <Form method="post" action={action} className="filters" aria-label={t("report.style.title")}>
        <input type="hidden" name="intent" value="style" />
        {field("rateDigits", 3)}
        {field("completionDigits", 3)}
        {field("wanDigits", 2)}
        {field("peopleWanFrom", 100000000)}
        <div className="field">
          <label>
            <input type="checkbox" name="trimZeros" defaultChecked={style.trimZeros} /> {t("report.style.trimZeros")}
          </label>
        </div>
        <div className="actions">
          <button type="submit" className="secondary">
            {t("report.style.save")}
          </button>
        </div>
      </Form>
    </details>
  );
}

export function ReportRankForm({
  query,
  rank,
  rankKey,
  error,
}: {
  query: { unit: number; from: string; to: string };
  rankKey: string | null;
  rank: { rank: number; of: number; tied: boolean; parentName: string; scope: string } | null;
  error: string | null;
}) {
  const t = useT();
  const locale = useLocale();
  const errorText = useErrorText();
  return (
    <section aria-labelledby="h-rank" className="report-rank no-print">
      <h2 id="h-rank">{t("report.rank.title")}</h2>
      <Form method="get" action="/reports" className="filters">
        <input type="hidden" name="unit" value={query.unit} />
        <input type="hidden" name="from" value={query.from} />
        <input type="hidden" name="to" value={query.to} />
        <div className="field">
          <label htmlFor="rank-key">{t("report.rank.indicator")}</label>
          <select id="rank-key" name="rank" defaultValue={rankKey ?? RANK_KEYS[0][0]} aria-describedby={error ? "rank-error" : undefined}>
            {RANK_KEYS.map(([k, label]) => (
              <option key={k} value={k}>
                {label[locale]}
              </option>
            ))}
          </select>
          {error ? (
            <p className="field-error" id="rank-error" role="alert">
              {errorText(error)}
            </p>
          ) : null}
        </div>
        <div className="actions">
          <button type="submit" className="secondary">
            {t("report.rank.show")}
          </button>
        </div>
      </Form>
      {rank ? (
        <p data-testid="rank-result">
          {t("report.rank.result", {
            parent: rank.parentName,
            of: rank.of,
            rank: rank.rank,
            tied: rank.tied ? t("report.rank.tied") : "",
            phrase: `${rank.scope}${rank.tied ? "并列" : ""}第${rank.rank}`,
          })}
        </p>
      ) : null}
    </section>
  );
}
