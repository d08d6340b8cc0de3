/**
 * Page titles in the active language: `meta: ({ matches }) => pageTitle(matches, "audit.title")` gives
 * "操作日志 · 枫桥" or "Audit log · Fengqiao". The language is the root loader's; on the server every message is
 * there, in the browser the active language's dictionary.
 */
import { DEFAULT_LOCALE, isLocale, translate, type Locale } from "~/i18n";

type Match = { id: string; data?: unknown };

export function localeOfMatches(matches: readonly Match[]): Locale {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined;
  return isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE;
}

/** The title of a page: a message key (with its values), or `text` when given (user data such as a case number). */
export function pageTitle(matches: readonly Match[], key: string, vars?: Record<string, string | number>, text?: string | null) {
  const locale = localeOfMatches(matches);
  const head = text ?? translate(locale, key, vars);
  return [{ title: `${head} · ${translate(locale, "app.short")}` }];
}
