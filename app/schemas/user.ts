import { z } from "zod";
import { ROLES } from "./enums";
import { enumField, idField, requiredText } from "./fields";

/** No composition rules (README Decisions): a minimum length here, and a check against common and guessable passwords on the server. */
export const PASSWORD_MIN_LENGTH = 10;
export const passwordField = () =>
  z.preprocess(
    (v) => (typeof v === "string" ? v : undefined),
    z
      .string({ error: "err.required" })
      .min(PASSWORD_MIN_LENGTH, { error: "err.passwordShort" })
      .max(128, { error: "err.tooLong:128" }),
  );

export const UserSchema = z.object({
  username: z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : v),
    z.string({ error: "err.required" }).min(1, { error: "err.required" }).regex(/^[a-z0-9_.-]{3,32}$/, { error: "err.username" }),
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
    currentPassword: z.string({ error: "err.required" }).min(1, { error: "err.required" }).max(256, { error: "err.tooLong:256" }),
    newPassword: passwordField(),
    confirmPassword: z.string({ error: "err.required" }).min(1, { error: "err.required" }),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], error: "err.passwordMismatch" });
export type PasswordChangeValues = z.output<typeof PasswordChangeSchema>;

export const LoginSchema = z.object({
  username: requiredText(64),
  password: z.string({ error: "err.required" }).min(1, { error: "err.required" }).max(256, { error: "err.tooLong:256" }),
  redirectTo: z.string().optional(),
});

/** An optional phone number: digits with + - space ( ), 5–20 characters; blank is allowed. */
export const optionalPhone = () =>
  z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : v ?? ""),
    z.string({ error: "err.invalid" }).refine((p) => p === "" || /^[0-9+\-\s()]{5,20}$/.test(p), { error: "err.phone" }),
  );

/** The new-user form: the account fields plus an optional phone. */
export const UserCreateSchema = UserSchema.extend({ phone: optionalPhone() });
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
  updatedAt: z.preprocess((v) => (v === "" ? undefined : v), z.string().max(40).optional()),
});
export type UserEditValues = z.output<typeof UserEditSchema>;

/** User list filters (GET query). Invalid values are ignored rather than refused. */
export const UserFilterSchema = z.object({
  unit: z.coerce.number().int().positive().optional().catch(undefined),
  /** "1": the unit itself only, not its sub-units */
  only: z.enum(["1"]).optional().catch(undefined),
  role: z.enum(ROLES.values).optional().catch(undefined),
  active: z.enum(["1", "0"]).optional().catch(undefined),
  q: z.string().trim().max(40).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100000).optional().catch(undefined),
});
export type UserFilters = z.output<typeof UserFilterSchema>;
