import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { FormNotice, TextField } from "~/components/form-fields";
import { LoginSchema } from "~/schemas/user";
import { parseSubmission } from "~/schemas/forms";
import { createUserSession, getActor, safeRedirect, verifyLogin } from "~/utils/auth.server";
import { needsSecondFactor } from "~/models/two-factor.server";
import { useT } from "~/utils/i18n";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.login");

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getActor(request)) throw redirect("/");
  return json({ expired: new URL(request.url).searchParams.get("expired") === "1" });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseSubmission(LoginSchema, await request.formData());
  if (!parsed.ok) return json({ fieldErrors: parsed.fieldErrors, formError: null as string | null, minutes: 0, seconds: 0, username: String(parsed.values.username ?? "") }, { status: 400 });
  const { username, password, redirectTo } = parsed.data;
  const result = await verifyLogin(username, password, { ip: context.clientIp ?? null });
  if (!result.ok) {
    const formError = `login.${result.reason}`;
    const throttled = result.reason === "locked" || result.reason === "slow";
    return json(
      {
        fieldErrors: {} as Record<string, string>,
        formError,
        minutes: result.reason === "locked" ? result.minutes : 0,
        seconds: result.reason === "slow" ? result.seconds : 0,
        username,
      },
      { status: throttled ? 429 : 400 },
    );
  }
  const to = safeRedirect(redirectTo, "/");
  if (await needsSecondFactor(result.userId)) {
    // the password was right; the session logs in only once the code is entered
    const cookie = await createUserSession(request, result.userId, { mfaPending: true });
    return redirect(`/login/two-factor?redirectTo=${encodeURIComponent(to)}`, { headers: { "Set-Cookie": cookie } });
  }
  const cookie = await createUserSession(request, result.userId);
  return redirect(to, { headers: { "Set-Cookie": cookie } });
}

export default function Login() {
  const data = useActionData<typeof action>();
  const { expired } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="card" style={{ maxWidth: 420, margin: "2rem auto" }}>
      <h1>{t("login.title")}</h1>
      <p className="muted">{t("app.tagline")}</p>
      {expired && !data ? <FormNotice kind="warn">{t("login.expired")}</FormNotice> : null}
      {data?.formError ? <FormNotice kind="error">{t(data.formError, { minutes: data.minutes, seconds: data.seconds })}</FormNotice> : null}
      <Form method="post" className="form">
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <TextField
          name="username"
          label={t("login.username")}
          autoComplete="username"
          autoCapitalize="none"
          autoFocus
          required
          defaultValue={data?.username}
          error={data?.fieldErrors.username}
        />
        <TextField name="password" type="password" label={t("login.password")} autoComplete="current-password" required error={data?.fieldErrors.password} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("login.submit")}
          </button>
        </div>
      </Form>
    </div>
  );
}
