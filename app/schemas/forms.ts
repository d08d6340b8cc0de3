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

export type FieldErrors = Record<string, string>;

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : "_form";
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}

/** Parses a submission with a form's schema: the same schema the browser used. */
export function parseSubmission<S extends z.ZodType>(
  schema: S,
  fd: FormData | URLSearchParams,
  arrays: readonly string[] = [],
): { ok: true; data: z.output<S>; values: Record<string, unknown> } | { ok: false; fieldErrors: FieldErrors; values: Record<string, unknown> } {
  const values = formDataToObject(fd, arrays);
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data, values };
  return { ok: false, fieldErrors: fieldErrorsOf(parsed.error), values };
}
