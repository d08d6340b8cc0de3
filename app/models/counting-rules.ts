/**
 * The counting rules of design §4, in one place. Nothing else decides what a record counts for.
 *
 * A record contributes a list of (indicator, dimension, day, value). The summary counters store their sums per
 * unit and month (at the record's unit and every ancestor); a raw recount sums the same contributions straight
 * from the rows. Both paths call the functions below, so they cannot disagree on a rule.
 *
 * Dimensions: '' is the total; `channel:hotline`, `topic:labour`, `category:elderly`, `nextStep:…` are breakdowns.
 * A voided record contributes nothing.
 */
import { CHANNELS, NEXT_STEPS, PERSON_CATEGORIES, TOPICS } from "~/schemas/enums";

export type Contribution = { indicator: string; dim: string; day: string; value: number };

/** A total of one indicator and dimension over a unit's subtree and a period. */
export type Totals = Map<string, number>;
export const totalsKey = (indicator: string, dim = "") => `${indicator}|${dim}`;

export const INDICATORS = {
  /** Σ persons of consultations dated in the period (人次). */
  consultationPersonTimes: "consultation.personTimes",
  /** Number of consultation records dated in the period. */
  consultationRecords: "consultation.records",
} as const;

export type ConsultationFacts = {
  date: string;
  channel: string;
  topic: string;
  persons: number;
  /** comma-separated person categories */
  categories: string;
  nextStep: string;
  voidedAt: string | null;
};

export function splitCategories(categories: string): string[] {
  return categories ? categories.split(",").filter(Boolean) : [];
}

/**
 * consultation.personTimes = Σ persons of consultations dated in P, also by channel, topic, person category
 * (the persons of every consultation tagged with that category) and next step.
 * consultation.records counts the records the same way.
 */
export function consultationContributions(c: ConsultationFacts): Contribution[] {
  if (c.voidedAt) return [];
  const dims = [
    "",
    `channel:${c.channel}`,
    `topic:${c.topic}`,
    `nextStep:${c.nextStep}`,
    ...splitCategories(c.categories).map((k) => `category:${k}`),
  ];
  const out: Contribution[] = [];
  for (const dim of dims) {
    out.push({ indicator: INDICATORS.consultationPersonTimes, dim, day: c.date, value: c.persons });
    out.push({ indicator: INDICATORS.consultationRecords, dim, day: c.date, value: 1 });
  }
  return out;
}

/** Adds contributions (those whose day is within [from, to] when given) into totals. */
export function addToTotals(totals: Totals, contributions: Contribution[], from?: string, to?: string) {
  for (const c of contributions) {
    if (from && c.day < from) continue;
    if (to && c.day > to) continue;
    const k = totalsKey(c.indicator, c.dim);
    totals.set(k, (totals.get(k) ?? 0) + c.value);
  }
}

export function get(totals: Totals, indicator: string, dim = ""): number {
  return totals.get(totalsKey(indicator, dim)) ?? 0;
}

/** Breakdown of an indicator by one dimension, e.g. byDim(t, personTimes, 'channel', CHANNELS.values). */
export function byDim(totals: Totals, indicator: string, dimName: string, codes: readonly string[]) {
  return codes.map((code) => ({ code, value: get(totals, indicator, `${dimName}:${code}`) }));
}

/** The consultation figures of design §4 for one set of totals. */
export function consultationFigures(totals: Totals) {
  const pt = INDICATORS.consultationPersonTimes;
  return {
    personTimes: get(totals, pt),
    records: get(totals, INDICATORS.consultationRecords),
    byChannel: byDim(totals, pt, "channel", CHANNELS.values),
    byTopic: byDim(totals, pt, "topic", TOPICS.values),
    byCategory: byDim(totals, pt, "category", PERSON_CATEGORIES.values),
    byNextStep: byDim(totals, pt, "nextStep", NEXT_STEPS.values),
  };
}

/** Rates keep full precision; rounding happens only at display. Null when the denominator is 0. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** Year-on-year change = (this − last) ÷ last. */
export function yearOnYear(current: number, last: number): number | null {
  return ratio(current - last, last);
}

/** A rate for display: 1.5102 → "151.02%". */
export function formatPercent(rate: number | null, digits = 2): string {
  if (rate === null || !Number.isFinite(rate)) return "—";
  return `${(rate * 100).toFixed(digits)}%`;
}
