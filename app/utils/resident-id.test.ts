import { describe, expect, it } from "vitest";
import { isValidResidentId, partyFactsFromId } from "./resident-id";

describe("partyFactsFromId (the registration form's fill as an ID number is typed)", () => {
  it("fills birth date, gender and the age on the day from a valid number", () => {
    // 17th digit 2: a woman, born 1949-12-31
    expect(isValidResidentId("11010519491231002X")).toBe(true);
    expect(partyFactsFromId("11010519491231002X", "2026-11-30")).toEqual({ birthDate: "1949-12-31", gender: "female", age: 76 });
    // the birthday itself counts
    expect(partyFactsFromId("11010519491231002x", "2026-12-31")?.age).toBe(77);
    expect(partyFactsFromId(" 11010519491231002X ", "2026-12-30")?.age).toBe(76);
  });

  it("a man's number (odd 17th digit)", () => {
    const base = "14082119900615001";
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const check = "10X98765432"[weights.reduce((a, w, i) => a + w * Number(base[i]), 0) % 11];
    expect(partyFactsFromId(base + check, "2026-06-14")).toEqual({ birthDate: "1990-06-15", gender: "male", age: 35 });
    expect(partyFactsFromId(base + check, "2026-06-15")?.age).toBe(36);
  });

  it("fills nothing while the number is incomplete or wrong", () => {
    expect(partyFactsFromId("1101051949123", "2026-11-30")).toBeNull();
    expect(partyFactsFromId("110105194912310021", "2026-11-30")).toBeNull(); // wrong check digit
    expect(partyFactsFromId("", "2026-11-30")).toBeNull();
    expect(partyFactsFromId(null, "2026-11-30")).toBeNull();
  });

  it("a birth date after the day fills nothing", () => {
    expect(partyFactsFromId("11010519491231002X", "1940-01-01")).toBeNull();
  });
});
