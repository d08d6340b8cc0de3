/**
 * The fields of a person with a resident ID number (parties, applicants, beneficiaries): apart from fields.ts so that a
 * form without people (the consultation entry) does not carry the ID number's checks into the browser.
 */
import * as z from "zod/mini";
import { isValidDay, todayInChina } from "~/utils/dates";
import { isValidResidentId, residentIdFacts } from "~/utils/resident-id";
import { blankToUndefined, preprocess } from "./fields";

export { birthDateOfId, isValidResidentId } from "~/utils/resident-id";

/** An optional birth date: a valid day, not in the future (China calendar), not before 1900. */
export const birthDateField = () =>
  preprocess(
    blankToUndefined,
    z.optional(
      z
        .string()
        .check(
          z.refine(isValidDay, { error: "err.date" }),
          z.refine((d) => d >= "1900-01-01", { error: "err.birthTooOld" }),
          z.refine((d) => d <= todayInChina(), { error: "err.birthFuture" }),
        ),
    ),
  );

type PersonWithId = { kind?: string; idNumber: string; birthDate?: string; gender?: "male" | "female" };

/**
 * A person's birth date and gender must agree with their resident ID number (when one is given): refused as
 * errors on those fields. Organisations are not checked.
 */
export function checkAgainstResidentId(p: PersonWithId, ctx: z.core.$RefinementCtx<PersonWithId>) {
  if (p.kind && p.kind !== "person") return;
  const facts = residentIdFacts(p.idNumber);
  if (!facts) return;
  if (p.birthDate && p.birthDate !== facts.birthDate) ctx.addIssue({ code: "custom", message: "err.idBirthMismatch", path: ["birthDate"] });
  if (p.gender && p.gender !== facts.gender) ctx.addIssue({ code: "custom", message: "err.idGenderMismatch", path: ["gender"] });
}

/** Fills a person's blank birth date and gender from their resident ID number (the server side of the form's filling). */
export function fillFromResidentId<T extends PersonWithId>(p: T): T {
  if (p.kind && p.kind !== "person") return p;
  const facts = residentIdFacts(p.idNumber);
  if (!facts) return p;
  return { ...p, birthDate: p.birthDate ?? facts.birthDate, gender: p.gender ?? facts.gender };
}

export const residentIdField = () =>
  preprocess(
    (v) => (typeof v === "string" ? v.trim().toUpperCase() : v ?? ""),
    z.string().check(z.refine((s) => s === "" || isValidResidentId(s), { error: "err.idNumber" })),
  );
