/**
 * One writer process of the two-process tests (tests/unit/multiprocess.test.ts): run with tsx on the same SQLite
 * file (DATABASE_URL) as its siblings, it prints `ready`, waits for `go` on stdin so that every process starts at
 * once, does its job through the real model functions and prints one JSON line per result.
 */
import { eq } from "drizzle-orm";
import { units, users } from "../../db/schema";
import { getDb } from "../../app/utils/db.server";
import type { Actor } from "../../app/utils/permissions";
import type { Role } from "../../app/schemas/enums";
import { createConsultation, voidConsultation } from "../../app/models/consultations.server";
import { registerMediation } from "../../app/models/mediations.server";
import { verifyLogin } from "../../app/utils/auth.server";
import { withIdempotency } from "../../app/models/api-tokens.server";
import { MediationRegisterSchema } from "../../app/schemas/mediation";
import { mulberry32 as rng } from "../../db/rng";

export type Job =
  | { op: "mediations"; userId: number; unitId: number; mediatorId: number; count: number }
  | { op: "consultations"; userId: number; unitIds: number[]; count: number; seed: number }
  | { op: "login"; username: string; password: string; ip: string; count: number }
  | { op: "idempotent"; userId: number; unitId: number; keys: string[] }
  | { op: "loop"; userId: number; unitId: number; mediatorId: number };

async function actorOf(userId: number): Promise<Actor> {
  const row = (await getDb()
    .select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role, unitId: users.unitId, unitPath: units.path, unitName: units.name, unitLevel: units.level })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(eq(users.id, userId))
    .get())!;
  return { ...row, role: row.role as Role };
}

const out = (v: unknown) => process.stdout.write(`${JSON.stringify(v)}\n`);

export function mediationData(unitId: number, mediatorId: number, n: number) {
  return MediationRegisterSchema.parse({
    registeredOn: "2024-03-05",
    unitId,
    source: "application" as const,
    disputeType: "neighbour",
    summary: `两户因院墙排水发生争执（进程 ${process.pid} 第 ${n} 件）`,
    personsInvolved: 2,
    amount: null,
    isMass: false,
    preventedCriminal: false,
    preventedPetition: false,
    parties: [
      { side: "applicant" as const, kind: "person" as const, name: "王大成", ethnicity: "汉族", occupation: "农民", phone: "13812345678", address: "猗氏镇城东村", idNumber: "" },
      { side: "respondent" as const, kind: "person" as const, name: "李小红", ethnicity: "汉族", occupation: "农民", phone: "13900001111", address: "猗氏镇城西村", idNumber: "" },
    ],
    mediatorIds: [mediatorId],
  });
}

function consultation(unitId: number, r: () => number) {
  return {
    date: `2024-${String(1 + Math.floor(r() * 12)).padStart(2, "0")}-${String(1 + Math.floor(r() * 28)).padStart(2, "0")}`,
    unitId,
    channel: r() < 0.5 ? ("walk_in" as const) : ("phone" as const),
    topic: r() < 0.5 ? "labour" : "marriage",
    persons: 1 + Math.floor(r() * 3),
    categories: [],
    answeredBy: "张调解",
    summary: "",
    nextStep: "answered" as const,
  };
}

async function run(job: Job) {
  switch (job.op) {
    case "mediations": {
      const actor = await actorOf(job.userId);
      for (let i = 0; i < job.count; i++) {
        const r = await registerMediation({ actor, data: mediationData(job.unitId, job.mediatorId, i) });
        out(r.ok ? { caseNo: r.value.caseNo, id: r.value.id } : { error: r });
      }
      return;
    }
    case "consultations": {
      const actor = await actorOf(job.userId);
      const r = rng(job.seed);
      const live: number[] = [];
      for (let i = 0; i < job.count; i++) {
        if (live.length > 0 && r() < 0.2) {
          const id = live.splice(Math.floor(r() * live.length), 1)[0];
          const v = await voidConsultation({ actor, id, version: 1, reason: "重复录入" });
          out(v.ok ? { voided: id } : { error: v });
        } else {
          const c = await createConsultation({ actor, data: consultation(job.unitIds[Math.floor(r() * job.unitIds.length)], r) as never });
          if (c.ok) live.push(c.value.id);
          out(c.ok ? { created: c.value.id } : { error: c });
        }
      }
      return;
    }
    case "login": {
      const results = await Promise.all(
        Array.from({ length: job.count }, () => verifyLogin(job.username, job.password, { ip: job.ip, sleep: async () => {} })),
      );
      for (const r of results) out(r);
      return;
    }
    case "idempotent": {
      const actor = await actorOf(job.userId);
      for (const key of job.keys) {
        const request = new Request("http://localhost/api/v1/consultations", { method: "POST", headers: { "Idempotency-Key": key } });
        const res = await withIdempotency(actor, request, `{"same":"body"}`, async () => {
          const c = await createConsultation({ actor, data: consultation(job.unitId, () => 0.5) as never });
          return c.ok ? { status: 201, body: c.value } : { status: c.status, body: { error: "failed" } };
        });
        out({ key, status: res.status, replayed: res.headers.get("Idempotent-Replayed") === "true", body: await res.json() });
      }
      return;
    }
    case "loop": {
      // registers cases until killed; each line is printed only after its transaction committed
      const actor = await actorOf(job.userId);
      for (let i = 0; ; i++) {
        const r = await registerMediation({ actor, data: mediationData(job.unitId, job.mediatorId, i) });
        out(r.ok ? { id: r.value.id, caseNo: r.value.caseNo } : { error: r });
        await new Promise((resolve) => setImmediate(resolve)); // lets a closed stdin (the test gone) end it
      }
    }
  }
}

const job = JSON.parse(process.argv[2]) as Job;
getDb();
out("ready");
let started = false;
process.stdin.on("data", () => {
  if (started) return;
  started = true;
  void run(job).then(() => process.exit(0));
});
// the test that started this process is gone: stop writing
process.stdin.on("end", () => process.exit(0));
