/**
 * What both vitest configurations share (tests/vitest.config.ts on SQLite, tests/vitest.pg.config.ts on PostgreSQL):
 * the root, the aliases, the test files and how they run. Each configuration adds its own global and per-file setup.
 */
import path from "node:path";
import url from "node:url";
import type { ViteUserConfig } from "vitest/config";

export const root = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), "../..");

export const shared = {
  root,
  resolve: { alias: { "~": path.join(root, "app"), "#db": path.join(root, "db") } },
  test: {
    include: ["app/**/*.test.{ts,tsx}", "db/**/*.test.ts", "tests/unit/**/*.test.ts"],
    environment: "node",
    pool: "forks" as const,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
} satisfies ViteUserConfig;
