/**
 * /reports/coverage?unit=<id>&day=YYYY-MM-DD&kind=literate|adviser|servicePoint — the villages (communities) of a
 * unit with and without at least one active 法律明白人 / 村(居)法律顾问 / service point: the list behind the
 * report's coverage figures. A unit without villages is told so.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { COVERAGE_KINDS, getCoverage, type CoverageKind } from "~/models/report-extras.server";
import { formatRate } from "~/models/report-style";
import { requirePermission } from "~/utils/auth.server";
import { formatDayZh, isValidDay, todayInChina } from "~/utils/dates";
import { useT } from "~/utils/i18n";
import { notFound } from "~/utils/responses.server";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.coverage");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:stats");
  const params = new URL(request.url).searchParams;
  const rawUnit = params.get("unit") ?? "";
  const unitId = /^\d{1,12}$/.test(rawUnit) ? Number(rawUnit) : actor.unitId;
  const rawDay = params.get("day") ?? "";
  const day = isValidDay(rawDay) ? rawDay : todayInChina();
  const rawKind = params.get("kind") ?? "";
  const kind: CoverageKind = (COVERAGE_KINDS as string[]).includes(rawKind) ? (rawKind as CoverageKind) : "literate";
  const coverage = await getCoverage({ actor, unitId, day });
  if (!coverage) notFound();
  return json({ coverage, kind, unitId, day });
}

export default function CoveragePage() {
  const { coverage, kind, unitId, day } = useLoaderData<typeof loader>();
  const t = useT();
  const k = coverage[kind];
  const kindLabel = t(`report.coverage.${kind}`);
  return (
    <div>
      <p className="no-print">
        <Link to={`/reports?unit=${unitId}&from=${day.slice(0, 4)}-01-01&to=${day}`}>← {t("report.coverage.back")}</Link>
      </p>
      <h1>{t("report.coverage.title")}</h1>
      <nav className="report-quick" aria-label={t("report.coverage.title")}>
        {COVERAGE_KINDS.map((c) => (
          <Link key={c} to={`/reports/coverage?unit=${unitId}&day=${day}&kind=${c}`} aria-current={c === kind ? "page" : undefined}>
            {t(`report.coverage.${c}`)}
          </Link>
        ))}
      </nav>
      {coverage.villages === 0 ? (
        <p role="alert" className="notice error">
          {t("report.coverage.noVillages")}
        </p>
      ) : (
        <>
          <p data-testid="coverage-summary">
            {t("report.coverage.summary", { day: formatDayZh(day), villages: coverage.villages, covered: k.covered, kind: kindLabel, rate: formatRate(k.rate) })}
          </p>
          <section aria-labelledby="h-without">
            <h2 id="h-without">{t("report.coverage.without", { kind: kindLabel, n: k.without.length })}</h2>
            {k.without.length === 0 ? (
              <p className="notice ok">{t("report.coverage.all")}</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th>{t("report.coverage.village")}</th>
                      <th>{t("report.coverage.town")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {k.without.map((v) => (
                      <tr key={v.id}>
                        <td>{v.name}</td>
                        <td>{v.parentName ?? ""}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </div>
  );
}
