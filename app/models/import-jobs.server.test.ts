/**
 * Import jobs: the upload answers at once and a worker thread imports; the job shows its progress and then the
 * same result as an inline import; a bad row anywhere imports nothing; a job stopped mid-way (its worker killed,
 * or the server restarted) shows as interrupted and wrote nothing; the server's own thread stays free meanwhile.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import Database from "better-sqlite3";
import { getDb } from "~/utils/db.server";
import { mediators } from "../../db/schema";
import { makeActor, makeTree } from "../../tests/factories";
import { IMPORT_SHEETS } from "~/schemas/import";
import { forgetRunningJobs, getImportJob, INTERRUPTED_MESSAGE, killImportJob, listImportJobs, startImportJob, startImportUpload, waitForImportJob } from "./import-jobs.server";
import { readCounters, recountRaw } from "./counters.server";
import { onPostgres } from "../../tests/setup/engine";

let tree: Awaited<ReturnType<typeof makeTree>>;
let head: Awaited<ReturnType<typeof makeActor>>;

beforeAll(async () => {
  tree = await makeTree();
  head = await makeActor(tree.countyA, "centre_head");
  await getDb().insert(mediators).values({ unitId: tree.townA1.id, name: "张调解", startOn: "2015-01-01" }).run();
});

const headers = IMPORT_SHEETS.mediation.columns.map((c) => c.header);
function csv(n: number, prefix: string, bad?: number) {
  const rows = [];
  for (let i = 0; i < n; i++) {
    const r: Record<string, string> = {
      外部编号: `${prefix}${i}`,
      调委会编码: tree.townA1.code,
      受理日期: "2024-03-05",
      纠纷来源: "当事人申请",
      纠纷类型: "邻里",
      纠纷简要情况: "两户因院墙排水发生争执",
      涉及人数: "2",
      调解员: "张调解",
      申请人姓名: "李某",
      被申请人姓名: "赵某",
      结案日期: "2024-03-20",
      调解结果: "调解成功",
      协议形式: "口头协议",
      协议内容: "当场道歉",
      履行情况: "即时履行",
    };
    // a history that contradicts itself: concluded before it was registered
    if (i === bad) r.结案日期 = "2024-03-01";
    rows.push(headers.map((h) => r[h] ?? "").join(","));
  }
  return Buffer.from(`\uFEFF${[headers.join(","), ...rows].join("\r\n")}\r\n`, "utf8");
}
const count = async () => (await getDb().get<{ n: number }>(sql`SELECT count(*) AS n FROM mediations`))!.n;

const ROWS = 3000;

describe("import jobs", () => {
  it("answers at once, shows progress while the worker writes, then the result; counters equal a recount", async () => {
    // enough rows that the write outlasts a few of the worker's progress posts (every 100 ms) on a fast machine
    const started = await startImportJob({ actor: head, fileName: "history.csv", data: csv(ROWS, "J") });
    if (!started.ok) throw new Error(started.message);
    // a second upload while it runs is told so, with the running job
    expect(await startImportJob({ actor: head, fileName: "again.csv", data: csv(1, "K") })).toMatchObject({ ok: false, status: 409, runningJobId: started.jobId });
    expect(await getImportJob({ actor: head, id: started.jobId })).toMatchObject({ state: "running", fileName: "history.csv" });
    // the server's thread is free: it sees the worker's progress grow while the rows go in
    const seen: number[] = [];
    for (;;) {
      const job = (await getImportJob({ actor: head, id: started.jobId }))!;
      if (job.state !== "running") break;
      if (job.progress?.phase === "write") seen.push(job.progress.done);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(seen.some((n) => n > 0 && n < ROWS)).toBe(true);
    // its end is committed; the worker posts "done" once its commit (and the WAL checkpoint after it) returned
    await waitForImportJob(started.jobId);
    const job = (await getImportJob({ actor: head, id: started.jobId }))!;
    expect(job).toMatchObject({ state: "done", error: null, result: { ok: true, imported: { mediation: ROWS } } });
    expect(await count()).toBe(ROWS);
    expect((await listImportJobs({ actor: head })).map((j) => j.id)).toContain(started.jobId);
    // another user does not see it
    expect(await getImportJob({ actor: await makeActor(tree.countyA, "centre_head"), id: started.jobId })).toBeNull();
    const db = getDb();
    const counters = await readCounters(db, tree.countyA.id, 202401, 202412);
    const raw = await recountRaw(db, { path: tree.countyA.path, from: "2024-01-01", to: "2024-12-31" });
    const nonZero = (x: Map<string, number>) => new Map([...x].filter(([, v]) => v !== 0));
    expect(nonZero(counters)).toEqual(nonZero(raw));
  });

  it("a bad row near the end imports nothing, and the job shows the row and the reason", async () => {
    const before = await count();
    const started = await startImportJob({ actor: head, fileName: "bad.csv", data: csv(400, "B", 398) });
    if (!started.ok) throw new Error(started.message);
    await waitForImportJob(started.jobId);
    const job = (await getImportJob({ actor: head, id: started.jobId }))!;
    expect(job.state).toBe("rejected");
    expect(job.result).toMatchObject({ ok: false, imported: {} });
    expect(job.result!.issues).toEqual([expect.objectContaining({ row: 400, message: expect.any(String) })]);
    expect(await count()).toBe(before);
  });

  it("a job stopped mid-way (worker killed, server restarted) shows as interrupted and wrote nothing", async () => {
    const before = await count();
    const started = await startImportJob({ actor: head, fileName: "stopped.csv", data: csv(3000, "S") });
    if (!started.ok) throw new Error(started.message);
    for (;;) {
      const p = (await getImportJob({ actor: head, id: started.jobId }))!.progress;
      if (p?.phase === "write" && p.done > 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await killImportJob(started.jobId);
    await waitForImportJob(started.jobId);
    expect(await count()).toBe(before);
    expect(await getImportJob({ actor: head, id: started.jobId })).toMatchObject({ state: "failed", error: expect.stringContaining("没有写入任何数据") });

    // a job a previous server process left "running": interrupted, with the message
    const orphan = (await getDb().get<{ id: number }>(sql`INSERT INTO import_jobs (user_id, file_name, state, runner) VALUES (${head.id}, 'old.csv', 'running', '1:1') RETURNING id`))!;
    forgetRunningJobs();
    expect(await getImportJob({ actor: head, id: orphan.id })).toMatchObject({ state: "failed", error: INTERRUPTED_MESSAGE });
    expect((await getDb().get<{ state: string }>(sql`SELECT state FROM import_jobs WHERE id = ${orphan.id}`))!.state).toBe("failed");
  });

  // SQLite only: its database-wide write lock held by another connection (PostgreSQL has no such lock: an upload goes ahead)
  it.skipIf(onPostgres)("an upload while another process holds the write lock is told at once, and the server's thread does not wait", async () => {
    const other = new Database(getDb().$client.name);
    other.pragma("busy_timeout = 0");
    other.exec("BEGIN IMMEDIATE");
    try {
      // without waiting out the bounded wait: a 409 with the reason, not a 503 after it
      expect(await startImportJob({ actor: head, fileName: "locked.csv", data: csv(1, "L") })).toMatchObject({ ok: false, status: 409, message: expect.stringContaining("导入") });
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    expect((await getDb().get<{ n: number }>(sql`SELECT count(*) AS n FROM import_jobs WHERE file_name = 'locked.csv'`))!.n).toBe(0);
  });

  it("a job another live process of the server runs (a cluster) is shown running there, and a new upload waits for it", async () => {
    forgetRunningJobs();
    // the parent of this test process stands for a sibling server process: alive, started before the job
    const sibling = `${process.ppid}:${Date.now()}`;
    const job = (await getDb().get<{ id: number }>(sql`INSERT INTO import_jobs (user_id, file_name, state, runner) VALUES (${head.id}, 'sibling.csv', 'running', ${sibling}) RETURNING id`))!;
    expect(await getImportJob({ actor: head, id: job.id })).toMatchObject({ state: "running", error: null, progress: null });
    expect(await startImportJob({ actor: head, fileName: "next.csv", data: csv(1, "Q") })).toMatchObject({ ok: false, status: 409, runningJobId: job.id });
    // once that process is gone (a pid no process has), the job shows as interrupted and uploads go ahead
    await getDb().run(sql`UPDATE import_jobs SET runner = ${"4194303:" + Date.now()} WHERE id = ${job.id}`);
    expect(await getImportJob({ actor: head, id: job.id })).toMatchObject({ state: "failed", error: INTERRUPTED_MESSAGE });
    const started = await startImportJob({ actor: head, fileName: "next.csv", data: csv(1, "Q") });
    if (!started.ok) throw new Error(started.message);
    await waitForImportJob(started.jobId);
    expect(await getImportJob({ actor: head, id: started.jobId })).toMatchObject({ state: "done" });
  });

  it("an upload whose form the server already read (app/serve.js) starts the job from that form, without reading the body again", async () => {
    forgetRunningJobs();
    const form = new FormData();
    form.append("file", new File([csv(2, "F")], "read-once.csv", { type: "text/csv" }));
    const request = new Request("http://localhost/import/upload", { method: "POST", body: form });
    // the server's own check consumed the body: reading it again would fail
    const read = await request.formData();
    const started = await startImportUpload({ actor: head, request, form: read });
    if (!("jobId" in started)) throw new Error(JSON.stringify(started));
    await waitForImportJob(started.jobId);
    expect(await getImportJob({ actor: head, id: started.jobId })).toMatchObject({ state: "done", fileName: "read-once.csv", result: { imported: { mediation: 2 } } });
  });

  it("two uploads at the same moment start one job; the other is told an import is running", async () => {
    forgetRunningJobs();
    // the first one's checks await (the other processes' jobs, its job's row): the second must not pass meanwhile
    const answers = await Promise.all([
      startImportJob({ actor: head, fileName: "same-moment-1.csv", data: csv(2, "M") }),
      startImportJob({ actor: head, fileName: "same-moment-2.csv", data: csv(2, "N") }),
    ]);
    const started = answers.flatMap((a) => (a.ok ? [a.jobId] : []));
    expect(started).toHaveLength(1);
    expect(answers.find((a) => !a.ok)).toMatchObject({ ok: false, status: 409 });
    await waitForImportJob(started[0]);
    expect(await getImportJob({ actor: head, id: started[0] })).toMatchObject({ state: "done" });
  });
});
