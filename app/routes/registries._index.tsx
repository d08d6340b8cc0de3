/** 名册概况: the registry counts of a unit on a day (registryCounts), the list of one registry, and adding a person. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { addMediator, addRegistryPerson, listRegistryPeople, registryCounts } from "~/models/registries.server";
import { listUnits } from "~/models/units.server";
import { MediatorSchema, RegistryPersonSchema } from "~/schemas/import";
import { requirePermission } from "~/utils/auth.server";
import { isValidDay, todayInChina } from "~/utils/dates";
import { useErrorText, useT } from "~/utils/i18n";
import { can } from "~/utils/permissions";

export const meta: MetaFunction = () => [{ title: "名册 · 枫桥" }];

const KINDS = ["mediator", "literate", "adviser"] as const;
type Kind = (typeof KINDS)[number];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:registry");
  const url = new URL(request.url);
  const dayParam = url.searchParams.get("day") ?? "";
  const day = isValidDay(dayParam) ? dayParam : todayInChina();
  const unitId = Number(url.searchParams.get("unit")) || actor.unitId;
  const kind = (KINDS as readonly string[]).includes(url.searchParams.get("kind") ?? "") ? (url.searchParams.get("kind") as Kind) : "mediator";
  const counts = registryCounts({ actor, unitId, day });
  if (!counts) throw new Response("单位不存在或不在您的管辖范围内", { status: 404 });
  const units = listUnits({ actor, activeOnly: true }).map((u) => ({ id: u.id, name: u.name, depth: u.depth }));
  return json({ day, unitId, kind, counts, units, people: listRegistryPeople({ actor, kind, unitId, day }), canWrite: can(actor, "write:registry") });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "write:registry");
  const fd = await request.formData();
  const kind = String(fd.get("kind") ?? "");
  if (!(KINDS as readonly string[]).includes(kind)) return json({ fieldErrors: { kind: "err.invalidChoice" } as Record<string, string> }, { status: 400 });
  const values = Object.fromEntries([...fd.entries()].filter(([k]) => k !== "kind").map(([k, v]) => [k, String(v)])) as Record<string, unknown>;
  values.unitId = Number(values.unitId) || undefined;
  const schema = kind === "mediator" ? MediatorSchema : RegistryPersonSchema;
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const { fieldErrorsOf } = await import("~/schemas/forms");
    return json({ fieldErrors: fieldErrorsOf(parsed.error) }, { status: 400 });
  }
  const ip = context.clientIp ?? null;
  const r =
    kind === "mediator"
      ? addMediator({ actor, data: parsed.data as never, ip })
      : addRegistryPerson({ actor, kind: kind as "literate" | "adviser", data: parsed.data as never, ip });
  if (!r.ok) return json({ fieldErrors: r.fieldErrors }, { status: r.status });
  return redirect(`/registries?kind=${kind}&unit=${values.unitId}`);
}

export default function RegistriesPage() {
  const t = useT();
  const errorText = useErrorText();
  const { day, unitId, kind, counts, units, people, canWrite } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const c = counts;
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
    [t("reg.legalAid"), `${c.legalAid.lawyers} / ${c.legalAid.firms} / ${c.legalAid.workers}`],
  ];
  return (
    <main className="page">
      <h1>{t("reg.title")}</h1>
      <Form method="get" className="form form-inline">
        <label className="field">
          <span>{t("reg.unit")}</span>
          <select name="unit" defaultValue={unitId}>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {"　".repeat(Math.max(0, u.depth - 1))}
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("reg.day")}</span>
          <input type="date" name="day" defaultValue={day} />
        </label>
        <input type="hidden" name="kind" value={kind} />
        <button type="submit" className="button">
          {t("reg.show")}
        </button>
      </Form>
      <table className="table registry-counts" aria-label={t("reg.title")}>
        <tbody>
          <tr>
            <th>{t("reg.committees")}</th>
            <td>{c.committees.total}</td>
          </tr>
          {rows.map(([label, value]) => (
            <tr key={label}>
              <th>{label}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t("reg.list")}</h2>
      <nav className="tabs">
        {KINDS.map((k) => (
          <Link key={k} to={`?unit=${unitId}&day=${day}&kind=${k}`} aria-current={k === kind ? "page" : undefined}>
            {t(`reg.kind.${k}`)}
          </Link>
        ))}
      </nav>
      {people.length ? (
        <table className="table">
          <thead>
            <tr>
              <th>{t("reg.col.name")}</th>
              <th>{t("reg.col.unit")}</th>
              <th>{t("reg.col.detail")}</th>
              <th>{t("reg.col.term")}</th>
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td>{p.unitName}</td>
                <td>{kind === "mediator" ? (p.fullTime ? t("reg.fullTime") : t("reg.partTime")) : p.firmName ?? ""}</td>
                <td>
                  {p.startOn} – {p.endOn ?? ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t("reg.empty")}</p>
      )}
      {canWrite ? (
        <Form method="post" className="form form-inline" aria-label={t("reg.add")}>
          <input type="hidden" name="kind" value={kind} />
          <label className="field">
            <span>{t("reg.col.unit")}</span>
            <select name="unitId" defaultValue={unitId}>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
            {data?.fieldErrors?.unitId ? <span className="field-error">{errorText(data.fieldErrors.unitId)}</span> : null}
          </label>
          <label className="field">
            <span>{t("reg.col.name")}</span>
            <input name="name" required maxLength={30} />
            {data?.fieldErrors?.name ? <span className="field-error">{errorText(data.fieldErrors.name)}</span> : null}
          </label>
          {kind === "mediator" ? (
            <label className="field">
              <span>{t("reg.fullTime")}</span>
              <input type="checkbox" name="fullTime" value="1" />
            </label>
          ) : kind === "adviser" ? (
            <label className="field">
              <span>所在律所</span>
              <input name="firmName" maxLength={60} />
            </label>
          ) : null}
          <label className="field">
            <span>起始日期</span>
            <input type="date" name="startOn" required defaultValue={day} />
            {data?.fieldErrors?.startOn ? <span className="field-error">{errorText(data.fieldErrors.startOn)}</span> : null}
          </label>
          <button type="submit" className="button button-primary">
            {t("reg.add")}
          </button>
          <p className="hint">{t("reg.importHint")}</p>
        </Form>
      ) : null}
    </main>
  );
}
