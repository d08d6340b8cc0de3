/**
 * Every enumeration with its labels, defined once. Forms, schemas, statistics and exports all read from here.
 * Codes are stable ASCII (stored in the database); labels are what people read. Each area's enumerations are in
 * their own file under ./enums/ (a page's browser code carries only the areas it imports).
 */
export { defineEnum, type Label } from "./enums/define";
export * from "./enums/units";
export * from "./enums/consultation";
export * from "./enums/mediation";
export * from "./enums/legal-aid";
export * from "./enums/audit";
