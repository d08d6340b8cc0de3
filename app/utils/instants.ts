/**
 * Instants shown to people. The database keeps instants as ISO text in UTC (`2026-11-30T17:57:00.000Z`); whoever
 * reads one reads it in China Standard Time (Asia/Shanghai: UTC+8 all year, no daylight saving), whatever the zone
 * of the server or the browser, in Chinese and in English alike. Every page formats instants with these functions,
 * never with `slice`/`replace` on the stored text. (Calendar days of events, `YYYY-MM-DD`, are not instants: they are
 * shown as stored.)
 */

const CHINA_OFFSET_MS = 8 * 3600_000;

/** Milliseconds of an instant: ISO with a zone, or zone-less SQLite text (`2026-11-30 17:57:00`, which is UTC). */
function parseInstant(iso: string): number | null {
  const s = iso.trim();
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(s) ? s : `${s.replace(" ", "T")}Z`;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? null : ms;
}

/** The China Standard Time wall clock of an instant, as `YYYY-MM-DDTHH:MM:SS`. */
function chinaClock(iso: string): string | null {
  const ms = parseInstant(iso);
  return ms === null ? null : new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 19);
}

/**
 * `2026-11-30T17:57:00.000Z` → `2026-12-01 01:57` (China Standard Time); with `{ seconds: true }` → `2026-12-01 01:57:00`.
 * Empty for no instant; text that is not an instant comes back as it is.
 */
export function formatInstant(iso: string | null | undefined, opts: { seconds?: boolean } = {}): string {
  if (!iso) return "";
  const clock = chinaClock(iso);
  if (clock === null) return iso;
  return clock.slice(0, opts.seconds ? 19 : 16).replace("T", " ");
}

/** The China calendar day of an instant: `2026-11-30T17:57:00.000Z` → `2026-12-01`. */
export function dayOfInstant(iso: string | null | undefined): string {
  if (!iso) return "";
  const clock = chinaClock(iso);
  return clock === null ? iso : clock.slice(0, 10);
}
