import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { blankBeneficiary, LegalAidApplicationForm, type LegalAidFormDefaults } from "~/components/legal-aid-form";
import { updateLegalAidApplication } from "~/models/legal-aid.server";
import { getLegalAid } from "~/models/legal-aid-reads.server";
import { parseSubmission } from "~/schemas/forms";
import { LEGAL_AID_ARRAY_FIELDS, LegalAidEditSchema, submittedBeneficiaries } from "~/schemas/legal-aid";
import { requirePermission } from "~/utils/auth.server";
import { parseIdParam } from "~/utils/request.server";
import { useT } from "~/utils/i18n";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.legalAidEdit");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "write:legal-aid");
  const id = parseIdParam(params.id);
  // the form needs the full ID numbers and phones to keep them: opening it is a full (audited) view
  const c = await getLegalAid({ actor, id, reveal: true, ip: context.clientIp });
  if (!c) throw new Response("记录不存在或不在您的管辖范围内", { status: 404 });
  if (!c.can.edit) throw new Response("无权执行此操作", { status: 403 });
  const defaults: LegalAidFormDefaults = {
    appliedOn: c.appliedOn,
    receivedUnitId: c.receivedUnitId,
    applicantRelation: c.applicantRelation,
    applicantName: c.applicantRelation === "self" ? "" : c.applicantName,
    applicantPhone: c.applicantPhone ?? "",
    applicantIdNumber: c.applicantIdNumber ?? "",
    beneficiaries: c.beneficiaries.map((b) => ({
      name: b.name,
      gender: b.gender ?? "",
      birthDate: b.birthDate ?? "",
      idNumber: b.idNumber ?? "",
      phone: b.phone ?? "",
      address: b.address ?? "",
      categories: b.categories,
    })),
    caseType: c.caseType,
    proceeding: c.proceeding,
    serviceForm: c.serviceForm,
    cause: c.cause,
    matter: c.matter,
    meansTest: c.meansTest,
    exemptBasis: c.exemptBasis ?? undefined,
    exemptCategory: c.exemptCategory ?? undefined,
    exemptNote: c.exemptNote ?? "",
    missingDocs: "",
    fromConsultation: c.referredFromConsultationId ?? "",
    fromMediation: c.referredFromMediationId ?? "",
    version: c.version,
  };
  // the receiving unit stays in a correction: shown by name
  return json({ id, appNo: c.appNo, defaults, unitChoice: { id: c.receivedUnitId, name: c.receivedName, trail: [] as string[], active: true } });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "write:legal-aid");
  const id = parseIdParam(params.id);
  const fd = await request.formData();
  const parsed = parseSubmission(LegalAidEditSchema, fd, LEGAL_AID_ARRAY_FIELDS, true);
  const values = { ...parsed.values, beneficiaries: submittedBeneficiaries(parsed.values) };
  if (fd.get("intent") === "addBeneficiary") {
    return json({
      fieldErrors: {} as Record<string, string>,
      formError: null as string | null,
      values: { ...values, beneficiaries: [...values.beneficiaries, blankBeneficiary()].slice(0, 30) },
    });
  }
  if (!parsed.ok) return json({ fieldErrors: parsed.fieldErrors, formError: null as string | null, values }, { status: 400 });
  const result = await updateLegalAidApplication({ actor, id, data: parsed.data, ip: context.clientIp });
  if (!result.ok) return json({ fieldErrors: result.fieldErrors, formError: result.formError ?? null, values }, { status: result.status });
  return redirect(`/legal-aid/${id}?saved=edit`);
}

export default function EditLegalAid() {
  const { id, appNo, defaults, unitChoice } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const t = useT();
  const values = (data?.values ?? null) as Record<string, unknown> | null;
  const list = values ? submittedBeneficiaries(values) : null;
  const formDefaults: LegalAidFormDefaults = values
    ? {
        ...defaults,
        ...(values as Partial<LegalAidFormDefaults>),
        version: Number(values.version ?? defaults.version),
        beneficiaries: (list?.length ? list : [blankBeneficiary()]).map((b) => ({
          name: String(b?.name ?? ""),
          gender: String(b?.gender ?? ""),
          birthDate: String(b?.birthDate ?? ""),
          idNumber: String(b?.idNumber ?? ""),
          phone: String(b?.phone ?? ""),
          address: String(b?.address ?? ""),
          categories: Array.isArray(b?.categories) ? (b.categories as string[]) : [],
        })),
      }
    : defaults;
  return (
    <div>
      <p className="no-print">
        <Link to={`/legal-aid/${id}`}>← {appNo}</Link>
      </p>
      <div className="card">
        <h1>
          {t("la.editApplication")} · {appNo}
        </h1>
        <LegalAidApplicationForm
          key={values ? `posted-${formDefaults.beneficiaries.length}` : "edit"}
          defaults={formDefaults}
          unitChoice={unitChoice}
          serverErrors={data?.fieldErrors}
          formError={data?.formError}
          submitLabel={t("action.save")}
        />
      </div>
    </div>
  );
}
