/** Downloads of the report: /reports/export/xlsx|csv|json|docx?unit=&from=&to=[&money=wan] (XLSX money in 万元) (the page's query). Each is audited. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import {
  asciiFilename,
  auditReportExport,
  buildReportCsv,
  buildReportJson,
  buildReportXlsx,
  contentDisposition,
  parseReportQuery,
  reportFilename,
} from "~/models/report-export.server";
import { getReport } from "~/models/reports.server";
import { buildReportDocx } from "~/models/report-docx.server";
import { translate } from "~/i18n";
import { requirePermission } from "~/utils/auth.server";
import { notFound } from "~/utils/responses.server";
import { todayInChina } from "~/utils/dates";

const TYPES = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
} as const;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const format = params.format as keyof typeof TYPES;
  if (!Object.hasOwn(TYPES, format)) notFound();
  const actor = await requirePermission(request, "read:stats");
  const q = await parseReportQuery({ actor, params: new URL(request.url).searchParams });
  if (!q.ok) {
    if (q.status === 404) notFound();
    const message = [...new Set(Object.values(q.fieldErrors).map((k) => translate("zh", k)))].join("；");
    throw new Response(translate("zh", "report.badQuery", { message }), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const report = await getReport({ actor, unitId: q.unitId, from: q.from, to: q.to });
  if (!report) notFound();

  const search = new URL(request.url).searchParams;
  const moneyUnit = search.get("money") === "wan" ? "wan" : "yuan";
  const body =
    format === "xlsx"
      ? new Uint8Array(await buildReportXlsx(report, { moneyUnit, signedOn: todayInChina() }))
      : format === "docx"
        ? new Uint8Array(await buildReportDocx(report))
        : format === "csv"
          ? buildReportCsv(report)
          : JSON.stringify(buildReportJson(report), null, 2);
  await auditReportExport({ actor, report, format, ip: context.clientIp ?? null });
  return new Response(body, {
    headers: {
      "Content-Type": TYPES[format],
      "Content-Disposition": contentDisposition(reportFilename(report, format), asciiFilename(report, format)),
      "Cache-Control": "private, no-store",
    },
  });
}
