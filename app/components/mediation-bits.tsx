/**
 * Small shared pieces of the mediation pages: money in 元, status and deadline badges, the agreement's two parts,
 * and error look-up for nested field names (`parties.0.idNumber`).
 */
import { get, type FieldErrors } from "react-hook-form";
import { MEDIATION_STATUSES } from "~/schemas/enums/mediation";
import { daysBetween } from "~/utils/dates";
import { ageOn } from "~/utils/resident-id";
import { useLocale, useT } from "~/utils/i18n";

/** 1234567 fen → "12,345.67" (no trailing ".00"). */
export function formatYuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return "";
  const negative = fen < 0;
  const abs = Math.abs(Math.round(fen));
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  const whole = String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${whole}${cents ? `.${String(cents).padStart(2, "0")}` : ""}`;
}

/** fen → the plain text an amount field shows ("1234.5"), blank for none. */
export function yuanInput(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return "";
  return (fen / 100).toFixed(2).replace(/\.?0+$/, "");
}

export function StatusBadge({ status, voided }: { status: string; voided?: boolean }) {
  const locale = useLocale();
  const t = useT();
  if (voided) return <span className="badge med-status voided">{t("common.voided")}</span>;
  return <span className={`badge med-status ${status}`}>{MEDIATION_STATUSES.label(status, locale)}</span>;
}

export type Deadlines = {
  concludeBy: string | null;
  openOverdue: boolean;
  performanceOverdue: boolean;
  jcBy: string | null;
  jcWindowOpen: boolean;
  followupBy: string | null;
  followupDue: boolean;
  followupOverdue: boolean;
};

/** The three overdue kinds as badges (超期未结, 履行逾期, 待回访). */
export function OverdueBadges({ deadlines }: { deadlines: Deadlines }) {
  const t = useT();
  return (
    <>
      {deadlines.openOverdue ? <span className="badge overdue">{t("mediation.badge.openOverdue")}</span> : null}
      {deadlines.performanceOverdue ? <span className="badge overdue">{t("mediation.badge.performanceOverdue")}</span> : null}
      {deadlines.followupOverdue ? <span className="badge overdue">{t("mediation.badge.followupDue")}</span> : null}
    </>
  );
}

/** "还剩 5 天" / "今日到期" / "已超期 3 天" for a deadline day. */
export function DaysLeft({ by, today }: { by: string; today: string }) {
  const t = useT();
  const n = daysBetween(today, by);
  if (n > 0) return <span className="muted">{t("common.paren", { x: t("mediation.daysLeft", { n }) })}</span>;
  if (n === 0) return <span className="badge warn">{t("mediation.dueToday")}</span>;
  return <span className="badge overdue">{t("mediation.daysOverdue", { n: -n })}</span>;
}

/**
 * The agreement's text. There is one column for it (agreementTerms); when the mediator fills in 各方责任 apart
 * from the terms, both are kept in it under labelled headings, which read naturally on screen and let the
 * printed 协议书 put them in their own sections.
 */
const RESP_HEAD = "【各方责任】";
const TERMS_HEAD = "【协议内容】";

export function composeAgreement(responsibilities: string, terms: string): string {
  const r = responsibilities.trim();
  return r ? `${RESP_HEAD}\n${r}\n\n${TERMS_HEAD}\n${terms.trim()}` : terms.trim();
}

export function splitAgreement(text: string | null | undefined): { responsibilities: string; terms: string } {
  const s = text ?? "";
  const m = /^【各方责任】\n([\s\S]*?)\n\n【协议内容】\n([\s\S]*)$/.exec(s);
  return m ? { responsibilities: m[1], terms: m[2] } : { responsibilities: "", terms: s };
}

/** An error message key at a nested field name, from react-hook-form's state or the server's answer. */
export function nestedError(
  errors: FieldErrors,
  serverErrors: Record<string, string> | null | undefined,
  hydrated: boolean,
  name: string,
): string | undefined {
  if (!hydrated) return serverErrors?.[name];
  const e = get(errors, name) as { message?: string; root?: { message?: string } } | undefined;
  return e?.message ?? e?.root?.message ?? undefined;
}

/** A one-line, comma-separated list of people ("张三、李四"). */
export const joinNames = (names: string[]) => names.filter(Boolean).join("、");

/** Party age: stated, or computed from the birth date on `today`. */
export function ageOf(p: { age: number | null; birthDate: string | null }, today: string): number | null {
  if (p.age !== null && p.age !== undefined) return p.age;
  if (!p.birthDate) return null;
  const age = ageOn(p.birthDate, today);
  return age >= 0 ? age : null;
}
