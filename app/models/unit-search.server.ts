/**
 * The unit picker's data: search the actor's subtree by name, short name, code prefix or pinyin (initials or full),
 * and the children of one unit for browsing the tree on demand. Never the whole subtree: at most SEARCH_LIMIT
 * matches, and one unit's direct children.
 *
 * Pinyin is precomputed into `units.pinyin` / `units.pinyin_initials` (pinyin-pro). Units written through the
 * models get it when created or renamed; units inserted by bulk loaders, seeds or older versions have null there
 * and are filled by `fillUnitPinyin` on the next search (a cheap indexed check when there is nothing to fill).
 */
import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { pinyin } from "pinyin-pro";
import { units } from "../../db/schema";
import { getDb, rawRun, type Executor } from "~/utils/db.server";
import { indexedBy } from "~/utils/sql-dialect.server";
import type { Actor } from "~/utils/permissions";
import { inJurisdiction } from "~/utils/permissions";
import { todayInChina } from "~/utils/dates";
import { ancestorIdsOfPath, subtreeRange } from "./unit-paths";

export const SEARCH_LIMIT = 20;
/** Longest query looked at: longer input is cut (a name is never this long). */
export const QUERY_MAX = 40;

/** 猗氏镇 → { pinyin: "yishizhen", pinyinInitials: "ysz" }; letters and digits in the name are kept, lower case. */
export function unitPinyin(name: string): { pinyin: string; pinyinInitials: string } {
  const clean = (parts: string[]) => parts.join("").toLowerCase().replace(/[^a-z0-9]/g, "");
  return {
    pinyin: clean(pinyin(name, { toneType: "none", type: "array", v: true })),
    pinyinInitials: clean(pinyin(name, { pattern: "first", toneType: "none", type: "array" })),
  };
}

/** Computes the pinyin of every unit that has none yet (new rows from loaders, seeds, older versions). */
export async function fillUnitPinyin(db: Executor = getDb()): Promise<number> {
  const first = await db.select({ id: units.id }).from(units).where(isNull(units.pinyin)).limit(1).get();
  if (!first) return 0;
  const rows = await db.select({ id: units.id, name: units.name }).from(units).where(isNull(units.pinyin)).all();
  // inside a caller's transaction this joins it
  await db.transaction(async (tx) => {
    for (const r of rows) {
      const p = unitPinyin(r.name);
      await rawRun(tx, "UPDATE units SET pinyin = ?, pinyin_initials = ? WHERE id = ?", [p.pinyin, p.pinyinInitials, r.id]);
    }
  });
  return rows.length;
}

export type UnitHit = {
  id: number;
  name: string;
  code: string;
  level: string;
  type: string;
  active: boolean;
  /** Names of the unit's ancestors within the actor's reach, top first (empty for the actor's own unit). */
  trail: string[];
  /** the parent when it is in the actor's reach, else null */
  parentId: number | null;
  hasChildren: boolean;
};

type Row = { id: number; name: string; code: string; level: string; type: string; path: string; activeTo: string | null; hasChildren: number };


function escapeLike(s: string) {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Turns rows into hits with their trails (one query for all ancestors' names). */
async function toHits(db: Executor, actor: Actor, rows: Row[]): Promise<UnitHit[]> {
  const rootDepth = ancestorIdsOfPath(actor.unitPath).length;
  const ancestorIds = new Set<number>();
  for (const r of rows) for (const id of ancestorIdsOfPath(r.path).slice(rootDepth - 1, -1)) ancestorIds.add(id);
  const names = new Map(
    ancestorIds.size ? (await db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, [...ancestorIds])).all()).map((u) => [u.id, u.name]) : [],
  );
  const today = todayInChina();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    code: r.code,
    level: r.level,
    type: r.type,
    active: !r.activeTo || r.activeTo >= today,
    trail: ancestorIdsOfPath(r.path)
      .slice(rootDepth - 1, -1)
      .map((id) => names.get(id) ?? ""),
    parentId: ancestorIdsOfPath(r.path).length > rootDepth ? (ancestorIdsOfPath(r.path).at(-2) ?? null) : null,
    hasChildren: !!r.hasChildren,
  }));
}

const hitColumns = {
  id: units.id,
  name: units.name,
  code: units.code,
  level: units.level,
  type: units.type,
  path: units.path,
  activeTo: units.activeTo,
  hasChildren: sql<number>`EXISTS (SELECT 1 FROM units c WHERE c.parent_id = "units"."id")`,
};

const activeNow = (today: string) => or(isNull(units.activeTo), sql`${units.activeTo} >= ${today}`);

export type SearchResult =
  | { ok: true; q: string; hits: UnitHit[]; more: boolean }
  | { ok: false; status: 400 | 404; message: "unitPicker.tooShort" | "unitPicker.outside" };

/** A subtree of at most this many units is searched in one pass over its units (searchSmallSubtree). */
export const SMALL_SUBTREE = 2000;

/**
 * A small subtree (at most SMALL_SUBTREE units, e.g. a county's): one ranked pass over its units, cheaper than
 * look-ups in name indexes that span the whole province.
 */
async function searchSmallSubtree(db: Executor, actor: Actor, query: string, lo: string, hi: string, activeOnly: boolean, limit: number): Promise<SearchResult> {
  const lower = query.toLowerCase();
  const prefix = `${escapeLike(query)}%`;
  const contains = `%${escapeLike(query)}%`;
  const latin = /^[a-z0-9]+$/.test(lower.replace(/\s+/g, ""));
  const pyPrefix = `${escapeLike(lower.replace(/\s+/g, ""))}%`;
  const rank = sql<number>`CASE
    WHEN ${units.name} = ${query} OR ${units.shortName} = ${query} OR ${units.code} = ${query} THEN 0
    WHEN ${units.name} LIKE ${prefix} ESCAPE '\\' OR ${units.shortName} LIKE ${prefix} ESCAPE '\\' OR ${units.code} LIKE ${prefix} ESCAPE '\\' THEN 1
    WHEN ${latin ? sql`${units.pinyinInitials} LIKE ${pyPrefix} ESCAPE '\\'` : sql`FALSE`} THEN 2
    WHEN ${latin ? sql`${units.pinyin} LIKE ${pyPrefix} ESCAPE '\\'` : sql`FALSE`} THEN 3
    WHEN ${units.name} LIKE ${contains} ESCAPE '\\' OR ${units.shortName} LIKE ${contains} ESCAPE '\\' THEN 4
    END`;
  const today = todayInChina();
  const rows = await db
    .select({ ...hitColumns, rank })
    .from(units)
    .where(and(sql`${units.path} >= ${lo} AND ${units.path} < ${hi}`, sql`${rank} IS NOT NULL`, activeOnly ? activeNow(today) : undefined))
    .orderBy(asc(rank), asc(units.depth), asc(units.sortOrder), asc(units.name))
    .limit(limit + 1)
    .all();
  return { ok: true, q: query, hits: await toHits(db, actor, rows.slice(0, limit)), more: rows.length > limit };
}

/** Candidates read per look-up: a tier with more matches is cut here (and `more` is then true anyway). */
const TIER_CAP = 200;
/** Above every character a unit name can hold: `[q, q + TOP)` is the range of texts starting with q. */
const TOP = "\u{10FFFF}";

const INDEX_OF = {
  name: "units_name_idx",
  short_name: "units_short_name_idx",
  code: "units_code_unique",
  pinyin_initials: "units_pinyin_initials_idx",
  pinyin: "units_pinyin_idx",
} as const;
const CANDIDATE_SQL = sql.raw(`id, name, code, level, type, path, active_to AS "activeTo", depth, sort_order AS "sortOrder"`);

type Candidate = { id: number; name: string; code: string; level: string; type: string; path: string; activeTo: string | null; depth: number; sortOrder: number };

/**
 * Units of the actor's subtree (or of `underId`'s, when given and in reach) matching `q`, best first: the exact
 * name, then names, short names and codes that start with it, pinyin initials, full pinyin, then names containing
 * it; within each, higher units first. At most SEARCH_LIMIT; `more` says there were others.
 *
 * Each tier is an index look-up (equality or a prefix range on the indexed name, short name, code, pinyin
 * initials and pinyin columns, cut at TIER_CAP), and the next tier is read only while fewer than `limit + 1`
 * units were found; only the last ("contains") scans, within the subtree, and stops at the first matches.
 */
export async function searchUnits({
  actor,
  q,
  underId,
  activeOnly = false,
  limit = SEARCH_LIMIT,
  smallSubtree = SMALL_SUBTREE,
  db = getDb(),
}: {
  actor: Actor;
  q: string;
  underId?: number | null;
  activeOnly?: boolean;
  limit?: number;
  /** the size up to which a subtree is searched in one pass (tests set 0 to exercise the index look-ups) */
  smallSubtree?: number;
  db?: Executor;
}): Promise<SearchResult> {
  const query = q.trim().slice(0, QUERY_MAX);
  if (query.length < 1) return { ok: false, status: 400, message: "unitPicker.tooShort" };
  let rootPath = actor.unitPath;
  if (underId) {
    const under = await db.select({ path: units.path }).from(units).where(eq(units.id, underId)).get();
    if (!under || !inJurisdiction(actor, under.path)) return { ok: false, status: 404, message: "unitPicker.outside" };
    rootPath = under.path;
  }
  await fillUnitPinyin(db);
  const { lo, hi } = subtreeRange(rootPath);
  // how many units the subtree holds, counted up to SMALL_SUBTREE + 1 (a bounded index range)
  const size = (await db.get<{ n: number }>(sql`SELECT count(*) AS n FROM (SELECT 1 FROM units WHERE path >= ${lo} AND path < ${hi} LIMIT ${smallSubtree + 1}) AS t`))!.n;
  if (size <= smallSubtree) return await searchSmallSubtree(db, actor, query, lo, hi, activeOnly, limit);
  const today = todayInChina();
  const lower = query.toLowerCase();
  const compact = lower.replace(/\s+/g, "");
  const latin = /^[a-z0-9]+$/.test(compact);
  // names and codes compare case-sensitively in an index: the query as typed, in lower and in upper case
  const spellings = [...new Set([query, lower, query.toUpperCase()])];
  const found = new Map<number, Candidate>();
  const want = limit + 1;
  // each look-up names its index: SQLite would otherwise walk the subtree's path range, which at the province is
  // every unit. The cut (LIMIT) keeps the first rows in the index's order, said by ORDER BY (SQLite reads them in
  // that order from the index, no sort; PostgreSQL, which takes no index hint, needs it for the same rows)
  const byIndex = async (col: "name" | "short_name" | "code" | "pinyin_initials" | "pinyin", values: string[], prefix: boolean) => {
    const index = indexedBy(INDEX_OF[col]);
    const column = sql.raw(col);
    const out: Candidate[] = [];
    for (const v of values) {
      const cond = prefix ? sql`${column} >= ${v} AND ${column} < ${v + TOP}` : sql`${column} = ${v}`;
      out.push(
        ...await db.all<Candidate>(sql`SELECT ${CANDIDATE_SQL} FROM units ${index}
          WHERE ${cond} AND path >= ${lo} AND path < ${hi} ${activeOnly ? sql`AND (active_to IS NULL OR active_to >= ${today})` : sql``}
          ORDER BY ${column}, path LIMIT ${TIER_CAP}`),
      );
    }
    return out;
  };
  const containing = async (col: "name" | "short_name", index: string) =>
    await db.all<Candidate>(sql`SELECT ${CANDIDATE_SQL} FROM units ${indexedBy(index)}
      WHERE instr(${sql.raw(col)}, ${query}) > 0 AND path >= ${lo} AND path < ${hi} ${activeOnly ? sql`AND (active_to IS NULL OR active_to >= ${today})` : sql``}
      ORDER BY ${sql.raw(col)}, path LIMIT ${want + found.size}`);
  const tier = (rows: Candidate[]) => {
    rows.sort((a, b) => a.depth - b.depth || a.sortOrder - b.sortOrder || (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
    for (const r of rows) if (!found.has(r.id)) found.set(r.id, r);
  };
  const tiers: Array<() => Promise<Candidate[]>> = [
    async () => [...await byIndex("name", [query], false), ...await byIndex("short_name", [query], false), ...await byIndex("code", [query], false)],
    async () => [...await byIndex("name", spellings, true), ...await byIndex("short_name", spellings, true), ...await byIndex("code", spellings, true)],
    async () => (latin ? await byIndex("pinyin_initials", [compact], true) : []),
    async () => (latin ? await byIndex("pinyin", [compact], true) : []),
    // a name containing the query: the one scan, of the name indexes (name and path, no table rows), read only
    // when the look-ups above found too few, stopping at the first matches; only for text with Chinese in it (letters
    // and digits are pinyin, initials and codes, looked up above)
    async () => (/^[\x00-\x7f]*$/.test(query) ? [] : [...await containing("name", "units_name_idx"), ...await containing("short_name", "units_short_name_idx")]),
  ];
  for (const read of tiers) {
    if (found.size >= want) break;
    tier(await read());
  }
  const chosen = [...found.values()].slice(0, limit);
  const withChildren = new Set(
    chosen.length
      ? (await db
          .selectDistinct({ id: units.parentId })
          .from(units)
          .where(inArray(units.parentId, chosen.map((r) => r.id)))
          .all())
          .map((r) => r.id)
      : [],
  );
  const rows: Row[] = chosen.map((r) => ({ ...r, hasChildren: withChildren.has(r.id) ? 1 : 0 }));
  return { ok: true, q: query, hits: await toHits(db, actor, rows), more: found.size > limit };
}

export type ChildrenResult =
  | { ok: true; parent: UnitHit; children: UnitHit[] }
  | { ok: false; status: 404; message: "unitPicker.outside" };

/**
 * A unit in reach (the actor's own unit when `unitId` is not given) and its direct children, for browsing the tree
 * one level at a time.
 */
export async function listUnitChildren({
  actor,
  unitId,
  activeOnly = false,
  db = getDb(),
}: {
  actor: Actor;
  unitId?: number | null;
  activeOnly?: boolean;
  db?: Executor;
}): Promise<ChildrenResult> {
  const id = unitId ?? actor.unitId;
  const parent = await db.select(hitColumns).from(units).where(eq(units.id, id)).get();
  if (!parent || !inJurisdiction(actor, parent.path)) return { ok: false, status: 404, message: "unitPicker.outside" };
  const today = todayInChina();
  const children = await db
    .select(hitColumns)
    .from(units)
    .where(and(eq(units.parentId, id), activeOnly ? activeNow(today) : undefined))
    .orderBy(asc(units.sortOrder), asc(units.name))
    .all();
  const [p, ...c] = await toHits(db, actor, [parent, ...children]);
  return { ok: true, parent: p, children: c };
}

/** The unit a picker shows as chosen: name and trail, or null when it is not in the actor's reach. */
export async function getUnitChoice({ actor, id, db = getDb() }: { actor: Actor; id: number | null | undefined; db?: Executor }): Promise<UnitHit | null> {
  if (!id) return null;
  const row = await db.select(hitColumns).from(units).where(eq(units.id, id)).get();
  if (!row || !inJurisdiction(actor, row.path)) return null;
  return (await toHits(db, actor, [row]))[0];
}

/** How many units the actor's subtree holds (one index range count). */
export async function countUnitsInReach({ actor, activeOnly = false, db = getDb() }: { actor: Actor; activeOnly?: boolean; db?: Executor }): Promise<number> {
  const { lo, hi } = subtreeRange(actor.unitPath);
  return (
    (await db
      .select({ n: sql<number>`count(*)` })
      .from(units)
      .where(and(sql`${units.path} >= ${lo} AND ${units.path} < ${hi}`, activeOnly ? activeNow(todayInChina()) : undefined))
      .get())?.n ?? 0
  );
}
