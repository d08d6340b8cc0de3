/**
 * Smaller copies of an uploaded photo or scan for viewing (the original is always kept): a view copy at most
 * 1600 px and a thumbnail at most 240 px, JPEG. Jimp is pure JavaScript (no native binaries to download), but it
 * decodes and scales on the thread that calls it: a 12-megapixel phone photo takes seconds of CPU. So the work is
 * done in a worker thread (node:worker_threads), one image at a time, and the server's event loop stays free for
 * other requests meanwhile (tests/bench/images.ts measures both). The upload waits for the result, so a corrupt
 * image is still refused before anything is stored. Images above MAX_PREVIEW_PIXELS are kept without copies.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { imageSize } from "./file-sniff.server";

export const VIEW_MAX_PX = 1600;
export const THUMB_MAX_PX = 240;
export const MAX_PREVIEW_PIXELS = 40_000_000;
/** A decode that takes longer than this is abandoned (the worker is replaced); the image is kept without copies. */
export const IMAGE_JOB_TIMEOUT_MS = 120_000;

export type ImageVariants =
  | { ok: true; width: number; height: number; view: Buffer | null; thumb: Buffer | null }
  | { ok: false; error: string };

type Job = { bytes: Uint8Array; view: number; thumb: number };
type Answer = { ok: true; width: number; height: number; view: Uint8Array | null; thumb: Uint8Array | null } | { ok: false };

/** Decodes once, then scales down for the view copy and the thumbnail; exported for the bench's main-thread run. */
export async function shrinkOnThisThread(bytes: Uint8Array, Jimp = jimpClass()): Promise<Answer> {
  try {
    const img = await Jimp.read(Buffer.from(bytes));
    const { width, height } = img.bitmap;
    const view = Math.max(width, height) > VIEW_MAX_PX ? await img.clone().scaleToFit({ w: VIEW_MAX_PX, h: VIEW_MAX_PX }).getBuffer("image/jpeg", { quality: 80 }) : null;
    const thumb = Math.max(width, height) <= THUMB_MAX_PX ? null : await img.clone().scaleToFit({ w: THUMB_MAX_PX, h: THUMB_MAX_PX }).getBuffer("image/jpeg", { quality: 75 });
    return { ok: true, width, height, view, thumb };
  } catch {
    return { ok: false };
  }
}

const requireCjs = createRequire(import.meta.url);
function jimpClass(): typeof import("jimp").Jimp {
  return (requireCjs("jimp") as typeof import("jimp")).Jimp;
}

/** The worker's code (CommonJS, run with `eval`: the server bundle has no separate file to point a worker at). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { Jimp } = require(workerData.jimp);
parentPort.on("message", async ({ id, bytes, view: VIEW, thumb: THUMB }) => {
  try {
    const img = await Jimp.read(Buffer.from(bytes));
    const { width, height } = img.bitmap;
    const view = Math.max(width, height) > VIEW ? await img.clone().scaleToFit({ w: VIEW, h: VIEW }).getBuffer("image/jpeg", { quality: 80 }) : null;
    const thumb = Math.max(width, height) <= THUMB ? null : await img.clone().scaleToFit({ w: THUMB, h: THUMB }).getBuffer("image/jpeg", { quality: 75 });
    parentPort.postMessage({ id, answer: { ok: true, width, height, view, thumb } });
  } catch {
    parentPort.postMessage({ id, answer: { ok: false } });
  }
});
`;

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, { resolve: (a: Answer | "timeout") => void; timer: NodeJS.Timeout }>();
/** one image at a time in the worker: the machine's other core serves requests */
let queue: Promise<unknown> = Promise.resolve();

function getWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { jimp: requireCjs.resolve("jimp") } });
  w.unref(); // never keeps the process alive on its own
  w.on("message", ({ id, answer }: { id: number; answer: Answer }) => {
    const p = pending.get(id);
    if (!p) return;
    clearTimeout(p.timer);
    pending.delete(id);
    p.resolve(answer);
  });
  const fail = () => {
    if (worker === w) worker = null;
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      pending.delete(id);
      p.resolve({ ok: false });
    }
  };
  w.on("error", fail);
  w.on("exit", fail);
  worker = w;
  return w;
}

function inWorker(job: Job): Promise<Answer | "timeout"> {
  const run = () =>
    new Promise<Answer | "timeout">((resolve) => {
      const w = getWorker();
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        resolve("timeout");
        if (worker === w) worker = null;
        void w.terminate();
      }, IMAGE_JOB_TIMEOUT_MS);
      pending.set(id, { resolve, timer });
      w.postMessage({ id, ...job });
    });
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}

export async function imageVariants(bytes: Uint8Array): Promise<ImageVariants> {
  const size = imageSize(bytes);
  if (!size || size.width === 0 || size.height === 0) return { ok: false, error: "err.doc.corruptImage" };
  if (size.width * size.height > MAX_PREVIEW_PIXELS) return { ok: true, ...size, view: null, thumb: null };
  const a = await inWorker({ bytes, view: VIEW_MAX_PX, thumb: THUMB_MAX_PX });
  if (a === "timeout") return { ok: true, ...size, view: null, thumb: null };
  if (!a.ok) return { ok: false, error: "err.doc.corruptImage" };
  const buf = (b: Uint8Array | null) => (b ? Buffer.from(b.buffer, b.byteOffset, b.byteLength) : null);
  return { ok: true, width: a.width, height: a.height, view: buf(a.view), thumb: buf(a.thumb) };
}

/** Stops the worker (tests and benches that want their process to end at once; it is unref'd anyway). */
export async function stopImageWorker() {
  const w = worker;
  worker = null;
  if (w) await w.terminate();
}
