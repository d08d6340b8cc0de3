/** Forms of the mediation lifecycle (人民调解). One schema per form, shared by the browser and the action. */
import * as z from "zod/mini";
import { AGREEMENT_FORMS, FAILURE_ROUTES, GENDERS, JUDICIAL_CONFIRMATION, MEDIATION_RESULTS, MEDIATION_SOURCES, MEDIATION_STATUSES, PARTY_KINDS, PARTY_SIDES, PERFORMANCE_STATUSES, SATISFACTION } from "./enums/mediation";
import { lenient, preprocess, checkboxField, enumField, idField, intField, moneyField, optionalDay, optionalText, pastDay, phoneField, requiredText, versionField } from "./fields";
import { birthDateField, checkAgainstResidentId, fillFromResidentId, residentIdField } from "./person-fields";

const blank = (v: unknown) => (v === null || v === undefined || (typeof v === "string" && v.trim() === "") ? undefined : v);

/** A party; a person's birth date and gender are read from the ID number when one is given (and must agree with it). */
export const PartySchema = z.pipe(
  z
    .object({
    side: enumField(PARTY_SIDES.values),
    kind: enumField(PARTY_KINDS.values),
    name: requiredText(60),
    gender: preprocess(blank, z.optional(z.enum(GENDERS.values, { error: "err.invalidChoice" }))),
    ethnicity: optionalText(20),
    birthDate: birthDateField(),
    age: preprocess(blank, z.optional(intField({ min: 0, max: 120, minError: "err.age" }))),
    occupation: optionalText(30),
    phone: phoneField(),
    address: optionalText(120),
    idNumber: residentIdField(),
    })
    .check(z.superRefine(checkAgainstResidentId)),
  z.transform(fillFromResidentId),
);
export type PartyValues = z.output<typeof PartySchema>;

/** A party row left entirely blank (an unused slot of the no-JavaScript form) is dropped. */
function dropBlankParties(v: unknown) {
  if (!Array.isArray(v)) return v;
  return v.filter((p) => {
    if (!p || typeof p !== "object") return false;
    const { side: _s, kind: _k, ...rest } = p as Record<string, unknown>;
    return Object.values(rest).some((x) => typeof x === "string" && x.trim() !== "");
  });
}

const partiesField = () =>
  preprocess(dropBlankParties, z.array(PartySchema).check(z.maxLength(50, { error: "err.tooMany:50" }))).check(
    z.superRefine((parties, ctx) => {
      if (!parties.some((p) => p.side === "applicant")) ctx.addIssue({ code: "custom", message: "err.needApplicant", path: [] });
      else if (!parties.some((p) => p.side === "respondent")) ctx.addIssue({ code: "custom", message: "err.needRespondent", path: [] });
    }),
  );

const idArray = (min: number, error: string) =>
  preprocess(
    (v) => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v : [v]),
    z
      .array(preprocess((x) => (typeof x === "string" && /^\d+$/.test(x) ? Number(x) : x), z.int({ error: "err.invalidChoice" }).check(z.positive({ error: "err.invalidChoice" }))))
      .check(z.minLength(min, { error })),
  );

/** 受理登记: the registration form. */
export const MediationRegisterSchema = z.object({
  registeredOn: pastDay(),
  unitId: idField(),
  source: enumField(MEDIATION_SOURCES.values),
  disputeType: preprocess(blank, z.string({ error: "err.choose" }).check(z.regex(/^([a-z_]+|x\d+)$/, { error: "err.invalidChoice" }))),
  summary: requiredText(2000),
  personsInvolved: intField({ min: 1, max: 100000 }),
  amount: moneyField(),
  isMass: checkboxField(),
  preventedCriminal: checkboxField(),
  preventedPetition: checkboxField(),
  parties: partiesField(),
  mediatorIds: idArray(1, "err.needMediator"),
  /** "1" when the user has seen the likely duplicates and registers anyway */
  confirmDuplicate: z.optional(preprocess((v) => v === "1" || v === true, z.boolean())),
});
export type MediationRegisterValues = z.output<typeof MediationRegisterSchema>;
export const MEDIATION_ARRAY_FIELDS = ["mediatorIds"] as const;

export const MediationEditSchema = z.object({ ...MediationRegisterSchema.shape, version: versionField() });

/** 调解记录: one session. */
export const MediationSessionSchema = z.object({
  heldOn: pastDay(),
  mediatorNames: requiredText(100),
  notes: requiredText(4000),
  version: versionField(),
});

/** 结案: success with its agreement, failure with the route the parties were told, or withdrawal. */
export const MediationConcludeSchema = z
  .object({
    concludedOn: pastDay(),
    result: enumField(MEDIATION_RESULTS.values),
    agreementForm: preprocess(blank, z.optional(z.enum(AGREEMENT_FORMS.values, { error: "err.invalidChoice" }))),
    agreementTerms: optionalText(4000),
    agreementAmount: moneyField(),
    performanceManner: optionalText(200),
    performanceDeadline: optionalDay(),
    performance: preprocess(blank, z.optional(z.enum(PERFORMANCE_STATUSES.values, { error: "err.invalidChoice" }))),
    failureReason: optionalText(1000),
    failureRoute: preprocess(blank, z.optional(z.enum(FAILURE_ROUTES.values, { error: "err.invalidChoice" }))),
    withdrawReason: optionalText(500),
    version: versionField(),
  })
  .check(z.superRefine((v, ctx) => {
    const need = (path: string, message = "err.required") => ctx.addIssue({ code: "custom", message, path: [path] });
    if (v.result === "success") {
      if (!v.agreementForm) need("agreementForm", "err.choose");
      if (!v.agreementTerms) need("agreementTerms", "err.agreementTerms");
      if (!v.performance) need("performance", "err.choose");
      if (v.performanceDeadline && v.performanceDeadline < v.concludedOn) need("performanceDeadline", "err.deadlineBeforeAgreement");
    } else if (v.result === "failed") {
      if (!v.failureReason) need("failureReason");
      if (!v.failureRoute) need("failureRoute", "err.choose");
    } else if (v.result === "withdrawn") {
      if (!v.withdrawReason) need("withdrawReason");
    }
  }));
export type MediationConcludeValues = z.output<typeof MediationConcludeSchema>;

/** 履行情况 and 司法确认 after an agreement. */
export const MediationPerformanceSchema = z
  .object({
    performance: enumField(PERFORMANCE_STATUSES.values),
    judicialConfirmation: enumField(JUDICIAL_CONFIRMATION.values),
    jcAppliedOn: optionalDay(),
    jcDecidedOn: optionalDay(),
    version: versionField(),
  })
  .check(z.superRefine((v, ctx) => {
    if (v.judicialConfirmation !== "none" && !v.jcAppliedOn) ctx.addIssue({ code: "custom", message: "err.required", path: ["jcAppliedOn"] });
    if ((v.judicialConfirmation === "granted" || v.judicialConfirmation === "refused") && !v.jcDecidedOn)
      ctx.addIssue({ code: "custom", message: "err.required", path: ["jcDecidedOn"] });
    if (v.jcAppliedOn && v.jcDecidedOn && v.jcDecidedOn < v.jcAppliedOn)
      ctx.addIssue({ code: "custom", message: "err.decidedBeforeApplied", path: ["jcDecidedOn"] });
  }));

/** 回访 */
export const MediationFollowupSchema = z.object({
  visitedOn: pastDay(),
  visitor: requiredText(30),
  performanceFound: enumField(PERFORMANCE_STATUSES.values),
  satisfaction: enumField(SATISFACTION.values),
  notes: optionalText(1000),
});
export type MediationFollowupValues = z.output<typeof MediationFollowupSchema>;

/** 移交: up the tree or across to a specialised committee, within the county. */
export const MediationTransferSchema = z.object({
  toUnitId: idField(),
  transferredOn: pastDay(),
  reason: requiredText(500),
  version: versionField(),
});

/** List filters (GET). Invalid values are dropped, never a 500. */
export const MediationFilterSchema = z.object({
  from: lenient(z.string()),
  to: lenient(z.string()),
  /** which date the period applies to */
  dateField: lenient(z.enum(["registered", "concluded"])),
  unit: lenient(z.coerce.number().check(z.int(), z.positive())),
  status: lenient(z.enum([...MEDIATION_STATUSES.values, "open", "concluded"] as [string, ...string[]])),
  type: lenient(z.string().check(z.regex(/^([a-z_]+|x\d+)$/))),
  source: lenient(z.enum(MEDIATION_SOURCES.values)),
  mediator: lenient(z.coerce.number().check(z.int(), z.positive())),
  flag: lenient(z.enum(["mass", "preventedCriminal", "preventedPetition"])),
  overdue: lenient(z.enum(["open", "performance", "followup"])),
  q: lenient(z.string().check(z.trim(), z.maxLength(60))),
  voided: lenient(z.enum(["include", "only"])),
  page: lenient(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100000))),
  /** 案卷评查: files with a review, without one, or whose latest grade is the one named */
  review: lenient(z.enum(["reviewed", "unreviewed", "excellent", "pass", "fail"])),
  /** seek paging (issue 12): the opaque key of the row a page starts after / ends before */
  after: lenient(z.string().check(z.maxLength(200))),
  before: lenient(z.string().check(z.maxLength(200))),
  /** the list's outcome sums over many disputes, asked for (computed up to COUNT_CAP) */
  sums: lenient(z.enum(["1"])),
});
export type MediationFilters = z.output<typeof MediationFilterSchema>;

export const DisputeTypeSchema = z.object({ name: requiredText(30) });
