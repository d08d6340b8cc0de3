import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PrintSheet, ReceiptLine, SealLine, SignLine } from "~/components/print-frame";
import { getLegalAidForPrint } from "~/models/legal-aid-reads.server";
import { PERSON_CATEGORIES } from "~/schemas/enums/consultation";
import { LEGAL_AID_APPLICANT_RELATIONS, LEGAL_AID_CASE_TYPES, LEGAL_AID_EXEMPTIONS, LEGAL_AID_MEANS, LEGAL_AID_PROCEEDINGS, LEGAL_AID_PROVIDER_KINDS, LEGAL_AID_SERVICE_FORMS, LEGAL_AID_TERMINATION_REASONS } from "~/schemas/enums/legal-aid";
import { GENDERS } from "~/schemas/enums/mediation";
import { splitMissingDocs } from "~/schemas/document";
import { requirePermission } from "~/utils/auth.server";
import { addDays, formatDayZh } from "~/utils/dates";
import { parseIdParam } from "~/utils/request.server";
import { useT } from "~/utils/i18n";

const DOCS = ["application", "decision", "refusal", "assignment", "supplement", "termination"] as const;
type Doc = (typeof DOCS)[number];
const TITLES: Record<Doc, string> = {
  application: "法律援助申请表",
  decision: "给予法律援助决定书",
  refusal: "不予法律援助决定书",
  assignment: "指派通知书",
  supplement: "补充材料告知书",
  termination: "终止法律援助决定书",
};

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${TITLES[data.doc]} ${data.c.appNo} · 枫桥` : "打印 · 枫桥" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:legal-aid");
  const id = parseIdParam(params.id);
  const doc = DOCS.find((d) => d === params.doc);
  if (!doc) throw new Response("记录不存在", { status: 404 });
  // the printed documents carry the full personal data: each print is audited
  const c = await getLegalAidForPrint({ actor, id, doc, ip: context.clientIp });
  if (!c) throw new Response("记录不存在或不在您的管辖范围内", { status: 404 });
  return json({ doc, c });
}


export default function LegalAidPrint() {
  const { doc, c } = useLoaderData<typeof loader>();
  const t = useT();
  const first = c.beneficiaries[0];
  const names = c.beneficiaries.map((b) => b.name).join("、");
  const cats = (list: string[]) => list.map((k) => PERSON_CATEGORIES.label(k)).join("、") || "无";
  const means = `${LEGAL_AID_MEANS.label(c.meansTest)}${
    c.exemptBasis
      ? `（${LEGAL_AID_EXEMPTIONS.label(c.exemptBasis)}${c.exemptCategory ? `：${PERSON_CATEGORIES.label(c.exemptCategory)}` : ""}${
          c.exemptNote ? `，${c.exemptNote}` : ""
        }）`
      : ""
  }`;
  return (
    <div className="print-page">
      <p className="no-print actions">
        <Link to={`/legal-aid/${c.id}`}>← {t("la.printed.back")}</Link>
        <button type="button" className="primary" onClick={() => window.print()}>
          {t("la.printed.print")}
        </button>
      </p>
      <PrintSheet issuer={c.centreName} title={TITLES[doc]} caseNo={doc === "application" || doc === "supplement" ? c.appNo : doc === "assignment" ? c.assignmentNo : c.decisionNo}>

        {doc === "application" ? (
          <>
            <table className="print-table">
              <tbody>
                <tr>
                  <th>申请日期</th>
                  <td>{formatDayZh(c.appliedOn)}</td>
                  <th>受理单位</th>
                  <td>{c.receivedName}</td>
                </tr>
                <tr>
                  <th>申请人</th>
                  <td>{c.applicantName}</td>
                  <th>与受援人关系</th>
                  <td>{LEGAL_AID_APPLICANT_RELATIONS.label(c.applicantRelation)}</td>
                </tr>
                <tr>
                  <th>身份证号</th>
                  <td>{c.applicantIdNumber ?? ""}</td>
                  <th>联系电话</th>
                  <td>{c.applicantPhone ?? ""}</td>
                </tr>
              </tbody>
            </table>
            <h2>受援人</h2>
            <div className="print-scroll">
              <table className="print-table">
                <thead>
                  <tr>
                    <th>姓名</th>
                    <th>性别</th>
                    <th>出生日期</th>
                    <th>身份证号</th>
                    <th>联系电话</th>
                    <th>住址</th>
                    <th>人员类别</th>
                  </tr>
                </thead>
                <tbody>
                  {c.beneficiaries.map((b) => (
                    <tr key={b.id}>
                      <td>{b.name}</td>
                      <td>{GENDERS.label(b.gender)}</td>
                      <td>{b.birthDate ?? ""}</td>
                      <td>{b.idNumber ?? ""}</td>
                      <td>{b.phone ?? ""}</td>
                      <td>{b.address ?? ""}</td>
                      <td>{cats(b.categories)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <table className="print-table">
              <tbody>
                <tr>
                  <th>案件类别</th>
                  <td>
                    {LEGAL_AID_CASE_TYPES.label(c.caseType)}（{LEGAL_AID_PROCEEDINGS.label(c.proceeding)}）
                  </td>
                  <th>申请援助形式</th>
                  <td>{LEGAL_AID_SERVICE_FORMS.label(c.serviceForm)}</td>
                </tr>
                <tr>
                  <th>案由</th>
                  <td colSpan={3}>{c.cause}</td>
                </tr>
                <tr>
                  <th>申请事项及理由</th>
                  <td colSpan={3} className="pre">
                    {c.matter}
                  </td>
                </tr>
                <tr>
                  <th>经济困难状况</th>
                  <td colSpan={3}>{means}</td>
                </tr>
                {c.missingDocs ? (
                  <tr>
                    <th>需补充材料</th>
                    <td colSpan={3}>
                      {c.missingDocs}（{c.missingDocsOn ? formatDayZh(c.missingDocsOn) : ""}一次性告知）
                    </td>
                  </tr>
                ) : null}
              </tbody>
            </table>
            <p>申请人承诺：以上所填内容及提交的材料真实有效，如有虚假，愿承担相应法律责任。</p>
            <div className="sign-area">
              <SignLine label="申请人（签名）：" />
              <SignLine label="日期：" />
              <SignLine label="受理人（签名）：" />
              <p>受理日期：{formatDayZh(c.appliedOn)}</p>
            </div>
          </>
        ) : null}

        {doc === "decision" ? (
          <>
            <p>{c.applicantName}：</p>
            <p className="indent">
              你（单位）于{formatDayZh(c.appliedOn)}向{c.receivedName}提出的关于{names}
              {c.cause}一案的法律援助申请，
              {c.preliminary
                ? `因距法定时效或期限届满（${formatDayZh(
                    c.limitationDeadline ?? c.decidedOn!
                  )}）不足七日、需要及时采取法律措施，根据《中华人民共和国法律援助法》第四十四条的规定，本中心决定先行提供法律援助。`
                : "经审查，符合《中华人民共和国法律援助法》规定的法律援助条件，本中心决定给予法律援助。"}
            </p>
            <p className="indent">
              援助事项：{LEGAL_AID_CASE_TYPES.label(c.caseType)}案件，{LEGAL_AID_SERVICE_FORMS.label(c.serviceForm)}。本中心将于
              {formatDayZh(addDays(c.decidedOn!, 3))}
              前指派律师、基层法律服务工作者或法律援助志愿者承办，请受援人积极配合，如实陈述案件事实、提供有关证据材料。
            </p>
            <p className="indent">
              受援人以欺骗或其他不正当手段获得法律援助，或者有《中华人民共和国法律援助法》第四十八条规定的其他情形的，本中心将终止法律援助。
            </p>
            <SealLine unit={c.centreName} day={c.decidedOn} label="法律援助中心盖章" />
          </>
        ) : null}

        {doc === "refusal" ? (
          <>
            <p>{c.applicantName}：</p>
            <p className="indent">
              你（单位）于{formatDayZh(c.appliedOn)}向{c.receivedName}提出的关于{names}
              {c.cause}一案的法律援助申请，经审查，本中心决定不予法律援助。理由如下：
            </p>
            <p className="indent pre">{c.refusalReason}</p>
            <p className="indent">
              如对本决定有异议，可以自收到本决定书之日起向设立本中心的司法行政部门提出。司法行政部门应当自收到异议之日起五日内进行审查，作出维持本决定或者责令本中心对符合法律援助条件的申请人提供法律援助的决定（《中华人民共和国法律援助法》第四十九条）。
            </p>
            <SealLine unit={c.centreName} day={c.decidedOn} label="法律援助中心盖章" />
          </>
        ) : null}

        {doc === "assignment" && c.provider ? (
          <>
            <p>{c.provider.kind === "firm" ? c.provider.name : c.provider.firmName ?? c.provider.name}：</p>
            <p className="indent">
              根据《中华人民共和国法律援助法》的规定，本中心已决定（{c.decisionNo}）对{names}
              {c.cause}一案提供法律援助，现指派
              {c.provider.kind === "firm" ? "贵所" : `贵所${LEGAL_AID_PROVIDER_KINDS.label(c.provider.kind)}${c.provider.name}`}
              承办，援助形式为{LEGAL_AID_SERVICE_FORMS.label(c.serviceForm)}。
            </p>
            <p className="indent">
              请承办人员自收到本通知之日起及时与受援人（{first?.name ?? ""}，联系电话：{first?.phone ?? c.applicantPhone ?? ""}
              ）联系，依法履行职责，办结后三十日内向本中心提交结案报告及案卷材料。
            </p>
            <SealLine unit={c.centreName} day={c.currentAssignmentOn} label="法律援助中心盖章" />
          </>
        ) : null}
        {doc === "supplement" ? (
          <>
            <p>{c.applicantName}：</p>
            <p className="indent">
              你（单位）于{formatDayZh(c.appliedOn)}向{c.receivedName}提出的关于{names}
              {c.cause}一案的法律援助申请，经审查，申请材料不齐全。根据《中华人民共和国法律援助法》第四十三条的规定，现一次性告知你需要补充的材料如下：
            </p>
            <ol className="print-list">
              {splitMissingDocs(c.missingDocs).map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ol>
            <p className="indent">
              请及时补充上述材料。申请人未按要求补充材料的，视为撤回申请。材料补齐之日起七日内，本中心将作出是否给予法律援助的决定。
            </p>
            <SealLine unit={c.centreName} day={c.missingDocsOn} label="法律援助中心盖章" />
            <ReceiptLine who="申请人" />
          </>
        ) : null}

        {doc === "termination" ? (
          <>
            <p>{c.applicantName}：</p>
            <p className="indent">
              本中心于{c.decidedOn ? formatDayZh(c.decidedOn) : ""}决定（{c.decisionNo}）对{names}
              {c.cause}一案提供法律援助。因{LEGAL_AID_TERMINATION_REASONS.label(c.terminationReason)}
              {c.terminationNote ? `（${c.terminationNote}）` : ""}，根据《中华人民共和国法律援助法》第四十八条的规定，本中心决定自
              {c.terminatedOn ? formatDayZh(c.terminatedOn) : ""}起终止法律援助。
            </p>
            <p className="indent">
              如对本决定有异议，可以向设立本中心的司法行政部门提出。司法行政部门应当自收到异议之日起五日内进行审查，作出维持或者撤销终止法律援助决定的决定（《中华人民共和国法律援助法》第四十九条）。
            </p>
            <SealLine unit={c.centreName} day={c.terminatedOn} label="法律援助中心盖章" />
            <ReceiptLine who="受援人" />
          </>
        ) : null}
      </PrintSheet>
    </div>
  );
}
