/**
 * Case numbers: sequential per unit, year and kind, taken inside the registering transaction and never reused
 * (SQLite serialises writers, and the increment is one statement).
 */
import { sql } from "drizzle-orm";
import type { Executor } from "~/utils/db.server";

/** Case number prefix of a committee: its short name, else its name without the usual suffixes. */
export function committeeShortName(u: { name: string; shortName: string | null }) {
  if (u.shortName) return u.shortName;
  return u.name.replace(/(人民调解委员会|调解委员会|人民调解工作室|调解工作室|调解室|街道|社区|村|镇|乡)$/u, "") || u.name;
}

/** （2026）猗氏调字第0012号 */
export function formatMediationCaseNo(prefix: string, year: number, seq: number) {
  return `（${year}）${prefix}调字第${String(seq).padStart(4, "0")}号`;
}

/** Takes the next number of a sequence in the current transaction: sequential per unit, year and kind, never reused. */
export function nextCaseSeq(db: Executor, unitId: number, year: number, kind: string): number {
  const row = db.get<{ last: number }>(sql`
    INSERT INTO case_sequences (unit_id, year, kind, last) VALUES (${unitId}, ${year}, ${kind}, 1)
    ON CONFLICT (unit_id, year, kind) DO UPDATE SET last = last + 1
    RETURNING last`);
  return row!.last;
}

