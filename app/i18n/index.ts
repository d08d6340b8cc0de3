/**
 * UI messages in Simplified Chinese (default) and English. Each area keeps its messages in its own file;
 * every key has both languages (the type demands it). Enumeration labels live in app/schemas/enums/<area>.ts.
 *
 * The server (and scripts, tests) holds both languages (messages.server.ts). The browser build gets none of them:
 * the ".server" module is empty there, and each document carries the active language's dictionary in an inline
 * script ahead of the application's modules (`dictionaryScriptOf`, rendered by the root's Document).
 */
import { messages as allMessages } from "./messages.server";

export type Locale = "zh" | "en";
export const LOCALES: Locale[] = ["zh", "en"];
export const DEFAULT_LOCALE: Locale = "zh";

export type MessageKey = keyof typeof allMessages;
export type Dictionary = Record<string, string>;

declare global {
  interface Window {
    __FENGQIAO_DICT__?: Dictionary;
  }
}

/**
 * In the browser: the active language's messages, which the document carries in an inline script ahead of the
 * application's modules (`dictionaryScriptOf`); the language cannot change without a document load.
 */
const browserDictionary: Dictionary | null = typeof window !== "undefined" ? (window.__FENGQIAO_DICT__ ?? null) : null;

const dictionaries = new Map<Locale, Dictionary>();
/** One language's messages (made once per language: every document carries them, see `dictionaryScriptOf`). */
export function dictionaryOf(locale: Locale): Dictionary {
  let out = dictionaries.get(locale);
  if (!out) {
    out = {};
    for (const [k, v] of Object.entries(allMessages as Record<string, { zh: string; en: string }>)) out[k] = v[locale];
    dictionaries.set(locale, out);
  }
  return out;
}

const dictionaryScripts = new Map<Locale, string>();
/**
 * The inline script that gives the browser one language's messages (server side; empty in the browser). Written once
 * per language and process and put into every document as it is: sending the dictionary as root loader data made
 * each document request serialise it, parse it back and serialise it again (~7% of a busy server's CPU).
 */
export function dictionaryScriptOf(locale: Locale): string {
  if (!allMessages) return "";
  let script = dictionaryScripts.get(locale);
  if (!script) {
    const json = JSON.stringify(dictionaryOf(locale)).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
    script = `window.__FENGQIAO_DICT__=${json};`;
    dictionaryScripts.set(locale, script);
  }
  return script;
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
