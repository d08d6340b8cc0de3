/** The legal aid centres and their providers (承办人员: lawyers, grassroots workers, volunteers). */
import { and, asc, eq, sql } from "drizzle-orm";
import { legalAidCases, legalAidProviders, units } from "../../db/schema";
import { getDb } from "~/utils/db.server";
import { audit } from "~/utils/audit.server";
import { can, inJurisdiction, type Actor } from "~/utils/permissions";
import { type LegalAidProviderValues } from "~/schemas/legal-aid";
import { pathInSubtree } from "./unit-paths";
import { fail, getUnit, type Result } from "./units.server";
import { handles, handlingCentreFor, loadCase } from "./legal-aid.server";

// ---- providers -------------------------------------------------------------------------------------------------

/** Legal aid centres in the actor's reach (their own handling centre first), for the providers page. */
export async function listLegalAidCentres({ actor }: { actor: Actor }) {
  if (!can(actor, "read:legal-aid")) return [];
  const db = getDb();
  const own = await handlingCentreFor(db, actor.unitPath);
  const inSubtree = await db
    .select({ id: units.id, name: units.name, shortName: units.shortName, path: units.path, type: units.type })
    .from(units)
    .where(and(pathInSubtree(units.path, actor.unitPath), eq(units.type, "legal_aid_centre")))
    .orderBy(asc(units.path))
    .all();
  const list = [own, ...inSubtree.filter((u) => u.id !== own.id)].filter((u) => inJurisdiction(actor, u.path));
  return list.map((u) => ({ id: u.id, name: u.name }));
}

/** The providers of a centre in the actor's reach (active ones unless asked). */
export async function listLegalAidProviders({ actor, centreId, includeInactive = false }: { actor: Actor; centreId: number; includeInactive?: boolean }) {
  if (!can(actor, "read:legal-aid")) return [];
  const db = getDb();
  const centre = await getUnit({ actor, id: centreId, db });
  if (!centre) return [];
  return await db
    .select({
      id: legalAidProviders.id,
      name: legalAidProviders.name,
      kind: legalAidProviders.kind,
      firmName: legalAidProviders.firmName,
      phone: legalAidProviders.phone,
      active: legalAidProviders.active,
      // the qualified name: ${legalAidProviders.id} renders as a bare "id" in a one-table select (the case's own id)
      openCases: sql<number>`(SELECT count(*) FROM ${legalAidCases} c WHERE c.provider_id = "legal_aid_providers"."id" AND c.status = 'assigned' AND c.voided_at IS NULL)`,
    })
    .from(legalAidProviders)
    .where(and(eq(legalAidProviders.centreId, centreId), includeInactive ? undefined : eq(legalAidProviders.active, true)))
    .orderBy(asc(legalAidProviders.kind), asc(legalAidProviders.firmName), asc(legalAidProviders.name))
    .all();
}

/** Providers a case's assignment may pick: the active ones of its handling centre. */
export async function listProvidersForCase({ actor, caseId }: { actor: Actor; caseId: number }) {
  const db = getDb();
  const c = await loadCase(db, caseId);
  if (!c || !handles(actor, c)) return [];
  return await db
    .select({ id: legalAidProviders.id, name: legalAidProviders.name, kind: legalAidProviders.kind, firmName: legalAidProviders.firmName })
    .from(legalAidProviders)
    .where(and(eq(legalAidProviders.centreId, c.unitId), eq(legalAidProviders.active, true)))
    .orderBy(asc(legalAidProviders.kind), asc(legalAidProviders.firmName), asc(legalAidProviders.name))
    .all();
}

export async function addLegalAidProvider({
  actor,
  centreId,
  data,
  ip,
}: {
  actor: Actor;
  centreId: number;
  data: LegalAidProviderValues;
  ip?: string | null;
}): Promise<Result<{ id: number }>> {
  if (!can(actor, "write:legal-aid")) return fail(403, {}, "err.forbidden");
  const db = getDb();
  const centre = await getUnit({ actor, id: centreId, db });
  if (!centre) return fail(404, {}, "err.notFound");
  if ((await handlingCentreFor(db, centre.path)).id !== centre.id) return fail(400, {}, "err.la.notACentre");
  return await db.transaction(async (tx) => {
    const row = await tx
      .insert(legalAidProviders)
      .values({ centreId, name: data.name, kind: data.kind, firmName: data.firmName || null, phone: data.phone || null })
      .returning()
      .get();
    await audit(tx, { userId: actor.id, action: "create", entity: "legal_aid_provider", entityId: row.id, unitId: centreId, after: row, ip });
    return { ok: true as const, value: { id: row.id } };
  });
}

export async function setLegalAidProviderActive({ actor, id, active, ip }: { actor: Actor; id: number; active: boolean; ip?: string | null }): Promise<Result> {
  if (!can(actor, "write:legal-aid")) return fail(403, {}, "err.forbidden");
  const db = getDb();
  const row = await db
    .select({ p: legalAidProviders, path: units.path })
    .from(legalAidProviders)
    .innerJoin(units, eq(units.id, legalAidProviders.centreId))
    .where(eq(legalAidProviders.id, id))
    .get();
  if (!row || !inJurisdiction(actor, row.path)) return fail(404, {}, "err.notFound");
  return await db.transaction(async (tx) => {
    await tx.update(legalAidProviders).set({ active, updatedAt: new Date().toISOString() }).where(eq(legalAidProviders.id, id)).run();
    await audit(tx, {
      userId: actor.id,
      action: active ? "activate" : "deactivate",
      entity: "legal_aid_provider",
      entityId: id,
      unitId: row.p.centreId,
      before: { active: row.p.active },
      after: { active },
      ip,
    });
    return { ok: true as const, value: null };
  });
}

/** Units at which the actor may take an application: their active subtree. */
