/**
 * 案卷评查: GET (?unit=&year=) shows, for a unit in reach (the actor's by default) and its children, the share of concluded mediation files reviewed in a
 * year and their grades; POST (from a mediation page) records a review and sends the reviewer back.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { fileReviewSummary, reviewMediationFile } from "~/models/file-reviews.server";
import { FileReviewSchema } from "~/schemas/document";
import { FileReviewSummaryTable } from "~/components/file-review-summary";
import { parseSubmission } from "~/schemas/forms";
import { requireActor, requirePermission } from "~/utils/auth.server";
import { todayInChina } from "~/utils/dates";
import { useT } from "~/utils/i18n";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.reviews");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:mediation");
  const thisYear = Number(todayInChina().slice(0, 4));
  const p = new URL(request.url).searchParams;
  const y = Number(p.get("year"));
  const year = Number.isInteger(y) && y >= 2000 && y <= thisYear ? y : thisYear;
  const unitId = /^\d{1,12}$/.test(p.get("unit") ?? "") ? Number(p.get("unit")) : actor.unitId;
  const summary = await fileReviewSummary({ actor, unitId, from: `${year}-01-01`, to: `${year}-12-31` });
  if (!summary) throw new Response("未找到该单位", { status: 404 });
  return json({ year, thisYear, summary });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const fd = await request.formData();
  const id = String(fd.get("mediationId") ?? "");
  if (!/^\d{1,12}$/.test(id)) throw new Response("请求无效", { status: 400 });
  const back = `/mediations/${id}`;
  const parsed = parseSubmission(FileReviewSchema, fd, ["faults"]);
  if (!parsed.ok) return redirect(`${back}?reviewError=${encodeURIComponent(Object.values(parsed.fieldErrors)[0] ?? "err.badRequest")}#file-review`, 303);
  const result = await reviewMediationFile({ actor, mediationId: Number(id), data: parsed.data, ip: context.clientIp });
  if (!result.ok) return redirect(`${back}?reviewError=${encodeURIComponent(result.formError ?? "err.badRequest")}#file-review`, 303);
  return redirect(`${back}?review=saved#file-review`, 303);
}

export default function FileReviews() {
  const { year, thisYear, summary } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div>
      <p>
        <Link to="/mediations">← {t("nav.mediations")}</Link>
      </p>
      <h1>
        {t("review.summaryTitle")} · <span data-user-text>{summary.unit.name}</span>
      </h1>
      <Form method="get" className="actions">
        <input type="hidden" name="unit" value={summary.unit.id} />
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
      <FileReviewSummaryTable summary={summary} periodLabel={`${year}`} showSentence childHref={(id) => `/documents/reviews?unit=${id}&year=${year}`} />
    </div>
  );
}
