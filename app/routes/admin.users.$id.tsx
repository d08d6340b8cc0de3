import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { FormNotice, SelectField, TextField } from "~/components/form-fields";
import { useValidatedForm } from "~/components/use-validated-form";
import { getUnitChoice } from "~/models/unit-search.server";
import { UnitPicker, type UnitChoice } from "~/components/unit-picker";
import { deactivateUser, getUser, reactivateUser, resetPassword, updateUser } from "~/models/users.server";
import { ROLES, type Role } from "~/schemas/enums/units";
import { parseSubmission } from "~/schemas/forms";
import { ResetPasswordSchema, UserEditSchema } from "~/schemas/user";
import { requirePermission } from "~/utils/auth.server";
import { useLocale, useT } from "~/utils/i18n";
import { assignableRoles } from "~/utils/permissions";
import { parseIdParam } from "~/utils/request.server";
import { notFound } from "~/utils/responses.server";
import { formatInstant } from "~/utils/instants";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "title.user", undefined, data?.user.displayName);

const DONE = ["created", "updated", "password", "deactivated", "reactivated"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:user");
  const id = parseIdParam(params.id);
  const user = await getUser({ actor, id });
  if (!user) notFound();
  const roles: string[] = assignableRoles(actor);
  if (!roles.includes(user.role)) roles.push(user.role);
  // the unit shown in the form: the user's, or one chosen on the unit search page (?unitId=, without JavaScript)
  const asked = Number(new URL(request.url).searchParams.get("unitId"));
  const unitChoice = (asked && user.id !== actor.id ? await getUnitChoice({ actor, id: asked }) : null) ?? await getUnitChoice({ actor, id: user.unitId });
  const { unitPath: _path, ...shown } = user;
  return json({ user: shown, isSelf: user.id === actor.id, roles, unitChoice });
}

type ActionData = {
  intent: "update" | "password" | "deactivate" | "reactivate" | null;
  fieldErrors: Record<string, string>;
  formError: string | null;
  values: Record<string, unknown> | null;
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:user");
  const id = parseIdParam(params.id);
  if (!await getUser({ actor, id })) notFound();
  const fd = await request.formData();
  const intent = fd.get("intent");
  const ip = context.clientIp;
  const answer = (d: ActionData, status: number) => json(d, { status });
  switch (intent) {
    case "update": {
      const parsed = parseSubmission(UserEditSchema, fd);
      if (!parsed.ok) return answer({ intent, fieldErrors: parsed.fieldErrors, formError: null, values: parsed.values }, 400);
      const { updatedAt, ...data } = parsed.data;
      const result = await updateUser({ actor, id, data, expectedUpdatedAt: updatedAt, ip });
      if (!result.ok) return answer({ intent, fieldErrors: result.fieldErrors, formError: result.formError ?? null, values: parsed.values }, result.status);
      return redirect(`/admin/users/${id}?done=updated`);
    }
    case "password": {
      // the password is never sent back, whatever happens
      const parsed = parseSubmission(ResetPasswordSchema, fd);
      if (!parsed.ok) return answer({ intent, fieldErrors: parsed.fieldErrors, formError: null, values: null }, 400);
      const result = await resetPassword({ actor, id, password: parsed.data.password, ip });
      if (!result.ok) return answer({ intent, fieldErrors: result.fieldErrors, formError: result.formError ?? null, values: null }, result.status);
      return redirect(`/admin/users/${id}?done=password`);
    }
    case "deactivate": {
      const result = await deactivateUser({ actor, id, ip });
      if (!result.ok) return answer({ intent, fieldErrors: result.fieldErrors, formError: result.formError ?? null, values: null }, result.status);
      return redirect(`/admin/users/${id}?done=deactivated`);
    }
    case "reactivate": {
      const result = await reactivateUser({ actor, id, ip });
      if (!result.ok) return answer({ intent, fieldErrors: result.fieldErrors, formError: result.formError ?? null, values: null }, result.status);
      return redirect(`/admin/users/${id}?done=reactivated`);
    }
    default:
      return answer({ intent: null, fieldErrors: {}, formError: "err.badRequest", values: null }, 400);
  }
}


function FormErrors({ errors, formError }: { errors?: Record<string, string> | null; formError?: string | null }) {
  const t = useT();
  const has = !!formError || (errors && Object.keys(errors).length > 0);
  return has ? <FormNotice kind="error">{t(formError ?? "common.formErrors")}</FormNotice> : null;
}

function EditForm({
  defaults,
  roles,
  unitChoice,
  isSelf,
  serverErrors,
  formError,
}: {
  defaults: { displayName: string; role: string; unitId: string; phone: string; updatedAt: string };
  roles: string[];
  unitChoice: UnitChoice | null;
  isSelf: boolean;
  serverErrors: Record<string, string> | null;
  formError: string | null;
}) {
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const { form, formRef, errorOf, onSubmit, onKeyDown } = useValidatedForm({ schema: UserEditSchema, defaultValues: defaults as never, serverErrors });
  const { register } = form;
  const first = serverErrors ? (Object.keys(serverErrors)[0] ?? null) : null;
  return (
    <Form method="post" ref={formRef} onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate className="form" aria-label={t("user.edit")}>
      <FormErrors errors={serverErrors} formError={formError} />
      <input type="hidden" name="intent" value="update" />
      <input type="hidden" {...register("updatedAt" as never)} defaultValue={defaults.updatedAt} />
      <div className="form-row">
        <TextField
          name="displayName"
          label={t("user.displayName")}
          defaultValue={defaults.displayName}
          reg={register("displayName" as never)}
          error={errorOf("displayName")}
          autoComplete="off"
          maxLength={30}
          required
          autoFocus={first === "displayName"}
        />
        <TextField
          name="phone"
          inputMode="tel"
          label={t("user.phone")}
          defaultValue={defaults.phone}
          reg={register("phone" as never)}
          error={errorOf("phone")}
          autoComplete="off"
          maxLength={20}
          autoFocus={first === "phone"}
        />
      </div>
      <div className="form-row">
        {/* one's own role and unit cannot be changed: shown read-only, still submitted */}
        <SelectField
          name="role"
          label={t("user.role")}
          options={roles.filter((r) => !isSelf || r === defaults.role).map((r) => ({ value: r, label: ROLES.label(r, locale) }))}
          defaultValue={defaults.role}
          reg={register("role" as never)}
          error={errorOf("role")}
          autoFocus={first === "role"}
        />
        {isSelf ? (
          <div className="field">
            <span className="label">{t("user.unit")}</span>
            <input type="hidden" {...register("unitId" as never)} value={defaults.unitId} />
            <p>
              <strong>{unitChoice?.name}</strong>
            </p>
          </div>
        ) : (
          <UnitPicker name="unitId" label={t("user.unit")} hint={t("user.unitHint")} value={unitChoice} activeOnly reg={register("unitId" as never)} error={errorOf("unitId")} autoFocus={first === "unitId"} />
        )}
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t("action.save")}
        </button>
      </div>
    </Form>
  );
}

function PasswordForm({ isSelf, serverErrors, formError }: { isSelf: boolean; serverErrors: Record<string, string> | null; formError: string | null }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const { form, formRef, errorOf, onSubmit } = useValidatedForm({ schema: ResetPasswordSchema, defaultValues: { password: "" } as never, serverErrors });
  return (
    <Form method="post" ref={formRef} onSubmit={onSubmit} noValidate className="form" aria-label={t("user.resetPassword")}>
      <FormErrors errors={serverErrors} formError={formError} />
      <input type="hidden" name="intent" value="password" />
      <p className="muted small">
        {t("user.resetHint")}
        {isSelf ? ` ${t("user.resetSelfHint")}` : null}
      </p>
      <TextField
        name="password"
        type="password"
        label={t("user.newPassword")}
        hint={t("user.passwordHint")}
        defaultValue=""
        reg={form.register("password" as never)}
        error={errorOf("password")}
        autoComplete="new-password"
        maxLength={128}
        required
        autoFocus={!!serverErrors?.password}
      />
      <div className="actions">
        <button type="submit" className="secondary" disabled={busy}>
          {t("user.resetPassword")}
        </button>
      </div>
    </Form>
  );
}

export default function UserDetail() {
  const { user, isSelf, roles, unitChoice } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const done = params.get("done");
  const of = (intent: ActionData["intent"]) => (data && data.intent === intent ? data : null);
  const edit = of("update");
  const pw = of("password");
  const status = of(user.active ? "deactivate" : "reactivate");
  const v = (edit?.values ?? {}) as Record<string, unknown>;
  const str = (x: unknown, fallback: string) => (x === undefined || x === null ? fallback : String(x));
  return (
    <div>
      <p className="no-print">
        <Link to="/admin/users">← {t("user.title")}</Link>
      </p>
      <div className="card">
        <h1>
          {t("user.detail", { name: user.displayName })}
          {user.active ? null : <span className="badge inactive">{t("common.inactive")}</span>}
        </h1>
        {done && (DONE as readonly string[]).includes(done) && !data ? <FormNotice kind="ok">{t(`user.done.${done}`)}</FormNotice> : null}
        {data?.intent === null ? <FormNotice kind="error">{t(data.formError ?? "err.badRequest")}</FormNotice> : null}
        <dl className="details">
          <dt>{t("user.username")}</dt>
          <dd>{user.username}</dd>
          <dt>{t("user.role")}</dt>
          <dd>{ROLES.label(user.role as Role, locale)}</dd>
          <dt>{t("user.unit")}</dt>
          <dd>
            <Link to={`/admin/units/${user.unitId}`}>{user.unitName}</Link>
          </dd>
          <dt>{t("user.status")}</dt>
          <dd>{user.active ? t("common.active") : t("common.inactive")}</dd>
          <dt>{t("user.createdAt")}</dt>
          <dd>{formatInstant(user.createdAt)}</dd>
        </dl>
        {isSelf ? <p className="muted small">{t("user.selfNote")}</p> : null}
      </div>

      <div className="card">
        <h2>{t("user.edit")}</h2>
        <EditForm
          key={user.updatedAt}
          defaults={{
            displayName: str(v.displayName, user.displayName),
            role: str(v.role, user.role),
            unitId: str(v.unitId, String(unitChoice?.id ?? user.unitId)),
            phone: str(v.phone, user.phone ?? ""),
            // after a 409 the form shows the typed values over the current version: saving again is a deliberate overwrite
            updatedAt: user.updatedAt,
          }}
          roles={roles}
          unitChoice={unitChoice}
          isSelf={isSelf}
          serverErrors={edit?.fieldErrors ?? null}
          formError={edit?.formError ?? null}
        />
      </div>

      <div className="card">
        <h2>{t("user.resetPassword")}</h2>
        <PasswordForm key={user.updatedAt} isSelf={isSelf} serverErrors={pw?.fieldErrors ?? null} formError={pw?.formError ?? null} />
      </div>

      {isSelf ? null : (
        <div className="card">
          <h2>{user.active ? t("user.deactivate") : t("user.reactivate")}</h2>
          <Form method="post" className="form" aria-label={user.active ? t("user.deactivate") : t("user.reactivate")}>
            {status?.formError ? <FormNotice kind="error">{t(status.formError)}</FormNotice> : null}
            <p className="muted small">{user.active ? t("user.deactivateHint") : t("user.reactivateHint")}</p>
            <div className="actions">
              {user.active ? (
                <button type="submit" name="intent" value="deactivate" className="danger" disabled={busy}>
                  {t("user.deactivate")}
                </button>
              ) : (
                <button type="submit" name="intent" value="reactivate" className="secondary" disabled={busy}>
                  {t("user.reactivate")}
                </button>
              )}
            </div>
          </Form>
        </div>
      )}
    </div>
  );
}
