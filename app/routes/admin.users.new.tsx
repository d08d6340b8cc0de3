import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormNotice, SelectField, TextField } from "~/components/form-fields";
import { useValidatedForm } from "~/components/use-validated-form";
import { getUnit } from "~/models/units.server";
import { getUnitChoice } from "~/models/unit-search.server";
import { UnitPicker } from "~/components/unit-picker";
import { createUser } from "~/models/users.server";
import { ROLES } from "~/schemas/enums/units";
import { parseSubmission } from "~/schemas/forms";
import { UserCreateSchema } from "~/schemas/user";
import { requirePermission } from "~/utils/auth.server";
import { useLocale, useT } from "~/utils/i18n";
import { assignableRoles } from "~/utils/permissions";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.userNew");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:user");
  const params = new URL(request.url).searchParams;
  // ?unit= from a unit's page, ?unitId= from the unit search page (without JavaScript)
  const unitParam = params.get("unitId") ?? params.get("unit");
  const wanted = unitParam && /^\d{1,12}$/.test(unitParam) ? await getUnit({ actor, id: Number(unitParam) }) : null;
  return json({
    roles: assignableRoles(actor),
    unitChoice: await getUnitChoice({ actor, id: wanted?.active ? wanted.id : actor.unitId }),
    defaults: {
      username: "",
      displayName: "",
      role: "staff",
      unitId: String(wanted?.active ? wanted.id : actor.unitId),
      phone: "",
      password: "",
    },
  });
}

/** The submitted values to show again: everything but the password. */
function withoutPassword(values: Record<string, unknown>) {
  const { password: _password, ...rest } = values;
  return rest;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:user");
  const parsed = parseSubmission(UserCreateSchema, await request.formData());
  if (!parsed.ok) return json({ fieldErrors: parsed.fieldErrors, formError: null as string | null, values: withoutPassword(parsed.values) }, { status: 400 });
  const result = await createUser({ actor, data: parsed.data, ip: context.clientIp });
  if (!result.ok) return json({ fieldErrors: result.fieldErrors, formError: result.formError ?? null, values: withoutPassword(parsed.values) }, { status: result.status });
  return redirect(`/admin/users/${result.value.id}?done=created`);
}

export default function NewUser() {
  const { roles, unitChoice, defaults } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const values = { ...defaults, ...((data?.values ?? {}) as Record<string, string>), password: "" };
  const serverErrors = data?.fieldErrors ?? null;
  const { form, formRef, errorOf, onSubmit, onKeyDown } = useValidatedForm({ schema: UserCreateSchema, defaultValues: values as never, serverErrors });
  const { register } = form;
  const hasErrors = !!data?.formError || (serverErrors && Object.keys(serverErrors).length > 0);
  const first = serverErrors ? (Object.keys(serverErrors)[0] ?? null) : null;
  const focus = (name: string) => (first ? first === name : name === "username");
  return (
    <div className="card">
      <p className="no-print">
        <Link to="/admin/users">← {t("user.title")}</Link>
      </p>
      <h1>{t("user.new")}</h1>
      <Form method="post" ref={formRef} onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate className="form" aria-label={t("user.new")}>
        {hasErrors ? <FormNotice kind="error">{t(data?.formError ?? "common.formErrors")}</FormNotice> : null}
        <div className="form-row">
          <TextField
            name="username"
            label={t("user.username")}
            hint={t("user.usernameHint")}
            defaultValue={values.username}
            reg={register("username" as never)}
            error={errorOf("username")}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={32}
            required
            autoFocus={focus("username")}
          />
          <TextField
            name="displayName"
            label={t("user.displayName")}
            defaultValue={values.displayName}
            reg={register("displayName" as never)}
            error={errorOf("displayName")}
            autoComplete="off"
            maxLength={30}
            required
            autoFocus={focus("displayName")}
          />
        </div>
        <div className="form-row">
          <SelectField
            name="role"
            label={t("user.role")}
            options={roles.map((r) => ({ value: r, label: ROLES.label(r, locale) }))}
            defaultValue={values.role}
            reg={register("role" as never)}
            error={errorOf("role")}
            autoFocus={focus("role")}
          />
          <UnitPicker name="unitId" label={t("user.unit")} hint={t("user.unitHint")} value={unitChoice} activeOnly reg={register("unitId" as never)} error={errorOf("unitId")} autoFocus={focus("unitId")} />
        </div>
        <div className="form-row">
          <TextField
            name="phone"
            inputMode="tel"
            label={t("user.phone")}
            defaultValue={values.phone}
            reg={register("phone" as never)}
            error={errorOf("phone")}
            autoComplete="off"
            maxLength={20}
            autoFocus={focus("phone")}
          />
          <TextField
            name="password"
            type="password"
            label={t("user.password")}
            hint={t("user.passwordHint")}
            defaultValue=""
            reg={register("password" as never)}
            error={errorOf("password")}
            autoComplete="new-password"
            maxLength={128}
            required
            autoFocus={focus("password")}
          />
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("action.create")}
          </button>
          <Link to="/admin/users">{t("action.cancel")}</Link>
          <span className="muted small">{t("common.shortcutSave")}</span>
        </div>
      </Form>
    </div>
  );
}
