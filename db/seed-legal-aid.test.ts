import { beforeAll, describe, expect, it } from "vitest";
import { getDb, type DB } from "../app/utils/db.server";
import { readCounters, recountRaw } from "../app/models/counters.server";
import { applyLegalAid } from "../app/models/legal-aid.server";
import { getLegalAidFigures, listLegalAidDeadlines } from "../app/models/legal-aid-reads.server";
import { isValidResidentId } from "../app/schemas/person-fields";
import { addDays } from "../app/utils/dates";
import type { Actor } from "../app/utils/permissions";
import { legalAidData } from "../tests/factories";
import { seedDemo } from "./seed";

const TODAY = "2026-11-22";

let db: DB;
const all = <T>(q: string, ...args: unknown[]) => db.$client.prepare(q).all(...args) as T[];
const one = <T>(q: string, ...args: unknown[]) => db.$client.prepare(q).get(...args) as T;
const unit = (name: string) => one<{ id: number; path: string; name: string; level: string }>(`SELECT * FROM units WHERE name = ?`, name);
function actor(username: string): Actor {
  const u = one<{ id: number; username: string; display_name: string; role: string; unit_id: number }>(
    `SELECT * FROM users WHERE username = ?`,
    username
  );
  const un = one<{ path: string; name: string; level: string }>(`SELECT * FROM units WHERE id = ?`, u.unit_id);
  return {
    id: u.id,
    username,
    displayName: u.display_name,
    role: u.role as Actor["role"],
    unitId: u.unit_id,
    unitPath: un.path,
    unitName: un.name,
    unitLevel: un.level,
  };
}

type CaseRow = {
  id: number;
  unit_id: number;
  received_unit_id: number;
  app_no: string;
  app_year: number;
  app_seq: number;
  applied_on: string;
  complete_on: string | null;
  missing_docs_on: string | null;
  decided_on: string | null;
  preliminary: number;
  assigned_on: string | null;
  closed_on: string | null;
  terminated_on: string | null;
  status: string;
  exempt_basis: string | null;
  exempt_category: string | null;
  recovered_fen: number | null;
  voided_at: string | null;
  provider_id: number | null;
};

beforeAll(async () => {
  db = getDb();
  await seedDemo(db, { today: TODAY });
}, 120_000);

describe("demo seed: legal aid", () => {
  it("has two years of cases in every state, most at 临猗县, a third taken at township stations", () => {
    const centre = unit("临猗县法律援助中心");
    const statuses = all<{ status: string; n: number }>(
      `SELECT status, count(*) AS n FROM legal_aid_cases WHERE unit_id = ? AND voided_at IS NULL GROUP BY status`,
      centre.id
    );
    const n = Object.fromEntries(statuses.map((s) => [s.status, s.n]));
    for (const s of ["pending", "granted", "assigned", "closed", "refused", "terminated"]) expect(n[s], s).toBeGreaterThan(0);
    const range = one<{ lo: string; hi: string }>(`SELECT min(applied_on) AS lo, max(applied_on) AS hi FROM legal_aid_cases`);
    expect(range.lo >= "2025-01-01" && range.lo <= "2025-01-15").toBe(true);
    expect(range.hi).toBe(TODAY.slice(0, 8) + range.hi.slice(8));
    const stations = one<{ n: number }>(`SELECT count(*) AS n FROM legal_aid_cases WHERE unit_id = ? AND received_unit_id <> unit_id`, centre.id).n;
    const total = one<{ n: number }>(`SELECT count(*) AS n FROM legal_aid_cases WHERE unit_id = ?`, centre.id).n;
    expect(stations / total).toBeGreaterThan(0.25);
    expect(stations / total).toBeLessThan(0.45);
    // 万荣县 has no centre: its cases are handled at the county, and fewer
    const wanrong = one<{ n: number }>(`SELECT count(*) AS n FROM legal_aid_cases WHERE unit_id = ?`, unit("万荣县").id).n;
    expect(wanrong).toBeGreaterThan(150);
    expect(wanrong).toBeLessThan(total * 0.6);
  });

  it("gives 临猗县 a few hundred granted cases a year, about one beneficiary each, a good share for special groups", async () => {
    const bureau = actor("linyi.bureau");
    const county = unit("临猗县");
    const y2025 = (await getLegalAidFigures({ actor: bureau, unitId: county.id, from: "2025-01-01", to: "2025-12-31", today: TODAY }))!;
    expect(y2025.granted).toBeGreaterThan(250);
    expect(y2025.granted).toBeLessThan(450);
    expect(y2025.beneficiaries / y2025.granted).toBeGreaterThan(1);
    expect(y2025.beneficiaries / y2025.granted).toBeLessThan(1.1);
    expect(y2025.specialGroupCases / y2025.granted).toBeGreaterThan(0.3);
    expect(y2025.specialGroupCases / y2025.granted).toBeLessThan(0.6);
    expect(y2025.refused).toBeGreaterThan(5);
    expect(y2025.recoveredYuan).toBeGreaterThan(500_000);
    expect(y2025.byType.find((t) => t.code === "criminal")!.granted).toBeGreaterThan(50);
    expect(y2025.litigation + y2025.nonLitigation).toBe(y2025.granted);
  });

  it("runs every case's steps in order, never after today, with valid ID numbers and a fitting exemption", () => {
    const cases = all<CaseRow>(`SELECT * FROM legal_aid_cases`);
    for (const c of cases) {
      const steps = [c.applied_on, c.preliminary ? null : c.complete_on, c.decided_on, c.assigned_on, c.closed_on ?? c.terminated_on].filter(
        Boolean
      ) as string[];
      expect([...steps].sort(), `case ${c.id}`).toEqual(steps);
      expect(
        steps.every((d) => d <= TODAY),
        `case ${c.id}`
      ).toBe(true);
      if (c.missing_docs_on && c.complete_on) expect(c.complete_on >= c.missing_docs_on).toBe(true);
      if (["assigned", "closed"].includes(c.status)) expect(c.provider_id, `case ${c.id}`).not.toBeNull();
      if (c.status === "closed") expect(c.recovered_fen).toBeGreaterThanOrEqual(0);
      if (c.exempt_basis === "category") {
        const cats = all<{ categories: string }>(`SELECT categories FROM legal_aid_beneficiaries WHERE case_id = ?`, c.id);
        expect(
          cats.some((b) => b.categories.split(",").includes(c.exempt_category!)),
          `case ${c.id}`
        ).toBe(true);
      }
    }
    for (const b of all<{ id_number: string | null }>(`SELECT id_number FROM legal_aid_beneficiaries WHERE id_number IS NOT NULL`))
      expect(isValidResidentId(b.id_number!), b.id_number!).toBe(true);
    const trail = one<{ n: number }>(
      `SELECT count(*) AS n FROM legal_aid_cases c WHERE c.assigned_on IS NOT NULL AND NOT EXISTS (SELECT 1 FROM legal_aid_assignments a WHERE a.case_id = c.id)`
    );
    expect(trail.n).toBe(0);
    expect(one<{ n: number }>(`SELECT count(*) AS n FROM legal_aid_assignments WHERE reason IS NOT NULL`).n).toBeGreaterThan(0);
  });

  it("numbers applications consecutively per centre and year, and new ones continue the sequence", async () => {
    const rows = all<{ unit_id: number; app_year: number; n: number; mx: number }>(
      `SELECT unit_id, app_year, count(*) AS n, max(app_seq) AS mx FROM legal_aid_cases GROUP BY unit_id, app_year`
    );
    for (const r of rows) {
      expect(r.mx).toBe(r.n);
      const seq = one<{ last: number }>(
        `SELECT last FROM case_sequences WHERE unit_id = ? AND year = ? AND kind = 'la_apply'`,
        r.unit_id,
        r.app_year
      );
      expect(seq.last).toBe(r.n);
    }
    const sample = one<{ app_no: string }>(
      `SELECT app_no FROM legal_aid_cases WHERE unit_id = ? AND app_year = 2026 AND app_seq = 31`,
      unit("临猗县法律援助中心").id
    );
    expect(sample.app_no).toBe("临猗援申〔2026〕0031号");
    const staff = actor("yishi.staff");
    const res = await applyLegalAid({ actor: staff, data: legalAidData(staff.unitId, { appliedOn: TODAY }), today: TODAY });
    expect(res.ok).toBe(true);
    const last = rows.find((r) => r.unit_id === unit("临猗县法律援助中心").id && r.app_year === 2026)!.n;
    if (res.ok) expect(res.value.appNo).toBe(`临猗援申〔2026〕${String(last + 1).padStart(4, "0")}号`);
  });

  it("leaves a case unreviewed for 8 days at 临猗县法律援助中心, taken at 猗氏镇, for the deadline board", async () => {
    const board = (await listLegalAidDeadlines({ actor: actor("linyi.legalaid"), today: TODAY }))!;
    const eight = board.overdueReview.find((c) => c.completeOn === addDays(TODAY, -8));
    expect(eight).toBeDefined();
    expect(eight!.receivedName).toBe("猗氏镇");
    expect(eight!.deadlines.reviewDaysLeft).toBe(-1);
    expect(board.overdueAssignment.length).toBeGreaterThan(0);
    // and the township station sees its own
    const station = (await listLegalAidDeadlines({ actor: actor("yishi.staff"), today: TODAY }))!;
    expect(station.overdueReview.map((c) => c.id)).toContain(eight!.id);
  });

  it("keeps the journey: cases referred from consultations link back to them", () => {
    const n = one<{ n: number }>(
      `SELECT count(*) AS n FROM legal_aid_cases c JOIN consultations k ON k.id = c.referred_from_consultation_id WHERE k.next_step = 'referred_legal_aid' AND k.date <= c.applied_on`
    ).n;
    expect(n).toBeGreaterThan(20);
  });

  it("has counters equal to a raw recount for every legal aid figure", async () => {
    for (const name of ["运城市", "临猗县", "临猗县法律援助中心", "万荣县"]) {
      const u = unit(name);
      const counters = await readCounters(db, u.id, 202501, 202612);
      const raw = await recountRaw(db, { path: u.path, from: "2025-01-01", to: "2026-12-31" });
      const la = (m: Map<string, number>) => new Map([...m].filter(([k, v]) => k.startsWith("legalAid.") && v !== 0));
      expect(la(counters), name).toEqual(la(raw));
      expect(la(counters).size).toBeGreaterThan(20);
    }
  });
});
