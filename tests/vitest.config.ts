import { defineConfig } from "vitest/config";
import { shared } from "./setup/vitest-shared";

// the model and unit tests on SQLite (a copy of a migrated template file per test file); on PostgreSQL: vitest.pg.config.ts
export default defineConfig({
  ...shared,
  test: {
    ...shared.test,
    globalSetup: ["tests/setup/global-setup.ts"],
    setupFiles: ["tests/setup/per-file.ts"],
  },
});
