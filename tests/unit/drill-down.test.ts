/**
 * Every figure of the report opens the list of the records it counts: the same filters, the same count.
 * Checked on the whole demo data for several units and periods (a year, and a period with edge days).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { seedDemo } from "../../db/seed";
import { getReport } from "~/models/reports.server";
import { listConsultations } from "~/models/consultations.server";
import { listMediations } from "~/models/mediations.server";
import { listLegalAid } from "~/models/legal-aid-reads.server";
import { ConsultationFilterSchema } from "~/schemas/consultation";
import { MediationFilterSchema } from "~/schemas/mediation";
import { LegalAidFilterSchema } from "~/schemas/legal-aid";
import type { Actor } from "~/utils/permissions";

const TODAY = "2026-11-22";
let actor: Actor;
const unitByName = (name: string) => getDb().$client.prepare(`SELECT id, path, name, level FROM units WHERE name = ? ORDER BY id LIMIT 1`).get(name) as { id: number; path: string; name: string; level: string };

/** The count the list shows for a drill-down link, in the row's measure. */
async function listCount(href: string, measure: string): Promise<number> {
  const url = new URL(href, "http://x");
  const params = Object.fromEntries(url.searchParams);
  const big = 1; // one row a page: only the totals matter
  if (url.pathname === "/consultations") {
    const l = await listConsultations({ actor, filters: ConsultationFilterSchema.parse(params), pageSize: big });
    return measure === "personTimes" ? (l.personTimes ?? -1) : l.total;
  }
  if (url.pathname === "/mediations") return (await listMediations({ actor, filters: MediationFilterSchema.parse(params), pageSize: big, today: TODAY })).total;
  if (url.pathname === "/legal-aid") return (await listLegalAid({ actor, filters: LegalAidFilterSchema.parse(params), pageSize: big, today: TODAY })).total;
  throw new Error(`no list for ${href}`);
}

beforeAll(async () => {
  await seedDemo(getDb(), { today: TODAY });
  const city = unitByName("运城市");
  actor = { id: 1, username: "admin", displayName: "管理员", role: "bureau", unitId: city.id, unitPath: city.path, unitName: city.name, unitLevel: "city" };
}, 120_000);

describe("drill-down: every figure opens exactly the records it counts", () => {
  for (const unitName of ["运城市", "临猗县", "猗氏镇", "城东村", "临猗县法律援助中心"])
    for (const [from, to] of [
      ["2025-01-01", "2025-12-31"],
      ["2026-03-05", "2026-09-20"],
    ])
      it(`${unitName} ${from}…${to}`, async () => {
        const unit = unitByName(unitName);
        const report = (await getReport({ actor, unitId: unit.id, from, to }))!;
        let checked = 0;
        for (const section of report.sections)
          for (const row of section.rows) {
            if (!row.href || !["cases", "personTimes", "records"].includes(row.measure)) continue;
            expect(await listCount(row.href, row.measure), `${row.key} → ${row.href}`).toBe(row.value);
            checked++;
          }
        expect(checked).toBeGreaterThan(40);
        for (const c of report.children) {
          expect(await listCount(c.links.consultation, "personTimes"), `${c.name} consultations`).toBe(c.consultationPersonTimes);
          expect(await listCount(c.links.mediationAccepted, "cases"), `${c.name} accepted`).toBe(c.mediationAccepted);
          expect(await listCount(c.links.mediationSuccessful, "cases"), `${c.name} successful`).toBe(c.mediationSuccessful);
          expect(await listCount(c.links.legalAidGranted, "cases"), `${c.name} legal aid`).toBe(c.legalAidGranted);
        }
        expect(report.checks.every((c) => c.ok)).toBe(true);
      });
});
