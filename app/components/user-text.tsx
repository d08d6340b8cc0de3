/**
 * What users typed or named (unit names, people, case numbers, free text, a county's own dispute types) is shown
 * as it is in either language; it is marked `data-user-text`, so the English journey can tell it from the UI's
 * own words (which must all be English when English is chosen).
 */
import { Fragment, type ReactNode } from "react";
import { useLocale } from "~/utils/i18n";
import { translate } from "~/i18n";

export function U({ children }: { children: ReactNode }) {
  return <span data-user-text="">{children}</span>;
}

/** A message whose values may be elements (`<U>` for user data): `tx("home.hello", { name: <U>{n}</U> })`. */
export function useTx() {
  const locale = useLocale();
  return (key: string, vars: Record<string, ReactNode>): ReactNode => {
    const parts = translate(locale, key).split(/\{(\w+)\}/);
    return parts.map((p, i) => <Fragment key={i}>{i % 2 ? (vars[p] ?? `{${p}}`) : p}</Fragment>);
  };
}

/** A list in the language's way: 甲、乙 or A, B. */
export function joinList(items: string[], locale: "zh" | "en"): string {
  return items.join(locale === "zh" ? "、" : ", ");
}
