import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getEdition } from "~/models/editions.server";
import { requirePermission } from "~/utils/auth.server";
import { parseIdParam } from "~/utils/request.server";
import { useT } from "~/utils/i18n";
import { formatInstant } from "~/utils/instants";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "title.editions", undefined, data?.edition.title);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:stats");
  const e = await getEdition({ actor, id: parseIdParam(params.id) });
  if (!e) throw new Response("记录不存在或不在您的管辖范围内", { status: 404 });
  return json(e);
}

const show = (key: string, v: number | null | undefined) => {
  if (v === null || v === undefined) return "—";
  if (key.endsWith("Rate") || key.endsWith("ShareOfConcluded")) return `${(v * 100).toFixed(2)}%`;
  if (key === "mediation.agreementAmount" || key === "legalAid.recovered") return (v / 100).toLocaleString("zh-CN", { minimumFractionDigits: 2 });
  return v.toLocaleString("zh-CN");
};

export default function EditionPage() {
  const { edition, frozen, current, restated, changes } = useLoaderData<typeof loader>();
  const t = useT();
  const changed = new Set(restated.map((r) => r.key));
  return (
    <div>
      <p className="no-print">
        <Link to="/reports/editions">← {t("edition.list")}</Link> ·{" "}
        <Link to={`/reports?unit=${edition.unitId}&from=${edition.fromDay}&to=${edition.toDay}`}>{t("edition.openReport")}</Link>
      </p>
      <h1 data-user-text="">{edition.title}</h1>
      <dl className="details">
        <dt>{t("common.unit")}</dt>
        <dd data-user-text="">{frozen.unit.name}</dd>
        <dt>{t("common.from")}</dt>
        <dd>
          {edition.fromDay} — {edition.toDay}
        </dd>
        <dt>{t("edition.cutoff")}</dt>
        <dd>{formatInstant(edition.cutoffAt, { seconds: true })}</dd>
        <dt>{t("edition.sha")}</dt>
        <dd className="small">
          <code>{edition.payloadSha256}</code> · <a href={`/reports/editions/${edition.id}/json`}>{t("edition.json")}</a>
        </dd>
      </dl>
      <h2>{t("edition.sentences")}</h2>
      {frozen.sentences.map((s) => (
        <p key={s} className="report-sentence" lang="zh-CN">
          {s}
        </p>
      ))}
      <section aria-labelledby="h-restated">
        <h2 id="h-restated">{t("edition.restated")}</h2>
        {restated.length === 0 ? (
          <p className="notice ok">{t("edition.noRestatement")}</p>
        ) : (
          <div className="table-wrap">
            <table data-testid="restatement">
              <thead>
                <tr>
                  <th>{t("audit.entity")}</th>
                  <th className="num">{t("edition.frozen")}</th>
                  <th className="num">{t("edition.current")}</th>
                </tr>
              </thead>
              <tbody>
                {restated.map((r) => (
                  <tr key={r.key}>
                    <td lang="zh-CN">{r.label}</td>
                    <td className="num">{show(r.key, r.frozen)}</td>
                    <td className="num">
                      <strong>{show(r.key, r.current)}</strong>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="h-changes">
        <h2 id="h-changes">{t("edition.changes")}</h2>
        {changes.length === 0 ? (
          <p className="muted">{t("edition.noChanges")}</p>
        ) : (
          <ul>
            {changes.map((c) => (
              <li key={c.id}>
                {formatInstant(c.at, { seconds: true })} · <span data-user-text="">{c.userName ?? ""}</span> · <span data-user-text="">{c.unitName}</span> · {c.action} ·{" "}
                {c.href ? <Link to={c.href}>{`${c.entity} #${c.entityId}`}</Link> : c.entity}
              </li>
            ))}
          </ul>
        )}
      </section>
      <details>
        <summary>
          {t("edition.indicators")} {t("edition.changedOnly")}
        </summary>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("audit.entity")}</th>
                <th className="num">{t("edition.frozen")}</th>
                <th className="num">{t("edition.current")}</th>
              </tr>
            </thead>
            <tbody>
              {Object.keys(frozen.indicators).map((k) => (
                <tr key={k} className={changed.has(k) ? "restated" : undefined}>
                  <td lang="zh-CN">{frozen.labels[k] ?? k}</td>
                  <td className="num">{show(k, frozen.indicators[k])}</td>
                  <td className="num">{show(k, current?.indicators[k])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
