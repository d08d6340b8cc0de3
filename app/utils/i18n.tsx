/** React side of the messages: the locale comes from the root loader. */
import { useRouteLoaderData } from "@remix-run/react";
import { useCallback } from "react";
import { DEFAULT_LOCALE, translate, type Locale, type Translate } from "~/i18n";

export function useLocale(): Locale {
  const data = useRouteLoaderData("root") as { locale?: Locale } | undefined;
  return data?.locale ?? DEFAULT_LOCALE;
}

export function useT(): Translate {
  const locale = useLocale();
  return useCallback((key, vars) => translate(locale, key, vars), [locale]);
}

/** Field error messages are keys, optionally `key:number` (e.g. `err.tooLong:50`). */
export function translateError(locale: Locale, message: string | undefined | null): string {
  if (!message) return "";
  const i = message.indexOf(":");
  if (i > 0 && /^\d+$/.test(message.slice(i + 1))) {
    const n = message.slice(i + 1);
    return translate(locale, message.slice(0, i), { max: n, min: n });
  }
  return translate(locale, message);
}

export function useErrorText() {
  const locale = useLocale();
  return useCallback((m: string | undefined | null) => translateError(locale, m), [locale]);
}
