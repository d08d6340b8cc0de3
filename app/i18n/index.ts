/**
 * UI messages in Simplified Chinese (default) and English. Each area keeps its messages in its own file;
 * every key has both languages (the type demands it). Enumeration labels live in app/schemas/enums.ts.
 *
 * The server (and scripts, tests) holds both languages (messages.server.ts). The browser build gets none of them:
 * the ".server" module is empty there, and the root loader sends the active language's dictionary with the first
 * document (see `dictionaryOf`), which the root component hands to `setBrowserDictionary` before anything renders.
 */
import { messages as allMessages } from "./messages.server";

export type Locale = "zh" | "en";
export const LOCALES: Locale[] = ["zh", "en"];
export const DEFAULT_LOCALE: Locale = "zh";

export type MessageKey = keyof typeof allMessages;
export type Dictionary = Record<string, string>;

/** Set in the browser from the root loader's first answer; the language cannot change without a document load. */
let browserDictionary: Dictionary | null = null;

export function setBrowserDictionary(dictionary: Dictionary | null | undefined) {
  if (dictionary && typeof document !== "undefined") browserDictionary = dictionary;
}

const dictionaries = new Map<Locale, Dictionary>();
/** One language's messages, for the root loader to send to the browser (made once per language: every document carries it). */
export function dictionaryOf(locale: Locale): Dictionary {
  let out = dictionaries.get(locale);
  if (!out) {
    out = {};
    for (const [k, v] of Object.entries(allMessages as Record<string, { zh: string; en: string }>)) out[k] = v[locale];
    dictionaries.set(locale, out);
  }
  return out;
}

/** Is this a message key (of this build)? */
export function isMessageKey(key: string): boolean {
  const dict: object | null = allMessages ?? browserDictionary;
  return !!dict && Object.prototype.hasOwnProperty.call(dict, key);
}

export function isLocale(v: unknown): v is Locale {
  return v === "zh" || v === "en";
}

/** Translate a key; `{name}` placeholders are filled from vars. An unknown key is shown as it is. */
export function translate(locale: Locale, key: string, vars?: Record<string, string | number>): string {
  let text: string;
  if (allMessages) {
    const entry = (allMessages as Record<string, { zh: string; en: string }>)[key];
    text = entry ? entry[locale] : key;
  } else text = browserDictionary?.[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{${k}}`, String(v));
  return text;
}

export type Translate = (key: MessageKey | (string & {}), vars?: Record<string, string | number>) => string;
