import type { Rand } from "./seed";
import type { SeedContext } from "./seed-context";

/** Two years of legal aid cases. */
export function seedLegalAid(_ctx: SeedContext, _r: Rand) {
  // filled in by the legal aid seed
}
