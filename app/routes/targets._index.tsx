/**
 * /targets?unit=<id>&year=YYYY[&indicator=<key>][&prefill=lastYearTargets|lastYearActuals|equal|lastYearShare]
 * Annual targets of a unit and its children: the overview of every indicator, and for one indicator the form that
 * sets or revises them (a bureau, for units in its reach). A proposal (copy, distribute) fills the form; only
 * saving writes. Works without JavaScript.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { U, useTx } from "~/components/user-text";
import { FormNotice, TextArea } from "~/components/form-fields";
import { useValidatedForm, watchField } from "~/components/use-validated-form";
import { getTargetsOverview, getTargetsPage, offeredYears, saveTargets } from "~/models/targets.server";
import { getUnitChoice } from "~/models/unit-search.server";
import { UnitPicker } from "~/components/unit-picker";
import { parseSubmission } from "~/schemas/forms";
import {
  formatTargetFigure,
  PREFILLS,
  runningTotal,
  targetAsFigure,
  targetIndicator,
  targetInputValue,
  TargetsFormSchema,
  type Prefill,
} from "~/schemas/targets";
import { requirePermission } from "~/utils/auth.server";
import { todayInChina } from "~/utils/dates";
import { useErrorText, useLocale, useT } from "~/utils/i18n";
import { notFound } from "~/utils/responses.server";
import { formatInstant } from "~/utils/instants";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.targets");

function parseQuery(url: URL, actorUnitId: number) {
  const p = url.searchParams;
  const thisYear = Number(todayInChina().slice(0, 4));
  const unit = /^\d{1,12}$/.test(p.get("unit") ?? "") ? Number(p.get("unit")) : actorUnitId;
  const y = Number(p.get("year"));
  const year = Number.isInteger(y) && y >= 2000 && y <= thisYear + 1 ? y : thisYear;
  const indicator = targetIndicator(p.get("indicator") ?? "")?.key ?? null;
  const prefill = (PREFILLS as readonly string[]).includes(p.get("prefill") ?? "") ? (p.get("prefill") as Prefill) : null;
  const saved = /^\d{1,4}$/.test(p.get("saved") ?? "") ? Number(p.get("saved")) : null;
  // show only the child units whose name holds this text (the parent row stays); the other rows stay in the form
  const only = (p.get("only") ?? "").trim().slice(0, 50);
  return { unit, year, indicator, prefill, saved, only };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:targets");
  const q = parseQuery(new URL(request.url), actor.unitId);
  const overview = await getTargetsOverview({ actor, unitId: q.unit, year: q.year });
  if (!overview) notFound();
  const page = q.indicator ? await getTargetsPage({ actor, unitId: q.unit, year: q.year, indicator: q.indicator, prefill: q.prefill }) : null;
  const thisYear = Number(todayInChina().slice(0, 4));
  return json({
    q,
    overview,
    page,
    unitChoice: await getUnitChoice({ actor, id: q.unit }),
    // every year with records or targets, so a past year's report has its targets (issue 13); the year asked for too
    years: [...new Set([...await offeredYears({ actor }), q.year])].sort((a, b) => b - a),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "write:targets");
  const fd = await request.formData();
  const parsed = parseSubmission(TargetsFormSchema, fd, [], true);
  if (!parsed.ok) return json({ fieldErrors: parsed.fieldErrors, formError: "common.formErrors", values: parsed.values }, { status: 400 });
  // "add up" (the running total without JavaScript): the form comes back as typed, with its total, nothing saved
  if (fd.get("intent") === "total") return json({ fieldErrors: null, formError: null, values: parsed.values, totalled: true });
  const result = await saveTargets({ actor, data: parsed.data, ip: context.clientIp });
  if (!result.ok) return json({ fieldErrors: result.fieldErrors, formError: result.formError ?? "common.formErrors", values: parsed.values }, { status: result.status });
  const url = new URL(request.url);
  url.searchParams.delete("prefill");
  url.searchParams.set("saved", String(result.value.changed));
  return redirect(`${url.pathname}?${url.searchParams}`);
}

export default function TargetsPage() {
  const { q, overview, page, unitChoice, years } = useLoaderData<typeof loader>();
  const t = useT();
  const tx = useTx();
  const locale = useLocale();
  const unitName = unitChoice?.name ?? page?.unit.name ?? "";
  const qs = (extra: Record<string, string | number>) => new URLSearchParams({ unit: String(q.unit), year: String(q.year), ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, String(v)])) }).toString();
  return (
    <div className="targets-page">
      <h1>{tx("targets.heading", { unit: <U>{unitName}</U>, year: q.year })}</h1>
      <Form method="get" className="targets-query no-print" aria-label={t("targets.choose")}>
        <UnitPicker name="unit" label={t("targets.unit")} value={unitChoice} activeOnly />
        <div className="field">
          <label htmlFor="q-year">{t("targets.year")}</label>
          <select id="q-year" name="year" defaultValue={q.year}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        {q.indicator ? <input type="hidden" name="indicator" value={q.indicator} /> : null}
        <button type="submit">{t("targets.show")}</button>
        <Link to={`/monitoring?${qs({})}`}>{t("targets.toDashboard")}</Link>
      </Form>
      {q.saved !== null ? <FormNotice kind="ok">{t("targets.saved", { n: q.saved })}</FormNotice> : null}

      <section aria-labelledby="h-overview">
        <h2 id="h-overview">{t("targets.overview")}</h2>
        <div className="table-wrap">
          <table className="report-table">
            <thead>
              <tr>
                <th scope="col">{t("targets.indicator")}</th>
                <th scope="col" className="num">
                  {t("targets.target")}
                </th>
                <th scope="col" className="num">
                  {t("targets.childrenSet")}
                </th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {overview.map((o) => (
                <tr key={o.key} className={o.key === q.indicator ? "current" : undefined}>
                  <th scope="row">{o.label[locale]}</th>
                  <td className="num">{o.target === null ? <span className="muted">{t("targets.notSet")}</span> : formatTargetFigure(o.target, o.measure)}</td>
                  <td className="num">
                    {o.childrenSet}/{o.childrenCount}
                  </td>
                  <td>
                    <Link to={`/targets?${qs({ indicator: o.key })}`} aria-label={`${t("targets.edit")} ${o.label[locale]}`}>
                      {page?.canWrite ?? true ? t("targets.edit") : t("targets.view")}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {page ? <TargetsForm key={`${q.unit}-${q.year}-${q.indicator}-${q.prefill}`} page={page} qs={qs} only={q.only} /> : null}
    </div>
  );
}

type Page = NonNullable<Awaited<ReturnType<typeof useLoaderData<typeof loader>>>["page"]>;

function TargetsForm({ page, qs, only }: { page: Page; qs: (extra: Record<string, string | number>) => string; only: string }) {
  const data = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const errText = useErrorText();
  const busy = useNavigation().state === "submitting";
  const measure = page.indicator.measure;
  const label = page.indicator.label[locale];
  const submitted = (data?.values ?? null) as { reason?: string; rows?: Array<{ value?: string }> } | null;
  const defaults = {
    year: String(page.year),
    indicator: page.indicator.key,
    reason: submitted?.reason ?? "",
    rows: page.rows.map((r, i) => ({
      unitId: String(r.unitId),
      version: String(r.version),
      value: submitted?.rows?.[i]?.value ?? targetInputValue(r.proposed !== undefined && r.proposed !== null ? r.proposed : r.value, measure),
    })),
  };
  const serverErrors = data?.fieldErrors ?? null;
  const { form, formRef, errorOf, onSubmit, onKeyDown, hydrated } = useValidatedForm({ schema: TargetsFormSchema, defaultValues: defaults as never, serverErrors });
  const { register } = form;
  // the running total: from what is typed (live with JavaScript), else from what was submitted (computed on the server)
  const watched = watchField(form, "rows") as Array<{ value?: string }> | undefined;
  const typed = hydrated && watched ? watched : defaults.rows;
  const total = runningTotal(
    measure,
    page.rows.map((r, i) => ({ typed: typed[i]?.value ?? "", stored: r.value })),
  );
  const [filter, setFilter] = useState(only);
  const needle = filter.trim().toLowerCase();
  const shown = (r: Page["rows"][number]) => r.isParent || !needle || r.name.toLowerCase().includes(needle);
  const childCount = page.rows.length - 1;
  const shownCount = page.rows.filter((r) => !r.isParent && shown(r)).length;
  const hasErrors = !!serverErrors && Object.keys(serverErrors).length > 0;
  const sc = page.sumCheck;
  const show = (v: number | null) => (v === null ? "—" : formatTargetFigure(targetAsFigure(v, measure), measure));
  const parentSet = page.rows[0]?.value !== null;
  return (
    <section aria-labelledby="h-form" className="targets-form">
      <h2 id="h-form">{t("targets.formTitle", { indicator: label })}</h2>
      {page.canWrite ? (
        <nav className="targets-prefill no-print" aria-label={t("targets.prefill")}>
          <span className="muted small">{t("targets.prefill")}{locale === "zh" ? "：" : ":"}</span>
          {(["lastYearTargets", "lastYearActuals", "equal", "lastYearShare", "population"] as const).map((p) => (
            <Link key={p} to={`/targets?${qs({ indicator: page.indicator.key, prefill: p })}`} className="button small">
              {t(`targets.prefill.${p}`)}
            </Link>
          ))}
        </nav>
      ) : (
        <p className="muted">{t("targets.readOnly")}</p>
      )}
      {page.prefill ? (
        <FormNotice kind="warn">
          {(page.prefill === "equal" || page.prefill === "lastYearShare" || page.prefill === "population") && !parentSet ? t("targets.needParent") : t("targets.prefilled", { rule: t(`targets.prefill.${page.prefill}`) })}
        </FormNotice>
      ) : null}
      {sc ? (
        <p className={`notice ${sc.status === "equal" ? "ok" : "warn"}`} role="status" data-testid="sum-check">
          {t(`targets.sum.${sc.status}`, { sum: show(sc.sum), parent: show(sc.parent), diff: show(Math.abs(sc.parent - sc.sum)) })}
          {sc.missing ? ` ${t("targets.sum.missing", { n: sc.missing })}` : ""}
        </p>
      ) : null}
      {childCount > 1 ? (
        <Form
          method="get"
          className="targets-filter no-print"
          role="search"
          aria-label={t("targets.filter.form")}
          onSubmit={(e) => e.preventDefault()}
        >
          <input type="hidden" name="unit" value={page.unit.id} />
          <input type="hidden" name="year" value={page.year} />
          <input type="hidden" name="indicator" value={page.indicator.key} />
          <div className="field">
            <label htmlFor="targets-only">{t("targets.filter.label")}</label>
            <input
              id="targets-only"
              name="only"
              type="search"
              list="targets-only-names"
              autoComplete="off"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              aria-describedby="targets-only-count"
            />
            <datalist id="targets-only-names">
              {page.rows.slice(1).map((r) => (
                <option key={r.unitId} value={r.name} data-user-text="" />
              ))}
            </datalist>
          </div>
          {hydrated ? null : <button type="submit">{t("action.filter")}</button>}
          <span id="targets-only-count" className="muted small" role="status">
            {needle ? t("targets.filter.shown", { n: shownCount, total: childCount }) : t("targets.filter.all", { total: childCount })}
          </span>
          {needle ? (
            <Link to={`/targets?${qs({ indicator: page.indicator.key })}`} onClick={(e) => (hydrated ? (e.preventDefault(), setFilter("")) : undefined)}>
              {t("targets.filter.clear")}
            </Link>
          ) : null}
        </Form>
      ) : null}
      <Form method="post" ref={formRef} onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate className="form" aria-label={t("targets.formTitle", { indicator: label })}>
        {hasErrors ? <FormNotice kind="error">{t(data?.formError ?? "common.formErrors")}</FormNotice> : null}
        <input type="hidden" name="year" value={page.year} />
        <input type="hidden" name="indicator" value={page.indicator.key} />
        <p className="muted small">{measure === "rate" ? t("targets.rateHint") : t("targets.countHint")}</p>
        <div className="table-wrap">
          <table className="report-table targets-table">
            <thead>
              <tr>
                <th scope="col">{t("targets.col.unit")}</th>
                <th scope="col">{t("targets.col.target", { year: page.year })}</th>
                <th scope="col" className="num hide-narrow">
                  {t("targets.col.lastTarget")}
                </th>
                <th scope="col" className="num">
                  {t("targets.col.lastActual")}
                </th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((r, i) => {
                const name = `rows.${i}.value`;
                const err = errorOf(name);
                const id = `f-rows-${i}`;
                return (
                  <tr key={r.unitId} className={r.isParent ? "parent-row" : undefined} hidden={!shown(r)}>
                    <th scope="row">
                      <label htmlFor={id} data-user-text>{r.name}</label>
                      <input type="hidden" name={`rows.${i}.unitId`} value={r.unitId} />
                      <input type="hidden" name={`rows.${i}.version`} value={r.version} />
                    </th>
                    <td>
                      <input
                        id={id}
                        type="text"
                        inputMode={measure === "rate" ? "decimal" : "numeric"}
                        className="target-input"
                        aria-label={t("targets.valueFor", { unit: r.name, year: page.year })}
                        aria-invalid={err ? true : undefined}
                        aria-describedby={err ? `${id}-error` : undefined}
                        defaultValue={defaults.rows[i].value}
                        readOnly={!page.canWrite}
                        autoComplete="off"
                        {...register(name as never)}
                      />
                      {measure === "rate" ? <span className="unit-suffix">%</span> : null}
                      {err ? (
                        <p id={`${id}-error`} className="field-error" role="alert">
                          {errText(err)}
                        </p>
                      ) : null}
                    </td>
                    <td className="num hide-narrow">{show(r.lastYearTarget)}</td>
                    <td className="num">{show(r.lastYearActual)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {total ? (
          <div className="targets-total" data-testid="running-total">
            <output htmlFor={page.rows.map((_, i) => `f-rows-${i}`).join(" ")} aria-live="polite">
              {total.status === "noParent"
                ? t("targets.total.noParent", { sum: show(total.sum) })
                : t(`targets.total.${total.status}`, { sum: show(total.sum), parent: show(total.parent), diff: show(total.diff) })}
              {total.missing ? ` ${t("targets.total.missing", { n: total.missing })}` : ""}
              {total.invalid ? ` ${t("targets.total.invalid", { n: total.invalid })}` : ""}
            </output>
            {page.canWrite ? (
              <button type="submit" name="intent" value="total" className="small" formNoValidate>
                {t("targets.total.check")}
              </button>
            ) : null}
          </div>
        ) : null}
        {page.canWrite ? (
          <>
            <TextArea
              name="reason"
              label={t("targets.reason")}
              hint={t("targets.reasonHint")}
              defaultValue={defaults.reason}
              reg={register("reason" as never)}
              error={errorOf("reason")}
              rows={2}
              maxLength={200}
            />
            <div className="actions">
              <button type="submit" className="primary" disabled={busy}>
                {t("targets.save")}
              </button>
            </div>
          </>
        ) : null}
      </Form>
      <section aria-labelledby="h-revisions">
        <h3 id="h-revisions">{t("targets.revisions")}</h3>
        {page.revisions.length ? (
          <div className="table-wrap">
            <table className="report-table">
              <thead>
                <tr>
                  <th scope="col">{t("targets.rev.at")}</th>
                  <th scope="col">{t("targets.col.unit")}</th>
                  <th scope="col" className="num">
                    {t("targets.rev.old")}
                  </th>
                  <th scope="col" className="num">
                    {t("targets.rev.new")}
                  </th>
                  <th scope="col">{t("targets.rev.reason")}</th>
                  <th scope="col" className="hide-narrow">
                    {t("targets.rev.by")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {page.revisions.map((r) => (
                  <tr key={r.id}>
                    <td>{formatInstant(r.at)}</td>
                    <td data-user-text>{r.unitName}</td>
                    <td className="num">{r.oldValue === null ? t("targets.rev.first") : show(r.oldValue)}</td>
                    <td className="num">{show(r.newValue)}</td>
                    <td data-user-text>{r.reason}</td>
                    <td className="hide-narrow" data-user-text>{r.byName}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t("targets.revisionsEmpty")}</p>
        )}
      </section>
    </section>
  );
}
