/** The second step of a log-in for accounts with two-factor log-in: the authenticator code, or a recovery code. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { FormNotice, TextField } from "~/components/form-fields";
import { verifySecondFactor } from "~/models/two-factor.server";
import { createUserSession, pendingSecondFactorUser, safeRedirect } from "~/utils/auth.server";
import { useT } from "~/utils/i18n";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.twoFactor");

export async function loader({ request }: LoaderFunctionArgs) {
  if (!(await pendingSecondFactorUser(request))) throw redirect("/login");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const userId = await pendingSecondFactorUser(request);
  if (!userId) throw redirect("/login");
  const fd = await request.formData();
  const code = String(fd.get("code") ?? "").slice(0, 40);
  if (!code.trim()) return json({ formError: null, fieldError: "err.required", minutes: 0, seconds: 0 }, { status: 400 });
  const result = await verifySecondFactor({ userId, code, ip: context.clientIp ?? null });
  if (!result.ok) {
    const minutes = result.reason === "locked" ? result.minutes : 0;
    const seconds = result.reason === "slow" ? result.seconds : 0;
    const formError = result.reason === "failed" ? null : `login.${result.reason}`;
    return json({ formError, fieldError: result.reason === "failed" ? "mfa.wrongCode" : null, minutes, seconds }, { status: formError ? 429 : 400 });
  }
  // a fresh session id for the logged-in session; the pending one ends
  const cookie = await createUserSession(request, userId);
  return redirect(safeRedirect(fd.get("redirectTo"), "/"), { headers: { "Set-Cookie": cookie } });
}

export default function TwoFactorLogin() {
  const t = useT();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="card" style={{ maxWidth: 420, margin: "2rem auto" }}>
      <h1>{t("mfa.loginTitle")}</h1>
      <p className="muted">{t("mfa.loginHint")}</p>
      {data?.formError ? <FormNotice kind="error">{t(data.formError, { minutes: data.minutes, seconds: data.seconds })}</FormNotice> : null}
      <Form method="post" className="form">
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <TextField
          name="code"
          label={t("mfa.code")}
          autoComplete="one-time-code"
          inputMode="text"
          autoFocus
          required
          maxLength={40}
          error={data?.fieldError ?? undefined}
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("mfa.verify")}
          </button>
          <Link to="/login">{t("mfa.backToLogin")}</Link>
        </div>
      </Form>
    </div>
  );
}
