import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AgreementSheet, FollowupSheet, PRINT_DOCS, RegistrationSheet, type PrintDoc } from "~/components/mediation-print";
import {
  ApplicationSheet,
  EXTRA_PRINT_DOCS,
  extraMediationDocs,
  OralAgreementSheet,
  SessionRecordSheet,
  TerminationNoticeSheet,
  type ExtraPrintDoc,
} from "~/components/mediation-print-more";
import { getMediation } from "~/models/mediations.server";
import { requirePermission } from "~/utils/auth.server";
import { todayInChina } from "~/utils/dates";
import { useT } from "~/utils/i18n";
import { can } from "~/utils/permissions";
import { parseIdParam } from "~/utils/request.server";

const ALL_DOCS: Record<PrintDoc | ExtraPrintDoc, string> = { ...PRINT_DOCS, ...EXTRA_PRINT_DOCS };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${ALL_DOCS[data.doc]} ${data.record.caseNo}` : "打印" }];

/**
 * A printable A4 page. Printed documents carry the parties' full data, so for those allowed to see it this is a
 * full view (getMediation with `reveal`), and audited as such; others get the masked data.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:mediation");
  const id = parseIdParam(params.id);
  const doc = params.doc as PrintDoc | ExtraPrintDoc;
  if (!Object.prototype.hasOwnProperty.call(ALL_DOCS, doc ?? "")) throw new Response("没有这种文书", { status: 404 });
  const record = await getMediation({ actor, id, reveal: can(actor, "read:personal"), ip: context.clientIp });
  if (!record) throw new Response("记录不存在或不在您的管辖范围内", { status: 404 });
  if (!record.can.print) throw new Response("无权执行此操作", { status: 403 });
  // only a written settlement has a 协议书 (an oral one is recorded in the oral register)
  if (doc === "agreement" && !(record.status === "success" && record.agreementForm === "written"))
    throw new Response("该纠纷没有书面调解协议", { status: 404 });
  if (doc === "followup" && record.status !== "success") throw new Response("该纠纷没有调解协议，无需回访", { status: 404 });
  if (doc in EXTRA_PRINT_DOCS && !extraMediationDocs(record).some((d) => d.doc === doc)) throw new Response("该纠纷没有这种文书", { status: 404 });
  return json({ doc, record, today: todayInChina() });
}

export default function PrintMediationDocument() {
  const { doc, record, today } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="print-page">
      <div className="print-toolbar no-print">
        <Link to={`/mediations/${record.id}`}>← {record.caseNo}</Link>
        <button type="button" className="primary" onClick={() => window.print()}>
          {t("mediation.print.now")}
        </button>
        <span className="muted small">{t("mediation.print.hint")}</span>
      </div>
      {doc === "registration" ? <RegistrationSheet record={record} today={today} /> : null}
      {doc === "agreement" ? <AgreementSheet record={record} today={today} /> : null}
      {doc === "followup" ? <FollowupSheet record={record} /> : null}
      {doc === "application" ? <ApplicationSheet record={record} today={today} /> : null}
      {doc === "record" ? <SessionRecordSheet record={record} /> : null}
      {doc === "oral" ? <OralAgreementSheet record={record} /> : null}
      {doc === "termination" ? <TerminationNoticeSheet record={record} /> : null}
    </div>
  );
}
