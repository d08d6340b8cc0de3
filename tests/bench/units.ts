/**
 * `npx tsx tests/bench/units.ts [--region 14]` — time to load a whole province's unit tree from the 2023 division
 * codes into a fresh database (山西省: 11 cities, 121 counties and districts, 1,352 townships, 21,895 villages and communities),
 * then the time of a second load of the same edition (nothing to change) as a newer-edition run would do.
 * Target (issue 11): under 60 s for the first load on this 2-core machine.
 */
import fs from "node:fs";
import path from "node:path";

const args = process.argv.slice(2);
const region = args[args.indexOf("--region") + 1] && args.includes("--region") ? args[args.indexOf("--region") + 1] : "14";
const file = path.resolve("tests/.tmp/bench-units.db");
fs.mkdirSync(path.dirname(file), { recursive: true });
for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
process.env.DATABASE_URL = file;

const { getDb } = await import("../../app/utils/db.server");
const { findRegion, readRegionUnits } = await import("../../app/models/division-codes.server");
const { applyDivisionUnits } = await import("../../app/models/unit-load.server");

const db = getDb();
const t0 = performance.now();
const specs = await readRegionUnits(findRegion(region));
const t1 = performance.now();
const first = await db.transaction(async (tx) => await applyDivisionUnits(tx, { actor: null, specs, activeFrom: "2000-01-01", allowNewRoot: true }));
const t2 = performance.now();
const specs2 = await readRegionUnits(findRegion(region));
const again = await db.transaction(async (tx) => await applyDivisionUnits(tx, { actor: null, specs: specs2, activeFrom: "2025-01-01", allowNewRoot: false }));
const t3 = performance.now();

const by = (level: string) => specs.filter((s) => s.level === level).length;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(`region ${specs[0].name} (${specs[0].code}): ${specs.length} units — cities ${by("city")}, counties ${by("county")}, townships ${by("township")}, villages ${by("village")}`);
console.log(`first load:  read codes ${s(t1 - t0)} + write tree ${s(t2 - t1)} = ${s(t2 - t0)} (added ${first.added})`);
console.log(`second load of the same edition: ${s(t3 - t2)} (added ${again.added}, renamed ${again.renamed.length}, ended ${again.ended.length}, unchanged ${again.unchanged})`);
console.log(`target: first load under 60 s — ${t2 - t0 < 60_000 ? "met" : "NOT met"}`);
