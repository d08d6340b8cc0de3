import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ConsultationForm } from "~/components/consultation-form";
import { FormNotice } from "~/components/form-fields";
import { createConsultation, getConsultation, listAnsweredByNames } from "~/models/consultations.server";
import { getUnitChoice } from "~/models/unit-search.server";
import { pickedUnitId } from "~/schemas/unit-picker";
import { parseSubmission } from "~/schemas/forms";
import { requirePermission } from "~/utils/auth.server";
import { todayInChina } from "~/utils/dates";
import { useT } from "~/utils/i18n";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.consultationNew");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "write:consultation");
  const url = new URL(request.url);
  const savedId = Number(url.searchParams.get("saved"));
  const saved = savedId > 0 ? await getConsultation({ actor, id: savedId }) : null;
  // the unit: one chosen on the search page (without JavaScript), else the last record's, else the user's own
  const picked = await getUnitChoice({ actor, id: pickedUnitId(url.searchParams, "unitId") ?? saved?.unitId ?? actor.unitId });
  const unitChoice = picked?.active ? picked : await getUnitChoice({ actor, id: actor.unitId });
  return json({
    savedId: saved?.id ?? null,
    unitChoice,
    answeredByNames: await listAnsweredByNames({ actor }),
    // after a save, keep the date, unit, channel and who answered: the next visitor is usually alike
    defaults: {
      date: saved?.date ?? todayInChina(),
      unitId: unitChoice?.id ?? actor.unitId,
      channel: saved?.channel,
      topic: undefined,
      persons: 1,
      categories: [] as string[],
      answeredBy: saved?.answeredBy ?? actor.displayName,
      summary: "",
      nextStep: "answered",
    },
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "write:consultation");
  // imported here, not at the top: a static import would put the validator into this page's first scripts
  const { CONSULTATION_ARRAY_FIELDS, ConsultationSchema } = await import("~/schemas/consultation");
  const parsed = parseSubmission(ConsultationSchema, await request.formData(), CONSULTATION_ARRAY_FIELDS);
  // the unit shown again as chosen when the form comes back with errors
  const unitChoice = async (values: Record<string, unknown>) => await getUnitChoice({ actor, id: Number(values.unitId) || null });
  if (!parsed.ok) return json({ fieldErrors: parsed.fieldErrors, formError: null as string | null, values: parsed.values, unitChoice: await unitChoice(parsed.values) }, { status: 400 });
  const result = await createConsultation({ actor, data: parsed.data, ip: context.clientIp });
  if (!result.ok) return json({ fieldErrors: result.fieldErrors, formError: result.formError ?? null, values: parsed.values, unitChoice: await unitChoice(parsed.values) }, { status: result.status });
  return redirect(`/consultations/new?saved=${result.value.id}`);
}

export default function NewConsultation() {
  const { defaults, unitChoice, answeredByNames, savedId } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const t = useT();
  const values = (data?.values ?? null) as Record<string, unknown> | null;
  return (
    <div className="card">
      <h1>{t("consultation.new")}</h1>
      {savedId ? (
        <FormNotice kind="ok">
          {t("consultation.saved", { id: savedId })} <Link to={`/consultations/${savedId}`}>{t("action.edit")}</Link>
        </FormNotice>
      ) : null}
      <ConsultationForm
        key={savedId ?? "new"}
        defaults={values ? { ...defaults, ...(values as object), categories: (values.categories as string[]) ?? [] } : defaults}
        unitChoice={data?.unitChoice ?? unitChoice}
        answeredByNames={answeredByNames}
        serverErrors={data?.fieldErrors}
        formError={data?.formError}
        submitLabel={t("action.saveNext")}
        autoFocusChannel
      />
    </div>
  );
}
