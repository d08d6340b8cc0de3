/**
 * Summary counters: the upkeep (in the same transaction as each write), the reads (whole months from counters,
 * edge days from raw rows), the raw recount (ground truth for tests and drill-downs) and rebuilds.
 *
 * Every record kind registers how to load its raw rows for a subtree and a period, and how its rows turn into
 * contributions (app/models/counting-rules.ts). Mediation and legal aid add themselves to RECORD_KINDS.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { sql } from "drizzle-orm";
import { eq, isNull } from "drizzle-orm";
import { units } from "../../db/schema";
import { hasSqliteClient, rawRun, type Executor } from "~/utils/db.server";
import { addDays, daysBetween, firstDayOfMonth, lastDayOfMonth, monthOf, nextMonth, splitPeriod } from "~/utils/dates";
import { addToTotals, type Contribution, type Totals, totalsKey } from "./counting-rules";
import { ancestorIdsOfPath, subtreeRange } from "./unit-paths";
import { RECORD_KINDS } from "./record-kinds.server";

export { ancestorIdsOfPath, pathInSubtree, subtreeRange } from "./unit-paths";
export { RECORD_KINDS, type RawRow, type RecordKind } from "./record-kinds.server";
import type { RawRow, RecordKind } from "./record-kinds.server";

/**
 * Raw rows of a subtree and day range, remembered for the length of one request: a report recounts the same edge
 * days for the unit, its children and its partial months, and should read them once.
 */
export class RawCache {
  private rows = new Map<string, RawRow[]>();
  private dayTotals = new Map<string, Totals>();
  /** A unit's day-counter sums over [from, to] (the period's edge days, again for the partial months). */
  async days(db: Executor, unitId: number, from: string, to: string): Promise<Totals> {
    const k = `${unitId}|${from}|${to}`;
    let t = this.dayTotals.get(k);
    if (!t) this.dayTotals.set(k, (t = await readDayCounters(db, unitId, from, to)));
    return t;
  }
  async load(db: Executor, kind: RecordKind, q: { path: string; from: string; to: string }): Promise<RawRow[]> {
    const k = `${kind.name}|${q.path}|${q.from}|${q.to}`;
    let r = this.rows.get(k);
    if (!r) this.rows.set(k, (r = await kind.loadRaw(db, q)));
    return r;
  }
}

async function loadRows(db: Executor, kind: RecordKind, q: { path: string; from: string; to: string }, cache?: RawCache): Promise<RawRow[]> {
  return cache ? await cache.load(db, kind, q) : await kind.loadRaw(db, q);
}

async function unitPath(db: Executor, unitId: number): Promise<string> {
  const u = await db.select({ path: units.path }).from(units).where(eq(units.id, unitId)).get();
  if (!u) throw new Error(`unit ${unitId} not found`);
  return u.path;
}

type Delta = Map<string, { month: number; indicator: string; dim: string; value: number }>;

function addDelta(delta: Delta, contributions: Contribution[], sign: 1 | -1) {
  for (const c of contributions) {
    const month = monthOf(c.day);
    const k = `${month}|${c.indicator}|${c.dim}`;
    const cur = delta.get(k);
    if (cur) cur.value += sign * c.value;
    else delta.set(k, { month, indicator: c.indicator, dim: c.dim, value: sign * c.value });
  }
}

// plain statements (reused prepared statements on SQLite; rawRun): every write updates a dozen counter rows
const UPSERT_MONTH = `INSERT INTO stat_counters (unit_id, month, indicator, dim, value) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (unit_id, month, indicator, dim) DO UPDATE SET value = stat_counters.value + excluded.value`;

async function upsertDelta(db: Executor, unitIds: number[], delta: Delta) {
  const rows: CounterRow[] = [];
  for (const d of delta.values()) {
    if (d.value === 0) continue;
    for (const unitId of unitIds) rows.push([unitId, d.month, d.indicator, d.dim, d.value]);
  }
  await upsertRows(db, "stat_counters", rows);
}

/** (unit, month or day, indicator, dim, value to add) */
type CounterRow = [number, number, string, string, number];
const byCounterKey = (a: CounterRow, b: CounterRow) =>
  a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0) || (a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : 0);

/**
 * Adds one write's counter changes. SQLite: one reused prepared statement per row (in-process calls cost
 * microseconds). PostgreSQL: one multi-row upsert (a round trip per statement is what costs there), its rows in key
 * order, so that two transactions touching the same ancestors lock their rows in the same order and cannot deadlock.
 * The rows of one call have distinct keys (one row per unit and delta key).
 */
async function upsertRows(db: Executor, table: "stat_counters" | "stat_counters_day", rows: CounterRow[]) {
  if (!rows.length) return;
  if (hasSqliteClient(db)) {
    const text = table === "stat_counters" ? UPSERT_MONTH : UPSERT_DAY;
    for (const r of rows) await rawRun(db, text, r);
    return;
  }
  rows.sort(byCounterKey);
  const period = table === "stat_counters" ? "month" : "day";
  for (let i = 0; i < rows.length; i += UPSERT_BATCH) {
    const chunk = rows.slice(i, i + UPSERT_BATCH);
    await rawRun(
      db,
      `INSERT INTO ${table} (unit_id, ${period}, indicator, dim, value) VALUES ${chunk.map(() => "(?, ?, ?, ?, ?)").join(", ")}
        ON CONFLICT (unit_id, ${period}, indicator, dim) DO UPDATE SET value = ${table}.value + excluded.value`,
      chunk.flat(),
    );
  }
}

// ---- day-grain counters (issue 12) ---------------------------------------------------------------------------------

/**
 * Units at this depth or above keep day-grain counters too (0 = a root: the province; 1 its cities; 2 their
 * counties; 3 townships; 4 villages and communities: every level of the five-level tree), so that a period's edge
 * days (a period not on month boundaries, "today", the month so far) are read, not recounted from raw rows, for any
 * unit and for any unit's children (the report's child breakdown). A unit deeper than this (none in the five-level
 * tree) recounts its edge days from raw rows. Until 2026-12-01 this was 2 (down to counties): a county's odd period
 * then recounted its townships' edge days from raw rows, a cost that grew with the records (README › Speed).
 * Migration 0020 marks older databases so that start-up fills the levels they lack (fillDayCounters, fromDepth).
 */
export const DAY_COUNTER_DEPTH = 4;

/** The depth from which the day counters are rebuilt in one pass over a subtree (a county's: bounded memory). */
const DAY_PASS_DEPTH = 2;

/** yyyymmdd integer of a YYYY-MM-DD day. */
export const dayNumber = (day: string) => Number(day.slice(0, 4)) * 10000 + Number(day.slice(5, 7)) * 100 + Number(day.slice(8, 10));

type DayDelta = Map<string, { day: number; indicator: string; dim: string; value: number }>;

function addDayContribution(delta: DayDelta, day: number, indicator: string, dim: string, value: number) {
  const k = `${day}|${indicator}|${dim}`;
  const cur = delta.get(k);
  if (cur) cur.value += value;
  else delta.set(k, { day, indicator, dim, value });
}

function addDayDelta(delta: DayDelta, contributions: Contribution[], sign: 1 | -1) {
  for (const c of contributions) addDayContribution(delta, dayNumber(c.day), c.indicator, c.dim, sign * c.value);
}

const UPSERT_DAY = `INSERT INTO stat_counters_day (unit_id, day, indicator, dim, value) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (unit_id, day, indicator, dim) DO UPDATE SET value = stat_counters_day.value + excluded.value`;
async function upsertDayDelta(db: Executor, unitIds: number[], delta: DayDelta) {
  if (!unitIds.length) return;
  const rows: CounterRow[] = [];
  for (const d of delta.values()) {
    if (d.value === 0) continue;
    for (const unitId of unitIds) rows.push([unitId, d.day, d.indicator, d.dim, d.value]);
  }
  await upsertRows(db, "stat_counters_day", rows);
}

/** The units of a path that keep day counters: its ancestors (and itself) down to DAY_COUNTER_DEPTH. */
const dayHoldersOfPath = (path: string) => ancestorIdsOfPath(path).slice(0, DAY_COUNTER_DEPTH + 1);
const depthOfPath = (path: string) => ancestorIdsOfPath(path).length - 1;

/**
 * One pass over the raw rows of a subtree, a year at a time (memory stays bounded at province scale: above
 * DAY_PASS_DEPTH each child's subtree is a pass of its own): writes the day counters of the subtree's units that
 * keep them (after deleting theirs) and returns the subtree's own day totals (what its root contributes to the
 * units above it).
 */
async function dayCountersPass(db: Executor, root: { id: number; path: string }): Promise<DayDelta> {
  const depth = depthOfPath(root.path);
  // a county or deeper (or a unit at or below the deepest holders): one pass writes every holder in its subtree
  if (depth >= Math.min(DAY_PASS_DEPTH, DAY_COUNTER_DEPTH)) return await dayCountersFlatPass(db, root, false);
  // above the deepest holders: the unit's own records, then each child's subtree (each a bounded pass)
  const total = await dayCountersFlatPass(db, root, true);
  for (const child of await db.all<{ id: number; path: string }>(sql`SELECT id, path FROM units WHERE parent_id = ${root.id}`))
    for (const d of (await dayCountersPass(db, child)).values()) addDayContribution(total, d.day, d.indicator, d.dim, d.value);
  await db.run(sql`DELETE FROM stat_counters_day WHERE unit_id = ${root.id}`);
  await upsertDayDelta(db, [root.id], total);
  return total;
}

/**
 * The raw rows of a subtree (or, `onlyOwn`, of its root unit alone), a year at a time: returns their day totals;
 * unless `onlyOwn`, writes the day counters of the subtree's units that keep them (after deleting theirs).
 */
async function dayCountersFlatPass(db: Executor, root: { id: number; path: string }, onlyOwn: boolean): Promise<DayDelta> {
  const { lo, hi } = subtreeRange(root.path);
  const inSubtree = onlyOwn ? [root] : await db.all<{ id: number; path: string }>(sql`SELECT id, path FROM units WHERE path >= ${lo} AND path < ${hi}`);
  const pathOf = new Map(inSubtree.map((u) => [u.id, u.path]));
  const rootDepth = depthOfPath(root.path);
  if (!onlyOwn) {
    const holders = inSubtree.filter((u) => depthOfPath(u.path) <= DAY_COUNTER_DEPTH).map((u) => u.id);
    for (let i = 0; i < holders.length; i += 500) {
      const chunk = holders.slice(i, i + 500);
      await db.run(sql`DELETE FROM stat_counters_day WHERE unit_id IN (${sql.join(chunk.map((id) => sql`${id}`), sql`, `)})`);
    }
  }
  const total: DayDelta = new Map();
  // the months the subtree has figures in, from its root's month counters (kept before the days)
  const range = await db.get<{ lo: number | null; hi: number | null }>(sql`SELECT min(month) AS lo, max(month) AS hi FROM stat_counters WHERE unit_id = ${root.id} AND value <> 0`);
  if (!range?.lo || !range.hi) return total;
  // a year at a time: each pass walks the subtree's units once per record kind
  for (let y = Math.floor(range.lo / 100); y <= Math.floor(range.hi / 100); y++) {
    const from = `${String(y).padStart(4, "0")}-01-01`;
    const to = `${String(y).padStart(4, "0")}-12-31`;
    const perUnit = new Map<number, DayDelta>();
    for (const kind of RECORD_KINDS) {
      for (const row of await kind.loadRaw(db, { path: root.path, from, to, onlyUnit: onlyOwn })) {
        const own = row.contributions.filter((c) => c.day >= from && c.day <= to);
        if (!own.length) continue;
        addDayDelta(total, own, 1);
        if (onlyOwn) continue;
        for (const id of dayHoldersOfPath(pathOf.get(row.unitId)!).slice(rootDepth)) {
          let d = perUnit.get(id);
          if (!d) perUnit.set(id, (d = new Map()));
          addDayDelta(d, own, 1);
        }
      }
    }
    for (const [id, d] of perUnit) await upsertDayDelta(db, [id], d);
  }
  return total;
}

/** The day counters a unit holds, as a delta (for the difference a rebuild makes to the units above it). */
async function readDayRows(db: Executor, unitId: number): Promise<DayDelta> {
  const out: DayDelta = new Map();
  for (const r of await db.all<{ day: number; indicator: string; dim: string; value: number }>(
    sql`SELECT day, indicator, dim, value FROM stat_counters_day WHERE unit_id = ${unitId}`,
  ))
    addDayContribution(out, r.day, r.indicator, r.dim, r.value);
  return out;
}

/**
 * Rebuilds the day counters of the units that keep them inside the subtree holding `path` (from the unit at
 * DAY_COUNTER_DEPTH above a deeper unit) and corrects the units above by the difference.
 */
async function rebuildDayCountersAround(db: Executor, path: string) {
  const ids = ancestorIdsOfPath(path);
  const rootId = ids[Math.min(ids.length - 1, DAY_COUNTER_DEPTH)];
  const rootPath = `/${ids.slice(0, Math.min(ids.length, DAY_COUNTER_DEPTH + 1)).join("/")}/`;
  const old = await readDayRows(db, rootId);
  const now = await dayCountersPass(db, { id: rootId, path: rootPath });
  for (const o of old.values()) addDayContribution(now, o.day, o.indicator, o.dim, -o.value);
  await upsertDayDelta(db, dayHoldersOfPath(rootPath).slice(0, -1), now);
}

/**
 * Fills the day counters from raw rows (after deleting them and the marker rows), in the caller's transaction: one
 * pass over each record kind's raw rows of the whole tree a month at a time (memory stays bounded at province
 * scale), each row's contributions summed for its unit's holders (its ancestors down to DAY_COUNTER_DEPTH), and
 * each month's sums written in key order with plain inserts. With `fromDepth` only the holders at that depth or
 * deeper are filled (a database whose shallower holders are already kept: migration 0020 deepened the counters
 * from depth 2 to 4). `progress` is told after each month (for start-up logs).
 */
export async function fillDayCounters(
  db: Executor,
  progress?: (p: { month: number; done: number; of: number; rows: number }) => void,
  opts: { fromDepth?: number } = {},
): Promise<{ rows: number }> {
  const client = hasSqliteClient(db) ? db.$client : null;
  const fromDepth = Math.max(0, opts.fromDepth ?? 0);
  if (fromDepth === 0) await db.run(sql`DELETE FROM stat_counters_day`);
  else {
    await db.run(sql`DELETE FROM stat_counters_day WHERE unit_id = 0`);
    await db.run(sql`DELETE FROM stat_counters_day WHERE unit_id IN (SELECT id FROM units WHERE depth >= ${fromDepth})`);
  }
  if (fromDepth > DAY_COUNTER_DEPTH) return { rows: 0 };
  const holdersOf = new Map<number, number[]>();
  for (const u of await db.all<{ id: number; path: string }>(sql`SELECT id, path FROM units`)) {
    const holders = dayHoldersOfPath(u.path).slice(fromDepth);
    if (holders.length) holdersOf.set(u.id, holders);
  }
  const roots = await db.all<{ id: number; path: string }>(sql`SELECT id, path FROM units WHERE parent_id IS NULL`);
  // the months with figures, from the roots' month counters (kept before the days)
  const range = roots.length
    ? await db.get<{ lo: number | null; hi: number | null }>(sql`SELECT min(month) AS lo, max(month) AS hi FROM stat_counters
        WHERE unit_id IN (${sql.join(roots.map((r) => sql`${r.id}`), sql`, `)}) AND value <> 0`)
    : null;
  if (!range?.lo || !range.hi) return { rows: 0 };
  const INSERT_DAY = `INSERT INTO stat_counters_day (unit_id, day, indicator, dim, value) VALUES (?, ?, ?, ?, ?)`;
  // a large page cache for the fill (SQLite): each month's rows land all over the table (every holder's key range),
  // and with the default 2 MB the transaction's changed pages spill to the WAL again and again
  const { lo, hi } = range;
  if (!client) return await fillMonths();
  const cacheBefore = client.pragma("cache_size", { simple: true }) as number;
  client.pragma(`cache_size = -${FILL_CACHE_KIB}`);
  try {
    return await fillMonths();
  } finally {
    client.pragma(`cache_size = ${cacheBefore}`);
  }
  async function fillMonths(): Promise<{ rows: number }> {
    let of = 0;
    for (let m = lo; m <= hi; m = nextMonth(m)) of++;
    let done = 0;
    let written = 0;
    for (let m = lo; m <= hi; m = nextMonth(m)) {
      const from = firstDayOfMonth(m);
      const to = lastDayOfMonth(m);
      // holder → day → "indicator|dim" → value
      const sums = new Map<number, Map<number, Map<string, number>>>();
      for (const root of roots)
        for (const kind of RECORD_KINDS)
          for (const row of await kind.loadRaw(db, { path: root.path, from, to, allUnits: roots.length === 1 })) {
            const holders = holdersOf.get(row.unitId);
            if (!holders) continue;
            for (const c of row.contributions) {
              if (c.day < from || c.day > to || c.value === 0) continue;
              const day = dayNumber(c.day);
              const key = `${c.indicator}|${c.dim}`;
              for (const h of holders) {
                let byDay = sums.get(h);
                if (!byDay) sums.set(h, (byDay = new Map()));
                let byKey = byDay.get(day);
                if (!byKey) byDay.set(day, (byKey = new Map()));
                byKey.set(key, (byKey.get(key) ?? 0) + c.value);
              }
            }
          }
      const rows: CounterRow[] = [];
      for (const h of [...sums.keys()].sort((a, b) => a - b)) {
        const byDay = sums.get(h)!;
        for (const day of [...byDay.keys()].sort((a, b) => a - b))
          for (const [key, value] of [...byDay.get(day)!].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
            if (value === 0) continue;
            const bar = key.indexOf("|");
            rows.push([h, day, key.slice(0, bar), key.slice(bar + 1), value]);
          }
      }
      // SQLite: a plain insert per row (the rows are new: the table was emptied above); PostgreSQL: the multi-row
      // statements of upsertRows (one round trip per row would take hours for a province's tens of millions)
      if (client) for (const r of rows) await rawRun(db, INSERT_DAY, r);
      else await upsertRows(db, "stat_counters_day", rows);
      written += rows.length;
      done++;
      progress?.({ month: m, done, of, rows: written });
    }
    return { rows: written };
  }
}

/** The page cache (KiB) of fillDayCounters' transaction. */
const FILL_CACHE_KIB = 512 * 1024;

/** Whether the day counters still wait to be filled (a marker row, unit 0, of a migration: 0013 or 0020). */
export async function dayCountersPending(db: Executor): Promise<boolean> {
  return !!await db.get(sql`SELECT 1 FROM stat_counters_day WHERE unit_id = 0 LIMIT 1`);
}

/**
 * The depth from which the pending fill must run: 0 (everything) for 0013's marker (`backfill`, dim ''), the
 * depth its dim names for 0020's (`backfill`, dim 'from-depth:3': the holders the deeper counters added).
 */
async function pendingFillDepth(db: Executor): Promise<number> {
  let depth = DAY_COUNTER_DEPTH + 1;
  for (const r of await db.all<{ dim: string }>(sql`SELECT dim FROM stat_counters_day WHERE unit_id = 0`)) {
    const m = /^from-depth:(\d+)$/.exec(r.dim);
    depth = Math.min(depth, m ? Number(m[1]) : 0);
  }
  return depth;
}

/**
 * Databases from before the day counters (or from before their depth) carry a marker row (unit 0) put there by
 * their migration. The server fills them at start-up, before any worker serves (prepareStartup in
 * app/entry.server.tsx), so no request waits for it. A process that opened such a database without that start-up
 * (a script, a test) fills them at its first read that needs days, in one transaction (fillDayCounters).
 */
export async function ensureDayCounters(db: Executor, progress?: Parameters<typeof fillDayCounters>[1]) {
  // one primary-key probe per read
  if (await dayCountersPending(db)) {
    const work = async (tx: Executor) => {
      if (await dayCountersPending(tx)) await fillDayCounters(tx, progress, { fromDepth: await pendingFillDepth(tx) });
    };
    await db.transaction(work);
  }
}

/**
 * How to read an edge (a day range inside one month, from splitPeriod) from the counters of a unit that keeps day
 * counters: its days, or — when the rest of the month is fewer days — the month's counter less the other days
 * (counters are additive: a month's counter is the sum of its days). A partial month costs at most half a month
 * of day rows (15 March – 20 September: 17 + 10 days, not 17 + 20).
 */
export function edgePlan(from: string, to: string): { month: number | null; days: Array<{ from: number; to: number; sign: 1 | -1 }> } {
  const m = monthOf(from);
  const first = firstDayOfMonth(m);
  const last = lastDayOfMonth(m);
  const length = daysBetween(from, to) + 1;
  const rest = daysBetween(first, last) + 1 - length;
  if (monthOf(to) !== m || rest >= length) return { month: null, days: [{ from: dayNumber(from), to: dayNumber(to), sign: 1 }] };
  const days: Array<{ from: number; to: number; sign: 1 | -1 }> = [];
  if (from > first) days.push({ from: dayNumber(first), to: dayNumber(addDays(from, -1)), sign: -1 });
  if (to < last) days.push({ from: dayNumber(addDays(to, 1)), to: dayNumber(last), sign: -1 });
  return { month: m, days };
}

/** Sums of a unit's day counters over [from, to] (the unit must keep them: depth <= DAY_COUNTER_DEPTH), as edgePlan reads them. */
async function readDayCounters(db: Executor, unitId: number, from: string, to: string): Promise<Totals> {
  const plan = edgePlan(from, to);
  const totals: Totals = plan.month ? await readCounters(db, unitId, plan.month, plan.month) : new Map();
  for (const d of plan.days) {
    const rows = await db.all<{ indicator: string; dim: string; total: number }>(sql`
      SELECT indicator, dim, SUM(value) AS total FROM stat_counters_day
      WHERE unit_id = ${unitId} AND day BETWEEN ${d.from} AND ${d.to}
      GROUP BY indicator, dim`);
    for (const r of rows) {
      const k = totalsKey(r.indicator, r.dim);
      totals.set(k, (totals.get(k) ?? 0) + d.sign * r.total);
    }
  }
  return totals;
}

/**
 * Sums of contributions by period (a yyyymmdd day or a yyyymm month), indicator and dimension: nested maps, so a
 * bulk write adds a contribution with three lookups of keys it already has (no key string built and hashed per
 * contribution: that was a tenth of a city's history import), and writes them in the counter tables' key order.
 */
type Sums = Map<number, Map<string, Map<string, number>>>;

function addSum(sums: Sums, period: number, indicator: string, dim: string, value: number) {
  let byIndicator = sums.get(period);
  if (!byIndicator) sums.set(period, (byIndicator = new Map()));
  let byDim = byIndicator.get(indicator);
  if (!byDim) byIndicator.set(indicator, (byDim = new Map()));
  byDim.set(dim, (byDim.get(dim) ?? 0) + value);
}

/** Adds `source` into `target` (a level of the nested maps looked up once, not once per leaf). */
function mergeSums(target: Sums, source: Sums) {
  for (const [period, byIndicator] of source) {
    const t = target.get(period);
    if (!t) {
      target.set(period, new Map([...byIndicator].map(([indicator, byDim]) => [indicator, new Map(byDim)])));
      continue;
    }
    for (const [indicator, byDim] of byIndicator) {
      const td = t.get(indicator);
      if (!td) t.set(indicator, new Map(byDim));
      else for (const [dim, value] of byDim) td.set(dim, (td.get(dim) ?? 0) + value);
    }
  }
}

function copySums(source: Sums): Sums {
  const out: Sums = new Map();
  mergeSums(out, source);
  return out;
}

/** yyyymmdd of a YYYY-MM-DD day, without slicing strings (dayNumber's result; the bulk path's hot loop). */
function dayNumberOf(day: string): number {
  const d = (i: number) => day.charCodeAt(i) - 48;
  return d(0) * 10000000 + d(1) * 1000000 + d(2) * 100000 + d(3) * 10000 + d(5) * 1000 + d(6) * 100 + d(8) * 10 + d(9);
}

/** Rows of counter upserts given to SQLite per statement in a bulk write (5 parameters each). */
const UPSERT_BATCH = 200;
const batchUpserts = new Map<string, string>();

/**
 * Writes summed counter changes (unit, period, indicator, dim) into `table` ("stat_counters" by month or
 * "stat_counters_day"): each unit's in the primary key's order (the upserts walk the table's b-tree forward), and
 * UPSERT_BATCH rows per statement — a city's history import writes about ten counter rows per record, and a
 * call into SQLite per row cost more than SQLite's own work for it.
 */
async function upsertAllSums(db: Executor, table: "stat_counters" | "stat_counters_day", byUnit: Map<number, Sums>) {
  const period = table === "stat_counters" ? "month" : "day";
  const statement = (rows: number) => {
    const key = `${table}|${rows}`;
    let text = batchUpserts.get(key);
    if (!text)
      batchUpserts.set(
        key,
        (text = `INSERT INTO ${table} (unit_id, ${period}, indicator, dim, value) VALUES ${Array(rows).fill("(?, ?, ?, ?, ?)").join(", ")}
        ON CONFLICT (unit_id, ${period}, indicator, dim) DO UPDATE SET value = ${table}.value + excluded.value`),
      );
    return text;
  };
  const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const params: Array<number | string> = [];
  const flush = async () => {
    if (params.length === UPSERT_BATCH * 5) await rawRun(db, statement(UPSERT_BATCH), params);
    else for (let i = 0; i < params.length; i += 5) await rawRun(db, statement(1), params.slice(i, i + 5));
    params.length = 0;
  };
  for (const unitId of [...byUnit.keys()].sort((a, b) => a - b)) {
    const sums = byUnit.get(unitId)!;
    for (const p of [...sums.keys()].sort((a, b) => a - b)) {
      const byIndicator = sums.get(p)!;
      for (const indicator of [...byIndicator.keys()].sort(byCode)) {
        const byDim = byIndicator.get(indicator)!;
        for (const dim of [...byDim.keys()].sort(byCode)) {
          const value = byDim.get(dim)!;
          if (value === 0) continue;
          params.push(unitId, p, indicator, dim, value);
          if (params.length === UPSERT_BATCH * 5) await flush();
        }
      }
    }
  }
  await flush();
}

/** While a bulk write runs (withDeferredCounters): each unit's counter changes summed by day, not yet written. */
// kept per asynchronous context, so that a bulk write's deferral never takes in another request's counter changes
const deferredSums = new AsyncLocalStorage<Map<number, Sums>>();

/**
 * Runs a bulk write (a history import) with the counter upkeep of its record changes summed per unit and written
 * once at the end — each unit and ancestor gets one upsert per indicator and month, instead of one per step of
 * every record. Counters are additive, so the result equals the step-by-step upkeep. Call inside the transaction
 * that writes the records; when `fn` throws, nothing is written (the caller's transaction rolls back).
 */
export async function withDeferredCounters<T>(db: Executor, fn: () => Promise<T>): Promise<T> {
  if (deferredSums.getStore()) return await fn();
  const pending = new Map<number, Sums>();
  {
    const out = await deferredSums.run(pending, fn);
    // each unit's sums added into every unit that holds them (its ancestors; for days, those down to
    // DAY_COUNTER_DEPTH) in memory first, so that a county or the city gets one upsert per key for all the units
    // below it, not one per unit (a city's history: most of the counter rows' upserts); a unit's months are its
    // days summed once before they go up
    const months = new Map<number, Sums>();
    const days = new Map<number, Sums>();
    const into = (holders: Map<number, Sums>, id: number, sums: Sums) => {
      const h = holders.get(id);
      if (h) mergeSums(h, sums);
      else holders.set(id, copySums(sums));
    };
    // shallower units first: a unit's own sums become its holder's sums as they are (no copy), before any unit
    // below it adds into them
    const units = await Promise.all([...pending.keys()].map(async (id) => ({ id, path: await unitPath(db, id) })));
    units.sort((a, b) => depthOfPath(a.path) - depthOfPath(b.path));
    for (const { id: unitId, path } of units) {
      const byDay = pending.get(unitId)!;
      const own: Sums = new Map();
      for (const [day, byIndicator] of byDay) {
        const month = Math.floor(day / 100);
        for (const [indicator, byDim] of byIndicator) for (const [dim, value] of byDim) addSum(own, month, indicator, dim, value);
      }
      for (const id of ancestorIdsOfPath(path)) {
        if (id === unitId && !months.has(id)) months.set(id, own);
        else into(months, id, own);
      }
      for (const id of dayHoldersOfPath(path)) {
        if (id === unitId && !days.has(id)) days.set(id, byDay);
        else into(days, id, byDay);
      }
    }
    await upsertAllSums(db, "stat_counters", months);
    await upsertAllSums(db, "stat_counters_day", days);
    return out;
  }
}

/**
 * Applies a record's change to the counters of its unit and every ancestor. Call inside the write's transaction.
 * `before` is what the record contributed before the write (null for a create), `after` what it contributes now
 * (empty for a void). The unit may change between the two (a record moved to another unit).
 */
export async function applyRecordChange(
  db: Executor,
  change: {
    before: { unitId: number; contributions: Contribution[] } | null;
    after: { unitId: number; contributions: Contribution[] } | null;
  },
) {
  const { before, after } = change;
  const deferred = deferredSums.getStore();
  if (deferred) {
    // a bulk write: summed per unit here, written once per unit and ancestor at the end (withDeferredCounters)
    for (const [side, sign] of [
      [before, -1],
      [after, 1],
    ] as const) {
      if (!side) continue;
      let sums = deferred.get(side.unitId);
      if (!sums) deferred.set(side.unitId, (sums = new Map()));
      for (const c of side.contributions) addSum(sums, dayNumberOf(c.day), c.indicator, c.dim, sign * c.value);
    }
    return;
  }
  if (before && after && before.unitId === after.unitId) {
    const delta: Delta = new Map();
    addDelta(delta, before.contributions, -1);
    addDelta(delta, after.contributions, 1);
    const path = await unitPath(db, after.unitId);
    await upsertDelta(db, ancestorIdsOfPath(path), delta);
    const days: DayDelta = new Map();
    addDayDelta(days, before.contributions, -1);
    addDayDelta(days, after.contributions, 1);
    await upsertDayDelta(db, dayHoldersOfPath(path), days);
    return;
  }
  for (const [side, sign] of [
    [before, -1],
    [after, 1],
  ] as const) {
    if (!side) continue;
    const delta: Delta = new Map();
    addDelta(delta, side.contributions, sign);
    const path = await unitPath(db, side.unitId);
    await upsertDelta(db, ancestorIdsOfPath(path), delta);
    const days: DayDelta = new Map();
    addDayDelta(days, side.contributions, sign);
    await upsertDayDelta(db, dayHoldersOfPath(path), days);
  }
}

/** Sums of the counters of one unit (its whole subtree) over whole months [fromMonth, toMonth]. */
export async function readCounters(db: Executor, unitId: number, fromMonth: number, toMonth: number): Promise<Totals> {
  const rows = await db.all<{ indicator: string; dim: string; total: number }>(sql`
    SELECT indicator, dim, SUM(value) AS total FROM stat_counters
    WHERE unit_id = ${unitId} AND month BETWEEN ${fromMonth} AND ${toMonth}
    GROUP BY indicator, dim`);
  const totals: Totals = new Map();
  for (const r of rows) totals.set(totalsKey(r.indicator, r.dim), r.total);
  return totals;
}

/**
 * A few indicators of one dimension of a unit (its subtree) over any period — what rollup gives for those keys,
 * reading only their counters: whole months by index seeks on (unit, month, indicator, dim) for each month the unit
 * has counters in and each indicator (a province's all-time list totals read a few hundred rows, not the 18,000
 * of every indicator and dimension), edge days from the day counters (units down to DAY_COUNTER_DEPTH) or the raw
 * rows of a deeper unit's small subtree.
 */
export async function rollupKeys(db: Executor, q: { unitId: number; from: string; to: string; indicators: string[]; dim?: string }): Promise<Map<string, number>> {
  const dim = q.dim ?? "";
  const out = new Map<string, number>(q.indicators.map((i) => [i, 0]));
  if (!q.indicators.length) return out;
  const inds = sql.join(q.indicators.map((i) => sql`${i}`), sql`, `);
  const { months, edges } = splitPeriod(q.from, q.to);
  if (months) {
    // the months the unit has counters in, within the period (two index seeks)
    const r = await db.get<{ lo: number | null; hi: number | null }>(sql`SELECT
      (SELECT month FROM stat_counters WHERE unit_id = ${q.unitId} AND month >= ${months.from} ORDER BY month LIMIT 1) AS lo,
      (SELECT month FROM stat_counters WHERE unit_id = ${q.unitId} AND month <= ${months.to} ORDER BY month DESC LIMIT 1) AS hi`);
    if (r?.lo && r.hi && r.lo <= r.hi) {
      const list: number[] = [];
      for (let m = r.lo; m <= r.hi; m = nextMonth(m)) list.push(m);
      for (let i = 0; i < list.length; i += 400)
        for (const row of await db.all<{ indicator: string; n: number }>(sql`SELECT indicator, sum(value) AS n FROM stat_counters
            WHERE unit_id = ${q.unitId} AND month IN (${sql.join(list.slice(i, i + 400).map((m) => sql`${m}`), sql`, `)}) AND indicator IN (${inds}) AND dim = ${dim}
            GROUP BY indicator`))
          out.set(row.indicator, (out.get(row.indicator) ?? 0) + row.n);
    }
  }
  if (edges.length) {
    const path = await unitPath(db, q.unitId);
    const days = depthOfPath(path) <= DAY_COUNTER_DEPTH;
    if (days) await ensureDayCounters(db);
    for (const e of edges) {
      if (days) {
        const plan = edgePlan(e.from, e.to);
        if (plan.month)
          for (const row of await db.all<{ indicator: string; n: number }>(sql`SELECT indicator, sum(value) AS n FROM stat_counters
              WHERE unit_id = ${q.unitId} AND month = ${plan.month} AND indicator IN (${inds}) AND dim = ${dim}
              GROUP BY indicator`))
            out.set(row.indicator, (out.get(row.indicator) ?? 0) + row.n);
        for (const d of plan.days)
          for (const row of await db.all<{ indicator: string; n: number }>(sql`SELECT indicator, sum(value) AS n FROM stat_counters_day
              WHERE unit_id = ${q.unitId} AND day BETWEEN ${d.from} AND ${d.to} AND indicator IN (${inds}) AND dim = ${dim}
              GROUP BY indicator`))
            out.set(row.indicator, (out.get(row.indicator) ?? 0) + d.sign * row.n);
      } else {
        const t = await recountRaw(db, { path, from: e.from, to: e.to });
        for (const i of q.indicators) out.set(i, (out.get(i) ?? 0) + (t.get(totalsKey(i, dim)) ?? 0));
      }
    }
  }
  return out;
}

/** One indicator and dimension of a unit (its subtree) over any period (rollupKeys for one key). */
export async function rollupIndicator(db: Executor, q: { unitId: number; from: string; to: string; indicator: string; dim?: string }): Promise<number> {
  return (await rollupKeys(db, { ...q, indicators: [q.indicator] })).get(q.indicator) ?? 0;
}

/** Monthly series of one indicator/dimension for a unit, from the counters. */
export async function readMonthlySeries(
  db: Executor,
  q: { unitId: number; fromMonth: number; toMonth: number; indicator: string; dim?: string },
): Promise<Map<number, number>> {
  const rows = await db.all<{ month: number; total: number }>(sql`
    SELECT month, SUM(value) AS total FROM stat_counters
    WHERE unit_id = ${q.unitId} AND month BETWEEN ${q.fromMonth} AND ${q.toMonth}
      AND indicator = ${q.indicator} AND dim = ${q.dim ?? ""}
    GROUP BY month`);
  return new Map(rows.map((r) => [r.month, r.total]));
}

/**
 * Totals (dimension '' only: no breakdowns) for several units at once over any period — child-unit breakdowns.
 * Whole months come from one grouped counter query; edge days from the day counters (units down to
 * DAY_COUNTER_DEPTH: every level of the five-level tree) or, for deeper units, from raw rows. `indicators` limits
 * the totals to those (a report's breakdown shows five).
 */
export async function rollupTotalsOfUnits(db: Executor, q: { unitIds: number[]; from: string; to: string; indicators?: string[] }, cache?: RawCache): Promise<Map<number, Totals>> {
  const out = new Map<number, Totals>(q.unitIds.map((id) => [id, new Map()]));
  if (!q.unitIds.length) return out;
  const { months, edges } = splitPeriod(q.from, q.to);
  const wanted = q.indicators ? new Set(q.indicators) : null;
  const onlyWanted = q.indicators ? sql` AND indicator IN (${sql.join(q.indicators.map((i) => sql`${i}`), sql`, `)})` : sql``;
  if (q.indicators && !q.indicators.length) return out;
  if (months) {
    const rows = await db.all<{ unitId: number; indicator: string; total: number }>(sql`
      SELECT unit_id AS "unitId", indicator, SUM(value) AS total FROM stat_counters
      WHERE unit_id IN (${sql.join(q.unitIds.map((id) => sql`${id}`), sql`, `)}) AND month BETWEEN ${months.from} AND ${months.to} AND dim = ''${onlyWanted}
      GROUP BY unit_id, indicator`);
    for (const r of rows) out.get(r.unitId)!.set(totalsKey(r.indicator, ""), r.total);
  }
  const paths = edges.length ? await Promise.all(q.unitIds.map(async (id) => ({ id, path: await unitPath(db, id) }))) : [];
  if (edges.length && paths.every((p) => depthOfPath(p.path) <= DAY_COUNTER_DEPTH)) {
    await ensureDayCounters(db);
    const ids = sql.join(q.unitIds.map((id) => sql`${id}`), sql`, `);
    const add = (rows: Array<{ unitId: number; indicator: string; total: number }>, sign: number) => {
      for (const r of rows) {
        const t = out.get(r.unitId)!;
        t.set(totalsKey(r.indicator, ""), (t.get(totalsKey(r.indicator, "")) ?? 0) + sign * r.total);
      }
    };
    for (const e of edges) {
      const plan = edgePlan(e.from, e.to);
      if (plan.month)
        add(await db.all(sql`SELECT unit_id AS "unitId", indicator, SUM(value) AS total FROM stat_counters
          WHERE unit_id IN (${ids}) AND month = ${plan.month} AND dim = ''${onlyWanted}
          GROUP BY unit_id, indicator`), 1);
      for (const d of plan.days)
        add(await db.all(sql`SELECT unit_id AS "unitId", indicator, SUM(value) AS total FROM stat_counters_day
          WHERE unit_id IN (${ids}) AND day BETWEEN ${d.from} AND ${d.to} AND dim = ''${onlyWanted}
          GROUP BY unit_id, indicator`), d.sign);
    }
  } else if (edges.length) {
    // one raw pass over the units' common ancestor, each row credited to the unit whose subtree holds it
    const parts = paths.map((p) => p.path.split("/").filter(Boolean));
    const common: string[] = [];
    for (let i = 0; parts.every((p) => i < p.length && p[i] === parts[0][i]); i++) common.push(parts[0][i]);
    if (!common.length) throw new Error("units without a common ancestor");
    const commonPath = `/${common.join("/")}/`;
    const { lo, hi } = subtreeRange(commonPath);
    const unitPaths = new Map((await db.all<{ id: number; path: string }>(sql`SELECT id, path FROM units WHERE path >= ${lo} AND path < ${hi}`)).map((u) => [u.id, u.path]));
    for (const e of edges)
      for (const kind of RECORD_KINDS)
        for (const row of await loadRows(db, kind, { path: commonPath, from: e.from, to: e.to }, cache)) {
          const rowPath = unitPaths.get(row.unitId) ?? "";
          for (const p of paths) {
            if (!rowPath.startsWith(p.path)) continue;
            const t = out.get(p.id)!;
            for (const c of row.contributions)
              if (c.dim === "" && c.day >= e.from && c.day <= e.to && (!wanted || wanted.has(c.indicator)))
                t.set(totalsKey(c.indicator, ""), (t.get(totalsKey(c.indicator, "")) ?? 0) + c.value);
          }
        }
  }
  return out;
}

/** Month-by-month totals (dimension '') of a unit for a few indicators, clipped to the period at its edges. */
export async function monthlyTotals(
  db: Executor,
  q: { unitId: number; from: string; to: string; indicators: string[] },
  cache?: RawCache,
): Promise<Map<number, Totals>> {
  const out = new Map<number, Totals>();
  const first = monthOf(q.from);
  const last = monthOf(q.to);
  for (let m = first; m <= last; m = nextMonth(m)) out.set(m, new Map());
  const rows = await db.all<{ month: number; indicator: string; total: number }>(sql`
    SELECT month, indicator, SUM(value) AS total FROM stat_counters
    WHERE unit_id = ${q.unitId} AND month BETWEEN ${first} AND ${last} AND dim = ''
      AND indicator IN (${sql.join(q.indicators.map((i) => sql`${i}`), sql`, `)})
    GROUP BY month, indicator`);
  for (const r of rows) out.get(r.month)?.set(totalsKey(r.indicator, ""), r.total);
  // the first and last month may be partial: recount those from raw rows within the period
  const path = q.from !== firstDayOfMonth(first) || q.to !== lastDayOfMonth(last) ? await unitPath(db, q.unitId) : null;
  if (path) {
    for (const m of new Set([first, last])) {
      const from = firstDayOfMonth(m) < q.from ? q.from : firstDayOfMonth(m);
      const to = lastDayOfMonth(m) > q.to ? q.to : lastDayOfMonth(m);
      if (from === firstDayOfMonth(m) && to === lastDayOfMonth(m)) continue;
      const part = await rollup(db, { unitId: q.unitId, from, to }, cache);
      out.set(m, new Map([...part].filter(([k]) => k.endsWith("|"))));
    }
  }
  return out;
}

/** The same totals straight from raw rows: the ground truth. */
export async function recountRaw(db: Executor, q: { path: string; from: string; to: string }, cache?: RawCache): Promise<Totals> {
  const totals: Totals = new Map();
  for (const kind of RECORD_KINDS) {
    for (const row of await loadRows(db, kind, q, cache)) addToTotals(totals, row.contributions, q.from, q.to);
  }
  return totals;
}

/**
 * Totals for a unit's subtree over any period: whole months from the counters, edge days recounted from raw rows.
 */
export async function rollup(db: Executor, q: { unitId: number; from: string; to: string }, cache?: RawCache): Promise<Totals> {
  const { months, edges } = splitPeriod(q.from, q.to);
  const totals: Totals = months ? await readCounters(db, q.unitId, months.from, months.to) : new Map();
  if (edges.length) {
    const path = await unitPath(db, q.unitId);
    const days = depthOfPath(path) <= DAY_COUNTER_DEPTH;
    if (days) await ensureDayCounters(db);
    for (const e of edges) {
      const part = days ? (cache ? await cache.days(db, q.unitId, e.from, e.to) : await readDayCounters(db, q.unitId, e.from, e.to)) : await recountRaw(db, { path, from: e.from, to: e.to }, cache);
      for (const [k, v] of part) totals.set(k, (totals.get(k) ?? 0) + v);
    }
  }
  return totals;
}

/**
 * Moves a unit's counters with it: its own counters already sum its subtree, so they are taken away from the
 * old ancestors and given to the new ones. Call in the transaction that changes the unit's path.
 */
export async function transferSubtreeCounters(db: Executor, q: { unitId: number; oldPath: string; newPath: string }) {
  const oldAncestors = ancestorIdsOfPath(q.oldPath).filter((id) => id !== q.unitId);
  const newAncestors = ancestorIdsOfPath(q.newPath).filter((id) => id !== q.unitId);
  const apply = async (ancestor: number, sign: 1 | -1) =>
    await db.run(sql`INSERT INTO stat_counters (unit_id, month, indicator, dim, value)
      SELECT ${ancestor}, month, indicator, dim, ${sign} * value FROM stat_counters WHERE unit_id = ${q.unitId}
      ON CONFLICT (unit_id, month, indicator, dim) DO UPDATE SET value = stat_counters.value + excluded.value`);
  for (const a of oldAncestors) if (!newAncestors.includes(a)) await apply(a, -1);
  for (const a of newAncestors) if (!oldAncestors.includes(a)) await apply(a, 1);
  // day counters: the moved subtree's units keep them by their new depth; its day totals (from raw rows, one
  // pass over the subtree) leave the old holders above it and join the new ones
  const moved = await dayCountersPass(db, { id: q.unitId, path: q.newPath });
  const oldHolders = dayHoldersOfPath(q.oldPath).filter((id) => id !== q.unitId);
  const newHolders = dayHoldersOfPath(q.newPath).filter((id) => id !== q.unitId);
  const negative: DayDelta = new Map();
  for (const d of moved.values()) addDayContribution(negative, d.day, d.indicator, d.dim, -d.value);
  await upsertDayDelta(db, oldHolders.filter((id) => !newHolders.includes(id)), negative);
  await upsertDayDelta(db, newHolders.filter((id) => !oldHolders.includes(id)), moved);
}

/**
 * Rebuilds the counters of one subtree from its raw rows, in the caller's transaction: the counters of every unit
 * in the subtree are recomputed, and the ancestors above it get the difference between the subtree root's new
 * and old totals. Used after bulk loads and when the unit tree changes (rebuild only what changed).
 */
export async function rebuildSubtreeCounters(db: Executor, rootUnitId: number, opts: { days?: boolean } = {}) {
  const root = await db.select({ id: units.id, path: units.path }).from(units).where(eq(units.id, rootUnitId)).get();
  if (!root) throw new Error(`unit ${rootUnitId} not found`);
  const { lo, hi } = subtreeRange(root.path);
  const inSubtree = await db.all<{ id: number; path: string }>(sql`SELECT id, path FROM units WHERE path >= ${lo} AND path < ${hi}`);
  const pathOf = new Map(inSubtree.map((u) => [u.id, u.path]));
  const rootDepth = ancestorIdsOfPath(root.path).length;

  // the root's totals before, to correct the ancestors above it afterwards
  const oldRoot = await db.all<{ month: number; indicator: string; dim: string; value: number }>(
    sql`SELECT month, indicator, dim, value FROM stat_counters WHERE unit_id = ${root.id}`,
  );
  await db.run(sql`DELETE FROM stat_counters WHERE unit_id IN (SELECT id FROM units WHERE path >= ${lo} AND path < ${hi})`);

  const perUnit = new Map<number, Delta>();
  for (const kind of RECORD_KINDS) {
    for (const row of await kind.loadRaw(db, { path: root.path, from: "0000-01-01", to: "9999-12-31" })) {
      // the record's unit and its ancestors down from the subtree root
      for (const ancestor of ancestorIdsOfPath(pathOf.get(row.unitId)!).slice(rootDepth - 1)) {
        let d = perUnit.get(ancestor);
        if (!d) perUnit.set(ancestor, (d = new Map()));
        addDelta(d, row.contributions, 1);
      }
    }
  }
  for (const [unitId, delta] of perUnit) await upsertDelta(db, [unitId], delta);

  const above = ancestorIdsOfPath(root.path).slice(0, -1);
  if (above.length) {
    const diff: Delta = perUnit.get(root.id) ?? new Map();
    for (const o of oldRoot) {
      const k = `${o.month}|${o.indicator}|${o.dim}`;
      const cur = diff.get(k);
      if (cur) cur.value -= o.value;
      else diff.set(k, { month: o.month, indicator: o.indicator, dim: o.dim, value: -o.value });
    }
    await upsertDelta(db, above, diff);
  }
  if (opts.days !== false) await rebuildDayCountersAround(db, root.path);
}

/** Rebuilds every counter from raw rows (repair, bulk loads such as the demo seed). Call in one transaction. */
export async function rebuildAllCounters(db: Executor) {
  await db.run(sql`DELETE FROM stat_counters`);
  await db.run(sql`DELETE FROM stat_counters_day`);
  const roots = await db.select({ id: units.id }).from(units).where(isNull(units.parentId)).all();
  for (const r of roots) await rebuildSubtreeCounters(db, r.id, { days: false });
  await fillDayCounters(db);
}

