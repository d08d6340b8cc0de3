/** Turning submitted forms into plain objects and zod errors into field errors (message keys). */
import type { z } from "zod";

/** FormData → object; fields listed in `arrays` always become arrays (checkbox groups). */
export function formDataToObject(fd: FormData | URLSearchParams, arrays: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(fd.keys())) {
    if (key.startsWith("$") || key === "intent" || key === "_csrf") continue;
    const all = fd.getAll(key).map((v) => (typeof v === "string" ? v : v.name));
    out[key] = arrays.includes(key) ? all : all[all.length - 1];
  }
  for (const a of arrays) if (!(a in out)) out[a] = [];
  return out;
}

/**
 * FormData → nested object for forms with repeated groups: `parties.0.name` → { parties: [{ name }] } (the names
 * react-hook-form gives registered fields). Keys listed in `arrays` (at any depth, e.g. `mediatorIds`) collect
 * every value.
 */
export function formDataToNested(fd: FormData | URLSearchParams, arrays: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(fd.keys())) {
    if (key.startsWith("$") || key === "intent") continue;
    const all = fd.getAll(key).map((v) => (typeof v === "string" ? v : v.name));
    const parts = key.split(".");
    if (parts.some((p) => p === "__proto__" || p === "constructor" || p === "prototype")) continue;
    // repeated groups have at most 100 rows: a forged `parties.99999.name` must not build a huge sparse array
    if (parts.some((p) => /^\d+$/.test(p) && p.length > 2)) continue;
    let node: Record<string, unknown> | unknown[] = out;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i];
      const nextIsIndex = /^\d{1,2}$/.test(parts[i + 1]);
      const container = node as Record<string, unknown>;
      if (container[part] === undefined) container[part] = nextIsIndex ? [] : {};
      node = container[part] as Record<string, unknown>;
      if (typeof node !== "object" || node === null) break;
    }
    const last = parts[parts.length - 1];
    const leafName = last;
    (node as Record<string, unknown>)[last] = arrays.includes(leafName) || arrays.includes(key) ? all : all[all.length - 1];
  }
  for (const a of arrays) if (!a.includes(".") && !(a in out)) out[a] = [];
  return out;
}

export type FieldErrors = Record<string, string>;

export function fieldErrorsOf(error: z.core.$ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    // nested fields are addressed as react-hook-form names them: parties.0.name
    // (an error on an element of a list of plain values, such as a checkbox group, belongs to the list)
    const path = issue.path.map(String);
    while (path.length > 1 && /^\d+$/.test(path[path.length - 1])) path.pop();
    const key = path.length ? path.join(".") : "_form";
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}

/** `schema.safeParse(value)` for a schema of either zod build (classic or zod/mini: both have the method). */
export function safeParseWith<S extends z.core.$ZodType>(schema: S, value: unknown): z.core.util.SafeParseResult<z.output<S>> {
  return (schema as unknown as { safeParse(v: unknown): z.core.util.SafeParseResult<z.output<S>> }).safeParse(value);
}

/** Parses a submission with a form's schema: the same schema the browser used. */
export function parseSubmission<S extends z.core.$ZodType>(
  schema: S,
  fd: FormData | URLSearchParams,
  arrays: readonly string[] = [],
  nested = false,
): { ok: true; data: z.output<S>; values: Record<string, unknown> } | { ok: false; fieldErrors: FieldErrors; values: Record<string, unknown> } {
  const values = nested ? formDataToNested(fd, arrays) : formDataToObject(fd, arrays);
  const parsed = safeParseWith(schema, values);
  if (parsed.success) return { ok: true, data: parsed.data, values };
  return { ok: false, fieldErrors: fieldErrorsOf(parsed.error), values };
}
