/**
 * The database schema (drizzle-orm, SQLite). camelCase here, snake_case in SQL
 * (`casing: "snake_case"` in drizzle.config.ts and in app/utils/db.server.ts).
 *
 * Conventions (see README › Decisions):
 * - dates of events are ISO text `YYYY-MM-DD` (China Standard Time calendar day);
 *   instants are ISO text with time and zone (`new Date().toISOString()`).
 * - money is integer fen (分) in columns named `…Fen`.
 * - every foreign key has an index.
 * - records are never erased: a wrong record is voided (voidedAt, voidedById, voidReason).
 */
import { sql } from "drizzle-orm";
import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
  type AnySQLiteColumn,
} from "drizzle-orm/sqlite-core";

const id = () => integer().primaryKey({ autoIncrement: true });
const createdAt = () =>
  text()
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);
const updatedAt = () =>
  text()
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

/** One tree of units: city → county → township → village, plus specialised bodies. */
export const units = sqliteTable(
  "units",
  {
    id: id(),
    /** Stable code: the 12-digit statistical division code where one exists. */
    code: text().notNull(),
    name: text().notNull(),
    /** Short name used in case numbers, e.g. 猗氏 in （2024）猗氏调字第0012号. */
    shortName: text(),
    /** UNIT_LEVELS in app/schemas/enums.ts */
    level: text().notNull(),
    /** UNIT_TYPES in app/schemas/enums.ts */
    type: text().notNull(),
    parentId: integer().references((): AnySQLiteColumn => units.id),
    /** Materialized path of ids, `/1/4/27/`: a subtree is every path that starts with it. */
    path: text().notNull(),
    depth: integer().notNull(),
    sortOrder: integer().notNull().default(0),
    activeFrom: text().notNull(),
    /** Last day the unit was active; null while active. */
    activeTo: text(),
    /** When the unit was merged into another: that unit. Its records stay where they are. */
    mergedIntoId: integer().references((): AnySQLiteColumn => units.id),
    /** Resident population (常住人口), for distributing targets; optional. */
    population: integer(),
    /** Full pinyin of the name, lower case without tones or spaces (猗氏镇 → yishizhen), for the unit picker's search; null until computed (app/models/unit-search.server.ts). */
    pinyin: text(),
    /** First letters of the name's pinyin (猗氏镇 → ysz). */
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
    // registry and coverage counts of a subtree by type and level on a day: one covering range scan
    index("units_path_kind_idx").on(t.path, t.type, t.level, t.activeFrom, t.activeTo),
    index("units_kind_path_idx").on(t.type, t.level, t.path, t.activeFrom, t.activeTo),
    // the unit picker's prefix look-ups
    index("units_name_idx").on(t.name, t.path),
    index("units_short_name_idx").on(t.shortName, t.path),
  ],
);

export const users = sqliteTable(
  "users",
  {
    id: id(),
    username: text().notNull(),
    displayName: text().notNull(),
    passwordHash: text().notNull(),
    /** ROLES in app/schemas/enums.ts */
    role: text().notNull(),
    unitId: integer()
      .notNull()
      .references(() => units.id),
    active: integer({ mode: "boolean" }).notNull().default(true),
    phone: text(),
    /** Two-factor log-in (TOTP, RFC 6238): the base32 secret once enrolment is confirmed; null when off. */
    totpSecret: text(),
    /** A secret being enrolled, until the user confirms it with a code. */
    totpPendingSecret: text(),
    /** The last 30-second step whose code was accepted: a code is never accepted twice. */
    totpLastStep: integer(),
    /** Set for an account whose password someone else chose (the setup's one-time password): every page sends it
     * to 账号安全 until it has chosen its own. */
    mustChangePassword: integer({ mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("users_username_unique").on(t.username), index("users_unit_idx").on(t.unitId)],
);

/** Two-factor recovery codes: shown once, stored as SHA-256, each usable once. */
export const userRecoveryCodes = sqliteTable(
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
  (t) => [index("user_recovery_codes_user_idx").on(t.userId)],
);

/** Server-side sessions: the cookie carries only the signed id, so logout, password reset and deactivation end them. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id),
    /** Idle expiry: pushed forward by each request, never past createdAt + 12 h. */
    expiresAt: text().notNull(),
    /** The password was right but the two-factor code is still awaited: not a logged-in session yet. */
    mfaPending: integer({ mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Failed log-ins per user name (known or not): slowed after a few, locked for a while after more. */
export const loginThrottle = sqliteTable("login_throttle", {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  firstFailureAt: text().notNull(),
  lockedUntil: text(),
});

/** 免费法律咨询: counted in 人次 (persons). */
export const consultations = sqliteTable(
  "consultations",
  {
    id: id(),
    unitId: integer()
      .notNull()
      .references(() => units.id),
    date: text().notNull(),
    /** CHANNELS */
    channel: text().notNull(),
    /** TOPICS */
    topic: text().notNull(),
    persons: integer().notNull().default(1),
    /** PERSON_CATEGORIES, comma-separated and sorted; filtered through consultation_categories. */
    categories: text().notNull().default(""),
    answeredBy: text().notNull(),
    summary: text().notNull().default(""),
    /** NEXT_STEPS */
    nextStep: text().notNull(),
    createdById: integer()
      .notNull()
      .references(() => users.id),
    updatedById: integer().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** Optimistic concurrency: an edit must name the version it started from. */
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
  ],
);

export const consultationCategories = sqliteTable(
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
  ],
);

/**
 * Summary counters: unit × month × indicator × dimension. Every record's contribution is added at its
 * unit and at every ancestor, in the same transaction as the write (app/models/counters.server.ts).
 * `dim` is '' for the total, or `channel:hotline`, `topic:labour`, … for a breakdown.
 */
export const statCounters = sqliteTable(
  "stat_counters",
  {
    unitId: integer()
      .notNull()
      .references(() => units.id),
    /** yyyymm as an integer, e.g. 202403 */
    month: integer().notNull(),
    indicator: text().notNull(),
    dim: text().notNull().default(""),
    value: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.month, t.indicator, t.dim] })],
);

/**
 * Day-grain counters (issue 12): the same sums per calendar day, kept for the units down to DAY_COUNTER_DEPTH in
 * app/models/counters.server.ts (4: province, cities, counties, townships, villages; 2 before migration 0020), so
 * that a period's edge days and a child breakdown of any period are read, not recounted from raw rows; a deeper
 * unit recounts its edge-day rows. Kept in each write's transaction like stat_counters.
 */
export const statCountersDay = sqliteTable(
  "stat_counters_day",
  {
    unitId: integer().notNull(),
    /** yyyymmdd as an integer, e.g. 20240315 */
    day: integer().notNull(),
    indicator: text().notNull(),
    dim: text().notNull().default(""),
    value: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.day, t.indicator, t.dim] })],
);

/** Every write and every export: who, when, what, before and after. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: id(),
    at: createdAt(),
    userId: integer().references(() => users.id),
    action: text().notNull(),
    entity: text().notNull(),
    entityId: text(),
    unitId: integer().references(() => units.id),
    before: text({ mode: "json" }),
    after: text({ mode: "json" }),
    ip: text(),
  },
  (t) => [
    index("audit_log_entity_idx").on(t.entity, t.entityId),
    index("audit_log_user_idx").on(t.userId),
    index("audit_log_unit_idx").on(t.unitId),
  ],
);

export type Unit = typeof units.$inferSelect;
export type User = typeof users.$inferSelect;
export type Consultation = typeof consultations.$inferSelect;

/** Dispute types a county adds to the built-in dictionary (MEDIATION_TYPES in app/schemas/enums.ts). */
export const disputeTypes = sqliteTable(
  "dispute_types",
  {
    id: id(),
    /** The county (or city) that added it; visible in that unit's subtree. */
    unitId: integer()
      .notNull()
      .references(() => units.id),
    /** Stored on disputes as `x<id>` to stay apart from built-in codes. */
    name: text().notNull(),
    active: integer({ mode: "boolean" }).notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index("dispute_types_unit_idx").on(t.unitId)],
);

/** The roster of mediators (人民调解员) of a unit: a registry (design §3.4) that the case forms pick from. */
export const mediators = sqliteTable(
  "mediators",
  {
    id: id(),
    unitId: integer()
      .notNull()
      .references(() => units.id),
    name: text().notNull(),
    gender: text(),
    /** 专职 full-time or 兼职 part-time */
    fullTime: integer({ mode: "boolean" }).notNull().default(false),
    phone: text(),
    userId: integer().references(() => users.id),
    startOn: text().notNull(),
    endOn: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("mediators_unit_idx").on(t.unitId), index("mediators_user_idx").on(t.userId)],
);

/** Case number sequences per unit, year and kind: incremented in the registering transaction, never reused. */
export const caseSequences = sqliteTable(
  "case_sequences",
  {
    unitId: integer()
      .notNull()
      .references(() => units.id),
    year: integer().notNull(),
    kind: text().notNull(),
    last: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.year, t.kind] })],
);

/** 人民调解 矛盾纠纷: one dispute from registration to follow-up. */
export const mediations = sqliteTable(
  "mediations",
  {
    id: id(),
    /** The committee handling it now; after a conclusion, the one that concluded it. Figures count it here. */
    unitId: integer()
      .notNull()
      .references(() => units.id),
    /** The committee that registered it (and numbered it). */
    registeredUnitId: integer()
      .notNull()
      .references(() => units.id),
    caseNo: text().notNull(),
    caseYear: integer().notNull(),
    caseSeq: integer().notNull(),
    registeredOn: text().notNull(),
    /** MEDIATION_SOURCES */
    source: text().notNull(),
    /** MEDIATION_TYPES code, or `x<id>` for a county's own type */
    disputeType: text().notNull(),
    summary: text().notNull(),
    personsInvolved: integer().notNull().default(2),
    amountFen: integer(),
    isMass: integer({ mode: "boolean" }).notNull().default(false),
    preventedCriminal: integer({ mode: "boolean" }).notNull().default(false),
    preventedPetition: integer({ mode: "boolean" }).notNull().default(false),
    /** MEDIATION_STATUSES */
    status: text().notNull().default("registered"),
    concludedOn: text(),
    /** AGREEMENT_FORMS: written 协议书 / oral 口头 */
    agreementForm: text(),
    agreementTerms: text(),
    agreementAmountFen: integer(),
    performanceManner: text(),
    performanceDeadline: text(),
    failureReason: text(),
    /** FAILURE_ROUTES */
    failureRoute: text(),
    withdrawReason: text(),
    /** PERFORMANCE_STATUSES */
    performance: text(),
    /** Concluded by a history import (the conclusion is the past's, not today's work): its follow-up and
     * performance are not due on anyone's to-do list (README › Going live › History). */
    concludedByImport: integer({ mode: "boolean" }).notNull().default(false),
    /** JUDICIAL_CONFIRMATION */
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
    // committees in different places may share a short name: a number is unique per committee and year
    // no index on case_no: the list searches it with LIKE '%…%', which no index serves, and each dispute's
    // insert paid a fifth of its index upkeep for it (README › Bulk import › Speed)
    uniqueIndex("mediations_case_seq_unique").on(t.registeredUnitId, t.caseYear, t.caseSeq),
    index("mediations_unit_registered_idx").on(t.unitId, t.registeredOn),
    // a province's or a city's list, newest first (issue 12)
    index("mediations_registered_idx").on(t.registeredOn),
    index("mediations_unit_concluded_idx").on(t.unitId, t.concludedOn),
    // the whole tree's disputes concluded in a period (filling the day counters, one pass a month)
    index("mediations_concluded_idx").on(t.concludedOn),
    // work queues (issue 12): indexes whose size is the open work, not all disputes. Their conditions are literal
    // and queries repeat them word for word (WORK_QUEUE_SQL in app/models/mediations.server.ts), or SQLite cannot
    // use them.
    index("mediations_open_work_idx")
      .on(t.unitId, t.registeredOn)
      .where(sql`status IN ('registered', 'in_mediation') AND voided_at IS NULL`),
    index("mediations_performance_work_idx")
      .on(t.unitId, t.performanceDeadline)
      .where(
        sql`status = 'success' AND voided_at IS NULL AND concluded_by_import = 0 AND coalesce(performance, '') NOT IN ('immediate', 'performed')`,
      ),
    // settled disputes that may owe a follow-up visit (issue 12: "follow-ups due" walks these, not every dispute)
    index("mediations_followup_work_idx")
      .on(t.unitId, t.concludedOn)
      .where(sql`status = 'success' AND voided_at IS NULL AND concluded_by_import = 0`),
    index("mediations_status_registered_idx").on(t.status, t.registeredOn),
    // registered_unit_id is the first column of mediations_case_seq_unique, which serves its lookups and foreign key
    index("mediations_consultation_idx").on(t.referredFromConsultationId),
    index("mediations_created_by_idx").on(t.createdById),
    index("mediations_updated_by_idx").on(t.updatedById),
    index("mediations_voided_by_idx").on(t.voidedById),
  ],
);

export const mediationParties = sqliteTable(
  "mediation_parties",
  {
    id: id(),
    mediationId: integer()
      .notNull()
      .references(() => mediations.id),
    /** applicant 申请人 / respondent 被申请人 */
    side: text().notNull(),
    /** person / organisation */
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
  ],
);

export const mediationMediators = sqliteTable(
  "mediation_mediators",
  {
    mediationId: integer()
      .notNull()
      .references(() => mediations.id),
    mediatorId: integer()
      .notNull()
      .references(() => mediators.id),
  },
  (t) => [primaryKey({ columns: [t.mediationId, t.mediatorId] }), index("mediation_mediators_mediator_idx").on(t.mediatorId)],
);

/** 调解记录: each mediation session. */
export const mediationSessions = sqliteTable(
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
  (t) => [index("mediation_sessions_mediation_idx").on(t.mediationId), index("mediation_sessions_created_by_idx").on(t.createdById)],
);

/** 回访: follow-up visits after an agreement. */
export const mediationFollowups = sqliteTable(
  "mediation_followups",
  {
    id: id(),
    mediationId: integer()
      .notNull()
      .references(() => mediations.id),
    visitedOn: text().notNull(),
    visitor: text().notNull(),
    /** PERFORMANCE_STATUSES */
    performanceFound: text().notNull(),
    /** SATISFACTION */
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
  ],
);

/** The trail of hands: every transfer of a dispute between committees. */
export const mediationTransfers = sqliteTable(
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
  ],
);

export type Mediation = typeof mediations.$inferSelect;
export type MediationParty = typeof mediationParties.$inferSelect;

// ---- 法律援助 (legal aid) -------------------------------------------------------------------------------------

/**
 * Lawyers, law firms and legal-service workers a legal aid centre assigns cases to: a simple registry per centre
 * (the county's 法律援助中心, or the county itself where it has none).
 */
export const legalAidProviders = sqliteTable(
  "legal_aid_providers",
  {
    id: id(),
    centreId: integer()
      .notNull()
      .references(() => units.id),
    name: text().notNull(),
    /** LEGAL_AID_PROVIDER_KINDS: lawyer / firm / worker */
    kind: text().notNull(),
    /** the firm (律师事务所 or 法律服务所) a lawyer or worker belongs to */
    firmName: text(),
    phone: text(),
    active: integer({ mode: "boolean" }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("legal_aid_providers_centre_idx").on(t.centreId, t.active)],
);

/** 法律援助案件: one case from application to closing (or refusal, or termination). */
export const legalAidCases = sqliteTable(
  "legal_aid_cases",
  {
    id: id(),
    /** The legal aid centre handling it (decides, assigns, numbers it). Figures count it here. */
    unitId: integer()
      .notNull()
      .references(() => units.id),
    /** The centre or township station that took the application. */
    receivedUnitId: integer()
      .notNull()
      .references(() => units.id),
    /** 援申 number, e.g. 临猗援申〔2026〕0031号, per centre and year */
    appNo: text().notNull(),
    appYear: integer().notNull(),
    appSeq: integer().notNull(),
    appliedOn: text().notNull(),
    /** The day the application became complete: the 7-day review runs from here. Null while documents are missing. */
    completeOn: text(),
    /** Missing documents, listed once (一次性告知), and when. */
    missingDocs: text(),
    missingDocsOn: text(),
    /** LEGAL_AID_APPLICANT_RELATIONS: the applicant's relation to the (first) beneficiary */
    applicantRelation: text().notNull().default("self"),
    applicantName: text().notNull(),
    applicantPhone: text(),
    applicantIdNumber: text(),
    /** LEGAL_AID_CASE_TYPES */
    caseType: text().notNull(),
    /** LEGAL_AID_PROCEEDINGS: litigation / non_litigation */
    proceeding: text().notNull(),
    /** LEGAL_AID_SERVICE_FORMS */
    serviceForm: text().notNull(),
    /** 案由 */
    cause: text().notNull(),
    /** 申请事项与理由 */
    matter: text().notNull(),
    /** LEGAL_AID_MEANS: verified / pledge / exempt */
    meansTest: text().notNull(),
    /** LEGAL_AID_EXEMPTIONS, when the means test is exempted */
    exemptBasis: text(),
    /** PERSON_CATEGORIES code, when exempted as a member of a group: a beneficiary must be in it */
    exemptCategory: text(),
    exemptNote: text(),
    /** LEGAL_AID_STATUSES */
    status: text().notNull().default("pending"),
    /** 援决 number of the decision (grant or refusal) */
    decisionNo: text(),
    decisionYear: integer(),
    decisionSeq: integer(),
    decidedOn: text(),
    /** 先行援助: granted before the review was finished because a limitation deadline was under 7 days away */
    preliminary: integer({ mode: "boolean" }).notNull().default(false),
    limitationDeadline: text(),
    refusalReason: text(),
    /** The first assignment (the 3-day limit runs from the grant to here); the provider is the current one. */
    assignedOn: text(),
    assignmentNo: text(),
    providerId: integer().references(() => legalAidProviders.id),
    closedOn: text(),
    /** LEGAL_AID_OUTCOMES */
    outcome: text(),
    /** 挽回或避免经济损失, fen */
    recoveredFen: integer(),
    closingReport: text(),
    terminatedOn: text(),
    /** LEGAL_AID_TERMINATION_REASONS */
    terminationReason: text(),
    terminationNote: text(),
    /** LEGAL_AID_QUALITY_GRADES, at the quality review after closing */
    qualityGrade: text(),
    qualityReviewedOn: text(),
    qualityNote: text(),
    /** 回访 of the beneficiary (SATISFACTION) */
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
  ],
);

/** 受援人: one or more per case, each with person categories. */
export const legalAidBeneficiaries = sqliteTable(
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
    /** PERSON_CATEGORIES, comma-separated and sorted */
    categories: text().notNull().default(""),
    sortOrder: integer().notNull().default(0),
  },
  (t) => [index("legal_aid_beneficiaries_case_idx").on(t.caseId), index("legal_aid_beneficiaries_id_number_idx").on(t.idNumber)],
);

/** The trail of assignments (指派): the first one and every reassignment with its reason. */
export const legalAidAssignments = sqliteTable(
  "legal_aid_assignments",
  {
    id: id(),
    caseId: integer()
      .notNull()
      .references(() => legalAidCases.id),
    providerId: integer()
      .notNull()
      .references(() => legalAidProviders.id),
    /** 援指 number of this assignment */
    assignmentNo: text().notNull(),
    assignmentYear: integer().notNull(),
    assignmentSeq: integer().notNull(),
    assignedOn: text().notNull(),
    /** null for the first assignment; the reason of a reassignment */
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
  ],
);

/** 办理进展: notes of the work on an assigned case. */
export const legalAidProgress = sqliteTable(
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
  (t) => [index("legal_aid_progress_case_idx").on(t.caseId), index("legal_aid_progress_by_idx").on(t.byUserId)],
);

export type LegalAidCase = typeof legalAidCases.$inferSelect;
export type LegalAidBeneficiary = typeof legalAidBeneficiaries.$inferSelect;
export type LegalAidProvider = typeof legalAidProviders.$inferSelect;

/**
 * A frozen edition of a report (design §5): unit, period and cut-off. The figures are stored as they were at the
 * cut-off, as the exact JSON text served afterwards (byte-for-byte stable); corrections made later show beside them
 * as a restatement.
 */
export const reportEditions = sqliteTable(
  "report_editions",
  {
    id: id(),
    unitId: integer()
      .notNull()
      .references(() => units.id),
    fromDay: text().notNull(),
    toDay: text().notNull(),
    title: text().notNull(),
    /** the instant the figures were taken */
    cutoffAt: text().notNull(),
    /** the frozen figures: JSON text, never rewritten */
    payload: text().notNull(),
    /** SHA-256 of payload, hex */
    payloadSha256: text().notNull(),
    createdById: integer()
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("report_editions_unit_idx").on(t.unitId, t.fromDay), index("report_editions_created_by_idx").on(t.createdById)],
);
export type ReportEdition = typeof reportEditions.$inferSelect;

// ---- registries / tokens / imports (issue 7) ------------------------------------------------------------------

/** Integration API tokens: shown once, stored as the SHA-256 of the token; act as their user. */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: id(),
    userId: integer()
      .notNull()
      .references(() => users.id),
    name: text().notNull(),
    /** SHA-256 of the token, hex */
    tokenHash: text().notNull(),
    /** the first characters of the token, to recognise it in the list */
    prefix: text().notNull(),
    createdAt: createdAt(),
    lastUsedAt: text(),
    revokedAt: text(),
  },
  (t) => [uniqueIndex("api_tokens_hash_unique").on(t.tokenHash), index("api_tokens_user_idx").on(t.userId)],
);

/** Idempotency keys of API POSTs: the same key from the same user answers the first response again. */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    userId: integer()
      .notNull()
      .references(() => users.id),
    key: text().notNull(),
    /** method and path the key was used for, plus a hash of the body */
    requestHash: text().notNull(),
    status: integer().notNull(),
    response: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);

/** One upload or command-line import of a spreadsheet. */
export const importBatches = sqliteTable(
  "import_batches",
  {
    id: id(),
    userId: integer()
      .notNull()
      .references(() => users.id),
    fileName: text().notNull(),
    /** IMPORT_KINDS, comma-separated: the sheets the file held */
    kind: text().notNull(),
    rows: integer().notNull().default(0),
    imported: integer().notNull().default(0),
    skipped: integer().notNull().default(0),
    /** imported / rejected */
    status: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("import_batches_user_idx").on(t.userId)],
);

/**
 * An import run off the request path (a worker thread): queued → running → done / rejected / failed. Its progress
 * lives in the server's memory while it runs (the worker holds the write lock); the worker writes the final state
 * and the result in the import's own transaction, so a job left "running" by a stopped server wrote nothing.
 */
export const importJobs = sqliteTable(
  "import_jobs",
  {
    id: id(),
    userId: integer()
      .notNull()
      .references(() => users.id),
    fileName: text().notNull(),
    /** queued / running / done / rejected / failed */
    state: text().notNull(),
    rowsTotal: integer().notNull().default(0),
    rowsDone: integer().notNull().default(0),
    /** the ImportResult as JSON once finished */
    result: text(),
    error: text(),
    /** which server process runs it (pid:start), to tell a job interrupted by a restart */
    runner: text(),
    createdAt: createdAt(),
    finishedAt: text(),
  },
  (t) => [index("import_jobs_user_idx").on(t.userId)],
);

/**
 * The external reference of each imported record (外部编号): unique per record kind and unit, so importing the same
 * file again adds nothing. Kept apart from the record tables so they stay as the forms write them.
 */
export const importRefs = sqliteTable(
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
  ],
);

/**
 * People registries beside `mediators` and `legal_aid_providers` (design §3.4): 法律明白人 (`literate`) and
 * 村(居)法律顾问 (`adviser`), each at a unit with start and end dates so the count on any day is right.
 */
export const registryPeople = sqliteTable(
  "registry_people",
  {
    id: id(),
    /** REGISTRY_PERSON_KINDS: literate 法律明白人 / adviser 村(居)法律顾问 / gov_adviser 政府法律顾问 */
    kind: text().notNull(),
    unitId: integer()
      .notNull()
      .references(() => units.id),
    name: text().notNull(),
    gender: text(),
    phone: text(),
    /** the adviser's law firm (律师事务所 or 法律服务所) */
    firmName: text(),
    /** a government legal adviser's employer: the department (市直/县直部门) that hired them, at the person's unit */
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
  ],
);
export type ApiToken = typeof apiTokens.$inferSelect;
export type RegistryPerson = typeof registryPeople.$inferSelect;

// ---- 年度目标 (targets and monitoring, design §6) --------------------------------------------------------------

/**
 * The annual target of one unit (its whole subtree) for one indicator (TARGET_INDICATORS in app/schemas/targets.ts).
 * `value` is a whole number for counts (人次, 件) or a rate in basis points (1e-4: 9850 = 98.50%) for rate indicators.
 * Set by a unit above (or the unit's own bureau); every change is kept in target_revisions, the row holds the
 * target in force (the latest revision). `version` guards against stale edits.
 */
export const targets = sqliteTable(
  "targets",
  {
    id: id(),
    unitId: integer()
      .notNull()
      .references(() => units.id),
    year: integer().notNull(),
    indicator: text().notNull(),
    value: integer().notNull(),
    /** the unit whose user set (last revised) it */
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
  ],
);

/** Every revision of a target, the first setting included: who, when, old value, new value, why. */
export const targetRevisions = sqliteTable(
  "target_revisions",
  {
    id: id(),
    targetId: integer()
      .notNull()
      .references(() => targets.id),
    /** the target's version this revision produced */
    version: integer().notNull(),
    /** null for the first setting */
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
  ],
);
export type Target = typeof targets.$inferSelect;
export type TargetRevision = typeof targetRevisions.$inferSelect;

// ---- report number style (issue 13) ---------------------------------------------------------------------------

/**
 * How a unit writes numbers in its report sentences (app/models/report-style.ts): one row per unit that set one;
 * a unit without a row uses its nearest ancestor's, else the default. Each frozen edition keeps the style it used.
 */
export const reportStyles = sqliteTable(
  "report_styles",
  {
    unitId: integer()
      .primaryKey()
      .references(() => units.id),
    /** the ReportStyle as JSON text */
    style: text().notNull(),
    updatedById: integer()
      .notNull()
      .references(() => users.id),
    updatedAt: updatedAt(),
  },
  (t) => [index("report_styles_updated_by_idx").on(t.updatedById)],
);

/**
 * Documents attached to a case (卷宗材料): a scanned agreement, an ID copy, the 经济困难证明, evidence photos … The
 * bytes live outside the database in the blob store (app/utils/storage.server.ts), addressed by their SHA-256; this
 * row holds what the document is and which case it belongs to. Never erased: a wrong upload is voided with a reason.
 */
export const documents = sqliteTable(
  "documents",
  {
    id: id(),
    /** DOCUMENT_CASE_KINDS in app/schemas/document.ts: mediation | legal_aid | consultation */
    caseKind: text().notNull(),
    caseId: integer().notNull(),
    /** DOCUMENT_KINDS in app/schemas/document.ts */
    kind: text().notNull(),
    /** what it is, as the uploader named it (defaults to the kind's label); ticks a missing-documents item */
    title: text().notNull(),
    /** the file's name on the uploader's device (shown, never used to decide the type) */
    fileName: text().notNull(),
    /** decided from the content (magic bytes) */
    mime: text().notNull(),
    ext: text().notNull(),
    sizeBytes: integer().notNull(),
    sha256: text().notNull(),
    /** images: a smaller copy for viewing and a thumbnail (both in the blob store), and the original's size */
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
  ],
);
export type DocumentRow = typeof documents.$inferSelect;

/**
 * 案卷评查: a reviewer at a township or above grades a concluded mediation's file (优秀/合格/不合格) with the faults
 * found. Every review is kept; the latest counts.
 */
export const mediationReviews = sqliteTable(
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
    /** FILE_REVIEW_GRADES in app/schemas/document.ts */
    grade: text().notNull(),
    /** FILE_REVIEW_FAULTS codes, comma-separated */
    faults: text().notNull().default(""),
    note: text().notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [
    index("mediation_reviews_mediation_idx").on(t.mediationId),
    index("mediation_reviews_reviewer_idx").on(t.reviewerId),
    index("mediation_reviews_reviewer_unit_idx").on(t.reviewerUnitId),
  ],
);

// ---- 零报告: monthly reporting completeness (issue 13) ---------------------------------------------------------

/**
 * A unit's monthly report (月报): submitted once per unit and month, as the month's records confirmed ("records") or
 * as a zero report ("zero": 本月无纠纷) when the month has none. Complete when a row exists; timely when submittedOn is
 * on or before the deadline (app/models/monthly-reports.server.ts). One row per unit-month, so completeness is read
 * from these rows and never from the records.
 */
export const monthlyReports = sqliteTable(
  "monthly_reports",
  {
    id: id(),
    unitId: integer()
      .notNull()
      .references(() => units.id),
    /** yyyymm as an integer, e.g. 202403 */
    month: integer().notNull(),
    /** MONTHLY_REPORT_KINDS: records | zero */
    kind: text().notNull(),
    /** the China calendar day it was submitted (compared with the deadline) */
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
  ],
);
export type MonthlyReport = typeof monthlyReports.$inferSelect;

/**
 * Monthly reports counted per unit and month (issue 12): for each report, its unit and every ancestor get one
 * `submitted` (and one `timely` when it came by the deadline) in the report's month, in the transaction that makes
 * the report (and moved with a unit when it moves). Reporting completeness reads these rows for a unit's children
 * instead of joining every reporting unit of its subtree to its reports (30,000 units × 12 months for a province).
 */
/**
 * One row whose `n` changes with every insert, update or delete of a unit (triggers of migration 0018, whatever the
 * code path: the admin pages, bulk loads, the seed, tests). Counts of the unit tree (units by type and level, the
 * reporting units of a subtree) are remembered per process while it stays the same (app/models/unit-generation.server.ts).
 */
export const unitGeneration = sqliteTable("unit_generation", {
  id: integer().primaryKey(),
  n: integer().notNull().default(0),
});

export const reportingCounters = sqliteTable(
  "reporting_counters",
  {
    unitId: integer()
      .notNull()
      .references(() => units.id),
    /** yyyymm as an integer, e.g. 202403 */
    month: integer().notNull(),
    submitted: integer().notNull().default(0),
    timely: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.month] })],
);
