/** Mediation fixtures for report tests: a mediator, a valid registration, a conclusion (through the model functions). */
import { mediators } from "../db/schema";
import { getDb } from "../app/utils/db.server";
import type { MediationRegisterValues, PartyValues } from "../app/schemas/mediation";
import { MediationConcludeSchema } from "../app/schemas/mediation";
import type { Actor } from "../app/utils/permissions";
import { concludeMediation, registerMediation } from "../app/models/mediations.server";

export async function makeMediator(unitId: number, name = "张调解") {
  return await getDb().insert(mediators).values({ unitId, name, startOn: "2015-01-01" }).returning().get();
}

const party = (over: Partial<PartyValues> = {}): PartyValues => ({
  side: "applicant",
  kind: "person",
  name: "王大成",
  ethnicity: "",
  occupation: "",
  phone: "",
  address: "",
  idNumber: "",
  ...over,
});

export function registration(unitId: number, mediatorId: number, over: Partial<MediationRegisterValues> = {}): MediationRegisterValues {
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
    parties: [party(), party({ side: "respondent", name: "李小红" })],
    mediatorIds: [mediatorId],
    ...over,
  };
}

/** Registers a dispute and, when `result` is given, concludes it on `concludedOn`. Returns the id. */
export async function mediate(
  actor: Actor,
  unitId: number,
  mediatorId: number,
  opts: { registeredOn?: string; concludedOn?: string; result?: "success" | "failed" | "withdrawn"; disputeType?: string } = {},
) {
  const r = await registerMediation({ actor, data: registration(unitId, mediatorId, { registeredOn: opts.registeredOn ?? "2024-03-05", ...(opts.disputeType ? { disputeType: opts.disputeType } : {}) }) });
  if (!r.ok) throw new Error(JSON.stringify(r));
  if (opts.result) {
    const data = MediationConcludeSchema.parse({
      concludedOn: opts.concludedOn ?? "2024-03-20",
      version: 1,
      result: opts.result,
      ...(opts.result === "success"
        ? { agreementForm: "written", agreementTerms: "赔偿一千元", performance: "immediate" }
        : opts.result === "failed"
          ? { failureReason: "双方分歧大", failureRoute: "litigation" }
          : { withdrawReason: "当事人撤回" }),
    });
    const c = await concludeMediation({ actor, id: r.value.id, data });
    if (!c.ok) throw new Error(JSON.stringify(c));
  }
  return r.value.id;
}
