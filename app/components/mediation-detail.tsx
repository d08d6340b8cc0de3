/** Read-only parts of a dispute's page: its parties, deadlines, trail of hands and outcome. */
import type { getMediation } from "~/models/mediations.server";
import { AGREEMENT_FORMS, FAILURE_ROUTES, GENDERS, JUDICIAL_CONFIRMATION, MEDIATION_STATUSES, PARTY_KINDS, PARTY_SIDES, PERFORMANCE_STATUSES } from "~/schemas/enums/mediation";
import { formatDay } from "~/utils/dates";
import { useLocale, useT } from "~/utils/i18n";
import { ageOf, DaysLeft, formatYuan, splitAgreement } from "./mediation-bits";
import { U, useTx } from "./user-text";

export type MediationView = NonNullable<Awaited<ReturnType<typeof getMediation>>>;
type Party = MediationView["parties"][number];

/** Ordinal labels per side: 申请人 1, 申请人 2, 被申请人 1 … */
export function partyLabels(parties: Array<{ side: string }>, locale: "zh" | "en") {
  const seen: Record<string, number> = {};
  return parties.map((p) => {
    seen[p.side] = (seen[p.side] ?? 0) + 1;
    const count = parties.filter((x) => x.side === p.side).length;
    return count > 1 ? `${PARTY_SIDES.label(p.side, locale)} ${seen[p.side]}` : PARTY_SIDES.label(p.side, locale);
  });
}

/**
 * The parties. Until the full view is asked for, a person shows an age, not a birth date: the birth date beside a
 * masked ID number (region code and last four shown) would spell out the whole number.
 */
export function PartyList({ parties, today, revealed }: { parties: Party[]; today: string; revealed: boolean }) {
  const t = useT();
  const locale = useLocale();
  const labels = partyLabels(parties, locale);
  return (
    <div className="party-cards">
      {parties.map((p, i) => {
        const age = ageOf(p, today);
        const person = p.kind === "person";
        return (
          <article className="party-card" key={p.id} aria-label={`${labels[i]}${locale === "zh" ? "：" : ": "}${p.name}`}>
            <h3>
              <span className="muted">{labels[i]}</span> <U>{p.name}</U>
              {person ? null : <span className="badge">{PARTY_KINDS.label(p.kind, locale)}</span>}
            </h3>
            <dl className="details compact">
              {person ? (
                <>
                  <dt>{t("mediation.party.gender")}</dt>
                  <dd>{GENDERS.label(p.gender, locale) || "—"}</dd>
                  <dt>{t("mediation.party.ethnicity")}</dt>
                  <dd data-user-text>{p.ethnicity || "—"}</dd>
                  <dt>{t(revealed ? "mediation.party.birthAge" : "mediation.party.age")}</dt>
                  <dd>
                    {revealed && p.birthDate ? `${formatDay(p.birthDate, locale)}${age !== null ? (locale === "zh" ? "，" : ", ") : ""}` : ""}
                    {age !== null ? t("mediation.party.ageYears", { n: age }) : "—"}
                  </dd>
                  <dt>{t("mediation.party.occupation")}</dt>
                  <dd data-user-text>{p.occupation || "—"}</dd>
                  <dt>{t("mediation.party.idNumber")}</dt>
                  <dd className="mono" data-user-text>{p.idNumber || "—"}</dd>
                </>
              ) : null}
              <dt>{t("mediation.party.phone")}</dt>
              <dd className="mono" data-user-text>{p.phone || "—"}</dd>
              <dt>{t("mediation.party.address")}</dt>
              <dd data-user-text>{p.address || "—"}</dd>
            </dl>
          </article>
        );
      })}
    </div>
  );
}

export function MediationDeadlines({ record, today }: { record: MediationView; today: string }) {
  const t = useT();
  const locale = useLocale();
  const d = record.deadlines;
  if (record.voidedAt) return <p className="muted">{t("mediation.deadline.voided")}</p>;
  if (d.concludeBy)
    return (
      <dl className="details">
        <dt>{t("mediation.deadline.conclude")}</dt>
        <dd>
          {t("mediation.deadline.concludeBy", { date: formatDay(d.concludeBy, locale) })} <DaysLeft by={d.concludeBy} today={today} />
        </dd>
      </dl>
    );
  if (record.status !== "success")
    return (
      <p>
        {t("mediation.deadline.concluded", { date: record.concludedOn ? formatDay(record.concludedOn, locale) : "" })}
        {MEDIATION_STATUSES.label(record.status, locale)}
      </p>
    );
  return (
    <dl className="details">
      <dt>{t("mediation.performanceDeadline")}</dt>
      <dd>
        {record.performanceDeadline ? formatDay(record.performanceDeadline, locale) : t("mediation.deadline.none")} · {PERFORMANCE_STATUSES.label(record.performance, locale)}
        {d.performanceOverdue ? <span className="badge overdue">{t("mediation.badge.performanceOverdue")}</span> : null}
      </dd>
      <dt>{t("mediation.judicialConfirmation")}</dt>
      <dd>
        {JUDICIAL_CONFIRMATION.label(record.judicialConfirmation, locale)}
        {d.jcBy ? <> · {t("mediation.deadline.jcBy", { date: formatDay(d.jcBy, locale) })} </> : null}
        {d.jcWindowOpen && d.jcBy ? <DaysLeft by={d.jcBy} today={today} /> : null}
        {record.judicialConfirmation === "none" && !d.jcWindowOpen ? <span className="muted">{t("common.paren", { x: t("mediation.deadline.jcClosed") })}</span> : null}
      </dd>
      <dt>{t("mediation.deadline.followup")}</dt>
      <dd>
        {d.followupDue && d.followupBy ? (
          <>
            {t("mediation.deadline.followupBy", { date: formatDay(d.followupBy, locale) })} <DaysLeft by={d.followupBy} today={today} />
          </>
        ) : (
          t("mediation.deadline.followedUp", { n: record.followups.length })
        )}
      </dd>
    </dl>
  );
}

export function TransferTrail({ record }: { record: MediationView }) {
  const t = useT();
  const tx = useTx();
  const locale = useLocale();
  return (
    <ol className="timeline">
      <li>
        <strong>{record.registeredOn}</strong> {tx("mediation.trail.registered", { unit: <U>{record.registeredUnitName}</U>, who: <U>{record.createdByName}</U> })}
      </li>
      {record.transfers.map((tr) => (
        <li key={tr.id}>
          <strong>{tr.transferredOn}</strong> {tx("mediation.trail.transferred", { from: <U>{tr.fromUnitName}</U>, to: <U>{tr.toUnitName}</U>, who: <U>{tr.byName}</U> })}
          <div className="muted">{tx("mediation.trail.reason", { reason: <U>{tr.reason}</U> })}</div>
        </li>
      ))}
      {record.concludedOn ? (
        <li>
          <strong>{record.concludedOn}</strong> {tx("mediation.trail.concluded", { unit: <U>{record.unitName}</U>, result: MEDIATION_STATUSES.label(record.status, locale) })}
        </li>
      ) : (
        <li className="muted">{tx("mediation.trail.now", { unit: <U>{record.unitName}</U> })}</li>
      )}
    </ol>
  );
}

export function MediationOutcome({ record }: { record: MediationView }) {
  const t = useT();
  const locale = useLocale();
  const { responsibilities, terms } = splitAgreement(record.agreementTerms);
  return (
    <dl className="details">
      <dt>{t("mediation.concludedOn")}</dt>
      <dd>{record.concludedOn}</dd>
      <dt>{t("mediation.result")}</dt>
      <dd>{MEDIATION_STATUSES.label(record.status, locale)}</dd>
      {record.status === "success" ? (
        <>
          <dt>{t("mediation.agreementForm")}</dt>
          <dd>{AGREEMENT_FORMS.label(record.agreementForm, locale)}</dd>
          {responsibilities ? (
            <>
              <dt>{t("mediation.responsibilities")}</dt>
              <dd className="pre" data-user-text>{responsibilities}</dd>
            </>
          ) : null}
          <dt>{t("mediation.agreementTerms")}</dt>
          <dd className="pre" data-user-text>{terms}</dd>
          <dt>{t("mediation.agreementAmountYuan")}</dt>
          <dd>{record.agreementAmountFen !== null ? `${formatYuan(record.agreementAmountFen)} ${t("mediation.yuan")}` : t("common.none")}</dd>
          <dt>{t("mediation.performanceManner")}</dt>
          <dd data-user-text>{record.performanceManner || "—"}</dd>
          <dt>{t("mediation.performanceDeadline")}</dt>
          <dd>{record.performanceDeadline ?? "—"}</dd>
          <dt>{t("mediation.performance")}</dt>
          <dd>{PERFORMANCE_STATUSES.label(record.performance, locale)}</dd>
          <dt>{t("mediation.judicialConfirmation")}</dt>
          <dd>
            {JUDICIAL_CONFIRMATION.label(record.judicialConfirmation, locale)}
            {record.jcAppliedOn ? ` · ${t("mediation.jcAppliedOn")} ${record.jcAppliedOn}` : ""}
            {record.jcDecidedOn ? ` · ${t("mediation.jcDecidedOn")} ${record.jcDecidedOn}` : ""}
          </dd>
        </>
      ) : null}
      {record.status === "failed" ? (
        <>
          <dt>{t("mediation.failureReason")}</dt>
          <dd className="pre" data-user-text>{record.failureReason}</dd>
          <dt>{t("mediation.failureRoute")}</dt>
          <dd>{FAILURE_ROUTES.label(record.failureRoute, locale)}</dd>
        </>
      ) : null}
      {record.status === "withdrawn" ? (
        <>
          <dt>{t("mediation.withdrawReason")}</dt>
          <dd className="pre" data-user-text>{record.withdrawReason}</dd>
        </>
      ) : null}
    </dl>
  );
}
