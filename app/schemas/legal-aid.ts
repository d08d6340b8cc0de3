/** Forms of the legal aid lifecycle (法律援助). One schema per form, shared by the browser and the action. */
import * as z from "zod/mini";
import { PERSON_CATEGORIES } from "./enums/consultation";
import { LEGAL_AID_APPLICANT_RELATIONS, LEGAL_AID_CASE_TYPES, LEGAL_AID_EXEMPTIONS, LEGAL_AID_LIMITS, LEGAL_AID_MEANS, LEGAL_AID_OUTCOMES, LEGAL_AID_PROCEEDINGS, LEGAL_AID_PROVIDER_KINDS, LEGAL_AID_QUALITY_GRADES, LEGAL_AID_SERVICE_FORMS, LEGAL_AID_STATUSES, LEGAL_AID_TERMINATION_REASONS } from "./enums/legal-aid";
import { GENDERS, SATISFACTION } from "./enums/mediation";
import { lenient, preprocess, checkboxField, enumArray, enumField, idField, moneyField, optionalDay, optionalText, pastDay, phoneField, requiredText, versionField } from "./fields";
import { birthDateField, checkAgainstResidentId, fillFromResidentId, residentIdField } from "./person-fields";
import { addDays, daysBetween } from "~/utils/dates";
import { ageOn } from "~/utils/resident-id";

/** Ages that the person categories 未成年人 and 老年人 imply on the application day. */
export const LEGAL_AID_AGE_LIMITS = { minorUnder: 18, elderlyFrom: 60 } as const;

const blank = (v: unknown) => (v === null || v === undefined || (typeof v === "string" && v.trim() === "") ? undefined : v);
const optionalEnum = <const T extends readonly [string, ...string[]]>(values: T) =>
  preprocess(blank, z.optional(z.enum(values, { error: "err.invalidChoice" })));
/** An optional id in a hidden field (a referral link); anything that is not an id is ignored. */
const optionalId = () =>
  preprocess((v) => (typeof v === "string" && /^\d{1,12}$/.test(v) ? Number(v) : undefined), z.optional(z.int().check(z.positive())));

/** 受援人; birth date and gender are read from the ID number when one is given (and must agree with it). */
export const BeneficiarySchema = z.pipe(
  z
  .object({
    name: requiredText(30),
    gender: optionalEnum(GENDERS.values),
    birthDate: birthDateField(),
    idNumber: residentIdField(),
    phone: phoneField(),
    address: optionalText(120),
    categories: enumArray(PERSON_CATEGORIES.values),
  })
  .check(z.superRefine(checkAgainstResidentId)),
  z.transform(fillFromResidentId),
);
export type BeneficiaryValues = z.output<typeof BeneficiarySchema>;

/** A beneficiary row left entirely blank (an unused slot of the form) is dropped. */
function dropBlankBeneficiaries(v: unknown) {
  if (v && typeof v === "object" && !Array.isArray(v)) v = Object.values(v);
  if (!Array.isArray(v)) return v;
  return v.filter((b) => {
    if (!b || typeof b !== "object") return false;
    return Object.entries(b as Record<string, unknown>).some(([k, x]) =>
      k === "categories"
        ? Array.isArray(x)
          ? x.length > 0
          : typeof x === "string" && x !== ""
        : k !== "gender" && typeof x === "string" && x.trim() !== ""
    );
  });
}

const beneficiariesField = () =>
  preprocess(
    dropBlankBeneficiaries,
    z.array(BeneficiarySchema, { error: "err.la.needBeneficiary" }).check(z.minLength(1, { error: "err.la.needBeneficiary" }), z.maxLength(30, { error: "err.tooMany:30" }))
  );

const applicationShape = {
  appliedOn: pastDay(),
  receivedUnitId: idField(),
  applicantRelation: enumField(LEGAL_AID_APPLICANT_RELATIONS.values),
  applicantName: optionalText(30),
  applicantPhone: phoneField(),
  applicantIdNumber: residentIdField(),
  beneficiaries: beneficiariesField(),
  caseType: enumField(LEGAL_AID_CASE_TYPES.values),
  proceeding: enumField(LEGAL_AID_PROCEEDINGS.values),
  serviceForm: enumField(LEGAL_AID_SERVICE_FORMS.values),
  cause: requiredText(60),
  matter: requiredText(2000),
  meansTest: enumField(LEGAL_AID_MEANS.values),
  exemptBasis: optionalEnum(LEGAL_AID_EXEMPTIONS.values),
  exemptCategory: optionalEnum(PERSON_CATEGORIES.values),
  exemptNote: optionalText(200),
  /** documents still missing at intake (一次性告知); blank when the application is complete */
  missingDocs: optionalText(500),
  fromConsultation: optionalId(),
  fromMediation: optionalId(),
};

type ApplicationShape = {
  appliedOn: string;
  applicantRelation: string;
  applicantName: string;
  beneficiaries: BeneficiaryValues[];
  caseType: string;
  proceeding: string;
  serviceForm: string;
  meansTest: string;
  exemptBasis?: string;
  exemptCategory?: string;
  exemptNote: string;
};

/** Rules across fields of the application: who applies, the proceeding, and the exemption of the means test. */
export function checkApplication(v: ApplicationShape, ctx: z.core.$RefinementCtx<ApplicationShape>) {
  const need = (path: string, message = "err.required") => ctx.addIssue({ code: "custom", message, path: [path] });
  if (v.applicantRelation !== "self" && !v.applicantName) need("applicantName");
  if (v.caseType === "non_litigation" && v.proceeding === "litigation") need("proceeding", "err.la.nonLitigationType");
  if (v.caseType === "criminal" && ["labour_arbitration", "non_lit_agency"].includes(v.serviceForm)) need("serviceForm", "err.la.formNotForCriminal");
  if (v.serviceForm === "defence" && v.caseType !== "criminal") need("serviceForm", "err.la.defenceOnlyCriminal");
  // a person category that the birth date (given, or read from the ID number) contradicts is refused
  v.beneficiaries.forEach((b, i) => {
    if (!b.birthDate) return;
    const age = ageOn(b.birthDate, v.appliedOn);
    const at = ["beneficiaries", i, "categories"];
    if (b.categories.includes("minor") && age >= LEGAL_AID_AGE_LIMITS.minorUnder) ctx.addIssue({ code: "custom", message: "err.la.notMinor", path: at });
    else if (b.categories.includes("elderly") && age < LEGAL_AID_AGE_LIMITS.elderlyFrom) ctx.addIssue({ code: "custom", message: "err.la.notElderly", path: at });
  });
  if (v.meansTest === "exempt") {
    if (!v.exemptBasis) need("exemptBasis", "err.choose");
    else if (v.exemptBasis === "category") {
      if (!v.exemptCategory) need("exemptCategory", "err.choose");
      else if (!v.beneficiaries.some((b) => b.categories.includes(v.exemptCategory as never))) need("exemptCategory", "err.la.exemptCategoryMissing");
    } else if (v.exemptBasis === "other" && !v.exemptNote) need("exemptNote");
  }
}

/** 法律援助申请: the application form (new). */
export const LegalAidApplySchema = z
  .object({
    ...applicationShape,
    /** "1" when the user has seen the likely duplicates and takes the application anyway */
    confirmDuplicate: z.optional(preprocess((v) => v === "1" || v === true, z.boolean())),
  })
  .check(z.superRefine(checkApplication));
export type LegalAidApplyValues = z.output<typeof LegalAidApplySchema>;
/** Field names (at any depth) whose every value is kept: the beneficiaries' category checkboxes. */
export const LEGAL_AID_ARRAY_FIELDS = ["categories"] as const;

/** Corrections of the application (with the version the editor started from). */
export const LegalAidEditSchema = z.object({ ...applicationShape, version: versionField() }).check(z.superRefine(checkApplication));
export type LegalAidEditValues = z.output<typeof LegalAidEditSchema>;

/** 一次性告知: the documents still missing, listed once. */
export const LegalAidMissingDocsSchema = z.object({
  listedOn: pastDay(),
  missingDocs: requiredText(500),
  version: versionField(),
});

/** 材料补齐: the application became complete on this day (the review's 7 days start). */
export const LegalAidCompleteSchema = z.object({
  completeOn: pastDay(),
  version: versionField(),
});

/** 准予法律援助 (with 先行援助 when a limitation deadline is under 7 days away). */
export const LegalAidGrantSchema = z
  .object({
    decidedOn: pastDay(),
    preliminary: checkboxField(),
    limitationDeadline: optionalDay(),
    version: versionField(),
  })
  .check(z.superRefine((v, ctx) => {
    if (!v.preliminary) return;
    if (!v.limitationDeadline) ctx.addIssue({ code: "custom", message: "err.la.needLimitation", path: ["limitationDeadline"] });
    else if (v.limitationDeadline < v.decidedOn) ctx.addIssue({ code: "custom", message: "err.la.limitationPassed", path: ["limitationDeadline"] });
    else if (daysBetween(v.decidedOn, v.limitationDeadline) >= LEGAL_AID_LIMITS.preliminaryUrgentDays)
      ctx.addIssue({ code: "custom", message: "err.la.notUrgent", path: ["limitationDeadline"] });
  }));
export type LegalAidGrantValues = z.output<typeof LegalAidGrantSchema>;

/** 不予法律援助: the written reasons are required. */
export const LegalAidRefuseSchema = z.object({
  decidedOn: pastDay(),
  refusalReason: requiredText(1000).check(z.refine((s: string) => s.length >= 8, { error: "err.la.reasonTooShort" })),
  version: versionField(),
});
export type LegalAidRefuseValues = z.output<typeof LegalAidRefuseSchema>;

/** 指派 */
export const LegalAidAssignSchema = z.object({
  assignedOn: pastDay(),
  providerId: idField(),
  version: versionField(),
});
export type LegalAidAssignValues = z.output<typeof LegalAidAssignSchema>;

/** 更换承办人 (with the reason, kept in the trail). */
export const LegalAidReassignSchema = z.object({
  reassignedOn: pastDay(),
  providerId: idField(),
  reason: requiredText(300),
  version: versionField(),
});
export type LegalAidReassignValues = z.output<typeof LegalAidReassignSchema>;

/** 办理进展 */
export const LegalAidProgressSchema = z.object({
  notedOn: pastDay(),
  note: requiredText(2000),
  version: versionField(),
});

/** 结案 */
export const LegalAidCloseSchema = z.object({
  closedOn: pastDay(),
  outcome: enumField(LEGAL_AID_OUTCOMES.values),
  recovered: moneyField(),
  closingReport: requiredText(4000),
  version: versionField(),
});
export type LegalAidCloseValues = z.output<typeof LegalAidCloseSchema>;

/** 终止法律援助 with one of the statutory reasons. */
export const LegalAidTerminateSchema = z
  .object({
    terminatedOn: pastDay(),
    terminationReason: enumField(LEGAL_AID_TERMINATION_REASONS.values),
    terminationNote: optionalText(500),
    version: versionField(),
  })
  .check(z.superRefine((v, ctx) => {
    if (v.terminationReason === "other" && !v.terminationNote) ctx.addIssue({ code: "custom", message: "err.required", path: ["terminationNote"] });
  }));
export type LegalAidTerminateValues = z.output<typeof LegalAidTerminateSchema>;

/** 质量评查 */
export const LegalAidQualitySchema = z.object({
  reviewedOn: pastDay(),
  grade: enumField(LEGAL_AID_QUALITY_GRADES.values),
  note: optionalText(500),
  version: versionField(),
});

/** 回访 of the beneficiary */
export const LegalAidFollowupSchema = z.object({
  followedUpOn: pastDay(),
  satisfaction: enumField(SATISFACTION.values),
  note: optionalText(500),
  version: versionField(),
});

export const LegalAidVoidSchema = z.object({
  reason: requiredText(200),
  version: versionField(),
});

/** A provider on the centre's list. */
export const LegalAidProviderSchema = z
  .object({
    name: requiredText(40),
    kind: enumField(LEGAL_AID_PROVIDER_KINDS.values),
    firmName: optionalText(60),
    phone: phoneField(),
  })
  .check(z.superRefine((v, ctx) => {
    if (v.kind !== "firm" && !v.firmName) ctx.addIssue({ code: "custom", message: "err.la.needFirm", path: ["firmName"] });
  }));
export type LegalAidProviderValues = z.output<typeof LegalAidProviderSchema>;

const day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));

/** List filters (GET). Invalid values are dropped, never a 500. */
export const LegalAidFilterSchema = z.object({
  from: lenient(day),
  to: lenient(day),
  /** which date the period applies to */
  dateField: lenient(z.enum(["applied", "decided", "closed"])),
  unit: lenient(z.coerce.number().check(z.int(), z.positive())),
  /** "handled": only cases handled (and counted) in the unit's subtree, as the figures count them */
  scope: lenient(z.enum(["handled"])),
  status: lenient(z.enum([...LEGAL_AID_STATUSES.values, "open", "grantedAll"] as [string, ...string[]])),
  caseType: lenient(z.enum(LEGAL_AID_CASE_TYPES.values)),
  proceeding: lenient(z.enum(LEGAL_AID_PROCEEDINGS.values)),
  category: lenient(z.enum([...PERSON_CATEGORIES.values, "special"] as [string, ...string[]])),
  provider: lenient(z.coerce.number().check(z.int(), z.positive())),
  overdue: lenient(z.enum(["review", "assignment", "any"])),
  q: lenient(z.string().check(z.trim(), z.maxLength(60))),
  voided: lenient(z.enum(["include", "only"])),
  page: lenient(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100000))),
});
export type LegalAidFilters = z.output<typeof LegalAidFilterSchema>;

/** The last day of the 7-day review of an application complete on `completeOn` (calendar days). */
export const reviewDueOn = (completeOn: string) => addDays(completeOn, LEGAL_AID_LIMITS.reviewWithinDays);
/** The last day of the 3-day assignment after a grant on `decidedOn` (calendar days). */
export const assignmentDueOn = (decidedOn: string) => addDays(decidedOn, LEGAL_AID_LIMITS.assignWithinDays);

/**
 * The beneficiary rows of a submission, for showing the form again: a dense list of at most 30 (a crafted name
 * such as `beneficiaries.99999.name` would otherwise make a sparse list of 100,000 rows).
 */
export function submittedBeneficiaries(values: Record<string, unknown> | null | undefined): Array<Record<string, unknown>> {
  const v = values?.beneficiaries;
  const list = Array.isArray(v) ? v : v && typeof v === "object" ? Object.values(v) : [];
  return list.filter((b): b is Record<string, unknown> => !!b && typeof b === "object").slice(0, 30);
}
