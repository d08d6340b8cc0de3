/**
 * Helper of tests/bench/import-history.ts: in its own process, reads the first page of the disputes list (the
 * model call behind /mediations) every 20 ms until stdin closes, then prints the latencies as JSON.
 */
import { performance } from "node:perf_hooks";

const actor = JSON.parse(process.argv[2]);
const { listMediations } = await import("../../app/models/mediations.server");
const times: number[] = [];
let running = true;
process.stdin.on("end", () => (running = false));
process.stdin.resume();
await listMediations({ actor, filters: {} });
process.stdout.write("ready\n");
while (running) {
  const t0 = performance.now();
  await listMediations({ actor, filters: {} });
  times.push(performance.now() - t0);
  await new Promise((r) => setTimeout(r, 20));
}
process.stdout.write(`${JSON.stringify(times)}\n`);
