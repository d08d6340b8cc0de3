import * as z from "zod/mini";
import { ROLES } from "./enums/units";
import { enumField, idField, lenient, preprocess, requiredText } from "./fields";

/** No composition rules (README Decisions): a minimum length here, and a check against common and guessable passwords on the server. */
export const PASSWORD_MIN_LENGTH = 10;
export const passwordField = () =>
  preprocess(
    (v) => (typeof v === "string" ? v : undefined),
    z.string({ error: "err.required" }).check(z.minLength(PASSWORD_MIN_LENGTH, { error: "err.passwordShort" }), z.maxLength(128, { error: "err.tooLong:128" })),
  );

export const UserSchema = z.object({
  username: preprocess(
    (v) => (typeof v === "string" ? v.trim() : v),
    z.string({ error: "err.required" }).check(z.minLength(1, { error: "err.required" }), z.regex(/^[a-z0-9_.-]{3,32}$/, { error: "err.username" })),
  ),
  displayName: requiredText(30),
  role: enumField(ROLES.values),
  unitId: idField(),
  password: passwordField(),
});
export type UserFormValues = z.output<typeof UserSchema>;

export const ResetPasswordSchema = z.object({ password: passwordField() });

/** The self-service password change (/settings/password): the current password, the new one twice. */
export const PasswordChangeSchema = z
  .object({
    currentPassword: z.string({ error: "err.required" }).check(z.minLength(1, { error: "err.required" }), z.maxLength(256, { error: "err.tooLong:256" })),
    newPassword: passwordField(),
    confirmPassword: z.string({ error: "err.required" }).check(z.minLength(1, { error: "err.required" })),
  })
  .check(z.refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], error: "err.passwordMismatch" }));
export type PasswordChangeValues = z.output<typeof PasswordChangeSchema>;

export const LoginSchema = z.object({
  username: requiredText(64),
  password: z.string({ error: "err.required" }).check(z.minLength(1, { error: "err.required" }), z.maxLength(256, { error: "err.tooLong:256" })),
  redirectTo: z.optional(z.string()),
});

/** An optional phone number: digits with + - space ( ), 5–20 characters; blank is allowed. */
export const optionalPhone = () =>
  preprocess(
    (v) => (typeof v === "string" ? v.trim() : v ?? ""),
    z.string({ error: "err.invalid" }).check(z.refine((p) => p === "" || /^[0-9+\-\s()]{5,20}$/.test(p), { error: "err.phone" })),
  );

/** The new-user form: the account fields plus an optional phone. */
export const UserCreateSchema = z.object({ ...UserSchema.shape, phone: optionalPhone() });
export type UserCreateValues = z.output<typeof UserCreateSchema>;

/**
 * The edit form: name, role, unit and phone. `updatedAt` is the version the editor started from (hidden field):
 * a change by someone else in the meantime answers 409.
 */
export const UserEditSchema = z.object({
  displayName: requiredText(30),
  role: enumField(ROLES.values),
  unitId: idField(),
  phone: optionalPhone(),
  updatedAt: preprocess((v) => (v === "" ? undefined : v), z.optional(z.string().check(z.maxLength(40)))),
});
export type UserEditValues = z.output<typeof UserEditSchema>;

/** User list filters (GET query). Invalid values are ignored rather than refused. */
export const UserFilterSchema = z.object({
  unit: lenient(z.coerce.number().check(z.int(), z.positive())),
  /** "1": the unit itself only, not its sub-units */
  only: lenient(z.enum(["1"])),
  role: lenient(z.enum(ROLES.values)),
  active: lenient(z.enum(["1", "0"])),
  q: lenient(z.string().check(z.trim(), z.maxLength(40))),
  page: lenient(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100000))),
});
export type UserFilters = z.output<typeof UserFilterSchema>;
