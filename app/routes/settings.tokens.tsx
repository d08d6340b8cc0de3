/** API 令牌: a user creates tokens for the integration API (shown once) and revokes them. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { createApiToken, listApiTokens, revokeApiToken } from "~/models/api-tokens.server";
import { requirePermission } from "~/utils/auth.server";
import { useErrorText, useT } from "~/utils/i18n";
import { formatInstant } from "~/utils/instants";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.tokens");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:tokens");
  return json({ tokens: await listApiTokens({ actor }), origin: new URL(request.url).origin });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:tokens");
  const fd = await request.formData();
  const intent = fd.get("intent");
  if (intent === "create") {
    const r = await createApiToken({ actor, name: String(fd.get("name") ?? ""), ip: context.clientIp ?? null });
    if (!r.ok) return json({ token: null, fieldErrors: r.fieldErrors }, { status: r.status });
    return json({ token: r.value.token, fieldErrors: {} as Record<string, string> });
  }
  if (intent === "revoke") {
    const id = Number(fd.get("id"));
    const r = Number.isInteger(id) && id > 0 ? await revokeApiToken({ actor, id, ip: context.clientIp ?? null }) : null;
    if (!r || !r.ok) return json({ token: null, fieldErrors: {} as Record<string, string> }, { status: r ? r.status : 400 });
    return json({ token: null, fieldErrors: {} as Record<string, string> });
  }
  return json({ token: null, fieldErrors: {} as Record<string, string> }, { status: 400 });
}

export default function TokensPage() {
  const t = useT();
  const errorText = useErrorText();
  const { tokens, origin } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <main className="page">
      <h1>{t("tok.title")}</h1>
      <p className="lead">{t("tok.intro")}</p>
      {data?.token ? (
        <div className="notice notice-success token-once" role="status">
          <p>{t("tok.created")}</p>
          <code data-testid="new-token">{data.token}</code>
          <p>{t("tok.example")}</p>
          <pre>{`curl -H "Authorization: Bearer ${data.token}" "${origin}/api/v1/consultations?pageSize=5"`}</pre>
        </div>
      ) : null}
      <Form method="post" className="form form-inline">
        <input type="hidden" name="intent" value="create" />
        <label className="field">
          <span>{t("tok.name")}</span>
          <input name="name" required maxLength={60} aria-invalid={data?.fieldErrors?.name ? true : undefined} />
          {data?.fieldErrors?.name ? <span className="field-error">{errorText(data.fieldErrors.name)}</span> : null}
        </label>
        <button type="submit" className="button button-primary">
          {t("tok.create")}
        </button>
      </Form>
      {tokens.length ? (
        <table className="table">
          <thead>
            <tr>
              <th>{t("tok.col.name")}</th>
              <th>{t("tok.col.prefix")}</th>
              <th>{t("tok.col.created")}</th>
              <th>{t("tok.col.lastUsed")}</th>
              <th>{t("tok.col.status")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>{formatInstant(k.createdAt)}</td>
                <td>{k.lastUsedAt ? formatInstant(k.lastUsedAt) : "—"}</td>
                <td>{k.revokedAt ? t("tok.revoked") : t("tok.active")}</td>
                <td>
                  {k.revokedAt ? null : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="id" value={k.id} />
                      <button type="submit" className="button button-small">
                        {t("tok.revoke")}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t("tok.none")}</p>
      )}
    </main>
  );
}
