import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { FormNotice } from "~/components/form-fields";
import { blankBeneficiary, LegalAidApplicationForm, type LegalAidFormDefaults } from "~/components/legal-aid-form";
import { LegalAidNav } from "~/components/legal-aid-nav";
import { applyLegalAid, findLikelyLegalAidDuplicates, type LikelyLegalAidDuplicate } from "~/models/legal-aid.server";
import { getHandlingCentre, referralPrefill } from "~/models/legal-aid-reads.server";
import { getUnitChoice } from "~/models/unit-search.server";
import { pickedUnitId } from "~/schemas/unit-picker";
import { parseSubmission } from "~/schemas/forms";
import { LEGAL_AID_ARRAY_FIELDS, LegalAidApplySchema, submittedBeneficiaries } from "~/schemas/legal-aid";
import { requirePermission } from "~/utils/auth.server";
import { todayInChina } from "~/utils/dates";
import { useT } from "~/utils/i18n";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.legalAidNew");

const idParam = (v: string | null) => (v && /^\d{1,12}$/.test(v) ? Number(v) : null);

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "write:legal-aid");
  const url = new URL(request.url);
  const ref = await referralPrefill({
    actor,
    fromConsultation: idParam(url.searchParams.get("fromConsultation")),
    fromMediation: idParam(url.searchParams.get("fromMediation")),
  });
  // the receiving unit: one chosen on the search page (without JavaScript), else the referral's, else the user's own
  const wanted = await getUnitChoice({ actor, id: pickedUnitId(url.searchParams, "receivedUnitId") ?? ref.receivedUnitId ?? actor.unitId });
  const unitChoice = wanted?.active ? wanted : await getUnitChoice({ actor, id: actor.unitId });
  const defaults: LegalAidFormDefaults = {
    appliedOn: todayInChina(),
    receivedUnitId: unitChoice?.id ?? actor.unitId,
    applicantRelation: "self",
    applicantName: "",
    applicantPhone: "",
    applicantIdNumber: "",
    beneficiaries: [{ ...blankBeneficiary(), name: ref.name, phone: ref.phone, categories: ref.categories }],
    caseType: ref.caseType ?? undefined,
    proceeding: undefined,
    serviceForm: undefined,
    cause: "",
    matter: ref.matter,
    meansTest: undefined,
    exemptBasis: undefined,
    exemptCategory: undefined,
    exemptNote: "",
    missingDocs: "",
    fromConsultation: ref.consultationId ?? "",
    fromMediation: ref.mediationId ?? "",
  };
  return json({ defaults, unitChoice, centre: await getHandlingCentre({ actor }), referral: { consultation: ref.consultationId, mediation: ref.mediationId } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "write:legal-aid");
  const fd = await request.formData();
  const parsed = parseSubmission(LegalAidApplySchema, fd, LEGAL_AID_ARRAY_FIELDS, true);
  // without JavaScript, "add a beneficiary" posts the form back with one more (blank) row
  const noDuplicates = null as LikelyLegalAidDuplicate[] | null;
  // the receiving unit shown again as chosen when the form comes back
  const unitChoice = await getUnitChoice({ actor, id: Number(fd.get("receivedUnitId")) || null });
  if (fd.get("intent") === "addBeneficiary") {
    const list = submittedBeneficiaries(parsed.values);
    return json({
      fieldErrors: {} as Record<string, string>,
      formError: null as string | null,
      values: { ...parsed.values, beneficiaries: [...list, blankBeneficiary()].slice(0, 30) },
      duplicates: noDuplicates,
      unitChoice,
    });
  }
  const values = { ...parsed.values, beneficiaries: submittedBeneficiaries(parsed.values) };
  if (!parsed.ok) return json({ fieldErrors: parsed.fieldErrors, formError: null as string | null, values, duplicates: noDuplicates, unitChoice }, { status: 400 });
  // the same person with an open case in the county: warned, as at a mediation's registration; taken once confirmed
  if (!parsed.data.confirmDuplicate) {
    const duplicates = await findLikelyLegalAidDuplicates({ actor, data: parsed.data });
    if (duplicates.length) return json({ fieldErrors: {} as Record<string, string>, formError: null as string | null, values, duplicates, unitChoice }, { status: 409 });
  }
  const result = await applyLegalAid({ actor, data: parsed.data, ip: context.clientIp });
  if (!result.ok)
    return json(
      { fieldErrors: result.fieldErrors, formError: result.formError ?? null, values: parsed.values, duplicates: noDuplicates, unitChoice },
      { status: result.status }
    );
  return redirect(`/legal-aid/${result.value.id}?saved=apply`);
}

/** Submitted values back into the form's shape (every beneficiary with its category list). */
function valuesToDefaults(values: Record<string, unknown>, fallback: LegalAidFormDefaults): LegalAidFormDefaults {
  const list = submittedBeneficiaries(values);
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  return {
    ...fallback,
    ...(values as Partial<LegalAidFormDefaults>),
    beneficiaries: (list.length ? list : [blankBeneficiary()]).map((b) => ({
      name: text(b?.name),
      gender: text(b?.gender),
      birthDate: text(b?.birthDate),
      idNumber: text(b?.idNumber),
      phone: text(b?.phone),
      address: text(b?.address),
      categories: Array.isArray(b?.categories) ? (b.categories as string[]) : typeof b?.categories === "string" ? [b.categories] : [],
    })),
  };
}

export default function NewLegalAid() {
  const { defaults, unitChoice, centre, referral } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const t = useT();
  const values = (data?.values ?? null) as Record<string, unknown> | null;
  const formDefaults = values ? valuesToDefaults(values, defaults) : defaults;
  return (
    <div className="la-page">
      <h1>{t("la.new")}</h1>
      <LegalAidNav canWrite />
      <div className="card">
        {referral.consultation ? <FormNotice kind="ok">{t("la.fromConsultation", { id: referral.consultation })}</FormNotice> : null}
        {referral.mediation ? <FormNotice kind="ok">{t("la.fromMediation", { id: referral.mediation })}</FormNotice> : null}
        <LegalAidApplicationForm
          key={values ? `posted-${formDefaults.beneficiaries.length}` : "new"}
          defaults={formDefaults}
          unitChoice={data?.unitChoice ?? unitChoice}
          centreName={centre.name}
          serverErrors={data?.fieldErrors}
          formError={data?.formError}
          duplicates={data?.duplicates}
          submitLabel={t("la.submit")}
        />
      </div>
    </div>
  );
}
