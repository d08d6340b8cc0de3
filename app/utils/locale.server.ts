import { createCookie } from "@remix-run/node";
import { DEFAULT_LOCALE, isLocale, type Locale } from "~/i18n";

export const localeCookie = createCookie("fq_lang", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 60 * 60 * 24 * 365 });

export async function getLocale(request: Request): Promise<Locale> {
  const v = await localeCookie.parse(request.headers.get("Cookie"));
  return isLocale(v) ? v : DEFAULT_LOCALE;
}
