import { describe, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { makeActor, makeMediator, makeTree, mediationData, ok } from "../../tests/factories";
import { concludeMediation, listMediations, registerMediation, voidMediation } from "./mediations.server";
import { backfillReviewCounters, fileReviewSummary, listFileReviews, reviewMediationFile } from "./file-reviews.server";
import { sql } from "drizzle-orm";
import { FileReviewSchema } from "~/schemas/document";
import { readCounters, recountRaw } from "./counters.server";
import { get } from "./counting-rules";
import { MediationConcludeSchema } from "~/schemas/mediation";
import { parseSubmission } from "~/schemas/forms";


async function dispute(actor: Awaited<ReturnType<typeof makeActor>>, unitId: number, mediatorId: number, concluded?: string) {
  const { id } = ok(await registerMediation({ actor, data: mediationData(unitId, [mediatorId]) }));
  if (concluded)
    ok(await concludeMediation({ actor, id, data: MediationConcludeSchema.parse({ concludedOn: concluded, version: 1, result: "failed", failureReason: "双方分歧过大", failureRoute: "litigation" }) }));
  return id;
}

const review = (over: Record<string, unknown> = {}) => FileReviewSchema.parse({ reviewedOn: "2024-06-01", grade: "pass", faults: [], note: "", ...over });

describe("案卷评查 (file review)", () => {
  it("a head at a township or the county bureau grades a concluded file; staff, villages and open files cannot", async () => {
    const tree = await makeTree();
    const staff = await makeActor(tree.townA1, "staff");
    const head = await makeActor(tree.townA1, "centre_head");
    const villageHead = await makeActor(tree.villA1a, "centre_head");
    const bureau = await makeActor(tree.countyA, "bureau");
    const otherHead = await makeActor(tree.townB1, "centre_head");
    const m = await makeMediator(tree.townA1.id);
    const closed = await dispute(staff, tree.townA1.id, m.id, "2024-03-20");
    const open = await dispute(staff, tree.townA1.id, m.id);

    expect(await reviewMediationFile({ actor: staff, mediationId: closed, data: review() })).toMatchObject({ ok: false, status: 403 });
    expect(await reviewMediationFile({ actor: villageHead, mediationId: closed, data: review() })).toMatchObject({ ok: false, status: 403 });
    expect(await reviewMediationFile({ actor: otherHead, mediationId: closed, data: review() })).toMatchObject({ ok: false, status: 404 });
    expect(await reviewMediationFile({ actor: head, mediationId: open, data: review() })).toMatchObject({ ok: false, status: 409 });
    ok(await reviewMediationFile({ actor: head, mediationId: closed, data: review({ grade: "fail", faults: ["missing_signature", "late_followup"] }) }));
    ok(await reviewMediationFile({ actor: bureau, mediationId: closed, data: review({ grade: "excellent" }) }));
    const reviews = (await listFileReviews({ actor: staff, mediationId: closed }))!;
    expect(reviews.canReview).toBe(false);
    expect(reviews.list.map((r) => [r.grade, r.faults])).toEqual([
      ["excellent", []],
      ["fail", ["missing_signature", "late_followup"]],
    ]);
    expect((await listFileReviews({ actor: head, mediationId: closed }))!.canReview).toBe(true);
    expect(await listFileReviews({ actor: otherHead, mediationId: closed })).toBeNull();
  });

  it("a failing grade names the faults", () => {
    const parsed = parseSubmission(FileReviewSchema, new URLSearchParams({ reviewedOn: "2024-06-01", grade: "fail" }), ["faults"]);
    expect(parsed).toMatchObject({ ok: false, fieldErrors: { faults: "err.review.faults" } });
  });

  it("sums, per child unit, the files concluded in the period, those reviewed and their latest grades", async () => {
    const tree = await makeTree();
    const staffA1 = await makeActor(tree.townA1, "staff");
    const staffA2 = await makeActor(tree.townA2, "staff");
    const bureau = await makeActor(tree.countyA, "bureau");
    const m1 = await makeMediator(tree.townA1.id, "甲");
    const m2 = await makeMediator(tree.townA2.id, "乙");
    const a = await dispute(staffA1, tree.townA1.id, m1.id, "2024-03-20");
    const b = await dispute(staffA1, tree.townA1.id, m1.id, "2024-04-20");
    await dispute(staffA1, tree.townA1.id, m1.id, "2024-05-20");
    const voided = await dispute(staffA1, tree.townA1.id, m1.id, "2024-05-21");
    ok(await voidMediation({ actor: await makeActor(tree.townA1, "centre_head"), id: voided, version: 2, reason: "重复登记" }));
    await dispute(staffA2, tree.townA2.id, m2.id, "2024-03-22");
    await dispute(staffA2, tree.townA2.id, m2.id, "2025-01-05");
    ok(await reviewMediationFile({ actor: bureau, mediationId: a, data: review({ grade: "fail", faults: ["missing_documents"] }) }));
    ok(await reviewMediationFile({ actor: bureau, mediationId: a, data: review({ grade: "pass" }) }));
    ok(await reviewMediationFile({ actor: bureau, mediationId: b, data: review({ grade: "excellent" }) }));
    const s = (await fileReviewSummary({ actor: bureau, from: "2024-01-01", to: "2024-12-31" }))!;
    expect(s.total).toMatchObject({ concluded: 4, reviewed: 2, share: 0.5, grades: { excellent: 1, pass: 1, fail: 0 } });
    expect(s.children.map((r) => [r.unitName, r.concluded, r.reviewed])).toEqual([
      ["猗氏镇", 3, 2],
      ["嵋阳镇", 1, 0],
    ]);
    expect(s.sentence).toBe("2024年，全县深入开展调解案卷大评查，共评查已结调解案卷2卷，占同期结案数的50.0%，评定优秀案卷1卷、合格案卷1卷。");
    // read from the summary counters, which equal a recount from the raw rows (every record kind, reviews included)
    const db = getDb();
    const counted = await readCounters(db, tree.countyA.id, 202401, 202412);
    const recounted = await recountRaw(db, { path: tree.countyA.path, from: "2024-01-01", to: "2024-12-31" });
    for (const k of ["mediation.reviewed", "mediation.reviewed.excellent", "mediation.reviewed.pass", "mediation.reviewed.fail", "mediation.concluded"]) expect([k, get(counted, k)]).toEqual([k, get(recounted, k)]);
    expect(get(counted, "mediation.reviewed")).toBe(2);
    // the migration's backfill (for reviews made before the counters counted them) gives the same counters
    const reviewCounters = async () => await db.all(sql`SELECT unit_id, month, indicator, value FROM stat_counters WHERE indicator LIKE 'mediation.reviewed%' AND value <> 0 ORDER BY 1, 2, 3`);
    const kept = await reviewCounters();
    expect(kept.length).toBeGreaterThan(0);
    await db.run(sql`DELETE FROM stat_counters WHERE indicator LIKE 'mediation.reviewed%'`);
    await db.transaction(async (tx) => await backfillReviewCounters(tx));
    expect(await reviewCounters()).toEqual(kept);

    // the drill-down: each figure is the count of the mediation list with the same filters
    const listed = async (unit: number, review?: "reviewed" | "excellent" | "pass" | "fail") =>
      (await listMediations({ actor: bureau, filters: { unit, dateField: "concluded", from: "2024-01-01", to: "2024-12-31", status: "concluded", review } })).total;
    expect(await listed(tree.countyA.id)).toBe(s.total.concluded);
    expect(await listed(tree.countyA.id, "reviewed")).toBe(2);
    expect(await listed(tree.townA1.id, "pass")).toBe(1);
    expect(await listed(tree.townA1.id, "fail")).toBe(0); // a's first grade was replaced by a later review
    expect(await listed(tree.townA2.id, "reviewed")).toBe(0);

    // down the tree: the township, its files at its own level (no villages here) and out of reach
    const town = (await fileReviewSummary({ actor: bureau, unitId: tree.townA1.id, from: "2024-01-01", to: "2024-12-31" }))!;
    expect(town.total).toMatchObject({ concluded: 3, reviewed: 2, grades: { excellent: 1, pass: 1, fail: 0 } });
    expect(town.children).toEqual([expect.objectContaining({ unitName: "猗氏镇（本级）", ownLevel: true, concluded: 3, reviewed: 2 })]);
    expect(town.sentence).toMatch(/^2024年，全镇深入开展调解案卷大评查，共评查已结调解案卷2卷，占同期结案数的66\.7%/);
    expect(await fileReviewSummary({ actor: staffA2, unitId: tree.townA1.id, from: "2024-01-01", to: "2024-12-31" })).toBeNull();
    // a reviewed file voided later leaves the counts (the counters move in the void's transaction)
    ok(await voidMediation({ actor: await makeActor(tree.townA1, "centre_head"), id: b, version: 2, reason: "重复登记" }));
    expect((await fileReviewSummary({ actor: bureau, from: "2024-01-01", to: "2024-12-31" }))!.total).toMatchObject({ concluded: 3, reviewed: 1, grades: { excellent: 0, pass: 1, fail: 0 } });
    // a period with no review: no sentence
    expect(await fileReviewSummary({ actor: bureau, from: "2025-01-01", to: "2025-12-31" })).toMatchObject({ total: { concluded: 1, reviewed: 0, share: 0 }, sentence: null });
  });
});
