/** /admin/units/top — an administrator at the top of the tree adds a parent above it, or another root. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormNotice, SelectField, TextField } from "~/components/form-fields";
import { useValidatedForm } from "~/components/use-validated-form";
import { actorAtTop, addParentAboveRoot, addRootUnit, getUnit } from "~/models/units.server";
import { generatePassword } from "~/models/first-admin.server";
import { UNIT_LEVELS, UNIT_TYPES } from "~/schemas/enums/units";
import { parseSubmission } from "~/schemas/forms";
import { RootUnitSchema, TopUnitSchema } from "~/schemas/unit";
import { hashPassword, requirePermission } from "~/utils/auth.server";
import { todayInChina } from "~/utils/dates";
import { useLocale, useT } from "~/utils/i18n";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.unitTop");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:unit");
  const root = await getUnit({ actor, id: actor.unitId });
  const mode = new URL(request.url).searchParams.get("mode") === "root" ? "root" : "above";
  return json({ mode, atTop: await actorAtTop({ actor }), rootName: root?.name ?? "", rootActiveFrom: root?.activeFrom ?? todayInChina() });
}

type ActionData = { intent: "above" | "root"; fieldErrors: Record<string, string>; formError: string | null; values: Record<string, unknown>; created?: { name: string; username: string; password: string } };

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:unit");
  const fd = await request.formData();
  const intent = fd.get("intent");
  const ip = context.clientIp ?? null;
  if (intent === "above") {
    const parsed = parseSubmission(TopUnitSchema, fd);
    if (!parsed.ok) return json<ActionData>({ intent, fieldErrors: parsed.fieldErrors, formError: null, values: parsed.values }, { status: 400 });
    const r = await addParentAboveRoot({ actor, data: parsed.data, ip });
    if (!r.ok) return json<ActionData>({ intent, fieldErrors: r.fieldErrors, formError: r.formError ?? null, values: parsed.values }, { status: r.status });
    return redirect(`/admin/units?done=above`);
  }
  if (intent === "root") {
    const parsed = parseSubmission(RootUnitSchema, fd);
    if (!parsed.ok) return json<ActionData>({ intent, fieldErrors: parsed.fieldErrors, formError: null, values: parsed.values }, { status: 400 });
    const { adminUsername, adminDisplayName, ...data } = parsed.data;
    const password = generatePassword();
    const r = await addRootUnit({ actor, data, admin: { username: adminUsername, displayName: adminDisplayName, passwordHash: await hashPassword(password) }, ip });
    if (!r.ok) return json<ActionData>({ intent, fieldErrors: r.fieldErrors, formError: r.formError ?? null, values: parsed.values }, { status: r.status });
    // the one-time password is shown in this answer only (never stored in clear, never in a URL)
    return json<ActionData>({ intent, fieldErrors: {}, formError: null, values: {}, created: { name: data.name, username: adminUsername, password } }, { headers: { "Cache-Control": "no-store" } });
  }
  return json({ error: "unknown intent" }, { status: 400 });
}

function UnitFields({ values, errorOf, register }: { values: Record<string, string>; errorOf: (n: string) => string | undefined; register: (n: never) => object }) {
  const t = useT();
  const locale = useLocale();
  const reg = (n: string) => register(n as never) as never;
  return (
    <>
      <div className="form-row">
        <TextField name="name" label={t("unit.name")} defaultValue={values.name} reg={reg("name")} error={errorOf("name")} maxLength={60} required autoComplete="off" />
        <TextField name="shortName" label={t("unit.shortName")} hint={t("unit.shortNameHint")} defaultValue={values.shortName} reg={reg("shortName")} error={errorOf("shortName")} maxLength={10} autoComplete="off" />
      </div>
      <TextField name="code" label={t("unit.code")} hint={t("unit.codeHint")} defaultValue={values.code} reg={reg("code")} error={errorOf("code")} maxLength={20} required autoComplete="off" />
      <div className="form-row">
        <SelectField name="level" label={t("unit.level")} options={UNIT_LEVELS.options(locale)} defaultValue={values.level} reg={reg("level")} error={errorOf("level")} />
        <SelectField name="type" label={t("unit.type")} options={UNIT_TYPES.options(locale)} defaultValue={values.type} reg={reg("type")} error={errorOf("type")} />
      </div>
      <TextField name="activeFrom" type="date" label={t("unit.activeFrom")} defaultValue={values.activeFrom} reg={reg("activeFrom")} error={errorOf("activeFrom")} required />
    </>
  );
}

function AboveForm({ defaults, data }: { defaults: Record<string, string>; data: ActionData | undefined }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const mine = data?.intent === "above" ? data : undefined;
  const values = { ...defaults, ...((mine?.values ?? {}) as Record<string, string>) };
  const { form, formRef, errorOf, onSubmit } = useValidatedForm({ schema: TopUnitSchema, defaultValues: values as never, serverErrors: mine?.fieldErrors ?? null });
  return (
    <Form method="post" ref={formRef} onSubmit={onSubmit} noValidate className="form card" aria-label={t("unitTop.above")}>
      <h2>{t("unitTop.above")}</h2>
      <p className="muted small">{t("unitTop.aboveHint")}</p>
      {mine?.formError ? <FormNotice kind="error">{t(mine.formError)}</FormNotice> : null}
      <input type="hidden" name="intent" value="above" />
      <UnitFields values={values} errorOf={errorOf} register={form.register as never} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t("unitTop.aboveSubmit")}
        </button>
      </div>
    </Form>
  );
}

function RootForm({ defaults, data }: { defaults: Record<string, string>; data: ActionData | undefined }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const mine = data?.intent === "root" && !data.created ? data : undefined;
  const values = { ...defaults, adminUsername: "", adminDisplayName: "", ...((mine?.values ?? {}) as Record<string, string>) };
  const { form, formRef, errorOf, onSubmit } = useValidatedForm({ schema: RootUnitSchema, defaultValues: values as never, serverErrors: mine?.fieldErrors ?? null });
  return (
    <Form method="post" ref={formRef} onSubmit={onSubmit} noValidate className="form card" aria-label={t("unitTop.root")}>
      <h2>{t("unitTop.root")}</h2>
      <p className="muted small">{t("unitTop.rootHint")}</p>
      {mine?.formError ? <FormNotice kind="error">{t(mine.formError)}</FormNotice> : null}
      <input type="hidden" name="intent" value="root" />
      <UnitFields values={values} errorOf={errorOf} register={form.register as never} />
      <div className="form-row">
        <TextField name="adminUsername" label={t("unitTop.adminUsername")} defaultValue={values.adminUsername} reg={form.register("adminUsername" as never)} error={errorOf("adminUsername")} required autoComplete="off" />
        <TextField name="adminDisplayName" label={t("unitTop.adminDisplayName")} defaultValue={values.adminDisplayName} reg={form.register("adminDisplayName" as never)} error={errorOf("adminDisplayName")} required autoComplete="off" />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t("unitTop.rootSubmit")}
        </button>
      </div>
    </Form>
  );
}

export default function TopUnits() {
  const { atTop, rootName, rootActiveFrom, mode: chosen } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const t = useT();
  const mode = data?.intent ?? chosen;
  const base = { name: "", shortName: "", code: "", type: "admin", activeFrom: rootActiveFrom };
  return (
    <div>
      <p className="no-print">
        <Link to="/admin/units">← {t("unit.title")}</Link>
      </p>
      <h1>{t("unitTop.title")}</h1>
      {!atTop ? (
        <FormNotice kind="warn">{t("unitTop.notAtTop")}</FormNotice>
      ) : (
        <>
          <p>{t("unitTop.current", { name: rootName })}</p>
          {data?.created ? (
            <FormNotice kind="ok">
              {t("unitTop.rootCreated", data.created)}
            </FormNotice>
          ) : null}
          <p className="actions">
            {mode === "root" ? <Link to="?mode=above">{t("unitTop.above")}</Link> : <Link to="?mode=root">{t("unitTop.root")}</Link>}
          </p>
          {mode === "root" ? (
            <RootForm defaults={{ ...base, level: "county", activeFrom: todayInChina() }} data={data} />
          ) : (
            <AboveForm defaults={{ ...base, level: "city" }} data={data} />
          )}
        </>
      )}
    </div>
  );
}
