/**
 * Counts over large work queues and unfiltered lists are taken with a bound (issue 12): a query stops after
 * COUNT_CAP + 1 rows, and the figure shows as "10,000+" beyond it. Shared by the models and the pages.
 */
export const COUNT_CAP = 10_000;

export const isCapped = (n: number) => n > COUNT_CAP;

/** 1,234 or 10,000+ */
export function formatBoundedCount(n: number, locale = "zh-CN"): string {
  return isCapped(n) ? `${COUNT_CAP.toLocaleString(locale)}+` : n.toLocaleString(locale);
}
