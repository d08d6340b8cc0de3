/**
 * The blob store for documents: bytes addressed by their SHA-256, written once, never changed. The embedded default
 * keeps them in a directory (`<dir>/ab/cd/<sha256>`); another store (an S3-compatible object store, say) replaces
 * it by implementing the same three calls and being handed to `setBlobStore` at start-up.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { documentsDir } from "./env.server";

export interface BlobStore {
  /** Stores the bytes under their SHA-256; `created` is false when they were there already. */
  put(bytes: Uint8Array): Promise<{ sha256: string; created: boolean }>;
  /** The bytes, or null when no blob has that hash. */
  get(sha256: string): Promise<Buffer | null>;
  has(sha256: string): Promise<boolean>;
}

export function sha256Of(bytes: Uint8Array): string {
  return crypto.createHash("sha256").update(bytes).digest("hex");
}

const SHA = /^[0-9a-f]{64}$/;

/** The embedded store: one file per blob in a directory; written to a temporary name, then renamed into place. */
export class DirectoryBlobStore implements BlobStore {
  constructor(readonly dir: string) {}

  private fileOf(sha256: string) {
    if (!SHA.test(sha256)) throw new Error("not a sha256");
    return path.join(this.dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(bytes: Uint8Array) {
    const sha256 = sha256Of(bytes);
    const file = this.fileOf(sha256);
    if (fs.existsSync(file)) return { sha256, created: false };
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
    await fs.promises.writeFile(tmp, bytes, { flag: "wx" });
    await fs.promises.rename(tmp, file);
    return { sha256, created: true };
  }

  async get(sha256: string) {
    if (!SHA.test(sha256)) return null;
    try {
      return await fs.promises.readFile(this.fileOf(sha256));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
  }

  async has(sha256: string) {
    return SHA.test(sha256) && fs.existsSync(this.fileOf(sha256));
  }
}

let store: BlobStore | undefined;
let storeDir: string | undefined;

/** The process's blob store: the one set with `setBlobStore`, else the directory of DOCUMENTS_DIR. */
export function getBlobStore(): BlobStore {
  if (store) return store;
  const dir = documentsDir();
  if (!storeDir || storeDir !== dir) {
    storeDir = dir;
    defaultStore = new DirectoryBlobStore(dir);
  }
  return defaultStore!;
}
let defaultStore: DirectoryBlobStore | undefined;

/** Replaces the blob store (e.g. with an object store); `undefined` returns to the embedded directory. */
export function setBlobStore(s: BlobStore | undefined) {
  store = s;
}
