import { describe, expect, it } from "vitest";
import { formDataToNested, fieldErrorsOf } from "./forms";
import { LEGAL_AID_ARRAY_FIELDS, LegalAidApplySchema, LegalAidFilterSchema, LegalAidGrantSchema, LegalAidTerminateSchema } from "./legal-aid";

const form = (pairs: Array<[string, string]>) => formDataToNested(new URLSearchParams(pairs), LEGAL_AID_ARRAY_FIELDS);
const application: Array<[string, string]> = [
  ["appliedOn", "2024-03-05"],
  ["receivedUnitId", "4"],
  ["applicantRelation", "self"],
  ["beneficiaries.0.name", "王秀兰"],
  ["beneficiaries.0.categories", "migrant_worker"],
  ["beneficiaries.1.name", ""],
  ["beneficiaries.1.idNumber", ""],
  ["caseType", "civil"],
  ["proceeding", "litigation"],
  ["serviceForm", "agency"],
  ["cause", "追索劳动报酬"],
  ["matter", "被拖欠工资。"],
  ["meansTest", "verified"],
];

describe("legal aid application schema", () => {
  it("parses the nested form, dropping blank beneficiary slots", () => {
    const r = LegalAidApplySchema.safeParse(form(application));
    expect(r.success).toBe(true);
    expect(r.data?.beneficiaries).toEqual([
      { name: "王秀兰", gender: undefined, idNumber: "", phone: "", address: "", categories: ["migrant_worker"] },
    ]);
  });

  it("needs a beneficiary, valid ID numbers, and an applicant's name when someone else applies", () => {
    const none = application.filter(([k]) => !k.startsWith("beneficiaries.0"));
    expect(fieldErrorsOf(LegalAidApplySchema.safeParse(form(none)).error!)).toMatchObject({ beneficiaries: "err.la.needBeneficiary" });
    const badId = [...application, ["beneficiaries.0.idNumber", "142730199001011235"] as [string, string]];
    expect(fieldErrorsOf(LegalAidApplySchema.safeParse(form(badId)).error!)).toEqual({ "beneficiaries.0.idNumber": "err.idNumber" });
    const guardian = application.map(([k, v]) => [k, k === "applicantRelation" ? "guardian" : v] as [string, string]);
    expect(fieldErrorsOf(LegalAidApplySchema.safeParse(form(guardian)).error!)).toEqual({ applicantName: "err.required" });
  });

  it("keeps the case type, proceeding and service form consistent", () => {
    const nonLit = application.map(([k, v]) => [k, k === "caseType" ? "non_litigation" : v] as [string, string]);
    expect(fieldErrorsOf(LegalAidApplySchema.safeParse(form(nonLit)).error!)).toEqual({ proceeding: "err.la.nonLitigationType" });
    const defence = application.map(([k, v]) => [k, k === "serviceForm" ? "defence" : v] as [string, string]);
    expect(fieldErrorsOf(LegalAidApplySchema.safeParse(form(defence)).error!)).toEqual({ serviceForm: "err.la.defenceOnlyCriminal" });
  });

  it("asks why the means test is exempted", () => {
    const exempt = application.map(([k, v]) => [k, k === "meansTest" ? "exempt" : v] as [string, string]);
    expect(fieldErrorsOf(LegalAidApplySchema.safeParse(form(exempt)).error!)).toEqual({ exemptBasis: "err.choose" });
    const other = [...exempt, ["exemptBasis", "other"] as [string, string]];
    expect(fieldErrorsOf(LegalAidApplySchema.safeParse(form(other)).error!)).toEqual({ exemptNote: "err.required" });
    const group = [...exempt, ["exemptBasis", "category"], ["exemptCategory", "migrant_worker"]] as Array<[string, string]>;
    expect(LegalAidApplySchema.safeParse(form(group)).success).toBe(true);
  });
});

describe("legal aid decision schemas", () => {
  it("allows 先行援助 only with a limitation deadline under 7 days away", () => {
    const g = (limitationDeadline: string) =>
      LegalAidGrantSchema.safeParse({ decidedOn: "2024-12-28", preliminary: "on", limitationDeadline, version: "1" });
    expect(g("2025-01-03").success).toBe(true);
    expect(fieldErrorsOf(g("2025-01-04").error!)).toEqual({ limitationDeadline: "err.la.notUrgent" });
    expect(fieldErrorsOf(g("").error!)).toEqual({ limitationDeadline: "err.la.needLimitation" });
    expect(LegalAidGrantSchema.safeParse({ decidedOn: "2024-12-28", version: "1" }).data).toMatchObject({ preliminary: false });
  });

  it("needs a note for an 'other' termination", () => {
    const r = LegalAidTerminateSchema.safeParse({ terminatedOn: "2024-05-01", terminationReason: "other", version: "2" });
    expect(fieldErrorsOf(r.error!)).toEqual({ terminationNote: "err.required" });
  });

  it("drops invalid filters rather than failing", () => {
    expect(LegalAidFilterSchema.parse({ status: "nonsense", from: "x", unit: "-3", overdue: "review", category: "special" })).toEqual({
      status: undefined,
      from: undefined,
      unit: undefined,
      overdue: "review",
      category: "special",
    });
  });
});
