/**
 * The 18-digit resident ID number (公民身份号码, GB 11643): its check digit, and the birth date and gender it
 * encodes; ages at a day. Client-safe: the forms fill birth date and gender from it as it is typed, the schemas
 * derive and cross-check them on the server with the same functions.
 */
import { isValidDay } from "./dates";

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";

/** An 18-digit resident ID number: a valid birth date (not before 1900) and the right check digit. */
export function isValidResidentId(raw: string): boolean {
  const id = raw.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const birth = birthDateOfId(id);
  if (!isValidDay(birth) || birth < "1900-01-01") return false;
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return ID_CHECK[sum % 11] === id[17];
}

/** Birth date encoded in a resident ID number (digits 7–14), as an ISO day. */
export function birthDateOfId(id: string): string {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

/** Gender encoded in a resident ID number: the 17th digit is odd for men, even for women. */
export function genderOfId(id: string): "male" | "female" {
  return Number(id[16]) % 2 === 1 ? "male" : "female";
}

/** What a valid ID number says about its holder; null for anything that is not a valid number. */
export function residentIdFacts(raw: string | null | undefined): { birthDate: string; gender: "male" | "female" } | null {
  const id = (raw ?? "").trim().toUpperCase();
  if (!isValidResidentId(id)) return null;
  return { birthDate: birthDateOfId(id), gender: genderOfId(id) };
}

/** Whole years from a birth date to a day (the birthday itself counts: 18 on the 18th birthday). */
export function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/**
 * What a registration form fills from an ID number as it is typed: birth date, gender and the age on `day`; null
 * until the number is complete and valid (the server derives and checks the same facts on save).
 */
export function partyFactsFromId(raw: string | null | undefined, day: string): { birthDate: string; gender: "male" | "female"; age: number } | null {
  const facts = residentIdFacts(raw);
  if (!facts || facts.birthDate > day) return null;
  return { ...facts, age: ageOn(facts.birthDate, day) };
}
