/**
 * 案卷评查: GET shows, for the actor's unit and its children, the share of concluded mediation files reviewed in a
 * year and their grades; POST (from a mediation page) records a review and sends the reviewer back.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { fileReviewSummary, reviewMediationFile } from "~/models/file-reviews.server";
import { FILE_REVIEW_GRADES, FileReviewSchema } from "~/schemas/document";
import { parseSubmission } from "~/schemas/forms";
import { requireActor, requirePermission } from "~/utils/auth.server";
import { todayInChina } from "~/utils/dates";
import { useLocale, useT } from "~/utils/i18n";

export const meta: MetaFunction = () => [{ title: "案卷评查 · 枫桥" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:mediation");
  const thisYear = Number(todayInChina().slice(0, 4));
  const y = Number(new URL(request.url).searchParams.get("year"));
  const year = Number.isInteger(y) && y >= 2000 && y <= thisYear ? y : thisYear;
  const summary = fileReviewSummary({ actor, from: `${year}-01-01`, to: `${year}-12-31` });
  if (!summary) throw new Response("无权执行此操作", { status: 403 });
  return json({ year, thisYear, summary, unitName: actor.unitName });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const fd = await request.formData();
  const id = String(fd.get("mediationId") ?? "");
  if (!/^\d{1,12}$/.test(id)) throw new Response("请求无效", { status: 400 });
  const back = `/mediations/${id}`;
  const parsed = parseSubmission(FileReviewSchema, fd, ["faults"]);
  if (!parsed.ok) return redirect(`${back}?reviewError=${encodeURIComponent(Object.values(parsed.fieldErrors)[0] ?? "err.badRequest")}#file-review`, 303);
  const result = reviewMediationFile({ actor, mediationId: Number(id), data: parsed.data, ip: context.clientIp });
  if (!result.ok) return redirect(`${back}?reviewError=${encodeURIComponent(result.formError ?? "err.badRequest")}#file-review`, 303);
  return redirect(`${back}?review=saved#file-review`, 303);
}

const pct = (share: number | null) => (share === null ? "—" : `${(share * 100).toFixed(1)}%`);

export default function FileReviews() {
  const { year, thisYear, summary, unitName } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const rows = [...summary.children, { ...summary.total, unitName: t("review.total") }];
  return (
    <div>
      <p>
        <Link to="/mediations">← {t("nav.mediations")}</Link>
      </p>
      <h1>
        {t("review.summaryTitle")} · {unitName}
      </h1>
      <Form method="get" className="actions">
        <label htmlFor="review-year">{t("review.year")}</label>
        <select id="review-year" name="year" defaultValue={year}>
          {Array.from({ length: 6 }, (_, i) => thisYear - i).map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
        <button type="submit" className="secondary">
          {t("review.show")}
        </button>
      </Form>
      <div className="table-wrap">
        <table className="data" data-testid="review-summary">
          <thead>
            <tr>
              <th>{t("review.unit")}</th>
              <th className="num">{t("review.concluded")}</th>
              <th className="num">{t("review.reviewed")}</th>
              <th className="num">{t("review.share")}</th>
              {FILE_REVIEW_GRADES.values.map((g) => (
                <th key={g} className="num">
                  {FILE_REVIEW_GRADES.label(g, locale)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={`${r.unitId}-${i}`}>
                <td>{r.unitName}</td>
                <td className="num">{r.concluded}</td>
                <td className="num">{r.reviewed}</td>
                <td className="num">{pct(r.share)}</td>
                {FILE_REVIEW_GRADES.values.map((g) => (
                  <td key={g} className="num">
                    {r.grades[g]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
