/**
 * UI messages in Simplified Chinese (default) and English. Each area keeps its messages in its own file;
 * every key has both languages (the type demands it). Enumeration labels live in app/schemas/enums.ts.
 */
import { common } from "./common";
import { consultation } from "./consultation";
import { admin } from "./admin";
import { mediation } from "./mediation";
import { legalAid } from "./legal-aid";
import { report } from "./report";
import { targets } from "./targets";
import { registries } from "./registries";
import { edition } from "./edition";
import { security } from "./security";
import { unitsSetup } from "./units-setup";
import { lifecycle } from "./lifecycle";
import { document } from "./document";
import { unitPicker } from "./unit-picker";
import { monthlyReports } from "./monthly-reports";

export type Locale = "zh" | "en";
export const LOCALES: Locale[] = ["zh", "en"];
export const DEFAULT_LOCALE: Locale = "zh";

export const messages = { ...common, ...consultation, ...admin, ...mediation, ...legalAid, ...report, ...edition, ...targets, ...registries, ...security, ...unitsSetup, ...lifecycle, ...document, ...unitPicker, ...monthlyReports } as const;
export type MessageKey = keyof typeof messages;

export function isLocale(v: unknown): v is Locale {
  return v === "zh" || v === "en";
}

/** Translate a key; `{name}` placeholders are filled from vars. An unknown key is shown as it is. */
export function translate(locale: Locale, key: string, vars?: Record<string, string | number>): string {
  const entry = (messages as Record<string, { zh: string; en: string }>)[key];
  let text = entry ? entry[locale] : key;
  if (vars) for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{${k}}`, String(v));
  return text;
}

export type Translate = (key: MessageKey | (string & {}), vars?: Record<string, string | number>) => string;
