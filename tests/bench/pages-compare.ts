/**
 * The engine bench's table (issue 16): the pages bench's results on SQLite and on PostgreSQL side by side.
 *
 *   npx tsx tests/bench/pages.ts --db /work/bench/pg/work/b5m-bench.db --json /tmp/sqlite.json
 *   npx tsx tests/bench/pages.ts --db postgres://postgres@127.0.0.1:55432/fengqiao_b5m --no-build --json /tmp/pg.json
 *   npx tsx tests/bench/pages-compare.ts /tmp/sqlite.json /tmp/pg.json [--pages "report page,save,drill-down"]
 *
 * Rows: the pages; per level: median / p95 ms on SQLite, then on PostgreSQL ("(500)" when the page failed,
 * "–" when not measured at that level).
 */
import fs from "node:fs";

type Row = { level: string; page: string; status: number; median: number; p95: number; kb: number };
type Result = { engine: string; summary: string; rows: Row[] };
const args = process.argv.slice(2);
const files = args.filter((a, i) => !a.startsWith("--") && !(i > 0 && args[i - 1].startsWith("--")));
const pagesOpt = args.includes("--pages") ? args[args.indexOf("--pages") + 1].split(",") : null;
const [a, b] = files.map((f) => JSON.parse(fs.readFileSync(f, "utf8")) as Result);
const name = (r: Result) => (r.engine === "postgres" ? "PostgreSQL" : "SQLite");
const levels = [...new Set([...a.rows, ...b.rows].map((r) => r.level))];
const pages = [...new Set([...a.rows, ...b.rows].map((r) => r.page))].filter((p) => !pagesOpt || pagesOpt.some((x) => p.includes(x)));
const cell = (res: Result, level: string, page: string) => {
  const r = res.rows.find((o) => o.level === level && o.page === page);
  return !r ? "–" : r.status >= 400 ? `(${r.status})` : `${r.median.toFixed(0)} / ${r.p95.toFixed(0)}`;
};
console.log(`${name(a)}: ${a.summary}\n${name(b)}: ${b.summary}\n`);
console.log(`| page (median / p95 ms) | ${levels.map((l) => `${l} ${name(a)} | ${l} ${name(b)}`).join(" | ")} |`);
console.log(`|---|${levels.map(() => "---:|---:").join("|")}|`);
for (const p of pages) console.log(`| ${p} | ${levels.map((l) => `${cell(a, l, p)} | ${cell(b, l, p)}`).join(" | ")} |`);
