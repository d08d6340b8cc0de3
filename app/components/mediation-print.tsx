/**
 * The printed documents of a dispute, laid out for A4 paper: 受理登记表, 人民调解协议书, 回访记录.
 * Printed in Chinese whatever the screen's language: they are legal documents handed to the parties.
 */
import type { ReactNode } from "react";
import { GENDERS, MEDIATION_FLAGS, MEDIATION_SOURCES, PERFORMANCE_STATUSES, SATISFACTION } from "~/schemas/enums/mediation";
import { formatDayZh } from "~/utils/dates";
import type { MediationView } from "./mediation-detail";
import { partyLabels } from "./mediation-detail";
import { ageOf, formatYuan, splitAgreement } from "./mediation-bits";
import { PrintSheet, SealLine, SignLine } from "./print-frame";

type Party = MediationView["parties"][number];

/** The committee that seals the document: a township or village signs as its people's mediation committee. */
export const committeeName = (unitName: string) => (/调解|委员会|工作室/.test(unitName) ? unitName : `${unitName}人民调解委员会`);

const dash = (v: string | null | undefined) => (v && v.trim() ? v : "");
const day = (d: string | null | undefined) => (d ? formatDayZh(d) : "");

/** The A4 frame of a mediation form (app/components/print-frame.tsx). */
export function Sheet({ title, caseNo, children }: { title: string; caseNo: string; children: ReactNode }) {
  return (
    <PrintSheet title={title} caseNo={caseNo}>
      {children}
    </PrintSheet>
  );
}
export { SignLine };

/** The committee's seal and the date. */
export function CommitteeSeal({ unitName, day }: { unitName: string; day: string | null | undefined }) {
  return <SealLine unit={committeeName(unitName)} day={day} label="调解委员会盖章" />;
}

/** "张三，男，汉族，1949年12月31日出生，农民，住……，身份证号码……，联系电话……" */
export function partySentence(p: Party, today: string) {
  if (p.kind !== "person")
    return [p.name, p.address ? `住所：${p.address}` : "", p.phone ? `联系电话：${p.phone}` : ""].filter(Boolean).join("，");
  const age = ageOf(p, today);
  return [
    p.name,
    GENDERS.label(p.gender),
    dash(p.ethnicity),
    p.birthDate ? `${formatDayZh(p.birthDate)}出生` : age !== null ? `${age}岁` : "",
    dash(p.occupation),
    p.address ? `住${p.address}` : "",
    p.idNumber ? `公民身份号码：${p.idNumber}` : "",
    p.phone ? `联系电话：${p.phone}` : "",
  ]
    .filter(Boolean)
    .join("，");
}

export function RegistrationSheet({ record, today }: { record: MediationView; today: string }) {
  const labels = partyLabels(record.parties, "zh");
  const flags = MEDIATION_FLAGS.values.filter((f) => (f === "mass" ? record.isMass : record[f]));
  return (
    <Sheet title="人民调解受理登记表" caseNo={record.caseNo}>
      <table className="print-table reg-table">
        <colgroup>
          <col style={{ width: "9%" }} />
          <col style={{ width: "14%" }} />
          <col style={{ width: "23%" }} />
          <col style={{ width: "12%" }} />
          <col style={{ width: "14%" }} />
          <col style={{ width: "12%" }} />
          <col style={{ width: "16%" }} />
        </colgroup>
        <tbody>
          <tr>
            <th colSpan={2}>受理日期</th>
            <td>{day(record.registeredOn)}</td>
            <th>纠纷来源</th>
            <td colSpan={3}>{MEDIATION_SOURCES.label(record.source)}</td>
          </tr>
          <tr>
            <th colSpan={2}>纠纷类型</th>
            <td>{record.disputeTypeLabel}</td>
            <th>涉及人数</th>
            <td>{record.personsInvolved}人</td>
            <th>涉及金额</th>
            <td>{record.amountFen !== null ? `${formatYuan(record.amountFen)}元` : ""}</td>
          </tr>
          <tr>
            <th colSpan={2}>受理单位</th>
            <td>{record.registeredUnitName}</td>
            <th>纠纷标记</th>
            <td colSpan={3}>{flags.length ? flags.map((f) => MEDIATION_FLAGS.label(f)).join("、") : "无"}</td>
          </tr>
          {record.parties.map((p, i) => {
            const age = ageOf(p, today);
            const person = p.kind === "person";
            return [
              <tr key={`${p.id}a`} className="party-first">
                <th rowSpan={person ? 4 : 3}>{labels[i]}</th>
                <th>{person ? "姓名" : "名称"}</th>
                <td>{p.name}</td>
                <th>性别</th>
                <td>{GENDERS.label(p.gender)}</td>
                <th>民族</th>
                <td>{dash(p.ethnicity)}</td>
              </tr>,
              person ? (
                <tr key={`${p.id}b`}>
                  <th>出生日期</th>
                  <td>
                    {day(p.birthDate)}
                    {age !== null ? `（${age}岁）` : ""}
                  </td>
                  <th>职业</th>
                  <td>{dash(p.occupation)}</td>
                  <th>联系电话</th>
                  <td>{dash(p.phone)}</td>
                </tr>
              ) : (
                <tr key={`${p.id}b`}>
                  <th>联系电话</th>
                  <td colSpan={5}>{dash(p.phone)}</td>
                </tr>
              ),
              person ? (
                <tr key={`${p.id}c`}>
                  <th>身份证号码</th>
                  <td colSpan={5} className="mono">
                    {dash(p.idNumber)}
                  </td>
                </tr>
              ) : null,
              <tr key={`${p.id}d`}>
                <th>{person ? "住址" : "住所"}</th>
                <td colSpan={5}>{dash(p.address)}</td>
              </tr>,
            ];
          })}
          <tr>
            <th colSpan={2}>纠纷简要情况及申请事项</th>
            <td colSpan={5} className="tall pre">
              {record.summary}
            </td>
          </tr>
          <tr>
            <th colSpan={2}>调解员</th>
            <td colSpan={5}>{record.mediators.map((m) => m.name).join("、")}</td>
          </tr>
          <tr>
            <th colSpan={2}>登记人</th>
            <td colSpan={5}>{record.createdByName}</td>
          </tr>
        </tbody>
      </table>
      <div className="sign-area">
        <SignLine label="当事人（签名）：" />
        <SignLine label="登记人（签名）：" />
      </div>
      <p className="print-date">{day(record.registeredOn)}</p>
    </Sheet>
  );
}

export function AgreementSheet({ record, today }: { record: MediationView; today: string }) {
  const labels = partyLabels(record.parties, "zh");
  const { responsibilities, terms } = splitAgreement(record.agreementTerms);
  const copies = record.parties.length + 1;
  const performance = [
    record.performanceManner ? `履行方式：${record.performanceManner}` : "",
    record.performanceDeadline ? `履行期限：${formatDayZh(record.performanceDeadline)}前履行完毕` : "",
    record.agreementAmountFen !== null ? `协议金额：${formatYuan(record.agreementAmountFen)}元` : "",
  ].filter(Boolean);
  return (
    <Sheet title="人民调解协议书" caseNo={record.caseNo}>
      <section className="print-parties" aria-label="当事人">
        {record.parties.map((p, i) => (
          <p key={p.id}>
            <strong>{labels[i]}：</strong>
            {partySentence(p, today)}
          </p>
        ))}
      </section>
      <section aria-label="纠纷主要事实、争议事项">
        <h2>纠纷主要事实、争议事项：</h2>
        <p className="pre indent">{record.summary}</p>
      </section>
      <section aria-label="各方当事人责任">
        <h2>各方当事人责任：</h2>
        {responsibilities ? <p className="pre indent">{responsibilities}</p> : <div className="write-lines" aria-label="（手写）" />}
      </section>
      <section aria-label="协议内容">
        <h2>经调解，各方当事人自愿达成如下协议：</h2>
        <p className="pre indent">{terms}</p>
      </section>
      <section aria-label="履行方式和期限">
        <h2>履行方式、时限：</h2>
        {performance.length ? (
          performance.map((line) => (
            <p key={line} className="indent">
              {line}
            </p>
          ))
        ) : (
          <div className="write-lines short" aria-label="（手写）" />
        )}
      </section>
      <p className="indent">
        本协议一式{copies}份，当事人各持一份，人民调解委员会留存一份。本协议自各方当事人签名（盖章）、人民调解员签名并加盖人民调解委员会印章之日起生效。
      </p>
      <p className="indent">
        经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行。各方当事人可以自调解协议生效之日起三十日内共同向人民法院申请司法确认。
      </p>
      <div className="sign-area agreement-signs">
        <div className="sign-group" role="group" aria-label="当事人签名">
          <h2>当事人（签名或盖章）：</h2>
          {record.parties.map((p, i) => (
            <SignLine key={p.id} label={`${labels[i]}：`} name={p.name} />
          ))}
        </div>
        <div className="sign-group" role="group" aria-label="调解员签名">
          <h2>人民调解员（签名）：</h2>
          {record.mediators.length ? record.mediators.map((m) => <SignLine key={m.id} label="调解员：" name={m.name} />) : <SignLine label="调解员：" />}
        </div>
      </div>
      <CommitteeSeal unitName={record.unitName} day={record.concludedOn} />
    </Sheet>
  );
}

export function FollowupSheet({ record }: { record: MediationView }) {
  const labels = partyLabels(record.parties, "zh");
  const { terms } = splitAgreement(record.agreementTerms);
  const visits: Array<MediationView["followups"][number] | null> = record.followups.length ? record.followups : [null];
  return (
    <Sheet title="人民调解回访记录" caseNo={record.caseNo}>
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
            <th>协议日期</th>
            <td>{day(record.concludedOn)}</td>
            <th>履行期限</th>
            <td>{day(record.performanceDeadline)}</td>
          </tr>
          <tr>
            <th>协议内容</th>
            <td colSpan={3} className="pre">
              {terms}
            </td>
          </tr>
        </tbody>
      </table>
      {visits.map((f, i) => (
        <table className="print-table visit" key={f?.id ?? `blank${i}`}>
          <colgroup>
            <col className="c-head" />
            <col />
            <col className="c-head" />
            <col />
          </colgroup>
          <tbody>
            <tr>
              <th>回访日期</th>
              <td>{f ? day(f.visitedOn) : ""}</td>
              <th>回访人</th>
              <td>{f?.visitor ?? ""}</td>
            </tr>
            <tr>
              <th>履行情况</th>
              <td>{f ? PERFORMANCE_STATUSES.label(f.performanceFound) : PERFORMANCE_STATUSES.values.map((v) => `□${PERFORMANCE_STATUSES.label(v)}`).join(" ")}</td>
              <th>当事人满意度</th>
              <td>{f ? SATISFACTION.label(f.satisfaction) : SATISFACTION.values.map((v) => `□${SATISFACTION.label(v)}`).join(" ")}</td>
            </tr>
            <tr>
              <th>回访情况</th>
              <td colSpan={3} className="tall pre">
                {f?.notes ?? ""}
              </td>
            </tr>
          </tbody>
        </table>
      ))}
      <div className="sign-area">
        <SignLine label="回访人（签名）：" />
        <SignLine label="被回访人（签名）：" />
      </div>
      <p className="print-date">{committeeName(record.unitName)}</p>
    </Sheet>
  );
}

export const PRINT_DOCS = {
  registration: "人民调解受理登记表",
  agreement: "人民调解协议书",
  followup: "人民调解回访记录",
} as const;
export type PrintDoc = keyof typeof PRINT_DOCS;
