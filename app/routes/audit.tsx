import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listAuditEntries } from "~/models/audit.server";
import { requirePermission } from "~/utils/auth.server";
import { useT } from "~/utils/i18n";
import { formatInstant } from "~/utils/instants";

export const meta: MetaFunction = () => [{ title: "操作日志 · 枫桥" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:audit");
  const before = Number(new URL(request.url).searchParams.get("before")) || undefined;
  return json({ entries: listAuditEntries({ actor, beforeId: before }) });
}

function diff(before: unknown, after: unknown): string {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]));
  return keys
    .filter((k) => !["version", "updatedById", "updatedAt"].includes(k))
    .map((k) => (k in b ? `${k}: ${JSON.stringify(b[k])} → ${JSON.stringify(a[k])}` : `${k}: ${JSON.stringify(a[k])}`))
    .join("；");
}

export default function Audit() {
  const { entries } = useLoaderData<typeof loader>();
  const t = useT();
  const last = entries[entries.length - 1];
  return (
    <div>
      <h1>{t("audit.title")}</h1>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t("audit.at")}</th>
              <th>{t("audit.user")}</th>
              <th>{t("audit.action")}</th>
              <th>{t("audit.entity")}</th>
              <th>{t("common.unit")}</th>
              <th>{t("audit.change")}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{formatInstant(e.at, { seconds: true })}</td>
                <td>{e.userName ?? "—"}</td>
                <td>{e.action}</td>
                <td>
                  {e.entity === "consultation" && e.entityId ? <Link to={`/consultations/${e.entityId}`}>{`${e.entity} #${e.entityId}`}</Link> : `${e.entity} ${e.entityId ?? ""}`}
                </td>
                <td>{e.unitName ?? ""}</td>
                <td className="small">{e.action === "create" ? "" : diff(e.before, e.after)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {last && entries.length >= 100 ? (
        <p>
          <Link to={`/audit?before=${last.id}`}>{t("common.next")} →</Link>
        </p>
      ) : null}
    </div>
  );
}
