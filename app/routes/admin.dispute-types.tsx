import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { FormNotice, TextField } from "~/components/form-fields";
import { useValidatedForm } from "~/components/use-validated-form";
import { addDisputeType, listDisputeTypes } from "~/models/mediations.server";
import { parseSubmission } from "~/schemas/forms";
import { DisputeTypeSchema } from "~/schemas/mediation";
import { requirePermission } from "~/utils/auth.server";
import { useLocale, useT } from "~/utils/i18n";
import { pageTitle } from "~/utils/page-title";
import { U, useTx } from "~/components/user-text";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.disputeTypes");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:dictionary");
  return json({ types: await listDisputeTypes({ actor, includeInactive: true }), unitName: actor.unitName });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:dictionary");
  const fd = await request.formData();
  if (fd.get("intent") !== "add") return json({ fieldErrors: {} as Record<string, string>, formError: "err.badRequest" as string | null, values: null }, { status: 400 });
  const parsed = parseSubmission(DisputeTypeSchema, fd);
  if (!parsed.ok) return json({ fieldErrors: parsed.fieldErrors, formError: null as string | null, values: parsed.values }, { status: 400 });
  const result = await addDisputeType({ actor, name: parsed.data.name, ip: context.clientIp });
  if (!result.ok) return json({ fieldErrors: result.fieldErrors, formError: result.formError ?? null, values: parsed.values }, { status: result.status });
  return redirect(`/admin/dispute-types?added=${encodeURIComponent(parsed.data.name)}`);
}

export default function DisputeTypes() {
  const { types, unitName } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const tx = useTx();
  const locale = useLocale();
  const name = typeof data?.values?.name === "string" ? data.values.name : "";
  const { form, formRef, errorOf, onSubmit } = useValidatedForm({ schema: DisputeTypeSchema, defaultValues: { name } as never, serverErrors: data?.fieldErrors });
  const busy = useNavigation().state === "submitting";
  const added = params.get("added");
  return (
    <div>
      <h1>{t("mediation.types.title")}</h1>
      <div className="card">
        <h2>{tx("mediation.types.add", { unit: <U>{unitName}</U> })}</h2>
        {added ? <FormNotice kind="ok">{t("mediation.types.added", { name: added })}</FormNotice> : null}
        {data?.formError ? <FormNotice kind="error">{t(data.formError)}</FormNotice> : null}
        <Form method="post" ref={formRef} onSubmit={onSubmit} noValidate className="form" aria-label={t("mediation.types.add", { unit: unitName })}>
          <input type="hidden" name="intent" value="add" />
          <TextField name="name" label={t("mediation.types.name")} hint={t("mediation.types.hint")} defaultValue={name} reg={form.register("name" as never)} error={errorOf("name")} maxLength={30} />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {t("action.create")}
            </button>
          </div>
        </Form>
      </div>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t("mediation.types.name")}</th>
              <th>{t("mediation.types.code")}</th>
              <th>{t("mediation.types.origin")}</th>
            </tr>
          </thead>
          <tbody>
            {types.map((ty) => (
              <tr key={ty.code}>
                <td>{locale === "zh" ? ty.zh : ty.en}</td>
                <td className="mono">{ty.code}</td>
                <td>{ty.builtIn ? t("mediation.types.builtIn") : t("mediation.types.custom")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
