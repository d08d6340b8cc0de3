import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import styles from "~/styles/app.css";
import { getActor } from "~/utils/auth.server";
import { getLocale } from "~/utils/locale.server";
import { useNonce } from "~/utils/nonce";
import { can } from "~/utils/permissions";
import { U } from "~/components/user-text";
import { dictionaryScriptOf, translate, type Locale } from "~/i18n";
import { ROLES } from "~/schemas/enums/units";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.ico" },
];

export const meta: MetaFunction = ({ data }) => [{ title: translate((data as { locale?: Locale } | undefined)?.locale ?? "zh", "app.name") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const [actor, locale] = await Promise.all([getActor(request), getLocale(request)]);
  // the active language's messages go to the browser in the document only (Document's inline script): a data request
  // (client navigation, revalidation) does not carry them, and a language change reloads the document
  return json({ actor, locale });
}

function Document({ children, locale }: { children: React.ReactNode; locale: Locale }) {
  const nonce = useNonce();
  return (
    <html lang={locale === "zh" ? "zh-CN" : "en"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        {/* before the application's modules run; written by the server only (the browser keeps what it got) */}
        <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: dictionaryScriptOf(locale) }} />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Header({ actor, locale }: { actor: Awaited<ReturnType<typeof useLoaderData<typeof loader>>>["actor"]; locale: Locale }) {
  const t = (k: string) => translate(locale, k);
  const location = useLocation();
  const here = location.pathname + location.search;
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <div className="header-row">
        <Link to="/" className="brand">
          {t("app.short")} <span className="brand-sub">{t("app.name")}</span>
        </Link>
        <div className="header-tools">
          {actor ? (
            <span className="who" title={actor.unitName}>
              <U>{actor.displayName}</U> · <U>{actor.unitName}</U> · {ROLES.label(actor.role, locale)}
            </span>
          ) : null}
          <Form method="post" action="/set-locale" className="inline-form" reloadDocument>
            <input type="hidden" name="locale" value={locale === "zh" ? "en" : "zh"} />
            <input type="hidden" name="redirectTo" value={here} />
            <button type="submit" className="link-button" lang={locale === "zh" ? "en" : "zh"}>
              {t("nav.language")}
            </button>
          </Form>
          {actor ? (
            <Form method="post" action="/logout" className="inline-form">
              <button type="submit" className="link-button">
                {t("nav.logout")}
              </button>
            </Form>
          ) : null}
        </div>
      </div>
      {actor ? (
        <nav className="main-nav" aria-label="main">
          <NavLink to="/" end>
            {t("nav.home")}
          </NavLink>
          {can(actor, "read:consultation") ? <NavLink to="/consultations" end>{t("nav.consultations")}</NavLink> : null}
          {can(actor, "write:consultation") ? (
            <NavLink to="/consultations/new" accessKey="n">
              {t("nav.newConsultation")}
            </NavLink>
          ) : null}
          {can(actor, "read:mediation") ? <NavLink to="/mediations">{t("nav.mediations")}</NavLink> : null}
          {can(actor, "read:legal-aid") ? <NavLink to="/legal-aid">{t("nav.legalAid")}</NavLink> : null}
          {can(actor, "read:stats") ? <NavLink to="/reports">{t("nav.reports")}</NavLink> : null}
          {can(actor, "read:targets") ? <NavLink to="/monitoring">{t("nav.monitoring")}</NavLink> : null}
          {can(actor, "write:targets") ? <NavLink to="/targets">{t("nav.targets")}</NavLink> : null}
          {can(actor, "write:mediation") ? <NavLink to="/my-work">{t("nav.myWork")}</NavLink> : null}
          {can(actor, "write:mediation") ? <NavLink to="/reports/monthly">{t("mr.nav")}</NavLink> : null}
          {can(actor, "manage:unit") ? <NavLink to="/admin/units">{t("nav.units")}</NavLink> : null}
          {can(actor, "manage:user") ? <NavLink to="/admin/users">{t("nav.users")}</NavLink> : null}
          {can(actor, "read:audit") ? <NavLink to="/audit">{t("nav.audit")}</NavLink> : null}
          {can(actor, "read:registry") ? <NavLink to="/registries">{t("nav.registries")}</NavLink> : null}
          {can(actor, "import:records") ? <NavLink to="/import">{t("nav.import")}</NavLink> : null}
          {can(actor, "manage:tokens") ? <NavLink to="/settings/tokens">{t("nav.tokens")}</NavLink> : null}
          <NavLink to="/settings/security">{t("nav.security")}</NavLink>
        </nav>
      ) : null}
    </header>
  );
}

export default function App() {
  const { actor, locale } = useLoaderData<typeof loader>();
  return (
    <Document locale={locale}>
      <Header actor={actor} locale={locale} />
      <main id="main" className="main">
        <Outlet />
      </main>
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData("root") as { locale?: Locale } | undefined;
  const locale = data?.locale ?? "zh";
  const t = (k: string) => translate(locale, k);
  let message = t("err.server");
  let status = 500;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    message = status === 404 ? t("error.404") : status === 403 ? t("error.403") : status === 400 ? t("error.400") : status === 503 ? t("error.503") : status === 415 ? t("error.415") : t("err.server");
  }
  return (
    <Document locale={locale}>
      <main id="main" className="main">
        <h1>
          {t("error.title")}（{status}）
        </h1>
        <p role="alert">{message}</p>
        <p>
          <Link to="/">{t("nav.home")}</Link>
        </p>
      </main>
    </Document>
  );
}
