import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { getDb } from "~/utils/db.server";
import { auditLog, legalAidCases, units } from "../../../db/schema";
import { legalAidData, makeActor, makeLegalAidCentre, makeProvider, makeTree } from "../../../tests/factories";
import { applyLegalAid } from "../legal-aid.server";
import { readCounters, recountRaw } from "../counters.server";
import { findStep, runStep, submitStep } from "./executor.server";
import { LEGAL_AID_KIND, LEGAL_AID_STEPS } from "./legal-aid-steps.server";
import { MEDIATION_KIND, MEDIATION_STEPS } from "./mediation-steps.server";

async function setup() {
  const tree = await makeTree();
  const centre = await makeLegalAidCentre(tree.countyA);
  const laStaff = await makeActor(centre, "staff");
  const townStaff = await makeActor(tree.townA1, "staff");
  const lawyer = await makeProvider(centre.id, { name: "张律师" });
  const r = await applyLegalAid({ actor: townStaff, data: legalAidData(tree.townA1.id, { appliedOn: "2026-03-02" }), today: "2026-11-22" });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return { tree, centre, laStaff, townStaff, lawyer, id: r.value.id };
}

const version = async (id: number) => (await getDb().select({ v: legalAidCases.version }).from(legalAidCases).where(eq(legalAidCases.id, id)).get())!.v;
const grant = async (s: Awaited<ReturnType<typeof setup>>) =>
  await runStep(LEGAL_AID_KIND, LEGAL_AID_STEPS.grant, { actor: s.laStaff, id: s.id, data: { decidedOn: "2026-03-05", preliminary: false, version: await version(s.id) } });

describe("the lifecycle executor", () => {
  it("refuses a step out of order (assign before grant) with 409 and a Chinese message, writing nothing", async () => {
    const s = await setup();
    const v = await version(s.id);
    const r = await runStep(LEGAL_AID_KIND, LEGAL_AID_STEPS.assign, { actor: s.laStaff, id: s.id, data: { assignedOn: "2026-03-06", providerId: s.lawyer.id, version: v } });
    expect(r).toMatchObject({ ok: false, status: 409, formError: "err.la.notGranted", message: "尚未准予法律援助，不能指派" });
    expect(await version(s.id)).toBe(v);
  });

  it("refuses who may not take a step: no permission, not the handling centre, not one who decides (403)", async () => {
    const s = await setup();
    const writer = await makeActor(s.tree.countyA, "report_writer");
    expect(await grant({ ...s, laStaff: writer })).toMatchObject({ ok: false, status: 403, message: "无权执行此操作" });
    // the township that took the application does not decide it
    expect(await grant({ ...s, laStaff: s.townStaff })).toMatchObject({ ok: false, status: 403, formError: "err.la.notHandlingCentre" });
    // staff of the county bureau handle it but do not decide
    expect(await grant({ ...s, laStaff: await makeActor(s.tree.countyA, "staff") })).toMatchObject({ ok: false, status: 403, formError: "err.la.cannotDecide" });
  });

  it("refuses a stale version (409), and says why when the newer state no longer allows the step", async () => {
    const s = await setup();
    const old = await version(s.id);
    expect((await grant(s)).ok).toBe(true);
    const refused = await runStep(LEGAL_AID_KIND, LEGAL_AID_STEPS.complete, { actor: s.laStaff, id: s.id, data: { completeOn: "2026-03-03", version: old } });
    expect(refused).toMatchObject({ ok: false, status: 409, formError: "err.la.notPending" });
    const stale = await runStep(LEGAL_AID_KIND, LEGAL_AID_STEPS.assign, { actor: s.laStaff, id: s.id, data: { assignedOn: "2026-03-06", providerId: s.lawyer.id, version: old } });
    expect(stale).toMatchObject({ ok: false, status: 409, formError: "err.stale" });
  });

  it("validates raw input with the step's schema: 400 with field errors", async () => {
    const s = await setup();
    const r = await submitStep(LEGAL_AID_KIND, LEGAL_AID_STEPS.refuse, { actor: s.laStaff, id: s.id, input: { decidedOn: "2026-13-01", refusalReason: "短", version: await version(s.id) } });
    expect(r).toMatchObject({ ok: false, status: 400, fieldErrors: { decidedOn: "err.date", refusalReason: "err.la.reasonTooShort" } });
  });

  it("writes the audit entry and keeps the counters equal to a raw recount through every step", async () => {
    const s = await setup();
    expect(await grant(s)).toMatchObject({ ok: true, message: "已完成：准予法律援助", record: { id: s.id, status: "granted" } });
    const step = async (name: keyof typeof LEGAL_AID_STEPS, input: Record<string, unknown>) => {
      const r = await submitStep(LEGAL_AID_KIND, findStep(LEGAL_AID_KIND, LEGAL_AID_STEPS, name)!, { actor: s.laStaff, id: s.id, input: { ...input, version: await version(s.id) } });
      expect(r.ok, JSON.stringify(r)).toBe(true);
    };
    await step("assign", { assignedOn: "2026-03-06", providerId: String(s.lawyer.id) });
    await step("progress", { notedOn: "2026-03-10", note: "已立案" });
    await step("close", { closedOn: "2026-04-01", outcome: "won", recovered: "1234.5", closingReport: "胜诉。" });
    await step("followup", { followedUpOn: "2026-04-05", satisfaction: "satisfied", note: "" });
    const db = getDb();
    const actions = (await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entity, "legal_aid"), eq(auditLog.entityId, String(s.id))))
      .all())
      .map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["grant", "assign", "progress", "close", "followup"]));
    expect(await db.select().from(legalAidCases).where(eq(legalAidCases.id, s.id)).get()).toMatchObject({ status: "closed", recoveredFen: 123450 });
    for (const u of await db.select({ id: units.id, path: units.path }).from(units).all()) {
      const nonZero = (m: Map<string, number>) => new Map([...m].filter(([, v]) => v !== 0));
      expect(nonZero(await readCounters(db, u.id, 202601, 202612)), u.path).toEqual(nonZero(await recountRaw(db, { path: u.path, from: "2026-01-01", to: "2026-12-31" })));
    }
  });

  it("refuses a mediation step on a dispute out of reach with 404 and its Chinese message", async () => {
    const s = await setup();
    const r = await runStep(MEDIATION_KIND, MEDIATION_STEPS.followup, {
      actor: await makeActor(s.tree.townA1, "staff"),
      id: 999_999,
      data: { visitedOn: "2026-03-01", visitor: "王", performanceFound: "performed", satisfaction: "satisfied", notes: "" },
    });
    expect(r).toMatchObject({ ok: false, status: 404, message: "记录不存在或不在您的管辖范围内" });
  });
});
