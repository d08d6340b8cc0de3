import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { CaseDocuments } from "~/components/case-documents";
import { caseDocuments } from "~/models/documents.server";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ConsultationForm } from "~/components/consultation-form";
import { FormNotice, TextArea } from "~/components/form-fields";
import { useValidatedForm } from "~/components/use-validated-form";
import { getConsultation, listAnsweredByNames, updateConsultation, voidConsultation } from "~/models/consultations.server";
import { getUnitChoice } from "~/models/unit-search.server";
import { pickedUnitId } from "~/schemas/unit-picker";
import type { UnitChoice } from "~/components/unit-picker";
import { CONSULTATION_ARRAY_FIELDS, ConsultationEditSchema, VoidSchema } from "~/schemas/consultation";
import { CHANNELS, NEXT_STEPS, PERSON_CATEGORIES, TOPICS } from "~/schemas/enums/consultation";
import { parseSubmission } from "~/schemas/forms";
import { splitCategories } from "~/models/counting-rules";
import { requireActor } from "~/utils/auth.server";
import { parseIdParam } from "~/utils/request.server";
import { useLocale, useT } from "~/utils/i18n";
import { can } from "~/utils/permissions";
import { formatInstant } from "~/utils/instants";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.consultation");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const id = parseIdParam(params.id);
  const record = await getConsultation({ actor, id });
  if (!record) throw new Response("记录不存在或不在您的管辖范围内", { status: 404 });
  const canWrite = can(actor, "write:consultation");
  return json({
    record,
    // the unit picker's choice: the record's unit, or one chosen on the search page (without JavaScript)
    unitChoice: canWrite ? await getUnitChoice({ actor, id: pickedUnitId(new URL(request.url).searchParams, "unitId") ?? record.unitId }) : null,
    answeredByNames: canWrite ? await listAnsweredByNames({ actor }) : [],
    documents: await caseDocuments({ actor, caseKind: "consultation", caseId: id }),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const id = parseIdParam(params.id);
  const fd = await request.formData();
  const intent = fd.get("intent");
  switch (intent) {
    case "update": {
      const parsed = parseSubmission(ConsultationEditSchema, fd, CONSULTATION_ARRAY_FIELDS);
      if (!parsed.ok) return json({ intent, fieldErrors: parsed.fieldErrors, formError: null as string | null, values: parsed.values, unitChoice: await getUnitChoice({ actor, id: Number(fd.get("unitId")) || null }) }, { status: 400 });
      const { version, ...data } = parsed.data;
      const result = await updateConsultation({ actor, id, version, data, ip: context.clientIp });
      if (!result.ok) return json({ intent, fieldErrors: result.fieldErrors, formError: result.formError ?? null, values: parsed.values }, { status: result.status });
      return redirect(`/consultations/${id}?updated=1`);
    }
    case "void": {
      const parsed = parseSubmission(VoidSchema, fd);
      if (!parsed.ok) return json({ intent, fieldErrors: parsed.fieldErrors, formError: null as string | null, values: parsed.values }, { status: 400 });
      const result = await voidConsultation({ actor, id, version: parsed.data.version, reason: parsed.data.reason, ip: context.clientIp });
      if (!result.ok) return json({ intent, fieldErrors: result.fieldErrors, formError: result.formError ?? null, values: parsed.values }, { status: result.status });
      return redirect(`/consultations/${id}`);
    }
    default:
      return json({ intent: null, fieldErrors: {} as Record<string, string>, formError: "err.badRequest", values: null }, { status: 400 });
  }
}

function VoidForm({ version, serverErrors, formError }: { version: number; serverErrors?: Record<string, string> | null; formError?: string | null }) {
  const t = useT();
  const { form, formRef, errorOf, onSubmit } = useValidatedForm({ schema: VoidSchema, defaultValues: { reason: "", version } as never, serverErrors });
  return (
    <Form method="post" ref={formRef} onSubmit={onSubmit} noValidate className="form" aria-label={t("consultation.voidTitle")}>
      {formError ? <FormNotice kind="error">{t(formError)}</FormNotice> : null}
      <p className="muted small">{t("consultation.voidHint")}</p>
      <input type="hidden" name="intent" value="void" />
      <input type="hidden" {...form.register("version" as never)} defaultValue={version} />
      <TextArea name="reason" label={t("consultation.voidReason")} reg={form.register("reason" as never)} error={errorOf("reason")} maxLength={200} />
      <div className="actions">
        <button type="submit" className="danger">
          {t("action.void")}
        </button>
      </div>
    </Form>
  );
}

export default function ConsultationDetail() {
  const { record, unitChoice, answeredByNames, documents } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const values = data?.intent === "update" ? (data.values as Record<string, unknown> | null) : null;
  return (
    <div>
      <p className="no-print">
        <Link to="/consultations">← {t("nav.consultations")}</Link>
      </p>
      <div className="card">
        <h1>{t("consultation.detail", { id: record.id })}</h1>
        {params.get("updated") ? <FormNotice kind="ok">{t("consultation.updated")}</FormNotice> : null}
        {record.voidedAt ? (
          <FormNotice kind="warn">
            {t("consultation.voidedNotice")} {t("consultation.voidedBecause", { reason: record.voidReason ?? "" })}
          </FormNotice>
        ) : null}
        <dl className="details">
          <dt>{t("consultation.date")}</dt>
          <dd>{record.date}</dd>
          <dt>{t("consultation.unit")}</dt>
          <dd data-user-text>{record.unitName}</dd>
          <dt>{t("consultation.channel")}</dt>
          <dd>{CHANNELS.label(record.channel, locale)}</dd>
          <dt>{t("consultation.topic")}</dt>
          <dd>{TOPICS.label(record.topic, locale)}</dd>
          <dt>{t("consultation.persons")}</dt>
          <dd>{record.persons}</dd>
          <dt>{t("consultation.categories")}</dt>
          <dd>{splitCategories(record.categories).map((c) => PERSON_CATEGORIES.label(c, locale)).join(locale === "zh" ? "、" : ", ") || t("common.none")}</dd>
          <dt>{t("consultation.answeredBy")}</dt>
          <dd data-user-text>{record.answeredBy}</dd>
          <dt>{t("consultation.nextStep")}</dt>
          <dd>{NEXT_STEPS.label(record.nextStep, locale)}</dd>
          {record.summary ? (
            <>
              <dt>{t("consultation.summary")}</dt>
              <dd data-user-text>{record.summary}</dd>
            </>
          ) : null}
          <dt>{t("consultation.createdBy")}</dt>
          <dd>
            <span data-user-text>{record.createdByName}</span> · {formatInstant(record.createdAt)}
          </dd>
        </dl>
        {record.nextStep === "referred_mediation" && record.canRefer.mediation ? (
          <p className="no-print">
            <Link to={`/mediations/new?fromConsultation=${record.id}`} className="button">
              {t("consultation.referToMediation")}
            </Link>
          </p>
        ) : null}
        {record.nextStep === "referred_legal_aid" && record.canRefer.legalAid ? (
          <p className="no-print">
            <Link to={`/legal-aid/new?fromConsultation=${record.id}`} className="button">
              {t("consultation.referToLegalAid")}
            </Link>
          </p>
        ) : null}
      </div>
      {record.canEdit ? (
        <div className="card">
          <h2>{t("consultation.edit")}</h2>
          <ConsultationForm
            key={record.version}
            defaults={
              values
                ? ({ ...values, categories: (values.categories as string[]) ?? [], version: Number(values.version) } as never)
                : {
                    date: record.date,
                    unitId: record.unitId,
                    channel: record.channel,
                    topic: record.topic,
                    persons: record.persons,
                    categories: splitCategories(record.categories),
                    answeredBy: record.answeredBy,
                    summary: record.summary,
                    nextStep: record.nextStep,
                    version: record.version,
                  }
            }
            unitChoice={(data as { unitChoice?: UnitChoice | null } | undefined)?.unitChoice ?? unitChoice}
            answeredByNames={answeredByNames}
            serverErrors={data?.intent === "update" ? data.fieldErrors : null}
            formError={data?.intent === "update" ? data.formError : null}
            submitLabel={t("action.save")}
          />
        </div>
      ) : null}
      <CaseDocuments docs={documents} />
      {record.canVoid ? (
        <div className="card">
          <h2>{t("consultation.voidTitle")}</h2>
          <VoidForm
            key={record.version}
            version={record.version}
            serverErrors={data?.intent === "void" ? data.fieldErrors : null}
            formError={data?.intent === "void" || data?.intent === null ? data.formError : null}
          />
        </div>
      ) : null}
    </div>
  );
}
