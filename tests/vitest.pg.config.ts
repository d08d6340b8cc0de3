import { configDefaults, defineConfig } from "vitest/config";
import { PG_EXCLUDED } from "./setup/pg-excluded";
import { shared } from "./setup/vitest-shared";

// the model and unit tests on PostgreSQL: one throwaway cluster for the run, a database per test file copied from a
// migrated template (README › Scale › PostgreSQL port). `npm test` runs it after the SQLite run when FENGQIAO_TEST_PG=1.
export default defineConfig({
  ...shared,
  test: {
    ...shared.test,
    exclude: [...configDefaults.exclude, ...PG_EXCLUDED.map((e) => e.file)],
    globalSetup: ["tests/setup/pg-global-setup.ts"],
    setupFiles: ["tests/setup/pg-per-file.ts"],
  },
});
