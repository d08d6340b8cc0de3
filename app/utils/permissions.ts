/**
 * Who may do what. Checked on the server in app/models; used in the browser only to hide buttons.
 * Jurisdiction (the unit subtree) is a separate, always-applied rule: see `inJurisdiction`.
 */
import type { Role } from "~/schemas/enums/units";

export type Permission =
  | "read:consultation"
  | "write:consultation"
  | "void:consultation"
  | "read:summary-text"
  | "read:personal"
  | "read:stats"
  | "manage:unit"
  | "manage:user"
  | "read:audit"
  | "read:mediation"
  | "write:mediation"
  | "void:mediation"
  | "manage:dictionary"
  | "read:legal-aid"
  | "write:legal-aid"
  | "decide:legal-aid"
  | "void:legal-aid"
  | "read:targets"
  | "write:targets"
  | "read:registry"
  | "write:registry"
  | "import:records"
  | "manage:tokens"
  | "freeze:edition";

const ROLE_PERMISSIONS: Record<Role, Permission[]> = {
  staff: [
    "read:consultation",
    "write:consultation",
    "void:consultation",
    "read:summary-text",
    "read:personal",
    "read:stats",
    "read:mediation",
    "write:mediation",
    "read:legal-aid",
    "write:legal-aid",
    "read:targets",
    "read:registry",
    "manage:tokens",
  ],
  centre_head: [
    "read:consultation",
    "write:consultation",
    "void:consultation",
    "read:summary-text",
    "read:personal",
    "read:stats",
    "read:audit",
    "read:mediation",
    "write:mediation",
    "void:mediation",
    "read:legal-aid",
    "write:legal-aid",
    "decide:legal-aid",
    "void:legal-aid",
    "read:targets",
    "read:registry",
    "write:registry",
    "import:records",
    "manage:tokens",
  ],
  // the bureau oversees: it opens cases (personal data on request, audited) but does not write them
  bureau: ["read:consultation", "read:summary-text", "read:stats", "read:audit", "read:mediation", "read:personal", "read:legal-aid", "read:targets", "write:targets", "read:registry", "freeze:edition", "manage:tokens"],
  // Report writers see aggregates and de-identified lists only.
  report_writer: ["read:consultation", "read:stats", "read:mediation", "read:legal-aid", "read:targets", "read:registry", "freeze:edition", "manage:tokens"],
  admin: [
    "read:consultation",
    "read:summary-text",
    "read:stats",
    "manage:unit",
    "manage:user",
    "read:audit",
    "read:mediation",
    "read:legal-aid",
    "manage:dictionary",
    "read:targets",
    "write:targets",
    "read:registry",
    "write:registry",
    "import:records",
    "manage:tokens",
  ],
};

/** The acting user, as every model function receives it. */
export type Actor = {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  unitId: number;
  unitPath: string;
  unitName: string;
  unitLevel: string;
};

export function can(actor: Pick<Actor, "role"> | null | undefined, permission: Permission): boolean {
  return !!actor && (ROLE_PERMISSIONS[actor.role] ?? []).includes(permission);
}

/** A unit path is in the actor's jurisdiction when it lies in the subtree of the actor's unit. */
export function inJurisdiction(actor: Pick<Actor, "unitPath">, unitPath: string): boolean {
  return unitPath.startsWith(actor.unitPath);
}

/** Roles an actor may hand out when creating users (never above their own reach). */
export function assignableRoles(actor: Pick<Actor, "role">): Role[] {
  return actor.role === "admin" ? ["staff", "centre_head", "bureau", "report_writer", "admin"] : [];
}
