/** Materialized id paths of the unit tree: `/1/4/27/`. */
import { and, gte, lt } from "drizzle-orm";
import type { units } from "../../db/schema";

/** A subtree is the half-open text range [path, path with its final '/' turned to '0'): an index range scan. */
export function subtreeRange(path: string) {
  return { lo: path, hi: path.slice(0, -1) + "0" };
}
export function pathInSubtree(column: typeof units.path, path: string) {
  const { lo, hi } = subtreeRange(path);
  return and(gte(column, lo), lt(column, hi))!;
}
export function ancestorIdsOfPath(path: string): number[] {
  return path.split("/").filter(Boolean).map(Number);
}
