import crypto from "node:crypto";
import argon2 from "argon2";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, migrateDatabase, openDatabase, type DB } from "../app/utils/db.server";
import { readCounters, recountRaw } from "../app/models/counters.server";
import { get, INDICATORS } from "../app/models/counting-rules";
import { isValidDay } from "../app/utils/dates";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, LINYI, MERGED_VILLAGE, WANRONG } from "./seed-data";
import { deletionOrder, seedDemo, SeedRefusedError, type SeedSummary } from "./seed";

const TODAY = "2026-11-22";
const YEARS = [2025, 2026];

type UnitRow = {
  id: number;
  code: string;
  name: string;
  level: string;
  type: string;
  parent_id: number | null;
  path: string;
  depth: number;
  active_from: string;
  active_to: string | null;
  merged_into_id: number | null;
};

let db: DB;
let summary: SeedSummary;
const all = <T>(q: string, ...args: unknown[]) => db.$client.prepare(q).all(...args) as T[];
const one = <T>(q: string, ...args: unknown[]) => db.$client.prepare(q).get(...args) as T;
const unitByName = (name: string) => one<UnitRow>(`SELECT * FROM units WHERE name = ?`, name);
const children = (id: number) => all<UnitRow>(`SELECT * FROM units WHERE parent_id = ? ORDER BY sort_order`, id);

beforeAll(async () => {
  db = getDb();
  summary = await seedDemo(db, { today: TODAY });
}, 60_000);

describe("demo seed: the unit tree", () => {
  it("gives 临猗县 14 townships and 284 active villages, 12–30 under each township", () => {
    const linyi = unitByName("临猗县");
    expect(linyi.code).toBe(LINYI.code);
    const townships = children(linyi.id).filter((u) => u.level === "township" && u.type === "admin");
    expect(townships.map((t) => t.name)).toEqual(LINYI.townships.map((t) => t.name));
    expect(townships).toHaveLength(14);
    let active = 0;
    for (const t of townships) {
      const villages = children(t.id).filter((u) => u.level === "village" && !u.active_to);
      expect(villages.length).toBeGreaterThanOrEqual(12);
      expect(villages.length).toBeLessThanOrEqual(30);
      active += villages.length;
    }
    expect(active).toBe(284);
  });

  it("has the specialised bodies of 临猗县 and 万荣县 with 4 townships of 8–12 villages", () => {
    const linyi = unitByName("临猗县");
    const types = children(linyi.id).map((u) => u.type);
    expect(types.filter((t) => t === "service_centre")).toHaveLength(1);
    expect(types.filter((t) => t === "legal_aid_centre")).toHaveLength(1);
    expect(types.filter((t) => t === "industry_committee")).toHaveLength(4);
    expect(types.filter((t) => t === "stationed_room")).toHaveLength(4);
    const room = unitByName("老张调解室");
    expect(room.type).toBe("personal_room");
    expect(room.parent_id).toBe(unitByName("嵋阳镇").id);

    const wanrong = unitByName("万荣县");
    const townships = children(wanrong.id);
    expect(townships.map((t) => t.name)).toEqual(WANRONG.townships.map((t) => t.name));
    for (const t of townships) {
      const n = children(t.id).filter((u) => u.level === "village").length;
      expect(n).toBeGreaterThanOrEqual(8);
      expect(n).toBeLessThanOrEqual(12);
    }
  });

  it("keeps every path, depth and code consistent", () => {
    const units = all<UnitRow>(`SELECT * FROM units`);
    const byId = new Map(units.map((u) => [u.id, u]));
    expect(new Set(units.map((u) => u.code)).size).toBe(units.length);
    for (const u of units) {
      expect(u.code).toMatch(/^[0-9A-Za-z-]{2,20}$/);
      const parent = u.parent_id ? byId.get(u.parent_id)! : null;
      expect(u.path).toBe(`${parent ? parent.path : "/"}${u.id}/`);
      expect(u.depth).toBe(parent ? parent.depth + 1 : 0);
      expect(u.active_from).toBe("2015-01-01");
    }
    expect(units.filter((u) => u.depth === 0).map((u) => u.name)).toEqual(["运城市"]);
  });

  it("has one village merged into a sibling at the end of the first year, its earlier records kept", () => {
    const merged = all<UnitRow>(`SELECT * FROM units WHERE active_to IS NOT NULL`);
    expect(merged).toHaveLength(1);
    const [v] = merged;
    expect(v.name).toBe(MERGED_VILLAGE.name);
    expect(v.active_to).toBe("2025-12-31");
    const into = one<UnitRow>(`SELECT * FROM units WHERE id = ?`, v.merged_into_id);
    expect(into.name).toBe(MERGED_VILLAGE.mergedInto);
    expect(v.parent_id).toBe(into.id); // it sits under the unit it merged into
    const { n, last } = one<{ n: number; last: string }>(`SELECT COUNT(*) AS n, MAX(date) AS last FROM consultations WHERE unit_id = ?`, v.id);
    expect(n).toBeGreaterThan(0);
    expect(last <= v.active_to!).toBe(true);
  });
});

describe("demo seed: accounts", () => {
  it("creates every demo account with its role, unit and name", async () => {
    for (const a of DEMO_ACCOUNTS) {
      const u = one<{ role: string; display_name: string; code: string; name: string; active: number } | undefined>(
        `SELECT users.role, users.display_name, users.active, units.code, units.name FROM users JOIN units ON units.id = users.unit_id WHERE username = ?`,
        a.username,
      );
      expect(u, a.username).toBeDefined();
      expect(u).toMatchObject({ role: a.role, display_name: a.displayName, code: a.unitCode, name: a.unitName, active: 1 });
    }
    const expected: Array<[string, string, string]> = [
      ["admin", "admin", "运城市"],
      ["city.bureau", "bureau", "运城市"],
      ["writer", "report_writer", "运城市"],
      ["linyi.bureau", "bureau", "临猗县"],
      ["linyi.writer", "report_writer", "临猗县"],
      ["linyi.admin", "admin", "临猗县"],
      ["yishi.head", "centre_head", "猗氏镇"],
      ["yishi.staff", "staff", "猗氏镇"],
      ["meiyang.staff", "staff", "嵋阳镇"],
      ["wanrong.staff", "staff", "解店镇"],
      ["village.staff", "staff", children(unitByName("猗氏镇").id)[0].name],
    ];
    for (const [username, role, unit] of expected) expect(DEMO_ACCOUNTS.find((a) => a.username === username)).toMatchObject({ role, unitName: unit });
    expect(DEMO_ACCOUNTS.find((a) => a.username === "yishi.staff")!.displayName).toBe("王丽");
    expect(DEMO_ACCOUNTS.find((a) => a.username === "meiyang.staff")!.displayName).toBe("李强");
    // every township has a staff account
    for (const t of [...LINYI.townships, ...WANRONG.townships]) {
      expect(DEMO_ACCOUNTS.some((a) => a.role === "staff" && a.unitCode === t.code), t.name).toBe(true);
    }
    const { n } = one<{ n: number }>(`SELECT COUNT(*) AS n FROM users`);
    expect(n).toBe(DEMO_ACCOUNTS.length);
    const hashes = all<{ password_hash: string }>(`SELECT DISTINCT password_hash FROM users`);
    expect(hashes).toHaveLength(1);
    expect(await argon2.verify(hashes[0].password_hash, DEMO_PASSWORD)).toBe(true);
  });
});

describe("demo seed: consultations", () => {
  it("keeps the counters equal to a raw recount for the city and both counties, both years", async () => {
    for (const name of ["运城市", "临猗县", "万荣县"]) {
      const u = unitByName(name);
      for (const y of YEARS) {
        const counters = await readCounters(db, u.id, y * 100 + 1, y * 100 + 12);
        const raw = await recountRaw(db, { path: u.path, from: `${y}-01-01`, to: `${y}-12-31` });
        const pt = get(counters, INDICATORS.consultationPersonTimes);
        expect(pt, `${name} ${y}`).toBeGreaterThan(0);
        expect(pt, `${name} ${y}`).toBe(get(raw, INDICATORS.consultationPersonTimes));
        const nonZero = (m: Map<string, number>) => new Map([...m].filter(([, v]) => v !== 0));
        expect(nonZero(counters), `${name} ${y}`).toEqual(nonZero(raw));
      }
    }
  });

  it("excludes the voided duplicates (about 0.5%) from every figure", async () => {
    const v = one<{ n: number; persons: number; total: number }>(
      `SELECT COUNT(*) AS n, SUM(persons) AS persons, (SELECT COUNT(*) FROM consultations) AS total FROM consultations WHERE voided_at IS NOT NULL`,
    );
    expect(v.n).toBeGreaterThan(0);
    expect(v.n / v.total).toBeLessThan(0.012);
    const bad = one<{ n: number }>(
      `SELECT COUNT(*) AS n FROM consultations WHERE voided_at IS NOT NULL AND (void_reason <> '重复登记' OR voided_by_id IS NULL OR voided_at < created_at)`,
    );
    expect(bad.n).toBe(0);
    const city = unitByName("运城市");
    const counted = get(await readCounters(db, city.id, 202501, 202612), INDICATORS.consultationPersonTimes);
    const live = one<{ p: number }>(`SELECT SUM(persons) AS p FROM consultations WHERE voided_at IS NULL`).p;
    const everything = one<{ p: number }>(`SELECT SUM(persons) AS p FROM consultations`).p;
    expect(counted).toBe(live);
    expect(everything).toBe(live + v.persons);
    expect(summary.voided).toBe(v.n);
  });

  it("gives 临猗县 a plausible yearly volume, 万荣县 about half, with seasonality", async () => {
    const pt = async (name: string, from: string, to: string) =>
      get(await readCounters(db, unitByName(name).id, Number(from), Number(to)), INDICATORS.consultationPersonTimes);
    const linyi2025 = await pt("临猗县", "202501", "202512");
    const linyi2026 = await pt("临猗县", "202601", "202612");
    expect(linyi2025).toBeGreaterThanOrEqual(4000);
    expect(linyi2025).toBeLessThanOrEqual(5000);
    expect(linyi2026).toBeGreaterThanOrEqual(3300); // up to 22 November
    expect(linyi2026).toBeLessThanOrEqual(5000);
    const wanrong2025 = await pt("万荣县", "202501", "202512");
    expect(wanrong2025 / linyi2025).toBeGreaterThan(0.35);
    expect(wanrong2025 / linyi2025).toBeLessThan(0.65);
    expect(summary.personTimes["临猗县"][2025]).toBe(linyi2025);
    // peaks in March and December, quiet around the Spring Festival
    expect(await pt("临猗县", "202503", "202503")).toBeGreaterThan(1.4 * await pt("临猗县", "202502", "202502"));
    expect(await pt("临猗县", "202512", "202512")).toBeGreaterThan(1.4 * await pt("临猗县", "202511", "202511"));
    // township centres log ~150–400 records a year
    const perTownship = all<{ name: string; n: number }>(
      `SELECT u.name, COUNT(*) AS n FROM consultations c JOIN units u ON u.id = c.unit_id
       WHERE u.level = 'township' AND u.type = 'admin' AND c.date LIKE '2025%' GROUP BY u.name`,
    );
    expect(perTownship).toHaveLength(18);
    for (const t of perTownship) {
      expect(t.n, t.name).toBeGreaterThan(100);
      expect(t.n, t.name).toBeLessThan(480);
    }
  });

  it("has monthly reports (零报告): most units on time, some late, a few missing, zero reports only for empty months", () => {
    // October 2026: its deadline (5 November) has passed by TODAY
    const expected = one<{ n: number }>(`SELECT count(*) AS n FROM units WHERE type = 'admin' AND level IN ('village', 'township') AND active_to IS NULL`).n;
    const oct = one<{ n: number; late: number; zero: number }>(
      `SELECT count(*) AS n, sum(submitted_on > '2026-11-05') AS late, sum(kind = 'zero') AS zero FROM monthly_reports WHERE month = 202610`,
    );
    expect(oct.n / expected).toBeGreaterThan(0.85);
    expect(oct.n).toBeLessThan(expected);
    expect(oct.late).toBeGreaterThan(0);
    expect(oct.late / oct.n).toBeLessThan(0.25);
    const wrongZero = one<{ n: number }>(
      `SELECT count(*) AS n FROM monthly_reports r JOIN stat_counters c ON c.unit_id = r.unit_id AND c.month = r.month AND c.dim = '' AND c.value <> 0
       AND c.indicator IN ('consultation.records', 'mediation.accepted', 'legalAid.applications') WHERE r.kind = 'zero'`,
    );
    expect(wrongZero.n).toBe(0);
    expect(one<{ n: number }>(`SELECT count(*) AS n FROM monthly_reports WHERE month >= 202611 OR submitted_on > ?`, TODAY).n).toBe(0);
  });

  it("dates every record from Jan 1 of last year to today, in active units, with valid values", () => {
    const r = one<{ first: string; last: string }>(`SELECT MIN(date) AS first, MAX(date) AS last FROM consultations`);
    expect(r.first).toBe("2025-01-01");
    expect(r.last <= TODAY).toBe(true);
    const outside = one<{ n: number }>(
      `SELECT COUNT(*) AS n FROM consultations c JOIN units u ON u.id = c.unit_id
       WHERE c.date < u.active_from OR (u.active_to IS NOT NULL AND c.date > u.active_to) OR c.created_at < c.date`,
    );
    expect(outside.n).toBe(0);
    for (const row of all<{ date: string; persons: number; channel: string; summary: string; answered_by: string }>(
      `SELECT date, persons, channel, summary, answered_by FROM consultations`,
    )) {
      expect(isValidDay(row.date)).toBe(true);
      if (row.channel === "outreach") expect(row.persons).toBeGreaterThanOrEqual(10);
      else expect(row.persons).toBeLessThanOrEqual(3);
      expect(row.summary.length).toBeGreaterThan(5);
      expect(row.summary).not.toMatch(/\d{11}/); // no phone or ID numbers
      expect(row.answered_by.length).toBeGreaterThan(1);
    }
    // the category rows mirror the categories column
    const mismatch = one<{ n: number }>(
      `SELECT COUNT(*) AS n FROM consultations c
       WHERE c.categories <> COALESCE((SELECT group_concat(category, ',') FROM (SELECT category FROM consultation_categories cc WHERE cc.consultation_id = c.id ORDER BY category)), '')`,
    );
    expect(mismatch.n).toBe(0);
  });

  it("refuses to seed a database that already holds data", async () => {
    const before = one<{ n: number }>(`SELECT COUNT(*) AS n FROM consultations`).n;
    await expect(seedDemo(db, { today: TODAY })).rejects.toBeInstanceOf(SeedRefusedError);
    expect(one<{ n: number }>(`SELECT COUNT(*) AS n FROM consultations`).n).toBe(before);
  });
});

describe("demo seed: determinism and reset", () => {
  const digest = (d: DB) => {
    const h = crypto.createHash("sha256");
    for (const q of [
      `SELECT id, code, name, short_name, level, type, parent_id, path, depth, sort_order, active_from, active_to, merged_into_id FROM units ORDER BY id`,
      `SELECT id, username, display_name, role, unit_id FROM users ORDER BY id`,
      `SELECT id, unit_id, date, channel, topic, persons, categories, answered_by, summary, next_step, created_by_id, created_at, voided_at, voided_by_id, void_reason FROM consultations ORDER BY id`,
      `SELECT * FROM consultation_categories ORDER BY consultation_id, category`,
      `SELECT * FROM stat_counters ORDER BY unit_id, month, indicator, dim`,
    ])
      h.update(JSON.stringify(d.$client.prepare(q).raw().all()));
    return h.digest("hex");
  };

  it("gives the same data for the same today, also after --reset", async () => {
    const mem = openDatabase(":memory:");
    migrateDatabase(mem);
    try {
      await seedDemo(mem, { today: TODAY });
      expect(digest(mem)).toBe(digest(db));
      await seedDemo(mem, { today: TODAY, reset: true });
      expect(digest(mem)).toBe(digest(db));
      const other = await seedDemo(mem, { today: "2026-03-01", reset: true });
      expect(other.from).toBe("2025-01-01");
      expect(one<{ n: number }>(`SELECT COUNT(*) AS n FROM consultations`).n).toBeGreaterThan(0); // the test file's db is untouched
      expect(digest(mem)).not.toBe(digest(db));
    } finally {
      mem.$client.close();
    }
  });

  it("deletes children before the tables they reference", () => {
    const order = deletionOrder(db);
    expect(order.indexOf("consultation_categories")).toBeLessThan(order.indexOf("consultations"));
    expect(order.indexOf("consultations")).toBeLessThan(order.indexOf("users"));
    expect(order.indexOf("users")).toBeLessThan(order.indexOf("units"));
    expect(order.indexOf("stat_counters")).toBeLessThan(order.indexOf("units"));
    expect(order).not.toContain("__drizzle_migrations");
  });
});
