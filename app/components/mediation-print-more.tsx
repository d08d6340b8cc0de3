/**
 * More printed documents of a dispute, A4 like those in mediation-print.tsx (same sheet, sign and seal lines):
 * 人民调解申请书, 调解笔录 (from the sessions), 口头协议登记表 (an oral settlement), 终止调解告知书 (a failure).
 */
import { FAILURE_ROUTES } from "~/schemas/enums/mediation";
import { formatDayZh } from "~/utils/dates";
import type { MediationView } from "./mediation-detail";
import { partyLabels } from "./mediation-detail";
import { formatYuan, splitAgreement } from "./mediation-bits";
import { CommitteeSeal, committeeName, partySentence, Sheet, SignLine } from "./mediation-print";

const day = (d: string | null | undefined) => (d ? formatDayZh(d) : "");

/** Which of these documents a dispute has (by its state), for the links on its page. */
export function extraMediationDocs(record: Pick<MediationView, "status" | "agreementForm" | "sessions">) {
  const docs: { doc: ExtraPrintDoc; title: string }[] = [{ doc: "application", title: EXTRA_PRINT_DOCS.application }];
  if (record.sessions.length) docs.push({ doc: "record", title: EXTRA_PRINT_DOCS.record });
  if (record.status === "success" && record.agreementForm === "oral") docs.push({ doc: "oral", title: EXTRA_PRINT_DOCS.oral });
  if (record.status === "failed") docs.push({ doc: "termination", title: EXTRA_PRINT_DOCS.termination });
  return docs;
}

export const EXTRA_PRINT_DOCS = {
  application: "人民调解申请书",
  record: "人民调解笔录",
  oral: "口头调解协议登记表",
  termination: "终止人民调解告知书",
} as const;
export type ExtraPrintDoc = keyof typeof EXTRA_PRINT_DOCS;

export function ApplicationSheet({ record, today }: { record: MediationView; today: string }) {
  const labels = partyLabels(record.parties, "zh");
  const applicants = record.parties.filter((p) => p.side === "applicant");
  return (
    <Sheet title="人民调解申请书" caseNo={record.caseNo}>
      <section className="print-parties" aria-label="当事人">
        {record.parties.map((p, i) => (
          <p key={p.id}>
            <strong>{labels[i]}：</strong>
            {partySentence(p, today)}
          </p>
        ))}
      </section>
      <section aria-label="纠纷事实及申请事项">
        <h2>纠纷事实及申请事项：</h2>
        <p className="pre indent">{record.summary}</p>
      </section>
      <p className="indent">
        申请人自愿申请{committeeName(record.registeredUnitName || record.unitName)}进行调解，保证所述事实真实，愿意遵守人民调解的有关规定。
      </p>
      <div className="sign-area">
        {applicants.length ? applicants.map((p) => <SignLine key={p.id} label="申请人（签名或盖章）：" name={p.name} />) : <SignLine label="申请人（签名或盖章）：" />}
      </div>
      <p className="print-date">{day(record.registeredOn)}</p>
    </Sheet>
  );
}

export function SessionRecordSheet({ record }: { record: MediationView }) {
  const labels = partyLabels(record.parties, "zh");
  return (
    <Sheet title="人民调解笔录" caseNo={record.caseNo}>
      <table className="print-table">
        <colgroup>
          <col className="c-head" />
          <col />
        </colgroup>
        <tbody>
          <tr>
            <th>当事人</th>
            <td>{record.parties.map((p, i) => `${labels[i]}：${p.name}`).join("；")}</td>
          </tr>
          <tr>
            <th>纠纷简要情况</th>
            <td className="pre">{record.summary}</td>
          </tr>
        </tbody>
      </table>
      {record.sessions.map((s, i) => (
        <table className="print-table visit" key={s.id}>
          <colgroup>
            <col className="c-head" />
            <col />
          </colgroup>
          <tbody>
            <tr>
              <th>第{i + 1}次调解</th>
              <td>
                时间：{day(s.heldOn)}　地点：{committeeName(record.unitName)}
              </td>
            </tr>
            <tr>
              <th>调解员</th>
              <td>{s.mediatorNames}</td>
            </tr>
            <tr>
              <th>调解记录</th>
              <td className="tall pre">{s.notes}</td>
            </tr>
          </tbody>
        </table>
      ))}
      <div className="sign-area">
        <SignLine label="当事人（签名）：" />
        <SignLine label="调解员（签名）：" />
        <SignLine label="记录人（签名）：" />
      </div>
      <p className="print-date">{committeeName(record.unitName)}</p>
    </Sheet>
  );
}

export function OralAgreementSheet({ record }: { record: MediationView }) {
  const labels = partyLabels(record.parties, "zh");
  const { terms } = splitAgreement(record.agreementTerms);
  return (
    <Sheet title="口头调解协议登记表" caseNo={record.caseNo}>
      <table className="print-table">
        <colgroup>
          <col className="c-head" />
          <col />
          <col className="c-head" />
          <col />
        </colgroup>
        <tbody>
          <tr>
            <th>当事人</th>
            <td colSpan={3}>{record.parties.map((p, i) => `${labels[i]}：${p.name}`).join("；")}</td>
          </tr>
          <tr>
            <th>纠纷类型</th>
            <td>{record.disputeTypeLabel}</td>
            <th>调解日期</th>
            <td>{day(record.concludedOn)}</td>
          </tr>
          <tr>
            <th>纠纷简要情况</th>
            <td colSpan={3} className="pre">
              {record.summary}
            </td>
          </tr>
          <tr>
            <th>口头协议内容</th>
            <td colSpan={3} className="tall pre">
              {terms}
            </td>
          </tr>
          <tr>
            <th>履行方式、期限</th>
            <td colSpan={3}>
              {[record.performanceManner ?? "", record.performanceDeadline ? `${day(record.performanceDeadline)}前` : "", record.agreementAmountFen !== null ? `协议金额${formatYuan(record.agreementAmountFen)}元` : ""]
                .filter(Boolean)
                .join("，")}
            </td>
          </tr>
          <tr>
            <th>调解员</th>
            <td colSpan={3}>{record.mediators.map((m) => m.name).join("、")}</td>
          </tr>
        </tbody>
      </table>
      <div className="sign-area">
        <SignLine label="当事人（签名）：" />
        <SignLine label="调解员（签名）：" />
        <SignLine label="登记人（签名）：" />
      </div>
      <CommitteeSeal unitName={record.unitName} day={record.concludedOn} />
    </Sheet>
  );
}

export function TerminationNoticeSheet({ record }: { record: MediationView }) {
  const applicants = record.parties.filter((p) => p.side === "applicant").map((p) => p.name);
  const respondents = record.parties.filter((p) => p.side === "respondent").map((p) => p.name);
  return (
    <Sheet title="终止人民调解告知书" caseNo={record.caseNo}>
      <p>{record.parties.map((p) => p.name).join("、")}：</p>
      <p className="indent">
        {applicants.join("、")}与{respondents.join("、")}之间的{record.disputeTypeLabel}纠纷，本委员会于{day(record.registeredOn)}受理并进行了调解。
        {record.failureReason ? `因${record.failureReason}，` : ""}
        调解未能达成协议。根据《中华人民共和国人民调解法》第二十六条的规定，本委员会决定自{day(record.concludedOn)}起终止调解。
      </p>
      <p className="indent">
        当事人可以依法通过{record.failureRoute ? FAILURE_ROUTES.label(record.failureRoute) : "仲裁、行政、司法等"}途径维护自己的合法权益。
      </p>
      <CommitteeSeal unitName={record.unitName} day={record.concludedOn} />
      <div className="sign-area">
        <SignLine label="当事人（签收）：" />
        <SignLine label="送达人（签名）：" />
      </div>
    </Sheet>
  );
}
