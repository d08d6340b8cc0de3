/**
 * Field builders shared by every form schema. Messages are i18n keys (app/i18n); `key:arg` carries a number
 * for the message, e.g. `err.tooLong:50`. Client-safe: the same schema validates in the browser and the action.
 * Written with zod/mini (zod 4's functional build: ~7 KB instead of ~93 KB in the browser); the schemas built from
 * them may use either build, both share zod's core. Wrap a field in `z.optional(…)` rather than calling `.optional()`.
 * Combine objects by spreading their `.shape` into `z.object` rather than `z.extend`/`z.pick`/`z.omit`, and avoid
 * `z.catch`: those bring zod's object helpers (its whole `util` namespace, for `z.catch`) into every form page.
 */
import * as z from "zod/mini";
import { isValidDay, todayInChina } from "~/utils/dates";

/** zod's `preprocess` (a transform piped into the schema), which zod/mini spells out. */
export function preprocess<S extends z.core.$ZodType>(fn: (v: unknown) => unknown, schema: S): z.ZodMiniPipe<z.ZodMiniTransform<unknown, unknown>, S> {
  return z.pipe(z.transform(fn), schema as z.core.$ZodType<unknown, unknown>) as never;
}

/**
 * An optional query value; anything it does not accept is dropped (a filter link never 500s). Not `z.catch`: in
 * zod/mini that one keeps zod's whole `util` namespace (2.4 KB gzipped) in every page's validator chunk.
 */
export const lenient = <S extends z.core.$ZodType>(schema: S) =>
  preprocess((v) => (v !== undefined && z.safeParse(schema, v).success ? v : undefined), z.optional(schema));

export const blankToUndefined = (v: unknown) => (v === null || (typeof v === "string" && v.trim() === "") ? undefined : v);

export const requiredText = (max: number) =>
  preprocess(
    (v) => (typeof v === "string" ? v.trim() : v),
    z.string({ error: "err.required" }).check(z.minLength(1, { error: "err.required" }), z.maxLength(max, { error: `err.tooLong:${max}` })),
  );

export const optionalText = (max: number) =>
  preprocess(
    (v) => (typeof v === "string" ? v.trim() : v ?? ""),
    z.string({ error: "err.invalid" }).check(z.maxLength(max, { error: `err.tooLong:${max}` })),
  );

/** An ISO day, not in the future (China calendar), not before 2000. */
export const pastDay = () =>
  preprocess(
    blankToUndefined,
    z
      .string({ error: "err.required" })
      .check(
        z.refine(isValidDay, { error: "err.date" }),
        z.refine((d) => d >= "2000-01-01", { error: "err.tooOld" }),
        z.refine((d) => d <= todayInChina(), { error: "err.futureDate" }),
      ),
  );

export const anyDay = () =>
  preprocess(blankToUndefined, z.string({ error: "err.required" }).check(z.refine(isValidDay, { error: "err.date" })));

export const optionalDay = () =>
  preprocess(blankToUndefined, z.optional(z.string().check(z.refine(isValidDay, { error: "err.date" }))));

/** A whole number typed in a text or number field. */
export const intField = ({ min, max, minError = "err.positive" }: { min: number; max: number; minError?: string }) =>
  preprocess(
    (v) => {
      const b = blankToUndefined(v);
      if (typeof b === "string") return /^-?\d+$/.test(b.trim()) ? Number(b.trim()) : Number.NaN;
      return b;
    },
    z
      .int({ error: (iss) => (iss.input === undefined ? "err.required" : "err.integer") })
      .check(z.minimum(min, { error: minError }), z.maximum(max, { error: `err.tooMany:${max}` })),
  );

export const idField = (error = "err.choose") =>
  preprocess(
    (v) => {
      const b = blankToUndefined(v);
      return typeof b === "string" && /^\d+$/.test(b) ? Number(b) : b;
    },
    z.int({ error }).check(z.positive({ error })),
  );

export const enumField = <const T extends readonly [string, ...string[]]>(values: T) =>
  preprocess(blankToUndefined, z.enum(values, { error: (iss) => (iss.input === undefined ? "err.choose" : "err.invalidChoice") }));

/** A set of checkboxes: absent → [], one value → [value]. */
export const enumArray = <const T extends readonly [string, ...string[]]>(values: T) =>
  preprocess(
    (v) => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.enum(values, { error: "err.invalidChoice" })),
  );

export const versionField = () => idField("err.badRequest");

export const phoneField = () =>
  preprocess(
    (v) => (typeof v === "string" ? v.trim() : v ?? ""),
    z.string().check(z.refine((s) => s === "" || /^[0-9+\-\s()]{5,20}$/.test(s), { error: "err.phone" })),
  );

/** An amount typed in 元 (up to 2 decimals), stored as integer 分; blank → null. */
export const moneyField = ({ max = 100_000_000_000 }: { max?: number } = {}) =>
  preprocess(
    (v) => {
      if (v === undefined || v === null) return null;
      if (typeof v === "number") return v;
      const s = String(v).trim().replace(/,/g, "");
      if (s === "") return null;
      return /^-?\d+(\.\d{1,2})?$/.test(s) ? Number(s) : Number.NaN;
    },
    z.nullable(
      z.pipe(
        z.number({ error: "err.money" }).check(z.minimum(0, { error: "err.moneyNegative" }), z.maximum(max, { error: "err.money" })),
        z.transform((yuan: number) => Math.round(yuan * 100)),
      ),
    ),
  );

/** A checkbox: present ("on", "1", "true") → true. */
export const checkboxField = () => preprocess((v) => v === true || v === "on" || v === "1" || v === "true", z.boolean());
