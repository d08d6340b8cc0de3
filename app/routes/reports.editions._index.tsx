import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { freezeEdition, listEditions } from "~/models/editions.server";
import { idField, requiredText } from "~/schemas/fields";
import { parseSubmission } from "~/schemas/forms";
import { requirePermission } from "~/utils/auth.server";
import { isValidDay } from "~/utils/dates";
import { useT } from "~/utils/i18n";
import { formatInstant } from "~/utils/instants";

export const meta: MetaFunction = () => [{ title: "报送版本 · 枫桥" }];

const FreezeSchema = z
  .object({
    unit: idField(),
    from: z.string().refine(isValidDay, { error: "err.date" }),
    to: z.string().refine(isValidDay, { error: "err.date" }),
    title: requiredText(60),
  })
  .refine((v) => v.from <= v.to, { error: "err.periodOrder", path: ["to"] });

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:stats");
  return json({ editions: listEditions({ actor }) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "freeze:edition");
  const parsed = parseSubmission(FreezeSchema, await request.formData());
  if (!parsed.ok) return json({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  const { unit, from, to, title } = parsed.data;
  const result = freezeEdition({ actor, unitId: unit, from, to, title, ip: context.clientIp });
  if (!result.ok) return json({ fieldErrors: result.fieldErrors, formError: result.formError }, { status: result.status });
  return redirect(`/reports/editions/${result.value.id}`);
}

export default function Editions() {
  const { editions } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div>
      <h1>{t("edition.list")}</h1>
      {editions.length === 0 ? (
        <p className="muted">{t("edition.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
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
                  <td>
                    <Link to={`/reports/editions/${e.id}`}>{e.title}</Link>
                  </td>
                  <td>{e.unitName}</td>
                  <td>{e.fromDay}</td>
                  <td>{e.toDay}</td>
                  <td>{formatInstant(e.cutoffAt, { seconds: true })}</td>
                  <td>{e.createdByName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
