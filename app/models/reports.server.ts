/**
 * The annual report of a unit and period: every indicator of design §4 from the summary counters, the same period
 * a year earlier beside it, a breakdown by child unit and by month, sentences ready to paste, and consistency
 * checks. Read-only; scoped by the acting user.
 */
import { asc, eq } from "drizzle-orm";
import { units } from "../../db/schema";
import { getDb } from "~/utils/db.server";
import { can, type Actor } from "~/utils/permissions";
import {
  consultationFigures,
  get,
  INDICATORS,
  LEGAL_AID_INDICATORS,
  legalAidFigures,
  MEDIATION_INDICATORS,
  mediationFigures,
  ratio,
  yearOnYear,
  type Totals,
} from "./counting-rules";
import { monthlyTotals, RawCache, rollup, rollupTotalsOfUnits } from "./counters.server";
import { disputeTypeLabels } from "./mediations.server";
import { reportSections, type ReportFigures } from "./report-indicators";
import { reportSentences } from "./report-sentences";
import { sentenceTargets, withSentenceTargets } from "./targets.server";
import { getUnit } from "./units.server";
import { registryCounts, unitKindCounts, type RegistryCounts } from "./registries.server";
import { MEDIATION_TYPES } from "~/schemas/enums";
import { satisfactionOf } from "./counting-rules";
import { coverageCounts, getReportStyle, parentScope, rankAmongSiblings } from "./report-extras.server";
import { DEFAULT_REPORT_STYLE, type ReportStyle } from "./report-style";
import type { OrgFigures, QualityFigures } from "./report-indicators";

export function figuresOf(totals: Totals): ReportFigures {
  return { consultation: consultationFigures(totals), mediation: mediationFigures(totals), legalAid: legalAidFigures(totals) };
}

/** The same days one year earlier (29 February becomes 28 February). */
export function previousYearPeriod(from: string, to: string) {
  const back = (d: string) => {
    const y = Number(d.slice(0, 4)) - 1;
    const md = d.slice(5) === "02-29" ? "02-28" : d.slice(5);
    return `${y}-${md}`;
  };
  return { from: back(from), to: back(to) };
}

export const MAX_REPORT_DAYS = 366 * 6;

export type ReportQuery = { unitId: number; from: string; to: string };

/** Organisation and people on `day` with village coverage (null out of reach); `registry` when already read for that day. */
async function orgFigures(actor: Actor, unitId: number, day: string, registry?: RegistryCounts | null): Promise<OrgFigures | null> {
  const r = registry === undefined ? await registryCounts({ actor, unitId, day }) : registry;
  const unit = r ? await getUnit({ actor, id: unitId }) : null;
  if (!r || !unit) return null;
  const cov = await coverageCounts({ unitPath: unit.path, day, villages: r.villages.total });
  return {
    committees: { total: r.committees.total, village: r.committees.village, township: r.committees.township, industry: r.committees.industry, stationed: r.committees.stationed },
    personalRooms: r.personalRooms,
    mediators: r.mediators,
    centres: r.centres,
    legallyLiterate: r.legallyLiterate,
    villageAdvisers: r.villageAdvisers,
    govAdvisers: r.govAdvisers.advisers,
    govAdviserDepartments: r.govAdvisers.departments,
    legalAidProviders: r.legalAid.lawyers + r.legalAid.workers,
    villages: cov.villages,
    coverage: cov.rate,
  };
}

/**
 * Completion and satisfaction figures from the counters: what of the period is still open (mediation.open,
 * legalAid.open) and the legal aid follow-ups by satisfaction (legalAid.followups). The same figures as
 * openOfPeriod and legalAidFollowups recount from raw rows (app/models/report-extras.server.ts).
 */
export function qualityFigures(totals: Totals, f: ReportFigures): QualityFigures {
  const la = {
    satisfied: get(totals, LEGAL_AID_INDICATORS.followups, "satisfaction:satisfied"),
    fairly: get(totals, LEGAL_AID_INDICATORS.followups, "satisfaction:fairly"),
    dissatisfied: get(totals, LEGAL_AID_INDICATORS.followups, "satisfaction:dissatisfied"),
  };
  const sat = f.mediation.bySatisfaction;
  const med = { satisfied: sat.find((x) => x.code === "satisfied")?.value ?? 0, fairly: sat.find((x) => x.code === "fairly")?.value ?? 0, dissatisfied: sat.find((x) => x.code === "dissatisfied")?.value ?? 0 };
  const laRate = satisfactionOf(la);
  return {
    legalAidFollowups: laRate.visits,
    legalAidSatisfactionRate: laRate.rate,
    satisfactionRate: satisfactionOf(med, la).rate,
    mediationOpen: get(totals, MEDIATION_INDICATORS.open),
    legalAidOpen: get(totals, LEGAL_AID_INDICATORS.open),
  };
}

/** Figures only (for the API and children): current and a year earlier. */
export async function getFigures({ actor, unitId, from, to, cache }: { actor: Actor; cache?: RawCache } & ReportQuery) {
  if (!can(actor, "read:stats")) return null;
  const unit = await getUnit({ actor, id: unitId });
  if (!unit) return null;
  const db = getDb();
  const prev = previousYearPeriod(from, to);
  const currentTotals = await rollup(db, { unitId, from, to }, cache);
  const previousTotals = await rollup(db, { unitId, ...prev }, cache);
  return {
    unit,
    current: figuresOf(currentTotals),
    previous: figuresOf(previousTotals),
    previousPeriod: prev,
    totals: { current: currentTotals, previous: previousTotals },
  };
}

/** What the report's child breakdown shows of each child. */
const CHILD_INDICATORS = [INDICATORS.consultationPersonTimes, MEDIATION_INDICATORS.accepted, MEDIATION_INDICATORS.concluded, MEDIATION_INDICATORS.successful, LEGAL_AID_INDICATORS.granted];

export async function getReport({ actor, unitId, from, to, rankKey, style: askedStyle }: { actor: Actor; rankKey?: string | null; style?: ReportStyle | null } & ReportQuery) {
  // edge days (a period not on month boundaries) are read from raw rows once for the unit, its children and months
  const cache = new RawCache();
  const base = await getFigures({ actor, unitId, from, to, cache });
  if (!base) return null;
  const { current, previous, previousPeriod, totals } = base;
  const unit = base.unit;
  const db = getDb();
  // the registry on the period's last day: for the organisation figures and the sentences
  // (the units by type and level on both days in one read of the subtree's units)
  const kinds = await unitKindCounts(db, unit.path, [to, previousPeriod.to]);
  const registry = await registryCounts({ actor, unitId, day: to, unitKinds: kinds.get(to) });
  current.org = await orgFigures(actor, unitId, to, registry);
  previous.org = await orgFigures(actor, unitId, previousPeriod.to, await registryCounts({ actor, unitId, day: previousPeriod.to, unitKinds: kinds.get(previousPeriod.to) }));
  current.quality = qualityFigures(totals.current, current);
  previous.quality = qualityFigures(totals.previous, previous);
  const styleInfo = await getReportStyle({ actor, unitId });
  const style = askedStyle ?? styleInfo?.style ?? DEFAULT_REPORT_STYLE;
  // a rank among siblings when asked for (the satisfaction sentence says it when the rank is on satisfaction)
  const rankResult = rankKey ? await rankAmongSiblings({ actor, unitId, from, to, key: rankKey }) : null;
  const rank = rankResult?.ok ? { ...rankResult.value, scope: parentScope(rankResult.value) } : null;

  // sections and rows, with last year, the change and the drill-down link
  const labels = await disputeTypeLabels(db);
  const typeCodes = [
    ...new Set([
      ...MEDIATION_TYPES.values,
      ...current.mediation.byType.filter((t) => t.accepted).map((t) => t.code),
      ...previous.mediation.byType.filter((t) => t.accepted).map((t) => t.code),
    ]),
  ];
  const q = { unitId, from, to };
  const sections = reportSections(labels, typeCodes).map((s) => ({
    key: s.key,
    title: s.title,
    rows: s.rows.map((r) => {
      const value = r.get(current);
      const prev = r.get(previous);
      return {
        key: r.key,
        label: r.label,
        measure: r.measure,
        level: r.level,
        value,
        previous: prev,
        yoy: r.measure === "rate" || value === null || prev === null ? null : yearOnYear(value, prev),
        href: r.drill ? r.drill(q) : null,
      };
    }),
  }));

  // children of the unit: totals of all of them in one counter query
  const childUnits = await db
    .select({ id: units.id, name: units.name, level: units.level, type: units.type, activeTo: units.activeTo })
    .from(units)
    .where(eq(units.parentId, unitId))
    .orderBy(asc(units.sortOrder), asc(units.name))
    .all();
  // (only the five indicators the breakdown shows: a province's odd period reads ~90 keys a day per child otherwise)
  const childTotals = await rollupTotalsOfUnits(db, { unitIds: childUnits.map((c) => c.id), from, to, indicators: CHILD_INDICATORS }, cache);
  const children = childUnits
    .map((c) => {
      const t = childTotals.get(c.id)!;
      const concluded = get(t, MEDIATION_INDICATORS.concluded);
      const successful = get(t, MEDIATION_INDICATORS.successful);
      return {
        ...c,
        consultationPersonTimes: get(t, INDICATORS.consultationPersonTimes),
        mediationAccepted: get(t, MEDIATION_INDICATORS.accepted),
        mediationConcluded: concluded,
        mediationSuccessful: successful,
        mediationSuccessShare: ratio(successful, concluded),
        legalAidGranted: get(t, LEGAL_AID_INDICATORS.granted),
        links: {
          consultation: `/consultations?unit=${c.id}&from=${from}&to=${to}`,
          mediationAccepted: `/mediations?unit=${c.id}&from=${from}&to=${to}&dateField=registered`,
          mediationSuccessful: `/mediations?unit=${c.id}&from=${from}&to=${to}&dateField=concluded&status=success`,
          legalAidGranted: `/legal-aid?unit=${c.id}&scope=handled&from=${from}&to=${to}&dateField=decided&status=grantedAll`,
          report: `/reports?unit=${c.id}&from=${from}&to=${to}`,
        },
      };
    })
    // a unit that closed before the period and has nothing in it is left out
    .filter((c) => !c.activeTo || c.activeTo >= from || c.consultationPersonTimes || c.mediationAccepted || c.mediationConcluded || c.legalAidGranted);

  // month by month
  const monthly = [
    ...await monthlyTotals(db, {
      unitId,
      from,
      to,
      indicators: [INDICATORS.consultationPersonTimes, MEDIATION_INDICATORS.accepted, MEDIATION_INDICATORS.successful],
    }, cache),
  ]
    .slice(0, 72)
    .map(([month, t]) => ({
      month,
      consultationPersonTimes: get(t, INDICATORS.consultationPersonTimes),
      mediationAccepted: get(t, MEDIATION_INDICATORS.accepted),
      mediationSuccessful: get(t, MEDIATION_INDICATORS.successful),
    }));

  // annual targets, when set, for "完成年度任务的…%" (targets: app/models/targets.server.ts)
  const sentences = reportSentences(unit, from, to, withSentenceTargets(await sentenceTargets({ actor, unitId, from, to }), {
    consultation: { personTimes: current.consultation.personTimes, previousPersonTimes: previous.consultation.personTimes },
    mediation: {
      accepted: current.mediation.accepted,
      concluded: current.mediation.concluded,
      successful: current.mediation.successful,
      massDisputes: current.mediation.massDisputes,
      preventedCriminal: current.mediation.preventedCriminal,
      agreementAmountFen: current.mediation.agreementAmountFen,
      previousConcluded: previous.mediation.concluded,
      open: current.quality.mediationOpen,
    },
    registry: registry
      ? {
          committees: registry.committees.total,
          mediators: registry.mediators.total,
          fullTimeMediators: registry.mediators.fullTime,
          personalRooms: registry.personalRooms,
          centres: registry.centres,
          legallyLiterate: registry.legallyLiterate,
          villageAdvisers: registry.villageAdvisers,
          govAdvisers: registry.govAdvisers,
        }
      : null,
    coverage: current.org
      ? {
          villages: current.org.villages,
          literate: Math.round((current.org.coverage.literate ?? 0) * current.org.villages),
          adviser: Math.round((current.org.coverage.adviser ?? 0) * current.org.villages),
          servicePoint: Math.round((current.org.coverage.servicePoint ?? 0) * current.org.villages),
        }
      : null,
    satisfaction: {
      rate: current.mediation.satisfactionRate,
      visits: current.mediation.followups,
      rank: rank && rank.key === "mediation.satisfactionRate" ? { rank: rank.rank, of: rank.of, tied: rank.tied, parentScope: rank.scope } : null,
    },
    legalAid: {
      granted: current.legalAid.granted,
      beneficiaries: current.legalAid.beneficiaries,
      specialGroupCases: current.legalAid.specialGroupCases,
      recoveredFen: current.legalAid.recoveredFen,
      previousGranted: previous.legalAid.granted,
      open: current.quality.legalAidOpen,
    },
  }), { style });

  return {
    unit: { id: unit.id, code: unit.code, name: unit.name, level: unit.level, type: unit.type, parentId: unit.parentId },
    period: { from, to },
    previousPeriod,
    sections,
    children,
    monthly,
    sentences,
    registry,
    checks: consistencyChecks(current),
    style,
    styleFromUnitId: styleInfo?.fromUnitId ?? null,
    rank,
    rankError: rankResult && !rankResult.ok ? rankResult.error : null,
  };
}

/** Relations that must hold in any period; a failure points at a counting bug or bad data. */
export function consistencyChecks(f: ReportFigures) {
  const m = f.mediation;
  return [
    { key: "successfulWithinConcluded", ok: m.successful <= m.concluded, text: { zh: "调解成功件数不大于调结件数", en: "Settled ≤ concluded" } },
    { key: "outcomesAddUp", ok: m.successful + m.failed + m.withdrawn === m.concluded, text: { zh: "成功+不成功+撤回=调结件数", en: "Settled + failed + withdrawn = concluded" } },
    { key: "beneficiariesCoverCases", ok: f.legalAid.beneficiaries >= f.legalAid.granted, text: { zh: "受援人数不少于办理案件数", en: "Beneficiaries ≥ cases granted" } },
    { key: "specialWithinGranted", ok: f.legalAid.specialGroupCases <= f.legalAid.granted, text: { zh: "特殊群体案件数不大于办理案件数", en: "Special-group cases ≤ cases granted" } },
    { key: "recordsWithinPersonTimes", ok: f.consultation.records <= f.consultation.personTimes, text: { zh: "咨询条数不大于咨询人次", en: "Records ≤ person-times" } },
  ];
}

export type Report = NonNullable<Awaited<ReturnType<typeof getReport>>>;
