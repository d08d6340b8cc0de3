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
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("units_code_unique").on(t.code),
    uniqueIndex("units_path_unique").on(t.path),
    index("units_parent_idx").on(t.parentId),
    index("units_merged_into_idx").on(t.mergedIntoId),
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
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("users_username_unique").on(t.username), index("users_unit_idx").on(t.unitId)],
);

/** Server-side sessions: the cookie carries only the signed id, so logout, password reset and deactivation end them. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id),
    expiresAt: text().notNull(),
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
