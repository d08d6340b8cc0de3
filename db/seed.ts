/**
 * Demo seed: 运城市 with 临猗县 (14 townships, 284 villages, specialised bodies) and 万荣县, the demo accounts
 * (db/seed-data.ts) and two years of free legal consultations ending today, then the summary counters.
 *
 *   tsx db/seed.ts              seeds an empty database; refuses when it already holds data
 *   tsx db/seed.ts --if-empty   seeds only when the database has no units (prints a line otherwise)
 *   tsx db/seed.ts --reset      deletes every row of every table first, then seeds
 *   options: --today=YYYY-MM-DD (default: today in China), --seed=N (PRNG seed, default 20240305)
 *
 * Deterministic: the same `today` and `seed` give the same units, users and records (only the password hashes
 * and the units'/users' own createdAt differ from run to run).
 */
import { databaseEngine } from "../app/utils/env.server";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { getDb, type DB } from "../app/utils/db.server";
import { hashPassword } from "../app/utils/auth.server";
import { rebuildAllCounters } from "../app/models/counters.server";
import { rebuildReportingCounters } from "../app/models/monthly-reports.server";
import type { SeedContext } from "./seed-context";
import { seedMediation } from "./seed-mediation";
import { seedLegalAid } from "./seed-legal-aid";
import { seedReviews } from "./seed-reviews";
import { addDays, firstDayOfMonth, isValidDay, lastDayOfMonth, nextMonth, todayInChina } from "../app/utils/dates";
import {
  AMOUNTS,
  CATEGORY_WEIGHTS,
  CHANNEL_OPENINGS,
  CHANNEL_WEIGHTS,
  CITY,
  COUNTIES,
  DEMO_ACCOUNTS,
  DEFAULT_CATEGORY_SHARE,
  DEMO_PASSWORD,
  DOUBLE_NINTH,
  FIRST_YISHI_VILLAGE,
  GIVEN_NAMES,
  LEGAL_AID_TOPIC_WEIGHTS,
  LINYI,
  LINYI_BODIES,
  MERGED_VILLAGE,
  NEXT_STEP_WEIGHTS,
  OUTREACH_EVENTS,
  REFERRAL_TEXT,
  SPRING_FESTIVAL,
  SUMMARY_TEMPLATES,
  SURNAMES,
  TOPIC_CATEGORY_WEIGHTS,
  TOPIC_WEIGHTS,
  VILLAGE_CORES,
  VILLAGE_PREFIXES,
  VILLAGE_SUFFIXES,
  VILLAGE_WORDS,
  villageCode,
  type CountySeed,
} from "./seed-data";

export const DEFAULT_SEED = 20240305;
const ACTIVE_FROM = "2015-01-01";

// ---------------------------------------------------------------------------------------------------------------
// Deterministic randomness

import { mulberry32 } from "./rng";
export { mulberry32 };

export type Rand = () => number;
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

/** Fisher–Yates shuffle of a copy. */
function shuffle<T>(r: Rand, xs: readonly T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

function weighted(weights: Record<string, number>) {
  const entries = Object.entries(weights);
  const total = entries.reduce((s, [, w]) => s + w, 0);
  return (r: Rand) => {
    let x = r() * total;
    for (const [k, w] of entries) {
      x -= w;
      if (x < 0) return k;
    }
    return entries[entries.length - 1][0];
  };
}

/** Poisson draw (Knuth); fine for the small rates of one unit on one day. */
function poisson(r: Rand, lambda: number) {
  if (lambda <= 0) return 0;
  const L = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= r();
  } while (p > L);
  return k - 1;
}

// ---------------------------------------------------------------------------------------------------------------
// Calendar of the workload

const dayOfWeek = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();

/** Relative workload of a day: working days ≈ 1, weekends rare, holidays and the Spring Festival weeks quiet. */
export function dayWeight(day: string): number {
  const year = Number(day.slice(0, 4));
  const md = day.slice(5);
  const month = Number(day.slice(5, 7));
  let w = [0, 0.9, 0.9, 1.35, 1.05, 1.05, 1.0, 0.95, 0.95, 0.95, 0.9, 1.0, 1.25][month];
  if (md >= "12-01" && md <= "12-10") w *= 1.35; // 12.4 宪法宣传周
  if (md >= "03-01" && md <= "03-20") w *= 1.1; // 学雷锋, 3.15, 民法典 publicity
  const dow = dayOfWeek(day);
  if (dow === 0 || dow === 6) w *= 0.06;
  // public holidays
  if (md === "01-01") w *= 0.15;
  if (md >= "04-04" && md <= "04-06") w *= 0.3; // 清明
  if (md >= "05-01" && md <= "05-05") w *= 0.15;
  if (md >= "10-01" && md <= "10-07") w *= 0.1;
  // Spring Festival: quiet from 小年 to 元宵
  const sf = SPRING_FESTIVAL[year] ?? `${year}-02-05`;
  const d = Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${sf}T00:00:00Z`)) / 86400_000);
  if (d >= -8 && d <= -1) w *= 0.35;
  else if (d >= 0 && d <= 7) w *= 0.05;
  else if (d >= 8 && d <= 15) w *= 0.55;
  return w;
}

function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The tree

export type PlannedUnit = {
  key: string;
  code: string;
  name: string;
  shortName: string | null;
  level: "city" | "county" | "township" | "village";
  type: string;
  parentKey: string | null;
  sortOrder: number;
  activeTo: string | null;
  mergedIntoKey: string | null;
  /** consultation records per year (before growth and randomness) */
  recordsPerYear: number;
  /** who answers consultations here */
  answerers: string[];
  /** username of the account that enters its records */
  enteredBy: string;
  channelMix: "county" | "township" | "village";
  topicMix: "default" | "legal_aid";
  county: string;
  /** the township the unit lies in (null for city/county level) */
  township: string | null;
};

function personName(r: Rand, used: Set<string>) {
  for (;;) {
    const n = pick(r, SURNAMES) + pick(r, GIVEN_NAMES);
    if (!used.has(n)) {
      used.add(n);
      return n;
    }
  }
}

function villageName(r: Rand, used: Set<string>) {
  for (;;) {
    const x = r();
    const n =
      x < 0.4
        ? pick(r, VILLAGE_PREFIXES) + pick(r, VILLAGE_CORES) + "村"
        : x < 0.6
          ? pick(r, VILLAGE_CORES) + pick(r, VILLAGE_SUFFIXES)
          : x < 0.75
            ? pick(r, VILLAGE_CORES) + "村"
            : pick(r, VILLAGE_WORDS) + "村";
    if (!used.has(n)) {
      used.add(n);
      return n;
    }
  }
}

/** Plans every unit (parents before children) with its workload, answerers and the account that enters its records. */
function planUnits(r: Rand, firstYear: number): PlannedUnit[] {
  const out: PlannedUnit[] = [];
  const usedNames = new Set<string>([CITY.name, ...COUNTIES.flatMap((c) => [c.name, ...c.townships.map((t) => t.name)])]);
  for (const b of LINYI_BODIES) usedNames.add(b.name);
  for (const c of COUNTIES) for (const t of c.townships) for (const v of t.namedVillages ?? []) usedNames.add(v);
  usedNames.add(MERGED_VILLAGE.name);
  const usedPeople = new Set<string>(DEMO_ACCOUNTS.map((a) => a.displayName));
  // the account that enters a unit's records: its staff member (not the centre head) where there is one
  const account = (unitCode: string, fallback: string) =>
    (DEMO_ACCOUNTS.find((a) => a.unitCode === unitCode && a.role === "staff") ?? DEMO_ACCOUNTS.find((a) => a.unitCode === unitCode))?.username ?? fallback;

  out.push({
    key: CITY.code, code: CITY.code, name: CITY.name, shortName: CITY.shortName, level: "city", type: "admin", parentKey: null,
    sortOrder: 1, activeTo: null, mergedIntoKey: null, recordsPerYear: 0, answerers: [], enteredBy: "admin",
    channelMix: "county", topicMix: "default", county: "", township: null,
  });
  COUNTIES.forEach((county: CountySeed, ci) => {
    out.push({
      key: county.code, code: county.code, name: county.name, shortName: county.shortName, level: "county", type: "admin",
      parentKey: CITY.code, sortOrder: ci + 1, activeTo: null, mergedIntoKey: null, recordsPerYear: 0, answerers: [],
      enteredBy: "admin", channelMix: "county", topicMix: "default", county: county.name, township: null,
    });
    if (county === LINYI) {
      LINYI_BODIES.filter((b) => !b.township).forEach((b, bi) => {
        const staff = DEMO_ACCOUNTS.find((a) => a.unitCode === b.code);
        const answerers = [...(staff ? [staff.displayName] : []), ...Array.from({ length: b.recordsPerYear ? 4 : 2 }, () => personName(r, usedPeople))];
        out.push({
          key: b.code, code: b.code, name: b.name, shortName: b.shortName, level: "county", type: b.type, parentKey: county.code,
          sortOrder: 100 + bi, activeTo: null, mergedIntoKey: null, recordsPerYear: b.recordsPerYear, answerers,
          enteredBy: staff?.username ?? "linyi.centre", channelMix: "county",
          topicMix: b.type === "legal_aid_centre" ? "legal_aid" : "default", county: county.name, township: null,
        });
      });
    }
    county.townships.forEach((t, ti) => {
      const staffUser = account(t.code, `${t.stem}.staff`);
      const staff = DEMO_ACCOUNTS.find((a) => a.username === staffUser)!;
      const head = DEMO_ACCOUNTS.find((a) => a.unitCode === t.code && a.role === "centre_head");
      const answerers = [staff.displayName, ...(head ? [head.displayName] : [])];
      while (answerers.length < 4) answerers.push(personName(r, usedPeople));
      out.push({
        key: t.code, code: t.code, name: t.name, shortName: t.shortName, level: "township", type: "admin", parentKey: county.code,
        sortOrder: ti + 1, activeTo: null, mergedIntoKey: null, recordsPerYear: t.recordsPerYear, answerers, enteredBy: staffUser,
        channelMix: "township", topicMix: "default", county: county.name, township: t.name,
      });
      // villages and communities: named ones first, then the township's own village, then generated names
      const names = [...(t.namedVillages ?? [])];
      const own = `${t.shortName}村`;
      if (!names.includes(own) && !usedNames.has(own)) {
        usedNames.add(own);
        names.push(own);
      }
      while (names.length < t.villages) names.push(villageName(r, usedNames));
      let communities = 0;
      let villages = 0;
      const villageUnits: PlannedUnit[] = [];
      names.forEach((name, vi) => {
        const isCommunity = name.endsWith("社区");
        const code = villageCode(t.code, isCommunity ? "community" : "village", isCommunity ? ++communities : ++villages);
        const villageAccount = DEMO_ACCOUNTS.find((a) => a.unitCode === code);
        // workload: communities and the seat's villages are busier; many villages log nothing at all
        const x = r();
        const rate = isCommunity ? int(r, 6, 15) : x < 0.45 ? 0 : x < 0.92 ? int(r, 1, 4) : int(r, 6, 12);
        const cadre = personName(r, usedPeople);
        villageUnits.push({
          key: code, code, name, shortName: null, level: "village", type: "admin", parentKey: t.code, sortOrder: vi + 1,
          activeTo: null, mergedIntoKey: null, recordsPerYear: villageAccount ? Math.max(rate, 18) : rate,
          answerers: villageAccount ? [villageAccount.displayName, cadre] : [cadre, ...(r() < 0.5 ? [pick(r, answerers)] : [])],
          enteredBy: villageAccount?.username ?? staffUser, channelMix: "village", topicMix: "default", county: county.name, township: t.name,
        });
      });
      if (t.name === MERGED_VILLAGE.township) {
        const survivor = villageUnits.find((v) => v.name === MERGED_VILLAGE.mergedInto)!;
        const code = villageCode(t.code, "village", ++villages);
        villageUnits.push({
          // a merged unit sits under the unit it merged into (as deactivateUnit does), so the survivor's figures keep its history
          ...survivor, key: code, code, name: MERGED_VILLAGE.name, parentKey: survivor.key, sortOrder: villageUnits.length + 1,
          activeTo: `${firstYear}-12-31`, mergedIntoKey: survivor.key, recordsPerYear: 10, answerers: [personName(r, usedPeople)],
        });
        survivor.recordsPerYear = Math.max(survivor.recordsPerYear, 6);
      }
      out.push(...villageUnits);
    });
  });
  // personal-brand rooms under their townships
  LINYI_BODIES.filter((b) => b.township).forEach((b, bi) => {
    const parent = out.find((u) => u.name === b.township)!;
    out.push({
      key: b.code, code: b.code, name: b.name, shortName: b.shortName, level: b.level as "township", type: b.type,
      parentKey: parent.key, sortOrder: 200 + bi, activeTo: null, mergedIntoKey: null, recordsPerYear: b.recordsPerYear,
      answerers: [personName(r, usedPeople)], enteredBy: parent.enteredBy, channelMix: "township", topicMix: "default",
      county: parent.county, township: parent.township,
    });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Consultations

type PlannedConsultation = {
  unitKey: string;
  date: string;
  channel: string;
  topic: string;
  persons: number;
  categories: string[];
  answeredBy: string;
  summary: string;
  nextStep: string;
  enteredBy: string;
  createdAt: string;
  voided: { at: string; reason: string } | null;
};

const pickTopic = { default: weighted(TOPIC_WEIGHTS), legal_aid: weighted(LEGAL_AID_TOPIC_WEIGHTS) };
const pickChannel = {
  county: weighted(CHANNEL_WEIGHTS.county),
  township: weighted(CHANNEL_WEIGHTS.township),
  village: weighted(CHANNEL_WEIGHTS.village),
};
const pickCategory = weighted(CATEGORY_WEIGHTS);
const pickNextStep = weighted(NEXT_STEP_WEIGHTS);

/** An instant on a China calendar day at hh:mm (CST), as ISO UTC text. */
function instant(day: string, minutesAfterMidnight: number) {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d, 0, minutesAfterMidnight) - 8 * 3600_000).toISOString();
}

const pickTopicCategory = Object.fromEntries(Object.entries(TOPIC_CATEGORY_WEIGHTS).map(([t, v]) => [t, weighted(v.weights)]));

/** None for most; one (now and then two) person categories for about three in ten, by topic. */
function categoriesFor(r: Rand, topic: string): string[] {
  const spec = TOPIC_CATEGORY_WEIGHTS[topic];
  const share = spec?.share ?? DEFAULT_CATEGORY_SHARE;
  if (r() >= share) return [];
  const first = spec && r() < 0.85 ? pickTopicCategory[topic](r) : pickCategory(r);
  const set = new Set([first]);
  if (r() < 0.18) set.add(pickCategory(r));
  return [...set].sort();
}

function summaryFor(r: Rand, topic: string, channel: string, nextStep: string): string {
  const [q, a] = pick(r, SUMMARY_TEMPLATES[topic] ?? SUMMARY_TEMPLATES.other);
  const opening = pick(r, CHANNEL_OPENINGS[channel] ?? [""]);
  const question = q.replace("{amount}", pick(r, AMOUNTS));
  let answer = a;
  if (nextStep !== "answered") {
    const ref = REFERRAL_TEXT[nextStep];
    answer = typeof ref === "string" ? ref : (ref[topic] ?? ref.default);
  }
  return `${opening}${question}，${answer}。`;
}

function personsOf(r: Rand) {
  const x = r();
  return x < 0.91 ? 1 : x < 0.98 ? 2 : 3;
}

/** When the record was entered: the same working day a little later, now and then weeks late; never after `today`. */
function enteredAt(r: Rand, date: string, today: string) {
  let day = date;
  let minutes = int(r, 8 * 60 + 40, 17 * 60 + 50);
  if (r() < 0.025) {
    day = addDays(date, int(r, 7, 40));
    if (day > today) day = today;
  } else if (r() < 0.1) {
    minutes = int(r, 18 * 60, 21 * 60 + 30); // typed in after work
  }
  return instant(day, minutes);
}

function planConsultations(r: Rand, plan: PlannedUnit[], from: string, today: string): PlannedConsultation[] {
  const out: PlannedConsultation[] = [];
  const days = daysOf(from, today);
  const weights = days.map(dayWeight);
  // a year's total weight (whole calendar year, so the current year comes out partial)
  const yearWeight = new Map<number, number>();
  for (let y = Number(from.slice(0, 4)); y <= Number(today.slice(0, 4)); y++) {
    yearWeight.set(y, daysOf(`${y}-01-01`, `${y}-12-31`).reduce((s, d) => s + dayWeight(d), 0));
  }
  const lastYear = Number(today.slice(0, 4));

  const single = (u: PlannedUnit, date: string): PlannedConsultation => {
    const topic = pickTopic[u.topicMix](r);
    const channel = pickChannel[u.channelMix](r);
    const nextStep = pickNextStep(r);
    return {
      unitKey: u.key, date, channel, topic, persons: personsOf(r), categories: categoriesFor(r, topic),
      answeredBy: pick(r, u.answerers), summary: summaryFor(r, topic, channel, nextStep), nextStep, enteredBy: u.enteredBy,
      createdAt: enteredAt(r, date, today), voided: null,
    };
  };

  for (const u of plan) {
    // the unit a merged village's work went to after the merger
    const mergedFrom = plan.filter((m) => m.mergedIntoKey === u.key);
    if (!u.recordsPerYear && !mergedFrom.length) continue;
    // a unit's own pace varies from year to year; the network grows a little
    const yearFactor = new Map<number, number>();
    for (const y of yearWeight.keys()) yearFactor.set(y, (0.94 + 0.06 * (y === lastYear ? 1 : 0)) * (0.9 + 0.2 * r()));
    days.forEach((date, i) => {
      if (u.activeTo && date > u.activeTo) return;
      const y = Number(date.slice(0, 4));
      let rate = u.recordsPerYear;
      for (const m of mergedFrom) if (m.activeTo && date > m.activeTo) rate += m.recordsPerYear;
      const lambda = (rate * yearFactor.get(y)! * weights[i]) / yearWeight.get(y)!;
      const n = poisson(r, lambda);
      for (let k = 0; k < n; k++) {
        const c = single(u, date);
        out.push(c);
        // ~0.5% are typed in twice; the copy is voided as 重复登记
        if (r() < 0.005) {
          const copyAt = new Date(Date.parse(c.createdAt) + int(r, 2, 40) * 60_000).toISOString();
          let voidDay = addDays(date, int(r, 0, 6));
          if (voidDay > today) voidDay = today;
          let voidAt = instant(voidDay, int(r, 9 * 60, 17 * 60));
          if (voidAt < copyAt) voidAt = new Date(Date.parse(copyAt) + 3600_000).toISOString();
          out.push({ ...c, createdAt: copyAt, voided: { at: voidAt, reason: "重复登记" } });
        }
      }
    });
  }

  // outreach events, per county and year
  for (const county of COUNTIES) {
    const centre = plan.find((u) => u.county === county.name && u.type === "service_centre") ?? plan.find((u) => u.county === county.name && u.level === "township")!;
    const townships = plan.filter((u) => u.county === county.name && u.level === "township" && u.type === "admin");
    for (let y = Number(from.slice(0, 4)); y <= lastYear; y++) {
      for (const ev of OUTREACH_EVENTS) {
        let date: string;
        if (ev.when === "double-ninth") date = DOUBLE_NINTH[y] ?? `${y}-10-15`;
        else if (ev.when.includes("..")) {
          const [a, b] = ev.when.split("..");
          const options = daysOf(`${y}-${a}`, `${y}-${b}`).filter((d) => dayOfWeek(d) !== 0 && dayOfWeek(d) !== 6);
          date = pick(r, options);
        } else date = `${y}-${ev.when}`;
        const hosts = ev.at === "centre" ? [centre] : shuffle(r, townships).slice(0, ev.count ?? 1);
        for (const host of hosts) {
          if (date < from || date > today) continue;
          const persons = int(r, 10, 55);
          const topic = pick(r, ev.topics);
          out.push({
            unitKey: host.key, date, channel: "outreach", topic, persons, categories: [...(ev.categories ?? [])].sort(),
            answeredBy: pick(r, host.answerers), summary: `${ev.text.replace("{n}", String(persons))}。`, nextStep: "answered",
            enteredBy: host.enteredBy, createdAt: enteredAt(r, date, today), voided: null,
          });
        }
      }
    }
  }
  // records in the order they were entered
  out.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Database

/** Tables holding data (no migrations journal, no sqlite internals, no FTS shadow tables). */
function dataTables(db: DB): string[] {
  const rows = db.$client
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_\\_drizzle%' ESCAPE '\\'`)
    .all() as Array<{ name: string; sql: string | null }>;
  const virtual = rows.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql ?? "")).map((t) => t.name);
  return rows.map((t) => t.name).filter((n) => !virtual.some((v) => n.startsWith(`${v}_`)));
}

/** Every data table ordered so that a table comes before every table it references (safe order for DELETE). */
export function deletionOrder(db: DB): string[] {
  const tables = dataTables(db);
  const refs = new Map<string, Set<string>>();
  for (const t of tables) {
    const fks = db.$client.prepare(`SELECT "table" AS target FROM pragma_foreign_key_list(?)`).all(t) as Array<{ target: string }>;
    refs.set(t, new Set(fks.map((f) => f.target).filter((x) => x !== t && tables.includes(x))));
  }
  const order: string[] = [];
  const left = new Set(tables);
  while (left.size) {
    // a table nobody left references can go now
    const free = [...left].filter((t) => ![...left].some((o) => o !== t && refs.get(o)!.has(t)));
    const next = free.length ? free : [...left]; // a cycle: foreign keys are deferred anyway
    for (const t of next.sort()) {
      order.push(t);
      left.delete(t);
    }
  }
  return order;
}

/** Deletes every row of every data table (foreign-key-safe order) and restarts the id sequences. Call inside a transaction. */
function deleteAllRows(db: DB) {
  const client = db.$client;
  const order = deletionOrder(db);
  client.pragma("defer_foreign_keys = ON"); // for cycles; reset by SQLite at the end of the transaction
  for (const t of order) client.prepare(`DELETE FROM "${t}"`).run();
  if (client.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'`).get()) client.prepare(`DELETE FROM sqlite_sequence`).run();
}

/** Deletes every row of every data table in one transaction and restarts the id sequences. */
export async function resetDatabase(db: DB) {
  await db.transaction(async () => deleteAllRows(db));
}

export function hasData(db: DB): boolean {
  const count = (t: string) => (db.$client.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n;
  return count("units") > 0 || count("users") > 0 || count("consultations") > 0;
}

export type SeedOptions = {
  /** Last day of the data (China calendar), default today in China. Data starts on Jan 1 of the year before. */
  today?: string;
  /** PRNG seed, default DEFAULT_SEED. */
  seed?: number;
  /** Delete every row of every table first. Without it, a database holding data is refused. */
  reset?: boolean;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
};

export type SeedSummary = {
  today: string;
  from: string;
  units: number;
  users: number;
  consultations: number;
  voided: number;
  /** person-times of non-voided consultations, per county name and year */
  personTimes: Record<string, Record<number, number>>;
  /** milliseconds */
  timings: { hash: number; generate: number; insert: number; counters: number; total: number };
};

export class SeedRefusedError extends Error {
  constructor() {
    super("The database already holds data; the demo seed only fills an empty database. Run `tsx db/seed.ts --reset` to wipe it and seed again.");
    this.name = "SeedRefusedError";
  }
}

/**
 * Seeds the demo data into `db` in one transaction: units, users, consultations (with their category rows) and
 * the summary counters (rebuilt from the raw rows). Throws SeedRefusedError when the database already holds data
 * and `reset` is not set.
 */
export async function seedDemo(db: DB, opts: SeedOptions = {}): Promise<SeedSummary> {
  const t0 = performance.now();
  const log = opts.log ?? (() => {});
  const today = opts.today ?? todayInChina();
  if (!isValidDay(today)) throw new Error(`invalid today: ${today}`);
  const seed = opts.seed ?? DEFAULT_SEED;
  const firstYear = Number(today.slice(0, 4)) - 1;
  const from = `${firstYear}-01-01`;
  if (!opts.reset && hasData(db)) throw new SeedRefusedError();

  // one hash for the one demo password (argon2id is deliberately slow)
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const t1 = performance.now();

  const r = mulberry32(seed);
  const plan = planUnits(r, firstYear);
  const records = planConsultations(r, plan, from, today);
  const t2 = performance.now();

  let t3 = t2;
  const client = db.$client;
  await db.transaction(async (tx) => {
    if (opts.reset) deleteAllRows(db);
    else if (hasData(db)) {
      throw new SeedRefusedError();
    }
    // units, parents first
    const insUnit = client.prepare(
      `INSERT INTO units (code, name, short_name, level, type, parent_id, path, depth, sort_order, active_from, active_to)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const setPath = client.prepare(`UPDATE units SET path = ? WHERE id = ?`);
    const unitIds = new Map<string, { id: number; path: string; depth: number }>();
    for (const u of plan) {
      const parent = u.parentKey ? unitIds.get(u.parentKey)! : null;
      const depth = parent ? parent.depth + 1 : 0;
      const info = insUnit.run(u.code, u.name, u.shortName, u.level, u.type, parent?.id ?? null, `pending:${u.code}`, depth, u.sortOrder, ACTIVE_FROM, u.activeTo);
      const id = Number(info.lastInsertRowid);
      const p = `${parent ? parent.path : "/"}${id}/`;
      setPath.run(p, id);
      unitIds.set(u.key, { id, path: p, depth });
    }
    const setMerged = client.prepare(`UPDATE units SET merged_into_id = ? WHERE id = ?`);
    for (const u of plan) if (u.mergedIntoKey) setMerged.run(unitIds.get(u.mergedIntoKey)!.id, unitIds.get(u.key)!.id);

    // resident population (for distributing targets): villages 600–3,500; a township its villages plus its seat;
    // a county its townships; the city its counties. Its own random stream, so the rest of the data is unchanged.
    const rp = mulberry32(seed + 3);
    const setPop = client.prepare(`UPDATE units SET population = ? WHERE id = ?`);
    for (const u of plan) if (u.level === "village" && u.type === "admin" && !u.mergedIntoKey) setPop.run(600 + Math.floor(rp() * 2900), unitIds.get(u.key)!.id);
    for (const level of ["township", "county", "city"] as const)
      for (const u of plan.filter((x) => x.level === level && x.type === "admin")) {
        const id = unitIds.get(u.key)!.id;
        const seat = level === "township" ? 3000 + Math.floor(rp() * 5000) : 0;
        const sum = (client.prepare(`SELECT coalesce(sum(population), 0) AS n FROM units WHERE parent_id = ? AND type = 'admin'`).get(id) as { n: number }).n;
        setPop.run(sum + seat, id);
      }

    // users
    const insUser = client.prepare(`INSERT INTO users (username, display_name, password_hash, role, unit_id) VALUES (?, ?, ?, ?, ?)`);
    const userIds = new Map<string, number>();
    for (const a of DEMO_ACCOUNTS) {
      const unit = unitIds.get(a.unitCode);
      if (!unit) throw new Error(`demo account ${a.username}: no unit ${a.unitCode}`);
      userIds.set(a.username, Number(insUser.run(a.username, a.displayName, passwordHash, a.role, unit.id).lastInsertRowid));
    }

    // consultations and their category rows
    const insC = client.prepare(
      `INSERT INTO consultations (unit_id, date, channel, topic, persons, categories, answered_by, summary, next_step,
         created_by_id, created_at, updated_at, version, voided_at, voided_by_id, void_reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insCat = client.prepare(`INSERT INTO consultation_categories (consultation_id, category) VALUES (?, ?)`);
    for (const c of records) {
      const by = userIds.get(c.enteredBy);
      if (!by) throw new Error(`no user ${c.enteredBy}`);
      const id = Number(
        insC.run(
          unitIds.get(c.unitKey)!.id, c.date, c.channel, c.topic, c.persons, c.categories.join(","), c.answeredBy, c.summary,
          c.nextStep, by, c.createdAt, c.createdAt, c.voided ? 2 : 1, c.voided?.at ?? null, c.voided ? by : null, c.voided?.reason ?? null,
        ).lastInsertRowid,
      );
      for (const k of c.categories) insCat.run(id, k);
    }
    t3 = performance.now();

    // mediation disputes and legal aid cases (their own modules), with their own random streams
    const ctx: SeedContext = { client, plan, unitIds, userIds, today, from, firstYear, log };
    seedMediation(ctx, mulberry32(seed + 1));
    seedLegalAid(ctx, mulberry32(seed + 2));
    seedReviews(ctx, mulberry32(seed + 3));

    await rebuildAllCounters(tx);
    seedMonthlyReports(client, plan, unitIds, userIds, today, firstYear, mulberry32(seed + 4));
    await rebuildReportingCounters(tx);
    seedGovernmentAdvisers(client, unitIds, userIds.get("admin")!, mulberry32(seed + 5));

    client
      .prepare(`INSERT INTO audit_log (user_id, action, entity, entity_id, unit_id, after) VALUES (NULL, 'seed', 'database', NULL, ?, ?)`)
      .run(unitIds.get(CITY.code)!.id, JSON.stringify({ today, from, seed, units: plan.length, users: DEMO_ACCOUNTS.length, consultations: records.length }));
  });
  const t4 = performance.now();

  // summary, straight from the rows
  const personTimes: SeedSummary["personTimes"] = {};
  const rows = client
    .prepare(
      `SELECT county.name AS county, substr(c.date, 1, 4) AS year, SUM(c.persons) AS persons
       FROM consultations c JOIN units u ON u.id = c.unit_id
       JOIN units county ON county.level = 'county' AND county.type = 'admin' AND u.path >= county.path AND u.path < substr(county.path, 1, length(county.path) - 1) || '0'
       WHERE c.voided_at IS NULL GROUP BY county.name, year ORDER BY county.name, year`,
    )
    .all() as Array<{ county: string; year: string; persons: number }>;
  for (const row of rows) (personTimes[row.county] ??= {})[Number(row.year)] = row.persons;
  const summary: SeedSummary = {
    today,
    from,
    units: plan.length,
    users: DEMO_ACCOUNTS.length,
    consultations: records.length,
    voided: records.filter((c) => c.voided).length,
    personTimes,
    timings: { hash: t1 - t0, generate: t2 - t1, insert: t3 - t2, counters: t4 - t3, total: t4 - t0 },
  };
  log(formatSummary(summary));
  return summary;
}

/**
 * 零报告 demo: every village and township reports each month from January of last year to the last ended month —
 * most on time (by the 5th of the next month), some late, a few not at all; the month whose deadline is still ahead
 * about half so far. A month with records is reported as its records, one without as a zero report. Submitted by
 * the township's staff account. Its own random stream, so the rest of the data is unchanged.
 */
function seedMonthlyReports(
  client: DB["$client"],
  plan: PlannedUnit[],
  unitIds: Map<string, { id: number; path: string; depth: number }>,
  userIds: Map<string, number>,
  today: string,
  firstYear: number,
  r: Rand,
) {
  const staffOfUnit = new Map<number, number>();
  for (const a of DEMO_ACCOUNTS) if (a.role === "staff" || a.role === "centre_head") staffOfUnit.set(unitIds.get(a.unitCode)!.id, userIds.get(a.username)!);
  const fallback = userIds.get("admin")!;
  const hasRecords = client.prepare(
    `SELECT 1 FROM stat_counters WHERE unit_id = ? AND month = ? AND dim = '' AND value <> 0 AND indicator IN ('consultation.records', 'mediation.accepted', 'legalAid.applications') LIMIT 1`,
  );
  const ins = client.prepare(`INSERT INTO monthly_reports (unit_id, month, kind, submitted_on, submitted_by_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`);
  const months: number[] = [];
  for (let m = firstYear * 100 + 1; lastDayOfMonth(m) <= today; m = nextMonth(m)) months.push(m);
  for (const u of plan) {
    if (u.type !== "admin" || (u.level !== "village" && u.level !== "township")) continue;
    const unit = unitIds.get(u.key)!;
    const township = u.level === "township" ? unit.id : Number(unit.path.split("/").filter(Boolean).at(-2));
    const by = staffOfUnit.get(township) ?? fallback;
    // a unit that is habitually late or lax (a handful), the rest mostly on time
    const habit = r();
    for (const m of months) {
      if (u.activeTo && u.activeTo < firstDayOfMonth(m)) continue;
      // the village account's own last month stays to be reported: the demo's one click
      if (u.code === FIRST_YISHI_VILLAGE.code && m === months.at(-1)) continue;
      const deadline = `${firstDayOfMonth(nextMonth(m)).slice(0, 8)}05`;
      const x = r();
      const due = today > deadline;
      const missing = due ? x < (habit < 0.05 ? 0.4 : 0.02) : x < 0.5;
      if (missing) continue;
      const late = due && x > (habit < 0.1 ? 0.6 : 0.93);
      const day = late ? addDays(deadline, 1 + Math.floor(r() * 12)) : addDays(`${firstDayOfMonth(nextMonth(m)).slice(0, 8)}01`, Math.floor(r() * 5));
      const on = day > today ? today : day;
      const kind = hasRecords.get(unit.id, m) ? "records" : "zero";
      ins.run(unit.id, m, kind, on, by, `${on}T${String(1 + Math.floor(r() * 9)).padStart(2, "0")}:${String(Math.floor(r() * 60)).padStart(2, "0")}:00.000Z`);
    }
  }
}

/** 市直/县直部门 that hire 政府法律顾问 in the demo (the city: 37 of them, 104 advisers, as the seed text has it). */
const DEPARTMENTS = [
  "发展和改革委员会", "教育局", "科学技术局", "工业和信息化局", "公安局", "民政局", "司法局", "财政局", "人力资源和社会保障局",
  "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局", "文化和旅游局", "卫生健康委员会",
  "退役军人事务局", "应急管理局", "审计局", "国有资产监督管理委员会", "市场监督管理局", "统计局", "医疗保障局", "林业局",
  "行政审批服务管理局", "信访局", "城市管理局", "乡村振兴局", "能源局", "体育局", "人民防空办公室", "地方金融监督管理局",
  "住房公积金管理中心", "大数据应用中心", "政务服务中心",
];
function seedGovernmentAdvisers(client: DB["$client"], unitIds: Map<string, { id: number }>, adminId: number, r: Rand) {
  const ins = client.prepare(
    `INSERT INTO registry_people (kind, unit_id, name, gender, firm_name, employer, start_on, end_on, created_by_id) VALUES ('gov_adviser', ?, ?, ?, ?, ?, ?, NULL, ?)`,
  );
  const used = new Set<string>();
  const firms = ["山西河东律师事务所", "山西运城律师事务所", "山西关公律师事务所", "山西盐湖律师事务所", "山西猗顿律师事务所"];
  const hire = (unitId: number, prefix: string, departments: string[], advisers: number) => {
    // every department at least one adviser, the rest spread over them
    const per = departments.map(() => 1);
    for (let i = departments.length; i < advisers; i++) per[Math.floor(r() * departments.length)]++;
    departments.forEach((d, i) => {
      for (let k = 0; k < per[i]; k++)
        ins.run(unitId, personName(r, used), r() < 0.6 ? "male" : "female", pick(r, firms), `${prefix}${d}`, `20${20 + Math.floor(r() * 4)}-0${1 + Math.floor(r() * 9)}-01`, adminId);
    });
  };
  hire(unitIds.get(CITY.code)!.id, "运城市", DEPARTMENTS, 104);
  hire(unitIds.get(LINYI.code)!.id, "临猗县", DEPARTMENTS.slice(0, 12), 21);
}

export function formatSummary(s: SeedSummary): string {
  const ms = (x: number) => `${(x / 1000).toFixed(2)} s`;
  const lines = [
    `Demo data ${s.from} … ${s.today}`,
    `  units:         ${s.units}`,
    `  users:         ${s.users} (password ${DEMO_PASSWORD})`,
    `  consultations: ${s.consultations} records (${s.voided} voided as 重复登记)`,
    `  person-times (人次, voided excluded):`,
  ];
  for (const [county, years] of Object.entries(s.personTimes)) {
    lines.push(`    ${county}: ${Object.entries(years).map(([y, n]) => `${y} ${n}`).join(", ")}`);
  }
  lines.push(
    `  elapsed:       ${ms(s.timings.total)} (hash ${ms(s.timings.hash)}, generate ${ms(s.timings.generate)}, insert ${ms(s.timings.insert)}, counters ${ms(s.timings.counters)})`,
  );
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------------------------
// Command line

async function main(argv: string[]) {
  const flags = new Set(argv.filter((a) => !a.includes("=")));
  const opt = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
  const known = new Set(["--if-empty", "--reset"]);
  for (const f of flags) if (!known.has(f)) throw new Error(`unknown option ${f} (use --if-empty, --reset, --today=YYYY-MM-DD, --seed=N)`);
  if (flags.has("--if-empty") && flags.has("--reset")) throw new Error("--if-empty and --reset exclude each other");
  const today = opt("today");
  const seedText = opt("seed");
  const seed = seedText === undefined ? undefined : Number(seedText);
  if (seed !== undefined && !Number.isInteger(seed)) throw new Error(`--seed must be an integer`);

  if (databaseEngine() === "postgres") {
    console.error(
      "演示数据只写入 SQLite 数据库文件。要在 PostgreSQL 上使用演示数据：先用 SQLite 生成（npm run db:seed），再复制：npx tsx db/pg-copy.ts db/fengqiao.db postgres://…\n" +
        "The demo seed writes a SQLite file. For demo data on PostgreSQL, seed SQLite first (npm run db:seed), then copy it: npx tsx db/pg-copy.ts db/fengqiao.db postgres://…",
    );
    return 1;
  }
  const db = getDb();
  const file = process.env.DATABASE_URL ?? "db/fengqiao.db";
  try {
    if (flags.has("--if-empty")) {
      const n = (db.$client.prepare(`SELECT COUNT(*) AS n FROM units`).get() as { n: number }).n;
      if (n > 0) {
        console.log(`Seed skipped: ${file} already has ${n} units.`);
        return 0;
      }
    } else if (!flags.has("--reset") && hasData(db)) {
      console.error(`${file} already holds data; not seeding. Run \`npm run db:seed -- --reset\` (tsx db/seed.ts --reset) to delete everything and seed the demo again.`);
      return 1;
    }
    console.log(`Seeding ${file}${flags.has("--reset") ? " (reset: every table emptied first)" : ""} …`);
    await seedDemo(db, { today, seed, reset: flags.has("--reset"), log: (l) => console.log(l) });
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
    return 0;
  } finally {
    db.$client.close();
    global.__fengqiaoDb = undefined;
  }
}

const invokedDirectly = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
