import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormNotice, SelectField, TextField } from "~/components/form-fields";
import { useValidatedForm } from "~/components/use-validated-form";
import { createUnit, getUnit } from "~/models/units.server";
import { getUnitChoice } from "~/models/unit-search.server";
import { UnitPicker } from "~/components/unit-picker";
import { LEVEL_ORDER, UNIT_LEVELS, UNIT_TYPES, type UnitLevel } from "~/schemas/enums/units";
import { parseSubmission } from "~/schemas/forms";
import { UnitSchema } from "~/schemas/unit";
import { requirePermission } from "~/utils/auth.server";
import { todayInChina } from "~/utils/dates";
import { useLocale, useT } from "~/utils/i18n";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.unitNew");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:unit");
  const sp = new URL(request.url).searchParams;
  // ?parent= from a unit's page, ?parentId= from the unit search page (without JavaScript)
  const parentParam = sp.get("parentId") ?? sp.get("parent");
  const wanted = parentParam && /^\d{1,12}$/.test(parentParam) ? await getUnit({ actor, id: Number(parentParam) }) : null;
  const parent = wanted?.active ? wanted : await getUnit({ actor, id: actor.unitId });
  const parentLevel = LEVEL_ORDER.indexOf((parent?.level ?? "city") as UnitLevel);
  return json({
    parentChosen: !!wanted?.active,
    parentChoice: await getUnitChoice({ actor, id: parent?.id }),
    defaults: {
      parentId: String(parent?.id ?? ""),
      name: "",
      shortName: "",
      code: "",
      level: LEVEL_ORDER[Math.min(parentLevel + 1, LEVEL_ORDER.length - 1)],
      type: "admin",
      activeFrom: todayInChina(),
    },
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:unit");
  const parsed = parseSubmission(UnitSchema, await request.formData());
  if (!parsed.ok) return json({ fieldErrors: parsed.fieldErrors, formError: null as string | null, values: parsed.values }, { status: 400 });
  const result = await createUnit({ actor, data: parsed.data, ip: context.clientIp });
  if (!result.ok) return json({ fieldErrors: result.fieldErrors, formError: result.formError ?? null, values: parsed.values }, { status: result.status });
  return redirect(`/admin/units/${result.value.id}?done=created`);
}

export default function NewUnit() {
  const { parentChoice, defaults, parentChosen } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const values = { ...defaults, ...((data?.values ?? {}) as Record<string, string>) };
  const serverErrors = data?.fieldErrors ?? null;
  const { form, formRef, errorOf, onSubmit, onKeyDown } = useValidatedForm({ schema: UnitSchema, defaultValues: values as never, serverErrors });
  const { register } = form;
  const hasErrors = !!data?.formError || (serverErrors && Object.keys(serverErrors).length > 0);
  const firstError = serverErrors ? Object.keys(serverErrors)[0] : null;
  const focus = (name: string, fallback: boolean) => (firstError ? firstError === name : fallback);
  return (
    <div className="card">
      <p className="no-print">
        <Link to="/admin/units">← {t("unit.title")}</Link>
      </p>
      <h1>{t("unit.new")}</h1>
      <Form method="post" ref={formRef} onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate className="form" aria-label={t("unit.new")}>
        {hasErrors ? <FormNotice kind="error">{t(data?.formError ?? "common.formErrors")}</FormNotice> : null}
        <UnitPicker name="parentId" label={t("unit.parent")} value={parentChoice} activeOnly reg={register("parentId" as never)} error={errorOf("parentId")} autoFocus={focus("parentId", !parentChosen)} />
        <div className="form-row">
          <TextField
            name="name"
            label={t("unit.name")}
            defaultValue={values.name}
            reg={register("name" as never)}
            error={errorOf("name")}
            maxLength={60}
            autoComplete="off"
            required
            autoFocus={focus("name", parentChosen)}
          />
          <TextField
            name="shortName"
            label={t("unit.shortName")}
            hint={t("unit.shortNameHint")}
            defaultValue={values.shortName}
            reg={register("shortName" as never)}
            error={errorOf("shortName")}
            maxLength={10}
            autoComplete="off"
            autoFocus={focus("shortName", false)}
          />
        </div>
        <TextField
          name="code"
          label={t("unit.code")}
          hint={t("unit.codeHint")}
          defaultValue={values.code}
          reg={register("code" as never)}
          error={errorOf("code")}
          inputMode="numeric"
          maxLength={20}
          autoComplete="off"
          required
          autoFocus={focus("code", false)}
        />
        <div className="form-row">
          <SelectField
            name="level"
            label={t("unit.level")}
            hint={t("unit.levelHint")}
            options={UNIT_LEVELS.options(locale)}
            defaultValue={values.level}
            reg={register("level" as never)}
            error={errorOf("level")}
            autoFocus={focus("level", false)}
          />
          <SelectField
            name="type"
            label={t("unit.type")}
            options={UNIT_TYPES.options(locale)}
            defaultValue={values.type}
            reg={register("type" as never)}
            error={errorOf("type")}
            autoFocus={focus("type", false)}
          />
        </div>
        <TextField
          name="activeFrom"
          type="date"
          label={t("unit.activeFrom")}
          defaultValue={values.activeFrom}
          reg={register("activeFrom" as never)}
          error={errorOf("activeFrom")}
          required
          autoFocus={focus("activeFrom", false)}
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("action.create")}
          </button>
          <Link to="/admin/units">{t("action.cancel")}</Link>
          <span className="muted small">{t("common.shortcutSave")}</span>
        </div>
      </Form>
    </div>
  );
}
