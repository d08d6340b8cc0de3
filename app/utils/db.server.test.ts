import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { createConsultation } from "~/models/consultations.server";
import { consultations, sessions } from "../../db/schema";
import { makeActor, makeTree, consultationData } from "../../tests/factories";
import { BUSY_MESSAGE, getDb } from "./db.server";
import { databasePath } from "./env.server";

// a short wait so the test does not take long; production waits DB_BUSY_TIMEOUT_MS (2.5 s) twice
process.env.DB_BUSY_TIMEOUT_MS = "300";

/** Another process (as `npm run import` is) that takes the write lock and keeps it until told to commit. */
async function holdWriteLock(file: string) {
  const script = `
    const Database = require(${JSON.stringify(path.resolve("node_modules/better-sqlite3"))});
    const db = new Database(process.argv[1]);
    db.pragma("busy_timeout = 5000");
    db.exec("BEGIN IMMEDIATE");
    db.exec("CREATE TABLE IF NOT EXISTS held_lock (x)");
    db.exec("INSERT INTO held_lock VALUES (1)");
    process.stdout.write("locked\\n");
    process.stdin.once("data", () => { db.exec("COMMIT"); db.close(); process.exit(0); });
  `;
  const child = spawn(process.execPath, ["-e", script, file], { stdio: ["pipe", "pipe", "inherit"] });
  let out = "";
  while (!out.includes("locked")) {
    const [chunk] = (await once(child.stdout!, "data")) as [Buffer];
    out += chunk.toString();
  }
  return {
    async release() {
      child.stdin!.write("go\n");
      await once(child, "exit");
    },
  };
}

describe("the database connection", () => {
  it("commits with synchronous=FULL in WAL mode, so a power cut cannot lose a saved record", () => {
    const client = getDb().$client;
    expect(client.pragma("synchronous", { simple: true })).toBe(2); // FULL
    expect(client.pragma("journal_mode", { simple: true })).toBe("wal");
  });

  it("answers 503 with a Chinese message, not 'database is locked', while another process holds the write lock", async () => {
    const tree = await makeTree();
    const actor = await makeActor(tree.townA1, "staff");
    const before = (await getDb().select({ n: count() }).from(consultations).get())!.n;
    const other = await holdWriteLock(path.resolve(databasePath()));
    let thrown: unknown;
    try {
      try {
        await createConsultation({ actor, data: consultationData(tree.townA1.id) });
      } catch (e) {
        thrown = e;
      }
    } finally {
      await other.release();
    }
    expect(thrown).toBeInstanceOf(Response);
    const res = thrown as Response;
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBeTruthy();
    expect(await res.json()).toEqual({ error: "busy", message: BUSY_MESSAGE });
    expect(BUSY_MESSAGE).toMatch(/请稍后重试/);
    // nothing half-written, and once the other process has committed the same write goes through
    expect((await getDb().select({ n: count() }).from(consultations).get())!.n).toBe(before);
    const ok = await createConsultation({ actor, data: consultationData(tree.townA1.id) });
    expect(ok.ok).toBe(true);
  });

  it("answers 503 for a single statement outside a transaction too", async () => {
    const tree = await makeTree();
    const actor = await makeActor(tree.townA1, "staff");
    const other = await holdWriteLock(path.resolve(databasePath()));
    let thrown: unknown;
    try {
      await getDb().insert(sessions).values({ id: "lonely-write", userId: actor.id, expiresAt: new Date().toISOString() }).run();
    } catch (e) {
      thrown = e;
    } finally {
      await other.release();
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(503);
  });

  it("keeps other requests out of an open transaction: their reads see the last commit, their transactions wait their turn", async () => {
    const tree = await makeTree();
    const actor = await makeActor(tree.townA1, "staff");
    const db = getDb();
    const expiresAt = new Date(Date.now() + 3600_000).toISOString();
    const order: string[] = [];
    let started!: () => void;
    const inside = new Promise<void>((resolve) => (started = resolve));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // one request's transaction writes, then waits for something outside the database (a real wait: others run)
    const first = db.transaction(async (tx) => {
      await tx.insert(sessions).values({ id: "first-tx", userId: actor.id, expiresAt }).run();
      started();
      await held;
      order.push("first");
    });
    await inside;
    // another request meanwhile: its read sees what was committed, not the open transaction's row
    expect(await db.select().from(sessions).where(eq(sessions.id, "first-tx")).get()).toBeUndefined();
    // its transaction waits for the first to end
    const second = db.transaction(async (tx) => {
      order.push("second");
      return await tx.select().from(sessions).where(eq(sessions.id, "first-tx")).get();
    });
    // and a write outside any transaction is refused, not slipped into the open one
    await expect((async () => await db.insert(sessions).values({ id: "stray", userId: actor.id, expiresAt }).run())()).rejects.toThrow(/另一事务正在进行/);
    expect(order).toEqual([]);
    release();
    await first;
    const seen = await second;
    expect(order).toEqual(["first", "second"]);
    expect(seen?.id).toBe("first-tx");
    expect(await db.select().from(sessions).where(eq(sessions.id, "stray")).get()).toBeUndefined();
  });

  it("rolls back a transaction whose callback fails after awaiting, and the next one runs", async () => {
    const tree = await makeTree();
    const actor = await makeActor(tree.townA1, "staff");
    const db = getDb();
    const expiresAt = new Date(Date.now() + 3600_000).toISOString();
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(sessions).values({ id: "rolled-back", userId: actor.id, expiresAt }).run();
        await new Promise((resolve) => setImmediate(resolve));
        throw new Error("refused later");
      }),
    ).rejects.toThrow("refused later");
    expect(await db.select().from(sessions).where(eq(sessions.id, "rolled-back")).get()).toBeUndefined();
    await db.transaction(async (tx) => await tx.insert(sessions).values({ id: "after", userId: actor.id, expiresAt }).run());
    expect((await db.select().from(sessions).where(eq(sessions.id, "after")).get())?.id).toBe("after");
  });
});
