import type { Rand } from "./seed";
import type { SeedContext } from "./seed-context";

/** Mediators' rosters and two years of mediation disputes. */
export function seedMediation(_ctx: SeedContext, _r: Rand) {
  // filled in by the mediation seed
}
