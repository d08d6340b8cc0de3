/** 账号安全: change one's own password; administrators and bureau accounts can turn on two-factor log-in. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FormNotice, TextField } from "~/components/form-fields";
import { changeOwnPassword } from "~/models/users.server";
import { confirmTwoFactorEnrolment, disableTwoFactor, getTwoFactorStatus, startTwoFactorEnrolment } from "~/models/two-factor.server";
import { parseSubmission } from "~/schemas/forms";
import { PasswordChangeSchema } from "~/schemas/user";
import { getSessionState, requireActor, sessionIdOf } from "~/utils/auth.server";
import { useT } from "~/utils/i18n";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.security");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const { mustChangePassword } = await getSessionState(request);
  return json({ mfa: await getTwoFactorStatus({ actor }), mustChangePassword: !!mustChangePassword });
}

type ActionData = {
  intent: string | null;
  fieldErrors: Record<string, string>;
  formError: string | null;
  done: string | null;
  recoveryCodes: string[] | null;
};
const answer = (d: Partial<ActionData>, status = 200) =>
  json({ intent: null, fieldErrors: {}, formError: null, done: null, recoveryCodes: null, ...d } as ActionData, { status });

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const fd = await request.formData();
  const intent = String(fd.get("intent") ?? "");
  const ip = context.clientIp ?? null;
  switch (intent) {
    case "password": {
      const parsed = parseSubmission(PasswordChangeSchema, fd);
      if (!parsed.ok) return answer({ intent, fieldErrors: parsed.fieldErrors }, 400);
      const r = await changeOwnPassword({ actor, ...parsed.data, sessionId: await sessionIdOf(request), ip });
      if (!r.ok) return answer({ intent, fieldErrors: r.fieldErrors, formError: r.formError ?? null }, r.status);
      return answer({ intent, done: "sec.password.done" });
    }
    case "mfa-start": {
      const r = await startTwoFactorEnrolment({ actor });
      if (!r.ok) return answer({ intent, formError: r.formError ?? null }, r.status);
      return answer({ intent });
    }
    case "mfa-confirm": {
      const r = await confirmTwoFactorEnrolment({ actor, code: String(fd.get("code") ?? "").slice(0, 20), ip });
      if (!r.ok) return answer({ intent, fieldErrors: r.fieldErrors, formError: r.formError ?? null }, r.status);
      return answer({ intent, done: "mfa.enabled", recoveryCodes: r.value.recoveryCodes });
    }
    case "mfa-disable": {
      const r = await disableTwoFactor({ actor, password: String(fd.get("password") ?? "").slice(0, 256), ip });
      if (!r.ok) return answer({ intent, fieldErrors: r.fieldErrors, formError: r.formError ?? null }, r.status);
      return answer({ intent, done: "mfa.disabled" });
    }
    default:
      return answer({ formError: "error.400" }, 400);
  }
}

export default function SecurityPage() {
  const t = useT();
  const { mfa, mustChangePassword } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errs = (intent: string) => (data?.intent === intent ? data.fieldErrors : {});
  return (
    <>
      <h1>{t("sec.title")}</h1>
      {data?.done ? <FormNotice kind="ok">{t(data.done)}</FormNotice> : null}
      {data?.formError ? <FormNotice kind="error">{t(data.formError, { minutes: 15, seconds: 60 })}</FormNotice> : null}
      {mustChangePassword && !data?.done ? <FormNotice kind="warn">{t("sec.password.mustChange")}</FormNotice> : null}

      <section className="card" aria-labelledby="password-title">
        <h2 id="password-title">{t("sec.password.title")}</h2>
        <p className="muted">{t("sec.password.hint")}</p>
        <Form method="post" className="form">
          <input type="hidden" name="intent" value="password" />
          <TextField name="currentPassword" type="password" label={t("sec.password.current")} autoComplete="current-password" required error={errs("password").currentPassword} />
          <TextField name="newPassword" type="password" label={t("sec.password.new")} autoComplete="new-password" required minLength={10} maxLength={128} error={errs("password").newPassword} />
          <TextField name="confirmPassword" type="password" label={t("sec.password.confirm")} autoComplete="new-password" required error={errs("password").confirmPassword} />
          <div className="actions">
            <button type="submit" className="primary">
              {t("sec.password.submit")}
            </button>
          </div>
        </Form>
      </section>

      <section className="card" aria-labelledby="mfa-title">
        <h2 id="mfa-title">{t("mfa.title")}</h2>
        {!mfa.allowed ? (
          <p className="muted">{t("mfa.notAllowed")}</p>
        ) : (
          <>
            <p className="muted">{t("mfa.intro")}</p>
            {data?.recoveryCodes ? (
              <div className="notice warn" role="status">
                <h3>{t("mfa.recoveryTitle")}</h3>
                <p>{t("mfa.recoveryHint")}</p>
                <ul data-testid="recovery-codes">
                  {data.recoveryCodes.map((c) => (
                    <li key={c}>
                      <code>{c}</code>
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            {mfa.enabled ? (
              <>
                <p>{t("mfa.on", { n: mfa.recoveryRemaining })}</p>
                <Form method="post" className="form">
                  <input type="hidden" name="intent" value="mfa-disable" />
                  <TextField name="password" type="password" label={t("mfa.disablePassword")} autoComplete="current-password" required error={errs("mfa-disable").password} />
                  <div className="actions">
                    <button type="submit">{t("mfa.disable")}</button>
                  </div>
                </Form>
              </>
            ) : mfa.enrolment ? (
              <>
                <p>{t("mfa.scan")}</p>
                {/* the SVG is generated on the server from the otpauth URI by the qrcode library */}
                <div className="qr" aria-hidden="true" dangerouslySetInnerHTML={{ __html: mfa.enrolment.qrSvg }} style={{ width: 200 }} />
                <p>
                  {t("mfa.secret")}：<code data-testid="totp-secret">{mfa.enrolment.secret}</code>
                </p>
                <p className="muted">
                  <code style={{ wordBreak: "break-all" }}>{mfa.enrolment.uri}</code>
                </p>
                <Form method="post" className="form">
                  <input type="hidden" name="intent" value="mfa-confirm" />
                  <TextField name="code" label={t("mfa.confirmCode")} inputMode="numeric" autoComplete="one-time-code" required maxLength={8} error={errs("mfa-confirm").code} />
                  <div className="actions">
                    <button type="submit" className="primary">
                      {t("mfa.confirm")}
                    </button>
                  </div>
                </Form>
              </>
            ) : (
              <>
                <p>{t("mfa.off")}</p>
                <Form method="post">
                  <input type="hidden" name="intent" value="mfa-start" />
                  <button type="submit" className="primary">
                    {t("mfa.start")}
                  </button>
                </Form>
              </>
            )}
          </>
        )}
      </section>
    </>
  );
}
