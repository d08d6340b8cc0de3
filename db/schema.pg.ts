/**
 * The same tables for PostgreSQL (drizzle-orm pg-core), for deployments that outgrow one machine (issue 16).
 * db/schema.ts (SQLite) is the reference and documents every table and column; this file repeats its structure
 * only. The two are kept equal by tests/unit/pg-schema.test.ts, which migrates a fresh database of each engine and
 * compares what the engines report (tables, columns, types, nullability, defaults, keys, indexes). Change both in
 * the same commit, then `npx drizzle-kit generate --config db/drizzle.pg.config.ts --name <branch>`.
 *
 * Types (README › Decisions, "PostgreSQL schema"): the values stored are the SQLite ones, so model code keeps its
 * meaning on both engines:
 * - ISO days and instants stay text (`YYYY-MM-DD`, `…T…Z` with milliseconds, like `new Date().toISOString()`);
 * - ids are `integer` identity columns (SQLite's AUTOINCREMENT: never reused); other whole numbers `integer`;
 * - money in fen (`…Fen`) and the summary counters' values (sums of fen) are `bigint`, read as JS numbers
 *   (exact below 2^53 fen, about 90 trillion yuan);
 * - flags are `boolean` (SQLite stores 0/1; drizzle hands both to the code as true/false);
 * - JSON columns (the audit trail) stay text holding the JSON exactly as written.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";

const id = () => integer().primaryKey().generatedByDefaultAsIdentity();
/** The instant as SQLite writes it: strftime('%Y-%m-%dT%H:%M:%fZ','now'), e.g. 2026-12-01T03:15:05.123Z */
const nowIso = sql`to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const createdAt = () => text().notNull().default(nowIso);
const updatedAt = () => text().notNull().default(nowIso);
/** Money in fen. */
const fen = () => bigint({ mode: "number" });
/** A summary counter's value: a count, or a sum of fen. */
const counter = () => bigint({ mode: "number" });
/** JSON kept as text, exactly as written (SQLite's `text({ mode: "json" })`). */
const jsonText = customType<{ data: unknown; driverData: string }>({
  dataType: () => "text",
  toDriver: (value) => JSON.stringify(value),
  fromDriver: (value) => JSON.parse(value),
});

export const units = pgTable(
  "units",
  {
    id: id(),
    code: text().notNull(),
    name: text().notNull(),
    shortName: text(),
    level: text().notNull(),
    type: text().notNull(),
    parentId: integer().references((): AnyPgColumn => units.id),
    path: text().notNull(),
    depth: integer().notNull(),
    sortOrder: integer().notNull().default(0),
    activeFrom: text().notNull(),
    activeTo: text(),
    mergedIntoId: integer().references((): AnyPgColumn => units.id),
    population: integer(),
    pinyin: text(),
    pinyinInitials: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("units_code_unique").on(t.code),
    index("units_pinyin_initials_idx").on(t.pinyinInitials, t.path),
    index("units_pinyin_idx").on(t.pinyin, t.path),
    uniqueIndex("units_path_unique").on(t.path),
    index("units_parent_idx").on(t.parentId),
    index("units_merged_into_idx").on(t.mergedIntoId),
    index("units_path_kind_idx").on(t.path, t.type, t.level, t.activeFrom, t.activeTo),
    index("units_kind_path_idx").on(t.type, t.level, t.path, t.activeFrom, t.activeTo),
    index("units_name_idx").on(t.name, t.path),
    index("units_short_name_idx").on(t.shortName, t.path),
  ]
);

export const users = pgTable(
  "users",
  {
    id: id(),
    username: text().notNull(),
    displayName: text().notNull(),
    passwordHash: text().notNull(),
    role: text().notNull(),
    unitId: integer()
      .notNull()
      .references(() => units.id),
    active: boolean().notNull().default(true),
    phone: text(),
    totpSecret: text(),
    totpPendingSecret: text(),
    totpLastStep: integer(),
    mustChangePassword: boolean().notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("users_username_unique").on(t.username), index("users_unit_idx").on(t.unitId)]
);

export const userRecoveryCodes = pgTable(
  "user_recovery_codes",
  {
    id: id(),
    userId: integer()
      .notNull()
      .references(() => users.id),
    codeHash: text().notNull(),
    usedAt: text(),
    createdAt: createdAt(),
  },
  (t) => [index("user_recovery_codes_user_idx").on(t.userId)]
);

export const sessions = pgTable(
  "sessions",
  {
    id: text().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id),
    expiresAt: text().notNull(),
    mfaPending: boolean().notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)]
);

export const loginThrottle = pgTable("login_throttle", {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  firstFailureAt: text().notNull(),
  lockedUntil: text(),
});

export const consultations = pgTable(
  "consultations",
  {
    id: id(),
    unitId: integer()
      .notNull()
      .references(() => units.id),
    date: text().notNull(),
    channel: text().notNull(),
    topic: text().notNull(),
    persons: integer().notNull().default(1),
    categories: text().notNull().default(""),
    answeredBy: text().notNull(),
    summary: text().notNull().default(""),
    nextStep: text().notNull(),
    createdById: integer()
      .notNull()
      .references(() => users.id),
    updatedById: integer().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: integer().notNull().default(1),
    voidedAt: text(),
    voidedById: integer().references(() => users.id),
    voidReason: text(),
  },
  (t) => [
    index("consultations_unit_date_idx").on(t.unitId, t.date),
    index("consultations_date_idx").on(t.date),
    index("consultations_created_by_idx").on(t.createdById),
    index("consultations_updated_by_idx").on(t.updatedById),
    index("consultations_voided_by_idx").on(t.voidedById),
  ]
);

export const consultationCategories = pgTable(
  "consultation_categories",
  {
    consultationId: integer()
      .notNull()
      .references(() => consultations.id),
    category: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.consultationId, t.category] }),
    index("consultation_categories_category_idx").on(t.category, t.consultationId),
  ]
);

export const statCounters = pgTable(
  "stat_counters",
  {
    unitId: integer()
      .notNull()
      .references(() => units.id),
    month: integer().notNull(),
    indicator: text().notNull(),
    dim: text().notNull().default(""),
    value: counter().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.month, t.indicator, t.dim] })]
);

export const statCountersDay = pgTable(
  "stat_counters_day",
  {
    unitId: integer().notNull(),
    day: integer().notNull(),
    indicator: text().notNull(),
    dim: text().notNull().default(""),
    value: counter().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.day, t.indicator, t.dim] })]
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: id(),
    at: createdAt(),
    userId: integer().references(() => users.id),
    action: text().notNull(),
    entity: text().notNull(),
    entityId: text(),
    unitId: integer().references(() => units.id),
    before: jsonText(),
    after: jsonText(),
    ip: text(),
  },
  (t) => [
    index("audit_log_entity_idx").on(t.entity, t.entityId),
    index("audit_log_user_idx").on(t.userId),
    index("audit_log_unit_idx").on(t.unitId),
  ]
);

export const disputeTypes = pgTable(
  "dispute_types",
  {
    id: id(),
    unitId: integer()
      .notNull()
      .references(() => units.id),
    name: text().notNull(),
    active: boolean().notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index("dispute_types_unit_idx").on(t.unitId)]
);

export const mediators = pgTable(
  "mediators",
  {
    id: id(),
    unitId: integer()
      .notNull()
      .references(() => units.id),
    name: text().notNull(),
    gender: text(),
    fullTime: boolean().notNull().default(false),
    phone: text(),
    userId: integer().references(() => users.id),
    startOn: text().notNull(),
    endOn: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("mediators_unit_idx").on(t.unitId), index("mediators_user_idx").on(t.userId)]
);

export const caseSequences = pgTable(
  "case_sequences",
  {
    unitId: integer()
      .notNull()
      .references(() => units.id),
    year: integer().notNull(),
    kind: text().notNull(),
    last: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.year, t.kind] })]
);

export const mediations = pgTable(
  "mediations",
  {
    id: id(),
    unitId: integer()
      .notNull()
      .references(() => units.id),
    registeredUnitId: integer()
      .notNull()
      .references(() => units.id),
    caseNo: text().notNull(),
    caseYear: integer().notNull(),
    caseSeq: integer().notNull(),
    registeredOn: text().notNull(),
    source: text().notNull(),
    disputeType: text().notNull(),
    summary: text().notNull(),
    personsInvolved: integer().notNull().default(2),
    amountFen: fen(),
    isMass: boolean().notNull().default(false),
    preventedCriminal: boolean().notNull().default(false),
    preventedPetition: boolean().notNull().default(false),
    status: text().notNull().default("registered"),
    concludedOn: text(),
    agreementForm: text(),
    agreementTerms: text(),
    agreementAmountFen: fen(),
    performanceManner: text(),
    performanceDeadline: text(),
    failureReason: text(),
    failureRoute: text(),
    withdrawReason: text(),
    performance: text(),
    concludedByImport: boolean().notNull().default(false),
    judicialConfirmation: text().notNull().default("none"),
    jcAppliedOn: text(),
    jcDecidedOn: text(),
    referredFromConsultationId: integer().references(() => consultations.id),
    createdById: integer()
      .notNull()
      .references(() => users.id),
    updatedById: integer().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: integer().notNull().default(1),
    voidedAt: text(),
    voidedById: integer().references(() => users.id),
    voidReason: text(),
  },
  (t) => [
    // no index on case_no: the list searches it with LIKE '%…%', which no index serves, and each dispute's
    // insert paid a fifth of its index upkeep for it (README › Bulk import › Speed)
    uniqueIndex("mediations_case_seq_unique").on(t.registeredUnitId, t.caseYear, t.caseSeq),
    index("mediations_unit_registered_idx").on(t.unitId, t.registeredOn),
    index("mediations_registered_idx").on(t.registeredOn),
    index("mediations_unit_concluded_idx").on(t.unitId, t.concludedOn),
    index("mediations_concluded_idx").on(t.concludedOn),
    // the work queues' partial indexes (see db/schema.ts); the flag is a boolean here
    index("mediations_open_work_idx")
      .on(t.unitId, t.registeredOn)
      .where(sql`status IN ('registered', 'in_mediation') AND voided_at IS NULL`),
    index("mediations_performance_work_idx")
      .on(t.unitId, t.performanceDeadline)
      .where(
        sql`status = 'success' AND voided_at IS NULL AND concluded_by_import = false AND coalesce(performance, '') NOT IN ('immediate', 'performed')`,
      ),
    // settled disputes that may owe a follow-up visit (issue 12: "follow-ups due" walks these, not every dispute)
    index("mediations_followup_work_idx")
      .on(t.unitId, t.concludedOn)
      .where(sql`status = 'success' AND voided_at IS NULL AND concluded_by_import = false`),
    index("mediations_status_registered_idx").on(t.status, t.registeredOn),
    // registered_unit_id is the first column of mediations_case_seq_unique, which serves its lookups and foreign key
    index("mediations_consultation_idx").on(t.referredFromConsultationId),
    index("mediations_created_by_idx").on(t.createdById),
    index("mediations_updated_by_idx").on(t.updatedById),
    index("mediations_voided_by_idx").on(t.voidedById),
  ]
);

export const mediationParties = pgTable(
  "mediation_parties",
  {
    id: id(),
    mediationId: integer()
      .notNull()
      .references(() => mediations.id),
    side: text().notNull(),
    kind: text().notNull().default("person"),
    name: text().notNull(),
    gender: text(),
    ethnicity: text(),
    birthDate: text(),
    age: integer(),
    occupation: text(),
    phone: text(),
    address: text(),
    idNumber: text(),
    sortOrder: integer().notNull().default(0),
  },
  (t) => [
    index("mediation_parties_mediation_idx").on(t.mediationId),
    index("mediation_parties_id_number_idx").on(t.idNumber),
    index("mediation_parties_name_phone_idx").on(t.name, t.phone),
  ]
);

export const mediationMediators = pgTable(
  "mediation_mediators",
  {
    mediationId: integer()
      .notNull()
      .references(() => mediations.id),
    mediatorId: integer()
      .notNull()
      .references(() => mediators.id),
  },
  (t) => [
    primaryKey({ columns: [t.mediationId, t.mediatorId] }),
    index("mediation_mediators_mediator_idx").on(t.mediatorId),
  ]
);

export const mediationSessions = pgTable(
  "mediation_sessions",
  {
    id: id(),
    mediationId: integer()
      .notNull()
      .references(() => mediations.id),
    heldOn: text().notNull(),
    mediatorNames: text().notNull(),
    notes: text().notNull(),
    createdById: integer()
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("mediation_sessions_mediation_idx").on(t.mediationId),
    index("mediation_sessions_created_by_idx").on(t.createdById),
  ]
);

export const mediationFollowups = pgTable(
  "mediation_followups",
  {
    id: id(),
    mediationId: integer()
      .notNull()
      .references(() => mediations.id),
    visitedOn: text().notNull(),
    visitor: text().notNull(),
    performanceFound: text().notNull(),
    satisfaction: text().notNull(),
    notes: text().notNull().default(""),
    createdById: integer()
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("mediation_followups_mediation_idx").on(t.mediationId),
    index("mediation_followups_visited_idx").on(t.visitedOn),
    index("mediation_followups_created_by_idx").on(t.createdById),
  ]
);

export const mediationTransfers = pgTable(
  "mediation_transfers",
  {
    id: id(),
    mediationId: integer()
      .notNull()
      .references(() => mediations.id),
    fromUnitId: integer()
      .notNull()
      .references(() => units.id),
    toUnitId: integer()
      .notNull()
      .references(() => units.id),
    transferredOn: text().notNull(),
    reason: text().notNull(),
    byUserId: integer()
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("mediation_transfers_mediation_idx").on(t.mediationId),
    index("mediation_transfers_from_idx").on(t.fromUnitId),
    index("mediation_transfers_to_idx").on(t.toUnitId),
    index("mediation_transfers_by_idx").on(t.byUserId),
  ]
);

export const legalAidProviders = pgTable(
  "legal_aid_providers",
  {
    id: id(),
    centreId: integer()
      .notNull()
      .references(() => units.id),
    name: text().notNull(),
    kind: text().notNull(),
    firmName: text(),
    phone: text(),
    active: boolean().notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("legal_aid_providers_centre_idx").on(t.centreId, t.active)]
);

export const legalAidCases = pgTable(
  "legal_aid_cases",
  {
    id: id(),
    unitId: integer()
      .notNull()
      .references(() => units.id),
    receivedUnitId: integer()
      .notNull()
      .references(() => units.id),
    appNo: text().notNull(),
    appYear: integer().notNull(),
    appSeq: integer().notNull(),
    appliedOn: text().notNull(),
    completeOn: text(),
    missingDocs: text(),
    missingDocsOn: text(),
    applicantRelation: text().notNull().default("self"),
    applicantName: text().notNull(),
    applicantPhone: text(),
    applicantIdNumber: text(),
    caseType: text().notNull(),
    proceeding: text().notNull(),
    serviceForm: text().notNull(),
    cause: text().notNull(),
    matter: text().notNull(),
    meansTest: text().notNull(),
    exemptBasis: text(),
    exemptCategory: text(),
    exemptNote: text(),
    status: text().notNull().default("pending"),
    decisionNo: text(),
    decisionYear: integer(),
    decisionSeq: integer(),
    decidedOn: text(),
    preliminary: boolean().notNull().default(false),
    limitationDeadline: text(),
    refusalReason: text(),
    assignedOn: text(),
    assignmentNo: text(),
    providerId: integer().references(() => legalAidProviders.id),
    closedOn: text(),
    outcome: text(),
    recoveredFen: fen(),
    closingReport: text(),
    terminatedOn: text(),
    terminationReason: text(),
    terminationNote: text(),
    qualityGrade: text(),
    qualityReviewedOn: text(),
    qualityNote: text(),
    followedUpOn: text(),
    satisfaction: text(),
    followupNote: text(),
    referredFromConsultationId: integer().references(() => consultations.id),
    referredFromMediationId: integer().references(() => mediations.id),
    createdById: integer()
      .notNull()
      .references(() => users.id),
    updatedById: integer().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: integer().notNull().default(1),
    voidedAt: text(),
    voidedById: integer().references(() => users.id),
    voidReason: text(),
  },
  (t) => [
    uniqueIndex("legal_aid_cases_app_seq_unique").on(t.unitId, t.appYear, t.appSeq),
    uniqueIndex("legal_aid_cases_decision_seq_unique").on(t.unitId, t.decisionYear, t.decisionSeq),
    index("legal_aid_cases_unit_applied_idx").on(t.unitId, t.appliedOn),
    index("legal_aid_cases_unit_decided_idx").on(t.unitId, t.decidedOn),
    index("legal_aid_cases_unit_closed_idx").on(t.unitId, t.closedOn),
    index("legal_aid_cases_status_idx").on(t.status, t.unitId),
    index("legal_aid_cases_received_unit_idx").on(t.receivedUnitId),
    index("legal_aid_cases_provider_idx").on(t.providerId),
    index("legal_aid_cases_consultation_idx").on(t.referredFromConsultationId),
    index("legal_aid_cases_mediation_idx").on(t.referredFromMediationId),
    index("legal_aid_cases_created_by_idx").on(t.createdById),
    index("legal_aid_cases_updated_by_idx").on(t.updatedById),
    index("legal_aid_cases_voided_by_idx").on(t.voidedById),
  ]
);

export const legalAidBeneficiaries = pgTable(
  "legal_aid_beneficiaries",
  {
    id: id(),
    caseId: integer()
      .notNull()
      .references(() => legalAidCases.id),
    name: text().notNull(),
    gender: text(),
    birthDate: text(),
    idNumber: text(),
    phone: text(),
    address: text(),
    categories: text().notNull().default(""),
    sortOrder: integer().notNull().default(0),
  },
  (t) => [
    index("legal_aid_beneficiaries_case_idx").on(t.caseId),
    index("legal_aid_beneficiaries_id_number_idx").on(t.idNumber),
  ]
);

export const legalAidAssignments = pgTable(
  "legal_aid_assignments",
  {
    id: id(),
    caseId: integer()
      .notNull()
      .references(() => legalAidCases.id),
    providerId: integer()
      .notNull()
      .references(() => legalAidProviders.id),
    assignmentNo: text().notNull(),
    assignmentYear: integer().notNull(),
    assignmentSeq: integer().notNull(),
    assignedOn: text().notNull(),
    reason: text(),
    byUserId: integer()
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("legal_aid_assignments_case_idx").on(t.caseId),
    index("legal_aid_assignments_provider_idx").on(t.providerId),
    index("legal_aid_assignments_by_idx").on(t.byUserId),
  ]
);

export const legalAidProgress = pgTable(
  "legal_aid_progress",
  {
    id: id(),
    caseId: integer()
      .notNull()
      .references(() => legalAidCases.id),
    notedOn: text().notNull(),
    note: text().notNull(),
    byUserId: integer()
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("legal_aid_progress_case_idx").on(t.caseId), index("legal_aid_progress_by_idx").on(t.byUserId)]
);

export const reportEditions = pgTable(
  "report_editions",
  {
    id: id(),
    unitId: integer()
      .notNull()
      .references(() => units.id),
    fromDay: text().notNull(),
    toDay: text().notNull(),
    title: text().notNull(),
    cutoffAt: text().notNull(),
    payload: text().notNull(),
    payloadSha256: text().notNull(),
    createdById: integer()
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("report_editions_unit_idx").on(t.unitId, t.fromDay),
    index("report_editions_created_by_idx").on(t.createdById),
  ]
);

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: id(),
    userId: integer()
      .notNull()
      .references(() => users.id),
    name: text().notNull(),
    tokenHash: text().notNull(),
    prefix: text().notNull(),
    createdAt: createdAt(),
    lastUsedAt: text(),
    revokedAt: text(),
  },
  (t) => [uniqueIndex("api_tokens_hash_unique").on(t.tokenHash), index("api_tokens_user_idx").on(t.userId)]
);

export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    userId: integer()
      .notNull()
      .references(() => users.id),
    key: text().notNull(),
    requestHash: text().notNull(),
    status: integer().notNull(),
    response: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })]
);

export const importBatches = pgTable(
  "import_batches",
  {
    id: id(),
    userId: integer()
      .notNull()
      .references(() => users.id),
    fileName: text().notNull(),
    kind: text().notNull(),
    rows: integer().notNull().default(0),
    imported: integer().notNull().default(0),
    skipped: integer().notNull().default(0),
    status: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("import_batches_user_idx").on(t.userId)]
);

export const importJobs = pgTable(
  "import_jobs",
  {
    id: id(),
    userId: integer()
      .notNull()
      .references(() => users.id),
    fileName: text().notNull(),
    state: text().notNull(),
    rowsTotal: integer().notNull().default(0),
    rowsDone: integer().notNull().default(0),
    result: text(),
    error: text(),
    runner: text(),
    createdAt: createdAt(),
    finishedAt: text(),
  },
  (t) => [index("import_jobs_user_idx").on(t.userId)]
);

export const importRefs = pgTable(
  "import_refs",
  {
    kind: text().notNull(),
    unitId: integer()
      .notNull()
      .references(() => units.id),
    externalRef: text().notNull(),
    recordId: integer().notNull(),
    batchId: integer()
      .notNull()
      .references(() => importBatches.id),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.unitId, t.externalRef] }),
    index("import_refs_unit_idx").on(t.unitId),
    index("import_refs_batch_idx").on(t.batchId),
    index("import_refs_record_idx").on(t.kind, t.recordId),
  ]
);

export const registryPeople = pgTable(
  "registry_people",
  {
    id: id(),
    kind: text().notNull(),
    unitId: integer()
      .notNull()
      .references(() => units.id),
    name: text().notNull(),
    gender: text(),
    phone: text(),
    firmName: text(),
    employer: text(),
    startOn: text().notNull(),
    endOn: text(),
    createdById: integer()
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("registry_people_unit_idx").on(t.unitId, t.kind),
    index("registry_people_created_by_idx").on(t.createdById),
  ]
);

export const targets = pgTable(
  "targets",
  {
    id: id(),
    unitId: integer()
      .notNull()
      .references(() => units.id),
    year: integer().notNull(),
    indicator: text().notNull(),
    value: integer().notNull(),
    setByUnitId: integer()
      .notNull()
      .references(() => units.id),
    setById: integer()
      .notNull()
      .references(() => users.id),
    version: integer().notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("targets_unit_year_indicator_unique").on(t.unitId, t.year, t.indicator),
    index("targets_set_by_unit_idx").on(t.setByUnitId),
    index("targets_set_by_idx").on(t.setById),
  ]
);

export const targetRevisions = pgTable(
  "target_revisions",
  {
    id: id(),
    targetId: integer()
      .notNull()
      .references(() => targets.id),
    version: integer().notNull(),
    oldValue: integer(),
    newValue: integer().notNull(),
    reason: text().notNull().default(""),
    byUserId: integer()
      .notNull()
      .references(() => users.id),
    byUnitId: integer()
      .notNull()
      .references(() => units.id),
    at: createdAt(),
  },
  (t) => [
    index("target_revisions_target_idx").on(t.targetId, t.version),
    index("target_revisions_by_user_idx").on(t.byUserId),
    index("target_revisions_by_unit_idx").on(t.byUnitId),
  ]
);

export const reportStyles = pgTable(
  "report_styles",
  {
    unitId: integer()
      .primaryKey()
      .references(() => units.id),
    style: text().notNull(),
    updatedById: integer()
      .notNull()
      .references(() => users.id),
    updatedAt: updatedAt(),
  },
  (t) => [index("report_styles_updated_by_idx").on(t.updatedById)]
);

export const documents = pgTable(
  "documents",
  {
    id: id(),
    caseKind: text().notNull(),
    caseId: integer().notNull(),
    kind: text().notNull(),
    title: text().notNull(),
    fileName: text().notNull(),
    mime: text().notNull(),
    ext: text().notNull(),
    sizeBytes: integer().notNull(),
    sha256: text().notNull(),
    viewSha256: text(),
    thumbSha256: text(),
    width: integer(),
    height: integer(),
    uploadedById: integer()
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    voidedAt: text(),
    voidedById: integer().references(() => users.id),
    voidReason: text(),
  },
  (t) => [
    index("documents_case_idx").on(t.caseKind, t.caseId),
    index("documents_sha256_idx").on(t.sha256),
    index("documents_uploaded_by_idx").on(t.uploadedById),
    index("documents_voided_by_idx").on(t.voidedById),
  ]
);

export const mediationReviews = pgTable(
  "mediation_reviews",
  {
    id: id(),
    mediationId: integer()
      .notNull()
      .references(() => mediations.id),
    reviewerId: integer()
      .notNull()
      .references(() => users.id),
    reviewerUnitId: integer()
      .notNull()
      .references(() => units.id),
    reviewedOn: text().notNull(),
    grade: text().notNull(),
    faults: text().notNull().default(""),
    note: text().notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [
    index("mediation_reviews_mediation_idx").on(t.mediationId),
    index("mediation_reviews_reviewer_idx").on(t.reviewerId),
    index("mediation_reviews_reviewer_unit_idx").on(t.reviewerUnitId),
  ]
);

export const monthlyReports = pgTable(
  "monthly_reports",
  {
    id: id(),
    unitId: integer()
      .notNull()
      .references(() => units.id),
    month: integer().notNull(),
    kind: text().notNull(),
    submittedOn: text().notNull(),
    submittedById: integer()
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("monthly_reports_unit_month_unique").on(t.unitId, t.month),
    index("monthly_reports_month_idx").on(t.month),
    index("monthly_reports_submitted_by_idx").on(t.submittedById),
  ]
);

/** Monthly reports counted per unit and month: see db/schema.ts. */
/** A number that changes with every change to the units table (a trigger): see db/schema.ts. */
export const unitGeneration = pgTable("unit_generation", {
  id: integer().primaryKey(),
  n: integer().notNull().default(0),
});

export const reportingCounters = pgTable(
  "reporting_counters",
  {
    unitId: integer()
      .notNull()
      .references(() => units.id),
    month: integer().notNull(),
    submitted: integer().notNull().default(0),
    timely: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.month] })]
);
