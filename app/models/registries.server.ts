/**
 * Registries (design §3.4): the organisations and people annual reports count. Mediation committees are units
 * (by type and level); mediators are the `mediators` roster; 法律明白人 and 村(居)法律顾问 are `registry_people`;
 * legal aid lawyers and firms are `legal_aid_providers`. Each person has start and end dates, so a count on any day
 * is right. Every function takes the acting user and stays in the actor's subtree.
 */
import { and, asc, eq, gte, isNull, lte, or, sql } from "drizzle-orm";
import { legalAidProviders, mediators, registryPeople, units } from "../../db/schema";
import { getDb, type Executor } from "~/utils/db.server";
import { crossJoin, indexedBy } from "~/utils/sql-dialect.server";
import { audit } from "~/utils/audit.server";
import { can, type Actor } from "~/utils/permissions";
import { todayInChina } from "~/utils/dates";
import type { MediatorValues, RegistryPersonKind, RegistryPersonValues } from "~/schemas/import";
import { ancestorIdsOfPath, pathInSubtree, subtreeRange } from "./unit-paths";
import { fail, getUnit, type Result } from "./units.server";
import { byUnitGeneration } from "./unit-generation.server";

async function checkUnit(actor: Actor, unitId: number, startOn: string, db: Executor): Promise<Result<{ path: string }>> {
  const unit = await getUnit({ actor, id: unitId, db });
  if (!unit) return fail(400, { unitId: "err.unitOutside" });
  if (unit.activeTo && unit.activeTo < startOn) return fail(400, { unitId: "err.unitInactive" });
  return { ok: true, value: { path: unit.path } };
}

/** Adds a mediator to a committee's roster (专职 or 兼职, with the term). */
export async function addMediator({ actor, data, ip, db = getDb() }: { actor: Actor; data: MediatorValues; ip?: string | null; db?: Executor }): Promise<Result<{ id: number }>> {
  if (!can(actor, "write:registry")) return fail(403, {}, "err.forbidden");
  const check = await checkUnit(actor, data.unitId, data.startOn, db);
  if (!check.ok) return check;
  // the row and its audit entry together (a transaction inside the caller's joins it)
  return await db.transaction(async (tx) => {
    const row = await tx
      .insert(mediators)
      .values({ unitId: data.unitId, name: data.name, gender: data.gender ?? null, fullTime: data.fullTime, phone: data.phone || null, startOn: data.startOn, endOn: data.endOn ?? null })
      .returning()
      .get();
    await audit(tx, { userId: actor.id, action: "create", entity: "mediator", entityId: row.id, unitId: row.unitId, after: { name: row.name, fullTime: row.fullTime, startOn: row.startOn, endOn: row.endOn }, ip });
    return { ok: true as const, value: { id: row.id } };
  });
}

/** Adds a 法律明白人 or a 村(居)法律顾问 at a unit. */
export async function addRegistryPerson({
  actor,
  kind,
  data,
  ip,
  db = getDb(),
}: {
  actor: Actor;
  kind: RegistryPersonKind;
  data: RegistryPersonValues;
  ip?: string | null;
  db?: Executor;
}): Promise<Result<{ id: number }>> {
  if (!can(actor, "write:registry")) return fail(403, {}, "err.forbidden");
  const check = await checkUnit(actor, data.unitId, data.startOn, db);
  if (!check.ok) return check;
  if (kind === "gov_adviser" && !data.employer) return fail(400, { employer: "reg.err.employer" });
  return await db.transaction(async (tx) => {
  const row = await tx
    .insert(registryPeople)
    .values({
      kind,
      unitId: data.unitId,
      name: data.name,
      gender: data.gender ?? null,
      phone: data.phone || null,
      firmName: kind === "adviser" || kind === "gov_adviser" ? data.firmName || null : null,
      employer: kind === "gov_adviser" ? data.employer || null : null,
      startOn: data.startOn,
      endOn: data.endOn ?? null,
      createdById: actor.id,
    })
    .returning()
    .get();
  await audit(tx, { userId: actor.id, action: "create", entity: `registry_${kind}`, entityId: row.id, unitId: row.unitId, after: { name: row.name, startOn: row.startOn, endOn: row.endOn }, ip });
  return { ok: true as const, value: { id: row.id } };
  });
}

/**
 * Ends a term on any registry — a mediator on a roster or a registry person — keeping the record: counts on days
 * before the end still include them.
 */
export async function endRegistryTerm({ actor, kind, id, endOn, ip }: { actor: Actor; kind: RegistryPersonKind | "mediator"; id: number; endOn: string; ip?: string | null }): Promise<Result> {
  if (kind !== "mediator") return await endRegistryPerson({ actor, id, endOn, ip });
  if (!can(actor, "write:registry")) return fail(403, {}, "err.forbidden");
  return await getDb().transaction(async (tx) => {
    const row = await tx.select({ m: mediators, path: units.path }).from(mediators).innerJoin(units, eq(units.id, mediators.unitId)).where(eq(mediators.id, id)).get();
    if (!row || !row.path.startsWith(actor.unitPath)) return fail(404, {}, "err.notFound");
    if (row.m.endOn !== null) return fail(409, {}, "reg.endConfirm.gone");
    if (endOn < row.m.startOn) return fail(400, { endOn: "err.endBeforeStart" });
    await tx.update(mediators).set({ endOn, updatedAt: new Date().toISOString() }).where(eq(mediators.id, id)).run();
    await audit(tx, { userId: actor.id, action: "update", entity: "mediator", entityId: id, unitId: row.m.unitId, before: { endOn: row.m.endOn }, after: { endOn }, ip });
    return { ok: true as const, value: null };
  });
}

/** Ends a registry person's term (the record stays: counts before the end day still include them). */
export async function endRegistryPerson({ actor, id, endOn, ip }: { actor: Actor; id: number; endOn: string; ip?: string | null }): Promise<Result> {
  if (!can(actor, "write:registry")) return fail(403, {}, "err.forbidden");
  const db = getDb();
  return await db.transaction(async (tx) => {
    const row = await tx.select({ p: registryPeople, path: units.path }).from(registryPeople).innerJoin(units, eq(units.id, registryPeople.unitId)).where(eq(registryPeople.id, id)).get();
    if (!row || !row.path.startsWith(actor.unitPath)) return fail(404, {}, "err.notFound");
    if (row.p.endOn !== null) return fail(409, {}, "reg.endConfirm.gone");
    if (endOn < row.p.startOn) return fail(400, { endOn: "err.endBeforeStart" });
    await tx.update(registryPeople).set({ endOn, updatedAt: new Date().toISOString() }).where(eq(registryPeople.id, id)).run();
    await audit(tx, { userId: actor.id, action: "update", entity: `registry_${row.p.kind}`, entityId: id, unitId: row.p.unitId, before: { endOn: row.p.endOn }, after: { endOn }, ip });
    return { ok: true as const, value: null };
  });
}

/** Rows of a registry list page. */
export const REGISTRY_PAGE_SIZE = 50;

export type RegistryPersonRow = { id: number; name: string; unitName: string; fullTime: boolean; firmName: string | null; employer?: string | null; startOn: string; endOn: string | null };

/**
 * People of one registry in the actor's subtree (or a unit in reach), active on `day` unless `all`: one page of them
 * (`page`, from 1; a page past the end gives the last), with the totals of the whole list (专职/兼职 for mediators).
 */
export async function listRegistryPeople({
  actor,
  kind,
  unitId,
  day = todayInChina(),
  all = false,
  page: askedPage = 1,
  pageSize = REGISTRY_PAGE_SIZE,
}: {
  actor: Actor;
  kind: RegistryPersonKind | "mediator";
  unitId?: number;
  day?: string;
  all?: boolean;
  page?: number;
  pageSize?: number;
}): Promise<{ rows: RegistryPersonRow[]; total: number; fullTime: number; page: number; pages: number }> {
  const empty = { rows: [], total: 0, fullTime: 0, page: 1, pages: 1 };
  if (!can(actor, "read:registry")) return empty;
  const db = getDb();
  const root = unitId ? await getUnit({ actor, id: unitId, db }) : null;
  if (unitId && !root) return empty;
  const path = root?.path ?? actor.unitPath;
  const paged = <T extends { total: number; fullTime: number }>(agg: T) => {
    const pages = Math.max(1, Math.ceil(agg.total / pageSize));
    const page = Math.min(Math.max(1, Math.trunc(askedPage) || 1), pages);
    return { total: agg.total, fullTime: agg.fullTime, page, pages, offset: (page - 1) * pageSize };
  };
  if (kind === "mediator") {
    const where = and(pathInSubtree(units.path, path), all ? undefined : and(lte(mediators.startOn, day), or(isNull(mediators.endOn), gte(mediators.endOn, day))));
    const p = paged(
      (await db
        .select({ total: sql<number>`count(*)`, fullTime: sql<number>`coalesce(sum(${mediators.fullTime}), 0)` })
        .from(mediators)
        .innerJoin(units, eq(units.id, mediators.unitId))
        .where(where)
        .get())!,
    );
    const rows = await db
      .select({ id: mediators.id, name: mediators.name, unitName: units.name, fullTime: mediators.fullTime, firmName: sql<string | null>`NULL`, startOn: mediators.startOn, endOn: mediators.endOn })
      .from(mediators)
      .innerJoin(units, eq(units.id, mediators.unitId))
      .where(where)
      .orderBy(asc(units.path), asc(mediators.name), asc(mediators.id))
      .limit(pageSize)
      .offset(p.offset)
      .all();
    return { rows, total: p.total, fullTime: p.fullTime, page: p.page, pages: p.pages };
  }
  const where = and(
    eq(registryPeople.kind, kind),
    pathInSubtree(units.path, path),
    all ? undefined : and(lte(registryPeople.startOn, day), or(isNull(registryPeople.endOn), gte(registryPeople.endOn, day))),
  );
  const p = paged({
    ...(await db.select({ total: sql<number>`count(*)` }).from(registryPeople).innerJoin(units, eq(units.id, registryPeople.unitId)).where(where).get())!,
    fullTime: 0,
  });
  const rows = await db
    .select({ id: registryPeople.id, name: registryPeople.name, unitName: units.name, fullTime: sql<boolean>`0`, firmName: registryPeople.firmName, employer: registryPeople.employer, startOn: registryPeople.startOn, endOn: registryPeople.endOn })
    .from(registryPeople)
    .innerJoin(units, eq(units.id, registryPeople.unitId))
    .where(where)
    .orderBy(asc(units.path), asc(registryPeople.name), asc(registryPeople.id))
    .limit(pageSize)
    .offset(p.offset)
    .all();
  return { rows: rows.map((r) => ({ ...r, fullTime: false })), total: p.total, fullTime: 0, page: p.page, pages: p.pages };
}

/** One person of a registry in the actor's subtree (for the confirmation of ending a term), or null. */
export async function getRegistryPerson({ actor, kind, id }: { actor: Actor; kind: RegistryPersonKind | "mediator"; id: number }): Promise<RegistryPersonRow | null> {
  if (!can(actor, "read:registry")) return null;
  const db = getDb();
  const row =
    kind === "mediator"
      ? await db
          .select({ id: mediators.id, name: mediators.name, unitName: units.name, path: units.path, fullTime: mediators.fullTime, firmName: sql<string | null>`NULL`, startOn: mediators.startOn, endOn: mediators.endOn })
          .from(mediators)
          .innerJoin(units, eq(units.id, mediators.unitId))
          .where(eq(mediators.id, id))
          .get()
      : await db
          .select({ id: registryPeople.id, name: registryPeople.name, unitName: units.name, path: units.path, fullTime: sql<boolean>`0`, firmName: registryPeople.firmName, startOn: registryPeople.startOn, endOn: registryPeople.endOn })
          .from(registryPeople)
          .innerJoin(units, eq(units.id, registryPeople.unitId))
          .where(and(eq(registryPeople.id, id), eq(registryPeople.kind, kind)))
          .get();
  if (!row || !row.path.startsWith(actor.unitPath)) return null;
  const { path: _path, ...person } = row;
  return { ...person, fullTime: Boolean(person.fullTime) };
}

export type RegistryCounts = {
  unitId: number;
  day: string;
  committees: { village: number; township: number; other: number; industry: number; stationed: number; total: number };
  personalRooms: number;
  centres: { city: number; county: number; township: number; village: number; total: number };
  mediators: { total: number; fullTime: number; partTime: number };
  legallyLiterate: number;
  villageAdvisers: number;
  /**
   * 政府法律顾问 on the day: in the whole subtree (advisers, and departments = distinct unit + employer) and at the
   * unit itself (its own 市直/县直部门: "37个市直部门聘用法律顾问104名")
   */
  govAdvisers: { advisers: number; departments: number; ownAdvisers: number; ownDepartments: number };
  /** villages (communities) in the subtree and those with an adviser on the day */
  villages: { total: number; withAdviser: number };
  legalAid: { lawyers: number; firms: number; workers: number };
};

/**
 * The registry figures of a unit's subtree on a day: mediation committees by type (units of those types active on
 * the day: 村居 = committees at village level, 乡镇街道 = at township level, 行业性专业性, 派驻工作室), 个人品牌调解室,
 * public legal service centres by level, mediators 专职/兼职 on the roster that day, 法律明白人, 村(居)法律顾问, and
 * legal aid lawyers / firms / workers (active providers of the centres in the subtree: that table has no dates).
 * Null when the unit is out of the actor's reach.
 */
type UnitKindRow = { type: string; level: string; n: number };

/**
 * Units of a subtree by type and level, active on each of `days`, in one covering index read (a province's 30,000
 * units are walked once for all the days: the report reads its period's last day and last year's).
 */
export async function unitKindCounts(db: Executor, path: string, days: string[]): Promise<Map<string, UnitKindRow[]>> {
  const { lo, hi } = subtreeRange(path);
  const shallow = ancestorIdsOfPath(path).length <= 2;
  const uniq = [...new Set(days)];
  const cols = sql.join(
    uniq.map((d, i) => sql`coalesce(sum(active_from <= ${d} AND (active_to IS NULL OR active_to >= ${d})), 0) AS ${sql.raw(`d${i}`)}`),
    sql`, `,
  );
  // remembered while the unit tree is unchanged (a province's report read its 30,000 units on every request)
  const rows = await byUnitGeneration(db, `unitKinds|${path}|${uniq.join(",")}`, async () =>
    await db.all<Record<string, string | number>>(sql`
      SELECT type, level, ${cols} FROM units ${indexedBy(shallow ? "units_kind_path_idx" : "units_path_kind_idx")}
      WHERE path >= ${lo} AND path < ${hi} GROUP BY type, level`),
  );
  return new Map(uniq.map((d, i) => [d, rows.map((r) => ({ type: String(r.type), level: String(r.level), n: Number(r[`d${i}`]) })).filter((r) => r.n > 0)]));
}

export async function registryCounts({
  actor,
  unitId,
  day = todayInChina(),
  unitKinds,
}: {
  actor: Actor;
  unitId: number;
  day?: string;
  /** the subtree's units by type and level on `day`, when already read (unitKindCounts) */
  unitKinds?: UnitKindRow[];
}): Promise<RegistryCounts | null> {
  if (!can(actor, "read:registry") && !can(actor, "read:stats")) return null;
  const db = getDb();
  const unit = await getUnit({ actor, id: unitId, db });
  if (!unit) return null;
  const { lo, hi } = subtreeRange(unit.path);
  // units by type and level, one covering index read: a province or a city walks the (type, level, path) index in
  // group order (no sorting of its tens of thousands of units); a smaller subtree reads its own path range
  const unitRows = unitKinds ?? (await unitKindCounts(db, unit.path, [day])).get(day)!;
  const n = (pred: (r: { type: string; level: string }) => boolean) => unitRows.filter(pred).reduce((a, r) => a + r.n, 0);
  // each roster is joined to the subtree from its smaller side: its own rows when it holds fewer than the subtree's
  // units (then no look-up per unit), else the subtree's units (then one index probe per unit)
  const unitsInTree = n(() => true);
  // (SQLite's CROSS JOIN hint: a plain JOIN on PostgreSQL)
  const joinFrom = async (table: "mediators" | "registry_people" | "legal_aid_providers", on = sql`u.id = r.unit_id`) =>
    crossJoin("units u", on, ((await db.get<{ m: number | null }>(sql`SELECT max(id) AS m FROM ${sql.raw(table)}`))?.m ?? 0) < unitsInTree);
  const inTree = sql`u.path >= ${lo} AND u.path < ${hi}`;
  const onDay = sql`r.start_on <= ${day} AND (r.end_on IS NULL OR r.end_on >= ${day})`;
  // every village (community) and township has its 人民调解委员会: an administrative unit of those levels records its
  // committee's disputes, so it counts as one; separately recorded committee units count too
  const committees = {
    village: n((r) => (r.type === "mediation_committee" || r.type === "admin") && r.level === "village"),
    township: n((r) => (r.type === "mediation_committee" || r.type === "admin") && r.level === "township"),
    other: n((r) => r.type === "mediation_committee" && r.level !== "village" && r.level !== "township"),
    industry: n((r) => r.type === "industry_committee"),
    stationed: n((r) => r.type === "stationed_room"),
    total: 0,
  };
  committees.total = committees.village + committees.township + committees.other + committees.industry + committees.stationed;
  const centres = {
    city: n((r) => r.type === "service_centre" && (r.level === "city" || r.level === "province")),
    county: n((r) => r.type === "service_centre" && r.level === "county"),
    township: n((r) => r.type === "service_centre" && r.level === "township"),
    village: n((r) => r.type === "service_centre" && r.level === "village"),
    total: 0,
  };
  centres.total = centres.city + centres.county + centres.township + centres.village;
  const med = (await db.get<{ total: number; fullTime: number }>(sql`
    SELECT count(*) AS total, coalesce(sum(r.full_time), 0) AS "fullTime"
    FROM mediators r ${await joinFrom("mediators")} WHERE ${inTree} AND ${onDay}`))!;
  const peopleJoin = await joinFrom("registry_people");
  const people = await db.all<{ kind: string; n: number; villages: number }>(sql`
    SELECT r.kind AS kind, count(*) AS n, count(DISTINCT r.unit_id) AS villages
    FROM registry_people r ${peopleJoin} WHERE ${inTree} AND ${onDay} GROUP BY r.kind`);
  const ofKind = (k: string) => people.find((p) => p.kind === k);
  const gov = (await db.get<{ advisers: number; departments: number; ownAdvisers: number; ownDepartments: number }>(sql`
    SELECT count(*) AS advisers,
      count(DISTINCT r.unit_id || '|' || coalesce(r.employer, '')) AS departments,
      coalesce(sum(r.unit_id = ${unitId}), 0) AS "ownAdvisers",
      count(DISTINCT CASE WHEN r.unit_id = ${unitId} THEN coalesce(r.employer, '') END) AS "ownDepartments"
    FROM registry_people r ${peopleJoin} WHERE ${inTree} AND r.kind = 'gov_adviser' AND ${onDay}`))!;
  const providers = await db.all<{ kind: string; n: number }>(sql`
    SELECT r.kind AS kind, count(*) AS n FROM legal_aid_providers r ${await joinFrom("legal_aid_providers", sql`u.id = r.centre_id`)}
    WHERE ${inTree} AND r.active = TRUE GROUP BY r.kind`);
  const prov = (k: string) => providers.find((p) => p.kind === k)?.n ?? 0;
  return {
    unitId,
    day,
    committees,
    personalRooms: n((r) => r.type === "personal_room"),
    centres,
    mediators: { total: med.total, fullTime: med.fullTime, partTime: med.total - med.fullTime },
    legallyLiterate: ofKind("literate")?.n ?? 0,
    villageAdvisers: ofKind("adviser")?.n ?? 0,
    govAdvisers: { advisers: gov.advisers, departments: gov.departments, ownAdvisers: gov.ownAdvisers, ownDepartments: gov.ownDepartments },
    villages: { total: n((r) => r.level === "village" && r.type === "admin"), withAdviser: ofKind("adviser")?.villages ?? 0 },
    legalAid: { lawyers: prov("lawyer"), firms: prov("firm"), workers: prov("worker") },
  };
}
