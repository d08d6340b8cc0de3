/**
 * API tokens of the integration API and the helpers its routes share: a token acts as its user (role and
 * jurisdiction), is shown once and stored as its SHA-256; POSTs may carry an Idempotency-Key.
 */
import { serializeWith } from "~/utils/sql-dialect.server";
import crypto from "node:crypto";
import { and, desc, eq, isNull, lt } from "drizzle-orm";
import { json } from "@remix-run/node";
import { apiTokens, idempotencyKeys, units, users } from "../../db/schema";
import { getDb } from "~/utils/db.server";
import { audit } from "~/utils/audit.server";
import { can, type Actor } from "~/utils/permissions";
import type { Role } from "~/schemas/enums";
import { translate } from "~/i18n";
import { fail, type Result } from "./units.server";
import { canonicalJson } from "./record-inputs.server";

export const TOKEN_PREFIX = "fq_";
export const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest("hex");

/** Creates a token for the actor; the plain token is returned once and never stored. */
export async function createApiToken({ actor, name, ip }: { actor: Actor; name: string; ip?: string | null }): Promise<Result<{ id: number; token: string }>> {
  if (!can(actor, "manage:tokens")) return fail(403, {}, "err.forbidden");
  const trimmed = name.trim();
  if (!trimmed) return fail(400, { name: "err.required" });
  if (trimmed.length > 60) return fail(400, { name: "err.tooLong:60" });
  const token = TOKEN_PREFIX + crypto.randomBytes(32).toString("base64url");
  return await getDb().transaction(async (tx) => {
    const row = await tx
      .insert(apiTokens)
      .values({ userId: actor.id, name: trimmed, tokenHash: sha256(token), prefix: token.slice(0, 10) })
      .returning()
      .get();
    await audit(tx, { userId: actor.id, action: "create", entity: "api_token", entityId: row.id, unitId: actor.unitId, after: { name: trimmed, prefix: row.prefix }, ip });
    return { ok: true as const, value: { id: row.id, token } };
  });
}

export async function listApiTokens({ actor }: { actor: Actor }) {
  return await getDb()
    .select({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.userId, actor.id))
    .orderBy(desc(apiTokens.id))
    .all();
}

/** Revokes one of the actor's own tokens (404 for anyone else's). */
export async function revokeApiToken({ actor, id, ip }: { actor: Actor; id: number; ip?: string | null }): Promise<Result> {
  return await getDb().transaction(async (tx) => {
    const row = await tx.select().from(apiTokens).where(and(eq(apiTokens.id, id), eq(apiTokens.userId, actor.id))).get();
    if (!row) return fail(404, {}, "err.notFound");
    if (row.revokedAt) return { ok: true as const, value: null };
    const at = new Date().toISOString();
    await tx.update(apiTokens).set({ revokedAt: at }).where(eq(apiTokens.id, id)).run();
    await audit(tx, { userId: actor.id, action: "revoke", entity: "api_token", entityId: id, unitId: actor.unitId, after: { revokedAt: at }, ip });
    return { ok: true as const, value: null };
  });
}

/** The user a bearer token acts as, or null (unknown, revoked, or the user deactivated). */
export async function actorForToken(token: string): Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const db = getDb();
  const row = await db
    .select({
      tokenId: apiTokens.id,
      lastUsedAt: apiTokens.lastUsedAt,
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      unitId: users.unitId,
      unitPath: units.path,
      unitName: units.name,
      unitLevel: units.level,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .innerJoin(units, eq(units.id, users.unitId))
    .where(and(eq(apiTokens.tokenHash, sha256(token)), isNull(apiTokens.revokedAt), eq(users.active, true)))
    .get();
  if (!row) return null;
  const now = new Date().toISOString();
  // last use to the minute: one write a minute at most, not one per request
  if (!row.lastUsedAt || row.lastUsedAt.slice(0, 16) !== now.slice(0, 16))
    await db.transaction(async (tx) => await tx.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.tokenId)).run());
  const { tokenId: _t, lastUsedAt: _l, ...actor } = row;
  return { ...actor, role: actor.role as Role };
}

// ---- JSON answers of the API ---------------------------------------------------------------------------------

export const API_HEADERS = { "Cache-Control": "private, no-store" };

export const problem = (status: number, error: string, message: string, extra: Record<string, unknown> = {}) =>
  json({ error, message, ...extra }, { status, headers: API_HEADERS });

const STATUS_TEXT: Record<number, [string, string]> = {
  400: ["bad_request", "请求内容有误"],
  401: ["unauthorized", "缺少或无效的令牌（Authorization: Bearer …）或会话"],
  403: ["forbidden", "无权执行此操作"],
  404: ["not_found", "记录不存在或不在您的管辖范围内"],
  409: ["conflict", "记录已被他人修改（版本不符），请重新读取后再改"],
  413: ["too_large", "请求体过大"],
  415: ["unsupported_media_type", "请求体须为 JSON（Content-Type: application/json）"],
  422: ["idempotency_mismatch", "同一 Idempotency-Key 已用于不同的请求"],
};

/** A model failure as a JSON problem, field errors translated to Chinese. */
export function failureResponse(result: { status: number; fieldErrors: Record<string, string>; formError?: string | null }) {
  const [error, message] = STATUS_TEXT[result.status] ?? ["error", "请求失败"];
  const fieldErrors = Object.fromEntries(Object.entries(result.fieldErrors ?? {}).map(([k, v]) => [k, translateKey(v)]));
  return problem(result.status, error, result.formError ? translateKey(result.formError) : message, Object.keys(fieldErrors).length ? { fieldErrors } : {});
}

export const statusProblem = (status: number) => problem(status, STATUS_TEXT[status][0], STATUS_TEXT[status][1]);

/** `err.tooLong:50` → the Chinese message with its number. */
export function translateKey(key: string): string {
  const [k, arg] = key.split(":");
  return translate("zh", k, arg ? { n: arg, max: arg, count: arg } : undefined);
}

/** The JSON body of a request: 415 when not JSON, 413 over 1 MB, 400 when malformed. */
export async function readJsonBody(request: Request): Promise<{ ok: true; body: unknown; raw: string } | { ok: false; response: Response }> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.includes("application/json")) return { ok: false, response: statusProblem(415) };
  const raw = await request.text();
  if (raw.length > 1_000_000) return { ok: false, response: statusProblem(413) };
  try {
    return { ok: true, body: JSON.parse(raw), raw };
  } catch {
    return { ok: false, response: problem(400, "bad_request", "请求体不是有效的 JSON") };
  }
}

// ---- idempotency ----------------------------------------------------------------------------------------------

const KEY_DAYS = 7;

/**
 * Runs a create once per (user, Idempotency-Key): a repeat with the same body answers the stored response (with
 * `Idempotent-Replayed: true`); the same key with another body answers 422. Without a key, runs every time.
 * `raw` is the body as compared: its canonical JSON (keys sorted, no spacing), not the bytes sent.
 */
export async function withIdempotency(
  actor: Actor,
  request: Request,
  raw: string,
  run: () => Promise<{ status: number; body: unknown }>,
): Promise<Response> {
  const key = request.headers.get("Idempotency-Key")?.trim();
  if (!key) {
    const r = await run();
    return json(r.body, { status: r.status, headers: API_HEADERS });
  }
  if (key.length > 200) return problem(400, "bad_request", "Idempotency-Key 过长（最多200个字符）");
  const db = getDb();
  const requestHash = sha256(`${request.method} ${new URL(request.url).pathname}\n${raw}`);
  const cutoff = new Date(Date.now() - KEY_DAYS * 86400_000).toISOString();
  // look-up, create and key in one immediate transaction: the same key sent to two server processes at once
  // creates one record (the second waits for the first's commit, then answers its stored response)
  const outcome = await db.transaction(async (tx) => {
    // the same key from two requests at once: the second waits here (PostgreSQL; SQLite's writers already queue)
    await serializeWith(tx, `idempotency:${actor.id}:${key}`);
    await tx.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, cutoff)).run();
    const seen = await tx.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.userId, actor.id), eq(idempotencyKeys.key, key))).get();
    if (seen) return { replay: true as const, seen };
    const r = await run();
    const text = JSON.stringify(r.body);
    // only outcomes that would repeat are kept: a 5xx may be retried with the same key
    if (r.status < 500) await tx.insert(idempotencyKeys).values({ userId: actor.id, key, requestHash, status: r.status, response: text }).onConflictDoNothing().run();
    return { replay: false as const, r, text };
  });
  if (outcome.replay) {
    const { seen } = outcome;
    if (seen.requestHash !== requestHash) return statusProblem(422);
    return new Response(seen.response, { status: seen.status, headers: { ...API_HEADERS, "Content-Type": "application/json; charset=utf-8", "Idempotent-Replayed": "true" } });
  }
  const { r, text } = outcome;
  return new Response(text, { status: r.status, headers: { ...API_HEADERS, "Content-Type": "application/json; charset=utf-8" } });
}

// ---- the shape of every record endpoint --------------------------------------------------------------------------

type ModelResult<T> = { ok: true; value: T } | { ok: false; status: number; fieldErrors: Record<string, string>; formError?: string };
type Schema<T> = { safeParse(v: unknown): { success: true; data: T } | { success: false; error: import("zod").core.$ZodError } };

/**
 * POST of a record: JSON body parsed with the form's own schema (400 with Chinese field errors), then the same
 * model function the form calls; 201 with the new id. Idempotent with an Idempotency-Key header.
 */
export async function apiCreate<T, V extends Record<string, unknown>>(
  request: Request,
  actor: Actor,
  schema: Schema<T>,
  create: (data: T) => Promise<ModelResult<V>>,
): Promise<Response> {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const { fieldErrorsOf } = await import("~/schemas/forms");
  // the same JSON with other spacing or key order is the same request: compare the parsed body
  return await withIdempotency(actor, request, canonicalJson(body.body), async () => {
    const parsed = schema.safeParse(body.body);
    if (!parsed.success) {
      const fe = fieldErrorsOf(parsed.error);
      return { status: 400, body: { error: "bad_request", message: "请求内容有误", fieldErrors: Object.fromEntries(Object.entries(fe).map(([k, v]) => [k, translateKey(v)])) } };
    }
    const r = await create(parsed.data);
    if (!r.ok) return { status: r.status, body: failureBody(r) };
    return { status: 201, body: r.value };
  });
}

/** PUT of a record: the body carries `version`; a later change answers 409. */
export async function apiUpdate<T>(request: Request, schema: Schema<T>, update: (data: T) => Promise<ModelResult<unknown>>): Promise<Response> {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const { fieldErrorsOf } = await import("~/schemas/forms");
  const parsed = schema.safeParse(body.body);
  if (!parsed.success) {
    const fe = fieldErrorsOf(parsed.error);
    return problem(400, "bad_request", "请求内容有误", { fieldErrors: Object.fromEntries(Object.entries(fe).map(([k, v]) => [k, translateKey(v)])) });
  }
  const r = await update(parsed.data);
  if (!r.ok) return failureResponse(r);
  return json({ ok: true }, { headers: API_HEADERS });
}

function failureBody(r: { status: number; fieldErrors: Record<string, string>; formError?: string | null }) {
  const [error, message] = STATUS_TEXT[r.status] ?? ["error", "请求失败"];
  const fieldErrors = Object.fromEntries(Object.entries(r.fieldErrors ?? {}).map(([k, v]) => [k, translateKey(v)]));
  return { error, message: r.formError ? translateKey(r.formError) : message, ...(Object.keys(fieldErrors).length ? { fieldErrors } : {}) };
}

/** Query string → object for a filter schema; `pageSize` (1–200, default 50) read apart. */
export function listQuery(request: Request) {
  const params = new URL(request.url).searchParams;
  const obj = Object.fromEntries(params);
  const size = Number(params.get("pageSize") ?? 50);
  return { filters: obj, pageSize: Number.isInteger(size) && size >= 1 && size <= 200 ? size : 50 };
}

/** 405 for methods an endpoint does not have. */
export const methodNotAllowed = (allow: string) =>
  json({ error: "method_not_allowed", message: `仅支持 ${allow}` }, { status: 405, headers: { ...API_HEADERS, Allow: allow } });

/** A path id, or null (answered 404). */
export const apiId = (v: string | undefined) => (v && /^\d{1,12}$/.test(v) ? Number(v) : null);
