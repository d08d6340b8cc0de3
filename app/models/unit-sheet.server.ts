/**
 * The unit sheet (单位表): units that are not in the national division codes — the county's public legal service
 * centre and 法律援助中心, industry committees, stationed rooms, personal-brand rooms — loaded from an XLSX or CSV
 * with the columns 单位代码, 单位名称, 简称, 层级, 类型, 上级代码, 设立日期, 停用日期. Every row is checked (a parent
 * that exists in the actor's reach or in the sheet, a code used once, levels and types, dates); any bad row → nothing
 * is written. Used by the admin page (/admin/units/sheet) and `npm run units -- sheet <file>`.
 */
import ExcelJS from "exceljs";
import { eq } from "drizzle-orm";
import { units } from "../../db/schema";
import { getDb } from "~/utils/db.server";
import { audit } from "~/utils/audit.server";
import { isValidDay } from "~/utils/dates";
import { can, inJurisdiction, type Actor } from "~/utils/permissions";
import { UNIT_LEVELS, UNIT_TYPES } from "~/schemas/enums";
import { MAX_IMPORT_BYTES } from "~/schemas/import";
import { UnitSchema } from "~/schemas/unit";
import { decodeCsv, normaliseDay, parseCsv } from "./import.server";
import { levelAllowedUnder } from "./units.server";
import { unitPinyin } from "./unit-search.server";

export type SheetIssue = { row: number | null; column: string | null; message: string };
export type UnitSheetResult = { ok: true; created: number; codes: string[] } | { ok: false; issues: SheetIssue[] };

const FIELDS = {
  code: { header: "单位代码", aliases: ["代码", "code"] },
  name: { header: "单位名称", aliases: ["名称", "name"] },
  shortName: { header: "简称", aliases: ["shortname", "short name"] },
  level: { header: "层级", aliases: ["级别", "level"] },
  type: { header: "类型", aliases: ["单位类型", "type"] },
  parentCode: { header: "上级代码", aliases: ["上级单位代码", "parentcode", "parent code", "parent"] },
  activeFrom: { header: "设立日期", aliases: ["启用日期", "activefrom", "active from"] },
  activeTo: { header: "停用日期", aliases: ["activeto", "active to"] },
} as const;
type Field = keyof typeof FIELDS;
export const UNIT_SHEET_HEADERS = Object.values(FIELDS).map((f) => f.header);
const REQUIRED: Field[] = ["code", "name", "level", "type", "parentCode"];

type SheetRow = { row: number; cells: Partial<Record<Field, string>> };

const fileIssue = (message: string): UnitSheetResult => ({ ok: false, issues: [{ row: null, column: null, message }] });

function cellText(v: ExcelJS.CellValue): string {
  if (v == null) return "";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object") {
    if ("richText" in v) return v.richText.map((r) => r.text).join("");
    if ("text" in v && typeof v.text === "string") return v.text;
    if ("result" in v) return cellText(v.result as ExcelJS.CellValue);
  }
  return String(v);
}

function fieldOfHeader(h: string): Field | null {
  const k = h.trim().toLowerCase();
  for (const [f, d] of Object.entries(FIELDS)) if (d.header === h.trim() || (d.aliases as readonly string[]).includes(k)) return f as Field;
  return null;
}

function toRows(table: string[][], firstRowNumber = 1): { ok: true; rows: SheetRow[] } | { ok: false; issues: SheetIssue[] } {
  const headerIndex = table.findIndex((r) => r.some((c) => (c ?? "").trim() !== ""));
  if (headerIndex < 0) return { ok: false, issues: [{ row: null, column: null, message: "文件中没有数据" }] };
  const headers = table[headerIndex].map((h) => (h ?? "").trim());
  const fields = headers.map(fieldOfHeader);
  const unknown = headers.filter((h, i) => h && !fields[i]);
  if (unknown.length) return { ok: false, issues: [{ row: firstRowNumber + headerIndex, column: null, message: `无法识别的列名：${unknown.join("、")}。单位表的列为：${UNIT_SHEET_HEADERS.join("、")}` }] };
  const missing = REQUIRED.filter((f) => !fields.includes(f));
  if (missing.length) return { ok: false, issues: [{ row: firstRowNumber + headerIndex, column: null, message: `缺少必填列：${missing.map((f) => FIELDS[f].header).join("、")}` }] };
  const rows: SheetRow[] = [];
  table.slice(headerIndex + 1).forEach((cells, i) => {
    if (!cells.some((c) => (c ?? "").trim() !== "")) return;
    const r: SheetRow = { row: firstRowNumber + headerIndex + 1 + i, cells: {} };
    fields.forEach((f, j) => {
      if (f) r.cells[f] = (cells[j] ?? "").trim();
    });
    rows.push(r);
  });
  if (!rows.length) return { ok: false, issues: [{ row: null, column: null, message: "文件中只有表头，没有单位" }] };
  return { ok: true, rows };
}

/** XLSX (first sheet that is not 说明) or CSV (UTF-8 or GBK) → rows keyed by field. */
export async function readUnitSheet({ fileName, data }: { fileName: string; data: Uint8Array }): Promise<{ ok: true; rows: SheetRow[] } | { ok: false; issues: SheetIssue[] }> {
  if (data.byteLength === 0) return { ok: false, issues: [{ row: null, column: null, message: "文件是空的" }] };
  if (data.byteLength > MAX_IMPORT_BYTES) return { ok: false, issues: [{ row: null, column: null, message: "文件过大：单位表请勿超过 20 MB" }] };
  const lower = fileName.toLowerCase();
  const zip = data[0] === 0x50 && data[1] === 0x4b;
  if (zip) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(Buffer.from(data) as unknown as ArrayBuffer);
    } catch {
      return { ok: false, issues: [{ row: null, column: null, message: "无法读取该 .xlsx 文件（文件已损坏或不是 Excel 文件）" }] };
    }
    const ws = wb.worksheets.find((w) => w.name !== "说明" && w.actualRowCount > 0);
    if (!ws) return { ok: false, issues: [{ row: null, column: null, message: "文件中没有数据" }] };
    const table: string[][] = [];
    ws.eachRow({ includeEmpty: true }, (r, n) => {
      const cells: string[] = [];
      r.eachCell({ includeEmpty: true }, (c, col) => (cells[col - 1] = cellText(c.value)));
      table[n - 1] = cells;
    });
    for (let i = 0; i < table.length; i++) table[i] ??= [];
    return toRows(table);
  }
  if (!lower.endsWith(".csv") && !lower.endsWith(".txt")) return { ok: false, issues: [{ row: null, column: null, message: "文件类型不对：请上传 .xlsx 或 .csv 单位表" }] };
  if (data.subarray(0, 4096).includes(0) && !(data[0] === 0xff && data[1] === 0xfe)) return { ok: false, issues: [{ row: null, column: null, message: "文件类型不对：这不是文本 CSV 文件" }] };
  return toRows(parseCsv(decodeCsv(data).text));
}

function byLabel<T extends { values: readonly string[]; labels: Record<string, { zh: string; en: string }> }>(e: T, extra: Record<string, string> = {}) {
  const m = new Map<string, string>();
  for (const v of e.values) {
    m.set(v, v);
    m.set(e.labels[v].zh, v);
    m.set(e.labels[v].en.toLowerCase(), v);
  }
  for (const [k, v] of Object.entries(extra)) m.set(k, v);
  return (s: string) => m.get(s) ?? m.get(s.toLowerCase()) ?? null;
}
const levelOf = byLabel(UNIT_LEVELS, { 省: "province", 市: "city", 县: "county", 区: "county", 县级: "county", 乡镇: "township", 街道: "township", 乡镇级: "township", 村: "village", 社区: "village", 村级: "village" });
const typeOf = byLabel(UNIT_TYPES, { 调委会: "mediation_committee", 行业性专业性调委会: "industry_committee", 派驻调解室: "stationed_room", 个人品牌调解室: "personal_room", 公共法律服务工作站: "service_centre", 公共法律服务工作室: "service_centre" });

type Planned = { row: number; code: string; name: string; shortName: string | null; level: string; type: string; parentCode: string; activeFrom: string | null; activeTo: string | null };

/** Checks the rows and, when every row is right, creates the units in one transaction. */
export async function importUnitRows({ actor, rows, ip = null }: { actor: Actor; rows: SheetRow[]; ip?: string | null }): Promise<UnitSheetResult> {
  if (!can(actor, "manage:unit")) return fileIssue("无权导入单位：需要系统管理员角色");
  const db = getDb();
  const issues: SheetIssue[] = [];
  const col = (f: Field) => FIELDS[f].header;
  const planned: Planned[] = [];
  const seen = new Map<string, number>();
  for (const r of rows) {
    const c = r.cells;
    const bad = (f: Field | null, message: string) => issues.push({ row: r.row, column: f ? col(f) : null, message });
    for (const f of REQUIRED) if (!c[f]) bad(f, "请填写此项");
    const code = c.code ?? "";
    if (code) {
      if (!UnitSchema.shape.code.safeParse(code).success) bad("code", `单位代码“${code}”无效：须为 2–20 位数字、字母或“-”`);
      else if (seen.has(code)) bad("code", `单位代码“${code}”重复：第 ${seen.get(code)} 行已使用（每个代码只能用一次）`);
      else {
        seen.set(code, r.row);
        const taken = await db.select({ name: units.name }).from(units).where(eq(units.code, code)).get();
        if (taken) bad("code", `单位代码“${code}”已被系统中的单位“${taken.name}”使用`);
      }
    }
    if (c.name && c.name.length > 60) bad("name", "单位名称过长（最多 60 字）");
    if (c.shortName && c.shortName.length > 10) bad("shortName", "简称过长（最多 10 字）");
    const level = c.level ? levelOf(c.level) : null;
    if (c.level && !level) bad("level", `层级“${c.level}”无效：可填 ${UNIT_LEVELS.values.map((v) => UNIT_LEVELS.label(v)).join("、")}`);
    const type = c.type ? typeOf(c.type) : null;
    if (c.type && !type) bad("type", `类型“${c.type}”无效：可填 ${UNIT_TYPES.values.map((v) => UNIT_TYPES.label(v)).join("、")}`);
    const day = (f: "activeFrom" | "activeTo") => {
      const raw = c[f] ?? "";
      if (!raw) return null;
      const d = normaliseDay(raw);
      if (!isValidDay(d)) {
        bad(f, `日期“${raw}”无效：请写成 2024-03-05`);
        return null;
      }
      if (d < "2000-01-01") bad(f, "日期过早（不得早于 2000 年）");
      return d;
    };
    const activeFrom = day("activeFrom");
    const activeTo = day("activeTo");
    if (activeFrom && activeTo && activeTo < activeFrom) bad("activeTo", "停用日期不能早于设立日期");
    if (code && c.parentCode === code) bad("parentCode", "上级代码不能是本单位自己的代码");
    planned.push({ row: r.row, code, name: c.name ?? "", shortName: c.shortName || null, level: level ?? "", type: type ?? "", parentCode: c.parentCode ?? "", activeFrom, activeTo });
  }
  // parents: a unit in reach, or another row of the sheet (in any order); levels fit
  const inSheet = new Map(planned.filter((p) => p.code && seen.get(p.code) === p.row).map((p) => [p.code, p]));
  type ParentInfo = { level: string; activeFrom: string; dbId?: number; path?: string };
  const resolved = new Map<string, ParentInfo | null>();
  const resolve = async (p: Planned, trail: Set<string>): Promise<ParentInfo | null> => {
    if (resolved.has(p.code)) return resolved.get(p.code)!;
    if (trail.has(p.code)) return null;
    trail.add(p.code);
    const parent = await parentOf(p, trail);
    const info = parent && p.level ? { level: p.level, activeFrom: p.activeFrom ?? parent.activeFrom } : null;
    resolved.set(p.code, info);
    return info;
  };
  const parentOf = async (p: Planned, trail: Set<string>): Promise<ParentInfo | null> => {
    if (!p.parentCode) return null;
    const row = inSheet.get(p.parentCode);
    if (row) return row.code !== p.code ? await resolve(row, trail) : null;
    const u = await db.select({ id: units.id, name: units.name, level: units.level, path: units.path, activeFrom: units.activeFrom, activeTo: units.activeTo }).from(units).where(eq(units.code, p.parentCode)).get();
    if (!u) return null;
    if (!inJurisdiction(actor, u.path)) return null;
    return { level: u.level, activeFrom: u.activeFrom, dbId: u.id, path: u.path };
  };
  for (const p of planned) {
    if (!p.parentCode || !p.code || p.parentCode === p.code) continue;
    const bad = (message: string) => issues.push({ row: p.row, column: col("parentCode"), message });
    const row = inSheet.get(p.parentCode);
    if (row) {
      const info = await resolve(row, new Set([p.code]));
      if (!info) {
        if (!issues.some((i) => i.row === row.row)) bad(`上级代码“${p.parentCode}”（第 ${row.row} 行）本身无法导入或形成循环`);
        continue;
      }
      if (p.level && p.type && !levelAllowedUnder({ level: row.level }, { level: p.level, type: p.type })) bad(`层级与上级单位（第 ${row.row} 行）不符：行政区划单位须比上级低一级，其他单位与上级同级或低一级`);
      continue;
    }
    const u = await db.select({ name: units.name, level: units.level, path: units.path, activeTo: units.activeTo }).from(units).where(eq(units.code, p.parentCode)).get();
    if (!u) bad(`上级代码“${p.parentCode}”不存在：系统中和本表中都没有这个单位`);
    else if (!inJurisdiction(actor, u.path)) bad(`上级单位“${u.name}”不在您的管辖范围内`);
    else if (u.activeTo) bad(`上级单位“${u.name}”已停用`);
    else if (p.level && p.type && !levelAllowedUnder({ level: u.level }, { level: p.level, type: p.type })) bad(`层级与上级单位“${u.name}”不符：行政区划单位须比上级低一级，其他单位与上级同级或低一级`);
  }
  if (issues.length) return { ok: false, issues: issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)) };

  // parents first: a row whose parent is in the sheet waits for it
  const order: Planned[] = [];
  const placed = new Set<string>();
  const place = (p: Planned) => {
    if (placed.has(p.code)) return;
    const parentRow = inSheet.get(p.parentCode);
    if (parentRow) place(parentRow);
    placed.add(p.code);
    order.push(p);
  };
  for (const p of planned) place(p);
  return await db.transaction(async (tx) => {
    const byCode = new Map<string, { id: number; path: string; depth: number; activeFrom: string }>();
    for (const p of order) {
      let parent = byCode.get(p.parentCode);
      if (!parent) {
        const u = (await tx.select({ id: units.id, path: units.path, depth: units.depth, activeFrom: units.activeFrom }).from(units).where(eq(units.code, p.parentCode)).get())!;
        parent = u;
      }
      const activeFrom = p.activeFrom ?? parent.activeFrom;
      const row = await tx
        .insert(units)
        .values({ code: p.code, name: p.name, ...unitPinyin(p.name), shortName: p.shortName, level: p.level, type: p.type, parentId: parent.id, path: "pending", depth: parent.depth + 1, activeFrom, activeTo: p.activeTo, sortOrder: 100 + p.row })
        .returning({ id: units.id })
        .get();
      const path = `${parent.path}${row.id}/`;
      await tx.update(units).set({ path }).where(eq(units.id, row.id)).run();
      byCode.set(p.code, { id: row.id, path, depth: parent.depth + 1, activeFrom });
      await audit(tx, { userId: actor.id, action: "create", entity: "unit", entityId: row.id, unitId: row.id, after: { code: p.code, name: p.name, level: p.level, type: p.type, parentCode: p.parentCode, activeFrom, activeTo: p.activeTo, source: "unit-sheet" }, ip });
    }
    return { ok: true as const, created: order.length, codes: order.map((p) => p.code) };
  });
}

export async function importUnitSheet({ actor, fileName, data, ip = null }: { actor: Actor; fileName: string; data: Uint8Array; ip?: string | null }): Promise<UnitSheetResult> {
  const read = await readUnitSheet({ fileName, data });
  if (!read.ok) return read;
  return await importUnitRows({ actor, rows: read.rows, ip });
}

/** The sheet's header line and an example, as CSV (UTF-8 with BOM, so Excel opens it). */
export function unitSheetTemplateCsv(example?: { parentCode: string }): string {
  const p = example?.parentCode ?? "140821000000";
  const lines = [UNIT_SHEET_HEADERS.join(","), `${p.slice(0, 6)}-FY01,某某县法律援助中心,某某法援,${UNIT_LEVELS.label("county")},${UNIT_TYPES.label("legal_aid_centre")},${p},2000-01-01,`];
  return "\uFEFF" + lines.join("\r\n") + "\r\n";
}
