/**
 * Test data factories: real rows in the test's SQLite file. Units are inserted directly (with correct paths);
 * records go through the model functions so counters and audit are kept as in production.
 */
import { eq } from "drizzle-orm";
import { units, users } from "../db/schema";
import { getDb } from "../app/utils/db.server";
import type { Actor } from "../app/utils/permissions";
import type { Role } from "../app/schemas/enums";
import type { ConsultationValues } from "../app/schemas/consultation";

let seq = 0;
const next = () => ++seq;

export async function makeUnit(opts: { parentId?: number | null; name?: string; level?: string; type?: string; code?: string; activeFrom?: string; shortName?: string } = {}) {
  const db = getDb();
  const n = next();
  const parent = opts.parentId ? (await db.select().from(units).where(eq(units.id, opts.parentId)).get())! : null;
  const row = await db
    .insert(units)
    .values({
      code: opts.code ?? `T${String(n).padStart(6, "0")}${Math.floor(Math.random() * 1e6)}`,
      name: opts.name ?? `测试单位${n}`,
      shortName: opts.shortName ?? null,
      level: opts.level ?? (parent ? "township" : "city"),
      type: opts.type ?? "admin",
      parentId: parent?.id ?? null,
      path: "pending",
      depth: parent ? parent.depth + 1 : 0,
      activeFrom: opts.activeFrom ?? "2000-01-01",
    })
    .returning()
    .get();
  const path = `${parent ? parent.path : "/"}${row.id}/`;
  await db.update(units).set({ path }).where(eq(units.id, row.id)).run();
  return { ...row, path };
}

/** A small tree: city → two counties → two townships each → two villages each. */
export async function makeTree() {
  const city = await makeUnit({ name: "运城市", level: "city" });
  const countyA = await makeUnit({ parentId: city.id, name: "临猗县", level: "county" });
  const countyB = await makeUnit({ parentId: city.id, name: "万荣县", level: "county" });
  const townA1 = await makeUnit({ parentId: countyA.id, name: "猗氏镇", level: "township", shortName: "猗氏" });
  const townA2 = await makeUnit({ parentId: countyA.id, name: "嵋阳镇", level: "township", shortName: "嵋阳" });
  const townB1 = await makeUnit({ parentId: countyB.id, name: "解店镇", level: "township", shortName: "解店" });
  const villA1a = await makeUnit({ parentId: townA1.id, name: "城东村", level: "village" });
  const villA1b = await makeUnit({ parentId: townA1.id, name: "城西村", level: "village" });
  const villA2a = await makeUnit({ parentId: townA2.id, name: "嵋阳村", level: "village" });
  const villB1a = await makeUnit({ parentId: townB1.id, name: "解店村", level: "village" });
  return { city, countyA, countyB, townA1, townA2, townB1, villA1a, villA1b, villA2a, villB1a };
}

export async function makeActor(unit: { id: number; path: string; name: string; level: string }, role: Role = "staff"): Promise<Actor> {
  const db = getDb();
  const n = next();
  const u = await db
    .insert(users)
    .values({ username: `user${n}_${Math.floor(Math.random() * 1e6)}`, displayName: `用户${n}`, passwordHash: "x", role, unitId: unit.id })
    .returning()
    .get();
  return { id: u.id, username: u.username, displayName: u.displayName, role, unitId: unit.id, unitPath: unit.path, unitName: unit.name, unitLevel: unit.level };
}

export function consultationData(unitId: number, over: Partial<ConsultationValues> = {}): ConsultationValues {
  return {
    date: "2024-03-05",
    unitId,
    channel: "walk_in",
    topic: "labour",
    persons: 1,
    categories: [],
    answeredBy: "张调解",
    summary: "",
    nextStep: "answered",
    ...over,
  };
}

// ---- 法律援助 ----------------------------------------------------------------------------------------------
// (imports of this section kept here so that the section is appended as one block)
import { legalAidProviders } from "../db/schema";
import type { LegalAidApplyValues } from "../app/schemas/legal-aid";

/** A county's 法律援助中心 (a legal_aid_centre unit directly under the county). */
export async function makeLegalAidCentre(county: { id: number }, name = "临猗县法律援助中心", shortName = "临猗法援") {
  return await makeUnit({ parentId: county.id, name, level: "county", type: "legal_aid_centre", shortName });
}

/** A lawyer (or firm, or legal-service worker) on a centre's list. */
export async function makeProvider(centreId: number, over: { name?: string; kind?: string; firmName?: string | null; active?: boolean } = {}) {
  return await getDb()
    .insert(legalAidProviders)
    .values({
      centreId,
      name: over.name ?? `律师${next()}`,
      kind: over.kind ?? "lawyer",
      firmName: over.firmName === undefined ? "山西猗顿律师事务所" : over.firmName,
      active: over.active ?? true,
    })
    .returning()
    .get();
}

/** A complete application taken at `receivedUnitId`: one beneficiary, a civil labour case, means test passed. */
export function legalAidData(receivedUnitId: number, over: Partial<LegalAidApplyValues> = {}): LegalAidApplyValues {
  return {
    appliedOn: "2024-03-05",
    receivedUnitId,
    applicantRelation: "self",
    applicantName: "",
    applicantPhone: "",
    applicantIdNumber: "",
    beneficiaries: [{ name: "王秀兰", gender: "female", idNumber: "", phone: "13812345678", address: "临猗县猗氏镇城东村3组15号", categories: ["migrant_worker"] }],
    caseType: "civil",
    proceeding: "litigation",
    serviceForm: "agency",
    cause: "追索劳动报酬",
    matter: "在建筑工地务工，被拖欠工资两万余元，申请代理诉讼。",
    meansTest: "verified",
    exemptBasis: undefined,
    exemptCategory: undefined,
    exemptNote: "",
    missingDocs: "",
    fromConsultation: undefined,
    fromMediation: undefined,
    ...over,
  };
}

/** A valid resident ID number for a birth date (`seq`: 3 digits; an odd last one is a man), check digit per GB 11643. */
export function residentIdFor(birthDate: string, seq = "123", area = "140821") {
  const body = `${area}${birthDate.replaceAll("-", "")}${seq}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((a, d, i) => a + Number(d) * w[i], 0);
  return body + "10X98765432"[sum % 11];
}

// ---- mediation files (documents, archive, file reviews) --------------------------------------------------------
import { mediators } from "../db/schema";
import type { MediationRegisterValues } from "../app/schemas/mediation";

/** The value of a model result that must have succeeded (the test fails with the result otherwise). */
export function ok<T>(r: { ok: true; value: T } | { ok: false }): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r.value;
}

/** A mediator on a unit's roster since 2015. */
export async function makeMediator(unitId: number, name = "张调解") {
  return await getDb().insert(mediators).values({ unitId, name, startOn: "2015-01-01" }).returning().get();
}

/** A neighbours' dispute registered on 2024-03-05 at `unitId`: two parties, one mediator. */
export function mediationData(unitId: number, mediatorIds: number[], over: Partial<MediationRegisterValues> = {}): MediationRegisterValues {
  return {
    registeredOn: "2024-03-05",
    unitId,
    source: "application",
    disputeType: "neighbour",
    summary: "两户因院墙排水发生争执",
    personsInvolved: 2,
    amount: null,
    isMass: false,
    preventedCriminal: false,
    preventedPetition: false,
    parties: [
      { side: "applicant", kind: "person", name: "王大成", phone: "", address: "", idNumber: "" },
      { side: "respondent", kind: "person", name: "李小红", phone: "", address: "", idNumber: "" },
    ],
    mediatorIds,
    ...over,
  } as MediationRegisterValues;
}
