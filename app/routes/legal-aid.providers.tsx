import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormNotice, SelectField, TextField } from "~/components/form-fields";
import { LegalAidNav } from "~/components/legal-aid-nav";
import { useValidatedForm } from "~/components/use-validated-form";
import { addLegalAidProvider, listLegalAidCentres, listLegalAidProviders, setLegalAidProviderActive } from "~/models/legal-aid-providers.server";
import { LEGAL_AID_PROVIDER_KINDS } from "~/schemas/enums/legal-aid";
import { parseSubmission } from "~/schemas/forms";
import { LegalAidProviderSchema } from "~/schemas/legal-aid";
import { requirePermission } from "~/utils/auth.server";
import { useLocale, useT } from "~/utils/i18n";
import { can } from "~/utils/permissions";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.providers");

function centreOf<T extends { id: number }>(url: URL, centres: T[]): T | null {
  const asked = Number(url.searchParams.get("centre"));
  return centres.find((c) => c.id === asked) ?? centres[0] ?? null;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:legal-aid");
  const url = new URL(request.url);
  const centres = await listLegalAidCentres({ actor });
  const centre = centreOf(url, centres);
  const showInactive = url.searchParams.get("inactive") === "1";
  return json({
    centres,
    centre,
    showInactive,
    providers: centre ? await listLegalAidProviders({ actor, centreId: centre.id, includeInactive: showInactive }) : [],
    canWrite: can(actor, "write:legal-aid"),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "write:legal-aid");
  const url = new URL(request.url);
  const centre = centreOf(url, await listLegalAidCentres({ actor }));
  if (!centre) throw new Response("记录不存在或不在您的管辖范围内", { status: 404 });
  const fd = await request.formData();
  const intent = fd.get("intent");
  if (intent === "add") {
    const parsed = parseSubmission(LegalAidProviderSchema, fd);
    if (!parsed.ok) return json({ fieldErrors: parsed.fieldErrors, formError: null as string | null, values: parsed.values }, { status: 400 });
    const result = await addLegalAidProvider({ actor, centreId: centre.id, data: parsed.data, ip: context.clientIp });
    if (!result.ok)
      return json({ fieldErrors: result.fieldErrors, formError: result.formError ?? null, values: parsed.values }, { status: result.status });
    return redirect(`/legal-aid/providers?centre=${centre.id}`);
  }
  if (intent === "activate" || intent === "deactivate") {
    const id = Number(fd.get("id"));
    if (!Number.isInteger(id) || id <= 0)
      return json({ fieldErrors: {}, formError: "err.badRequest" as string | null, values: null }, { status: 400 });
    const result = await setLegalAidProviderActive({ actor, id, active: intent === "activate", ip: context.clientIp });
    if (!result.ok) return json({ fieldErrors: result.fieldErrors, formError: result.formError ?? null, values: null }, { status: result.status });
    return redirect(`/legal-aid/providers?centre=${centre.id}${url.searchParams.get("inactive") === "1" ? "&inactive=1" : ""}`);
  }
  return json({ fieldErrors: {} as Record<string, string>, formError: "err.badRequest" as string | null, values: null }, { status: 400 });
}

function AddProviderForm({ serverErrors, values }: { serverErrors?: Record<string, string> | null; values?: Record<string, unknown> | null }) {
  const t = useT();
  const locale = useLocale();
  const defaults = { name: "", kind: "lawyer", firmName: "", phone: "", ...(values ?? {}) } as Record<string, string>;
  const { form, formRef, errorOf, onSubmit } = useValidatedForm({ schema: LegalAidProviderSchema, defaultValues: defaults as never, serverErrors });
  const reg = (n: string) => form.register(n as never);
  return (
    <Form method="post" ref={formRef} onSubmit={onSubmit} noValidate className="form" aria-label={t("la.providers.add")}>
      <input type="hidden" name="intent" value="add" />
      <div className="form-row">
        <TextField name="name" label={t("la.providers.name")} defaultValue={defaults.name} reg={reg("name")} error={errorOf("name")} />
        <SelectField
          name="kind"
          label={t("la.providers.kind")}
          options={LEGAL_AID_PROVIDER_KINDS.options(locale)}
          defaultValue={defaults.kind}
          reg={reg("kind")}
          error={errorOf("kind")}
        />
        <TextField
          name="firmName"
          label={t("la.providers.firm")}
          hint={t("la.providers.firmHint")}
          defaultValue={defaults.firmName}
          reg={reg("firmName")}
          error={errorOf("firmName")}
        />
        <TextField
          name="phone"
          type="tel"
          label={t("la.providers.phone")}
          defaultValue={defaults.phone}
          reg={reg("phone")}
          error={errorOf("phone")}
        />
      </div>
      <div className="actions">
        <button type="submit" className="primary">
          {t("la.providers.add")}
        </button>
      </div>
    </Form>
  );
}

export default function LegalAidProviders() {
  const { centres, centre, providers, showInactive, canWrite } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const base = centre ? `?centre=${centre.id}` : "?";
  return (
    <div className="la-page">
      <h1>{t("la.providers.title")}</h1>
      <LegalAidNav canWrite={canWrite} />
      {centres.length > 1 ? (
        <Form method="get" className="filters card">
          <div className="field">
            <label htmlFor="q-centre">{t("la.providers.centre")}</label>
            <select id="q-centre" name="centre" defaultValue={centre?.id}>
              {centres.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <div className="actions">
            <button type="submit" className="primary">
              {t("action.filter")}
            </button>
          </div>
        </Form>
      ) : null}
      {data?.formError ? <FormNotice kind="error">{t(data.formError)}</FormNotice> : null}
      <section className="card">
        <h2>
          {centre?.name}
          <span className="muted small">
            {" "}
            ·{" "}
            <Link to={`${base}${showInactive ? "" : "&inactive=1"}`}>{showInactive ? t("la.providers.active") : t("la.providers.showInactive")}</Link>
          </span>
        </h2>
        {providers.length === 0 ? (
          <p className="muted">{t("la.providers.none")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t("la.providers.name")}</th>
                  <th>{t("la.providers.kind")}</th>
                  <th className="hide-narrow">{t("la.providers.firm")}</th>
                  <th className="hide-narrow">{t("la.providers.phone")}</th>
                  <th className="num">{t("la.providers.open")}</th>
                  {canWrite ? <th /> : null}
                </tr>
              </thead>
              <tbody>
                {providers.map((p) => (
                  <tr key={p.id} className={p.active ? undefined : "voided"}>
                    <td>
                      <Link to={`/legal-aid?provider=${p.id}&status=assigned`}>{p.name}</Link>
                    </td>
                    <td>{LEGAL_AID_PROVIDER_KINDS.label(p.kind, locale)}</td>
                    <td className="hide-narrow">{p.firmName}</td>
                    <td className="hide-narrow">{p.phone}</td>
                    <td className="num">{p.openCases}</td>
                    {canWrite ? (
                      <td>
                        <Form method="post" action={`/legal-aid/providers${base}${showInactive ? "&inactive=1" : ""}`} className="inline-form">
                          <input type="hidden" name="id" value={p.id} />
                          <button type="submit" name="intent" value={p.active ? "deactivate" : "activate"} className="link-button">
                            {p.active ? t("la.providers.deactivate") : t("la.providers.activate")}
                          </button>
                        </Form>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {canWrite && centre ? (
        <section className="card">
          <h2>{t("la.providers.add")}</h2>
          <AddProviderForm key={providers.length} serverErrors={data?.fieldErrors} values={data?.values as Record<string, unknown> | null} />
        </section>
      ) : null}
    </div>
  );
}
