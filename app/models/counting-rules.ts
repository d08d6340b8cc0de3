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
import { CHANNELS, NEXT_STEPS, PERSON_CATEGORIES, TOPICS } from "~/schemas/enums/consultation";
import { FAILURE_ROUTES, MEDIATION_SOURCES, MEDIATION_TYPES, PERFORMANCE_STATUSES, SATISFACTION } from "~/schemas/enums/mediation";

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
 * consultation.records counts the records (total only).
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
  const out: Contribution[] = dims.map((dim) => ({ indicator: INDICATORS.consultationPersonTimes, dim, day: c.date, value: c.persons }));
  // records only in total: breakdowns are counted in person-times (keeps the counter table small)
  out.push({ indicator: INDICATORS.consultationRecords, dim: "", day: c.date, value: 1 });
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

// ---- 人民调解 -----------------------------------------------------------------------------------------------

export const MEDIATION_INDICATORS = {
  /** disputes registered in P (受理) */
  accepted: "mediation.accepted",
  /** disputes concluded in P: success, failure or withdrawal (调结) */
  concluded: "mediation.concluded",
  /** concluded successfully in P (调解成功) */
  successful: "mediation.successful",
  failed: "mediation.failed",
  withdrawn: "mediation.withdrawn",
  /** persons involved in disputes registered in P */
  personsInvolved: "mediation.personsInvolved",
  /** amount in dispute of disputes registered in P, fen */
  amountInDisputeFen: "mediation.amountInDisputeFen",
  /** agreement amount of disputes settled in P, fen (协议涉及金额) */
  agreementAmountFen: "mediation.agreementAmountFen",
  /** follow-up visits made in P */
  followups: "mediation.followups",
  /** 案卷评查: files of disputes concluded in P that have a review (counted on the conclusion day), and by latest grade */
  reviewed: "mediation.reviewed",
  reviewedExcellent: "mediation.reviewed.excellent",
  reviewedPass: "mediation.reviewed.pass",
  reviewedFail: "mediation.reviewed.fail",
  /** disputes registered in P that are still open now (registered or in mediation), on the registration day */
  open: "mediation.open",
} as const;

export type MediationFacts = {
  registeredOn: string;
  concludedOn: string | null;
  status: string;
  source: string;
  disputeType: string;
  personsInvolved: number;
  amountFen: number | null;
  isMass: boolean;
  preventedCriminal: boolean;
  preventedPetition: boolean;
  agreementForm: string | null;
  agreementAmountFen: number | null;
  failureRoute: string | null;
  performance: string | null;
  voidedAt: string | null;
  followups: Array<{ visitedOn: string; satisfaction: string }>;
  /** the latest 案卷评查 grade of the file (excellent | pass | fail), if reviewed */
  reviewGrade?: string | null;
};

const CONCLUDED = new Set(["success", "failed", "withdrawn"]);
/** not concluded yet: what "still open" (完成情况) counts */
const OPEN = new Set(["registered", "in_mediation"]);

const REVIEW_GRADE_INDICATOR: Record<string, string> = {
  excellent: "mediation.reviewed.excellent",
  pass: "mediation.reviewed.pass",
  fail: "mediation.reviewed.fail",
};

/**
 * A reviewed file of a concluded, live dispute counts once, on the conclusion day (so that reviewed ÷ concluded is
 * the share of P's concluded files reviewed), with its latest grade; a later review replaces the grade.
 */
export function reviewContributions(m: { status: string; concludedOn: string | null; voidedAt: string | null; reviewGrade?: string | null }): Contribution[] {
  if (m.voidedAt || !m.reviewGrade || !m.concludedOn || !CONCLUDED.has(m.status)) return [];
  const out: Contribution[] = [{ indicator: MEDIATION_INDICATORS.reviewed, dim: "", day: m.concludedOn, value: 1 }];
  const byGrade = REVIEW_GRADE_INDICATOR[m.reviewGrade];
  if (byGrade) out.push({ indicator: byGrade, dim: "", day: m.concludedOn, value: 1 });
  return out;
}

/**
 * A dispute counts once, at its current unit — after a transfer, the unit that has it; after the conclusion, the
 * unit that concluded it:
 * - accepted on its registration day (by type, source and flags), with its persons involved and amount in dispute;
 * - concluded on its conclusion day; successful ones also by type, source, agreement form and current performance,
 *   with the agreement amount; failed ones by the route the parties were told;
 * - each follow-up visit on its day, by satisfaction;
 * - a reviewed file (案卷评查) on its conclusion day, by latest grade;
 * - while it is not concluded (registered or in mediation), as open on its registration day.
 */
export function mediationContributions(m: MediationFacts): Contribution[] {
  if (m.voidedAt) return [];
  const I = MEDIATION_INDICATORS;
  const out: Contribution[] = [];
  const add = (indicator: string, day: string, value: number, dims: string[]) => {
    for (const dim of dims) out.push({ indicator, dim, day, value });
  };
  const flags = [m.isMass && "flag:mass", m.preventedCriminal && "flag:preventedCriminal", m.preventedPetition && "flag:preventedPetition"].filter(
    Boolean,
  ) as string[];
  add(I.accepted, m.registeredOn, 1, ["", `type:${m.disputeType}`, `source:${m.source}`, ...flags]);
  add(I.personsInvolved, m.registeredOn, m.personsInvolved, [""]);
  if (OPEN.has(m.status)) add(I.open, m.registeredOn, 1, [""]);
  if (m.amountFen) add(I.amountInDisputeFen, m.registeredOn, m.amountFen, [""]);
  if (CONCLUDED.has(m.status) && m.concludedOn) {
    const day = m.concludedOn;
    add(I.concluded, day, 1, [""]);
    if (m.status === "success") {
      add(I.successful, day, 1, [
        "",
        `type:${m.disputeType}`,
        `source:${m.source}`,
        `form:${m.agreementForm ?? "written"}`,
        ...(m.performance ? [`perf:${m.performance}`] : []),
      ]);
      if (m.agreementAmountFen) add(I.agreementAmountFen, day, m.agreementAmountFen, [""]);
    } else if (m.status === "failed") {
      add(I.failed, day, 1, ["", ...(m.failureRoute ? [`route:${m.failureRoute}`] : [])]);
    } else {
      add(I.withdrawn, day, 1, [""]);
    }
  }
  out.push(...followupContributions(m.followups));
  out.push(...reviewContributions(m));
  return out;
}

/** Each follow-up visit counts on its day, by satisfaction (part of its dispute's contributions). */
export function followupContributions(followups: Array<{ visitedOn: string; satisfaction: string }>): Contribution[] {
  return followups.flatMap((f) =>
    ["", `satisfaction:${f.satisfaction}`].map((dim) => ({ indicator: MEDIATION_INDICATORS.followups, dim, day: f.visitedOn, value: 1 })),
  );
}

/** Every code present in the totals for one indicator and dimension (built-in and county-added types alike). */
export function codesOf(totals: Totals, indicator: string, dimName: string): string[] {
  const prefix = `${indicator}|${dimName}:`;
  const out: string[] = [];
  for (const k of totals.keys()) if (k.startsWith(prefix)) out.push(k.slice(prefix.length));
  return out;
}

function withExtraCodes(builtIn: readonly string[], totals: Totals, indicator: string, dimName: string) {
  const extra = codesOf(totals, indicator, dimName).filter((c) => !builtIn.includes(c));
  return [...builtIn, ...extra.sort()];
}

/** The mediation figures of design §4 for one set of totals. */
export function mediationFigures(totals: Totals) {
  const I = MEDIATION_INDICATORS;
  const successful = get(totals, I.successful);
  const failed = get(totals, I.failed);
  const concluded = get(totals, I.concluded);
  const followups = get(totals, I.followups);
  const types = withExtraCodes(MEDIATION_TYPES.values, totals, I.accepted, "type");
  return {
    accepted: get(totals, I.accepted),
    concluded,
    successful,
    failed,
    withdrawn: get(totals, I.withdrawn),
    /** successful ÷ (successful + failed) concluded in P */
    successRate: ratio(successful, successful + failed),
    /** as published reports compute it: 成功件数 ÷ 调解件数 (all concluded) */
    successShareOfConcluded: ratio(successful, concluded),
    personsInvolved: get(totals, I.personsInvolved),
    amountInDisputeFen: get(totals, I.amountInDisputeFen),
    agreementAmountFen: get(totals, I.agreementAmountFen),
    massDisputes: get(totals, I.accepted, "flag:mass"),
    preventedCriminal: get(totals, I.accepted, "flag:preventedCriminal"),
    preventedPetition: get(totals, I.accepted, "flag:preventedPetition"),
    byType: types.map((code) => ({
      code,
      accepted: get(totals, I.accepted, `type:${code}`),
      successful: get(totals, I.successful, `type:${code}`),
    })),
    bySource: MEDIATION_SOURCES.values.map((code) => ({
      code,
      accepted: get(totals, I.accepted, `source:${code}`),
      successful: get(totals, I.successful, `source:${code}`),
    })),
    byFailureRoute: byDim(totals, I.failed, "route", FAILURE_ROUTES.values),
    byPerformance: byDim(totals, I.successful, "perf", PERFORMANCE_STATUSES.values),
    writtenAgreements: get(totals, I.successful, "form:written"),
    oralAgreements: get(totals, I.successful, "form:oral"),
    followups,
    bySatisfaction: byDim(totals, I.followups, "satisfaction", SATISFACTION.values),
    /** (满意 + 基本满意) ÷ follow-ups in P */
    satisfactionRate: ratio(get(totals, I.followups, "satisfaction:satisfied") + get(totals, I.followups, "satisfaction:fairly"), followups),
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

// ---- 法律援助 -----------------------------------------------------------------------------------------------
// (imports of this section kept here so that the section is appended as one block)
import { LEGAL_AID_CASE_TYPES, LEGAL_AID_OUTCOMES, LEGAL_AID_QUALITY_GRADES, LEGAL_AID_SERVICE_FORMS, LEGAL_AID_SPECIAL_GROUPS, LEGAL_AID_TERMINATION_REASONS } from "~/schemas/enums/legal-aid";

export const LEGAL_AID_INDICATORS = {
  /** applications received in P (by application day) */
  applications: "legalAid.applications",
  /** cases granted in P (by decision day): "办理法律援助案件 N 件" */
  granted: "legalAid.granted",
  /** applications refused in P (by decision day) */
  refused: "legalAid.refused",
  /** cases first assigned in P */
  assigned: "legalAid.assigned",
  /** cases closed in P (by closing day) */
  closed: "legalAid.closed",
  /** cases terminated in P */
  terminated: "legalAid.terminated",
  /** beneficiaries of cases granted in P (受援人数) */
  beneficiaries: "legalAid.beneficiaries",
  /** cases granted in P with at least one beneficiary in a special group */
  specialGroupCases: "legalAid.specialGroupCases",
  /** economic loss recovered or avoided, cases closed in P, fen (挽回或避免经济损失) */
  recoveredFen: "legalAid.recoveredFen",
  /** quality reviews made in P, by grade */
  qualityReviews: "legalAid.qualityReviews",
  /** cases granted in P (decision day) that are still open now: granted or assigned, neither closed nor terminated */
  open: "legalAid.open",
  /** beneficiary follow-ups made in P (follow-up day), by satisfaction */
  followups: "legalAid.followups",
} as const;

export type LegalAidFacts = {
  unitId: number;
  receivedUnitId: number;
  status: string;
  appliedOn: string;
  decidedOn: string | null;
  preliminary: boolean;
  caseType: string;
  proceeding: string;
  serviceForm: string;
  assignedOn: string | null;
  closedOn: string | null;
  outcome: string | null;
  recoveredFen: number | null;
  terminatedOn: string | null;
  terminationReason: string | null;
  qualityGrade: string | null;
  qualityReviewedOn: string | null;
  followedUpOn: string | null;
  satisfaction: string | null;
  voidedAt: string | null;
  beneficiaries: Array<{ categories: string }>;
};

const LA_GRANTED = new Set(["granted", "assigned", "closed", "terminated"]);
/** granted and not yet closed or terminated */
const LA_OPEN = new Set(["granted", "assigned"]);

/**
 * A case counts at its handling centre (and every ancestor):
 * - applications on the application day (by case type; `received:station` when a township station took it);
 * - a grant on the decision day: granted (by type, litigation or not, service form, 先行援助), its beneficiaries
 *   (Σ persons, also per person category: beneficiaries in that category), and specialGroupCases once per case with
 *   at least one beneficiary in LEGAL_AID_SPECIAL_GROUPS (per category: cases with a beneficiary in it);
 *   a granted case stays granted when it is later terminated;
 * - a refusal on the decision day (by type);
 * - the first assignment on its day; closing on the closing day (by type, outcome, litigation) with the recovered
 *   amount; termination on its day (by statutory reason); a quality review on its day (by grade);
 * - while granted and neither closed nor terminated, as open on the decision day;
 * - the beneficiary follow-up on its day, by satisfaction.
 */
export function legalAidContributions(c: LegalAidFacts): Contribution[] {
  if (c.voidedAt) return [];
  const I = LEGAL_AID_INDICATORS;
  const out: Contribution[] = [];
  const add = (indicator: string, day: string, value: number, dims: string[]) => {
    for (const dim of dims) out.push({ indicator, dim, day, value });
  };
  const type = `type:${c.caseType}`;
  add(I.applications, c.appliedOn, 1, ["", type, `received:${c.receivedUnitId === c.unitId ? "centre" : "station"}`]);
  if (LA_GRANTED.has(c.status) && c.decidedOn) {
    const day = c.decidedOn;
    add(I.granted, day, 1, ["", type, `proceeding:${c.proceeding}`, `form:${c.serviceForm}`, ...(c.preliminary ? ["preliminary"] : [])]);
    add(I.beneficiaries, day, c.beneficiaries.length, ["", type]);
    const perCategory = new Map<string, number>();
    for (const b of c.beneficiaries) for (const k of new Set(splitCategories(b.categories))) perCategory.set(k, (perCategory.get(k) ?? 0) + 1);
    for (const [k, n] of perCategory) add(I.beneficiaries, day, n, [`category:${k}`]);
    const special = [...perCategory.keys()].filter((k) => (LEGAL_AID_SPECIAL_GROUPS as string[]).includes(k));
    if (special.length) add(I.specialGroupCases, day, 1, ["", ...special.map((k) => `category:${k}`)]);
    if (LA_OPEN.has(c.status)) add(I.open, day, 1, [""]);
  } else if (c.status === "refused" && c.decidedOn) {
    add(I.refused, c.decidedOn, 1, ["", type]);
  }
  if (c.assignedOn && LA_GRANTED.has(c.status)) add(I.assigned, c.assignedOn, 1, ["", type]);
  if (c.status === "closed" && c.closedOn) {
    add(I.closed, c.closedOn, 1, ["", type, `proceeding:${c.proceeding}`, ...(c.outcome ? [`outcome:${c.outcome}`] : [])]);
    if (c.recoveredFen) add(I.recoveredFen, c.closedOn, c.recoveredFen, ["", type]);
  }
  if (c.status === "terminated" && c.terminatedOn) add(I.terminated, c.terminatedOn, 1, ["", type, `reason:${c.terminationReason ?? "other"}`]);
  if (c.qualityGrade && c.qualityReviewedOn) add(I.qualityReviews, c.qualityReviewedOn, 1, ["", `grade:${c.qualityGrade}`]);
  if (c.followedUpOn && c.satisfaction) add(I.followups, c.followedUpOn, 1, ["", `satisfaction:${c.satisfaction}`]);
  return out;
}

/** The legal aid figures of design §4 for one set of totals (live overdue counts are added by the model). */
export function legalAidFigures(totals: Totals) {
  const I = LEGAL_AID_INDICATORS;
  const granted = get(totals, I.granted);
  const recoveredFen = get(totals, I.recoveredFen);
  return {
    applications: get(totals, I.applications),
    receivedAtStations: get(totals, I.applications, "received:station"),
    granted,
    preliminary: get(totals, I.granted, "preliminary"),
    refused: get(totals, I.refused),
    assigned: get(totals, I.assigned),
    closed: get(totals, I.closed),
    terminated: get(totals, I.terminated),
    beneficiaries: get(totals, I.beneficiaries),
    specialGroupCases: get(totals, I.specialGroupCases),
    /** share of granted cases with a special-group beneficiary */
    specialGroupShare: ratio(get(totals, I.specialGroupCases), granted),
    recoveredFen,
    /** 元, full precision (fen ÷ 100) */
    recoveredYuan: recoveredFen / 100,
    litigation: get(totals, I.granted, "proceeding:litigation"),
    nonLitigation: get(totals, I.granted, "proceeding:non_litigation"),
    byType: LEGAL_AID_CASE_TYPES.values.map((code) => ({
      code,
      applications: get(totals, I.applications, `type:${code}`),
      granted: get(totals, I.granted, `type:${code}`),
      refused: get(totals, I.refused, `type:${code}`),
      closed: get(totals, I.closed, `type:${code}`),
      beneficiaries: get(totals, I.beneficiaries, `type:${code}`),
      recoveredFen: get(totals, I.recoveredFen, `type:${code}`),
    })),
    byServiceForm: byDim(totals, I.granted, "form", LEGAL_AID_SERVICE_FORMS.values),
    byCategory: PERSON_CATEGORIES.values.map((code) => ({
      code,
      beneficiaries: get(totals, I.beneficiaries, `category:${code}`),
      cases: get(totals, I.specialGroupCases, `category:${code}`),
    })),
    byOutcome: byDim(totals, I.closed, "outcome", LEGAL_AID_OUTCOMES.values),
    byTerminationReason: byDim(totals, I.terminated, "reason", LEGAL_AID_TERMINATION_REASONS.values),
    qualityReviews: get(totals, I.qualityReviews),
    byGrade: byDim(totals, I.qualityReviews, "grade", LEGAL_AID_QUALITY_GRADES.values),
  };
}
export type LegalAidFigures = Awaited<ReturnType<typeof legalAidFigures>>;

// ---- satisfaction (issue 13) -----------------------------------------------------------------------------------

export type SatisfactionCounts = { satisfied: number; fairly: number; dissatisfied: number };

/**
 * 满意度 from follow-up visits of the period: (满意 + 基本满意) ÷ all visits. Every visit counts on its own day —
 * a mediation follow-up visit (a dispute visited twice counts twice) or a legal aid beneficiary follow-up (one per
 * case, on its follow-up day); voided records count nothing. "人民调解工作满意度" is the mediation rate alone;
 * the combined rate adds the legal aid follow-ups. Null when there was no visit.
 */
export function satisfactionOf(...parts: SatisfactionCounts[]) {
  const sum = parts.reduce((a, p) => ({ satisfied: a.satisfied + p.satisfied, fairly: a.fairly + p.fairly, dissatisfied: a.dissatisfied + p.dissatisfied }), { satisfied: 0, fairly: 0, dissatisfied: 0 });
  const visits = sum.satisfied + sum.fairly + sum.dissatisfied;
  return { ...sum, visits, rate: ratio(sum.satisfied + sum.fairly, visits) };
}
