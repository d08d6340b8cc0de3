/**
 * /monitoring/quality?unit=<id>&year=YYYY&signal=<key>[&for=<unit id>] — the records behind one data-quality
 * signal (the dashboard's count is the length of this list), each a link to the record.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listSignalRecords, SIGNALS, type SignalKey } from "~/models/data-quality.server";
import { COUNT_CAP, formatBoundedCount } from "~/utils/bounded-count";
import { getUnit } from "~/models/units.server";
import { requirePermission } from "~/utils/auth.server";
import { todayInChina } from "~/utils/dates";
import { useT } from "~/utils/i18n";
import { notFound } from "~/utils/responses.server";
import { formatInstant } from "~/utils/instants";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.quality");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:targets");
  const p = new URL(request.url).searchParams;
  const today = todayInChina();
  const id = (k: string) => (/^\d{1,12}$/.test(p.get(k) ?? "") ? Number(p.get(k)) : null);
  const unitId = id("unit") ?? actor.unitId;
  const y = Number(p.get("year"));
  const year = Number.isInteger(y) && y >= 2000 && y <= Number(today.slice(0, 4)) ? y : Number(today.slice(0, 4));
  const signal = (SIGNALS as readonly string[]).includes(p.get("signal") ?? "") ? (p.get("signal") as SignalKey) : null;
  if (!signal) notFound();
  const forUnit = id("for");
  // late entries of a large subtree: the first COUNT_CAP + 1 found ("10,000+"), not every record of its year
  const records = await listSignalRecords({ actor, unitId, year, signal, forUnit, today, cap: COUNT_CAP + 1 });
  const unit = await getUnit({ actor, id: forUnit ?? unitId });
  if (!records || !unit) notFound();
  return json({ records: records.slice(0, 500), total: records.length, signal, unit: { id: unit.id, name: unit.name }, back: `/monitoring?unit=${unitId}&year=${year}`, year });
}

export default function QualityRecords() {
  const { records, total, signal, unit, back, year } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div>
      <p className="no-print">
        <Link to={back}>← {t("dq.back")}</Link>
      </p>
      <h1>{t("dq.title", { signal: t(`dq.${signal}`) })}</h1>
      <p className="muted" data-testid="filtered-totals">
        {unit.name} · {year} · {t("dq.count", { n: formatBoundedCount(total) })}
      </p>
      {records.length ? (
        <div className="table-wrap">
          <table className="report-table">
            <thead>
              <tr>
                <th scope="col">{t("dq.col.record")}</th>
                <th scope="col">{t("dq.col.unit")}</th>
                <th scope="col">{t("dq.col.day")}</th>
                <th scope="col">{t("dq.col.created")}</th>
                <th scope="col" className="hide-narrow">
                  {t("dq.col.group")}
                </th>
              </tr>
            </thead>
            <tbody>
              {records.map((r) => (
                <tr key={`${r.kind}-${r.id}-${r.group}`}>
                  <td>
                    <Link to={r.href}>
                      {r.kind === "report" ? `${r.note} ${t("dq.kind.report")}` : `${t(`dq.kind.${r.kind}`)} #${r.id} ${r.kind === "mediation" ? r.note : ""}`}
                    </Link>
                  </td>
                  <td>{r.unitName}</td>
                  <td>{r.day}</td>
                  <td>{formatInstant(r.createdAt)}</td>
                  <td className="hide-narrow muted small">{signal === "burst" ? `${r.group.split("|")[0]}月` : signal === "late" ? `${r.group}天` : r.group}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t("dq.empty")}</p>
      )}
    </div>
  );
}
