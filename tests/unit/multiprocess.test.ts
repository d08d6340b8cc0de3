/**
 * Several server processes over one SQLite file (app/serve.js forks one per core): real child processes (tsx,
 * tests/unit/multiprocess-child.ts) write to this test file's database at the same moment, and what a user would
 * check afterwards must hold: case numbers unique and without gaps, counters equal to a recount, one log-in lock
 * for all processes, one record per idempotency key, and nothing lost or half-written when a process is killed.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "~/utils/db.server";
import { hashPassword } from "~/utils/auth.server";
import { auditLog, consultations, loginThrottle, mediationMediators, mediationParties, mediations, mediators, units, users } from "../../db/schema";
import { readCounters, recountRaw } from "~/models/counters.server";
import { makeActor, makeTree } from "../factories";
import type { Job } from "./multiprocess-child";

// node itself with tsx's loader (not the tsx command, which runs node in a child that a SIGKILL would not reach)
const TSX_LOADER = ["--import", "tsx"];
const CHILD = path.resolve("tests/unit/multiprocess-child.ts");

type Child = { proc: ChildProcessWithoutNullStreams; lines: unknown[]; ready: Promise<void>; done: Promise<number | null>; stderr: string[] };

function startChild(job: Job): Child {
  const proc = spawn(process.execPath, [...TSX_LOADER, CHILD, JSON.stringify(job)], { env: { ...process.env }, stdio: ["pipe", "pipe", "pipe"] });
  const lines: unknown[] = [];
  const stderr: string[] = [];
  proc.stderr.on("data", (d) => stderr.push(String(d)));
  let markReady: () => void;
  const ready = new Promise<void>((r) => (markReady = r));
  readline.createInterface({ input: proc.stdout }).on("line", (line) => {
    if (line === '"ready"') return markReady();
    lines.push(JSON.parse(line));
  });
  const done = new Promise<number | null>((r) => proc.on("exit", (code) => r(code)));
  return { proc, lines, ready, done, stderr };
}

/** Starts the jobs in separate processes, lets them go at the same moment, and waits for all of them. */
async function runTogether(jobs: Job[]) {
  const children = jobs.map(startChild);
  await Promise.all(children.map((c) => Promise.race([c.ready, c.done.then(() => { throw new Error(c.stderr.join("")); })])));
  for (const c of children) c.proc.stdin.write("go\n");
  const codes = await Promise.all(children.map((c) => c.done));
  codes.forEach((code, i) => expect(code, children[i].stderr.join("")).toBe(0));
  return children.map((c) => c.lines);
}

/** Every unit's counters for 2024 equal a recount of the raw rows of its subtree. */
async function expectCountersEqualRecount() {
  const db = getDb();
  for (const u of await db.select({ id: units.id, path: units.path }).from(units).all()) {
    const nonZero = (m: Map<string, number>) => new Map([...m].filter(([, v]) => v !== 0));
    expect(nonZero(await readCounters(db, u.id, 202401, 202412)), `unit ${u.id}`).toEqual(nonZero(await recountRaw(db, { path: u.path, from: "2024-01-01", to: "2024-12-31" })));
  }
}

async function setup() {
  const tree = await makeTree();
  const staff = await makeActor(tree.townA1);
  const mediator = await getDb().insert(mediators).values({ unitId: tree.townA1.id, name: "张调解", startOn: "2015-01-01" }).returning().get();
  return { tree, staff, mediator };
}

describe("several server processes on one SQLite file", () => {
  it("number cases registered at the same moment uniquely and without gaps", async () => {
    const { tree, staff, mediator } = await setup();
    const job: Job = { op: "mediations", userId: staff.id, unitId: tree.townA1.id, mediatorId: mediator.id, count: 25 };
    const results = (await runTogether([job, job, job])).flat() as Array<{ caseNo?: string; error?: unknown }>;
    expect(results.filter((r) => r.error)).toEqual([]);
    const numbers = results.map((r) => r.caseNo!);
    expect(new Set(numbers).size).toBe(75);
    const expected = Array.from({ length: 75 }, (_, i) => `（2024）猗氏调字第${String(i + 1).padStart(4, "0")}号`);
    expect([...numbers].sort()).toEqual(expected);
    const stored = (await getDb().select({ caseNo: mediations.caseNo }).from(mediations).all()).map((r) => r.caseNo).sort();
    expect(stored).toEqual(expected);
    await expectCountersEqualRecount();
  });

  it("keep the summary counters equal to a recount after creates and voids in three processes at once", async () => {
    const { tree } = await setup();
    const staff = await makeActor(tree.city);
    const unitIds = [tree.villA1a.id, tree.villA1b.id, tree.villA2a.id, tree.villB1a.id, tree.townA1.id, tree.countyA.id];
    const results = (await runTogether([1, 2, 3].map((seed) => ({ op: "consultations", userId: staff.id, unitIds, count: 60, seed }) as Job))).flat() as Array<{
      created?: number;
      voided?: number;
      error?: unknown;
    }>;
    expect(results.filter((r) => r.error)).toEqual([]);
    const created = results.filter((r) => r.created).length;
    const voided = results.filter((r) => r.voided).length;
    const live = (await getDb().select({ n: sql<number>`count(*)` }).from(consultations).where(sql`${consultations.voidedAt} IS NULL`).get())!.n;
    expect(live).toBe(created - voided);
    await expectCountersEqualRecount();
  });

  it("share one log-in throttle: a name tried from one client in two processes is locked after five failures in all", async () => {
    const { tree } = await setup();
    await getDb()
      .insert(users)
      .values({ username: "lock.me", displayName: "王锁", passwordHash: await hashPassword("Right-Password-42"), role: "staff", unitId: tree.townA1.id })
      .run();
    const job: Job = { op: "login", username: "lock.me", password: "wrong-password", ip: "10.0.0.7", count: 6 };
    const results = (await runTogether([job, job])).flat() as Array<{ ok: boolean; reason: string }>;
    expect(results).toHaveLength(12);
    expect(results.every((r) => !r.ok && (r.reason === "failed" || r.reason === "locked"))).toBe(true);
    // exactly five attempts got as far as the password check (each is audited); the other seven were refused unchecked
    const checked = await getDb().select().from(auditLog).where(and(eq(auditLog.action, "login_failed"), eq(auditLog.entityId, "lock.me"))).all();
    expect(checked).toHaveLength(5);
    expect((await getDb().select().from(loginThrottle).where(eq(loginThrottle.key, "pair:lock.me|10.0.0.7")).get())?.failures).toBe(5);
    // the right password from that client, in yet another process, is refused too
    const [after] = await runTogether([{ op: "login", username: "lock.me", password: "Right-Password-42", ip: "10.0.0.7", count: 1 }]);
    expect(after).toEqual([expect.objectContaining({ ok: false, reason: "locked" })]);
  });

  it("create one record per idempotency key when the same requests reach three processes at once", async () => {
    const { tree } = await setup();
    const staff = await makeActor(tree.townA1);
    const before = (await getDb().select({ n: sql<number>`count(*)` }).from(consultations).get())!.n;
    const keys = Array.from({ length: 40 }, (_, i) => `order-2024-${String(i + 1).padStart(4, "0")}`);
    const job: Job = { op: "idempotent", userId: staff.id, unitId: tree.townA1.id, keys };
    const results = (await runTogether([job, job, job])).flat() as Array<{ key: string; status: number; replayed: boolean; body: { id: number } }>;
    expect(results).toHaveLength(120);
    expect(results.every((r) => r.status === 201)).toBe(true);
    for (const key of keys) {
      const answers = results.filter((r) => r.key === key);
      // one process created it, the two others were answered the stored response with the same id
      expect(answers.filter((r) => !r.replayed), key).toHaveLength(1);
      expect(new Set(answers.map((r) => r.body.id)).size, key).toBe(1);
    }
    expect((await getDb().select({ n: sql<number>`count(*)` }).from(consultations).get())!.n).toBe(before + keys.length);
  });

  it("lose no committed case and leave none half-written when a writing process is killed (kill -9)", async () => {
    const { tree, staff, mediator } = await setup();
    const job: Job = { op: "loop", userId: staff.id, unitId: tree.townA1.id, mediatorId: mediator.id };
    const children = [startChild(job), startChild(job)];
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.proc.stdin.write("go\n");
    // the victim is killed once it has committed a few cases, while it and its sibling keep writing
    await expect.poll(() => children[0].lines.length, { timeout: 60_000, interval: 20 }).toBeGreaterThanOrEqual(20);
    children[0].proc.kill("SIGKILL");
    await children[0].done;
    await expect.poll(() => children[1].lines.length, { timeout: 60_000, interval: 20 }).toBeGreaterThanOrEqual(children[1].lines.length + 10);
    children[1].proc.kill("SIGTERM");
    await children[1].done;

    const db = getDb();
    expect(db.$client.pragma("integrity_check", { simple: true })).toBe("ok");
    const reported = children.flatMap((c) => c.lines) as Array<{ id: number; caseNo: string; error?: unknown }>;
    expect(reported.filter((r) => r.error)).toEqual([]);
    const stored = await db.select({ id: mediations.id, caseNo: mediations.caseNo }).from(mediations).where(eq(mediations.unitId, tree.townA1.id)).all();
    const storedIds = new Set(stored.map((r) => r.id));
    // every case a process reported as saved is there
    expect(reported.filter((r) => !storedIds.has(r.id))).toEqual([]);
    // numbers run 1..n without a gap or a repeat (a transaction cut off by the kill took no number)
    expect(stored.map((r) => r.caseNo).sort()).toEqual(Array.from({ length: stored.length }, (_, i) => `（2024）猗氏调字第${String(i + 1).padStart(4, "0")}号`));
    // no case without its two parties and its mediator
    for (const m of stored) {
      expect(await db.select().from(mediationParties).where(eq(mediationParties.mediationId, m.id)).all(), m.caseNo).toHaveLength(2);
      expect(await db.select().from(mediationMediators).where(eq(mediationMediators.mediationId, m.id)).all(), m.caseNo).toHaveLength(1);
    }
    await expectCountersEqualRecount();
  });
});
