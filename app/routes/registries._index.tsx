/** 名册: the registry counts of a unit on a day (registryCounts), the list of one registry, adding and ending terms. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import * as z from "zod/mini";
import { FilterDate, FilterUnit } from "~/components/filter-fields";
import { Pagination } from "~/components/pagination";
import { FilterFold } from "~/components/filter-fold";
import { LedgerLinks } from "~/components/ledger-links";
import { FormNotice, SelectField, TextField } from "~/components/form-fields";
import { useValidatedForm } from "~/components/use-validated-form";
import { addMediator, addRegistryPerson, endRegistryTerm, getRegistryPerson, listRegistryPeople, registryCounts } from "~/models/registries.server";
import { getUnitChoice } from "~/models/unit-search.server";
import { UnitPicker, type UnitChoice } from "~/components/unit-picker";
import { anyDay, idField } from "~/schemas/fields";
import { parseSubmission } from "~/schemas/forms";
import { MediatorSchema, RegistryPersonSchema } from "~/schemas/import";
import { requirePermission } from "~/utils/auth.server";
import { isValidDay, todayInChina } from "~/utils/dates";
import { useT } from "~/utils/i18n";
import { can } from "~/utils/permissions";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.registries");

const KINDS = ["mediator", "literate", "adviser", "gov_adviser"] as const;
type Kind = (typeof KINDS)[number];
const kindOf = (v: unknown): Kind | null => ((KINDS as readonly unknown[]).includes(v) ? (v as Kind) : null);

const EndTermSchema = z.object({ id: idField("err.badRequest"), endOn: anyDay() });

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:registry");
  const url = new URL(request.url);
  const dayParam = url.searchParams.get("day") ?? "";
  const day = isValidDay(dayParam) ? dayParam : todayInChina();
  const unitId = Number(url.searchParams.get("unit")) || actor.unitId;
  const kind = kindOf(url.searchParams.get("kind")) ?? "mediator";
  const counts = await registryCounts({ actor, unitId, day });
  if (!counts) throw new Response("单位不存在或不在您的管辖范围内", { status: 404 });
  const unitChoice = await getUnitChoice({ actor, id: unitId });
  // the add form's unit: the viewed unit, or one chosen on the unit search page (?unitId=, without JavaScript)
  const addUnit = await getUnitChoice({ actor, id: Number(url.searchParams.get("unitId")) || unitId }) ?? unitChoice;
  const page = Number(url.searchParams.get("page")) || 1;
  const canWrite = can(actor, "write:registry");
  // "结束任职" first shows who and asks for the end date (?end=<id>), then ends the term on confirmation
  const endId = Number(url.searchParams.get("end"));
  const ending = canWrite && Number.isInteger(endId) && endId > 0 ? await getRegistryPerson({ actor, kind, id: endId }) : null;
  return json({ day, unitId, kind, counts, unitChoice, addUnit, people: await listRegistryPeople({ actor, kind, unitId, day, page }), canWrite, endId: endId || null, ending: ending && !ending.endOn ? ending : null });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "write:registry");
  const fd = await request.formData();
  const kind = kindOf(fd.get("kind"));
  if (!kind) return json({ intent: null, fieldErrors: { kind: "err.invalidChoice" } as Record<string, string>, values: null }, { status: 400 });
  const ip = context.clientIp ?? null;
  const back = `/registries?kind=${kind}&unit=${fd.get("viewUnit") ?? ""}&day=${fd.get("viewDay") ?? ""}&page=${fd.get("viewPage") ?? ""}`;
  switch (fd.get("intent")) {
    case "add": {
      const parsed = kind === "mediator" ? parseSubmission(MediatorSchema, fd) : parseSubmission(RegistryPersonSchema, fd);
      if (!parsed.ok) return json({ intent: "add", fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
      const r =
        kind === "mediator"
          ? await addMediator({ actor, data: parsed.data as z.output<typeof MediatorSchema>, ip })
          : await addRegistryPerson({ actor, kind, data: parsed.data as z.output<typeof RegistryPersonSchema>, ip });
      if (!r.ok) return json({ intent: "add", fieldErrors: r.fieldErrors, values: parsed.values }, { status: r.status });
      return redirect(`${back}&done=added`);
    }
    case "end": {
      const parsed = parseSubmission(EndTermSchema, fd);
      if (!parsed.ok) return json({ intent: "end", fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
      const r = await endRegistryTerm({ actor, kind, id: parsed.data.id, endOn: parsed.data.endOn, ip });
      if (!r.ok) return json({ intent: "end", fieldErrors: { ...r.fieldErrors, ...(r.formError ? { _form: r.formError } : {}) }, values: parsed.values }, { status: r.status });
      return redirect(`${back}&done=ended`);
    }
    default:
      return json({ intent: null, fieldErrors: { _form: "err.badRequest" } as Record<string, string>, values: null }, { status: 400 });
  }
}

function AddForm({ kind, addUnit, unitId, day, serverErrors, values }: { kind: Kind; addUnit: UnitChoice | null; unitId: number; day: string; serverErrors?: Record<string, string> | null; values?: Record<string, unknown> | null }) {
  const t = useT();
  const schema = kind === "mediator" ? MediatorSchema : RegistryPersonSchema;
  const defaults = { unitId: String(values?.unitId ?? addUnit?.id ?? unitId), name: String(values?.name ?? ""), startOn: String(values?.startOn ?? day), firmName: String(values?.firmName ?? ""), employer: String(values?.employer ?? "") };
  const { form, formRef, errorOf, onSubmit } = useValidatedForm({ schema: schema as never, defaultValues: defaults as never, serverErrors });
  return (
    <Form method="post" ref={formRef} onSubmit={onSubmit} noValidate className="form card" aria-label={t("reg.add")}>
      <h2>{t("reg.add")}</h2>
      <input type="hidden" name="intent" value="add" />
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="viewUnit" value={unitId} />
      <input type="hidden" name="viewDay" value={day} />
      <div className="form-row">
        <UnitPicker name="unitId" label={t("reg.col.unit")} value={addUnit} activeOnly reg={form.register("unitId" as never)} error={errorOf("unitId")} />
        <TextField name="name" label={t("reg.col.name")} defaultValue={defaults.name} reg={form.register("name" as never)} error={errorOf("name")} maxLength={30} />
        {kind === "gov_adviser" ? (
          <TextField name="employer" label={t("reg.employer")} defaultValue={defaults.employer} reg={form.register("employer" as never)} error={errorOf("employer")} maxLength={60} />
        ) : null}
        {kind === "adviser" || kind === "gov_adviser" ? (
          <TextField name="firmName" label={t("reg.firm")} defaultValue={defaults.firmName} reg={form.register("firmName" as never)} error={errorOf("firmName")} maxLength={60} />
        ) : null}
        <TextField name="startOn" type="date" label={t("reg.startOn")} defaultValue={defaults.startOn} reg={form.register("startOn" as never)} error={errorOf("startOn")} />
      </div>
      {kind === "mediator" ? (
        <label className="chip" style={{ alignSelf: "start" }}>
          <input type="checkbox" value="1" {...form.register("fullTime" as never)} />
          <span>{t("reg.fullTime")}</span>
        </label>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary">
          {t("reg.add")}
        </button>
        <span className="muted small">{t("reg.importHint")}</span>
      </div>
    </Form>
  );
}

/** The confirmation of "结束任职": who, and the end date (a plain form: works without JavaScript). */
function EndTermForm({
  person,
  kind,
  unitId,
  day,
  page,
  errors,
  endOn,
}: {
  person: { id: number; name: string; unitName: string; startOn: string };
  kind: Kind;
  unitId: number;
  day: string;
  page: number;
  errors: Record<string, string> | null;
  endOn: string | null;
}) {
  const t = useT();
  const cancel = `?unit=${unitId}&day=${day}&kind=${kind}&page=${page}`;
  return (
    <Form method="post" className="form card" aria-label={t("reg.endConfirm.title", { name: person.name })}>
      <h3>{t("reg.endConfirm.title", { name: person.name })}</h3>
      {errors?._form ? <FormNotice kind="error">{t(errors._form)}</FormNotice> : null}
      <p>{t("reg.endConfirm.text", { name: person.name, unit: person.unitName, startOn: person.startOn })}</p>
      <input type="hidden" name="intent" value="end" />
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="id" value={person.id} />
      <input type="hidden" name="viewUnit" value={unitId} />
      <input type="hidden" name="viewDay" value={day} />
      <input type="hidden" name="viewPage" value={page} />
      <TextField
        name="endOn"
        type="date"
        label={t("reg.endOn")}
        defaultValue={endOn ?? todayInChina()}
        required
        autoFocus
        error={errors?.endOn}
      />
      <div className="actions">
        <button type="submit" className="primary">
          {t("reg.endConfirm.submit")}
        </button>
        <Link to={cancel} preventScrollReset>
          {t("action.cancel")}
        </Link>
      </div>
    </Form>
  );
}

export default function RegistriesPage() {
  const t = useT();
  const { day, unitId, kind, counts: c, unitChoice, addUnit, people, canWrite, endId, ending } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const location = useLocation();
  const rows: Array<[string, string | number]> = [
    [t("reg.committees.village"), c.committees.village],
    [t("reg.committees.township"), c.committees.township],
    [t("reg.committees.industry"), c.committees.industry],
    [t("reg.committees.stationed"), c.committees.stationed],
    [t("reg.committees.other"), c.committees.other],
    [t("reg.personalRooms"), c.personalRooms],
    [t("reg.centres"), `${c.centres.county} / ${c.centres.township} / ${c.centres.village}`],
    [t("reg.mediators"), t("reg.mediators.detail", { total: c.mediators.total, fullTime: c.mediators.fullTime, partTime: c.mediators.partTime })],
    [t("reg.literate"), c.legallyLiterate],
    [t("reg.adviser"), t("reg.adviser.detail", { n: c.villageAdvisers, covered: c.villages.withAdviser, villages: c.villages.total })],
    [t("reg.govAdviser"), t("reg.govAdviser.detail", { n: c.govAdvisers.advisers, departments: c.govAdvisers.departments })],
    [t("reg.legalAid"), `${c.legalAid.lawyers} / ${c.legalAid.firms} / ${c.legalAid.workers}`],
  ];
  const endError = data?.intent === "end" ? (data.fieldErrors as Record<string, string>) : null;
  return (
    <div>
      <h1>{t("reg.title")}</h1>
      {params.get("done") === "added" ? <FormNotice kind="ok">{t("reg.added")}</FormNotice> : null}
      {params.get("done") === "ended" ? <FormNotice kind="ok">{t("reg.ended")}</FormNotice> : null}
      {endError && !ending ? <FormNotice kind="error">{t(endError._form ?? endError.endOn ?? endError.id ?? "err.invalid")}</FormNotice> : null}
      <FilterFold>
      <Form method="get" className="filters card" aria-label={t("reg.show")}>
        <FilterUnit value={unitChoice} />
        <FilterDate name="day" label={t("reg.day")} value={day} />
        <input type="hidden" name="kind" value={kind} />
        <div className="actions">
          <button type="submit" className="primary">
            {t("reg.show")}
          </button>
        </div>
      </Form>
      </FilterFold>
      <div className="table-wrap">
        <table aria-label={t("reg.title")}>
          <tbody>
            <tr>
              <th scope="row">{t("reg.committees")}</th>
              <td className="num">{c.committees.total}</td>
            </tr>
            {rows.map(([label, value]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td className="num">{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t("reg.list")}</h2>
      <nav className="main-nav" aria-label={t("reg.list")} style={{ padding: 0 }}>
        {KINDS.map((k) => (
          <Link key={k} to={`?unit=${unitId}&day=${day}&kind=${k}`} aria-current={k === kind ? "page" : undefined} className={k === kind ? "active" : undefined}>
            {t(`reg.kind.${k}`)}
          </Link>
        ))}
      </nav>
      <p className="totals" role="status" data-testid="registry-totals">
        {kind === "mediator"
          ? t("reg.totals.mediator", { total: people.total, fullTime: people.fullTime, partTime: people.total - people.fullTime })
          : t("reg.totals", { total: people.total })}
      </p>
      <LedgerLinks kind="registries" />
      {endId && canWrite && !ending ? <FormNotice kind="error">{t("reg.endConfirm.gone")}</FormNotice> : null}
      {ending ? (
        <EndTermForm
          key={ending.id}
          person={ending}
          kind={kind}
          unitId={unitId}
          day={day}
          page={people.page}
          errors={endError}
          endOn={typeof data?.values?.endOn === "string" ? data.values.endOn : null}
        />
      ) : null}
      {people.rows.length ? (
        <div className="table-wrap">
          <table aria-label={t(`reg.kind.${kind}`)} className="list-cards">
            <thead>
              <tr>
                <th>{t("reg.col.name")}</th>
                <th>{t("reg.col.unit")}</th>
                <th>{t("reg.col.detail")}</th>
                <th>{t("reg.col.term")}</th>
                {canWrite ? <th>{t("reg.end")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {people.rows.map((p) => (
                <tr key={p.id}>
                  <td data-user-text>{p.name}</td>
                  <td data-user-text>{p.unitName}</td>
                  <td data-user-text={kind === "mediator" ? undefined : ""}>{kind === "mediator" ? (p.fullTime ? t("reg.fullTime") : t("reg.partTime")) : [p.employer, p.firmName].filter(Boolean).join(" · ")}</td>
                  <td>
                    {p.startOn} – {p.endOn ?? ""}
                  </td>
                  {canWrite ? (
                    <td>
                      {p.endOn ? null : (
                        <Link to={`?unit=${unitId}&day=${day}&kind=${kind}&page=${people.page}&end=${p.id}`} aria-label={`${t("reg.end")} ${p.name}`} preventScrollReset>
                          {t("reg.end")}
                        </Link>
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t("reg.empty")}</p>
      )}
      <Pagination page={people.page} pages={people.pages} />
      {canWrite ? <AddForm key={`${kind}-${location.key}`} kind={kind} addUnit={addUnit} unitId={unitId} day={day} serverErrors={data?.intent === "add" ? data.fieldErrors : null} values={data?.intent === "add" ? (data.values as Record<string, unknown>) : null} /> : null}
    </div>
  );
}
