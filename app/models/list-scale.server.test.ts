/** Lists at scale (issue 12): totals from the counters or a bounded count equal the raw count; seek paging. */
import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { getDb } from "~/utils/db.server";
import { consultationData, makeActor, makeMediator, makeTree, mediationData } from "../../tests/factories";
import { createConsultation, listConsultations, voidConsultation } from "./consultations.server";
import { concludeMediation, listMediations, registerMediation, voidMediation } from "./mediations.server";
import { MediationConcludeSchema } from "~/schemas/mediation";
import { addDays } from "~/utils/dates";
import { BAD_PAGE_KEY_MESSAGE, decodePageKey, encodePageKey } from "./list-paging.server";
import { ConsultationFilterSchema } from "~/schemas/consultation";
import { MediationFilterSchema } from "~/schemas/mediation";

async function seed() {
  const tree = await makeTree();
  const staff = await makeActor(tree.city);
  const days = ["2024-01-31", "2024-02-01", "2024-02-29", "2024-03-01", "2024-03-15", "2024-09-20", "2024-09-21"];
  const units = [tree.villA1a, tree.townA1, tree.townA2, tree.villB1a, tree.countyB, tree.city];
  let i = 0;
  for (const day of days)
    for (const unit of units) {
      const res = await createConsultation({
        actor: staff,
        data: consultationData(unit.id, {
          date: day,
          persons: 1 + (i % 4),
          channel: i % 3 ? "walk_in" : "hotline",
          topic: i % 2 ? "labour" : "land",
          categories: i % 5 === 0 ? ["elderly"] : [],
          answeredBy: i % 2 ? "张三" : "李四",
        }),
      });
      if (!res.ok) throw new Error("create failed");
      if (i % 7 === 3) await voidConsultation({ actor: staff, id: res.value.id, version: 1, reason: "重复" });
      i++;
    }
  return { tree, staff };
}

/** The raw count and person-times of non-voided (or, `voided`, as asked) consultations matching a WHERE. */
async function raw(where: string) {
  return (await getDb().get<{ n: number; pt: number }>(
    sql.raw(`SELECT count(*) n, coalesce(sum(CASE WHEN c.voided_at IS NULL THEN c.persons ELSE 0 END), 0) pt FROM consultations c JOIN units u ON u.id = c.unit_id WHERE ${where}`),
  ))!;
}

describe("list totals at scale", () => {
  it("equal the raw count for each filter kind, from the counters and from the bounded count", async () => {
    const { tree, staff } = await seed();
    const sub = (p: string) => `u.path >= '${p}' AND u.path < '${p.slice(0, -1)}0'`;
    const cases: Array<[Record<string, string>, string]> = [
      // the counters hold these: unit subtree and period (including edge days)
      [{}, `${sub(tree.city.path)} AND c.voided_at IS NULL`],
      [{ unit: String(tree.countyA.id) }, `${sub(tree.countyA.path)} AND c.voided_at IS NULL`],
      [{ unit: String(tree.townA1.id), from: "2024-02-01", to: "2024-03-15" }, `${sub(tree.townA1.path)} AND c.voided_at IS NULL AND c.date BETWEEN '2024-02-01' AND '2024-03-15'`],
      [{ from: "2024-03-15", to: "2024-09-20" }, `${sub(tree.city.path)} AND c.voided_at IS NULL AND c.date BETWEEN '2024-03-15' AND '2024-09-20'`],
      [{ from: "2024-02-29" }, `${sub(tree.city.path)} AND c.voided_at IS NULL AND c.date >= '2024-02-29'`],
      // the counters do not: a bounded count over the rows
      [{ channel: "hotline" }, `${sub(tree.city.path)} AND c.voided_at IS NULL AND c.channel = 'hotline'`],
      [{ topic: "labour", unit: String(tree.countyA.id) }, `${sub(tree.countyA.path)} AND c.voided_at IS NULL AND c.topic = 'labour'`],
      [{ category: "elderly" }, `${sub(tree.city.path)} AND c.voided_at IS NULL AND c.categories LIKE '%elderly%'`],
      [{ answeredBy: "张三", from: "2024-03-01", to: "2024-09-20" }, `${sub(tree.city.path)} AND c.voided_at IS NULL AND c.answered_by = '张三' AND c.date BETWEEN '2024-03-01' AND '2024-09-20'`],
      [{ voided: "include" }, `${sub(tree.city.path)}`],
      [{ voided: "only" }, `${sub(tree.city.path)} AND c.voided_at IS NOT NULL`],
    ];
    for (const [params, where] of cases) {
      const list = await listConsultations({ actor: staff, filters: ConsultationFilterSchema.parse(params), pageSize: 5 });
      const r = await raw(where);
      expect(r.n, JSON.stringify(params)).toBeGreaterThan(0);
      expect({ total: list.total, personTimes: list.personTimes, capped: list.totalCapped }, JSON.stringify(params)).toEqual({ total: r.n, personTimes: r.pt, capped: false });
    }
  });

  it("page by key: every row exactly once, in order, forwards and back, with many rows on one date", async () => {
    const { staff, tree } = await seed();
    const all = await getDb().all<{ id: number; date: string }>(
      sql`SELECT c.id, c.date FROM consultations c JOIN units u ON u.id = c.unit_id
          WHERE c.voided_at IS NULL AND u.path >= ${tree.city.path} AND u.path < ${tree.city.path.slice(0, -1) + "0"} ORDER BY c.date DESC, c.id DESC`,
    );
    const seen: number[] = [];
    const pages: Array<{ before: string | null; ids: number[] }> = [];
    let after: string | undefined;
    for (let n = 0; n < 50; n++) {
      const list = await listConsultations({ actor: staff, filters: ConsultationFilterSchema.parse(after ? { after } : {}), pageSize: 4 });
      expect(list.pageKeyError).toBeNull();
      seen.push(...list.rows.map((r) => r.id));
      pages.push({ before: list.keys?.prev ?? null, ids: list.rows.map((r) => r.id) });
      if (!list.keys?.next) break;
      after = list.keys.next;
    }
    expect(seen).toEqual(all.map((r) => r.id));
    // back from the last page, page by page, to the first
    let before = (await listConsultations({ actor: staff, filters: ConsultationFilterSchema.parse({ after }), pageSize: 4 })).keys?.prev;
    for (let p = pages.length - 2; p >= 0; p--) {
      const list = await listConsultations({ actor: staff, filters: ConsultationFilterSchema.parse({ before }), pageSize: 4 });
      expect(list.rows.map((r) => r.id)).toEqual(pages[p].ids);
      before = list.keys?.prev ?? undefined;
      if (p === 0) expect(list.keys?.prev).toBeNull();
    }
  });

  it("a page key that is not ours gets a clear message, never an error", async () => {
    const { staff } = await seed();
    const good = encodePageKey("consultations", { date: "2024-03-01", id: 5 });
    expect(decodePageKey("consultations", good)).toEqual({ date: "2024-03-01", id: 5 });
    const tampered = Buffer.from(Buffer.from(good, "base64url").toString().replace("2024-03-01", "2024-03-02")).toString("base64url");
    for (const key of ["abc", "x".repeat(199), tampered, encodePageKey("mediations", { date: "2024-03-01", id: 5 }), "'; DROP TABLE units; --"]) {
      const list = await listConsultations({ actor: staff, filters: ConsultationFilterSchema.parse({ after: key }) });
      expect(list.pageKeyError).toBe(BAD_PAGE_KEY_MESSAGE);
      expect(list.rows).toEqual([]);
      // the mediation list refuses keys of the consultation list (and the other bad ones)
      const med = await listMediations({ actor: staff, filters: MediationFilterSchema.parse({ before: key.length > 30 && decodePageKey("mediations", key) ? good : key }) });
      expect(med.pageKeyError).toBe(BAD_PAGE_KEY_MESSAGE);
    }
  });
});

describe("the mediation list's totals (issue 12)", () => {
  async function seedDisputes() {
    const tree = await makeTree();
    const staff = await makeActor(tree.city);
    const head = await makeActor(tree.city, "centre_head");
    const days = ["2024-01-31", "2024-02-01", "2024-02-29", "2024-03-15", "2024-09-20"];
    const at = [tree.villA1a, tree.townA1, tree.townA2, tree.villB1a, tree.countyB];
    let i = 0;
    for (const day of days)
      for (const unit of at) {
        const mediator = await makeMediator(unit.id, `调解员${i}`);
        const reg = await registerMediation({
          actor: staff,
          data: mediationData(unit.id, [mediator.id], { registeredOn: day, disputeType: i % 2 ? "neighbour" : "marriage_family", source: i % 3 ? "application" : "police", isMass: i % 4 === 0 }),
        });
        if (!reg.ok) throw new Error(JSON.stringify(reg));
        const id = reg.value.id;
        const concludedOn = addDays(day, 3 + (i % 40));
        const outcome = i % 5;
        const c = (over: Record<string, unknown>) => MediationConcludeSchema.parse({ concludedOn, version: 1, ...over });
        if (outcome === 1)
          expect((await concludeMediation({ actor: staff, id, data: c({ result: "success", agreementForm: "written", agreementTerms: "按期付款", agreementAmount: String(100 + i), performance: "immediate" }) })).ok).toBe(true);
        else if (outcome === 2) expect((await concludeMediation({ actor: staff, id, data: c({ result: "failed", failureReason: "分歧大", failureRoute: "litigation" }) })).ok).toBe(true);
        else if (outcome === 3) expect((await concludeMediation({ actor: staff, id, data: c({ result: "withdrawn", withdrawReason: "撤回" }) })).ok).toBe(true);
        if (i % 9 === 4) expect((await voidMediation({ actor: head, id, version: outcome >= 1 && outcome <= 3 ? 2 : 1, reason: "重复登记" })).ok).toBe(true);
        i++;
      }
    return { tree, staff };
  }
  const raw = async (where: string) =>
    (await getDb().get<{ total: number; successful: number; failed: number; open: number; agreementAmountFen: number }>(
      sql.raw(`SELECT count(*) total, coalesce(sum(m.status = 'success'), 0) successful, coalesce(sum(m.status = 'failed'), 0) failed,
        coalesce(sum(m.status IN ('registered', 'in_mediation')), 0) open, coalesce(sum(m.agreement_amount_fen), 0) "agreementAmountFen"
        FROM mediations m JOIN units u ON u.id = m.unit_id WHERE ${where}`),
    ))!;

  it("equal the raw count and sums for each filter kind, from the counters and from the rows", async () => {
    const { tree, staff } = await seedDisputes();
    const sub = (p: string) => `u.path >= '${p}' AND u.path < '${p.slice(0, -1)}0'`;
    const live = `${sub(tree.city.path)} AND m.voided_at IS NULL`;
    const cases: Array<[Record<string, string>, string]> = [
      // the counters hold these
      [{}, live],
      [{ unit: String(tree.countyA.id) }, `${sub(tree.countyA.path)} AND m.voided_at IS NULL`],
      [{ dateField: "concluded", from: "2024-02-05", to: "2024-03-10" }, `${live} AND m.concluded_on BETWEEN '2024-02-05' AND '2024-03-10'`],
      [{ dateField: "concluded", from: "2024-02-05", to: "2024-09-30", status: "concluded" }, `${live} AND m.concluded_on BETWEEN '2024-02-05' AND '2024-09-30' AND m.status IN ('success', 'failed', 'withdrawn')`],
      [{ dateField: "concluded", from: "2024-03-01", status: "success", unit: String(tree.townA1.id) }, `${sub(tree.townA1.path)} AND m.voided_at IS NULL AND m.concluded_on >= '2024-03-01' AND m.status = 'success'`],
      [{ status: "success" }, `${live} AND m.status = 'success'`],
      [{ status: "concluded" }, `${live} AND m.status IN ('success', 'failed', 'withdrawn')`],
      [{ from: "2024-02-01", to: "2024-03-15" }, `${live} AND m.registered_on BETWEEN '2024-02-01' AND '2024-03-15'`],
      [{ to: "2024-02-29", unit: String(tree.townA2.id) }, `${sub(tree.townA2.path)} AND m.voided_at IS NULL AND m.registered_on <= '2024-02-29'`],
      // the counters do not: a bounded count over the rows
      [{ type: "neighbour" }, `${live} AND m.dispute_type = 'neighbour'`],
      [{ source: "police", from: "2024-02-01" }, `${live} AND m.source = 'police' AND m.registered_on >= '2024-02-01'`],
      [{ flag: "mass" }, `${live} AND m.is_mass = TRUE`],
      [{ status: "open" }, `${live} AND m.status IN ('registered', 'in_mediation')`],
      [{ status: "failed", dateField: "concluded", from: "2024-02-01" }, `${live} AND m.status = 'failed' AND m.concluded_on >= '2024-02-01'`],
      [{ voided: "include" }, sub(tree.city.path)],
      [{ voided: "only" }, `${sub(tree.city.path)} AND m.voided_at IS NOT NULL`],
    ];
    for (const [params, where] of cases) {
      const list = await listMediations({ actor: staff, filters: MediationFilterSchema.parse(params), pageSize: 5 });
      const r = await raw(where);
      expect(r.total, JSON.stringify(params)).toBeGreaterThan(0);
      expect(
        { total: list.total, successful: list.successful, failed: list.failed, open: list.open, agreementAmountFen: list.agreementAmountFen, capped: list.totalCapped },
        JSON.stringify(params),
      ).toEqual({ ...r, capped: false });
    }
  });
});
