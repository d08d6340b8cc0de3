/**
 * Case numbers: sequential per unit, year and kind, taken inside the registering transaction and never reused
 * (SQLite serialises writers, and the increment is one statement; on PostgreSQL that statement locks the
 * sequence's row until the transaction ends, so registrations of one committee and year queue on it).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { rawGet, rawRun, type Executor } from "~/utils/db.server";

/**
 * Case number prefix of a committee: its short name, else its name without the committee suffixes and without
 * 镇/乡/街道. Villages and communities keep 村/社区, so 猗氏村 never shares 猗氏镇's prefix.
 */
export function committeeShortName(u: { name: string; shortName: string | null }) {
  if (u.shortName) return u.shortName;
  return u.name.replace(/(人民调解委员会|调解委员会|人民调解工作室|调解工作室|调解室)$/u, "").replace(/(街道|镇|乡)$/u, "") || u.name;
}

/** （2026）猗氏调字第0012号 */
export function formatMediationCaseNo(prefix: string, year: number, seq: number) {
  return `（${year}）${prefix}调字第${String(seq).padStart(4, "0")}号`;
}

/** Takes the next number of a sequence in the current transaction: sequential per unit, year and kind, never reused. */
export async function nextCaseSeq(db: Executor, unitId: number, year: number, kind: string): Promise<number> {
  const deferred = deferredSeqs.getStore();
  if (deferred) {
    // a bulk write (withDeferredSequences): the sequence read once, counted here, its last number written at the end
    const key = `${unitId}|${year}|${kind}`;
    let seq = deferred.get(key);
    if (!seq) {
      const row = await rawGet<{ last: number }>(db, LAST_SEQ_SQL, [unitId, year, kind]);
      deferred.set(key, (seq = { unitId, year, kind, last: row?.last ?? 0 }));
    }
    return ++seq.last;
  }
  // one statement, prepared once per connection (a history import takes a number for every record and step)
  const row = (await rawGet<{ last: number }>(db, NEXT_SEQ_SQL, [unitId, year, kind]))!;
  return Number(row.last);
}

const NEXT_SEQ_SQL = `INSERT INTO case_sequences (unit_id, year, kind, last) VALUES (?, ?, ?, 1)
    ON CONFLICT (unit_id, year, kind) DO UPDATE SET last = case_sequences.last + 1
    RETURNING last`;
const LAST_SEQ_SQL = `SELECT last FROM case_sequences WHERE unit_id = ? AND year = ? AND kind = ?`;
const SET_SEQ_SQL = `INSERT INTO case_sequences (unit_id, year, kind, last) VALUES (?, ?, ?, ?)
    ON CONFLICT (unit_id, year, kind) DO UPDATE SET last = excluded.last`;

/** While a bulk write runs (withDeferredSequences): the sequences it took numbers from, with their last number. */
const deferredSeqs = new AsyncLocalStorage<Map<string, { unitId: number; year: number; kind: string; last: number }>>();

/**
 * Runs a bulk write (a history import: a number for every record and several of its steps) with its sequences read
 * once and counted in memory, each one's last number written once at the end — the same numbers as one statement
 * per number, since the caller's transaction holds the write lock throughout. Call inside that transaction; when
 * `fn` throws, nothing is written (the transaction rolls back).
 */
export async function withDeferredSequences<T>(db: Executor, fn: () => Promise<T>): Promise<T> {
  if (deferredSeqs.getStore()) return await fn();
  const deferred = new Map<string, { unitId: number; year: number; kind: string; last: number }>();
  const out = await deferredSeqs.run(deferred, fn);
  for (const s of deferred.values()) await rawRun(db, SET_SEQ_SQL, [s.unitId, s.year, s.kind, s.last]);
  return out;
}


// ---- 法律援助 ----------------------------------------------------------------------------------------------

/** Sequence kinds of a legal aid centre: application 援申, decision 援决, assignment 援指. */
export const LEGAL_AID_SEQ_KINDS = { apply: "la_apply", decide: "la_decide", assign: "la_assign" } as const;
export type LegalAidStage = keyof typeof LEGAL_AID_SEQ_KINDS;
const LEGAL_AID_STAGE_WORDS: Record<LegalAidStage, string> = { apply: "援申", decide: "援决", assign: "援指" };

/** Number prefix of a legal aid centre: 临猗法援 / 临猗县法律援助中心 → 临猗; a county without a centre → its short name. */
export function legalAidPrefix(u: { name: string; shortName: string | null }) {
  const base = (u.shortName || u.name).replace(/(法律援助中心|法援中心|法援)$/u, "");
  return base.replace(/(县|市|区)$/u, "") || base;
}

/** 临猗援申〔2026〕0031号 (援决, 援指 likewise); without a prefix 援申〔2026〕0031号. */
export function formatLegalAidNo(prefix: string, stage: LegalAidStage, year: number, seq: number) {
  return `${prefix}${LEGAL_AID_STAGE_WORDS[stage]}〔${year}〕${String(seq).padStart(4, "0")}号`;
}
