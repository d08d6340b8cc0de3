/**
 * Counts of the unit tree remembered per process (issue 12): a province's report and completeness counted its
 * 30,000 units on every request. `unit_generation.n` changes with every write to `units` (triggers of migration
 * 0018, whatever the code path), so a remembered count is used only while the generation it was taken at holds:
 * one primary-key read per use, and any process sees another's changes.
 */
import { sql } from "drizzle-orm";
import { inTransaction, type Executor } from "~/utils/db.server";

const remembered = new Map<string, { generation: number; value: unknown }>();
const MAX_ENTRIES = 2_000;

/** The unit tree's current generation (null on a database without the table: nothing is remembered). */
export async function unitGeneration(db: Executor): Promise<number | null> {
  try {
    return (await db.get<{ n: number }>(sql`SELECT n FROM unit_generation WHERE id = 1`))?.n ?? null;
  } catch {
    return null;
  }
}

/** `compute()`'s value for `key`, remembered while the unit tree does not change. Only for values of units alone. */
export async function byUnitGeneration<T>(db: Executor, key: string, compute: () => T | Promise<T>): Promise<T> {
  // inside a transaction the tree may hold changes that are rolled back later: nothing is remembered there
  if (inTransaction()) return await compute();
  const generation = await unitGeneration(db);
  if (generation === null) return await compute();
  const hit = remembered.get(key);
  if (hit && hit.generation === generation) return hit.value as T;
  const value = await compute();
  if (remembered.size >= MAX_ENTRIES) remembered.clear();
  remembered.set(key, { generation, value });
  return value;
}
