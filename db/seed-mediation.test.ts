import { beforeAll, describe, expect, it } from "vitest";
import { getDb, type DB } from "../app/utils/db.server";
import { readCounters, recountRaw } from "../app/models/counters.server";
import { get, MEDIATION_INDICATORS, mediationFigures } from "../app/models/counting-rules";
import { findLikelyDuplicates } from "../app/models/mediations.server";
import { birthDateOfId, isValidResidentId } from "../app/schemas/person-fields";
import type { PartyValues } from "../app/schemas/mediation";
import { addDays, isValidDay } from "../app/utils/dates";
import { makeActor } from "../tests/factories";
import { DEMO_ACCOUNTS } from "./seed-data";
import { seedDemo } from "./seed";
import { residentId } from "./seed-mediation";

const TODAY = "2026-11-22";
const FROM = "2025-01-01";
const YEARS = [2025, 2026];

type UnitRow = { id: number; code: string; name: string; level: string; type: string; path: string; parent_id: number | null; active_to: string | null };
type MediationRow = {
  id: number;
  unit_id: number;
  registered_unit_id: number;
  case_no: string;
  case_year: number;
  case_seq: number;
  registered_on: string;
  status: string;
  concluded_on: string | null;
  summary: string;
  persons_involved: number;
  amount_fen: number | null;
  is_mass: number;
  agreement_form: string | null;
  agreement_terms: string | null;
  agreement_amount_fen: number | null;
  performance_manner: string | null;
  performance_deadline: string | null;
  performance: string | null;
  judicial_confirmation: string;
  jc_applied_on: string | null;
  jc_decided_on: string | null;
  failure_reason: string | null;
  failure_route: string | null;
  withdraw_reason: string | null;
  created_by_id: number;
  created_at: string;
  voided_at: string | null;
  voided_by_id: number | null;
  void_reason: string | null;
};

let db: DB;
const all = <T>(q: string, ...args: unknown[]) => db.$client.prepare(q).all(...args) as T[];
const one = <T>(q: string, ...args: unknown[]) => db.$client.prepare(q).get(...args) as T;
const unitByName = (name: string) => one<UnitRow>(`SELECT * FROM units WHERE name = ?`, name);
/** Mediations of a county (by the unit that has them), voided ones included unless asked. */
const inCounty = (county: string, where = "1") =>
  all<MediationRow>(`SELECT m.* FROM mediations m JOIN units u ON u.id = m.unit_id WHERE u.path LIKE ? AND ${where}`, `${unitByName(county).path}%`);
const nonZero = (m: Map<string, number>) => new Map([...m].filter(([k, v]) => v !== 0 && k.startsWith("mediation.")));

beforeAll(async () => {
  db = getDb();
  await seedDemo(db, { today: TODAY });
}, 120_000);

describe("mediation demo data: figures", () => {
  it("keeps the mediation counters equal to a raw recount for the city and both counties, both years", async () => {
    for (const name of ["运城市", "临猗县", "万荣县"]) {
      const u = unitByName(name);
      for (const y of YEARS) {
        const counters = nonZero(await readCounters(db, u.id, y * 100 + 1, y * 100 + 12));
        const raw = nonZero(await recountRaw(db, { path: u.path, from: `${y}-01-01`, to: `${y}-12-31` }));
        expect(get(counters, MEDIATION_INDICATORS.accepted), `${name} ${y}`).toBeGreaterThan(0);
        expect(get(counters, MEDIATION_INDICATORS.followups), `${name} ${y}`).toBeGreaterThan(0);
        expect(counters, `${name} ${y}`).toEqual(raw);
      }
    }
  });

  it("gives 临猗县 1,500–2,500 disputes a year and 万荣县 about half", async () => {
    const accepted = async (name: string, y: number) => get(await readCounters(db, unitByName(name).id, y * 100 + 1, y * 100 + 12), MEDIATION_INDICATORS.accepted);
    const linyi2025 = await accepted("临猗县", 2025);
    expect(linyi2025).toBeGreaterThanOrEqual(1500);
    expect(linyi2025).toBeLessThanOrEqual(2500);
    expect(await accepted("临猗县", 2026)).toBeGreaterThanOrEqual(1300); // up to 22 November
    const ratio = await accepted("万荣县", 2025) / linyi2025;
    expect(ratio).toBeGreaterThan(0.35);
    expect(ratio).toBeLessThan(0.65);
    // townships carry most, villages some, the court's pre-litigation room many
    const byLevel = all<{ level: string; type: string; n: number }>(
      `SELECT u.level, u.type, COUNT(*) AS n FROM mediations m JOIN units u ON u.id = m.registered_unit_id WHERE m.voided_at IS NULL GROUP BY 1, 2`,
    );
    const n = (level: string, type: string) => byLevel.find((x) => x.level === level && x.type === type)?.n ?? 0;
    expect(n("township", "admin")).toBeGreaterThan(n("village", "admin"));
    expect(n("village", "admin")).toBeGreaterThan(0);
    expect(n("county", "industry_committee")).toBeGreaterThan(0);
    const court = one<{ n: number }>(
      `SELECT COUNT(*) AS n FROM mediations m JOIN units u ON u.id = m.unit_id WHERE u.name = '临猗县人民法院诉前人民调解工作室' AND m.source = 'court'`,
    ).n;
    expect(court).toBeGreaterThan(200);
  });

  it("gives 临猗县 a success rate like the published ones (95%–99.5%) last year, with failures and withdrawals", async () => {
    const f = mediationFigures(await readCounters(db, unitByName("临猗县").id, 202501, 202512));
    expect(f.successRate).toBeGreaterThanOrEqual(0.95);
    expect(f.successRate).toBeLessThanOrEqual(0.995);
    expect(f.failed).toBeGreaterThan(0);
    expect(f.withdrawn).toBeGreaterThan(0);
    expect(f.withdrawn / f.concluded).toBeLessThan(0.03);
    expect(f.massDisputes).toBeGreaterThan(0);
    expect(f.massDisputes / f.accepted).toBeLessThan(0.03);
    expect(f.preventedCriminal).toBeGreaterThan(0);
    expect(f.preventedPetition).toBeGreaterThan(0);
    expect(f.agreementAmountFen).toBeGreaterThan(0);
    expect(f.writtenAgreements).toBeGreaterThan(f.oralAgreements);
    expect(f.oralAgreements).toBeGreaterThan(0);
    // satisfaction mostly 满意
    const sat = Object.fromEntries(f.bySatisfaction.map((s) => [s.code, s.value]));
    expect(sat.satisfied).toBeGreaterThan(sat.fairly);
    expect(sat.fairly).toBeGreaterThan(sat.dissatisfied);
  });

  it("follows the seasons: land in spring and autumn, family before the Spring Festival, almost nothing during it", () => {
    const count = (from: string, to: string, types?: string[]) =>
      one<{ n: number }>(
        `SELECT COUNT(*) AS n FROM mediations WHERE voided_at IS NULL AND registered_on BETWEEN ? AND ?${types ? ` AND dispute_type IN (${types.map(() => "?").join(",")})` : ""}`,
        from,
        to,
        ...(types ?? []),
      ).n;
    const land = ["forest_land", "housing_homestead", "expropriation"];
    const season = count("2025-03-01", "2025-05-31", land) + count("2025-09-01", "2025-11-30", land);
    const rest = count("2025-06-01", "2025-08-31", land) + count("2025-12-01", "2025-12-31", land) + count("2025-01-01", "2025-02-28", land);
    expect(season / 6).toBeGreaterThan(1.3 * (rest / 6));
    // 2025: Spring Festival on 29 January
    const festival = count("2025-01-29", "2025-02-04");
    const before = count("2025-01-04", "2025-01-20", ["marriage_family"]) / 17;
    const summer = count("2025-06-01", "2025-08-31", ["marriage_family"]) / 92;
    expect(before).toBeGreaterThan(1.2 * summer);
    expect(festival).toBeLessThan(0.25 * (count("2025-03-03", "2025-03-30") / 4));
  });

  it("counts the voided duplicate registrations nowhere", async () => {
    const voided = all<MediationRow>(`SELECT * FROM mediations WHERE voided_at IS NOT NULL`);
    expect(voided.length).toBeGreaterThan(0);
    for (const v of voided) {
      expect(v.void_reason).toBe("重复登记");
      expect(v.voided_by_id).not.toBeNull();
      expect(v.voided_at! >= v.created_at).toBe(true);
    }
    const city = unitByName("运城市");
    const counted = get(await readCounters(db, city.id, 202501, 202612), MEDIATION_INDICATORS.accepted);
    const live = one<{ n: number }>(`SELECT COUNT(*) AS n FROM mediations WHERE voided_at IS NULL`).n;
    expect(counted).toBe(live);
  });
});

describe("mediation demo data: numbering", () => {
  it("numbers the disputes per registering committee and year, from 1, in registration order, without gaps", () => {
    const rows = all<MediationRow>(`SELECT * FROM mediations ORDER BY registered_unit_id, case_year, case_seq`);
    expect(new Set(rows.map((m) => m.case_no)).size).toBe(rows.length);
    const groups = new Map<string, MediationRow[]>();
    for (const m of rows) {
      const k = `${m.registered_unit_id}|${m.case_year}`;
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k)!.push(m);
    }
    const seqs = new Map(
      all<{ unit_id: number; year: number; kind: string; last: number }>(`SELECT * FROM case_sequences WHERE kind = 'mediation'`).map((s) => [
        `${s.unit_id}|${s.year}`,
        s.last,
      ]),
    );
    expect(seqs.size).toBe(groups.size);
    const problems: string[] = [];
    for (const [k, ms] of groups) {
      ms.forEach((m, i) => {
        if (m.case_seq !== i + 1) problems.push(`${m.case_no}: seq ${m.case_seq}, expected ${i + 1}`);
        if (m.case_year !== Number(m.registered_on.slice(0, 4))) problems.push(`${m.case_no}: year of ${m.registered_on}`);
        if (!m.case_no.startsWith(`（${m.case_year}）`) || !m.case_no.endsWith(`调字第${String(m.case_seq).padStart(4, "0")}号`)) problems.push(`${m.case_no}: format`);
        const prev = ms[i - 1];
        if (prev && `${prev.registered_on} ${prev.created_at}` > `${m.registered_on} ${m.created_at}`) problems.push(`${prev.case_no} registered after ${m.case_no}`);
      });
      // one prefix per committee
      if (new Set(ms.map((m) => m.case_no.replace(/^（\d{4}）/, "").replace(/调字第\d{4}号$/, ""))).size !== 1) problems.push(`${k}: several prefixes`);
      if (seqs.get(k) !== ms.length) problems.push(`${k}: case_sequences.last ${seqs.get(k)}, ${ms.length} numbers used`);
    }
    expect(problems).toEqual([]);
  });

  it("registers each dispute by the committee's entering account, on the registration day", () => {
    const usernames = new Map(all<{ id: number; username: string }>(`SELECT id, username FROM users`).map((u) => [u.id, u.username]));
    const wrong = all<MediationRow>(`SELECT * FROM mediations`).filter(
      (m) => !usernames.has(m.created_by_id) || new Date(Date.parse(m.created_at) + 8 * 3600_000).toISOString().slice(0, 10) !== m.registered_on,
    );
    expect(wrong.map((m) => m.case_no)).toEqual([]);
    // the same account that enters the committee's consultations
    const pairs = all<{ unit: string; m: string; c: string }>(
      `SELECT u.name AS unit, (SELECT group_concat(DISTINCT created_by_id) FROM mediations WHERE registered_unit_id = u.id) AS m,
              (SELECT group_concat(DISTINCT created_by_id) FROM consultations WHERE unit_id = u.id) AS c
       FROM units u WHERE u.level = 'township' AND u.type = 'admin'`,
    );
    expect(pairs).toHaveLength(18);
    for (const p of pairs) expect(p.m, p.unit).toBe(p.c);
    const village = one<{ m: string }>(
      `SELECT group_concat(DISTINCT us.username) AS m FROM mediations md JOIN users us ON us.id = md.created_by_id JOIN units u ON u.id = md.registered_unit_id WHERE u.name = '城东村'`,
    );
    expect(village.m).toBe("village.staff");
  });
});

describe("mediation demo data: parties", () => {
  it("gives every party a valid 18-digit ID number matching its birth date, and plausible details", () => {
    expect(residentId("140821", "1971-03-05", 123, true)).toMatch(/^14082119710305\d{3}[\dX]$/);
    expect(isValidResidentId(residentId("140821", "1971-03-05", 123, true))).toBe(true);
    type P = { mediation_id: number; side: string; kind: string; name: string; gender: string | null; ethnicity: string | null; birth_date: string | null; age: number | null; phone: string | null; address: string | null; id_number: string | null };
    const parties = all<P>(`SELECT * FROM mediation_parties`);
    const withId = parties.filter((p) => p.id_number);
    expect(withId.length).toBeGreaterThan(parties.length * 0.7);
    const badIds = withId.filter(
      (p) => !isValidResidentId(p.id_number!) || p.birth_date !== birthDateOfId(p.id_number!) || (Number(p.id_number!.slice(16, 17)) % 2 === 1) !== (p.gender === "male"),
    );
    expect(badIds).toEqual([]);
    const locals = withId.filter((p) => /^14082[12]/.test(p.id_number!)).length;
    expect(locals / withId.length).toBeGreaterThan(0.95);
    const badParties = parties.filter(
      (p) =>
        p.name.length < 2 ||
        !/^(山西省|陕西省)/.test(p.address ?? "") ||
        (p.kind === "person" &&
          (!["male", "female"].includes(p.gender ?? "") || !/族$/.test(p.ethnicity ?? "") || !(p.birth_date || p.age) || (p.phone && !/^1[358]\d{9}$/.test(p.phone)))),
    );
    expect(badParties).toEqual([]);
    const ethnic = parties.filter((p) => p.kind === "person" && p.ethnicity !== "汉族").length;
    expect(ethnic / parties.length).toBeLessThan(0.02);
    // every dispute has an applicant and a respondent; mostly two parties
    const shape = all<{ a: number; r: number; n: number }>(
      `SELECT SUM(side = 'applicant') AS a, SUM(side = 'respondent') AS r, COUNT(*) AS n FROM mediation_parties GROUP BY mediation_id`,
    );
    expect(shape.length).toBe(one<{ n: number }>(`SELECT COUNT(*) AS n FROM mediations`).n);
    expect(shape.filter((s) => !s.a || !s.r)).toEqual([]);
    expect(shape.filter((s) => s.n === 2).length / shape.length).toBeGreaterThan(0.7);
    expect(parties.filter((p) => p.kind === "organisation").length).toBeGreaterThan(0);
  });

  it("has the same person as a party in two open disputes of 临猗县, which the duplicate warning finds", async () => {
    const linyi = unitByName("临猗县");
    const dup = all<{ id_number: string; n: number }>(
      `SELECT p.id_number, COUNT(DISTINCT m.id) AS n FROM mediation_parties p JOIN mediations m ON m.id = p.mediation_id JOIN units u ON u.id = m.unit_id
       WHERE p.id_number IS NOT NULL AND m.status IN ('registered', 'in_mediation') AND m.voided_at IS NULL AND u.path LIKE ?
       GROUP BY p.id_number HAVING n >= 2`,
      `${linyi.path}%`,
    );
    expect(dup.length).toBeGreaterThan(0);
    const party = one<{ name: string; phone: string | null; gender: string; id_number: string }>(
      `SELECT * FROM mediation_parties WHERE id_number = ? LIMIT 1`,
      dup[0].id_number,
    );
    const bureau = DEMO_ACCOUNTS.find((a) => a.username === "linyi.bureau")!;
    expect(bureau.unitName).toBe("临猗县");
    const actor = await makeActor(linyi, "bureau");
    const township = unitByName("猗氏镇");
    const values = {
      side: "applicant",
      kind: "person",
      name: party.name,
      gender: party.gender,
      ethnicity: "汉族",
      occupation: "",
      phone: "",
      address: "",
      idNumber: party.id_number,
    } as PartyValues;
    const found = await findLikelyDuplicates({ actor, unitId: township.id, parties: [values] });
    expect(new Set(found.map((f) => f.id)).size).toBeGreaterThanOrEqual(2);
    expect(found.every((f) => f.inReach)).toBe(true);
    // 万荣县 has one too
    const wanrong = unitByName("万荣县");
    const dupW = one<{ n: number }>(
      `SELECT COUNT(*) AS n FROM (SELECT p.id_number FROM mediation_parties p JOIN mediations m ON m.id = p.mediation_id JOIN units u ON u.id = m.unit_id
       WHERE p.id_number IS NOT NULL AND m.status IN ('registered', 'in_mediation') AND m.voided_at IS NULL AND u.path LIKE ?
       GROUP BY p.id_number HAVING COUNT(DISTINCT m.id) >= 2)`,
      `${wanrong.path}%`,
    ).n;
    expect(dupW).toBeGreaterThan(0);
  });
});

describe("mediation demo data: lifecycle", () => {
  it("has every state: registered, in mediation, settled, failed, withdrawn, transferred, overdue, follow-ups due", () => {
    for (const county of ["临猗县", "万荣县"]) {
      const live = inCounty(county, "m.voided_at IS NULL");
      const by = (s: string) => live.filter((m) => m.status === s);
      for (const s of ["registered", "in_mediation", "success", "failed", "withdrawn"]) expect(by(s).length, `${county} ${s}`).toBeGreaterThan(0);
      const open = live.filter((m) => m.status === "registered" || m.status === "in_mediation");
      const overdue = open.filter((m) => m.registered_on < addDays(TODAY, -30));
      expect(overdue.length, county).toBeGreaterThan(0);
      expect(overdue.length / open.length, county).toBeLessThan(0.3); // a handful, most open ones are recent
      const followupDue = one<{ n: number }>(
        `SELECT COUNT(*) AS n FROM mediations m JOIN units u ON u.id = m.unit_id WHERE u.path LIKE ? AND m.voided_at IS NULL AND m.status = 'success'
         AND m.concluded_on < ? AND NOT EXISTS (SELECT 1 FROM mediation_followups f WHERE f.mediation_id = m.id)`,
        `${unitByName(county).path}%`,
        addDays(TODAY, -30),
      ).n;
      expect(followupDue, county).toBeGreaterThan(0);
      const perfOverdue = by("success").filter((m) => m.performance_deadline! < TODAY && !["immediate", "performed"].includes(m.performance!));
      expect(perfOverdue.length, county).toBeGreaterThan(0);
      expect(live.filter((m) => m.unit_id !== m.registered_unit_id).length, county).toBeGreaterThan(0);
    }
    const perf = new Set(all<{ performance: string }>(`SELECT DISTINCT performance FROM mediations WHERE status = 'success'`).map((p) => p.performance));
    expect([...perf].sort()).toEqual(["immediate", "in_progress", "not_performed", "partial", "performed"]);
    const jc = new Set(all<{ j: string }>(`SELECT DISTINCT judicial_confirmation AS j FROM mediations`).map((p) => p.j));
    for (const j of ["none", "applied", "granted"]) expect(jc.has(j), j).toBe(true);
  });

  it("keeps each state's details consistent", () => {
    const sessions = new Map<number, string[]>();
    for (const s of all<{ mediation_id: number; held_on: string }>(`SELECT mediation_id, held_on FROM mediation_sessions`)) {
      if (!sessions.has(s.mediation_id)) sessions.set(s.mediation_id, []);
      sessions.get(s.mediation_id)!.push(s.held_on);
    }
    const problems: string[] = [];
    const check = (ok: unknown, m: MediationRow, what: string) => {
      if (!ok) problems.push(`${m.case_no} (${m.status}): ${what}`);
    };
    for (const m of all<MediationRow>(`SELECT * FROM mediations WHERE voided_at IS NULL`)) {
      const held = sessions.get(m.id) ?? [];
      check(m.status === "registered" ? held.length === 0 : held.length >= 1 && held.length <= 4, m, `${held.length} sessions`);
      check(held.every((h) => h >= m.registered_on && h <= (m.concluded_on ?? TODAY)), m, "session dates");
      const concluded = ["success", "failed", "withdrawn"].includes(m.status);
      check(!!m.concluded_on === concluded, m, "concluded_on");
      if (m.status === "success") {
        check(["written", "oral"].includes(m.agreement_form ?? ""), m, "agreement form");
        check((m.agreement_terms ?? "").length > 10, m, "agreement terms");
        check(m.performance && m.performance_manner, m, "performance");
        check(!m.performance_deadline || m.performance_deadline >= m.concluded_on!, m, "deadline before agreement");
        if (m.agreement_amount_fen) {
          check(Number.isInteger(m.agreement_amount_fen) && m.agreement_amount_fen <= m.amount_fen!, m, "agreement amount");
          check(m.agreement_terms!.includes(`人民币${m.agreement_amount_fen / 100}元`), m, "amount in the terms");
        }
        if (m.judicial_confirmation !== "none")
          check(m.agreement_form === "written" && m.jc_applied_on! >= m.concluded_on! && m.jc_applied_on! <= addDays(m.concluded_on!, 30), m, "司法确认 window");
        if (m.judicial_confirmation === "granted" || m.judicial_confirmation === "refused") check(m.jc_decided_on! >= m.jc_applied_on!, m, "decided before applied");
      } else check(m.agreement_form === null && m.agreement_amount_fen === null && m.performance === null, m, "agreement on an unsettled dispute");
      if (m.status === "failed") check(m.failure_reason && ["litigation", "arbitration", "administrative", "other"].includes(m.failure_route ?? ""), m, "failure");
      if (m.status === "withdrawn") check(m.withdraw_reason, m, "withdraw reason");
      if (m.amount_fen !== null) check(Number.isInteger(m.amount_fen) && m.amount_fen > 0, m, "amount");
      check(m.is_mass ? m.persons_involved >= 5 : m.persons_involved >= 2 && m.persons_involved <= 4, m, `${m.persons_involved} persons`);
    }
    expect(problems).toEqual([]);
    // most concluded within 25 days, some late
    const spans = all<{ d: number }>(`SELECT julianday(concluded_on) - julianday(registered_on) AS d FROM mediations WHERE concluded_on IS NOT NULL AND voided_at IS NULL`);
    const within25 = spans.filter((s) => s.d <= 25).length / spans.length;
    expect(within25).toBeGreaterThan(0.85);
    expect(spans.filter((s) => s.d > 30).length).toBeGreaterThan(0);
  });

  it("dates nothing after today or before the first day; conclusions, visits and decisions follow what they follow", () => {
    const dateCols: Array<[string, string[]]> = [
      ["mediations", ["registered_on", "concluded_on", "jc_applied_on", "jc_decided_on"]],
      ["mediation_sessions", ["held_on"]],
      ["mediation_followups", ["visited_on"]],
      ["mediation_transfers", ["transferred_on"]],
    ];
    for (const [table, cols] of dateCols) {
      for (const c of cols) {
        const r = one<{ lo: string | null; hi: string | null }>(`SELECT MIN(${c}) AS lo, MAX(${c}) AS hi FROM ${table}`);
        expect(r.hi! <= TODAY, `${table}.${c}`).toBe(true);
        expect(r.lo! >= FROM, `${table}.${c}`).toBe(true);
        for (const x of all<{ d: string | null }>(`SELECT DISTINCT ${c} AS d FROM ${table}`)) if (x.d) expect(isValidDay(x.d), x.d).toBe(true);
      }
    }
    expect(one<{ n: number }>(`SELECT COUNT(*) AS n FROM mediations WHERE concluded_on < registered_on`).n).toBe(0);
    const badVisits = one<{ n: number }>(
      `SELECT COUNT(*) AS n FROM mediation_followups f JOIN mediations m ON m.id = f.mediation_id
       WHERE m.status <> 'success' OR f.visited_on < m.concluded_on OR f.visited_on > ?`,
      TODAY,
    ).n;
    expect(badVisits).toBe(0);
    // most settled disputes older than two weeks have a follow-up (nearly all after two months), not every one
    const old = one<{ n: number; v: number }>(
      `SELECT COUNT(*) AS n, SUM(EXISTS (SELECT 1 FROM mediation_followups f WHERE f.mediation_id = m.id)) AS v FROM mediations m
       WHERE m.status = 'success' AND m.voided_at IS NULL AND m.concluded_on <= ?`,
      addDays(TODAY, -14),
    );
    expect(old.v / old.n).toBeGreaterThan(0.85);
    expect(old.v / old.n).toBeLessThan(0.99);
    // follow-up visitors are on the concluding committee's roster (or its township's)
    const visitors = all<{ visitor: string; unit_id: number }>(
      `SELECT f.visitor, m.unit_id FROM mediation_followups f JOIN mediations m ON m.id = f.mediation_id`,
    );
    const pathOf = new Map(all<UnitRow>(`SELECT * FROM units`).map((u) => [u.id, u.path]));
    const roster = new Map<string, string[]>();
    for (const x of all<{ unit_id: number; name: string }>(`SELECT unit_id, name FROM mediators`)) {
      if (!roster.has(x.name)) roster.set(x.name, []);
      roster.get(x.name)!.push(pathOf.get(x.unit_id)!);
    }
    for (const v of visitors) expect((roster.get(v.visitor) ?? []).some((p) => pathOf.get(v.unit_id)!.startsWith(p)), v.visitor).toBe(true);
  });

  it("keeps a transferred dispute one dispute: numbered by the village, counted at the committee that has it", () => {
    const rows = all<MediationRow & { from_unit_id: number; to_unit_id: number; transferred_on: string; reg_level: string; cur_level: string; cur_type: string; cur_path: string; reg_path: string }>(
      `SELECT m.*, t.from_unit_id, t.to_unit_id, t.transferred_on, ru.level AS reg_level, cu.level AS cur_level, cu.type AS cur_type, cu.path AS cur_path, ru.path AS reg_path
       FROM mediation_transfers t JOIN mediations m ON m.id = t.mediation_id JOIN units ru ON ru.id = m.registered_unit_id JOIN units cu ON cu.id = m.unit_id`,
    );
    expect(rows.length).toBeGreaterThan(10);
    const villageDisputes = one<{ n: number }>(
      `SELECT COUNT(*) AS n FROM mediations m JOIN units u ON u.id = m.registered_unit_id WHERE u.level = 'village' AND m.voided_at IS NULL`,
    ).n;
    expect(rows.length / villageDisputes).toBeGreaterThan(0.01);
    expect(rows.length / villageDisputes).toBeLessThan(0.06);
    for (const t of rows) {
      expect(t.reg_level).toBe("village");
      expect(t.from_unit_id).toBe(t.registered_unit_id);
      expect(t.to_unit_id).toBe(t.unit_id);
      expect(t.transferred_on >= t.registered_on).toBe(true);
      if (t.concluded_on) expect(t.concluded_on >= t.transferred_on).toBe(true);
      // up to its own township, or across to a county committee
      if (t.cur_level === "township") expect(t.reg_path.startsWith(t.cur_path)).toBe(true);
      else expect(["industry_committee", "stationed_room"]).toContain(t.cur_type);
    }
    expect(rows.some((t) => t.cur_level === "township")).toBe(true);
    expect(rows.some((t) => t.cur_type === "industry_committee")).toBe(true);
  });
});

describe("mediation demo data: rosters", () => {
  it("staffs every committee with mediators, few of them full-time, the demo accounts linked", () => {
    type M = { unit_id: number; name: string; gender: string; full_time: number; phone: string; user_id: number | null; start_on: string; end_on: string | null };
    const ms = all<M>(`SELECT * FROM mediators`);
    const units = all<UnitRow>(`SELECT * FROM units`);
    const of = (u: UnitRow) => ms.filter((m) => m.unit_id === u.id);
    for (const u of units) {
      const list = of(u);
      if (u.level === "township" && u.type === "admin") {
        expect(list.length, u.name).toBeGreaterThanOrEqual(4);
        expect(list.length, u.name).toBeLessThanOrEqual(8);
        const ft = list.filter((m) => m.full_time).length;
        expect(ft, u.name).toBeGreaterThanOrEqual(1);
        expect(ft, u.name).toBeLessThanOrEqual(2);
      } else if (u.level === "village") {
        expect(list.length, u.name).toBeGreaterThanOrEqual(1);
        expect(list.length, u.name).toBeLessThanOrEqual(3);
        expect(list.every((m) => !m.full_time)).toBe(true);
      } else if (u.type === "personal_room") {
        expect(list).toHaveLength(1);
        expect(list[0].full_time).toBe(1);
        expect(list[0].name[0]).toBe(u.name.replace(/^[老]/, "")[0]);
      } else if (u.type === "industry_committee" || u.type === "stationed_room") {
        expect(list.length, u.name).toBeGreaterThanOrEqual(2);
        expect(list.length, u.name).toBeLessThanOrEqual(5);
      } else expect(list, u.name).toHaveLength(0);
    }
    for (const m of ms) {
      expect(m.phone).toMatch(/^1[358]\d{9}$/);
      expect(["male", "female"]).toContain(m.gender);
      expect(m.start_on >= "2015-01-01" && m.start_on <= "2024-12-31").toBe(true);
      if (m.end_on) expect(m.end_on < TODAY).toBe(true);
    }
    expect(ms.filter((m) => m.end_on).length).toBeGreaterThan(0);
    const linyi = unitByName("临猗县");
    const linyiMs = all<M>(`SELECT md.* FROM mediators md JOIN units u ON u.id = md.unit_id WHERE u.path LIKE ?`, `${linyi.path}%`);
    expect(linyiMs.length).toBeGreaterThan(400);
    expect(linyiMs.length).toBeLessThan(1000);
    expect(linyiMs.filter((m) => m.full_time).length / linyiMs.length).toBeLessThan(0.08);
    // township staff accounts are on their township's roster as themselves
    for (const a of DEMO_ACCOUNTS.filter((x) => x.username.endsWith(".staff") || x.username === "yishi.head")) {
      const row = one<{ n: number } | undefined>(
        `SELECT COUNT(*) AS n FROM mediators md JOIN users us ON us.id = md.user_id JOIN units u ON u.id = md.unit_id
         WHERE us.username = ? AND md.name = us.display_name AND u.code = ?`,
        a.username,
        a.unitCode,
      );
      expect(row?.n, a.username).toBe(1);
    }
    // the mediators of a dispute are on the roster of its committee or of a unit above it
    const bad = one<{ n: number }>(
      `SELECT COUNT(*) AS n FROM mediation_mediators mm JOIN mediations m ON m.id = mm.mediation_id JOIN mediators md ON md.id = mm.mediator_id
       JOIN units cu ON cu.id = m.unit_id JOIN units mu ON mu.id = md.unit_id WHERE substr(cu.path, 1, length(mu.path)) <> mu.path`,
    ).n;
    expect(bad).toBe(0);
    const without = one<{ n: number }>(`SELECT COUNT(*) AS n FROM mediations m WHERE NOT EXISTS (SELECT 1 FROM mediation_mediators mm WHERE mm.mediation_id = m.id)`).n;
    expect(without).toBe(0);
  });
});
