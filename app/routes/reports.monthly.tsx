/**
 * /reports/monthly?unit=<id>&month=YYYY-MM — a village's or township's monthly report (零报告): the month's records,
 * its status (on time / late / missing), one button to submit it (a zero report when there is nothing), and the
 * area's completeness and timeliness with the units that have not reported, each linked to its own page.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ReportingCompletenessSection } from "~/components/reporting-completeness";
import { formatReportMonth, getMonthlyReport, getReportingCompleteness, parseReportMonth, REPORT_DEADLINE_DAY } from "~/models/monthly-reports.server";
import { getUnitChoice } from "~/models/unit-search.server";
import { UnitPicker } from "~/components/unit-picker";
import { parseSubmission } from "~/schemas/forms";
import { MONTHLY_REPORT_INTENTS, MonthlyReportSchema } from "~/schemas/monthly-report";
import { requirePermission } from "~/utils/auth.server";
import { formatDayZh, monthOf, prevMonth, todayInChina } from "~/utils/dates";
import { useLocale, useT } from "~/utils/i18n";
import { notFound } from "~/utils/responses.server";
import { submitMonthlyReport } from "~/models/monthly-reports.server";
import { pageTitle } from "~/utils/page-title";
import { U, useTx } from "~/components/user-text";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.monthly");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:stats");
  const p = new URL(request.url).searchParams;
  const today = todayInChina();
  const unitId = /^\d{1,12}$/.test(p.get("unit") ?? "") ? Number(p.get("unit")) : actor.unitId;
  // default: last month (the one being reported now)
  const month = parseReportMonth(p.get("month")) ?? prevMonth(monthOf(today));
  const report = await getMonthlyReport({ actor, unitId, month, today });
  if (!report) notFound();
  const area = await getReportingCompleteness({ actor, unitId, year: Math.floor(month / 100), month, today });
  return json({
    report,
    area,
    monthText: formatReportMonth(month),
    monthBad: p.has("month") && parseReportMonth(p.get("month")) === null,
    // the unit picker's choice: never the whole subtree in the page
    unitChoice: await getUnitChoice({ actor, id: report.unit.id }),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "read:stats");
  const fd = await request.formData();
  const intent = fd.get("intent");
  if (!(MONTHLY_REPORT_INTENTS as readonly unknown[]).includes(intent)) return json({ fieldErrors: { _form: "err.badRequest" } as Record<string, string>, records: null }, { status: 400 });
  const parsed = parseSubmission(MonthlyReportSchema, fd);
  if (!parsed.ok) return json({ fieldErrors: parsed.fieldErrors as Record<string, string>, records: null }, { status: 400 });
  const { unitId, month } = parsed.data;
  const r = await submitMonthlyReport({ actor, unitId, month, zero: intent === "zero", ip: context.clientIp ?? null });
  if (!r.ok) return json({ fieldErrors: { ...r.fieldErrors, ...(r.formError ? { _form: r.formError } : {}) }, records: r.fieldErrors.records ?? null }, { status: r.status });
  return redirect(`/reports/monthly?unit=${unitId}&month=${formatReportMonth(month)}&done=${r.value.kind}`);
}

export default function MonthlyReportPage() {
  const { report: r, area, monthText, monthBad, unitChoice } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const tx = useTx();
  const done = params.get("done");
  const err = data?.fieldErrors ? (data.fieldErrors._form ?? Object.values(data.fieldErrors).find((v) => v.startsWith("mr.") || v.startsWith("err."))) : null;
  return (
    <div>
      <h1>{tx("mr.title", { unit: <U>{r.unit.name}</U>, month: monthText })}</h1>
      <Form method="get" className="targets-query no-print" aria-label={t("mr.nav")}>
        <UnitPicker name="unit" label={t("mr.unit")} value={unitChoice} activeOnly />
        <div className="field">
          <label htmlFor="mr-month">{t("mr.month")}</label>
          <input id="mr-month" name="month" type="month" defaultValue={monthText} aria-invalid={monthBad || undefined} aria-describedby={monthBad ? "mr-month-error" : undefined} />
          {monthBad ? (
            <p id="mr-month-error" className="field-error" role="alert">
              {t("mr.err.month")}
            </p>
          ) : null}
        </div>
        <button type="submit">{t("mr.show")}</button>
      </Form>

      {done === "zero" || done === "records" ? (
        <p className="notice ok" role="status">
          {t(`mr.done.${done}`)}
        </p>
      ) : null}
      {err ? (
        <p className="notice error" role="alert">
          {t(err, { n: data?.records ?? "" })}
        </p>
      ) : null}

      {r.unit.reporting ? (
        <section aria-labelledby="h-mr-own" className="monthly-report">
          <h2 id="h-mr-own">{t("mr.records")}</h2>
          <p data-testid="mr-records">{r.records.total ? t("mr.records.detail", { c: r.records.consultations, m: r.records.mediations, l: r.records.legalAid }) : t("mr.records.none")}</p>
          <p className="muted">{t("mr.deadline", { day: locale === "zh" ? formatDayZh(r.deadline) : r.deadline, n: REPORT_DEADLINE_DAY })}</p>
          <p data-testid="mr-status">
            <strong className={r.status === "timely" ? "status-ok" : r.status === "open" ? undefined : "status-behind"}>{t(`mr.status.${r.status}`)}</strong>
            {r.report ? ` · ${t("mr.submittedOn", { kind: t(`mr.kind.${r.report.kind}`), day: r.report.submittedOn })}` : null}
          </p>
          {r.report?.supersededByRecords ? <p className="notice warn">{t("mr.superseded")}</p> : null}
          {!r.ended ? <p className="muted">{t("mr.notEnded")}</p> : null}
          {r.canSubmit ? (
            <Form method="post" className="no-print">
              <input type="hidden" name="unitId" value={r.unit.id} />
              <input type="hidden" name="month" value={monthText} />
              {r.records.total ? (
                <button type="submit" name="intent" value="submit">
                  {t("mr.submit")}
                </button>
              ) : (
                <button type="submit" name="intent" value="zero">
                  {t("mr.zero")}
                </button>
              )}
            </Form>
          ) : null}
        </section>
      ) : (
        <p className="muted">{t("mr.notReporting")}</p>
      )}

      {area && (area.children.length > 1 || !r.unit.reporting) ? <ReportingCompletenessSection data={area} /> : null}
    </div>
  );
}
