/**
 * Model-layer timings behind the slow pages of tests/bench/pages.ts, for one account level (issue 12): what the
 * report page, the stats API, the monitoring dashboard and the mediation list call, each timed apart.
 *
 *   npx tsx tests/bench/model-pages.ts --db <a prepared copy> [--level province|city|county|township] [--runs 5]
 */
import path from "node:path";
import { performance } from "node:perf_hooks";

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
process.env.DATABASE_URL = path.resolve(opt("db", "tests/.tmp/bench.db"));
const RUNS = Number(opt("runs", "5"));
const LEVEL = opt("level", "province");

const { getDb } = await import("../../app/utils/db.server");
const { getReport } = await import("../../app/models/reports.server");
const { getStatsForApi } = await import("../../app/models/report-export.server");
const { getDashboard, targetsForApi } = await import("../../app/models/monitoring.server");
const { getReportingCompleteness } = await import("../../app/models/monthly-reports.server");
const { dataQualityScale } = await import("../../app/models/data-quality.server");
const { fileReviewSummary } = await import("../../app/models/file-reviews.server");
const { listMediations, countMediationWork, getMediationFigures } = await import("../../app/models/mediations.server");
const { getUnitChoice } = await import("../../app/models/unit-search.server");
const db = getDb();
const user = db.$client
  .prepare(`SELECT u.id, u.username, u.display_name AS displayName, u.role, u.unit_id AS unitId, n.path, n.name, n.level, n.code FROM users u JOIN units n ON n.id = u.unit_id WHERE u.username = ?`)
  .get(`bench-${LEVEL}`) as { id: number; username: string; displayName: string; role: string; unitId: number; path: string; name: string; level: string; code: string };
const actor = { id: user.id, username: user.username, displayName: user.displayName, role: user.role, unitId: user.unitId, unitPath: user.path, unitName: user.name, unitLevel: user.level } as never;
const today = "2026-12-01";
const ONLY = opt("only", "");
const allCalls: Array<[string, () => Promise<unknown>]> = [
  ["getReport 2024", async () => await getReport({ actor, unitId: user.unitId, from: "2024-01-01", to: "2024-12-31" })],
  ["getReport 15 Mar–20 Sep", async () => await getReport({ actor, unitId: user.unitId, from: "2024-03-15", to: "2024-09-20" })],
  ["getStatsForApi 2024", async () => await getStatsForApi({ actor, params: new URLSearchParams({ unit: user.code, from: "2024-01-01", to: "2024-12-31" }) })],
  ["getStatsForApi 15 Mar–20 Sep", async () => await getStatsForApi({ actor, params: new URLSearchParams({ unit: user.code, from: "2024-03-15", to: "2024-09-20" }) })],
  ["targetsForApi 2024", async () => await targetsForApi({ actor, unitId: user.unitId, from: "2024-01-01", to: "2024-12-31" })],
  ["getDashboard 2024", async () => await getDashboard({ actor, unitId: user.unitId, year: 2024, indicator: null, today })],
  ["dataQualityScale 2024", async () => await dataQualityScale({ actor, unitId: user.unitId, year: 2024 })],
  ["getReportingCompleteness 2024", async () => await getReportingCompleteness({ actor, unitId: user.unitId, year: 2024, today })],
  ["fileReviewSummary 2024", async () => await fileReviewSummary({ actor, unitId: user.unitId, from: "2024-01-01", to: "2024-12-31" })],
  ["listMediations {}", async () => await listMediations({ actor, filters: {} as never, today })],
  ["countMediationWork", async () => await countMediationWork({ actor, today })],
  ["getMediationFigures this year", async () => await getMediationFigures({ actor, unitId: user.unitId, from: "2026-01-01", to: today })],
  ["getUnitChoice", async () => await getUnitChoice({ actor, id: user.unitId })],
];
const calls = ONLY ? allCalls.filter(([l]) => l.toLowerCase().includes(ONLY.toLowerCase())) : allCalls;
const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)];
for (const [label, fn] of calls) {
  await fn();
  const t: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const a = performance.now();
    await fn();
    t.push(performance.now() - a);
  }
  console.log(`${LEVEL.padEnd(9)} ${label.padEnd(32)} median ${q(t, 0.5).toFixed(1).padStart(8)} ms  p95 ${q(t, 0.95).toFixed(1).padStart(8)} ms`);
}
