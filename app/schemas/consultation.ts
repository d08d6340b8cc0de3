import * as z from "zod/mini";
import { CHANNELS, NEXT_STEPS, PERSON_CATEGORIES, TOPICS } from "./enums/consultation";
import { enumArray, enumField, idField, intField, lenient, optionalText, pastDay, requiredText, versionField } from "./fields";

/** The free consultation form: new and edit. zod/mini (see fields.ts): the entry page must stay light. */
export const ConsultationSchema = z.object({
  date: pastDay(),
  unitId: idField(),
  channel: enumField(CHANNELS.values),
  topic: enumField(TOPICS.values),
  persons: intField({ min: 1, max: 5000 }),
  categories: enumArray(PERSON_CATEGORIES.values),
  answeredBy: requiredText(30),
  summary: optionalText(500),
  nextStep: enumField(NEXT_STEPS.values),
});
export type ConsultationValues = z.output<typeof ConsultationSchema>;
export const CONSULTATION_ARRAY_FIELDS = ["categories"] as const;

export const ConsultationEditSchema = z.object({ ...ConsultationSchema.shape, version: versionField() });

export const VoidSchema = z.object({
  reason: requiredText(200),
  version: versionField(),
});

/** List filters (GET query). Invalid values are ignored rather than refused: a filter link never 500s. */
export const ConsultationFilterSchema = z.object({
  from: lenient(z.string()),
  to: lenient(z.string()),
  unit: lenient(z.coerce.number().check(z.int(), z.positive())),
  channel: lenient(z.enum(CHANNELS.values)),
  topic: lenient(z.enum(TOPICS.values)),
  category: lenient(z.enum(PERSON_CATEGORIES.values)),
  nextStep: lenient(z.enum(NEXT_STEPS.values)),
  answeredBy: lenient(z.string().check(z.trim(), z.maxLength(30))),
  voided: lenient(z.enum(["include", "only"])),
  page: lenient(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100000))),
  /** seek paging (issue 12): the opaque key of the row a page starts after / ends before */
  after: lenient(z.string().check(z.maxLength(200))),
  before: lenient(z.string().check(z.maxLength(200))),
});
export type ConsultationFilters = z.output<typeof ConsultationFilterSchema>;
