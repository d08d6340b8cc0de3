import { z } from "zod";
import { CHANNELS, NEXT_STEPS, PERSON_CATEGORIES, TOPICS } from "./enums";
import { enumArray, enumField, idField, intField, optionalText, pastDay, requiredText, versionField } from "./fields";

/** The free consultation form: new and edit. */
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

export const ConsultationEditSchema = ConsultationSchema.extend({ version: versionField() });

export const VoidSchema = z.object({
  reason: requiredText(200),
  version: versionField(),
});

/** List filters (GET query). Invalid values are ignored rather than refused: a filter link never 500s. */
export const ConsultationFilterSchema = z.object({
  from: z.string().optional().catch(undefined),
  to: z.string().optional().catch(undefined),
  unit: z.coerce.number().int().positive().optional().catch(undefined),
  channel: z.enum(CHANNELS.values).optional().catch(undefined),
  topic: z.enum(TOPICS.values).optional().catch(undefined),
  category: z.enum(PERSON_CATEGORIES.values).optional().catch(undefined),
  nextStep: z.enum(NEXT_STEPS.values).optional().catch(undefined),
  answeredBy: z.string().trim().max(30).optional().catch(undefined),
  voided: z.enum(["include", "only"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100000).optional().catch(undefined),
  /** seek paging (issue 12): the opaque key of the row a page starts after / ends before */
  after: z.string().max(200).optional().catch(undefined),
  before: z.string().max(200).optional().catch(undefined),
});
export type ConsultationFilters = z.output<typeof ConsultationFilterSchema>;
