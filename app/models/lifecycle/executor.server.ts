/**
 * One executor for every lifecycle step of a mediation or a legal aid case. A step is declared once (see
 * mediation-steps.server.ts, legal-aid-steps.server.ts): the states it may start from, who may take it, its schema,
 * its effect on the record. The pages, the API and the history import run it here, always in the same order:
 *
 *   permission (403) → load for write (404, voided 409, not handled here 403) → version (409 stale) → guard (403)
 *   → from-state (409) → the step's own checks and effect → the versioned write with its counters and audit.
 *
 * Everything happens in one transaction; a refusal at any point leaves nothing written. The result carries the
 * message keys (translated by the page in the user's language) and a Chinese `message` for API clients and logs.
 */
import type { z } from "zod";
import { getDb, type Executor } from "~/utils/db.server";
import { can, type Actor, type Permission } from "~/utils/permissions";
import { translate } from "~/i18n";
import { fieldErrorsOf, safeParseWith } from "~/schemas/forms";
import { writeVersioned, type VersionedKind } from "../record-writes.server";

export type StepStatus = 400 | 403 | 404 | 409;

/** A refused step: message keys for the page (`formError`, `fieldErrors`), the Chinese `message` for everyone else. */
export type StepFailure = { ok: false; status: StepStatus; fieldErrors: Record<string, string>; formError?: string; message: string };
export type StepResult<V = null> = { ok: true; value: V; message: string; record: { id: number; version: number; status: string } } | StepFailure;

export type LifecycleRecord = { id: number; unitId: number; version: number; status: string; voidedAt: string | null };

/** What a step's effect gives back: the columns to change (and extra audit), or a refusal. */
export type StepEffect<V> = { set: Record<string, unknown>; extraAudit?: Record<string, unknown>; value: V } | StepFailure;

export type StepContext<R, D> = { tx: Executor; actor: Actor; record: R; data: D; ip: string | null | undefined };

/** One kind of lifecycle record: how it is loaded for a write and how its writes are counted and audited. */
export type LifecycleKind<R extends LifecycleRecord> = {
  name: "mediation" | "legal-aid";
  /** Chinese name, for messages and the API description */
  title: string;
  versioned: VersionedKind<R>;
  /** the record as the actor may write it: 404 out of reach, 409 voided, 403 not handled by the actor's unit */
  load: (tx: Executor, actor: Actor, id: number) => Promise<{ ok: true; value: R } | StepFailure>;
};

export type StepDef<R extends LifecycleRecord, S extends z.core.$ZodType = z.core.$ZodType, V = null> = {
  /** the step's name: the page's `intent` and the API's path segment */
  name: string;
  /** Chinese title */
  title: string;
  /** the audit action (defaults to the name) */
  audit?: string;
  /** the statuses it may start from, or any (a voided record never) */
  from: readonly string[] | "any";
  /** the refusal when the record is in another state (default: 409 with `fromError`) */
  refused?: (r: R) => { fieldErrors?: Record<string, string>; formError: string };
  fromError?: string;
  /** who may take it */
  permission: Permission;
  /** a further check of the actor against the record: the message key of a 403, or null */
  guard?: (tx: Executor, actor: Actor, r: R) => string | null | Promise<string | null>;
  /** its fields: the form's own schema (with `version` unless `versioned` is false) */
  schema: S;
  /** whether the editor's version must still be current (default true) */
  versioned?: boolean;
  /** the step's own checks and its effect; rows it inserts are undone when the step is refused later */
  apply: (ctx: StepContext<R, z.output<S>>) => StepEffect<V> | Promise<StepEffect<V>>;
};

/** The step's own checks refusing: status and keys, like the models' `fail`. */
export function refuse(status: StepStatus, fieldErrors: Record<string, string> = {}, formError?: string): StepFailure {
  return { ok: false, status, fieldErrors, formError, message: chineseMessage(status, fieldErrors, formError) };
}

const STATUS_MESSAGE: Record<StepStatus, string> = {
  400: "common.formErrors",
  403: "err.forbidden",
  404: "err.notFound",
  409: "err.stale",
};

/** `err.tooLong:50` → its Chinese text with the number. */
export function zh(key: string) {
  const i = key.indexOf(":");
  if (i > 0 && /^\d+$/.test(key.slice(i + 1))) {
    const n = key.slice(i + 1);
    return translate("zh", key.slice(0, i), { max: n, min: n, n, count: n });
  }
  return translate("zh", key);
}

function chineseMessage(status: StepStatus, fieldErrors: Record<string, string>, formError?: string) {
  if (formError) return zh(formError);
  const first = Object.entries(fieldErrors)[0];
  if (status === 400 && first) return zh(first[1]);
  return translate("zh", STATUS_MESSAGE[status]);
}

class Rollback extends Error {
  constructor(readonly failure: StepFailure) {
    super(failure.message);
  }
}

const allowedFrom = (step: { from: readonly string[] | "any" }, status: string) => step.from === "any" || step.from.includes(status);

function refusedFrom<R extends LifecycleRecord>(step: StepDef<R, z.core.$ZodType, unknown>, r: R): StepFailure {
  const why = step.refused ? step.refused(r) : { formError: step.fromError ?? "err.badRequest" };
  return refuse(409, why.fieldErrors ?? {}, why.formError);
}

/** Whether a step may start from the record's state now (for pages deciding which forms to offer). */
export function stepAllowedFrom(step: { from: readonly string[] | "any" }, status: string) {
  return allowedFrom(step, status);
}

/** Runs one step on already validated data (the schema's output). */
export async function runStep<R extends LifecycleRecord, S extends z.core.$ZodType, V>(
  kind: LifecycleKind<R>,
  step: StepDef<R, S, V>,
  q: { actor: Actor; id: number; data: z.output<S>; ip?: string | null },
): Promise<StepResult<V>> {
  const { actor, id, data, ip } = q;
  if (!can(actor, step.permission)) return refuse(403, {}, "err.forbidden");
  try {
    return await getDb().transaction(async (tx): Promise<StepResult<V>> => {
      const loaded = await kind.load(tx, actor, id);
      if (!loaded.ok) return loaded;
      const r = loaded.value;
      const allowed = allowedFrom(step, r.status);
      if (step.versioned !== false && (data as { version?: number }).version !== r.version)
        // someone changed it meanwhile; when that change closed the way for this step, say so rather than "stale"
        return allowed ? refuse(409, {}, "err.stale") : refusedFrom(step as never, r);
      if (step.guard) {
        const denied = await step.guard(tx, actor, r);
        if (denied) return refuse(403, {}, denied);
      }
      if (!allowed) return refusedFrom(step as never, r);
      // counted before the step's own rows (a follow-up) are written
      const before = await kind.versioned.contributionsOf(tx, r);
      const effect = await step.apply({ tx, actor, record: r, data, ip });
      if ("ok" in effect) throw new Rollback(effect);
      const updated = await writeVersioned<R>(tx, kind.versioned, { actor, current: r, set: effect.set, action: step.audit ?? step.name, ip, extraAudit: effect.extraAudit, before });
      if (!updated) throw new Rollback(refuse(409, {}, "err.stale"));
      return {
        ok: true,
        value: effect.value,
        message: translate("zh", "lc.done", { step: step.title }),
        record: { id: updated.id, version: updated.version, status: updated.status },
      };
    });
  } catch (e) {
    if (e instanceof Rollback) return e.failure;
    throw e;
  }
}

/** Validates raw input (a form's values, an API body) with the step's schema, then runs it. 400 with field errors. */
export async function submitStep<R extends LifecycleRecord, S extends z.core.$ZodType, V>(
  kind: LifecycleKind<R>,
  step: StepDef<R, S, V>,
  q: { actor: Actor; id: number; input: unknown; ip?: string | null },
): Promise<StepResult<V>> {
  const parsed = safeParseWith(step.schema, q.input);
  if (!parsed.success) return refuse(400, fieldErrorsOf(parsed.error));
  return await runStep(kind, step, { actor: q.actor, id: q.id, data: parsed.data as z.output<S>, ip: q.ip });
}

/** Any step of a kind, whatever its schema: what a page's `intent` or an API path names. */
export type AnyStep<R extends LifecycleRecord> = StepDef<R, z.core.$ZodType, unknown>;

/** The step a page's `intent` or an API path names, or null. */
export function findStep<R extends LifecycleRecord>(_kind: LifecycleKind<R>, steps: object, name: string): AnyStep<R> | null {
  return Object.prototype.hasOwnProperty.call(steps, name) ? ((steps as Record<string, unknown>)[name] as AnyStep<R>) : null;
}

/** A step taken on a record held in memory: the record as the step leaves it, and what its audit entry says. */
export type Replayed<R> = { ok: true; record: R; audit: { action: string; before: Record<string, unknown>; after: Record<string, unknown> } };

/**
 * Takes a step on a record held in memory — the history import's bulk path, which writes each record once after
 * its last step. The same rules as runStep, in the same order: permission (403) → guard (403) → from-state (409)
 * → the step's own checks and effect; the record is then the step's `set` laid over it with the version moved on,
 * as writeVersioned leaves it. Loading and the version check are not needed (the caller made the record). Rows a
 * step's effect inserts (a follow-up, an assignment) are written in `tx`, so the record must have its id.
 */
export async function replayStep<R extends LifecycleRecord & { updatedById?: number | null }, S extends z.ZodType, V>(
  step: StepDef<R, S, V>,
  q: { tx: Executor; actor: Actor; record: R; data: z.output<S>; ip?: string | null },
): Promise<Replayed<R> | StepFailure> {
  const { tx, actor, record: r, data, ip } = q;
  if (!can(actor, step.permission)) return refuse(403, {}, "err.forbidden");
  if (step.guard) {
    const denied = await step.guard(tx, actor, r);
    if (denied) return refuse(403, {}, denied);
  }
  if (!allowedFrom(step, r.status)) return refusedFrom(step as never, r);
  const effect = await step.apply({ tx, actor, record: r, data, ip });
  if ("ok" in effect) return effect;
  return {
    ok: true,
    record: { ...r, ...effect.set, updatedById: actor.id, version: r.version + 1 },
    audit: {
      action: step.audit ?? step.name,
      before: Object.fromEntries(Object.keys(effect.set).map((k) => [k, (r as Record<string, unknown>)[k]])),
      after: { ...effect.set, ...effect.extraAudit },
    },
  };
}
