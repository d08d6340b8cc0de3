import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { count } from "drizzle-orm";
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
});
