/**
 * Data-quality signals (design §6) for a unit's subtree and a year. Each signal is computed as the list of records
 * behind it, so the count shown and the list it links to cannot disagree:
 * - late:       a record entered more than LATE_DAYS after the event (createdAt's China day − the record's date);
 * - burst:      many records created in the last BURST_WINDOW_DAYS days of a month (December: year end) compared
 *               with the unit's normal daily rate over the rest of the year;
 * - identical:  consultations of the same unit, date, channel, topic and persons created within QUICK_MINUTES;
 * - duplicateParty: the same ID number in open disputes at different units;
 * - perfectRate: a mediation success rate of exactly 100% over at least PERFECT_MIN decided disputes;
 * - missingReport / lateReport: monthly reports (零报告, app/models/monthly-reports.server.ts) not made by the
 *   deadline, or made after it — one "record" per unit and month, linked to that unit's monthly report page.
 * Voided records are left out. Read-only; scoped by the acting user.
 */
import { sql } from "drizzle-orm";
import { getDb, type Executor } from "~/utils/db.server";
import { can, type Actor } from "~/utils/permissions";
import { addDays, daysBetween, lastDayOfMonth, todayInChina, yearBounds } from "~/utils/dates";
import { maskIdNumber } from "~/utils/mask";
import { OPEN_MEDIATION_STATUSES } from "~/schemas/enums";
import { subtreeRange } from "./unit-paths";
import { readCounters } from "./counters.server";
import { get } from "./counting-rules";
import { getUnit } from "./units.server";
import { dayOfInstant } from "~/utils/instants";
import { formatReportMonth, listReportingProblems, reportDeadline } from "./monthly-reports.server";

export const DQ = { LATE_DAYS: 30, BURST_WINDOW_DAYS: 3, BURST_MIN: 10, BURST_FACTOR: 3, QUICK_MINUTES: 10, PERFECT_MIN: 50 } as const;
export const SIGNALS = ["late", "burst", "identical", "duplicateParty", "perfectRate", "missingReport", "lateReport"] as const;
export type SignalKey = (typeof SIGNALS)[number];

export type SignalRecord = {
  kind: "consultation" | "mediation" | "report";
  id: number;
  unitId: number;
  unitName: string;
  /** the event's day (consultation date, registration day) */
  day: string;
  createdAt: string;
  /** a short, de-identified description */
  note: string;
  /** the group it belongs to (a burst's month, a pair of identical entries, an ID number) */
  group: string;
  href: string;
};

export type SignalSummary = { key: SignalKey; unitId: number; unitName: string; count: number; detail: string; href: string };

const href = (kind: "consultation" | "mediation", id: number) => (kind === "consultation" ? `/consultations/${id}` : `/mediations/${id}`);

type Scope = { db: Executor; lo: string; hi: string; from: string; to: string; actor: Actor; unitId: number };

async function scopeOf(actor: Actor, unitId: number, year: number): Promise<Scope | null> {
  if (!can(actor, "read:targets") && !can(actor, "read:stats")) return null;
  const unit = await getUnit({ actor, id: unitId });
  if (!unit) return null;
  const { lo, hi } = subtreeRange(unit.path);
  return { db: getDb(), lo, hi, ...yearBounds(year), actor, unitId };
}

const chinaDay = (col: string) => sql.raw(`date(${col}, '+8 hours')`);

// ---- the signals, each as its records ---------------------------------------------------------------------------

/** `cap`: at most this many rows, in no particular order before they are sorted here (a large subtree's page). */
async function lateRecords(s: Scope, cap?: number): Promise<SignalRecord[]> {
  const limit = cap ? sql`LIMIT ${cap}` : sql``;
  const rows = await s.db.all<{ kind: "consultation" | "mediation"; id: number; unitId: number; unitName: string; day: string; createdAt: string; note: string }>(sql`
    SELECT 'consultation' AS kind, c.id, c.unit_id AS "unitId", u.name AS "unitName", c.date AS day, c.created_at AS "createdAt", c.topic AS note
    FROM consultations c JOIN units u ON u.id = c.unit_id
    WHERE u.path >= ${s.lo} AND u.path < ${s.hi} AND c.date BETWEEN ${s.from} AND ${s.to} AND c.voided_at IS NULL
      AND julianday(${chinaDay("c.created_at")}) - julianday(c.date) > ${DQ.LATE_DAYS}
    ${cap ? sql`UNION ALL SELECT * FROM (` : sql`UNION ALL`}
    SELECT 'mediation', m.id, m.unit_id, u.name, m.registered_on, m.created_at, m.case_no
    FROM mediations m JOIN units u ON u.id = m.unit_id
    WHERE u.path >= ${s.lo} AND u.path < ${s.hi} AND m.registered_on BETWEEN ${s.from} AND ${s.to} AND m.voided_at IS NULL
      AND julianday(${chinaDay("m.created_at")}) - julianday(m.registered_on) > ${DQ.LATE_DAYS}
    ${cap ? sql`${limit}) AS t` : sql``}
    ${cap ? limit : sql`ORDER BY 6 DESC`}`);
  if (cap) rows.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  return rows.map((r) => ({ ...r, group: `${daysBetween(r.day, dayOfInstant(r.createdAt))}`, href: href(r.kind, r.id) }));
}

/**
 * Bursts: per unit and month, records created in the month's last days against the unit's normal daily rate (the
 * records created on the other days of the year so far ÷ those days). Pure, for tests on crafted counts.
 */
export function findBursts(
  perDay: Array<{ unitId: number; day: string; n: number }>,
  year: number,
  asOf: string,
): Array<{ unitId: number; month: number; from: string; to: string; count: number; expected: number }> {
  const { from } = yearBounds(year);
  const end = asOf < `${year}-12-31` ? asOf : `${year}-12-31`;
  const byUnit = new Map<number, Map<string, number>>();
  for (const r of perDay) {
    if (r.day < from || r.day > end) continue;
    if (!byUnit.has(r.unitId)) byUnit.set(r.unitId, new Map());
    byUnit.get(r.unitId)!.set(r.day, (byUnit.get(r.unitId)!.get(r.day) ?? 0) + r.n);
  }
  const out: Array<{ unitId: number; month: number; from: string; to: string; count: number; expected: number }> = [];
  const totalDays = daysBetween(from, end) + 1;
  for (const [unitId, days] of byUnit) {
    const total = [...days.values()].reduce((a, b) => a + b, 0);
    for (let m = 1; m <= 12; m++) {
      const last = lastDayOfMonth(year * 100 + m);
      if (last > end) break;
      const wFrom = addDays(last, -(DQ.BURST_WINDOW_DAYS - 1));
      let count = 0;
      for (const [d, n] of days) if (d >= wFrom && d <= last) count += n;
      const otherDays = totalDays - DQ.BURST_WINDOW_DAYS;
      const rate = otherDays > 0 ? (total - count) / otherDays : 0;
      const expected = rate * DQ.BURST_WINDOW_DAYS;
      if (count >= DQ.BURST_MIN && count >= DQ.BURST_FACTOR * Math.max(expected, 1)) out.push({ unitId, month: m, from: wFrom, to: last, count, expected });
    }
  }
  return out;
}

async function burstRecords(s: Scope, asOf: string): Promise<SignalRecord[]> {
  const created = (table: string) => sql.raw(`date(${table}.created_at, '+8 hours')`);
  const perDay = await s.db.all<{ unitId: number; day: string; n: number }>(sql`
    SELECT unit_id AS "unitId", day, SUM(n) AS n FROM (
      SELECT c.unit_id, ${created("c")} AS day, count(*) AS n FROM consultations c JOIN units u ON u.id = c.unit_id
      WHERE u.path >= ${s.lo} AND u.path < ${s.hi} AND c.voided_at IS NULL AND c.created_at >= ${`${s.from}T00:00`} AND c.created_at < ${`${Number(s.from.slice(0, 4)) + 1}-01-01T00:00`}
      GROUP BY 1, 2
      UNION ALL
      SELECT m.unit_id, ${created("m")}, count(*) FROM mediations m JOIN units u ON u.id = m.unit_id
      WHERE u.path >= ${s.lo} AND u.path < ${s.hi} AND m.voided_at IS NULL AND m.created_at >= ${`${s.from}T00:00`} AND m.created_at < ${`${Number(s.from.slice(0, 4)) + 1}-01-01T00:00`}
      GROUP BY 1, 2
    ) AS t GROUP BY 1, 2`);
  const bursts = findBursts(perDay, Number(s.from.slice(0, 4)), asOf);
  const out: SignalRecord[] = [];
  for (const b of bursts) {
    const rows = await s.db.all<{ kind: "consultation" | "mediation"; id: number; unitId: number; unitName: string; day: string; createdAt: string; note: string }>(sql`
      SELECT 'consultation' AS kind, c.id, c.unit_id AS "unitId", u.name AS "unitName", c.date AS day, c.created_at AS "createdAt", c.topic AS note
      FROM consultations c JOIN units u ON u.id = c.unit_id
      WHERE c.unit_id = ${b.unitId} AND c.voided_at IS NULL AND ${created("c")} BETWEEN ${b.from} AND ${b.to}
      UNION ALL
      SELECT 'mediation', m.id, m.unit_id, u.name, m.registered_on, m.created_at, m.case_no
      FROM mediations m JOIN units u ON u.id = m.unit_id
      WHERE m.unit_id = ${b.unitId} AND m.voided_at IS NULL AND ${created("m")} BETWEEN ${b.from} AND ${b.to}
      ORDER BY 6`);
    for (const r of rows) out.push({ ...r, group: `${b.month}|${b.count}|${b.expected.toFixed(1)}`, href: href(r.kind, r.id) });
  }
  return out;
}

async function identicalRecords(s: Scope): Promise<SignalRecord[]> {
  const rows = await s.db.all<{ aId: number; bId: number; unitId: number; unitName: string; day: string; aAt: string; bAt: string; topic: string; persons: number }>(sql`
    SELECT a.id AS "aId", b.id AS "bId", a.unit_id AS "unitId", u.name AS "unitName", a.date AS day, a.created_at AS "aAt", b.created_at AS "bAt", a.topic, a.persons
    FROM consultations a
    JOIN units u ON u.id = a.unit_id
    JOIN consultations b ON b.unit_id = a.unit_id AND b.date = a.date AND b.id > a.id AND b.channel = a.channel AND b.topic = a.topic
      AND b.persons = a.persons AND b.voided_at IS NULL
      AND abs(julianday(b.created_at) - julianday(a.created_at)) * 1440 <= ${DQ.QUICK_MINUTES}
    WHERE u.path >= ${s.lo} AND u.path < ${s.hi} AND a.date BETWEEN ${s.from} AND ${s.to} AND a.voided_at IS NULL
    ORDER BY a.date DESC, a.id`);
  const out = new Map<number, SignalRecord>();
  for (const r of rows) {
    const group = `${r.aId}`;
    for (const [id, at] of [
      [r.aId, r.aAt],
      [r.bId, r.bAt],
    ] as const)
      if (!out.has(id)) out.set(id, { kind: "consultation", id, unitId: r.unitId, unitName: r.unitName, day: r.day, createdAt: at, note: `${r.topic}·${r.persons}`, group, href: href("consultation", id) });
  }
  return [...out.values()];
}

async function duplicatePartyRecords(s: Scope): Promise<SignalRecord[]> {
  const open = sql.join(
    OPEN_MEDIATION_STATUSES.map((st) => sql`${st}`),
    sql`, `,
  );
  const rows = await s.db.all<{ idNumber: string; id: number; unitId: number; unitName: string; day: string; createdAt: string; caseNo: string }>(sql`
    WITH p AS (
      SELECT mp.id_number AS "idNumber", m.id, m.unit_id AS "unitId", u.name AS "unitName", m.registered_on AS day, m.created_at AS "createdAt", m.case_no AS "caseNo"
      FROM mediation_parties mp JOIN mediations m ON m.id = mp.mediation_id JOIN units u ON u.id = m.unit_id
      WHERE mp.id_number IS NOT NULL AND mp.id_number <> '' AND m.voided_at IS NULL AND m.status IN (${open})
        AND u.path >= ${s.lo} AND u.path < ${s.hi}
    )
    SELECT DISTINCT p.* FROM p WHERE p."idNumber" IN (SELECT "idNumber" FROM p GROUP BY "idNumber" HAVING count(DISTINCT "unitId") > 1)
    ORDER BY p."idNumber", p.day`);
  return rows.map((r) => ({
    kind: "mediation",
    id: r.id,
    unitId: r.unitId,
    unitName: r.unitName,
    day: r.day,
    createdAt: r.createdAt,
    note: `${r.caseNo} · ${maskIdNumber(r.idNumber)}`,
    // groups are named by a masked number: never the ID number itself
    group: maskIdNumber(r.idNumber) ?? "",
    href: href("mediation", r.id),
  }));
}

/** Units of the subtree whose success rate is exactly 100% over at least PERFECT_MIN decided disputes (counters). */
export async function perfectRateUnits(s: Scope) {
  const rows = await s.db.all<{ unitId: number; unitName: string; successful: number; failed: number }>(sql`
    SELECT c.unit_id AS "unitId", u.name AS "unitName",
      SUM(CASE WHEN c.indicator = 'mediation.successful' THEN c.value ELSE 0 END) AS successful,
      SUM(CASE WHEN c.indicator = 'mediation.failed' THEN c.value ELSE 0 END) AS failed
    FROM stat_counters c JOIN units u ON u.id = c.unit_id
    WHERE u.path >= ${s.lo} AND u.path < ${s.hi} AND c.dim = '' AND c.month BETWEEN ${Number(s.from.slice(0, 7).replace("-", ""))} AND ${Number(s.to.slice(0, 7).replace("-", ""))}
      AND c.indicator IN ('mediation.successful', 'mediation.failed')
    GROUP BY c.unit_id, u.name`);
  // a unit whose subtree has a single unit below it repeats that unit's figures: keep the leaves and distinct ones
  return rows.filter((r) => r.failed === 0 && r.successful >= DQ.PERFECT_MIN);
}

async function perfectRateRecords(s: Scope): Promise<SignalRecord[]> {
  const units = await perfectRateUnits(s);
  const out: SignalRecord[] = [];
  for (const u of units) {
    const rows = await s.db.all<{ id: number; day: string; createdAt: string; caseNo: string; unitName: string; unitId: number }>(sql`
      SELECT m.id, m.concluded_on AS day, m.created_at AS "createdAt", m.case_no AS "caseNo", cu.name AS "unitName", cu.id AS "unitId"
      FROM mediations m JOIN units cu ON cu.id = m.unit_id
      WHERE cu.path >= (SELECT path FROM units WHERE id = ${u.unitId}) AND cu.path < (SELECT substr(path, 1, length(path) - 1) || '0' FROM units WHERE id = ${u.unitId})
        AND m.voided_at IS NULL AND m.status = 'success' AND m.concluded_on BETWEEN ${s.from} AND ${s.to}
      ORDER BY m.concluded_on DESC LIMIT 500`);
    for (const r of rows) out.push({ kind: "mediation", id: r.id, unitId: u.unitId, unitName: u.unitName, day: r.day, createdAt: r.createdAt, note: r.caseNo, group: `${u.successful}`, href: href("mediation", r.id) });
  }
  return out;
}

/** Monthly reports missing after their deadline, or made late (one row per unit and month). */
async function reportRecords(s: Scope, which: "missing" | "late", today: string): Promise<SignalRecord[]> {
  const p = await listReportingProblems({ actor: s.actor, unitId: s.unitId, year: Number(s.from.slice(0, 4)), today });
  if (!p) return [];
  const link = (unitId: number, month: number) => `/reports/monthly?unit=${unitId}&month=${formatReportMonth(month)}`;
  return which === "missing"
    ? p.missing.map((r) => ({ kind: "report", id: r.unitId, unitId: r.unitId, unitName: r.unitName, day: reportDeadline(r.month), createdAt: "", note: formatReportMonth(r.month), group: formatReportMonth(r.month), href: link(r.unitId, r.month) }))
    : p.late.map((r) => ({ kind: "report", id: r.unitId, unitId: r.unitId, unitName: r.unitName, day: reportDeadline(r.month), createdAt: r.createdAt, note: formatReportMonth(r.month), group: formatReportMonth(r.month), href: link(r.unitId, r.month) }));
}

// ---- public ------------------------------------------------------------------------------------------------------

/** The records behind one signal (optionally only those of one unit), for the drill-down list. */
export async function listSignalRecords({
  actor,
  unitId,
  year,
  signal,
  forUnit,
  today = todayInChina(),
  cap,
}: {
  actor: Actor;
  unitId: number;
  year: number;
  signal: SignalKey;
  forUnit?: number | null;
  today?: string;
  /** late entries: read at most this many (the page of a large subtree: COUNT_CAP + 1, "10,000+") */
  cap?: number;
}): Promise<SignalRecord[] | null> {
  const s = await scopeOf(actor, unitId, year);
  if (!s) return null;
  const asOf = today < s.to ? today : s.to;
  const all =
    signal === "late"
      ? await lateRecords(s, forUnit ? undefined : cap)
      : signal === "burst"
        ? await burstRecords(s, asOf)
        : signal === "identical"
          ? await identicalRecords(s)
          : signal === "duplicateParty"
            ? await duplicatePartyRecords(s)
            : signal === "perfectRate"
              ? await perfectRateRecords(s)
              : await reportRecords(s, signal === "missingReport" ? "missing" : "late", today);
  return forUnit ? all.filter((r) => r.unitId === forUnit) : all;
}

/**
 * Above this many records in the subtree's year (consultations and disputes, from the counters), the dashboard does
 * not compute the signals inline: each is read from raw rows of the whole subtree (seconds for a province), so they
 * are checked on demand, one signal at a time (/monitoring/quality). Below it (a county's year) they cost tens of
 * milliseconds. It was 20,000 until the 500k page bench (issue 12) showed a city's year of 11,500 records taking
 * 0.8–1.7 s and listing 4,600 unit summaries (its 2,800 villages' missing reports among them) inline, and a county's
 * 2,000 records 0.2–0.25 s under load.
 */
export const DQ_INLINE_MAX_RECORDS = 1_000;

/** Whether the dashboard computes the signals inline (a subtree-year small enough), and its records (counters). */
export async function dataQualityScale({ actor, unitId, year, max = DQ_INLINE_MAX_RECORDS }: { actor: Actor; unitId: number; year: number; max?: number }) {
  const s = await scopeOf(actor, unitId, year);
  if (!s) return null;
  const totals = await readCounters(s.db, unitId, year * 100 + 1, year * 100 + 12);
  const records = get(totals, "consultation.records") + get(totals, "mediation.accepted");
  return { records, inline: records <= max };
}

/** Every signal of a subtree and year, per unit: count, a detail and the link to the records behind it. */
export async function getDataQuality({ actor, unitId, year, today = todayInChina() }: { actor: Actor; unitId: number; year: number; today?: string }) {
  const s = await scopeOf(actor, unitId, year);
  if (!s) return null;
  const out: SignalSummary[] = [];
  for (const key of SIGNALS) {
    const records = (await listSignalRecords({ actor, unitId, year, signal: key, today }))!;
    const perUnit = new Map<number, { unitName: string; records: SignalRecord[] }>();
    for (const r of records) {
      if (!perUnit.has(r.unitId)) perUnit.set(r.unitId, { unitName: r.unitName, records: [] });
      perUnit.get(r.unitId)!.records.push(r);
    }
    for (const [uid, v] of perUnit) {
      const groups = [...new Set(v.records.map((r) => r.group))];
      const detail =
        key === "burst"
          ? groups.map((g) => g.split("|")[0]).join(",")
          : key === "perfectRate"
            ? groups[0]
            : key === "late"
              ? String(Math.max(...v.records.map((r) => Number(r.group))))
              : key === "missingReport" || key === "lateReport"
                ? groups.map((g) => Number(g.slice(5))).join(",")
                : String(groups.length);
      out.push({
        key,
        unitId: uid,
        unitName: v.unitName,
        count: v.records.length,
        detail,
        href: `/monitoring/quality?unit=${unitId}&year=${year}&signal=${key}&for=${uid}`,
      });
    }
  }
  return out.sort((a, b) => SIGNALS.indexOf(a.key) - SIGNALS.indexOf(b.key) || b.count - a.count);
}
