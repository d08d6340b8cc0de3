/**
 * Backups of the SQLite file while the server runs (`npm run backup -- <file>`), and putting one back
 * (`npm run restore -- <file>`, server stopped). The copy uses SQLite's online backup API (better-sqlite3's
 * `db.backup()`): the pages after the first step are copied in one step, inside one read transaction, so the copy
 * is a consistent snapshot even while the server writes (WAL lets the writer go on). Each copy is checked with
 * `PRAGMA integrity_check` and turned into a self-contained file (journal_mode DELETE).
 *
 * Documents (卷宗材料) live outside the database, content-addressed (app/utils/storage.server.ts). A backup also
 * copies, into the sibling folder `<backup>.documents/`, every blob the COPIED database references (originals, view
 * copies, thumbnails), each checked against its SHA-256. This is consistent without stopping uploads: a blob is
 * written before the row that names it is committed, and never changed afterwards, so every blob named by the
 * snapshot is already complete on disk. A restore puts the blobs back beside the restored database (adding only,
 * never deleting: blobs of later uploads stay, unreferenced).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

export class BackupError extends Error {}

/** The tables that make a file a Fengqiao database, and the figures a backup reports. */
const REQUIRED_TABLES = ["__drizzle_migrations", "units", "users", "audit_log"];
const COUNTED = ["units", "users", "consultations", "mediations", "legal_aid_cases", "audit_log"] as const;
export type DatabaseFigures = Record<(typeof COUNTED)[number], number> & { migrations: number };

function figuresOf(db: Database.Database): DatabaseFigures {
  const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name));
  const out = { migrations: (db.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get() as { n: number }).n } as DatabaseFigures;
  for (const t of COUNTED) out[t] = tables.has(t) ? (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n : 0;
  return out;
}

/**
 * Why a file is not a usable Fengqiao database (a Chinese sentence), or null when it is one: an SQLite file that
 * passes the integrity check and holds the application's tables.
 */
export function checkFengqiaoFile(file: string): string | null {
  if (!fs.existsSync(file)) return `找不到文件 ${file}`;
  const fd = fs.openSync(file, "r");
  const header = Buffer.alloc(16);
  fs.readSync(fd, header, 0, 16, 0);
  fs.closeSync(fd);
  if (header.toString("latin1") !== "SQLite format 3\0") return `文件 ${file} 不是枫桥数据库：它不是 SQLite 数据库文件`;
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name));
    const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
    if (missing.length) return `文件 ${file} 不是枫桥数据库：缺少 ${missing.join("、")} 表`;
    const check = db.pragma("integrity_check", { simple: true });
    if (check !== "ok") return `文件 ${file} 已损坏（完整性检查未通过：${String(check).slice(0, 200)}），不能使用`;
    return null;
  } catch (e) {
    return `文件 ${file} 无法作为数据库打开（${(e as Error).message}），不是可用的枫桥数据库`;
  } finally {
    db?.close();
  }
}

/** The folder beside a backup file that holds its documents' blobs. */
export const documentsFolderOf = (backupFile: string) => `${backupFile}.documents`;

const SHA = /^[0-9a-f]{64}$/;
const blobPath = (dir: string, sha256: string) => path.join(dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);

/** Every blob a database file references (documents' originals, view copies and thumbnails), sorted. */
export function referencedBlobs(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'documents'").get();
    if (!has) return [];
    const rows = db.prepare("SELECT sha256 AS s FROM documents UNION SELECT view_sha256 FROM documents UNION SELECT thumb_sha256 FROM documents").all() as Array<{ s: string | null }>;
    return rows.map((r) => r.s).filter((s): s is string => !!s && SHA.test(s)).sort();
  } finally {
    db.close();
  }
}

async function hashFile(file: string): Promise<string> {
  const h = crypto.createHash("sha256");
  for await (const chunk of fs.createReadStream(file)) h.update(chunk as Buffer);
  return h.digest("hex");
}

/**
 * Copies the listed blobs from one store directory to another, each checked against its SHA-256 (a copy that does
 * not match is refused). Blobs already present (and correct) in `to` are kept. Returns what was copied; `missing`
 * are blobs that `from` does not hold.
 */
export async function copyBlobs({ shas, from, to }: { shas: string[]; from: string; to: string }) {
  let copied = 0;
  let bytes = 0;
  const missing: string[] = [];
  for (const sha of shas) {
    const src = blobPath(from, sha);
    const dst = blobPath(to, sha);
    if (!fs.existsSync(src)) {
      missing.push(sha);
      continue;
    }
    if (fs.existsSync(dst) && (await hashFile(dst)) === sha) continue;
    fs.mkdirSync(path.dirname(dst), { recursive: true });
    const tmp = `${dst}.${process.pid}.tmp`;
    fs.copyFileSync(src, tmp);
    const got = await hashFile(tmp);
    if (got !== sha) {
      fs.rmSync(tmp, { force: true });
      throw new BackupError(`文档 ${sha.slice(0, 12)}… 的内容与其 SHA-256 不符（存储中的文件已损坏），备份未完成`);
    }
    fs.renameSync(tmp, dst);
    copied++;
    bytes += fs.statSync(dst).size;
  }
  return { copied, bytes, missing };
}

export type DocumentsCopy = { folder: string; blobs: number; bytes: number; missing: string[] };

/** Copies `source` (possibly in use by the server) to `target` consistently; returns the copy's figures. */
export async function backupDatabase({
  source,
  target,
  documentsDir,
}: {
  source: string;
  target: string;
  /** the document store's directory: its blobs referenced by the copy go to `<target>.documents/` */
  documentsDir?: string;
}): Promise<{ target: string; bytes: number; figures: DatabaseFigures; documents: DocumentsCopy | null }> {
  const why = checkFengqiaoFile(source);
  if (why) throw new BackupError(why);
  if (path.resolve(source) === path.resolve(target)) throw new BackupError("备份文件不能与数据库是同一个文件");
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  const src = new Database(source, { fileMustExist: true });
  try {
    src.pragma("busy_timeout = 5000");
    // after the first step of 100 pages, everything left in one step: one read transaction, one snapshot
    await src.backup(partial, { progress: () => 1 << 30 });
  } finally {
    src.close();
  }
  const copy = new Database(partial);
  let figures: DatabaseFigures;
  try {
    copy.pragma("journal_mode = DELETE");
    const check = copy.pragma("integrity_check", { simple: true });
    if (check !== "ok") throw new BackupError(`备份副本未通过完整性检查：${String(check).slice(0, 200)}`);
    figures = figuresOf(copy);
  } catch (e) {
    copy.close();
    fs.rmSync(partial, { force: true });
    throw e;
  }
  copy.close();
  let documents: DocumentsCopy | null = null;
  if (documentsDir) {
    // the blobs named by the snapshot, into a fresh folder that replaces any older one only when complete
    const folder = documentsFolderOf(target);
    const partialFolder = `${folder}.partial`;
    fs.rmSync(partialFolder, { recursive: true, force: true });
    fs.mkdirSync(partialFolder, { recursive: true });
    try {
      const shas = referencedBlobs(partial);
      const r = await copyBlobs({ shas, from: documentsDir, to: partialFolder });
      documents = { folder, blobs: shas.length - r.missing.length, bytes: r.bytes, missing: r.missing };
    } catch (e) {
      fs.rmSync(partialFolder, { recursive: true, force: true });
      fs.rmSync(partial, { force: true });
      throw e;
    }
    fs.rmSync(folder, { recursive: true, force: true });
    fs.renameSync(partialFolder, folder);
  }
  fs.renameSync(partial, target);
  return { target, bytes: fs.statSync(target).size, figures, documents };
}

function stamp(d = new Date()) {
  return d.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
}

/**
 * Puts a backup back as the database `target` (the server must be stopped). Refuses a file that is not a Fengqiao
 * database. The current database is first kept aside, as a consistent copy named `<target>.before-restore-<time>`.
 */
export async function restoreDatabase({
  file,
  target,
  documentsDir,
}: {
  file: string;
  target: string;
  /** the document store's directory: the blobs of `<file>.documents/` are put back there (added, nothing removed) */
  documentsDir?: string;
}): Promise<{ aside: string | null; figures: DatabaseFigures; documents: { restored: number; missing: string[] } | null }> {
  const why = checkFengqiaoFile(file);
  if (why) throw new BackupError(why);
  if (path.resolve(file) === path.resolve(target)) throw new BackupError("要恢复的文件就是当前数据库本身");
  let aside: string | null = null;
  if (fs.existsSync(target)) {
    aside = `${target}.before-restore-${stamp()}`;
    if (checkFengqiaoFile(target) === null) await backupDatabase({ source: target, target: aside });
    else fs.copyFileSync(target, aside);
  }
  // the documents first: a database whose blobs are missing is worse than blobs without a database
  let documents: { restored: number; missing: string[] } | null = null;
  if (documentsDir) {
    const shas = referencedBlobs(file);
    const folder = documentsFolderOf(file);
    const r = await copyBlobs({ shas, from: folder, to: documentsDir });
    // a blob absent from the backup folder may still be in the store already (a restore over the same server)
    const missing = r.missing.filter((sha) => !fs.existsSync(blobPath(documentsDir, sha)));
    documents = { restored: r.copied, missing };
  }
  const incoming = `${target}.restoring`;
  fs.copyFileSync(file, incoming);
  const db = new Database(incoming);
  const figures = figuresOf(db);
  db.pragma("journal_mode = DELETE");
  db.close();
  for (const f of [`${target}-wal`, `${target}-shm`]) fs.rmSync(f, { force: true });
  fs.renameSync(incoming, target);
  return { aside, figures, documents };
}
