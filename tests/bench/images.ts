/**
 * `npx tsx tests/bench/images.ts [--mp 12]`: how long shrinking a phone photo (12 megapixels, 4000×3000 JPEG with
 * photo-like detail) takes, and how long the server's event loop is blocked meanwhile — before (Jimp on the main
 * thread) and after (app/utils/images.server.ts: Jimp in a worker thread). A 1 ms ticker stands in for other
 * requests; `monitorEventLoopDelay` gives the delay percentiles.
 */
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { Jimp } from "jimp";
import { imageVariants, shrinkOnThisThread, stopImageWorker } from "../../app/utils/images.server";

const mpArg = process.argv.indexOf("--mp");
const mp = mpArg > 0 ? Number(process.argv[mpArg + 1]) : 12;
const width = Math.round(Math.sqrt((mp * 1e6 * 4) / 3));
const height = Math.round((width * 3) / 4);

console.log(`Making a ${width}×${height} JPEG (${((width * height) / 1e6).toFixed(1)} MP)…`);
const img = new Jimp({ width, height, color: 0xffffffff });
const data = img.bitmap.data;
// smooth gradients with noise, like a photographed page: not a flat colour that compresses to nothing
let seed = 42;
for (let i = 0; i < data.length; i += 4) {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  const p = i / 4;
  const x = p % width;
  const y = (p / width) | 0;
  const n = seed & 31;
  data[i] = (200 + ((x >> 4) & 31) + n) & 255;
  data[i + 1] = (190 + ((y >> 4) & 31) + n) & 255;
  data[i + 2] = (170 + (((x + y) >> 5) & 31) + n) & 255;
}
const jpeg = Buffer.from(await img.getBuffer("image/jpeg", { quality: 90 }));
console.log(`JPEG: ${(jpeg.length / 1048576).toFixed(1)} MB\n`);

async function measure(label: string, run: () => Promise<unknown>) {
  const h = monitorEventLoopDelay({ resolution: 5 });
  let maxGap = 0;
  let last = performance.now();
  let ticks = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
    ticks++;
  }, 1);
  h.enable();
  const t0 = performance.now();
  await run();
  const ms = performance.now() - t0;
  h.disable();
  clearInterval(ticker);
  maxGap = Math.max(maxGap, performance.now() - last);
  const p = (q: number) => (h.percentile(q) / 1e6).toFixed(1);
  console.log(
    `${label.padEnd(34)} total ${ms.toFixed(0).padStart(6)} ms | event loop: longest stall ${maxGap.toFixed(0).padStart(6)} ms, delay p50 ${p(50)} ms, p99 ${p(99)} ms, max ${(h.max / 1e6).toFixed(0)} ms | 1 ms ticks served ${ticks}`,
  );
  return { ms, maxGap };
}

// warm both paths once (module loading, the worker's start), then measure
await shrinkOnThisThread(jpeg.subarray(0, 0)).catch(() => null);
await imageVariants(Buffer.from(await new Jimp({ width: 64, height: 48, color: 0x808080ff }).getBuffer("image/jpeg")));
const before = await measure("before: Jimp on the main thread", () => shrinkOnThisThread(jpeg));
const after = await measure("after: Jimp in a worker thread", async () => {
  const r = await imageVariants(jpeg);
  if (!r.ok || !r.view || !r.thumb) throw new Error("no copies made");
});
console.log(`\nEvent loop's longest stall: ${before.maxGap.toFixed(0)} ms → ${after.maxGap.toFixed(0)} ms (the image work itself takes as long; it no longer holds up other requests)`);
await stopImageWorker();
