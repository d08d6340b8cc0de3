import * as z from "zod/mini";
import { UNIT_LEVELS, UNIT_TYPES } from "./enums/units";
import { anyDay, enumField, idField, intField, optionalText, preprocess, requiredText } from "./fields";
import { UserSchema } from "./user";

export const UnitSchema = z.object({
  parentId: idField(),
  code: preprocess(
    (v) => (typeof v === "string" ? v.trim() : v),
    z.string({ error: "err.required" }).check(z.minLength(1, { error: "err.required" }), z.regex(/^[0-9A-Za-z-]{2,20}$/, { error: "err.unitCode" })),
  ),
  name: requiredText(60),
  shortName: optionalText(10),
  level: enumField(UNIT_LEVELS.values),
  type: enumField(UNIT_TYPES.values),
  activeFrom: anyDay(),
  /** 常住人口, for distributing targets; optional */
  population: preprocess((v) => (v === "" || v == null ? undefined : v), z.optional(intField({ min: 0, max: 200_000_000, minError: "err.integer" }))),
});
export type UnitFormValues = z.output<typeof UnitSchema>;

const { code, name, shortName, type, population } = UnitSchema.shape;
export const UnitEditSchema = z.object({ code, name, shortName, type, population });

export const UnitDeactivateSchema = z.object({
  activeTo: anyDay(),
  mergedIntoId: preprocess((v) => (v === "" || v == null ? undefined : v), z.optional(idField())),
});

export const UnitMoveSchema = z.object({ newParentId: idField() });

/** A new unit at the top of the tree: above the current root, or a new root (with its first administrator). */
const { parentId: _parentId, population: _population, ...topUnitShape } = UnitSchema.shape;
export const TopUnitSchema = z.object(topUnitShape);
export const RootUnitSchema = z.object({
  ...TopUnitSchema.shape,
  adminUsername: UserSchema.shape.username,
  adminDisplayName: requiredText(30),
});
