/**
 * The frame every printed document shares (A4, see app/styles/app.css `.print-doc`): the sheet with its issuer,
 * title and case number, the signature lines, the seal line and the receipt line. Mediation and legal aid forms
 * are written inside it, in Chinese whatever the screen's language: they are legal documents handed to the parties.
 */
import type { ReactNode } from "react";
import { formatDayZh } from "~/utils/dates";

export function PrintSheet({ title, caseNo, issuer, children }: { title: string; caseNo: string | null | undefined; issuer?: string; children: ReactNode }) {
  return (
    <article className="print-doc" lang="zh-CN">
      <header>
        {issuer ? <p className="print-issuer">{issuer}</p> : null}
        <h1 className="print-title">{title}</h1>
        <p className="print-no">{caseNo ?? ""}</p>
      </header>
      {children}
    </article>
  );
}

/** "当事人（签名）：______", with the name printed when known. */
export function SignLine({ label, name }: { label: string; name?: string }) {
  return (
    <div className="sign-line">
      <span className="sign-label">{label}</span>
      {name ? <span className="sign-name">{name}</span> : null}
      <span className="sign-blank" aria-hidden="true" />
    </div>
  );
}

/** The issuing body's seal and the date, at the right: "XX人民调解委员会（印章）  2024年3月5日". */
export function SealLine({ unit, day, label = "盖章" }: { unit: string; day: string | null | undefined; label?: string }) {
  return (
    <div className="seal-area" role="group" aria-label={label}>
      <p className="seal-unit">{unit}（印章）</p>
      <p className="print-date">{day ? formatDayZh(day) : ""}</p>
    </div>
  );
}

/** "申请人（签收）：________ 日期：______" under a notice handed over. */
export function ReceiptLine({ who }: { who: string }) {
  return (
    <div className="sign-area">
      <SignLine label={`${who}（签收）：`} />
      <SignLine label="签收日期：" />
    </div>
  );
}
