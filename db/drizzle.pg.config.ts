// drizzle-kit for the PostgreSQL schema (issue 16): `npx drizzle-kit generate --config db/drizzle.pg.config.ts --name <branch>`.
// Generating needs no database. The SQLite config stays drizzle.config.ts at the top level.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.pg.ts",
  out: "./db/migrations-pg",
  casing: "snake_case",
});
