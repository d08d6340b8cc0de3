import type Database from "better-sqlite3";
import type { PlannedUnit } from "./seed";

/** What the demo seed's record modules get: the raw connection (inside the seed's one transaction) and the plan. */
export type SeedContext = {
  client: Database.Database;
  plan: PlannedUnit[];
  /** planned unit key (its code) → inserted id, path and depth */
  unitIds: Map<string, { id: number; path: string; depth: number }>;
  /** demo username → user id */
  userIds: Map<string, number>;
  /** the last day of demo data (China calendar) */
  today: string;
  /** the first day of demo data: 1 January of last year */
  from: string;
  firstYear: number;
  log: (line: string) => void;
};
