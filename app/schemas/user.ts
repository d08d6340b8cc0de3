import { z } from "zod";
import { ROLES } from "./enums";
import { enumField, idField, requiredText } from "./fields";

export const passwordField = () =>
  z.preprocess(
    (v) => (typeof v === "string" ? v : undefined),
    z
      .string({ error: "err.required" })
      .min(10, { error: "err.passwordShort" })
      .max(128, { error: "err.tooLong:128" })
      .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), { error: "err.passwordWeak" }),
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

export const LoginSchema = z.object({
  username: requiredText(64),
  password: z.string({ error: "err.required" }).min(1, { error: "err.required" }).max(256, { error: "err.tooLong:256" }),
  redirectTo: z.string().optional(),
});
