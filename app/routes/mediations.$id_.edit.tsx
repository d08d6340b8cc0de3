import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormNotice } from "~/components/form-fields";
import { yuanInput } from "~/components/mediation-bits";
import {
  applyPartyIntent,
  isFormOnlyIntent,
  MediationRegistrationForm,
  registrationDefaultsFrom,
  type PartyDefaults,
  type RegistrationDefaults,
} from "~/components/mediation-form";
import { getMediation, listDisputeTypes, listRoster, updateMediationRegistration } from "~/models/mediations.server";
import { formDataToNested, parseSubmission } from "~/schemas/forms";
import { MEDIATION_ARRAY_FIELDS, MediationEditSchema } from "~/schemas/mediation";
import { requirePermission } from "~/utils/auth.server";
import { useT } from "~/utils/i18n";
import type { Actor } from "~/utils/permissions";
import { parseIdParam } from "~/utils/request.server";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.mediationEdit");

/**
 * The correction form shows the parties' data in full (it must post them back whole), so opening it is a full
 * view of personal data: getMediation with `reveal`, audited. Only writers (who may see personal data) get here.
 */
async function load(actor: Actor, id: number, ip: string | null | undefined) {
  const record = await getMediation({ actor, id, reveal: true, ip });
  if (!record) throw new Response("记录不存在或不在您的管辖范围内", { status: 404 });
  if (!record.can.edit) throw new Response("无权执行此操作", { status: 403 });
  const onRoster = (await listRoster({ actor, unitId: record.unitId })).map((m) => ({ id: m.id, name: m.name, fullTime: m.fullTime, unitName: m.unitName }));
  // mediators assigned before a transfer stay listed, so the correction does not silently drop them
  const others = record.mediators
    .filter((m) => !onRoster.some((r) => r.id === m.id))
    .map((m) => ({ id: m.id, name: m.name, fullTime: false, unitName: "—" }));
  return { record, roster: [...onRoster, ...others] };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "write:mediation");
  const id = parseIdParam(params.id);
  const { record, roster } = await load(actor, id, context.clientIp);
  const defaults: RegistrationDefaults = {
    registeredOn: record.registeredOn,
    unitId: String(record.unitId),
    source: record.source,
    disputeType: record.disputeType,
    summary: record.summary,
    personsInvolved: String(record.personsInvolved),
    amount: yuanInput(record.amountFen),
    isMass: record.isMass,
    preventedCriminal: record.preventedCriminal,
    preventedPetition: record.preventedPetition,
    parties: record.parties.map(
      (p): PartyDefaults => ({
        side: p.side === "respondent" ? "respondent" : "applicant",
        kind: p.kind,
        name: p.name,
        gender: p.gender ?? "",
        ethnicity: p.ethnicity ?? "",
        // a birth date read from the ID number is not shown twice: the ID number carries it
        birthDate: p.birthDate && !(p.idNumber && p.idNumber.slice(6, 14) === p.birthDate.replace(/-/g, "")) ? p.birthDate : "",
        age: p.age === null ? "" : String(p.age),
        occupation: p.occupation ?? "",
        phone: p.phone ?? "",
        address: p.address ?? "",
        idNumber: p.idNumber ?? "",
      }),
    ),
    mediatorIds: record.mediators.map((m) => String(m.id)),
    version: record.version,
  };
  return json({
    id,
    caseNo: record.caseNo,
    unit: { id: record.unitId, name: record.unitName },
    version: record.version,
    types: await listDisputeTypes({ actor }),
    roster,
    defaults,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "write:mediation");
  const id = parseIdParam(params.id);
  const fd = await request.formData();
  const intents = fd.getAll("intent").map(String);
  const intent = intents.find((i) => i !== "update") ?? "update";
  if (isFormOnlyIntent(intent)) {
    const values = applyPartyIntent(formDataToNested(fd, MEDIATION_ARRAY_FIELDS), intent);
    return json({ intent, fieldErrors: {} as Record<string, string>, formError: null as string | null, values }, { status: 200 });
  }
  if (intent !== "update")
    return json({ intent, fieldErrors: {} as Record<string, string>, formError: "err.badRequest" as string | null, values: formDataToNested(fd, MEDIATION_ARRAY_FIELDS) }, { status: 400 });
  const parsed = parseSubmission(MediationEditSchema, fd, MEDIATION_ARRAY_FIELDS, true);
  if (!parsed.ok) return json({ intent, fieldErrors: parsed.fieldErrors, formError: null as string | null, values: parsed.values }, { status: 400 });
  const { version, confirmDuplicate: _c, ...data } = parsed.data;
  const result = await updateMediationRegistration({ actor, id, version, data, ip: context.clientIp });
  if (!result.ok) return json({ intent, fieldErrors: result.fieldErrors, formError: result.formError ?? null, values: parsed.values }, { status: result.status });
  return redirect(`/mediations/${id}?done=edit`);
}

export default function EditMediation() {
  const loaderData = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const t = useT();
  // after a conflict the form keeps what was typed, at the record's current version: saving again is a
  // deliberate overwrite of the newer data shown on the dispute's page
  const defaults = data?.values ? { ...registrationDefaultsFrom(data.values, loaderData.defaults), version: loaderData.version } : loaderData.defaults;
  return (
    <div>
      <p className="no-print">
        <Link to={`/mediations/${loaderData.id}`}>← {loaderData.caseNo}</Link>
      </p>
      <div className="card">
        <h1>{t("mediation.editTitle", { caseNo: loaderData.caseNo })}</h1>
        <FormNotice kind="warn">{t("mediation.editRevealNotice")}</FormNotice>
        {data?.formError === "err.stale" ? (
          <FormNotice kind="error">
            <strong>{t("err.stale")}</strong>
            <br />
            {t("mediation.staleHint")}{" "}
            <Link to={`/mediations/${loaderData.id}`} target="_blank" rel="noreferrer">
              {t("mediation.staleOpen")}
            </Link>
          </FormNotice>
        ) : null}
        <MediationRegistrationForm
          key={loaderData.version}
          defaults={defaults}
          fixedUnit={loaderData.unit}
          types={loaderData.types}
          roster={loaderData.roster}
          serverErrors={data?.fieldErrors}
          formError={data?.formError === "err.stale" ? null : data?.formError}
          submitLabel={t("action.save")}
        />
      </div>
    </div>
  );
}
