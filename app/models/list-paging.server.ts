/**
 * Lists at province scale (issue 12): counts taken with a bound, and seek (keyset) paging by an opaque page key.
 */
import { sql, type SQLWrapper } from "drizzle-orm";
import type { Executor } from "~/utils/db.server";
import { COUNT_CAP } from "~/utils/bounded-count";

/** count(*) of a query's rows, stopping after COUNT_CAP + 1 (a figure above COUNT_CAP reads "10,000+"). */
export async function boundedCount(db: Executor, query: SQLWrapper & { limit: (n: number) => SQLWrapper }): Promise<number> {
  return (await db.get<{ n: number }>(sql`SELECT count(*) AS n FROM (${query.limit(COUNT_CAP + 1)}) AS t`))?.n ?? 0;
}

// ---- seek (keyset) paging ------------------------------------------------------------------------------------------

import crypto from "node:crypto";
import { and, gt, gte, lt, lte, or, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";

/** Shown (and returned by the list) when a page key is not one of ours: never a 500. */
export const BAD_PAGE_KEY_MESSAGE = "翻页参数无效或已过期，请从第一页重新查看。";

export type SeekPosition = { date: string; id: number };
export type PageKeys = { next: string | null; prev: string | null };

const checksum = (s: string) => crypto.createHash("sha256").update(`fengqiao-page|${s}`).digest("base64url").slice(0, 8);

/** An opaque key for the row a page starts after (or ends before) in a list's (date desc, id desc) order. */
export function encodePageKey(list: string, p: SeekPosition): string {
  const body = `${list}|${p.date}|${p.id}`;
  return Buffer.from(`${body}|${checksum(body)}`).toString("base64url");
}
/** For tests/bench/pages.ts: the key of a deep page. */
export const encodeBenchKey = encodePageKey;

/** The position a key stands for, or null when the key is not one of ours (or of another list). */
export function decodePageKey(list: string, key: string): SeekPosition | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(key)) return null;
  const parts = Buffer.from(key, "base64url").toString("utf8").split("|");
  if (parts.length !== 4) return null;
  const [l, date, id, sum] = parts;
  if (l !== list || !/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^[1-9]\d{0,15}$/.test(id) || checksum(`${l}|${date}|${id}`) !== sum) return null;
  return { date, id: Number(id) };
}

/**
 * The seek condition and order for a page after / before a position in (date desc, id desc) order; `reverse`
 * says the rows come back ascending (a page before) and must be turned round.
 */
export function seekCondition(dateCol: SQLiteColumn, idCol: SQLiteColumn, dir: "after" | "before", p: SeekPosition): SQL {
  // the date bound first, as its own term: a range on the date index
  return dir === "after"
    ? and(lte(dateCol, p.date), or(lt(dateCol, p.date), lt(idCol, p.id)))!
    : and(gte(dateCol, p.date), or(gt(dateCol, p.date), gt(idCol, p.id)))!;
}

/**
 * Reads a page by key: `fetch(limit, ascending)` returns rows in the asked order; one extra row says whether a
 * further page exists. Returns the page in (date desc, id desc) order and the keys of the pages either side.
 */
export async function seekPage<R>(
  list: string,
  filters: { after?: string; before?: string },
  pageSize: number,
  positionOf: (r: R) => SeekPosition,
  fetch: (limit: number, seek: { dir: "after" | "before"; at: SeekPosition } | null) => Promise<R[]>,
): Promise<{ ok: true; rows: R[]; keys: PageKeys } | { ok: false; message: string }> {
  const dir = filters.before ? "before" : filters.after ? "after" : null;
  const at = dir ? decodePageKey(list, (filters.before ?? filters.after)!) : null;
  if (dir && !at) return { ok: false, message: BAD_PAGE_KEY_MESSAGE };
  let rows = await fetch(pageSize + 1, dir && at ? { dir, at } : null);
  const more = rows.length > pageSize;
  rows = rows.slice(0, pageSize);
  if (dir === "before") rows.reverse();
  const key = (r: R | undefined) => (r ? encodePageKey(list, positionOf(r)) : null);
  const first = rows[0];
  const last = rows[rows.length - 1];
  return {
    ok: true,
    rows,
    keys:
      dir === "before"
        ? { prev: more ? key(first) : null, next: key(last) }
        : { prev: dir === "after" ? key(first) : null, next: more ? key(last) : null },
  };
}

// ---- which index a first page walks --------------------------------------------------------------------------------

/**
 * Whether a list of a subtree should walk the table's date index (newest first, each row's unit checked) rather
 * than gather the subtree's rows unit by unit and sort them: yes when the subtree holds at least 1/100 of its
 * root's records (a page then reads at most ~100 × page size index entries; a province or a city), no for a small
 * subtree (a township: its few rows, sorted). Shares come from the counters.
 */
export async function walksDateIndex(db: Executor, unitPath: string, indicator: string): Promise<boolean> {
  const ids = unitPath.split("/").filter(Boolean).map(Number);
  if (ids.length === 1) return true;
  const sums = await db.all<{ unitId: number; n: number }>(
    sql`SELECT unit_id AS "unitId", sum(value) AS n FROM stat_counters WHERE unit_id IN (${ids[0]}, ${ids[ids.length - 1]}) AND indicator = ${indicator} AND dim = '' GROUP BY unit_id`,
  );
  const root = sums.find((s) => s.unitId === ids[0])?.n ?? 0;
  const mine = sums.find((s) => s.unitId === ids[ids.length - 1])?.n ?? 0;
  return root > 0 && mine * 100 >= root;
}
