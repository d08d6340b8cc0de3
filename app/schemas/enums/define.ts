/**
 * The shape of every enumeration (app/schemas/enums.ts lists them all). Each area's enumerations live in their own
 * file, and each definition is marked pure, so that a page's browser code carries only the areas it uses: one
 * module of every enumeration put 5.4 KB gzipped into every page (issue 15, the consultation entry's weight).
 */
import type { Locale } from "~/i18n";

export type Label = { zh: string; en: string };

export function defineEnum<const T extends Record<string, Label>>(labels: T) {
  const values = Object.keys(labels) as Array<keyof T & string>;
  return {
    labels,
    values: values as [keyof T & string, ...Array<keyof T & string>],
    label(code: string | null | undefined, locale: Locale = "zh"): string {
      if (!code) return "";
      const l = (labels as Record<string, Label>)[code];
      return l ? l[locale] : code;
    },
    options(locale: Locale = "zh") {
      return values.map((value) => ({ value, label: labels[value][locale] }));
    },
    has(code: string): code is keyof T & string {
      return Object.prototype.hasOwnProperty.call(labels, code);
    },
  };
}
