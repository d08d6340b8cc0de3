import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { getDb, openDatabase } from "./db.server";
import { databasePath } from "./env.server";
import crypto from "node:crypto";
import os from "node:os";
import { backupDatabase, BackupError, checkFengqiaoFile, documentsFolderOf, referencedBlobs, restoreDatabase } from "./backup.server";
import { consultationData, makeActor, makeMediator, makeTree, mediationData, ok } from "../../tests/factories";
import { registerMediation } from "~/models/mediations.server";
import { uploadDocument } from "~/models/documents.server";
import { Jimp } from "jimp";
import { createConsultation } from "~/models/consultations.server";
import { readCounters } from "~/models/counters.server";
import { get } from "~/models/counting-rules";

const tmp = (name: string) => path.join(path.dirname(databasePath()), `${path.basename(databasePath(), ".db")}-${name}`);

describe("backups", () => {
  it("takes a consistent copy while the server writes: integrity ok, its figures equal a recount and lie between before and after", async () => {
    const db = getDb();
    const { countyA, townA1, villA1a } = await makeTree();
    const actor = await makeActor(countyA, "staff");
    const write = async (i: number) => await createConsultation({ actor, data: consultationData(i % 2 ? townA1.id : villA1a.id, { date: "2024-03-05", persons: 1 + (i % 3) }) });
    // enough pages that the copy takes several steps
    await db.transaction(async () => {
      for (let i = 0; i < 2000; i++) await write(i);
    });
    const records = async () => (await db.get<{ n: number }>(sql`SELECT count(*) AS n FROM consultations`))!.n;
    const before = await records();
    const target = tmp("backup.db");
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        expect((await write(written++)).ok).toBe(true);
        await new Promise((r) => setImmediate(r));
      }
    })();
    const started = backupDatabase({ source: databasePath(), target });
    // the writer runs between the backup's steps
    await new Promise((r) => setTimeout(r, 5));
    const result = await started;
    writing = false;
    await writer;
    expect(written).toBeGreaterThan(0);
    const after = await records();

    expect(checkFengqiaoFile(target)).toBeNull();
    const copy = new Database(target, { readonly: true });
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    const n = (copy.prepare("SELECT count(*) AS n FROM consultations").get() as { n: number }).n;
    const persons = (copy.prepare("SELECT coalesce(sum(persons), 0) AS p FROM consultations").get() as { p: number }).p;
    const counter = (copy.prepare(`SELECT coalesce(sum(value), 0) AS v FROM stat_counters WHERE unit_id = ? AND indicator = 'consultation.personTimes' AND dim = ''`).get(countyA.id) as { v: number }).v;
    copy.close();
    expect(n).toBeGreaterThanOrEqual(before);
    expect(n).toBeLessThanOrEqual(after);
    expect(result.figures.consultations).toBe(n);
    // the copy is one snapshot: its summary counters equal its raw rows
    expect(counter).toBe(persons);
    expect(get(await readCounters(db, countyA.id, 202403, 202403), "consultation.personTimes")).toBeGreaterThanOrEqual(counter);
  });

  it("restores a backup, keeping the current database aside, and refuses a file that is not a Fengqiao database", async () => {
    const backup = tmp("backup.db");
    const live = tmp("live.db");
    for (const f of fs.readdirSync(path.dirname(live))) if (f.startsWith(path.basename(live))) fs.rmSync(path.join(path.dirname(live), f));
    await backupDatabase({ source: databasePath(), target: live });
    const count = (file: string) => {
      const d = new Database(file, { readonly: true });
      const n = (d.prepare("SELECT count(*) AS n FROM consultations").get() as { n: number }).n;
      d.close();
      return n;
    };
    const inBackup = count(backup);
    const w = new Database(live);
    w.pragma("journal_mode = WAL");
    w.exec("DELETE FROM consultation_categories; DELETE FROM consultations WHERE id % 2 = 0");
    const changed = (w.prepare("SELECT count(*) AS n FROM consultations").get() as { n: number }).n;
    w.close();
    expect(changed).toBeLessThan(inBackup);

    // refusals: a text file, an SQLite file of another application; the live file stays as it was, nothing set aside
    const text = tmp("notes.db");
    fs.writeFileSync(text, "这不是数据库");
    await expect(restoreDatabase({ file: text, target: live })).rejects.toThrow(/不是枫桥数据库：它不是 SQLite 数据库文件/);
    const foreign = tmp("foreign.db");
    fs.rmSync(foreign, { force: true });
    const f = new Database(foreign);
    f.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
    f.close();
    await expect(restoreDatabase({ file: foreign, target: live })).rejects.toThrow(BackupError);
    await expect(restoreDatabase({ file: foreign, target: live })).rejects.toThrow(/不是枫桥数据库：缺少 __drizzle_migrations、units、users、audit_log 表/);
    await expect(restoreDatabase({ file: tmp("missing.db"), target: live })).rejects.toThrow(/找不到文件/);
    expect(count(live)).toBe(changed);
    expect(fs.readdirSync(path.dirname(live)).filter((x) => x.startsWith(`${path.basename(live)}.before-restore`))).toEqual([]);

    const r = await restoreDatabase({ file: backup, target: live });
    expect(r.figures.consultations).toBe(inBackup);
    expect(count(live)).toBe(inBackup);
    expect(r.aside).toMatch(/live\.db\.before-restore-\d{8}-\d{6}$/);
    expect(count(r.aside!)).toBe(changed);
    expect(checkFengqiaoFile(live)).toBeNull();
  });

  it("copies every document the copied database references, with the right SHA-256, while documents are being uploaded; restore puts them back", async () => {
    const store = fs.mkdtempSync(path.join(os.tmpdir(), "fq-backup-docs-"));
    process.env.DOCUMENTS_DIR = store;
    try {
      const tree = await makeTree();
      const staff = await makeActor(tree.townA1, "staff");
      const mediator = await makeMediator(tree.townA1.id);
      const { id: caseId } = ok(await registerMediation({ actor: staff, data: mediationData(tree.townA1.id, [mediator.id]) }));
      const pdf = (i: number) => Buffer.from(`%PDF-1.4\n% 调解协议书 第${i}份 ${"x".repeat(2000 + i)}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);
      const upload = (bytes: Buffer, name: string) =>
        uploadDocument({ actor: staff, data: { caseKind: "mediation", caseId, kind: "signed_agreement", title: "" }, fileName: name, bytes });
      // a photo (original, view copy and thumbnail) and some scans before the backup
      ok(await upload(Buffer.from(await new Jimp({ width: 2000, height: 1500, color: 0x3366ccff }).getBuffer("image/jpeg")), "协议照片.jpg"));
      for (let i = 0; i < 20; i++) ok(await upload(pdf(i), `扫描件${i}.pdf`));

      const target = tmp("docs-backup.db");
      let writing = true;
      let uploaded = 20;
      const writer = (async () => {
        while (writing) {
          ok(await upload(pdf(uploaded), `扫描件${uploaded}.pdf`));
          uploaded++;
          await new Promise((r) => setImmediate(r));
        }
      })();
      const result = await backupDatabase({ source: databasePath(), target, documentsDir: store });
      writing = false;
      await writer;
      expect(uploaded).toBeGreaterThan(20);

      const folder = documentsFolderOf(target);
      expect(result.documents).toMatchObject({ folder, missing: [] });
      const shas = referencedBlobs(target);
      // the photo's three blobs, the scans the snapshot holds; each one in the copy with its own hash
      expect(shas.length).toBeGreaterThanOrEqual(23);
      expect(result.documents!.blobs).toBe(shas.length);
      for (const sha of shas) {
        const bytes = fs.readFileSync(path.join(folder, sha.slice(0, 2), sha.slice(2, 4), sha));
        expect(crypto.createHash("sha256").update(bytes).digest("hex")).toBe(sha);
      }
      // nothing else in the copy: the blobs of uploads after the snapshot are left out
      const inCopy = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? inCopy(path.join(d, e.name)) : [e.name]));
      expect(inCopy(folder).sort()).toEqual(shas);
      const copy = new Database(target, { readonly: true });
      const rows = (copy.prepare("SELECT count(*) AS n FROM documents").get() as { n: number }).n;
      copy.close();
      expect(rows).toBeGreaterThanOrEqual(21);
      expect(rows).toBeLessThanOrEqual(uploaded + 1);

      // restore into an empty store: every referenced blob comes back
      const emptyStore = fs.mkdtempSync(path.join(os.tmpdir(), "fq-restore-docs-"));
      const live = tmp("docs-live.db");
      for (const f of fs.readdirSync(path.dirname(live))) if (f.startsWith(path.basename(live))) fs.rmSync(path.join(path.dirname(live), f));
      const r = await restoreDatabase({ file: target, target: live, documentsDir: emptyStore });
      expect(r.documents).toEqual({ restored: shas.length, missing: [] });
      expect(inCopy(emptyStore).sort()).toEqual(shas);
      // a backup whose folder is gone: the restore says which blobs it could not bring back
      fs.rmSync(folder, { recursive: true });
      const again = await restoreDatabase({ file: target, target: live, documentsDir: fs.mkdtempSync(path.join(os.tmpdir(), "fq-restore-docs-")) });
      expect(again.documents!.missing).toEqual(shas);
    } finally {
      delete process.env.DOCUMENTS_DIR;
    }
  });

  it("refuses a backup when a stored document does not match its SHA-256 (a damaged store), leaving no partial copy", async () => {
    const store = fs.mkdtempSync(path.join(os.tmpdir(), "fq-backup-bad-"));
    process.env.DOCUMENTS_DIR = store;
    try {
      const tree = await makeTree();
      const staff = await makeActor(tree.townA1, "staff");
      const { id: caseId } = ok(await registerMediation({ actor: staff, data: mediationData(tree.townA1.id, [(await makeMediator(tree.townA1.id)).id]) }));
      const { sha256 } = ok(
        await uploadDocument({ actor: staff, data: { caseKind: "mediation", caseId, kind: "other", title: "" }, fileName: "a.pdf", bytes: Buffer.from("%PDF-1.4\n% 损坏测试\n%%EOF\n") }),
      );
      fs.writeFileSync(path.join(store, sha256.slice(0, 2), sha256.slice(2, 4), sha256), "damaged");
      const target = tmp("bad-backup.db");
      fs.rmSync(target, { force: true });
      await expect(backupDatabase({ source: databasePath(), target, documentsDir: store })).rejects.toThrow(/内容与其 SHA-256 不符/);
      expect(fs.existsSync(target)).toBe(false);
      expect(fs.existsSync(`${target}.partial`)).toBe(false);
      expect(fs.existsSync(`${documentsFolderOf(target)}.partial`)).toBe(false);
    } finally {
      delete process.env.DOCUMENTS_DIR;
    }
  });
});
