/**
 * The unit tree. Every function takes the acting user and stays inside the actor's subtree.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { units, users, type Unit } from "../../db/schema";
import { getDb, type Executor } from "~/utils/db.server";
import type { Actor } from "~/utils/permissions";
import { can, inJurisdiction } from "~/utils/permissions";
import { audit } from "~/utils/audit.server";
import { pathInSubtree, subtreeRange, transferSubtreeCounters } from "./counters.server";
import { todayInChina } from "~/utils/dates";
import type { UnitFormValues } from "~/schemas/unit";
import { LEVEL_ORDER, type UnitLevel } from "~/schemas/enums";
import { insertFirstAdministrator } from "./first-admin.server";
import { unitPinyin } from "./unit-search.server";
import { transferReportingCounters } from "./reporting-counters.server";

export type Result<T = null> =
  | { ok: true; value: T }
  | { ok: false; status: 400 | 403 | 404 | 409; fieldErrors: Record<string, string>; formError?: string };

export const fail = (
  status: 400 | 403 | 404 | 409,
  fieldErrors: Record<string, string> = {},
  formError?: string,
): { ok: false; status: 400 | 403 | 404 | 409; fieldErrors: Record<string, string>; formError?: string } => ({
  ok: false,
  status,
  fieldErrors,
  formError,
});

export type UnitNode = Pick<
  Unit,
  "id" | "code" | "name" | "shortName" | "level" | "type" | "parentId" | "path" | "depth" | "activeFrom" | "activeTo" | "mergedIntoId" | "population"
> & { active: boolean };

const unitColumns = {
  id: units.id,
  code: units.code,
  name: units.name,
  shortName: units.shortName,
  level: units.level,
  type: units.type,
  parentId: units.parentId,
  path: units.path,
  depth: units.depth,
  sortOrder: units.sortOrder,
  activeFrom: units.activeFrom,
  activeTo: units.activeTo,
  mergedIntoId: units.mergedIntoId,
  population: units.population,
};

function withActive<T extends { activeTo: string | null }>(u: T, today = todayInChina()) {
  return { ...u, active: !u.activeTo || u.activeTo >= today };
}

/** The county (or higher) unit a unit belongs to: its nearest ancestor of level county, or the root. */
export async function countyOf(db: Executor, path: string) {
  const ids = path.split("/").filter(Boolean).map(Number);
  const rows = await db.select({ id: units.id, level: units.level, path: units.path }).from(units).where(inArray(units.id, ids)).all();
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (let i = ids.length - 1; i >= 0; i--) if (byId.get(ids[i])?.level === "county") return byId.get(ids[i])!;
  return byId.get(ids[0])!;
}

/** A unit in the actor's jurisdiction, or null (callers answer 404: never another township's data). */
export async function getUnit({ actor, id, db = getDb() }: { actor: Actor; id: number; db?: Executor }): Promise<UnitNode | null> {
  const u = await db.select(unitColumns).from(units).where(eq(units.id, id)).get();
  if (!u || !inJurisdiction(actor, u.path)) return null;
  return withActive(u);
}

export async function getUnitByCode({ actor, code }: { actor: Actor; code: string }): Promise<UnitNode | null> {
  const u = await getDb().select(unitColumns).from(units).where(eq(units.code, code)).get();
  if (!u || !inJurisdiction(actor, u.path)) return null;
  return withActive(u);
}

/**
 * The actor's subtree in depth-first order (children by sortOrder, then name), optionally active units only.
 */
export async function listUnits({ actor, activeOnly = false, rootId }: { actor: Actor; activeOnly?: boolean; rootId?: number }) {
  const db = getDb();
  let rootPath = actor.unitPath;
  if (rootId) {
    const root = await getUnit({ actor, id: rootId });
    if (!root) return [];
    rootPath = root.path;
  }
  const rows = await db
    .select(unitColumns)
    .from(units)
    .where(pathInSubtree(units.path, rootPath))
    .orderBy(asc(units.depth), asc(units.sortOrder), asc(units.name))
    .all();
  const today = todayInChina();
  const children = new Map<number | null, typeof rows>();
  for (const r of rows) {
    const k = r.path === rootPath ? null : r.parentId;
    if (!children.has(k)) children.set(k, []);
    children.get(k)!.push(r);
  }
  const out: UnitNode[] = [];
  const walk = (parent: number | null) => {
    for (const r of children.get(parent) ?? []) {
      const node = withActive(r, today);
      if (activeOnly && !node.active) continue;
      out.push(node);
      walk(r.id);
    }
  };
  walk(null);
  return out;
}

/** Direct children of a unit in reach (for breakdowns). */
export async function listChildUnits({ actor, unitId }: { actor: Actor; unitId: number }) {
  const parent = await getUnit({ actor, id: unitId });
  if (!parent) return [];
  return (await getDb()
    .select(unitColumns)
    .from(units)
    .where(eq(units.parentId, unitId))
    .orderBy(asc(units.sortOrder), asc(units.name))
    .all())
    .map((u) => withActive(u));
}

/**
 * An administrative unit sits exactly one level below its parent (city → county → township → village); a
 * specialised body (committee, room, centre) at its parent's level or one below.
 */
export function levelAllowedUnder(parent: { level: string }, child: { level: string; type: string }) {
  const p = LEVEL_ORDER.indexOf(parent.level as UnitLevel);
  const c = LEVEL_ORDER.indexOf(child.level as UnitLevel);
  return child.type === "admin" ? c === p + 1 : c === p || c === p + 1;
}

export async function createUnit({ actor, data, ip }: { actor: Actor; data: UnitFormValues; ip?: string | null }): Promise<Result<{ id: number }>> {
  if (!can(actor, "manage:unit")) return fail(403, {}, "err.forbidden");
  const db = getDb();
  const parent = await getUnit({ actor, id: data.parentId });
  if (!parent) return fail(400, { parentId: "err.unitOutside" });
  if (!parent.active) return fail(400, { parentId: "err.unitInactive" });
  if (!levelAllowedUnder(parent, data)) return fail(400, { level: "err.levelBelowParent" });
  const existing = await db.select({ id: units.id }).from(units).where(eq(units.code, data.code)).get();
  if (existing) return fail(400, { code: "err.codeTaken" });
  return await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(units)
      .values({
        code: data.code,
        name: data.name,
        shortName: data.shortName || null,
        level: data.level,
        type: data.type,
        parentId: parent.id,
        path: "pending",
        depth: parent.depth + 1,
        activeFrom: data.activeFrom,
        population: data.population ?? null,
        ...unitPinyin(data.name),
      })
      .returning({ id: units.id })
      .get();
    const path = `${parent.path}${inserted.id}/`;
    await tx.update(units).set({ path }).where(eq(units.id, inserted.id)).run();
    await audit(tx, { userId: actor.id, action: "create", entity: "unit", entityId: inserted.id, unitId: inserted.id, after: { ...data, path }, ip });
    return { ok: true as const, value: { id: inserted.id } };
  });
}

/** Rename or re-code a unit: records keep pointing at the same unit, so its history stays in every figure. */
export async function updateUnit({
  actor,
  id,
  data,
  ip,
}: {
  actor: Actor;
  id: number;
  data: Pick<UnitFormValues, "name" | "shortName" | "code" | "type" | "population">;
  ip?: string | null;
}): Promise<Result> {
  if (!can(actor, "manage:unit")) return fail(403, {}, "err.forbidden");
  const db = getDb();
  const unit = await getUnit({ actor, id });
  if (!unit) return fail(404, {}, "err.notFound");
  const clash = await db.select({ id: units.id }).from(units).where(eq(units.code, data.code)).get();
  if (clash && clash.id !== id) return fail(400, { code: "err.codeTaken" });
  await db.transaction(async (tx) => {
    await tx.update(units)
      .set({ name: data.name, ...unitPinyin(data.name), shortName: data.shortName || null, code: data.code, type: data.type, population: data.population ?? null, updatedAt: new Date().toISOString() })
      .where(eq(units.id, id))
      .run();
    await audit(tx, {
      userId: actor.id,
      action: "update",
      entity: "unit",
      entityId: id,
      unitId: id,
      before: { name: unit.name, shortName: unit.shortName, code: unit.code, type: unit.type, population: unit.population },
      after: data,
      ip,
    });
  });
  return { ok: true, value: null };
}

/**
 * Deactivates a unit from a day on (its records stay and keep counting in every period). Optionally records the
 * unit it merged into and moves it under that unit, so the surviving unit's figures include its history.
 */
export async function deactivateUnit({
  actor,
  id,
  activeTo,
  mergedIntoId,
  ip,
}: {
  actor: Actor;
  id: number;
  activeTo: string;
  mergedIntoId?: number | null;
  ip?: string | null;
}): Promise<Result> {
  if (!can(actor, "manage:unit")) return fail(403, {}, "err.forbidden");
  const db = getDb();
  const unit = await getUnit({ actor, id });
  if (!unit) return fail(404, {}, "err.notFound");
  if (unit.path === actor.unitPath) return fail(400, {}, "err.cannotDeactivateOwnRoot");
  if (activeTo < unit.activeFrom) return fail(400, { activeTo: "err.beforeActiveFrom" });
  let target: UnitNode | null = null;
  if (mergedIntoId) {
    target = await getUnit({ actor, id: mergedIntoId });
    if (!target) return fail(400, { mergedIntoId: "err.unitOutside" });
    if (!target.active) return fail(400, { mergedIntoId: "err.unitInactive" });
    if (target.path.startsWith(unit.path)) return fail(400, { mergedIntoId: "err.mergeIntoOwnSubtree" });
  }
  await db.transaction(async (tx) => {
    await tx.update(units)
      .set({ activeTo, mergedIntoId: target?.id ?? null, updatedAt: new Date().toISOString() })
      .where(eq(units.id, id))
      .run();
    if (target && unit.parentId !== target.id) await moveUnitTx(tx, unit, target);
    await audit(tx, {
      userId: actor.id,
      action: target ? "merge" : "deactivate",
      entity: "unit",
      entityId: id,
      unitId: id,
      before: { activeTo: unit.activeTo, parentId: unit.parentId },
      after: { activeTo, mergedIntoId: target?.id ?? null, parentId: target?.id ?? unit.parentId },
      ip,
    });
  });
  return { ok: true, value: null };
}

export async function reactivateUnit({ actor, id, ip }: { actor: Actor; id: number; ip?: string | null }): Promise<Result> {
  if (!can(actor, "manage:unit")) return fail(403, {}, "err.forbidden");
  const unit = await getUnit({ actor, id });
  if (!unit) return fail(404, {}, "err.notFound");
  await getDb().transaction(async (tx) => {
    await tx.update(units).set({ activeTo: null, mergedIntoId: null, updatedAt: new Date().toISOString() }).where(eq(units.id, id)).run();
    await audit(tx, { userId: actor.id, action: "reactivate", entity: "unit", entityId: id, unitId: id, before: { activeTo: unit.activeTo }, after: { activeTo: null }, ip });
  });
  return { ok: true, value: null };
}

/** Moves a unit (with its subtree) under a new parent; the counters follow in the same transaction. */
export async function moveUnit({ actor, id, newParentId, ip }: { actor: Actor; id: number; newParentId: number; ip?: string | null }): Promise<Result> {
  if (!can(actor, "manage:unit")) return fail(403, {}, "err.forbidden");
  const unit = await getUnit({ actor, id });
  if (!unit) return fail(404, {}, "err.notFound");
  if (unit.path === actor.unitPath) return fail(400, {}, "err.cannotMoveOwnRoot");
  const parent = await getUnit({ actor, id: newParentId });
  if (!parent) return fail(400, { newParentId: "err.unitOutside" });
  if (!parent.active) return fail(400, { newParentId: "err.unitInactive" });
  if (parent.path.startsWith(unit.path)) return fail(400, { newParentId: "err.moveIntoOwnSubtree" });
  if (!levelAllowedUnder(parent, unit)) return fail(400, { newParentId: "err.levelBelowParent" });
  await getDb().transaction(async (tx) => {
    await moveUnitTx(tx, unit, parent);
    await audit(tx, { userId: actor.id, action: "move", entity: "unit", entityId: id, unitId: id, before: { parentId: unit.parentId }, after: { parentId: parent.id }, ip });
  });
  return { ok: true, value: null };
}

/** Moves a unit's subtree under a parent (paths, depths, counters) in the caller's transaction. */
export async function moveUnitTx(tx: Executor, unit: Pick<UnitNode, "id" | "path" | "depth">, parent: Pick<UnitNode, "id" | "path" | "depth">) {
  const oldPath = unit.path;
  const newPath = `${parent.path}${unit.id}/`;
  const depthDelta = parent.depth + 1 - unit.depth;
  const { lo, hi } = subtreeRange(oldPath);
  await tx.update(units).set({ parentId: parent.id }).where(eq(units.id, unit.id)).run();
  await tx.run(sql`UPDATE units SET path = ${newPath} || substr(path, ${oldPath.length + 1}), depth = depth + ${depthDelta}
    WHERE path >= ${lo} AND path < ${hi}`);
  await transferSubtreeCounters(tx, { unitId: unit.id, oldPath, newPath });
  await transferReportingCounters(tx, { unitId: unit.id, oldPath, newPath });
}

/** Units with this level or type inside a subtree, e.g. the townships of a county. */
export async function listUnitsByLevel({ actor, level }: { actor: Actor; level: string }) {
  return await getDb()
    .select(unitColumns)
    .from(units)
    .where(and(pathInSubtree(units.path, actor.unitPath), eq(units.level, level)))
    .orderBy(asc(units.sortOrder), asc(units.name))
    .all();
}

/** True when the actor's unit is a root of the tree: an administrator there administers the installation's top. */
export async function actorAtTop({ actor }: { actor: Actor }): Promise<boolean> {
  const u = await getDb().select({ parentId: units.parentId }).from(units).where(eq(units.id, actor.unitId)).get();
  return !!u && u.parentId == null;
}

export type TopUnitData = Omit<UnitFormValues, "parentId" | "population">;

async function checkTopUnit(actor: Actor, data: TopUnitData): Promise<Result | null> {
  if (!can(actor, "manage:unit")) return fail(403, {}, "err.forbidden");
  if (!await actorAtTop({ actor })) return fail(403, {}, "err.notAtTop");
  if (await getDb().select({ id: units.id }).from(units).where(eq(units.code, data.code)).get()) return fail(400, { code: "err.codeTaken" });
  return null;
}

async function insertRootTx(tx: Executor, data: TopUnitData): Promise<{ id: number; path: string; depth: number }> {
  const row = await tx
    .insert(units)
    .values({ code: data.code, name: data.name, ...unitPinyin(data.name), shortName: data.shortName || null, level: data.level, type: data.type, parentId: null, path: "pending", depth: 0, activeFrom: data.activeFrom })
    .returning({ id: units.id })
    .get();
  const path = `/${row.id}/`;
  await tx.update(units).set({ path }).where(eq(units.id, row.id)).run();
  return { id: row.id, path, depth: 0 };
}

/**
 * Puts a new unit above the actor's root (a city above a county, a province above cities): the old root and its
 * subtree move under it, paths and counters follow in the same transaction (its figures now also sum at the new
 * unit), records keep their units. The acting administrator moves up to the new top unit, so the whole tree stays
 * in reach; other accounts keep their units.
 */
export async function addParentAboveRoot({ actor, data, ip }: { actor: Actor; data: TopUnitData; ip?: string | null }): Promise<Result<{ id: number }>> {
  const refused = await checkTopUnit(actor, data);
  if (refused) return refused as Result<{ id: number }>;
  const root = (await getUnit({ actor, id: actor.unitId }))!;
  if (LEVEL_ORDER.indexOf(data.level as UnitLevel) >= LEVEL_ORDER.indexOf(root.level as UnitLevel)) return fail(400, { level: "err.levelNotAbove" });
  if (data.activeFrom > root.activeFrom) return fail(400, { activeFrom: "err.parentStartsLater" });
  return await getDb().transaction(async (tx) => {
    const top = await insertRootTx(tx, data);
    await moveUnitTx(tx, root, top);
    await tx.update(users).set({ unitId: top.id, updatedAt: new Date().toISOString() }).where(eq(users.id, actor.id)).run();
    await audit(tx, { userId: actor.id, action: "create", entity: "unit", entityId: top.id, unitId: top.id, after: { ...data, above: root.id, path: top.path }, ip });
    await audit(tx, { userId: actor.id, action: "move", entity: "unit", entityId: root.id, unitId: root.id, before: { parentId: null }, after: { parentId: top.id }, ip });
    await audit(tx, { userId: actor.id, action: "update", entity: "user", entityId: actor.id, unitId: top.id, before: { unitId: root.id }, after: { unitId: top.id }, ip });
    return { ok: true as const, value: { id: top.id } };
  });
}

/**
 * Adds another root to the tree (a second county or city run on the same installation) with its first
 * administrator. The new tree is outside the acting administrator's reach: its own administrator manages it, with
 * the one-time password shown once. `passwordHash` is computed by the caller (argon2 is asynchronous).
 */
export async function addRootUnit({
  actor,
  data,
  admin,
  ip,
}: {
  actor: Actor;
  data: TopUnitData;
  admin: { username: string; displayName: string; passwordHash: string };
  ip?: string | null;
}): Promise<Result<{ id: number; userId: number }>> {
  const refused = await checkTopUnit(actor, data);
  if (refused) return refused as Result<{ id: number; userId: number }>;
  const db = getDb();
  if (await db.select({ id: users.id }).from(users).where(eq(users.username, admin.username)).get()) return fail(400, { adminUsername: "err.usernameTaken" });
  return await db.transaction(async (tx) => {
    // checked again in the write transaction: the name may have been taken while the password was hashed
    if (await tx.select({ id: users.id }).from(users).where(eq(users.username, admin.username)).get()) return fail(400, { adminUsername: "err.usernameTaken" });
    const top = await insertRootTx(tx, data);
    await audit(tx, { userId: actor.id, action: "create", entity: "unit", entityId: top.id, unitId: top.id, after: { ...data, root: true, path: top.path }, ip });
    const userId = await insertFirstAdministrator(tx, { unitId: top.id, username: admin.username, displayName: admin.displayName, passwordHash: admin.passwordHash, byUserId: actor.id, ip });
    return { ok: true as const, value: { id: top.id, userId } };
  }) as Result<{ id: number; userId: number }>;
}
