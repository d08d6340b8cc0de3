/**
 * A stored record as the input of its correction form (money in 元, lists as arrays, parties and beneficiaries
 * with their ids), and the merge of a partial correction onto it. The API's PUT (a correction changes only the
 * fields it names) and the import's "update existing rows" mode both build on these, then parse with the edit
 * form's own schema and call the same model update function as the page.
 */
import { asc, eq, inArray } from "drizzle-orm";
import { consultations, legalAidBeneficiaries, legalAidCases, mediationMediators, mediationParties, mediations, units } from "../../db/schema";
import { getDb, type Executor } from "~/utils/db.server";
import { can, inJurisdiction, type Actor } from "~/utils/permissions";

export type StoredInput = { version: number; unitId: number; input: Record<string, unknown> };

const yuan = (fen: number | null | undefined) => (fen == null ? null : fen / 100);
const list = (s: string | null | undefined) => (s ? s.split(",").filter(Boolean) : []);
const str = (v: string | null | undefined) => v ?? "";

/** A consultation as its correction form's input; null outside the actor's subtree. */
export async function consultationInput({ actor, id, db = getDb() }: { actor: Actor; id: number; db?: Executor }): Promise<StoredInput | null> {
  if (!can(actor, "read:consultation")) return null;
  const row = await db.select({ c: consultations, path: units.path }).from(consultations).innerJoin(units, eq(units.id, consultations.unitId)).where(eq(consultations.id, id)).get();
  if (!row || !inJurisdiction(actor, row.path)) return null;
  const c = row.c;
  return {
    version: c.version,
    unitId: c.unitId,
    input: { date: c.date, unitId: c.unitId, channel: c.channel, topic: c.topic, persons: c.persons, categories: list(c.categories), answeredBy: c.answeredBy, summary: c.summary, nextStep: c.nextStep },
  };
}

/** A dispute's registration as its correction form's input (parties with ids, mediator ids); null outside reach. */
export async function mediationInput({ actor, id, db = getDb() }: { actor: Actor; id: number; db?: Executor }): Promise<StoredInput | null> {
  if (!can(actor, "read:mediation")) return null;
  const row = await db.select({ m: mediations, path: units.path }).from(mediations).innerJoin(units, eq(units.id, mediations.unitId)).where(eq(mediations.id, id)).get();
  if (!row || !inJurisdiction(actor, row.path)) return null;
  const m = row.m;
  const parties = await db.select().from(mediationParties).where(eq(mediationParties.mediationId, id)).orderBy(asc(mediationParties.sortOrder), asc(mediationParties.id)).all();
  const mediatorIds = (await db.select({ id: mediationMediators.mediatorId }).from(mediationMediators).where(eq(mediationMediators.mediationId, id)).all()).map((r) => r.id);
  return {
    version: m.version,
    unitId: m.unitId,
    input: {
      registeredOn: m.registeredOn,
      unitId: m.unitId,
      source: m.source,
      disputeType: m.disputeType,
      summary: m.summary,
      personsInvolved: m.personsInvolved,
      amount: yuan(m.amountFen),
      isMass: m.isMass,
      preventedCriminal: m.preventedCriminal,
      preventedPetition: m.preventedPetition,
      parties: parties.map((p) => ({
        id: p.id,
        side: p.side,
        kind: p.kind,
        name: p.name,
        gender: p.gender ?? "",
        ethnicity: str(p.ethnicity),
        birthDate: str(p.birthDate),
        age: p.age ?? "",
        occupation: str(p.occupation),
        phone: str(p.phone),
        address: str(p.address),
        idNumber: str(p.idNumber),
      })),
      mediatorIds,
      confirmDuplicate: true,
    },
  };
}

/** A legal aid application as its correction form's input (beneficiaries with ids); null outside reach. */
export async function legalAidInput({ actor, id, db = getDb() }: { actor: Actor; id: number; db?: Executor }): Promise<StoredInput | null> {
  if (!can(actor, "read:legal-aid")) return null;
  const c = await db.select().from(legalAidCases).where(eq(legalAidCases.id, id)).get();
  if (!c) return null;
  // in reach as the case is readable: at the handling centre's or the receiving station's subtree
  const paths = await db.select({ id: units.id, path: units.path }).from(units).where(inArray(units.id, [c.unitId, c.receivedUnitId])).all();
  if (!paths.some((u) => inJurisdiction(actor, u.path))) return null;
  const people = await db.select().from(legalAidBeneficiaries).where(eq(legalAidBeneficiaries.caseId, id)).orderBy(asc(legalAidBeneficiaries.sortOrder), asc(legalAidBeneficiaries.id)).all();
  return {
    version: c.version,
    unitId: c.receivedUnitId,
    input: {
      appliedOn: c.appliedOn,
      receivedUnitId: c.receivedUnitId,
      applicantRelation: c.applicantRelation,
      applicantName: c.applicantRelation === "self" ? "" : c.applicantName,
      applicantPhone: str(c.applicantPhone),
      applicantIdNumber: str(c.applicantIdNumber),
      beneficiaries: people.map((b) => ({ id: b.id, name: b.name, gender: b.gender ?? "", idNumber: str(b.idNumber), phone: str(b.phone), address: str(b.address), categories: list(b.categories) })),
      caseType: c.caseType,
      proceeding: c.proceeding,
      serviceForm: c.serviceForm,
      cause: c.cause,
      matter: c.matter,
      meansTest: c.meansTest,
      exemptBasis: c.exemptBasis ?? "",
      exemptCategory: c.exemptCategory ?? "",
      exemptNote: str(c.exemptNote),
      missingDocs: str(c.missingDocs),
    },
  };
}

// ---- merging a partial correction ---------------------------------------------------------------------------

/** Fields that hold personal data shown masked: a value with `*` in them is a mask, never a real value. */
export const MASKED_FIELDS = new Set(["phone", "idNumber", "address", "applicantPhone", "applicantIdNumber", "name", "applicantName", "birthDate"]);

export type MergeResult = { ok: true; input: Record<string, unknown> } | { ok: false; status: 400 | 409 | 422; field: string; message: string };

function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** JSON with object keys sorted: equal data gives equal text, whatever the order or spacing it came in. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, x) =>
    x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, (x as Record<string, unknown>)[k]])) : x,
  );
}

/**
 * Merges a correction onto a stored record's input. Only the editable fields the patch names change; a field equal
 * to what a read showed for it (`shown`: the masked phone, the age for a hidden birth date…) keeps its stored value,
 * so a record read and sent back unchanged stays byte-identical. A masked value (`*`) that is not the record's own
 * mask is refused, naming the field. Lists of people (`parties`, `beneficiaries`) are matched by `id`: a listed
 * person is merged field by field, one without an id is added, a stored one left out is removed.
 */
export function mergeCorrection({
  stored,
  shown,
  patch,
  lists = ["parties", "beneficiaries"],
}: {
  stored: Record<string, unknown>;
  shown: Record<string, unknown>;
  patch: Record<string, unknown>;
  lists?: string[];
}): MergeResult {
  const out: Record<string, unknown> = { ...stored };
  for (const key of Object.keys(stored)) {
    if (!(key in patch)) continue;
    const value = patch[key];
    if (lists.includes(key) && Array.isArray(value)) {
      const storedList = (stored[key] as Array<Record<string, unknown>>) ?? [];
      const shownList = (Array.isArray(shown[key]) ? shown[key] : []) as Array<Record<string, unknown>>;
      const merged: Array<Record<string, unknown>> = [];
      for (let i = 0; i < value.length; i++) {
        const item = value[i];
        if (!item || typeof item !== "object") return { ok: false, status: 400, field: `${key}.${i}`, message: "应为对象" };
        const p = item as Record<string, unknown>;
        const base = p.id != null ? storedList.find((s) => s.id === p.id) : undefined;
        if (p.id != null && !base) return { ok: false, status: 409, field: `${key}.${i}.id`, message: `id ${String(p.id)} 不是该记录现有的${key === "parties" ? "当事人" : "受援人"}（记录可能已被修改），请重新读取后再改` };
        const seen = base ? shownList.find((s) => s.id === p.id) ?? {} : {};
        const person: Record<string, unknown> = base ? { ...base } : {};
        for (const [f, v] of Object.entries(p)) {
          if (f === "id") continue;
          if (base && f in seen && same(v, seen[f])) continue;
          if (MASKED_FIELDS.has(f) && typeof v === "string" && v.includes("*")) return { ok: false, status: 422, field: `${key}.${i}.${f}`, message: maskedMessage(`${key}.${i}.${f}`) };
          person[f] = v;
        }
        // a new ID number brings its own birth date, unless one is given with it
        if (base && "birthDate" in base && person.idNumber !== base.idNumber && !("birthDate" in p && !same(p.birthDate, seen.birthDate))) person.birthDate = "";
        merged.push(person);
      }
      out[key] = merged;
      continue;
    }
    if (key in shown && same(value, shown[key])) continue;
    if (MASKED_FIELDS.has(key) && typeof value === "string" && value.includes("*")) return { ok: false, status: 422, field: key, message: maskedMessage(key) };
    out[key] = value;
  }
  return { ok: true, input: out };
}

const maskedMessage = (field: string) => `「${field}」是遮蔽后的值（含 *），不能写回：请省略该字段（保留原值）或填写完整的新值`;
