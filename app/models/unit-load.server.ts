/**
 * Loading the unit tree from the national division codes (see division-codes.server.ts): the first load creates a
 * region's whole tree; a later load of a newer edition adds the new units, renames the changed ones, moves the ones
 * whose parent changed and ends the vanished ones with a date — records are never touched (they point at unit ids,
 * which stay). Units not in the codes (centres, industry committees, rooms: codes that are not 12 digits) are left
 * alone. Runs in the caller's transaction; prepared statements keep a province (23,000 units) to a few seconds.
 */
import { getDb, rawAll, rawGet, rawRun, type Executor } from "~/utils/db.server";
import { audit } from "~/utils/audit.server";
import { addDays } from "~/utils/dates";
import { inJurisdiction, type Actor } from "~/utils/permissions";
import { LEVEL_ORDER, type UnitLevel } from "~/schemas/enums";
import { DIVISION_EDITION, type DivisionUnit } from "./division-codes.server";
import { moveUnitTx } from "./units.server";
import { fillUnitPinyin } from "./unit-search.server";

export type DivisionLoadSummary = {
  rootId: number;
  rootName: string;
  added: number;
  renamed: Array<{ code: string; from: string; to: string }>;
  moved: Array<{ code: string; name: string }>;
  ended: Array<{ code: string; name: string }>;
  reactivated: Array<{ code: string; name: string }>;
  unchanged: number;
};

export class UnitLoadError extends Error {}

const EXISTING_COLUMNS = `id, code, name, level, parent_id AS "parentId", path, depth, active_to AS "activeTo", merged_into_id AS "mergedIntoId"`;
type Existing = { id: number; code: string; name: string; level: string; parentId: number | null; path: string; depth: number; activeTo: string | null; mergedIntoId: number | null };

/** Siblings in code order: the last three digits of the level's part of the code (townships 100, 101 … 200). */
function sortOrderOf(code: string, level: UnitLevel): number {
  const end = { province: 2, city: 4, county: 6, township: 9, village: 12 }[level];
  return Number(code.slice(Math.max(0, end - 3), end)) || 0;
}

const isDivisionCode = (code: string) => /^\d{12}$/.test(code);

/**
 * Applies the units of a region (parents before children, the region first) to the tree.
 * - `actor`: who loads (its jurisdiction must hold the region or the unit above it); null at first setup.
 * - `allowNewRoot`: the region may become a root of the tree when nothing above it exists (setup, or an
 *   administrator at the top).
 * - `activeFrom`: the first day of units added by this load; `endOn`: vanished units' last day (default: the day
 *   before `activeFrom`).
 */
export async function applyDivisionUnits(
  db: Executor,
  {
    actor,
    specs,
    activeFrom,
    endOn = addDays(activeFrom, -1),
    allowNewRoot,
    source = `统计用区划代码 ${DIVISION_EDITION}`,
    ip = null,
  }: { actor: Actor | null; specs: DivisionUnit[]; activeFrom: string; endOn?: string; allowNewRoot: boolean; source?: string; ip?: string | null },
): Promise<DivisionLoadSummary> {
  if (!specs.length) throw new UnitLoadError("区划代码中没有该地区的单位");
  // plain statements on either engine (rawAll/rawRun): a province loads 30,000 units
  const existing = new Map<string, Existing>();
  for (const u of await rawAll<Existing>(db, `SELECT ${EXISTING_COLUMNS} FROM units`)) existing.set(u.code, u);

  const region = specs[0];
  let root = existing.get(region.code);
  const above = region.parentCode ? existing.get(region.parentCode) : undefined;
  if (root) {
    if (actor && !inJurisdiction(actor, root.path)) throw new UnitLoadError(`“${region.name}”（${region.code}）不在您的管辖范围内`);
  } else if (above) {
    if (actor && !inJurisdiction(actor, above.path)) throw new UnitLoadError(`“${region.name}”的上级单位“${above.name}”不在您的管辖范围内`);
  } else if (!allowNewRoot) {
    throw new UnitLoadError(`系统中没有“${region.name}”或其上级单位；只有顶级单位的管理员可以新增顶级单位`);
  }

  const INSERT =
    "INSERT INTO units (code, name, short_name, level, type, parent_id, path, depth, sort_order, active_from) VALUES (?, ?, ?, ?, 'admin', ?, ?, ?, ?, ?) RETURNING id";
  const SET_PATH = "UPDATE units SET path = ? WHERE id = ?";
  const RENAME = "UPDATE units SET name = ?, pinyin = NULL, pinyin_initials = NULL, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?";
  const REACTIVATE = "UPDATE units SET active_to = NULL, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?";
  const END = "UPDATE units SET active_to = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?";

  const summary: DivisionLoadSummary = { rootId: 0, rootName: region.name, added: 0, renamed: [], moved: [], ended: [], reactivated: [], unchanged: 0 };
  const wanted = new Set<string>();
  for (const spec of specs) {
    wanted.add(spec.code);
    const parent = spec === region ? above : spec.parentCode ? existing.get(spec.parentCode) : undefined;
    if (spec !== region && !parent) throw new UnitLoadError(`区划代码数据不完整：“${spec.name}”（${spec.code}）的上级 ${spec.parentCode} 不在数据中`);
    const e = existing.get(spec.code);
    if (!e) {
      const depth = parent ? parent.depth + 1 : 0;
      const inserted = await rawGet<{ id: number }>(db, INSERT, [spec.code, spec.name, spec.shortName, spec.level, parent?.id ?? null, `pending:${spec.code}`, depth, sortOrderOf(spec.code, spec.level), activeFrom]);
      const id = Number(inserted!.id);
      const path = `${parent ? parent.path : "/"}${id}/`;
      await rawRun(db, SET_PATH, [path, id]);
      existing.set(spec.code, { id, code: spec.code, name: spec.name, level: spec.level, parentId: parent?.id ?? null, path, depth, activeTo: null, mergedIntoId: null });
      summary.added++;
      continue;
    }
    if (actor && !inJurisdiction(actor, e.path)) throw new UnitLoadError(`单位代码 ${spec.code}（“${e.name}”）属于您管辖范围以外的单位，不能由本次导入修改`);
    if (e.level !== spec.level) throw new UnitLoadError(`单位代码 ${spec.code} 已被“${e.name}”（层级 ${e.level}）使用，与区划代码的层级 ${spec.level} 不符`);
    let changed = false;
    if (e.name !== spec.name) {
      await rawRun(db, RENAME, [spec.name, e.id]);
      summary.renamed.push({ code: spec.code, from: e.name, to: spec.name });
      e.name = spec.name;
      changed = true;
    }
    if (e.activeTo && !e.mergedIntoId) {
      await rawRun(db, REACTIVATE, [e.id]);
      e.activeTo = null;
      summary.reactivated.push({ code: spec.code, name: spec.name });
      changed = true;
    }
    // a merged unit sits under the unit it merged into on purpose; the region itself keeps its place
    if (spec !== region && parent && e.parentId !== parent.id && !e.mergedIntoId) {
      await moveUnitTx(db, e, parent);
      // paths below changed: refresh the cached rows of the moved subtree
      for (const r of await rawAll<Existing>(db, `SELECT ${EXISTING_COLUMNS} FROM units WHERE path >= ? AND path < ?`, [`${parent.path}${e.id}/`, `${parent.path}${e.id}0`]))
        existing.set(r.code, r);
      summary.moved.push({ code: spec.code, name: spec.name });
      changed = true;
    }
    if (!changed) summary.unchanged++;
  }

  root = existing.get(region.code)!;
  summary.rootId = root.id;
  // vanished: division-coded units of the region's subtree (below the region's level) that the codes no longer list
  const regionLevel = LEVEL_ORDER.indexOf(region.level);
  const candidates = await rawAll<{ id: number; code: string; name: string; level: string; activeTo: string | null; activeFrom: string }>(
    db,
    `SELECT id, code, name, level, active_to AS "activeTo", active_from AS "activeFrom" FROM units WHERE path > ? AND path < ? AND active_to IS NULL`,
    [root.path, root.path.slice(0, -1) + "0"],
  );
  for (const c of candidates) {
    if (!isDivisionCode(c.code) || wanted.has(c.code)) continue;
    if (LEVEL_ORDER.indexOf(c.level as UnitLevel) <= regionLevel) continue;
    await rawRun(db, END, [endOn < c.activeFrom ? c.activeFrom : endOn, c.id]);
    summary.ended.push({ code: c.code, name: c.name });
  }

  await audit(db, {
    userId: actor?.id ?? null,
    action: "import",
    entity: "unit",
    entityId: root.id,
    unitId: root.id,
    after: {
      source,
      region: region.code,
      added: summary.added,
      renamed: summary.renamed,
      moved: summary.moved.map((m) => m.code),
      ended: summary.ended.map((m) => m.code),
      reactivated: summary.reactivated.map((m) => m.code),
      activeFrom,
      endOn,
    },
    ip,
  });
  await fillUnitPinyin(db);
  return summary;
}
