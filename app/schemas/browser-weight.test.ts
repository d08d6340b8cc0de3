/**
 * What keeps the form pages light (issue 15; README › Page weight): modules the browser can load must not bring back
 * what was taken out — classic zod, every enumeration at once, zod/mini's heavy helpers, @hookform/resolvers.
 * Server modules (`.server.ts`), tests and the API's own schemas may.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..");
function* browserModules(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* browserModules(p);
    else if (/\.tsx?$/.test(e.name) && !/\.(server|test)\.tsx?$/.test(e.name) && p !== path.join(root, "schemas/api.ts") && p !== path.join(root, "schemas/enums.ts"))
      yield p;
  }
}

const rules: Array<[string, RegExp]> = [
  ["classic zod (use zod/mini)", /^import (?!type)[^;]*from "zod";/m],
  ["the enumerations barrel (import from ~/schemas/enums/<area>)", /from "(~\/schemas\/enums|\.\/enums|\.\.\/schemas\/enums)";/],
  ["z.catch (keeps zod's whole util namespace; use lenient)", /\bz\.catch\(/],
  ["z.extend / z.pick / z.omit (spread .shape instead)", /\bz\.(extend|pick|omit)\(/],
  ["@hookform/resolvers (use-validated-form has its own resolver)", /from "@hookform\/resolvers/],
];

describe("modules the browser loads", () => {
  const files = [...browserModules(root)];
  it("are found", () => expect(files.length).toBeGreaterThan(100));
  for (const [what, re] of rules)
    it(`do not use ${what}`, () => {
      const offenders = files.filter((f) => re.test(fs.readFileSync(f, "utf8"))).map((f) => path.relative(root, f));
      expect(offenders).toEqual([]);
    });
});
