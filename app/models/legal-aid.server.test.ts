import { describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "~/utils/db.server";
import { auditLog, caseSequences, legalAidAssignments, legalAidBeneficiaries, legalAidCases, units } from "../../db/schema";
import { consultationData, legalAidData, makeActor, makeLegalAidCentre, makeProvider, makeTree, makeUnit, residentIdFor } from "../../tests/factories";
import { createConsultation } from "./consultations.server";
import { addLegalAidProgress, applyLegalAid, assignLegalAid, canDecideLegalAid, closeLegalAid, findLikelyLegalAidDuplicates, grantLegalAid, handlingCentreFor, listMissingDocuments, markApplicationComplete, reassignLegalAid, recordLegalAidFollowup, refuseLegalAid, reviewLegalAidQuality, terminateLegalAid, updateLegalAidApplication, voidLegalAid } from "./legal-aid.server";
import { getLegalAid, getLegalAidFigures, getLegalAidForPrint, legalAidDeadlines, listLegalAid, listLegalAidDeadlines } from "./legal-aid-reads.server";
import { listLegalAidProviders } from "./legal-aid-providers.server";
import { readCounters, rebuildAllCounters, recountRaw } from "./counters.server";
import { formatLegalAidNo, legalAidPrefix } from "./case-numbers.server";
import { LegalAidApplySchema, LegalAidCloseSchema } from "~/schemas/legal-aid";
import { fieldErrorsOf, formDataToNested } from "~/schemas/forms";
import { moveUnit } from "./units.server";
import { LEGAL_AID_CASE_TYPES, LEGAL_AID_OUTCOMES, LEGAL_AID_TERMINATION_REASONS, PERSON_CATEGORIES } from "~/schemas/enums";
import type { Actor } from "~/utils/permissions";
import { maskIdNumber } from "~/utils/mask";
import { mulberry32 as rng } from "../../db/rng";

/** 临猗县 with its legal aid centre, two townships, 万荣县 without a centre; the centre's staff and a lawyer. */
async function setup() {
  const tree = await makeTree();
  const centre = await makeLegalAidCentre(tree.countyA);
  const laStaff = await makeActor(centre, "staff");
  const townStaff = await makeActor(tree.townA1, "staff");
  const lawyer = await makeProvider(centre.id, { name: "张律师" });
  const lawyer2 = await makeProvider(centre.id, { name: "李律师", firmName: "山西临猗律师事务所" });
  return { tree, centre, laStaff, townStaff, lawyer, lawyer2 };
}

function ok<T>(r: { ok: true; value: T } | { ok: false }): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r.value;
}

async function version(id: number) {
  return (await getDb().select({ v: legalAidCases.version }).from(legalAidCases).where(eq(legalAidCases.id, id)).get())!.v;
}

/** Takes, grants, assigns and closes a case in the given days. */
async function fullCase(
  s: Awaited<ReturnType<typeof setup>>,
  days: { applied: string; decided: string; assigned: string; closed: string },
  over: Parameters<typeof legalAidData>[1] = {},
  recovered = 1_234_56
) {
  const { id } = ok(
    await applyLegalAid({ actor: s.townStaff, data: legalAidData(s.tree.townA1.id, { appliedOn: days.applied, ...over }), today: "2026-11-22" })
  );
  ok(await grantLegalAid({ actor: s.laStaff, id, data: { decidedOn: days.decided, preliminary: false, version: await version(id) } }));
  ok(await assignLegalAid({ actor: s.laStaff, id, data: { assignedOn: days.assigned, providerId: s.lawyer.id, version: await version(id) } }));
  ok(
    await closeLegalAid({
      actor: s.laStaff,
      id,
      data: { closedOn: days.closed, outcome: "won", recovered, closingReport: "判决支持全部诉讼请求。", version: await version(id) },
    })
  );
  return id;
}

describe("legal aid: where an application goes", () => {
  it("sends a township station's application to its county's legal aid centre, numbered there", async () => {
    const s = await setup();
    expect((await handlingCentreFor(getDb(), s.tree.villA1a.path)).id).toBe(s.centre.id);
    expect((await handlingCentreFor(getDb(), s.centre.path)).id).toBe(s.centre.id);
    // a county without a centre decides at the county itself
    expect((await handlingCentreFor(getDb(), s.tree.townB1.path)).id).toBe(s.tree.countyB.id);
    const a = ok(await applyLegalAid({ actor: s.townStaff, data: legalAidData(s.tree.townA1.id) }));
    const b = ok(await applyLegalAid({ actor: s.laStaff, data: legalAidData(s.centre.id) }));
    expect(a.appNo).toBe("临猗援申〔2024〕0001号");
    expect(b.appNo).toBe("临猗援申〔2024〕0002号");
    const row = (await getDb().select().from(legalAidCases).where(eq(legalAidCases.id, a.id)).get())!;
    expect(row).toMatchObject({
      unitId: s.centre.id,
      receivedUnitId: s.tree.townA1.id,
      status: "pending",
      completeOn: "2024-03-05",
      applicantName: "王秀兰",
    });
    // the centre's queue lists both; the station sees its own
    expect((await listLegalAid({ actor: s.laStaff, filters: { status: "pending" } })).total).toBe(2);
    expect((await listLegalAid({ actor: s.townStaff, filters: {} })).rows.map((r) => r.id)).toEqual([a.id]);
  });

  it("formats 援申/援决/援指 numbers per centre and year", () => {
    expect(formatLegalAidNo("", "apply", 2026, 31)).toBe("援申〔2026〕0031号");
    expect(formatLegalAidNo("临猗", "decide", 2026, 7)).toBe("临猗援决〔2026〕0007号");
    expect(formatLegalAidNo("临猗", "assign", 2025, 1234)).toBe("临猗援指〔2025〕1234号");
    expect(legalAidPrefix({ name: "临猗县法律援助中心", shortName: "临猗法援" })).toBe("临猗");
    expect(legalAidPrefix({ name: "临猗县法律援助中心", shortName: null })).toBe("临猗");
    expect(legalAidPrefix({ name: "万荣县", shortName: "万荣" })).toBe("万荣");
  });

  it("gives two applications at the same moment distinct consecutive numbers, and restarts each year", async () => {
    const s = await setup();
    const results = await Promise.all(
      [0, 1, 2, 3].map(async (i) =>
        await applyLegalAid({ actor: i % 2 ? s.laStaff : s.townStaff, data: legalAidData(i % 2 ? s.centre.id : s.tree.townA1.id) })
      )
    );
    const nos = results.map((r) => ok(r).appNo);
    expect(new Set(nos).size).toBe(4);
    const seqs = (await getDb()
      .select({ seq: legalAidCases.appSeq })
      .from(legalAidCases)
      .where(eq(legalAidCases.unitId, s.centre.id))
      .all())
      .map((r) => r.seq)
      .sort();
    expect(seqs).toEqual([1, 2, 3, 4]);
    expect(ok(await applyLegalAid({ actor: s.laStaff, data: legalAidData(s.centre.id, { appliedOn: "2025-01-02" }) })).appNo).toBe(
      "临猗援申〔2025〕0001号"
    );
    // decisions and assignments have their own sequences
    const id = ok(results[0]).id;
    expect(ok(await grantLegalAid({ actor: s.laStaff, id, data: { decidedOn: "2024-03-06", preliminary: false, version: 1 } })).decisionNo).toBe(
      "临猗援决〔2024〕0001号"
    );
    expect(ok(await assignLegalAid({ actor: s.laStaff, id, data: { assignedOn: "2024-03-07", providerId: s.lawyer.id, version: 2 } })).assignmentNo).toBe(
      "临猗援指〔2024〕0001号"
    );
    const seq = await getDb().select().from(caseSequences).where(eq(caseSequences.unitId, s.centre.id)).all();
    expect(seq.map((r) => [r.year, r.kind, r.last]).sort()).toEqual([
      [2024, "la_apply", 4],
      [2024, "la_assign", 1],
      [2024, "la_decide", 1],
      [2025, "la_apply", 1],
    ]);
  });
});

describe("legal aid: jurisdiction and who decides", () => {
  it("lets the centre decide and the station only watch; other townships and counties see nothing", async () => {
    const s = await setup();
    const { id } = ok(await applyLegalAid({ actor: s.townStaff, data: legalAidData(s.tree.townA1.id) }));
    const otherTown = await makeActor(s.tree.townA2, "staff");
    const otherCounty = await makeActor(s.tree.countyB, "centre_head");
    const townHead = await makeActor(s.tree.townA1, "centre_head");
    const bureau = await makeActor(s.tree.countyA, "bureau");
    expect(await getLegalAid({ actor: otherTown, id })).toBeNull();
    expect(await getLegalAid({ actor: otherCounty, id })).toBeNull();
    expect((await listLegalAid({ actor: otherTown, filters: {} })).total).toBe(0);
    expect(await grantLegalAid({ actor: otherTown, id, data: { decidedOn: "2024-03-06", preliminary: false, version: 1 } })).toMatchObject({
      ok: false,
      status: 404,
    });
    // the station that took it sees it, but the lifecycle is the centre's, even for its head
    expect((await getLegalAid({ actor: s.townStaff, id }))?.can).toMatchObject({ decide: false, edit: true, assign: false });
    expect(await grantLegalAid({ actor: townHead, id, data: { decidedOn: "2024-03-06", preliminary: false, version: 1 } })).toMatchObject({
      ok: false,
      status: 403,
      formError: "err.la.notHandlingCentre",
    });
    // the bureau reads, never writes
    expect((await getLegalAid({ actor: bureau, id }))?.can.decide).toBe(false);
    expect(await grantLegalAid({ actor: bureau, id, data: { decidedOn: "2024-03-06", preliminary: false, version: 1 } })).toMatchObject({
      ok: false,
      status: 403,
    });
    // county-level staff (not at the centre) may write but not decide; staff at the centre decide
    const countyStaff = await makeActor(s.tree.countyA, "staff");
    expect(await canDecideLegalAid(countyStaff)).toBe(false);
    expect(await canDecideLegalAid(s.laStaff)).toBe(true);
    expect(await canDecideLegalAid(await makeActor(s.tree.countyA, "centre_head"))).toBe(true);
    expect(await grantLegalAid({ actor: countyStaff, id, data: { decidedOn: "2024-03-06", preliminary: false, version: 1 } })).toMatchObject({
      ok: false,
      status: 403,
      formError: "err.la.cannotDecide",
    });
    expect((await getLegalAid({ actor: s.laStaff, id }))?.can).toMatchObject({ decide: true, missingDocs: true });
    ok(await grantLegalAid({ actor: s.laStaff, id, data: { decidedOn: "2024-03-06", preliminary: false, version: 1 } }));
    // a station cannot take an application for a unit outside its subtree
    expect(await applyLegalAid({ actor: s.townStaff, data: legalAidData(s.tree.townA2.id) })).toMatchObject({
      ok: false,
      status: 400,
      fieldErrors: { receivedUnitId: "err.unitOutside" },
    });
    // nothing of the refused writes happened
    expect(await getDb().select().from(legalAidCases).where(eq(legalAidCases.unitId, s.centre.id)).all()).toHaveLength(1);
  });
});

describe("legal aid: the lifecycle", () => {
  it("goes from application to closing, with the assignment trail, progress, quality and follow-up", async () => {
    const s = await setup();
    const { id } = ok(await applyLegalAid({ actor: s.townStaff, data: legalAidData(s.tree.townA1.id, { appliedOn: "2024-03-05" }) }));
    ok(await grantLegalAid({ actor: s.laStaff, id, data: { decidedOn: "2024-03-08", preliminary: false, version: 1 } }));
    ok(await assignLegalAid({ actor: s.laStaff, id, data: { assignedOn: "2024-03-09", providerId: s.lawyer.id, version: 2 } }));
    ok(await addLegalAidProgress({ actor: s.laStaff, id, data: { notedOn: "2024-04-01", note: "已向劳动仲裁委提交申请。", version: 3 } }));
    expect(
      await reassignLegalAid({ actor: s.laStaff, id, data: { reassignedOn: "2024-04-02", providerId: s.lawyer.id, reason: "x", version: 4 } })
    ).toMatchObject({
      fieldErrors: { providerId: "err.la.sameProvider" },
    });
    ok(
      await reassignLegalAid({
        actor: s.laStaff,
        id,
        data: { reassignedOn: "2024-04-02", providerId: s.lawyer2.id, reason: "原承办律师因病无法继续办理", version: 4 },
      })
    );
    ok(
      await closeLegalAid({
        actor: s.laStaff,
        id,
        data: { closedOn: "2024-06-20", outcome: "won", recovered: 2_350_000, closingReport: "仲裁裁决支持全部请求。", version: 5 },
      })
    );
    ok(await reviewLegalAidQuality({ actor: s.laStaff, id, data: { reviewedOn: "2024-07-01", grade: "excellent", note: "", version: 6 } }));
    ok(
      await recordLegalAidFollowup({
        actor: s.laStaff,
        id,
        data: { followedUpOn: "2024-07-05", satisfaction: "satisfied", note: "受援人表示满意", version: 7 },
      })
    );
    const c = (await getLegalAid({ actor: s.laStaff, id, today: "2024-07-10" }))!;
    expect(c).toMatchObject({
      status: "closed",
      recoveredFen: 2_350_000,
      qualityGrade: "excellent",
      satisfaction: "satisfied",
      decisionNo: "临猗援决〔2024〕0001号",
    });
    expect(c.assignments.map((a) => [a.providerName, a.assignmentNo, a.reason])).toEqual([
      ["张律师", "临猗援指〔2024〕0001号", null],
      ["李律师", "临猗援指〔2024〕0002号", "原承办律师因病无法继续办理"],
    ]);
    expect(c.provider?.name).toBe("李律师");
    expect(c.assignedOn).toBe("2024-03-09"); // the first assignment's day stays
    expect(c.progress).toHaveLength(1);
    expect(c.deadlines).toMatchObject({ decidedLate: false, assignedLate: false });
    const audits = (await getDb()
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entity, "legal_aid"), eq(auditLog.entityId, String(id))))
      .all())
      .map((a) => a.action);
    expect(audits).toEqual(["create", "grant", "assign", "progress", "reassign", "close", "quality", "followup"]);
  });

  it("refuses bad steps with a field message and a 4xx, writing nothing", async () => {
    const s = await setup();
    const { id } = ok(await applyLegalAid({ actor: s.townStaff, data: legalAidData(s.tree.townA1.id, { appliedOn: "2024-03-05" }) }));
    const before = async () => ({
      row: await getDb().select().from(legalAidCases).where(eq(legalAidCases.id, id)).get(),
      seqs: await getDb().select().from(caseSequences).all(),
      counters: await getDb().all(sql`SELECT * FROM stat_counters ORDER BY 1, 2, 3, 4`),
      audits: (await getDb().select().from(auditLog).all()).length,
    });
    const snap = await before();
    // decision before the application
    expect(await grantLegalAid({ actor: s.laStaff, id, data: { decidedOn: "2024-03-04", preliminary: false, version: 1 } })).toMatchObject({
      ok: false,
      status: 400,
      fieldErrors: { decidedOn: "err.la.beforeApplication" },
    });
    expect(
      await refuseLegalAid({ actor: s.laStaff, id, data: { decidedOn: "2024-03-01", refusalReason: "经审查不符合经济困难标准。", version: 1 } })
    ).toMatchObject({
      status: 400,
      fieldErrors: { decidedOn: "err.la.beforeApplication" },
    });
    // assignment before the grant
    expect(await assignLegalAid({ actor: s.laStaff, id, data: { assignedOn: "2024-03-06", providerId: s.lawyer.id, version: 1 } })).toMatchObject({
      ok: false,
      status: 409,
      formError: "err.la.notGranted",
    });
    // closing an unassigned case
    expect(
      await closeLegalAid({ actor: s.laStaff, id, data: { closedOn: "2024-03-06", outcome: "won", recovered: 0, closingReport: "x", version: 1 } })
    ).toMatchObject({
      ok: false,
      status: 409,
      formError: "err.la.notAssigned",
    });
    // a stale edit
    expect(await grantLegalAid({ actor: s.laStaff, id, data: { decidedOn: "2024-03-06", preliminary: false, version: 7 } })).toMatchObject({
      ok: false,
      status: 409,
      formError: "err.stale",
    });
    expect(await before()).toEqual(snap);

    ok(await grantLegalAid({ actor: s.laStaff, id, data: { decidedOn: "2024-03-08", preliminary: false, version: 1 } }));
    expect(await assignLegalAid({ actor: s.laStaff, id, data: { assignedOn: "2024-03-07", providerId: s.lawyer.id, version: 2 } })).toMatchObject({
      status: 400,
      fieldErrors: { assignedOn: "err.la.beforeGrant" },
    });
    // a provider of another centre, or inactive
    const otherCentre = await makeLegalAidCentre(s.tree.countyB, "万荣县法律援助中心", "万荣法援");
    const foreign = await makeProvider(otherCentre.id);
    const retired = await makeProvider(s.centre.id, { active: false });
    for (const p of [foreign, retired])
      expect(await assignLegalAid({ actor: s.laStaff, id, data: { assignedOn: "2024-03-09", providerId: p.id, version: 2 } })).toMatchObject({
        status: 400,
        fieldErrors: { providerId: "err.la.providerOutside" },
      });
    ok(await assignLegalAid({ actor: s.laStaff, id, data: { assignedOn: "2024-03-09", providerId: s.lawyer.id, version: 2 } }));
    expect(
      await closeLegalAid({ actor: s.laStaff, id, data: { closedOn: "2024-03-08", outcome: "won", recovered: 0, closingReport: "x", version: 3 } })
    ).toMatchObject({
      status: 400,
      fieldErrors: { closedOn: "err.la.beforeAssignment" },
    });
    expect(
      await closeLegalAid({ actor: s.laStaff, id, data: { closedOn: "2024-05-08", outcome: "won", recovered: -100, closingReport: "x", version: 3 } })
    ).toMatchObject({
      status: 400,
      fieldErrors: { recovered: "err.moneyNegative" },
    });
    // the form's own schema answers a negative amount in the browser and the action alike
    const parsed = LegalAidCloseSchema.safeParse({ closedOn: "2024-05-08", outcome: "won", recovered: "-5", closingReport: "x", version: "3" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ["recovered"], message: "err.moneyNegative" });
    expect(
      await terminateLegalAid({
        actor: s.laStaff,
        id,
        data: { terminatedOn: "2024-03-07", terminationReason: "own_counsel", terminationNote: "", version: 3 },
      })
    ).toMatchObject({
      status: 400,
      fieldErrors: { terminatedOn: "err.la.beforeDecision" },
    });
    expect(await reviewLegalAidQuality({ actor: s.laStaff, id, data: { reviewedOn: "2024-05-01", grade: "good", note: "", version: 3 } })).toMatchObject({
      status: 409,
      formError: "err.la.notFinished",
    });
  });

  it("lists missing documents once and starts the 7-day review when the application is complete", async () => {
    const s = await setup();
    const { id } = ok(await applyLegalAid({ actor: s.townStaff, data: legalAidData(s.tree.townA1.id, { appliedOn: "2024-12-27" }) }));
    ok(await listMissingDocuments({ actor: s.laStaff, id, data: { listedOn: "2024-12-28", missingDocs: "劳动合同复印件、工资欠条", version: 1 } }));
    expect(await listMissingDocuments({ actor: s.laStaff, id, data: { listedOn: "2024-12-29", missingDocs: "再补一份", version: 2 } })).toMatchObject({
      status: 409,
      fieldErrors: { missingDocs: "err.la.missingOnce" },
    });
    let c = (await getLegalAid({ actor: s.laStaff, id, today: "2025-01-20" }))!;
    expect(c.deadlines).toMatchObject({ waitingDocuments: true, reviewDue: null, reviewOverdue: false });
    // no decision on an incomplete application (except 先行援助)
    expect(await grantLegalAid({ actor: s.laStaff, id, data: { decidedOn: "2024-12-30", preliminary: false, version: 2 } })).toMatchObject({
      status: 409,
      formError: "err.la.notComplete",
    });
    expect(await markApplicationComplete({ actor: s.laStaff, id, data: { completeOn: "2024-12-27", version: 2 } })).toMatchObject({
      status: 400,
      fieldErrors: { completeOn: "err.la.beforeMissingListed" },
    });
    ok(await markApplicationComplete({ actor: s.laStaff, id, data: { completeOn: "2024-12-29", version: 2 } }));
    c = (await getLegalAid({ actor: s.laStaff, id, today: "2025-01-05" }))!;
    expect(c.deadlines).toMatchObject({
      waitingDocuments: false,
      reviewDue: "2025-01-05",
      reviewDaysLeft: 0,
      reviewOverdue: false,
      reviewDueSoon: true,
    });
    expect((await getLegalAid({ actor: s.laStaff, id, today: "2025-01-06" }))!.deadlines).toMatchObject({ reviewOverdue: true, reviewDaysLeft: -1 });
    expect(await grantLegalAid({ actor: s.laStaff, id, data: { decidedOn: "2024-12-28", preliminary: false, version: 3 } })).toMatchObject({
      fieldErrors: { decidedOn: "err.la.beforeComplete" },
    });
    ok(await grantLegalAid({ actor: s.laStaff, id, data: { decidedOn: "2025-01-06", preliminary: false, version: 3 } }));
    expect((await getLegalAid({ actor: s.laStaff, id, today: "2025-01-06" }))!.deadlines).toMatchObject({ decidedLate: true, assignDue: "2025-01-09" });
  });

  it("grants first (先行援助) only when a limitation deadline is under 7 days away", async () => {
    const s = await setup();
    const { id } = ok(await applyLegalAid({ actor: s.laStaff, data: legalAidData(s.centre.id, { appliedOn: "2024-02-26", missingDocs: "身份证明" }) }));
    expect(
      await grantLegalAid({ actor: s.laStaff, id, data: { decidedOn: "2024-02-26", preliminary: true, limitationDeadline: "2024-03-04", version: 1 } })
    ).toMatchObject({
      status: 400,
      fieldErrors: { limitationDeadline: "err.la.notUrgent" },
    });
    expect(
      await grantLegalAid({ actor: s.laStaff, id, data: { decidedOn: "2024-02-26", preliminary: true, limitationDeadline: "2024-02-25", version: 1 } })
    ).toMatchObject({
      fieldErrors: { limitationDeadline: "err.la.limitationPassed" },
    });
    ok(await grantLegalAid({ actor: s.laStaff, id, data: { decidedOn: "2024-02-26", preliminary: true, limitationDeadline: "2024-03-03", version: 1 } }));
    const c = (await getLegalAid({ actor: s.laStaff, id, today: "2024-02-29" }))!;
    expect(c).toMatchObject({ status: "granted", preliminary: true });
    // three calendar days after 26 February of a leap year: the 29th
    expect(c.deadlines).toMatchObject({ assignDue: "2024-02-29", assignOverdue: false, assignDaysLeft: 0 });
    expect((await getLegalAid({ actor: s.laStaff, id, today: "2024-03-01" }))!.deadlines.assignOverdue).toBe(true);
  });

  it("refuses with written reasons, terminates with a statutory reason, voids out of every count", async () => {
    const s = await setup();
    const a = ok(await applyLegalAid({ actor: s.laStaff, data: legalAidData(s.centre.id) }));
    const b = ok(await applyLegalAid({ actor: s.laStaff, data: legalAidData(s.centre.id) }));
    expect(await refuseLegalAid({ actor: s.laStaff, id: a.id, data: { decidedOn: "2024-03-07", refusalReason: "不符合", version: 1 } })).toMatchObject({
      fieldErrors: { refusalReason: "err.la.reasonTooShort" },
    });
    ok(
      await refuseLegalAid({
        actor: s.laStaff,
        id: a.id,
        data: { decidedOn: "2024-03-07", refusalReason: "申请人家庭人均收入高于当地经济困难标准。", version: 1 },
      })
    );
    expect(await grantLegalAid({ actor: s.laStaff, id: a.id, data: { decidedOn: "2024-03-08", preliminary: false, version: 2 } })).toMatchObject({
      status: 409,
      formError: "err.la.notPending",
    });
    ok(await grantLegalAid({ actor: s.laStaff, id: b.id, data: { decidedOn: "2024-03-07", preliminary: false, version: 1 } }));
    ok(
      await terminateLegalAid({
        actor: s.laStaff,
        id: b.id,
        data: { terminatedOn: "2024-04-01", terminationReason: "own_counsel", terminationNote: "", version: 2 },
      })
    );
    const fig = async () => (await getLegalAidFigures({ actor: s.laStaff, unitId: s.centre.id, from: "2024-01-01", to: "2024-12-31" }))!;
    expect(await fig()).toMatchObject({ applications: 2, granted: 1, refused: 1, terminated: 1, closed: 0 });
    expect((await getLegalAidForPrint({ actor: s.laStaff, id: a.id, doc: "refusal" }))?.refusalReason).toContain("经济困难标准");
    expect(await getLegalAidForPrint({ actor: s.laStaff, id: a.id, doc: "decision" })).toBeNull();
    // staff may not void; a centre head may
    expect(await voidLegalAid({ actor: s.laStaff, id: b.id, version: 3, reason: "重复登记" })).toMatchObject({ status: 403 });
    ok(await voidLegalAid({ actor: await makeActor(s.centre, "centre_head"), id: b.id, version: 3, reason: "重复登记" }));
    expect(await fig()).toMatchObject({ applications: 1, granted: 0, refused: 1, terminated: 0 });
    expect(
      await terminateLegalAid({
        actor: s.laStaff,
        id: b.id,
        data: { terminatedOn: "2024-04-02", terminationReason: "other", terminationNote: "x", version: 4 },
      })
    ).toMatchObject({
      status: 409,
      formError: "err.alreadyVoided",
    });
  });

  it("keeps the link to the consultation it was referred from, within reach only", async () => {
    const s = await setup();
    const cons = ok(await createConsultation({ actor: s.townStaff, data: consultationData(s.tree.townA1.id, { nextStep: "referred_legal_aid" }) }));
    const other = ok(await createConsultation({ actor: await makeActor(s.tree.townA2), data: consultationData(s.tree.townA2.id) }));
    expect(await applyLegalAid({ actor: s.townStaff, data: legalAidData(s.tree.townA1.id, { fromConsultation: other.id }) })).toMatchObject({
      status: 400,
      fieldErrors: { fromConsultation: "err.la.referralOutside" },
    });
    expect(await applyLegalAid({ actor: s.townStaff, data: legalAidData(s.tree.townA1.id, { fromMediation: 999999 }) })).toMatchObject({ status: 400 });
    const { id } = ok(await applyLegalAid({ actor: s.townStaff, data: legalAidData(s.tree.townA1.id, { fromConsultation: cons.id }) }));
    expect((await getLegalAid({ actor: s.townStaff, id }))?.consultation?.id).toBe(cons.id);
    // the centre sees the case but not the township's consultation record: no link is offered
    expect((await getLegalAid({ actor: s.laStaff, id }))?.consultation).toBeNull();
    expect((await getDb().select().from(legalAidCases).where(eq(legalAidCases.id, id)).get())?.referredFromConsultationId).toBe(cons.id);
  });

  it("lets the station correct a pending application, and refuses a stale correction", async () => {
    const s = await setup();
    const { id } = ok(await applyLegalAid({ actor: s.townStaff, data: legalAidData(s.tree.townA1.id) }));
    const data = { ...legalAidData(s.tree.townA1.id), cause: "工伤赔偿", version: 1 };
    ok(await updateLegalAidApplication({ actor: s.townStaff, id, data }));
    expect(await updateLegalAidApplication({ actor: s.townStaff, id, data })).toMatchObject({ status: 409, formError: "err.stale" });
    ok(await grantLegalAid({ actor: s.laStaff, id, data: { decidedOn: "2024-03-06", preliminary: false, version: 2 } }));
    expect(await updateLegalAidApplication({ actor: s.townStaff, id, data: { ...data, version: 3 } })).toMatchObject({ status: 403 });
    expect(await updateLegalAidApplication({ actor: s.laStaff, id, data: { ...data, appliedOn: "2024-03-07", version: 3 } })).toMatchObject({
      status: 400,
      fieldErrors: { appliedOn: "err.la.appliedAfterLaterStep" },
    });
    ok(await updateLegalAidApplication({ actor: s.laStaff, id, data: { ...data, appliedOn: "2024-03-04", version: 3 } }));
    expect(await getDb().select().from(legalAidCases).where(eq(legalAidCases.id, id)).get()).toMatchObject({
      appliedOn: "2024-03-04",
      completeOn: "2024-03-04",
      cause: "工伤赔偿",
    });
  });
});

describe("legal aid: the means test", () => {
  it("exempts by group only when a beneficiary is in that group (schema and model)", async () => {
    const s = await setup();
    const data = legalAidData(s.tree.townA1.id, { meansTest: "exempt", exemptBasis: "category", exemptCategory: "disabled" });
    expect(await applyLegalAid({ actor: s.townStaff, data })).toMatchObject({
      ok: false,
      status: 400,
      fieldErrors: { exemptCategory: "err.la.exemptCategoryMissing" },
    });
    const fd = new URLSearchParams([
      ["appliedOn", "2024-03-05"],
      ["receivedUnitId", String(s.tree.townA1.id)],
      ["applicantRelation", "self"],
      ["beneficiaries.0.name", "王秀兰"],
      ["beneficiaries.0.categories", "women"],
      ["beneficiaries.0.categories", "elderly"],
      ["caseType", "civil"],
      ["proceeding", "litigation"],
      ["serviceForm", "agency"],
      ["cause", "赡养纠纷"],
      ["matter", "子女拒绝支付赡养费。"],
      ["meansTest", "exempt"],
      ["exemptBasis", "category"],
      ["exemptCategory", "disabled"],
    ]);
    const parsed = LegalAidApplySchema.safeParse(formDataToNested(fd, ["categories"]));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["exemptCategory", "err.la.exemptCategoryMissing"]]);
    fd.set("exemptCategory", "elderly");
    const good = LegalAidApplySchema.safeParse(formDataToNested(fd, ["categories"]));
    expect(good.success).toBe(true);
    const { id } = ok(await applyLegalAid({ actor: s.townStaff, data: good.data! }));
    expect(await getDb().select().from(legalAidCases).where(eq(legalAidCases.id, id)).get()).toMatchObject({
      meansTest: "exempt",
      exemptBasis: "category",
      exemptCategory: "elderly",
    });
  });
});

describe("legal aid: a beneficiary's birth date, gender and categories", () => {
  const fd = (pairs: Array<[string, string]>) =>
    formDataToNested(
      new URLSearchParams([
        ["appliedOn", "2024-03-05"],
        ["receivedUnitId", "4"],
        ["applicantRelation", "self"],
        ["beneficiaries.0.name", "王秀兰"],
        ["caseType", "civil"],
        ["proceeding", "litigation"],
        ["serviceForm", "agency"],
        ["cause", "赡养纠纷"],
        ["matter", "子女拒绝支付赡养费。"],
        ["meansTest", "verified"],
        ...pairs,
      ]),
      ["categories"]
    );
  const errors = (pairs: Array<[string, string]>) => {
    const r = LegalAidApplySchema.safeParse(fd(pairs));
    return r.success ? {} : fieldErrorsOf(r.error);
  };
  const woman1960 = residentIdFor("1960-04-02", "222");

  it("refuses a birth date in the future or one that contradicts the ID number, and a contradicting gender", () => {
    expect(errors([["beneficiaries.0.birthDate", "2999-01-01"]])).toEqual({ "beneficiaries.0.birthDate": "err.birthFuture" });
    expect(errors([["beneficiaries.0.idNumber", woman1960], ["beneficiaries.0.birthDate", "1961-04-02"]])).toEqual({
      "beneficiaries.0.birthDate": "err.idBirthMismatch",
    });
    expect(errors([["beneficiaries.0.idNumber", woman1960], ["beneficiaries.0.gender", "male"]])).toEqual({
      "beneficiaries.0.gender": "err.idGenderMismatch",
    });
  });

  it("reads birth date and gender from the ID number when left blank, and stores them", async () => {
    const s = await setup();
    const parsed = LegalAidApplySchema.safeParse({ ...fd([["beneficiaries.0.idNumber", woman1960]]), receivedUnitId: String(s.tree.townA1.id) });
    expect(parsed.success).toBe(true);
    const { id } = ok(await applyLegalAid({ actor: s.townStaff, data: parsed.data! }));
    expect(await getDb().select().from(legalAidBeneficiaries).where(eq(legalAidBeneficiaries.caseId, id)).get()).toMatchObject({
      gender: "female",
      birthDate: "1960-04-02",
    });
  });

  it("checks 未成年人 and 老年人 against the age on the application day, so no exemption follows from a wrong category", () => {
    // a 未成年人 born in 1960, claiming the exemption of the means test
    expect(
      errors([
        ["beneficiaries.0.idNumber", woman1960],
        ["beneficiaries.0.categories", "minor"],
        ["meansTest", "exempt"],
        ["exemptBasis", "category"],
        ["exemptCategory", "minor"],
      ])
    ).toEqual({ "beneficiaries.0.categories": "err.la.notMinor" });
    // 18 on the application day is no longer a minor; 17 still is
    expect(errors([["beneficiaries.0.birthDate", "2006-03-05"], ["beneficiaries.0.categories", "minor"]])).toEqual({
      "beneficiaries.0.categories": "err.la.notMinor",
    });
    expect(errors([["beneficiaries.0.birthDate", "2006-03-06"], ["beneficiaries.0.categories", "minor"]])).toEqual({});
    // 60 on the application day is elderly; 59 is not
    expect(errors([["beneficiaries.0.idNumber", residentIdFor("1964-03-05")], ["beneficiaries.0.categories", "elderly"]])).toEqual({});
    expect(errors([["beneficiaries.0.idNumber", residentIdFor("1964-03-06")], ["beneficiaries.0.categories", "elderly"]])).toEqual({
      "beneficiaries.0.categories": "err.la.notElderly",
    });
    // without a birth date or an ID number nothing can be checked
    expect(errors([["beneficiaries.0.categories", "minor"]])).toEqual({});
  });
});

describe("legal aid: the same person applying twice", () => {
  it("finds an open case with a beneficiary of the same ID number anywhere in the county, until it is no longer open", async () => {
    const s = await setup();
    const id = residentIdFor("1980-01-01", "001");
    const data = (unitId: number, over: Partial<Parameters<typeof legalAidData>[1]> = {}) =>
      legalAidData(unitId, { beneficiaries: [{ ...legalAidData(unitId).beneficiaries[0], gender: undefined, idNumber: id }], ...over });
    const first = ok(await applyLegalAid({ actor: s.townStaff, data: data(s.tree.townA1.id) }));
    // the same day, at another township of the county: warned, with the first case's number (not in reach there)
    const otherTown = await makeActor(s.tree.townA2);
    expect(await findLikelyLegalAidDuplicates({ actor: otherTown, data: data(s.tree.townA2.id) })).toMatchObject([
      { id: first.id, appNo: first.appNo, matchedName: "王秀兰", inReach: false },
    ]);
    // at the centre itself, in reach; and as the second of several beneficiaries
    const two = data(s.centre.id, { beneficiaries: [{ ...legalAidData(0).beneficiaries[0], name: "李四" }, { ...data(0).beneficiaries[0] }] });
    expect(await findLikelyLegalAidDuplicates({ actor: s.laStaff, data: two })).toMatchObject([{ id: first.id, inReach: true }]);
    // someone else, or another county: no warning
    const stranger = data(s.tree.townA2.id, { beneficiaries: [{ ...legalAidData(0).beneficiaries[0], idNumber: residentIdFor("1980-01-02", "001") }] });
    expect(await findLikelyLegalAidDuplicates({ actor: otherTown, data: stranger })).toEqual([]);
    expect(await findLikelyLegalAidDuplicates({ actor: await makeActor(s.tree.townB1), data: data(s.tree.townB1.id) })).toEqual([]);
    // a refused case is no longer open
    ok(await refuseLegalAid({ actor: s.laStaff, id: first.id, data: { decidedOn: "2024-03-06", refusalReason: "不符合经济困难标准，不予援助。", version: await version(first.id) } }));
    expect(await findLikelyLegalAidDuplicates({ actor: otherTown, data: data(s.tree.townA2.id) })).toEqual([]);
  });
});

describe("legal aid: deadlines in calendar days", () => {
  const base = { preliminary: false, assignedOn: null } as const;
  it("runs the 7-day review across month and year ends", () => {
    const d = (completeOn: string, today: string) =>
      legalAidDeadlines({ ...base, status: "pending", appliedOn: completeOn, completeOn, decidedOn: null }, today);
    expect(d("2025-12-28", "2026-01-04")).toMatchObject({ reviewDue: "2026-01-04", reviewOverdue: false, reviewDaysLeft: 0 });
    expect(d("2025-12-28", "2026-01-05")).toMatchObject({ reviewOverdue: true, reviewDaysLeft: -1 });
    expect(d("2024-02-25", "2024-03-03")).toMatchObject({ reviewDue: "2024-03-03", reviewOverdue: false });
    expect(d("2023-02-25", "2023-03-04")).toMatchObject({ reviewDue: "2023-03-04", reviewOverdue: false });
    expect(d("2024-04-30", "2024-05-08")).toMatchObject({ reviewDue: "2024-05-07", reviewOverdue: true });
    expect(d("2024-01-01", "2023-12-31")).toMatchObject({ reviewDaysLeft: 8, reviewDueSoon: false });
  });
  it("runs the 3-day assignment across month and year ends", () => {
    const d = (decidedOn: string, today: string) =>
      legalAidDeadlines({ ...base, status: "granted", appliedOn: decidedOn, completeOn: decidedOn, decidedOn }, today);
    expect(d("2025-12-30", "2026-01-02")).toMatchObject({ assignDue: "2026-01-02", assignOverdue: false });
    expect(d("2025-12-30", "2026-01-03")).toMatchObject({ assignOverdue: true });
    expect(d("2023-02-27", "2023-03-02")).toMatchObject({ assignDue: "2023-03-02", assignOverdue: false });
    expect(d("2024-02-27", "2024-03-01")).toMatchObject({ assignDue: "2024-03-01" });
    expect(d("2024-06-29", "2024-07-03")).toMatchObject({ assignDue: "2024-07-02", assignOverdue: true });
  });
  it("puts a case unreviewed for 8 days on the board, and a grant left 4 days", async () => {
    const s = await setup();
    const today = "2026-01-03";
    const late = ok(await applyLegalAid({ actor: s.townStaff, data: legalAidData(s.tree.townA1.id, { appliedOn: "2025-12-26" }) }));
    const soon = ok(await applyLegalAid({ actor: s.townStaff, data: legalAidData(s.tree.townA1.id, { appliedOn: "2025-12-29" }) }));
    const granted = ok(await applyLegalAid({ actor: s.townStaff, data: legalAidData(s.tree.townA1.id, { appliedOn: "2025-12-29" }) }));
    ok(await grantLegalAid({ actor: s.laStaff, id: granted.id, data: { decidedOn: "2025-12-30", preliminary: false, version: 1 } }));
    const board = (await listLegalAidDeadlines({ actor: s.laStaff, today }))!;
    expect(board.overdueReview.map((r) => r.id)).toEqual([late.id]);
    expect(board.overdueReview[0].deadlines.reviewDaysLeft).toBe(-1);
    expect(board.dueSoonReview.map((r) => r.id)).toEqual([soon.id]);
    expect(board.overdueAssignment.map((r) => r.id)).toEqual([granted.id]);
    expect(await listLegalAid({ actor: s.townStaff, filters: { overdue: "any" }, today })).toMatchObject({
      total: 2,
      overdueReview: 1,
      overdueAssignment: 1,
    });
    expect(await getLegalAidFigures({ actor: s.laStaff, unitId: s.centre.id, from: "2025-01-01", to: "2026-12-31", today })).toMatchObject({
      overdueReview: 1,
      overdueAssignment: 1,
    });
  });
});

describe("legal aid: masking", () => {
  it("masks ID numbers, phones and addresses unless revealed (audited); report writers get de-identified lists", async () => {
    const s = await setup();
    const data = legalAidData(s.tree.townA1.id, {
      beneficiaries: [
        {
          name: "王秀兰",
          gender: "female",
          idNumber: "11010519491231002X",
          phone: "13812345678",
          address: "临猗县猗氏镇城东村3组15号",
          categories: ["elderly"],
        },
      ],
    });
    const { id } = ok(await applyLegalAid({ actor: s.townStaff, data }));
    const masked = (await getLegalAid({ actor: s.laStaff, id }))!;
    expect(masked.beneficiaries[0]).toMatchObject({
      name: "王秀兰",
      idNumber: "110105********002X",
      phone: "138****5678",
      address: "临猗县猗氏镇***",
    });
    expect(masked.applicantIdNumber).toBe("110105********002X");
    expect(masked.can.reveal).toBe(true);
    const full = (await getLegalAid({ actor: s.laStaff, id, reveal: true, ip: "10.0.0.1" }))!;
    expect(full.beneficiaries[0]).toMatchObject({ idNumber: "11010519491231002X", phone: "13812345678", birthDate: "1949-12-31" });
    const views = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "view_personal"), eq(auditLog.entityId, String(id))))
      .all();
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({ entity: "legal_aid", entityId: String(id), userId: s.laStaff.id, ip: "10.0.0.1" });
    // the audit of the creation keeps no ID number or phone
    const created = (await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "create"), eq(auditLog.entity, "legal_aid"), eq(auditLog.entityId, String(id))))
      .get())!;
    expect(JSON.stringify(created.after)).not.toContain("11010519491231002X");
    expect(JSON.stringify(created.after)).not.toContain("13812345678");
    const writer = await makeActor(s.tree.countyA, "report_writer");
    const seen = (await getLegalAid({ actor: writer, id, reveal: true }))!;
    expect(seen).toMatchObject({ revealed: false, matter: "", applicantName: "王**" });
    expect(seen.beneficiaries[0]).toMatchObject({ name: "王**", idNumber: "110105********002X", address: "" });
    expect((await listLegalAid({ actor: writer, filters: {} })).rows[0].beneficiaries[0].name).toBe("王**");
    expect((await listLegalAid({ actor: writer, filters: { q: "王秀兰" } })).total).toBe(0);
    expect(await getLegalAidForPrint({ actor: writer, id, doc: "application" })).toBeNull();
  });
});

describe("legal aid: free text for readers of de-identified data", () => {
  it("masks the beneficiaries' and applicant's names, ID numbers and phones in reasons, notes and the cause", async () => {
    const s = await setup();
    const benId = residentIdFor("1949-12-31", "002");
    const data = legalAidData(s.tree.townA1.id, {
      applicantRelation: "relative",
      applicantName: "张建国",
      applicantPhone: "13700001111",
      beneficiaries: [{ ...legalAidData(0).beneficiaries[0], idNumber: benId, gender: undefined }],
      cause: "王秀兰赡养纠纷",
      missingDocs: "王秀兰的低保证明；张建国（13700001111）的亲属关系证明",
    });
    const { id } = ok(await applyLegalAid({ actor: s.townStaff, data }));
    ok(
      await refuseLegalAid({
        actor: s.laStaff,
        id,
        data: { decidedOn: "2024-03-08", refusalReason: `经核查，王秀兰（${benId}，电话13812345678）名下有房产两套，不符合经济困难标准。`, version: await version(id) },
      })
    );
    const writer = await makeActor(s.tree.countyA, "report_writer");
    const seen = (await getLegalAid({ actor: writer, id }))!;
    const text = JSON.stringify(seen);
    for (const secret of ["王秀兰", "张建国", benId, "13812345678", "13700001111"]) expect(text).not.toContain(secret);
    expect(seen.refusalReason).toBe(`经核查，王**（${maskIdNumber(benId)}，电话138****5678）名下有房产两套，不符合经济困难标准。`);
    expect(seen.missingDocs).toBe("王**的低保证明；张**（137****1111）的亲属关系证明");
    expect(seen.cause).toBe("王**赡养纠纷");
    expect((await listLegalAid({ actor: writer, filters: {} })).rows[0].cause).toBe("王**赡养纠纷");
    // the centre's staff read the names; numbers stay masked until the full view
    expect((await getLegalAid({ actor: s.laStaff, id }))!.refusalReason).not.toContain(benId);
    expect((await getLegalAid({ actor: s.laStaff, id }))!.refusalReason).toContain("王秀兰");
    expect((await getLegalAid({ actor: s.laStaff, id, reveal: true }))!.refusalReason).toContain(benId);
  });
});

describe("legal aid: counting", () => {
  it("counts cases and beneficiaries apart, special-group cases once, and recovered money by closing day", async () => {
    const s = await setup();
    const people = (cats: string[][]) =>
      cats.map((categories, i) => ({ name: `受援人${i}`, gender: undefined, idNumber: "", phone: "", address: "", categories: categories as never }));
    // three beneficiaries, two of them elderly, one disabled: one special-group case
    await fullCase(
      s,
      { applied: "2024-03-05", decided: "2024-03-08", assigned: "2024-03-09", closed: "2024-06-30" },
      { beneficiaries: people([["elderly"], ["elderly", "disabled"], []]) },
      500_000
    );
    // one low-income beneficiary only: not a special-group case
    await fullCase(
      s,
      { applied: "2024-03-20", decided: "2024-03-25", assigned: "2024-03-26", closed: "2024-07-01" },
      { beneficiaries: people([["low_income"]]), caseType: "non_litigation", proceeding: "non_litigation", serviceForm: "non_lit_agency" },
      0
    );
    // granted in 2024, closed in 2025
    await fullCase(
      s,
      { applied: "2024-12-28", decided: "2024-12-31", assigned: "2025-01-02", closed: "2025-02-01" },
      { beneficiaries: people([["minor"], ["women"]]), caseType: "criminal", serviceForm: "defence" },
      100
    );
    const f24 = (await getLegalAidFigures({ actor: await makeActor(s.tree.countyA, "bureau"), unitId: s.tree.countyA.id, from: "2024-01-01", to: "2024-12-31" }))!;
    expect(f24).toMatchObject({
      applications: 3,
      granted: 3,
      beneficiaries: 6,
      specialGroupCases: 2,
      closed: 2,
      recoveredFen: 500_000,
      recoveredYuan: 5000,
      litigation: 2,
      nonLitigation: 1,
    });
    expect(f24.byCategory.find((c) => c.code === "elderly")).toEqual({ code: "elderly", beneficiaries: 2, cases: 1 });
    expect(f24.byCategory.find((c) => c.code === "low_income")).toEqual({ code: "low_income", beneficiaries: 1, cases: 0 });
    expect(f24.byType.find((t) => t.code === "criminal")).toMatchObject({ granted: 1, closed: 0, beneficiaries: 2 });
    const f25 = (await getLegalAidFigures({ actor: s.laStaff, unitId: s.centre.id, from: "2025-01-01", to: "2025-12-31" }))!;
    expect(f25).toMatchObject({ applications: 0, granted: 0, assigned: 1, closed: 1, recoveredFen: 100 });
    // the list drills down to the same records: granted in 2024 by decision day
    expect(
      await listLegalAid({ actor: s.laStaff, filters: { dateField: "decided", from: "2024-01-01", to: "2024-12-31", status: "grantedAll" } })
    ).toMatchObject({ total: 3, beneficiaries: 6 });
    expect(
      (await listLegalAid({ actor: s.laStaff, filters: { dateField: "decided", from: "2024-01-01", to: "2024-12-31", category: "special" } })).total
    ).toBe(2);
    expect(
      (await listLegalAid({ actor: s.laStaff, filters: { dateField: "closed", from: "2024-01-01", to: "2024-12-31", status: "closed" } })).recoveredFen
    ).toBe(500_000);
    // the township that took them has none of the figures (they count at the centre), but the city does
    expect((await getLegalAidFigures({ actor: s.townStaff, unitId: s.tree.townA1.id, from: "2024-01-01", to: "2024-12-31" }))?.granted).toBe(0);
    expect(
      (await getLegalAidFigures({ actor: await makeActor(s.tree.city, "bureau"), unitId: s.tree.city.id, from: "2024-01-01", to: "2025-12-31" }))?.granted
    ).toBe(3);
  });
});

describe("legal aid: summary counters", () => {
  it("equal a raw recount after random lifecycles, corrections, voids and a unit move", async () => {
    const s = await setup();
    const head = await makeActor(s.centre, "centre_head");
    const admin = await makeActor(s.tree.city, "admin");
    const r = rng(20260305);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
    const day = (y: number) => `${y}-${String(1 + Math.floor(r() * 12)).padStart(2, "0")}-${String(1 + Math.floor(r() * 28)).padStart(2, "0")}`;
    const later = (d: string, max: number) => {
      const [y, m, dd] = d.split("-").map(Number);
      const next = new Date(Date.UTC(y, m - 1, dd + Math.floor(r() * max))).toISOString().slice(0, 10);
      return next > "2025-12-31" ? "2025-12-31" : next;
    };
    const randomBeneficiaries = () =>
      Array.from({ length: 1 + Math.floor(r() * 3) }, (_, i) => ({
        name: `受援人${i}`,
        gender: undefined,
        idNumber: "",
        phone: "",
        address: "",
        categories: PERSON_CATEGORIES.values.filter(() => r() < 0.25),
      }));
    const stations = [s.tree.townA1, s.tree.townA2, s.tree.villA1a, s.centre];
    const actorFor = async (u: { id: number; path: string; name: string; level: string }): Promise<Actor> => await makeActor(u, "staff");
    const stationActors = new Map<number, Actor>();
    for (const u of stations) stationActors.set(u.id, await actorFor(u));
    const ids: number[] = [];
    for (let i = 0; i < 120; i++) {
      const station = pick(stations);
      const caseType = pick(LEGAL_AID_CASE_TYPES.values);
      const { id } = ok(
        await applyLegalAid({
          actor: stationActors.get(station.id)!,
          data: legalAidData(station.id, {
            appliedOn: day(pick([2024, 2025])),
            caseType,
            proceeding: caseType === "non_litigation" || r() < 0.2 ? "non_litigation" : "litigation",
            serviceForm: caseType === "criminal" ? "defence" : "agency",
            beneficiaries: randomBeneficiaries(),
            missingDocs: r() < 0.2 ? "身份证明" : "",
          }),
        })
      );
      ids.push(id);
      const row = async () => (await getDb().select().from(legalAidCases).where(eq(legalAidCases.id, id)).get())!;
      if (!(await row()).completeOn && r() < 0.7)
        ok(await markApplicationComplete({ actor: s.laStaff, id, data: { completeOn: later((await row()).appliedOn, 10), version: await version(id) } }));
      const x = r();
      if (x < 0.15 || !(await row()).completeOn) continue; // stays pending
      const start = (await row()).completeOn!;
      if (x < 0.25) {
        ok(
          await refuseLegalAid({
            actor: s.laStaff,
            id,
            data: { decidedOn: later(start, 7), refusalReason: "经审查不符合法律援助条件。", version: await version(id) },
          })
        );
        continue;
      }
      ok(await grantLegalAid({ actor: pick([s.laStaff, head]), id, data: { decidedOn: later(start, 9), preliminary: false, version: await version(id) } }));
      if (r() < 0.15) continue; // awaiting assignment
      if (r() < 0.08) {
        ok(
          await terminateLegalAid({
            actor: s.laStaff,
            id,
            data: {
              terminatedOn: later((await row()).decidedOn!, 30),
              terminationReason: pick(LEGAL_AID_TERMINATION_REASONS.values),
              terminationNote: "说明",
              version: await version(id),
            },
          })
        );
        continue;
      }
      ok(
        await assignLegalAid({
          actor: s.laStaff,
          id,
          data: { assignedOn: later((await row()).decidedOn!, 5), providerId: pick([s.lawyer.id, s.lawyer2.id]), version: await version(id) },
        })
      );
      if (r() < 0.2) continue; // in progress
      if (r() < 0.1) {
        ok(
          await terminateLegalAid({
            actor: s.laStaff,
            id,
            data: {
              terminatedOn: later((await row()).assignedOn!, 60),
              terminationReason: pick(LEGAL_AID_TERMINATION_REASONS.values),
              terminationNote: "说明",
              version: await version(id),
            },
          })
        );
      } else {
        ok(
          await closeLegalAid({
            actor: s.laStaff,
            id,
            data: {
              closedOn: later((await row()).assignedOn!, 200),
              outcome: pick(LEGAL_AID_OUTCOMES.values),
              recovered: r() < 0.6 ? Math.floor(r() * 10_000_000) : null,
              closingReport: "结案报告",
              version: await version(id),
            },
          })
        );
      }
      if (r() < 0.5)
        ok(
          await reviewLegalAidQuality({
            actor: head,
            id,
            data: {
              reviewedOn: later((await row()).closedOn ?? (await row()).terminatedOn!, 20),
              grade: pick(["excellent", "good", "pass", "fail"]),
              note: "",
              version: await version(id),
            },
          })
        );
    }
    // corrections (beneficiaries change the counts of granted cases) and voids
    for (let i = 0; i < 25; i++) {
      const id = pick(ids);
      const cur = (await getDb().select().from(legalAidCases).where(eq(legalAidCases.id, id)).get())!;
      if (cur.voidedAt) continue;
      if (r() < 0.7) {
        const res = await updateLegalAidApplication({
          actor: s.laStaff,
          id,
          data: {
            ...legalAidData(cur.receivedUnitId, {
              appliedOn: cur.appliedOn,
              caseType: cur.caseType as never,
              proceeding: cur.proceeding as never,
              serviceForm: cur.serviceForm as never,
              beneficiaries: randomBeneficiaries(),
            }),
            version: cur.version,
          },
        });
        expect(res.ok).toBe(true);
      } else ok(await voidLegalAid({ actor: head, id, version: cur.version, reason: "重复登记" }));
    }
    // moving a township to the other county leaves the counts at the centre
    ok(await moveUnit({ actor: admin, id: s.tree.villA1a.id, newParentId: s.tree.townA2.id }));

    const db = getDb();
    for (const u of await db.select({ id: units.id, path: units.path }).from(units).all()) {
      const counters = await readCounters(db, u.id, 202401, 202512);
      const raw = await recountRaw(db, { path: u.path, from: "2024-01-01", to: "2025-12-31" });
      const nonZero = (m: Map<string, number>) => new Map([...m].filter(([k, v]) => v !== 0 && k.startsWith("legalAid.")));
      expect(nonZero(counters), `unit ${u.id}`).toEqual(nonZero(raw));
    }
    const granted = (await db
      .select()
      .from(legalAidCases)
      .where(eq(legalAidCases.unitId, s.centre.id))
      .all())
      .filter((c) => !c.voidedAt && ["granted", "assigned", "closed", "terminated"].includes(c.status));
    const f = (await getLegalAidFigures({ actor: admin, unitId: s.tree.city.id, from: "2024-01-01", to: "2025-12-31" }))!;
    expect(f.granted).toBe(granted.length);
    expect((await db.select().from(legalAidAssignments).all()).length).toBeGreaterThan(20);
    // a full rebuild gives the same counters
    const before = await db.all(sql`SELECT unit_id, month, indicator, dim, value FROM stat_counters WHERE value <> 0 ORDER BY 1,2,3,4`);
    await db.transaction(async (tx) => await rebuildAllCounters(tx));
    expect(await db.all(sql`SELECT unit_id, month, indicator, dim, value FROM stat_counters WHERE value <> 0 ORDER BY 1,2,3,4`)).toEqual(before);
  });
});

describe("legal aid: a county without a centre", () => {
  it("handles, numbers and counts at the county, with its own provider list", async () => {
    const tree = await makeTree();
    const staff = await makeActor(tree.townB1);
    tree.countyB.shortName = "万荣";
    await getDb().update(units).set({ shortName: "万荣" }).where(eq(units.id, tree.countyB.id)).run();
    const { id, appNo } = ok(await applyLegalAid({ actor: staff, data: legalAidData(tree.townB1.id) }));
    expect(appNo).toBe("万荣援申〔2024〕0001号");
    const head = await makeActor(tree.countyB, "centre_head");
    const p = await makeProvider(tree.countyB.id);
    ok(await grantLegalAid({ actor: head, id, data: { decidedOn: "2024-03-06", preliminary: false, version: 1 } }));
    ok(await assignLegalAid({ actor: head, id, data: { assignedOn: "2024-03-06", providerId: p.id, version: 2 } }));
    expect(await getLegalAidFigures({ actor: head, unitId: tree.countyB.id, from: "2024-01-01", to: "2024-12-31" })).toMatchObject({
      granted: 1,
      assigned: 1,
    });
    // a unit other than a county or centre is not a centre
    expect(makeUnit).toBeDefined();
  });
});

describe("a centre's providers", () => {
  it("show each provider's own open assignments (not a count that compares a case's provider with the case's id)", async () => {
    const s = await setup();
    const cases: number[] = [];
    for (let i = 0; i < 3; i++) cases.push(ok(await applyLegalAid({ actor: s.townStaff, data: legalAidData(s.tree.townA1.id, { appliedOn: "2024-03-01" }), today: "2026-11-22" })).id);
    for (const id of cases) ok(await grantLegalAid({ actor: s.laStaff, id, data: { decidedOn: "2024-03-05", preliminary: false, version: await version(id) } }));
    // ids chosen so that no case's id equals its provider's id
    const last = cases[2];
    const provider = [s.lawyer, s.lawyer2].find((p) => p.id !== last)!;
    const other = [s.lawyer, s.lawyer2].find((p) => p !== provider)!;
    ok(await assignLegalAid({ actor: s.laStaff, id: last, data: { assignedOn: "2024-03-07", providerId: provider.id, version: await version(last) } }));
    const open = new Map((await listLegalAidProviders({ actor: s.laStaff, centreId: s.centre.id })).map((p) => [p.id, p.openCases]));
    expect(open.get(provider.id)).toBe(1);
    expect(open.get(other.id)).toBe(0);
  });
});
