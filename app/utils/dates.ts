/** Calendar helpers. Days are ISO `YYYY-MM-DD` on the China Standard Time calendar (UTC+8, no DST). */

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidDay(s: string): boolean {
  const m = DAY_RE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

/** Today in China (Asia/Shanghai), whatever the server's zone. */
export function todayInChina(now?: Date): string {
  const t = now ? now.getTime() : Date.now();
  // the day in China changes only on a whole minute (UTC+8): the last minute's answer is reused (forms' date
  // checks ask for it once per field, a history import a few million times)
  const minute = Math.floor(t / 60_000);
  if (minute !== lastToday.minute) lastToday = { minute, day: new Date(t + 8 * 3600_000).toISOString().slice(0, 10) };
  return lastToday.day;
}
let lastToday = { minute: NaN, day: "" };

/** yyyymm integer of a day, e.g. 2024-03-05 → 202403 */
export function monthOf(day: string): number {
  return Number(day.slice(0, 4)) * 100 + Number(day.slice(5, 7));
}

export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

export function firstDayOfMonth(month: number): string {
  const y = Math.floor(month / 100);
  const m = month % 100;
  return `${y}-${String(m).padStart(2, "0")}-01`;
}

export function lastDayOfMonth(month: number): string {
  const y = Math.floor(month / 100);
  const m = month % 100;
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

export function nextMonth(month: number): number {
  const y = Math.floor(month / 100);
  const m = month % 100;
  return m === 12 ? (y + 1) * 100 + 1 : month + 1;
}

export function prevMonth(month: number): number {
  const y = Math.floor(month / 100);
  const m = month % 100;
  return m === 1 ? (y - 1) * 100 + 12 : month - 1;
}

/** Days between two ISO days (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400_000);
}

export function yearBounds(year: number) {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

export function monthBounds(day: string) {
  const m = monthOf(day);
  return { from: firstDayOfMonth(m), to: lastDayOfMonth(m) };
}

/**
 * Splits [from, to] into whole months (read from counters) and edge day ranges (recounted from raw rows).
 */
export function splitPeriod(from: string, to: string) {
  const edges: Array<{ from: string; to: string }> = [];
  if (from > to) return { months: null as null | { from: number; to: number }, edges };
  let firstFull = monthOf(from);
  if (from !== firstDayOfMonth(firstFull)) {
    const end = lastDayOfMonth(firstFull) < to ? lastDayOfMonth(firstFull) : to;
    edges.push({ from, to: end });
    firstFull = nextMonth(firstFull);
  }
  let lastFull = monthOf(to);
  if (to !== lastDayOfMonth(lastFull)) {
    const start = firstDayOfMonth(lastFull) > from ? firstDayOfMonth(lastFull) : from;
    // the same partial month may already be recorded as the first edge
    if (!(edges.length && edges[0].from === start && edges[0].to === to)) edges.push({ from: start, to });
    lastFull = prevMonth(lastFull);
  }
  const months = firstFull <= lastFull ? { from: firstFull, to: lastFull } : null;
  return { months, edges };
}

/** 2024年3月5日 */
export function formatDayZh(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A calendar day in the language's words: 2024年3月5日 or 5 Mar 2024. */
export function formatDay(day: string, locale: "zh" | "en"): string {
  if (locale === "zh") return formatDayZh(day);
  const [y, m, d] = day.split("-").map(Number);
  return `${d} ${MONTHS_EN[m - 1]} ${y}`;
}

/** A day without its year: 3月5日 or 5 Mar. */
export function formatMonthDay(day: string, locale: "zh" | "en"): string {
  const [, m, d] = day.split("-").map(Number);
  return locale === "zh" ? `${m}月${d}日` : `${d} ${MONTHS_EN[m - 1]}`;
}

/**
 * A period in the language's words: 2025年 / 2025年3月 / 2025年1月1日至3月5日, or 2025 / Mar 2025 /
 * 1 Jan – 5 Mar 2025 (Chinese: see periodPhrase in report-sentences, the report's own wording).
 */
export function formatPeriodEn(from: string, to: string): string {
  const [fy, fm, fd] = from.split("-").map(Number);
  const [ty, tm, td] = to.split("-").map(Number);
  const last = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  if (fy === ty && fm === 1 && fd === 1 && tm === 12 && td === 31) return String(fy);
  if (fy === ty && fd === 1 && td === last) {
    if (fm === tm) return `${MONTHS_EN[fm - 1]} ${fy}`;
    if ((fm - 1) % 3 === 0 && tm === fm + 2) return `Q${(fm + 2) / 3} ${fy}`;
    return `${MONTHS_EN[fm - 1]}–${MONTHS_EN[tm - 1]} ${fy}`;
  }
  if (fy === ty) return `${fd} ${MONTHS_EN[fm - 1]} – ${td} ${MONTHS_EN[tm - 1]} ${fy}`;
  return `${formatDay(from, "en")} – ${formatDay(to, "en")}`;
}
