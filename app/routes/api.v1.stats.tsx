/**
 * GET /api/v1/stats?unit=<unit code>&from=YYYY-MM-DD&to=YYYY-MM-DD — the report's indicators as JSON for
 * integrators and dashboards (documented in README.md, "Statistics API"). Scoped by the caller's token or session:
 * 401 without one (JSON, never a redirect), 404 for a unit outside the caller's subtree or unknown, 400 with
 * field errors for bad dates.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { auditReportExport, getStatsForApi } from "~/models/report-export.server";
import { translate } from "~/i18n";
import { targetsForApi } from "~/models/monitoring.server";
import { requireApiActor } from "~/utils/auth.server";

const HEADERS = { "Cache-Control": "private, no-store" };

const problem = (status: number, error: string, message: string, extra: Record<string, unknown> = {}) =>
  json({ error, message, ...extra }, { status, headers: HEADERS });

export async function loader({ request, context }: LoaderFunctionArgs) {
  // a bearer token (README, "Bulk import and integration API") or the session cookie; JSON 401 without either
  const actor = await requireApiActor(request);
  const result = await getStatsForApi({ actor, params: new URL(request.url).searchParams });
  if (!result.ok) {
    if (result.status === 400) {
      const fieldErrors = Object.fromEntries(Object.entries(result.fieldErrors).map(([k, v]) => [k, translate("zh", v)]));
      return problem(400, "bad_request", "请求参数有误", { fieldErrors });
    }
    if (result.status === 403) return problem(403, "forbidden", "无权读取统计数据");
    return problem(404, "not_found", "单位不存在或不在您的管辖范围内");
  }
  await auditReportExport({ actor, report: result.report, format: "api", ip: context.clientIp ?? null });
  // targeted indicators: target, actual, completionRate, timeProgress (app/models/monitoring.server.ts)
  const targets = await targetsForApi({ actor, unitId: result.report.unit.id, from: result.report.period.from, to: result.report.period.to });
  return json({ ...result.payload, targets }, { headers: HEADERS });
}
