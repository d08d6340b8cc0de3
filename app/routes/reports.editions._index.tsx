import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { EditionFreezeForm } from "~/components/report-edition-form";
import { defaultEditionTitle } from "~/models/report-sentences";
import { getUnit } from "~/models/units.server";
import * as z from "zod/mini";
import { freezeEdition, listEditions } from "~/models/editions.server";
import { idField, optionalText } from "~/schemas/fields";
import { parseSubmission } from "~/schemas/forms";
import { requirePermission } from "~/utils/auth.server";
import { isValidDay } from "~/utils/dates";
import { useErrorText, useT } from "~/utils/i18n";
import { formatInstant } from "~/utils/instants";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.editions");

const FreezeSchema = z
  .object({
    unit: idField(),
    from: z.string().check(z.refine(isValidDay, { error: "err.date" })),
    to: z.string().check(z.refine(isValidDay, { error: "err.date" })),
    /** blank: the period's own title */
    title: optionalText(60),
  })
  .check(z.refine((v) => v.from <= v.to, { error: "err.periodOrder", path: ["to"] }));

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:stats");
  return json({ editions: await listEditions({ actor }) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "freeze:edition");
  const form = await request.formData();
  const parsed = parseSubmission(FreezeSchema, form);
  const submitted = { unit: String(form.get("unit") ?? ""), from: String(form.get("from") ?? ""), to: String(form.get("to") ?? ""), title: String(form.get("title") ?? "") };
  if (!parsed.ok) return json({ fieldErrors: parsed.fieldErrors as Record<string, string>, formError: undefined as string | undefined, submitted, defaultTitle: null as string | null }, { status: 400 });
  const { unit, from, to } = parsed.data;
  const unitRow = await getUnit({ actor, id: unit });
  const defaultTitle = unitRow ? defaultEditionTitle(unitRow.name, from, to) : null;
  const title = parsed.data.title || defaultTitle || "";
  const result = await freezeEdition({ actor, unitId: unit, from, to, title, ip: context.clientIp });
  if (!result.ok) return json({ fieldErrors: result.fieldErrors, formError: result.formError, submitted, defaultTitle }, { status: result.status });
  return redirect(`/reports/editions/${result.value.id}`);
}

export default function Editions() {
  const { editions } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const t = useT();
  const errorText = useErrorText();
  const s = failed?.submitted;
  const canRetry = s && failed.defaultTitle && /^\d+$/.test(s.unit) && !failed.fieldErrors.from && !failed.fieldErrors.to;
  return (
    <div>
      <h1>{t("edition.list")}</h1>
      {failed ? (
        <div className="card">
          <p role="alert" className="notice error">
            {t("edition.failed")}
            {[...new Set([...Object.values(failed.fieldErrors), failed.formError].filter(Boolean))].map((k) => errorText(k)).join("；")}
          </p>
          {canRetry ? (
            <EditionFreezeForm unitId={Number(s.unit)} from={s.from} to={s.to} defaultTitle={failed.defaultTitle!} title={s.title} error={failed.fieldErrors.title} />
          ) : null}
          {s && /^\d+$/.test(s.unit) ? (
            <p>
              <Link to={`/reports?${new URLSearchParams({ unit: s.unit, from: s.from, to: s.to })}`}>{t("edition.backToReport")}</Link>
            </p>
          ) : null}
        </div>
      ) : null}
      {editions.length === 0 ? (
        <p className="muted">{t("edition.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("edition.year")}</th>
                <th>{t("edition.titleLabel")}</th>
                <th>{t("common.unit")}</th>
                <th>{t("common.from")}</th>
                <th>{t("common.to")}</th>
                <th>{t("edition.cutoff")}</th>
                <th>{t("edition.by")}</th>
              </tr>
            </thead>
            <tbody>
              {editions.map((e) => (
                <tr key={e.id}>
                  <td>{e.fromDay.slice(0, 4) === e.toDay.slice(0, 4) ? e.fromDay.slice(0, 4) : `${e.fromDay.slice(0, 4)}—${e.toDay.slice(0, 4)}`}</td>
                  <td>
                    <Link to={`/reports/editions/${e.id}`} data-user-text="">{e.title}</Link>
                  </td>
                  <td data-user-text="">{e.unitName}</td>
                  <td>{e.fromDay}</td>
                  <td>{e.toDay}</td>
                  <td>{formatInstant(e.cutoffAt, { seconds: true })}</td>
                  <td data-user-text="">{e.createdByName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
