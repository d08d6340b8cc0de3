import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { FormNotice, SelectField, TextField } from "~/components/form-fields";
import { useValidatedForm } from "~/components/use-validated-form";
import { deactivateUnit, getUnit, listChildUnits, moveUnit, reactivateUnit, updateUnit } from "~/models/units.server";
import { getUnitChoice } from "~/models/unit-search.server";
import { UnitPicker, type UnitChoice } from "~/components/unit-picker";
import { countUsersByUnit } from "~/models/users.server";
import { LEVEL_ORDER, UNIT_LEVELS, UNIT_TYPES, type UnitLevel } from "~/schemas/enums/units";
import { parseSubmission } from "~/schemas/forms";
import { UnitDeactivateSchema, UnitEditSchema, UnitMoveSchema } from "~/schemas/unit";
import { requirePermission } from "~/utils/auth.server";
import { todayInChina } from "~/utils/dates";
import { useLocale, useT } from "~/utils/i18n";
import { parseIdParam } from "~/utils/request.server";
import { notFound } from "~/utils/responses.server";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "title.unit", undefined, data?.unit.name);

const DONE = ["created", "updated", "deactivated", "merged", "reactivated", "moved"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:unit");
  const id = parseIdParam(params.id);
  const unit = await getUnit({ actor, id });
  if (!unit) notFound();
  const counts = await countUsersByUnit({ actor });
  const parent = unit.parentId ? await getUnit({ actor, id: unit.parentId }) : null;
  const mergedInto = unit.mergedIntoId ? await getUnit({ actor, id: unit.mergedIntoId }) : null;
  // the units the merge and move forms show: as stored, or as chosen on the unit search page (without JavaScript)
  const sp = new URL(request.url).searchParams;
  const chosen = async (key: string, fallback: number | null) => await getUnitChoice({ actor, id: Number(sp.get(key)) || fallback });
  return json({
    unit,
    isOwnRoot: unit.path === actor.unitPath,
    parent: parent ? { id: parent.id, name: parent.name } : null,
    mergedInto: mergedInto ? { id: mergedInto.id, name: mergedInto.name } : null,
    children: (await listChildUnits({ actor, unitId: unit.id })).map((u) => ({ id: u.id, name: u.name, active: u.active })),
    users: counts[unit.id] ?? { active: 0, total: 0 },
    mergeChoice: await chosen("mergedIntoId", unit.mergedIntoId),
    moveChoice: await chosen("newParentId", unit.parentId),
    today: todayInChina(),
  });
}

type ActionData = {
  intent: "update" | "deactivate" | "reactivate" | "move" | null;
  fieldErrors: Record<string, string>;
  formError: string | null;
  values: Record<string, unknown> | null;
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:unit");
  const id = parseIdParam(params.id);
  if (!await getUnit({ actor, id })) notFound();
  const fd = await request.formData();
  const intent = fd.get("intent");
  const ip = context.clientIp;
  const answer = (d: ActionData, status: number) => json(d, { status });
  switch (intent) {
    case "update": {
      const parsed = parseSubmission(UnitEditSchema, fd);
      if (!parsed.ok) return answer({ intent, fieldErrors: parsed.fieldErrors, formError: null, values: parsed.values }, 400);
      const result = await updateUnit({ actor, id, data: parsed.data, ip });
      if (!result.ok) return answer({ intent, fieldErrors: result.fieldErrors, formError: result.formError ?? null, values: parsed.values }, result.status);
      return redirect(`/admin/units/${id}?done=updated`);
    }
    case "deactivate": {
      const parsed = parseSubmission(UnitDeactivateSchema, fd);
      if (!parsed.ok) return answer({ intent, fieldErrors: parsed.fieldErrors, formError: null, values: parsed.values }, 400);
      const { activeTo, mergedIntoId } = parsed.data;
      const result = await deactivateUnit({ actor, id, activeTo, mergedIntoId: mergedIntoId ?? null, ip });
      if (!result.ok) return answer({ intent, fieldErrors: result.fieldErrors, formError: result.formError ?? null, values: parsed.values }, result.status);
      return redirect(`/admin/units/${id}?done=${mergedIntoId ? "merged" : "deactivated"}`);
    }
    case "reactivate": {
      const result = await reactivateUnit({ actor, id, ip });
      if (!result.ok) return answer({ intent, fieldErrors: result.fieldErrors, formError: result.formError ?? null, values: null }, result.status);
      return redirect(`/admin/units/${id}?done=reactivated`);
    }
    case "move": {
      const parsed = parseSubmission(UnitMoveSchema, fd);
      if (!parsed.ok) return answer({ intent, fieldErrors: parsed.fieldErrors, formError: null, values: parsed.values }, 400);
      const result = await moveUnit({ actor, id, newParentId: parsed.data.newParentId, ip });
      if (!result.ok) return answer({ intent, fieldErrors: result.fieldErrors, formError: result.formError ?? null, values: parsed.values }, result.status);
      return redirect(`/admin/units/${id}?done=moved`);
    }
    default:
      return answer({ intent: null, fieldErrors: {}, formError: "err.badRequest", values: null }, 400);
  }
}


/** Focus the first field the server refused (no-JS), so the keyboard lands where the work is. */
const firstErrorOf = (errors: Record<string, string> | null | undefined) => (errors ? (Object.keys(errors)[0] ?? null) : null);

function FormErrors({ errors, formError }: { errors?: Record<string, string> | null; formError?: string | null }) {
  const t = useT();
  const has = !!formError || (errors && Object.keys(errors).length > 0);
  return has ? <FormNotice kind="error">{t(formError ?? "common.formErrors")}</FormNotice> : null;
}

function EditForm({
  defaults,
  serverErrors,
  formError,
}: {
  defaults: { name: string; shortName: string; code: string; type: string; population: string };
  serverErrors: Record<string, string> | null;
  formError: string | null;
}) {
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const { form, formRef, errorOf, onSubmit, onKeyDown } = useValidatedForm({ schema: UnitEditSchema, defaultValues: defaults as never, serverErrors });
  const { register } = form;
  const first = firstErrorOf(serverErrors);
  return (
    <Form method="post" ref={formRef} onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate className="form" aria-label={t("unit.edit")}>
      <FormErrors errors={serverErrors} formError={formError} />
      <input type="hidden" name="intent" value="update" />
      <p className="muted small">{t("unit.renameHint")}</p>
      <div className="form-row">
        <TextField
          name="name"
          label={t("unit.name")}
          defaultValue={defaults.name}
          reg={register("name" as never)}
          error={errorOf("name")}
          maxLength={60}
          autoComplete="off"
          required
          autoFocus={first === "name"}
        />
        <TextField
          name="shortName"
          label={t("unit.shortName")}
          hint={t("unit.shortNameHint")}
          defaultValue={defaults.shortName}
          reg={register("shortName" as never)}
          error={errorOf("shortName")}
          maxLength={10}
          autoComplete="off"
          autoFocus={first === "shortName"}
        />
      </div>
      <div className="form-row">
        <TextField
          name="population"
          type="number"
          inputMode="numeric"
          min={0}
          label={t("unit.population")}
          defaultValue={defaults.population}
          reg={register("population" as never)}
          error={errorOf("population")}
        />
      </div>
      <div className="form-row">
        <TextField
          name="code"
          label={t("unit.code")}
          hint={t("unit.codeHint")}
          defaultValue={defaults.code}
          reg={register("code" as never)}
          error={errorOf("code")}
          maxLength={20}
          autoComplete="off"
          required
          autoFocus={first === "code"}
        />
        <SelectField
          name="type"
          label={t("unit.type")}
          options={UNIT_TYPES.options(locale)}
          defaultValue={defaults.type}
          reg={register("type" as never)}
          error={errorOf("type")}
          autoFocus={first === "type"}
        />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t("action.save")}
        </button>
      </div>
    </Form>
  );
}

function DeactivateForm({
  defaults,
  target,
  serverErrors,
  formError,
}: {
  defaults: { activeTo: string; mergedIntoId: string };
  target: UnitChoice | null;
  serverErrors: Record<string, string> | null;
  formError: string | null;
}) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const { form, formRef, errorOf, onSubmit } = useValidatedForm({ schema: UnitDeactivateSchema, defaultValues: defaults as never, serverErrors });
  const { register } = form;
  const first = firstErrorOf(serverErrors);
  return (
    <Form method="post" ref={formRef} onSubmit={onSubmit} noValidate className="form" aria-label={t("unit.deactivate")}>
      <FormErrors errors={serverErrors} formError={formError} />
      <input type="hidden" name="intent" value="deactivate" />
      <p className="muted small">{t("unit.deactivateHint")}</p>
      <div className="form-row">
        <TextField
          name="activeTo"
          type="date"
          label={t("unit.activeTo")}
          defaultValue={defaults.activeTo}
          reg={register("activeTo" as never)}
          error={errorOf("activeTo")}
          required
          autoFocus={first === "activeTo"}
        />
        <UnitPicker
          name="mergedIntoId"
          label={t("unit.mergeTarget")}
          hint={t("unit.mergeHint")}
          allowEmpty
          emptyLabel={t("unit.noMerge")}
          activeOnly
          value={target}
          reg={register("mergedIntoId" as never)}
          error={errorOf("mergedIntoId")}
          autoFocus={first === "mergedIntoId"}
        />
      </div>
      <div className="actions">
        <button type="submit" className="danger" disabled={busy}>
          {t("unit.deactivateSubmit")}
        </button>
      </div>
    </Form>
  );
}

function MoveForm({
  defaults,
  target,
  serverErrors,
  formError,
}: {
  defaults: { newParentId: string };
  target: UnitChoice | null;
  serverErrors: Record<string, string> | null;
  formError: string | null;
}) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const { form, formRef, errorOf, onSubmit } = useValidatedForm({ schema: UnitMoveSchema, defaultValues: defaults as never, serverErrors });
  return (
    <Form method="post" ref={formRef} onSubmit={onSubmit} noValidate className="form" aria-label={t("unit.move")}>
      <FormErrors errors={serverErrors} formError={formError} />
      <input type="hidden" name="intent" value="move" />
      <p className="muted small">{t("unit.moveHint")}</p>
      <UnitPicker
        name="newParentId"
        label={t("unit.newParent")}
        activeOnly
        value={target}
        reg={form.register("newParentId" as never)}
        error={errorOf("newParentId")}
        autoFocus={firstErrorOf(serverErrors) === "newParentId"}
      />
      <div className="actions">
        <button type="submit" className="secondary" disabled={busy}>
          {t("unit.moveSubmit")}
        </button>
      </div>
    </Form>
  );
}

export default function UnitDetail() {
  const { unit, isOwnRoot, parent, mergedInto, children, users, mergeChoice, moveChoice, today } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const done = params.get("done");
  const of = (intent: ActionData["intent"]) => (data && data.intent === intent ? data : null);
  const str = (v: unknown, fallback: string) => (v === undefined || v === null ? fallback : String(v));
  const edit = of("update");
  const deact = of("deactivate");
  const move = of("move");
  const react = of("reactivate");
  return (
    <div>
      <p className="no-print">
        <Link to="/admin/units">← {t("unit.title")}</Link>
      </p>
      <div className="card">
        <h1>
          {unit.name}
          {unit.active ? null : <span className="badge inactive">{t("unit.inactiveSince", { date: unit.activeTo ?? "" })}</span>}
          {unit.active && unit.activeTo ? <span className="badge">{t("unit.endsOn", { date: unit.activeTo })}</span> : null}
          {mergedInto ? <span className="badge inactive">{t("unit.mergedInto", { name: mergedInto.name })}</span> : null}
        </h1>
        {done && (DONE as readonly string[]).includes(done) && !data ? <FormNotice kind="ok">{t(`unit.done.${done}`)}</FormNotice> : null}
        {data?.intent === null ? <FormNotice kind="error">{t(data.formError ?? "err.badRequest")}</FormNotice> : null}
        <dl className="details">
          <dt>{t("unit.code")}</dt>
          <dd>{unit.code}</dd>
          {unit.shortName ? (
            <>
              <dt>{t("unit.shortName")}</dt>
              <dd>{unit.shortName}</dd>
            </>
          ) : null}
          <dt>{t("unit.level")}</dt>
          <dd>{UNIT_LEVELS.label(unit.level, locale)}</dd>
          <dt>{t("unit.type")}</dt>
          <dd>{UNIT_TYPES.label(unit.type, locale)}</dd>
          <dt>{t("unit.parent")}</dt>
          <dd>{parent ? <Link to={`/admin/units/${parent.id}`}>{parent.name}</Link> : t("common.none")}</dd>
          <dt>{t("unit.activeFrom")}</dt>
          <dd>{unit.activeFrom}</dd>
          {unit.activeTo ? (
            <>
              <dt>{t("unit.activeToShort")}</dt>
              <dd>{unit.activeTo}</dd>
            </>
          ) : null}
          {mergedInto ? (
            <>
              <dt>{t("unit.mergedIntoLabel")}</dt>
              <dd>
                <Link to={`/admin/units/${mergedInto.id}`}>{mergedInto.name}</Link>
              </dd>
            </>
          ) : null}
          <dt>{t("unit.users")}</dt>
          <dd>
            {users.active}
            {users.total > users.active ? <span className="muted small">{t("common.paren", { x: `+${users.total - users.active} ${t("common.inactive")}` })}</span> : null}{" "}
            <Link to={`/admin/users?unit=${unit.id}&only=1`}>{t("unit.usersOf")}</Link>
          </dd>
          <dt>{t("unit.children")}</dt>
          <dd>
            {children.length
              ? children.map((c, i) => (
                  <span key={c.id}>
                    {i ? "、" : ""}
                    <Link to={`/admin/units/${c.id}`}>{c.name}</Link>
                    {c.active ? "" : `（${t("common.inactive")}）`}
                  </span>
                ))
              : t("common.none")}
          </dd>
        </dl>
        {unit.active ? (
          <p className="actions">
            <Link to={`/admin/units/new?parent=${unit.id}`} className="button">
              {t("unit.addChild")}
            </Link>
          </p>
        ) : null}
      </div>

      <div className="card">
        <h2>{t("unit.edit")}</h2>
        <EditForm
          key={`${unit.name}|${unit.shortName}|${unit.code}|${unit.type}`}
          defaults={{
            name: str(edit?.values?.name, unit.name),
            shortName: str(edit?.values?.shortName, unit.shortName ?? ""),
            code: str(edit?.values?.code, unit.code),
            type: str(edit?.values?.type, unit.type),
            population: str(edit?.values?.population, unit.population == null ? "" : String(unit.population)),
          }}
          serverErrors={edit?.fieldErrors ?? null}
          formError={edit?.formError ?? null}
        />
      </div>

      {isOwnRoot ? (
        <p className="muted">{t("admin.ownRootNote")}</p>
      ) : (
        <>
          <div className="card">
              <h2>{t("unit.deactivate")}</h2>
              <DeactivateForm
                key={`${unit.activeTo}|${unit.mergedIntoId}`}
                defaults={{
                  activeTo: str(deact?.values?.activeTo, unit.activeTo ?? today),
                  mergedIntoId: str(deact?.values?.mergedIntoId, mergeChoice ? String(mergeChoice.id) : ""),
                }}
                target={mergeChoice}
                serverErrors={deact?.fieldErrors ?? null}
                formError={deact?.formError ?? null}
              />
            </div>
          {unit.activeTo ? (
            <div className="card">
              <h2>{t("unit.reactivate")}</h2>
              <Form method="post" className="form" aria-label={t("unit.reactivate")}>
                {react?.formError ? <FormNotice kind="error">{t(react.formError)}</FormNotice> : null}
                <p className="muted small">{t("unit.reactivateHint")}</p>
                <div className="actions">
                  <button type="submit" name="intent" value="reactivate" className="secondary" disabled={busy}>
                    {t("unit.reactivate")}
                  </button>
                </div>
              </Form>
            </div>
          ) : null}
          <div className="card">
            <h2>{t("unit.move")}</h2>
            <MoveForm
              key={`${unit.parentId}`}
              defaults={{ newParentId: str(move?.values?.newParentId, moveChoice ? String(moveChoice.id) : "") }}
              target={moveChoice}
              serverErrors={move?.fieldErrors ?? null}
              formError={move?.formError ?? null}
            />
          </div>
        </>
      )}
    </div>
  );
}
