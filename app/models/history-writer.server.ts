/**
 * The history import's bulk path: writes a dispute or a legal aid case with the steps of its past (conclusion,
 * 司法确认, 回访; decision, assignment, progress, closing or termination, quality review) as its child rows and ONE
 * insert of the record in the state its last step left — instead of a registration and a versioned write per
 * step, each re-reading the record (a history import took each row through the pages'
 * functions at about 100 rows/s; see README › Bulk import › Speed).
 *
 * The rules are the pages' own, not a copy of them: the row is built by the model's `registrationValues` /
 * `applicationValues`, each step is the lifecycle table's entry (app/models/lifecycle/*-steps.server.ts) taken by
 * the executor's `replayStep` (permission, guard, from-state, the step's checks and effect — an inconsistent
 * history is refused there), the counters come from app/models/counting-rules.ts, summed per unit by the import's
 * `withDeferredCounters`. What the bulk path saves: the unit, roster, centre and provider lookups (once per import
 * in the caller's Lookups and here), drizzle's query building for the record's own writes (reused prepared
 * statements), re-reading the record and its follow-ups at every step, and one audit entry per step (one per record
 * instead, action `import`, with the registration's image and every step's change).
 */
import {
  auditLog,
  legalAidBeneficiaries,
  legalAidCases,
  mediationMediators,
  mediationParties,
  mediations,
} from "../../db/schema";
import { hasSqliteClient, rawGet, rawRun, type Executor } from "~/utils/db.server";
import { getTableName } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { clientOf, insertRow, insertRowSqlite, rowAfterInsert, updateRow } from "~/utils/rows.server";
import type { Actor } from "~/utils/permissions";
import { todayInChina } from "~/utils/dates";
import type { MediationRegisterValues } from "~/schemas/mediation";
import type { LegalAidApplyValues } from "~/schemas/legal-aid";
import { applyRecordChange } from "./counters.server";
import { legalAidContributions, mediationContributions } from "./counting-rules";
import { nextCaseSeq } from "./case-numbers.server";
import { partyRows, registrationAudit, registrationValues, unitActiveOn } from "./mediations.server";
import { applicationAudit, applicationValues, beneficiaryRows, checkExemption, handlingCentreFor, nextNo, type LoadedCase } from "./legal-aid.server";
import { replayStep, type StepFailure } from "./lifecycle/executor.server";
import { MEDIATION_STEPS } from "./lifecycle/mediation-steps.server";
import { LEGAL_AID_STEPS } from "./lifecycle/legal-aid-steps.server";

/** PostgreSQL: the rows kept back and written per statement (some 10 parameters each: well below its 65,535). */
const BATCH = 500;

export type HistoryStep = { step: string; data: Record<string, unknown> };
export type HistoryUnit = { id: number; name: string; shortName: string | null; path: string; activeFrom: string; activeTo: string | null };
/** A refusal of the row: at its registration (step null) or at a step of its history. */
export type HistoryFailure = { step: string | null; fieldErrors: Record<string, string>; formError?: string };

/** The columns a record's steps changed (only those are written: fewer index entries to update). */
function changed(before: object, after: object): Record<string, unknown> {
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k in a) if (k in b && b[k] !== a[k]) out[k] = a[k];
  return out;
}

const failed = (step: string | null, f: StepFailure | { fieldErrors: Record<string, string>; formError?: string }): HistoryFailure => ({
  step,
  fieldErrors: f.fieldErrors,
  formError: f.formError,
});

/** The history columns' step names (app/models/import.server.ts) → the lifecycle tables' entries. */
const MEDIATION_STEP_OF: Record<string, keyof typeof MEDIATION_STEPS> = { conclude: "conclude", jc: "performance", followup: "followup" };
const LEGAL_AID_STEP_OF: Record<string, keyof typeof LEGAL_AID_STEPS> = {
  grant: "grant",
  refuse: "refuse",
  assign: "assign",
  progress: "progress",
  close: "close",
  terminate: "terminate",
  quality: "quality",
};

/**
 * One import's writer of historical records, in the import's transaction. Everything it writes is undone with
 * that transaction when any row is refused (all or nothing).
 *
 * On SQLite a record's row is written once, last, with its id reserved from sqlite_sequence and the foreign keys
 * of the rows written before it deferred to the commit. PostgreSQL's foreign keys are not deferrable: there the
 * record's row is inserted in its registered state first (its id from the identity sequence; before the child rows
 * and the steps' rows that name it), the columns its steps changed are updated at the end, and the registration's
 * child rows and the audit entries are written in batches (`flush`).
 */
export class HistoryWriter {
  private centres = new Map<number, Awaited<ReturnType<typeof handlingCentreFor>>>();
  private providers = new Map<string, number | null>();
  private today = todayInChina();
  private lastIds = new Map<SQLiteTable, number>();
  /** PostgreSQL: the audit entries not yet written (see `audit`) */
  private audits: unknown[][] = [];
  /** PostgreSQL: the child rows not yet written (see `children`) */
  private kept = new Map<SQLiteTable, Array<Record<string, unknown>>>();
  private keptRows = 0;
  /** SQLite: the bulk path's synchronous writes; PostgreSQL: awaited writes, parents before children */
  private readonly sqlite: boolean;
  constructor(
    private tx: Executor,
    private actor: Actor,
    private ip: string | null,
  ) {
    // SQLite: a record's row is inserted once, in the state its last step left, after its child rows and its steps'
    // rows (which name its id): their foreign keys are checked when the import's transaction commits (a violation
    // still fails the whole import); SQLite turns this off again at the transaction's end
    this.sqlite = hasSqliteClient(tx);
    if (this.sqlite) clientOf(tx).pragma("defer_foreign_keys = ON");
  }

  /**
   * The id SQLite would give the table's next row (AUTOINCREMENT: above the largest id it ever gave and the
   * largest now there), read once per import and counted here: every record of this import is inserted by this
   * writer, in the import's transaction, which holds the write lock throughout.
   */
  private newId(table: SQLiteTable): number {
    let last = this.lastIds.get(table);
    if (last === undefined) {
      const name = getTableName(table);
      const row = clientOf(this.tx)
        .prepare(`SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0), coalesce((SELECT max(id) FROM "${name}"), 0)) AS last`)
        .get(name) as { last: number };
      last = row.last;
    }
    this.lastIds.set(table, ++last);
    return last;
  }

  /**
   * The record's audit entry (action `import`): written at once on SQLite; on PostgreSQL kept and written BATCH at a
   * time (one round trip for many records; nothing reads them before the import's end), the rest by `flush`.
   */
  private audit(entity: string, id: number, unitId: number, after: Record<string, unknown>): Promise<void> | undefined {
    if (!this.sqlite) {
      this.audits.push([this.actor.id, "import", entity, String(id), unitId, JSON.stringify(after), this.ip]);
      return this.audits.length >= BATCH ? this.flush() : undefined;
    }
    insertRowSqlite(this.tx, auditLog, { userId: this.actor.id, action: "import", entity, entityId: String(id), unitId, after, ip: this.ip });
  }

  /**
   * Writes what this writer keeps back (PostgreSQL: registration child rows and audit entries); the import awaits it
   * once its records are written, before its own audit entry.
   */
  async flush(): Promise<void> {
    const kept = this.kept;
    this.kept = new Map();
    this.keptRows = 0;
    // some of these tables have no id column: drizzle's multi-row insert, no RETURNING
    for (const [t, rows] of kept) await this.tx.insert(t).values(rows as never).run();
    if (!this.audits.length) return;
    const rows = this.audits;
    this.audits = [];
    await rawRun(
      this.tx,
      `INSERT INTO "audit_log" ("user_id", "action", "entity", "entity_id", "unit_id", "after", "ip") VALUES ${rows.map(() => "(?, ?, ?, ?, ?, ?, ?)").join(", ")}`,
      rows.flat(),
    );
  }

  /**
   * The record's row in its registered state. SQLite: nothing yet, its id counted (the row comes last, in `finish`,
   * its foreign keys deferred). PostgreSQL: inserted now, before the rows that name it (no deferred foreign keys
   * there); its id is the one the identity sequence gave it.
   */
  private async start<T extends SQLiteTable>(table: T, values: T["$inferInsert"]): Promise<number> {
    if (this.sqlite) return this.newId(table);
    return await insertRow(this.tx, table, values);
  }

  /**
   * The registration's child rows (parties, mediators, beneficiaries): written at once on SQLite (synchronously, on
   * reused statements); on PostgreSQL kept and written BATCH rows at a time (their record's row is there already,
   * and no step reads them).
   */
  private children(rows: Array<[SQLiteTable, Record<string, unknown>]>): Promise<void> | undefined {
    if (this.sqlite) {
      for (const [t, v] of rows) insertRowSqlite(this.tx, t, v as never);
      return;
    }
    for (const [t, v] of rows) {
      let list = this.kept.get(t);
      if (!list) this.kept.set(t, (list = []));
      list.push(v);
    }
    this.keptRows += rows.length;
    return this.keptRows >= BATCH ? this.flush() : undefined;
  }

  /** The record's row in the state its last step left: inserted on SQLite, its changed columns updated on PostgreSQL. */
  private async finish<T extends SQLiteTable>(table: T, id: number, values: T["$inferInsert"], changes: Record<string, unknown>): Promise<void> {
    if (this.sqlite) insertRowSqlite(this.tx, table, { ...values, ...changes, id });
    else await updateRow(this.tx, table, id, changes as Partial<T["$inferInsert"]>);
  }

  /** A dispute registered and taken through its history; the first refusal otherwise. */
  async mediation(data: MediationRegisterValues, unit: HistoryUnit, history: HistoryStep[]): Promise<{ ok: true; id: number } | { ok: false; failure: HistoryFailure }> {
    const { actor, tx } = this;
    // registerMediation's checks: the unit exists on the day; the mediators are on its roster or above (the
    // caller's lookups found each name there), at least one
    const inactive = unitActiveOn(unit, data.registeredOn);
    if (inactive) return { ok: false, failure: failed(null, { fieldErrors: inactive }) };
    if (!data.mediatorIds.length) return { ok: false, failure: failed(null, { fieldErrors: { mediatorIds: "err.mediatorOutside" } }) };
    const seq = await nextCaseSeq(tx, data.unitId, Number(data.registeredOn.slice(0, 4)), "mediation");
    const now = new Date().toISOString();
    const values = { ...registrationValues(actor, data, unit, seq), createdAt: now, updatedAt: now };
    const id = await this.start(mediations, values);
    const registered = rowAfterInsert(mediations, id, values, now);
    const children: Array<[SQLiteTable, Record<string, unknown>]> = partyRows(id, data.parties).map((p) => [mediationParties, p]);
    for (const mediatorId of new Set(data.mediatorIds)) children.push([mediationMediators, { mediationId: id, mediatorId }]);
    await this.children(children);
    let record = { ...registered, path: unit.path };
    const steps: Array<Record<string, unknown>> = [];
    const followups: Array<{ visitedOn: string; satisfaction: string }> = [];
    for (const h of history) {
      const def = MEDIATION_STEPS[MEDIATION_STEP_OF[h.step]];
      if (!def) continue;
      const r = await replayStep(def as never, { tx, actor, record, data: { ...h.data, version: record.version }, ip: this.ip });
      if (!r.ok) return { ok: false, failure: failed(h.step, r) };
      record = r.record as typeof record;
      // a conclusion that came with the import is the past's: no 回访 or performance owed today (README › Going live)
      if (h.step === "conclude") record.concludedByImport = true;
      if (h.step === "followup") followups.push({ visitedOn: h.data.visitedOn as string, satisfaction: h.data.satisfaction as string });
      steps.push({ step: r.audit.action, ...r.audit.after });
    }
    await this.finish(mediations, id, values, changed(registered, record));
    await applyRecordChange(tx, { before: null, after: { unitId: record.unitId, contributions: mediationContributions({ ...record, followups }) } });
    await this.audit("mediation", id, record.unitId, { ...registrationAudit(registered, data), steps });
    return { ok: true, id };
  }

  /** A legal aid application with its history (decision, assignment, progress, closing or termination, quality review). */
  async legalAid(data: LegalAidApplyValues, unit: HistoryUnit, history: HistoryStep[]): Promise<{ ok: true; id: number } | { ok: false; failure: HistoryFailure }> {
    const { actor, tx } = this;
    // applyLegalAid's checks (an import row has no referral)
    const inactive = unitActiveOn(unit, data.appliedOn, "receivedUnitId");
    if (inactive) return { ok: false, failure: failed(null, { fieldErrors: inactive.registeredOn ? { appliedOn: inactive.registeredOn } : inactive }) };
    const exemption = checkExemption(data);
    if (exemption) return { ok: false, failure: failed(null, { fieldErrors: exemption }) };
    let centre = this.centres.get(unit.id);
    if (!centre) this.centres.set(unit.id, (centre = await handlingCentreFor(tx, unit.path, this.today)));
    const now = new Date().toISOString();
    const values = { ...applicationValues(actor, data, unit, centre, await nextNo(tx, centre, "apply", data.appliedOn)), createdAt: now, updatedAt: now };
    const id = await this.start(legalAidCases, values);
    const registered = rowAfterInsert(legalAidCases, id, values, now);
    const beneficiaries = beneficiaryRows(id, data.beneficiaries);
    await this.children(beneficiaries.map((b) => [legalAidBeneficiaries, b]));
    let record: LoadedCase = {
      ...registered,
      centrePath: centre.path,
      centreName: centre.name,
      centreShortName: centre.shortName,
      receivedPath: unit.path,
      receivedName: unit.name,
    };
    const steps: Array<Record<string, unknown>> = [];
    for (const h of history) {
      const def = LEGAL_AID_STEPS[LEGAL_AID_STEP_OF[h.step]];
      if (!def) continue;
      let stepData: Record<string, unknown> = { ...h.data, version: record.version };
      if (h.step === "assign") {
        // the 承办人 is named in the sheet: a provider on the handling centre's list
        const providerId = await this.providerId(record.unitId, String(h.data.provider));
        if (providerId === null) return { ok: false, failure: { step: "assign", fieldErrors: { provider: `承办人“${String(h.data.provider)}”不在受理该案的法律援助中心的承办人名单上` } } };
        stepData = { ...stepData, providerId };
      }
      const r = await replayStep(def as never, { tx, actor, record, data: stepData, ip: this.ip });
      // the decision's columns are under "decision.", the steps' own under their name
      if (!r.ok) return { ok: false, failure: failed(h.step === "grant" || h.step === "refuse" ? "decision" : h.step, r) };
      record = r.record as LoadedCase;
      steps.push({ step: r.audit.action, ...r.audit.after });
    }
    await this.finish(legalAidCases, id, values, changed(registered, record));
    const counted = legalAidContributions({ ...record, beneficiaries: beneficiaries.map((b) => ({ categories: b.categories })) });
    await applyRecordChange(tx, { before: null, after: { unitId: record.unitId, contributions: counted } });
    await this.audit("legal_aid", id, record.unitId, { ...applicationAudit(registered, data), steps });
    return { ok: true, id };
  }

  private async providerId(centreId: number, name: string): Promise<number | null> {
    const key = `${centreId}|${name}`;
    if (!this.providers.has(key)) {
      const row = this.sqlite
        ? (clientOf(this.tx)
            .prepare(`SELECT "id" FROM "legal_aid_providers" WHERE "centre_id" = ? AND "name" = ? AND "active" = 1 LIMIT 1`)
            .get(centreId, name) as { id: number } | undefined)
        : // PostgreSQL: "active" is a boolean there
          await rawGet<{ id: number }>(this.tx, `SELECT "id" FROM "legal_aid_providers" WHERE "centre_id" = ? AND "name" = ? AND "active" LIMIT 1`, [centreId, name]);
      this.providers.set(key, row?.id ?? null);
    }
    return this.providers.get(key)!;
  }
}
