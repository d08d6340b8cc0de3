/**
 * The shapes of the integration API's records and lists, one for reading and writing: money in 元 (the stored
 * `…Fen` columns become `…` in yuan, as the POST and PUT bodies take them), category lists as arrays, mediators
 * as `mediatorIds`. List queries are checked strictly: an unknown filter, a value that is not allowed, or a page
 * size above the maximum answers 400 naming it (the pages' own filter links stay lenient).
 */
import { json } from "@remix-run/node";
import { API_HEADERS, failureResponse, problem, readJsonBody, statusProblem, translateKey } from "./api-tokens.server";
import { mergeCorrection, type StoredInput } from "./record-inputs.server";

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

/** A stored record or list row → its API shape: `xxxFen` → `xxx` in 元, `categories: "a,b"` → ["a", "b"]. */
export function toApiShape<T>(value: T): unknown {
  if (Array.isArray(value)) return value.map((v) => toApiShape(v));
  if (!value || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k.endsWith("Fen") && (typeof v === "number" || v === null)) out[k.slice(0, -3)] = v === null ? null : v / 100;
    else if (k === "categories" && typeof v === "string") out[k] = v ? v.split(",").filter(Boolean) : [];
    else out[k] = toApiShape(v);
  }
  return out;
}

type ZodLike = { def: { type: string; innerType?: ZodLike; out?: ZodLike }; options?: readonly string[] };

/** The allowed values of a filter of a list schema (its enum's options), if it is an enumeration. */
function allowedValues(t: ZodLike | undefined): readonly string[] | null {
  let node = t;
  // through optional/default wrappers and the output side of pipes (a lenient filter is a pipe into an optional)
  while (node?.def.innerType || node?.def.out) node = node.def.innerType ?? node.def.out;
  return node?.def.type === "enum" && node.options ? node.options : null;
}

/**
 * The filters and paging of a list request, checked against the list's filter schema: 400 for a name that is not
 * a filter (with the allowed names), a value the filter does not take (with the allowed values), a page size out
 * of 1–200 (with the maximum). The page asked for is kept as asked: past the end, the list answers an empty page.
 */
export function apiListQuery<F>(
  request: Request,
  schema: { shape: Record<string, unknown>; parse(v: unknown): F },
): { ok: true; filters: F; page: number; pageSize: number } | { ok: false; response: Response } {
  const params = new URL(request.url).searchParams;
  const shape = schema.shape as Record<string, ZodLike>;
  const allowed = [...Object.keys(shape), "pageSize"];
  const names = [...new Set(params.keys())];
  const unknown = names.filter((n) => !allowed.includes(n));
  if (unknown.length)
    return {
      ok: false,
      response: problem(400, "unknown_filter", `未知的查询参数：${unknown.join("、")}；可用：${allowed.join("、")}`, { unknownFilters: unknown, allowedFilters: allowed }),
    };
  const raw = Object.fromEntries([...params.entries()].filter(([k]) => k !== "pageSize"));
  const filters = schema.parse(raw) as Record<string, unknown>;
  const fieldErrors: Record<string, string> = {};
  const allowedByFilter: Record<string, readonly string[]> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v.trim() === "") continue;
    const values = allowedValues(shape[k]);
    const badDay = (k === "from" || k === "to") && !/^\d{4}-\d{2}-\d{2}$/.test(v);
    if (filters[k] === undefined || badDay) {
      fieldErrors[k] = values ? `“${v}”不是可选值，可选：${values.join("、")}` : k === "from" || k === "to" ? `“${v}”不是日期（YYYY-MM-DD）` : `“${v}”不是有效的值`;
      if (values) allowedByFilter[k] = values;
    }
  }
  const sizeRaw = params.get("pageSize");
  let pageSize = DEFAULT_PAGE_SIZE;
  if (sizeRaw !== null) {
    const n = Number(sizeRaw);
    if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) fieldErrors.pageSize = `每页条数须为 1–${MAX_PAGE_SIZE} 的整数（最大 ${MAX_PAGE_SIZE}）`;
    else pageSize = n;
  }
  if (Object.keys(fieldErrors).length)
    return {
      ok: false,
      response: problem(400, "bad_request", "查询参数有误", { fieldErrors, ...(Object.keys(allowedByFilter).length ? { allowedValues: allowedByFilter } : {}), maxPageSize: MAX_PAGE_SIZE }),
    };
  return { ok: true, filters: filters as F, page: (filters.page as number | undefined) ?? 1, pageSize };
}

/**
 * A list answer: `{ data, page, pages, pageSize, total, …totals }` in the API shape. A page past the end is empty
 * (`data: []`) with the real totals, so a client paging until it gets nothing stops.
 */
export function apiListResponse(list: { rows: unknown[]; page: number; pages: number } & Record<string, unknown>, page: number, pageSize: number) {
  const { rows, page: _clamped, pages, ...totals } = list;
  const past = page > pages;
  return json({ data: past ? [] : toApiShape(rows), page, pages, pageSize, ...(toApiShape(totals) as Record<string, unknown>) }, { headers: API_HEADERS });
}

// ---- a record: one shape for GET and PUT --------------------------------------------------------------------------

type ModelResult = { ok: true; value: unknown } | { ok: false; status: number; fieldErrors: Record<string, string>; formError?: string };
type Schema<T> = { safeParse(v: unknown): { success: true; data: T } | { success: false; error: import("zod").core.$ZodError } };

/**
 * PUT of a record in the shape GET gives it. The correction changes only the fields it names, merged onto the
 * stored record (`mergeCorrection`): a field sent back as GET showed it keeps its stored value (a masked phone
 * stays the real phone), a masked value that is not the record's own is refused (422 naming the field), a name
 * that is no field of the record answers 400. `version` is optional: when given, a later change answers 409.
 * Then the edit form's schema and the page's own update function; the answer is the record as GET now shows it.
 */
export async function apiMergePut<T>({
  request,
  load,
  view,
  schema,
  update,
  aliases,
}: {
  request: Request;
  load: () => Promise<StoredInput | null>;
  view: () => Promise<Record<string, unknown> | null>;
  schema: Schema<T>;
  update: (data: T, version: number) => Promise<ModelResult>;
  /** read-only shapes a client may send back instead of the field (`mediators` objects for `mediatorIds`) */
  aliases?: (body: Record<string, unknown>, shown: Record<string, unknown>) => void;
}): Promise<Response> {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  if (!body.body || typeof body.body !== "object" || Array.isArray(body.body)) return problem(400, "bad_request", "请求体应为 JSON 对象");
  const patch = { ...(body.body as Record<string, unknown>) };
  const stored = await load();
  const shown = stored ? await view() : null;
  if (!stored || !shown) return statusProblem(404);
  const unknown = Object.keys(patch).filter((k) => k !== "version" && !(k in shown) && !(k in stored.input));
  if (unknown.length)
    return problem(400, "unknown_field", `未知的字段：${unknown.join("、")}；可修改：${Object.keys(stored.input).join("、")}`, { unknownFields: unknown, editableFields: Object.keys(stored.input) });
  let version = stored.version;
  if ("version" in patch) {
    if (!Number.isInteger(patch.version)) return problem(400, "bad_request", "请求内容有误", { fieldErrors: { version: "version 应为整数（读取记录时得到的版本号）" } });
    version = patch.version as number;
  }
  aliases?.(patch, shown);
  const merged = mergeCorrection({ stored: stored.input, shown, patch });
  if (!merged.ok)
    return problem(merged.status, merged.status === 422 ? "masked_value" : merged.status === 409 ? "conflict" : "bad_request", merged.message, { fieldErrors: { [merged.field]: merged.message } });
  const { fieldErrorsOf } = await import("~/schemas/forms");
  const parsed = schema.safeParse(merged.input);
  if (!parsed.success) {
    const fe = fieldErrorsOf(parsed.error);
    return problem(400, "bad_request", "请求内容有误", { fieldErrors: Object.fromEntries(Object.entries(fe).map(([k, v]) => [k, translateKey(v)])) });
  }
  const r = await update(parsed.data, version);
  if (!r.ok) return failureResponse(r);
  return json(await view(), { headers: API_HEADERS });
}
