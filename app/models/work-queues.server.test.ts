/**
 * Work queues (issue 12): the home page, the mediation list and the monitoring dashboard count open and overdue
 * disputes from partial indexes whose size is the open work. The counts equal a raw count of the subtree's
 * disputes by their deadlines, and the queries keep the indexes' conditions word for word (else SQLite cannot use
 * them and a province's count would read every dispute again).
 */
import { onPostgres } from "../../tests/setup/engine";
import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { getDb } from "~/utils/db.server";
import { makeActor, makeMediator, makeTree, mediationData, ok } from "../../tests/factories";
import { MediationConcludeSchema } from "~/schemas/mediation";
import { addFollowup, concludeMediation, countMediationWork, mediationDeadlines, mediationQueueCountSql, mediationWorkQuery, registerMediation, voidMediation } from "./mediations.server";
import { OPEN_MEDIATION_STATUSES } from "~/schemas/enums";
import { mulberry32 as rng } from "../../db/rng";

const TODAY = "2024-09-30";

/** Disputes in every state: open (recent and overdue), settled with and without a visit or performance, failed, imported, voided. */
async function randomDisputes() {
  const tree = await makeTree();
  const r = rng(4242);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const towns = [tree.townA1, tree.townA2, tree.townB1];
  const mediators = new Map<number, Awaited<ReturnType<typeof makeMediator>>>();
  for (const t of towns) mediators.set(t.id, await makeMediator(t.id));
  const db = getDb();
  for (let i = 0; i < 80; i++) {
    const town = pick(towns);
    const staff = await makeActor(town, "staff");
    const registeredOn = pick(["2024-05-02", "2024-07-15", "2024-08-20", "2024-09-10", "2024-09-29"]);
    const { id } = ok(await registerMediation({ actor: staff, data: mediationData(town.id, [mediators.get(town.id)!.id], { registeredOn }) }));
    const x = r();
    if (x < 0.35) {
      // stays open
    } else if (x < 0.8) {
      const concludedOn = registeredOn < "2024-09-01" ? pick(["2024-08-25", "2024-09-05", "2024-09-20"]) : "2024-09-29";
      const performance = pick(["immediate", "in_progress", "performed", "not_performed", "partial"]);
      ok(
        await concludeMediation({
          actor: staff,
          id,
          data: MediationConcludeSchema.parse({
            concludedOn,
            version: 1,
            result: "success",
            agreementForm: "written",
            agreementTerms: "按期付款",
            performance,
            performanceDeadline: performance === "immediate" ? undefined : concludedOn <= "2024-09-25" ? pick(["2024-09-25", "2024-10-15"]) : "2024-10-15",
          }),
        }),
      );
      if (r() < 0.3) ok(await addFollowup({ actor: staff, id, data: { visitedOn: "2024-09-29", visitor: "张调解", performanceFound: "performed", satisfaction: "satisfied", notes: "" } }));
      if (r() < 0.15) await db.run(sql`UPDATE mediations SET concluded_by_import = TRUE WHERE id = ${id}`);
    } else {
      ok(await concludeMediation({ actor: staff, id, data: MediationConcludeSchema.parse({ concludedOn: registeredOn, version: 1, result: "failed", failureReason: "双方分歧过大", failureRoute: "litigation" }) }));
    }
    if (r() < 0.1) {
      const v = (await db.get<{ version: number }>(sql`SELECT version FROM mediations WHERE id = ${id}`))!.version;
      ok(await voidMediation({ actor: await makeActor(town, "centre_head"), id, version: v, reason: "重复登记" }));
    }
  }
  return tree;
}

/** The raw count: every live dispute of the subtree, judged by its deadlines one by one. */
async function rawWork(path: string) {
  const rows = await getDb().all<{
    status: string;
    registeredOn: string;
    concludedOn: string | null;
    performance: string | null;
    performanceDeadline: string | null;
    judicialConfirmation: string;
    concludedByImport: number;
    hasFollowup: number;
  }>(sql`SELECT m.status, m.registered_on AS "registeredOn", m.concluded_on AS "concludedOn", m.performance, m.performance_deadline AS "performanceDeadline",
      m.judicial_confirmation AS "judicialConfirmation", m.concluded_by_import AS "concludedByImport",
      EXISTS (SELECT 1 FROM mediation_followups f WHERE f.mediation_id = m.id) AS "hasFollowup"
    FROM mediations m JOIN units u ON u.id = m.unit_id WHERE u.path LIKE ${`${path}%`} AND m.voided_at IS NULL`);
  const out = { open: 0, overdueOpen: 0, overduePerformance: 0, followupsDue: 0 };
  for (const m of rows) {
    const d = mediationDeadlines({ ...m, concludedByImport: !!m.concludedByImport }, !!m.hasFollowup, TODAY);
    if (OPEN_MEDIATION_STATUSES.includes(m.status as never)) out.open++;
    if (d.openOverdue) out.overdueOpen++;
    if (d.performanceOverdue) out.overduePerformance++;
    if (d.followupOverdue) out.followupsDue++;
  }
  return out;
}

describe("mediation work queues", () => {
  it("count what a raw count of the subtree's disputes by their deadlines gives, at every level", async () => {
    const tree = await randomDisputes();
    let seen = 0;
    for (const unit of [tree.city, tree.countyA, tree.countyB, tree.townA1, tree.townA2, tree.villA1a]) {
      const work = (await countMediationWork({ actor: await makeActor(unit, "bureau"), today: TODAY }))!;
      const raw = await rawWork(unit.path);
      expect(work, unit.name).toEqual(raw);
      seen += raw.open + raw.overdueOpen + raw.overduePerformance + raw.followupsDue;
    }
    // the data exercise every queue
    const city = await rawWork(tree.city.path);
    expect(city.open * city.overdueOpen * city.overduePerformance * city.followupsDue).toBeGreaterThan(0);
    expect(seen).toBeGreaterThan(0);
  });

  // SQLite's partial indexes and INDEXED BY (PostgreSQL has no index hints; its plans are its own)
  it.skipIf(onPostgres)("keep the partial indexes' conditions word for word, so that SQLite can read the open work from them", async () => {
    const tree = await makeTree();
    const db = getDb();
    for (const [queue, index] of [
      ["open", "mediations_open_work_idx"],
      ["overdueOpen", "mediations_open_work_idx"],
      ["overduePerformance", "mediations_performance_work_idx"],
      ["followupsDue", "mediations_followup_work_idx"],
    ] as const) {
      const q = mediationQueueCountSql(tree.city.path, queue, TODAY);
      // INDEXED BY fails ("no query solution") unless the query's conditions imply the index's
      await expect(Promise.resolve(db.get(q))).resolves.toBeDefined();
      const { sql: text, params } = (db as unknown as { dialect: { sqlToQuery: (s: unknown) => { sql: string; params: unknown[] } } }).dialect.sqlToQuery(q);
      const plan = db.$client.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as Array<{ detail: string }>;
      expect(plan.map((p) => p.detail).join(" ; ")).toContain(index);
    }
    // the list's filter for a queue keeps the same literal conditions (the index is usable for it too)
    const actor = await makeActor(tree.city, "bureau");
    for (const [queue, index] of [
      ["overdueOpen", "mediations_open_work_idx"],
      ["overduePerformance", "mediations_performance_work_idx"],
      ["followupsDue", "mediations_followup_work_idx"],
    ] as const) {
      const q = (await mediationWorkQuery(db, actor, queue, TODAY)).query.toSQL();
      const forced = q.sql.replace(`from "mediations" inner join`, `from "mediations" INDEXED BY ${index} inner join`);
      expect(forced).toContain("INDEXED BY");
      expect(() => db.$client.prepare(forced).all(...(q.params as unknown[]))).not.toThrow();
    }
    // and the check can fail: a query without the literal conditions cannot use the index
    expect(() => db.$client.prepare(`SELECT 1 FROM mediations INDEXED BY mediations_open_work_idx WHERE status IN (?, ?)`).all("registered", "in_mediation")).toThrow(
      /no query solution/,
    );
  });
});
