#!/usr/bin/env node
// The one test command (`npm test`, called by .ci/run): installs Debian's Chromium when missing, then runs the
// type check, the production build, the unit tests (vitest, real SQLite files, then the model tests a second time
// on a throwaway PostgreSQL cluster; FENGQIAO_TEST_PG=0 skips that pass) and the browser journeys
// (Playwright against the built server, SQLite). Ends with the line `N passed, N failed` and a non-zero exit on failure.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import url from "node:url";

const root = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), "..");
const tmp = path.join(root, "tests/.tmp");
fs.mkdirSync(tmp, { recursive: true });
const bin = (name) => path.join(root, "node_modules/.bin", name);
const env = { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1", FORCE_COLOR: process.env.CI ? "0" : "1" };

let passed = 0;
let failed = 0;
const summary = [];
function step(name, cmd, args, opts = {}) {
  const t0 = Date.now();
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...env, ...opts.env } });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  summary.push(`${name}: exit ${r.status ?? r.signal} in ${secs}s`);
  return r.status === 0;
}

// 1. Chromium from Debian, for the browser journeys.
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!fs.existsSync(CHROMIUM)) {
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const sudo = asRoot ? [] : ["sudo", "-n"];
  const sh = (args) => spawnSync(args[0], args.slice(1), { stdio: "inherit", env: { ...env, DEBIAN_FRONTEND: "noninteractive" } });
  console.log("Chromium is missing: installing Debian's chromium package…");
  sh([...sudo, "apt-get", "update", "-qq"]);
  sh([...sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"]);
  if (!fs.existsSync(CHROMIUM)) console.error(`Could not install Chromium at ${CHROMIUM}; the browser journeys will fail.`);
}

// 1b. PostgreSQL 15+ from Debian, for the throwaway cluster of the PostgreSQL tests (tests/setup/pg-cluster.ts, issue 16).
// When it cannot be installed, those tests fail and say why: nothing is skipped.
const hasPostgres = () =>
  fs.existsSync("/usr/lib/postgresql") &&
  fs.readdirSync("/usr/lib/postgresql").some((v) => Number(v) >= 15 && fs.existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));
if (!process.env.PG_BIN && !hasPostgres()) {
  const t0 = Date.now();
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const sudo = asRoot ? [] : ["sudo", "-n"];
  const sh = (args) => spawnSync(args[0], args.slice(1), { stdio: "inherit", env: { ...env, DEBIAN_FRONTEND: "noninteractive" } });
  console.log("PostgreSQL is missing: installing Debian's postgresql package…");
  sh([...sudo, "apt-get", "update", "-qq"]);
  sh([...sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", "postgresql"]);
  if (hasPostgres()) summary.push(`install postgresql: ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  else console.error("Could not install PostgreSQL 15+ (apt-get install postgresql); the PostgreSQL tests will fail.");
}

// 2. Type check (one check).
if (step("typecheck", bin("tsc"), ["--noEmit"])) passed++;
else failed++;

// 3. Unit tests (vitest): the model and unit tests on SQLite, then the same files again on PostgreSQL (tests/vitest.pg.config.ts: one throwaway cluster, a database
// per test file; the files in tests/setup/pg-excluded.ts test SQLite itself and run once). Same worker count for both.
function vitest(name, config, json) {
  const file = path.join(tmp, json);
  fs.rmSync(file, { force: true });
  step(name, bin("vitest"), ["run", "--config", config, "--reporter=default", "--reporter=json", `--outputFile.json=${file}`]);
  try {
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    if (r.numFailedTests === 0 && r.success === false) failed++; // a suite that failed to load
    // not in the form of the last line, which CI reads
    summary.push(`  ${name}: ${r.numPassedTests} passing, ${r.numFailedTests} failing`);
  } catch {
    console.error(`${name}: vitest wrote no results: counted as one failure`);
    failed++;
  }
}
// 4. The production build first: the journeys serve it, and so does the unit test that starts the server on
// PostgreSQL (tests/unit/postgres.test.ts).
const built = step("build", bin("remix"), ["build"]) && step("precompress the build", process.execPath, ["app/precompress.mjs"]);
if (built) passed++;
else failed++;

vitest("unit tests (vitest)", "tests/vitest.config.ts", "vitest.json");
// FENGQIAO_TEST_PG=0 leaves the PostgreSQL pass out (a quick local run); CI runs both engines
if (process.env.FENGQIAO_TEST_PG !== "0") vitest("model tests on PostgreSQL (vitest)", "tests/vitest.pg.config.ts", "vitest-pg.json");

// 5. Browser journeys against the build (SQLite).
if (built) {
  const pwJson = path.join(tmp, "playwright.json");
  fs.rmSync(pwJson, { force: true });
  step("browser journeys (playwright)", bin("playwright"), ["test", "--config", "tests/playwright.config.ts"], {
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson, PLAYWRIGHT_JSON_OUTPUT_FILE: pwJson },
  });
  try {
    const r = JSON.parse(fs.readFileSync(pwJson, "utf8"));
    passed += r.stats.expected + (r.stats.flaky ?? 0);
    failed += r.stats.unexpected;
    if (r.errors?.length && r.stats.expected + r.stats.unexpected === 0) failed++;
  } catch {
    console.error("playwright wrote no results: counted as one failure");
    failed++;
  }
}

console.log(`\n${summary.join("\n")}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
