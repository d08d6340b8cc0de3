/**
 * Bulk import of spreadsheets (XLSX or CSV, UTF-8 or GBK) and their templates. Every row is validated with the
 * form's own schema; a file with any bad row imports nothing (one transaction); each row carries an external
 * reference (外部编号) so importing the same file again adds nothing.
 *
 * Consultations — the volume — are written by a bulk variant of createConsultation (same checks, same columns,
 * counters applied per unit with applyRecordChange, one audit entry per record, all in one transaction).
 * Mediations and legal aid applications go through registerMediation / applyLegalAid themselves (nested
 * transactions become savepoints of the import's transaction); registry rows through app/models/registries.
 */
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { importBatches, importRefs, mediators, units } from "../../db/schema";
import { getDb, type Executor } from "~/utils/db.server";
import { audit } from "~/utils/audit.server";
import { addSafeRow, csvDocument } from "~/utils/spreadsheet-cells";
import { can, type Actor } from "~/utils/permissions";
import { translate } from "~/i18n";
import { isValidDay, todayInChina } from "~/utils/dates";
import { ConsultationSchema, type ConsultationValues } from "~/schemas/consultation";
import { MediationRegisterSchema } from "~/schemas/mediation";
import { LegalAidApplySchema } from "~/schemas/legal-aid";
import { fieldErrorsOf } from "~/schemas/forms";
import {
  IMPORT_KINDS,
  IMPORT_SHEETS,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  MediatorSchema,
  RegistryPersonSchema,
  kindOfHeaders,
  type ImportColumn,
  type ImportKind,
} from "~/schemas/import";
import { applyRecordChange } from "./counters.server";
import { consultationContributions, type Contribution } from "./counting-rules";
import { listDisputeTypes, registerMediation } from "./mediations.server";
import { applyLegalAid } from "./legal-aid.server";
import { addMediator, addRegistryPerson } from "./registries.server";
import { pathInSubtree } from "./unit-paths";

export type ImportIssue = { sheet: string; row: number | null; column: string | null; message: string };
export type ParsedSheet = { kind: ImportKind; name: string; headers: string[]; rows: Array<{ row: number; cells: string[] }> };
export type ParseResult = { ok: true; format: "xlsx" | "csv"; encoding?: string; sheets: ParsedSheet[] } | { ok: false; issues: ImportIssue[] };

const fileIssue = (message: string): ParseResult => ({ ok: false, issues: [{ sheet: "", row: null, column: null, message }] });
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

// ---- reading files --------------------------------------------------------------------------------------------

/** CSV text → rows of cells (RFC 4180: quotes, doubled quotes, CRLF or LF). Lines without quotes are split directly. */
export function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  const sep = detectSeparator(text);
  let i = 0;
  const n = text.length;
  while (i < n) {
    let end = text.indexOf("\n", i);
    if (end < 0) end = n;
    const line = text.charCodeAt(end - 1) === 13 ? text.slice(i, end - 1) : text.slice(i, end);
    if (!line.includes('"')) {
      out.push(line.split(sep));
      i = end + 1;
      continue;
    }
    // a quoted line (it may run over several physical lines)
    const row: string[] = [];
    let cell = "";
    let quoted = false;
    let j = i;
    for (; j < n; j++) {
      const ch = text[j];
      if (quoted) {
        if (ch === '"') {
          if (text[j + 1] === '"') {
            cell += '"';
            j++;
          } else quoted = false;
        } else cell += ch;
      } else if (ch === '"' && cell === "") quoted = true;
      else if (ch === sep) {
        row.push(cell);
        cell = "";
      } else if (ch === "\n" || ch === "\r") {
        if (ch === "\r" && text[j + 1] === "\n") j++;
        break;
      } else cell += ch;
    }
    row.push(cell);
    out.push(row);
    i = j + 1;
  }
  return out;
}

function detectSeparator(text: string) {
  const first = text.slice(0, text.search(/\r?\n/) >>> 0 || text.length);
  return (first.match(/\t/g)?.length ?? 0) > (first.match(/,/g)?.length ?? 0) ? "\t" : ",";
}

/** Bytes of a CSV → text: UTF-8 (with or without BOM), UTF-16 with BOM, else GBK (what Excel saves in China). */
export function decodeCsv(data: Uint8Array): { text: string; encoding: string } {
  if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) return { text: new TextDecoder("utf-8").decode(data.subarray(3)), encoding: "UTF-8" };
  if (data[0] === 0xff && data[1] === 0xfe) return { text: iconv.decode(Buffer.from(data.subarray(2)), "utf16le"), encoding: "UTF-16LE" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(data), encoding: "UTF-8" };
  } catch {
    return { text: iconv.decode(Buffer.from(data), "gb18030"), encoding: "GBK" };
  }
}

function cellText(v: ExcelJS.CellValue): string {
  if (v == null) return "";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object") {
    if ("richText" in v) return v.richText.map((r) => r.text).join("");
    if ("text" in v && typeof v.text === "string") return v.text;
    if ("result" in v) return cellText(v.result as ExcelJS.CellValue);
    if ("error" in v) return String(v.error);
  }
  if (typeof v === "boolean") return v ? "是" : "否";
  return String(v);
}

/**
 * Reads an uploaded file into sheets of text cells, refusing what cannot be imported safely: files over the
 * limit (before reading), types other than XLSX/CSV, formulas, merged cells, sheets without the headers.
 */
export async function parseImportFile({ fileName, data }: { fileName: string; data: Uint8Array }): Promise<ParseResult> {
  if (data.byteLength > MAX_IMPORT_BYTES) return fileIssue(`文件过大（${mb(data.byteLength)}），上限为 ${mb(MAX_IMPORT_BYTES)}；请分成几个文件导入`);
  if (data.byteLength === 0) return fileIssue("文件是空的");
  const lower = fileName.toLowerCase();
  const zip = data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;
  const ole = data[0] === 0xd0 && data[1] === 0xcf && data[2] === 0x11 && data[3] === 0xe0;
  if (ole || lower.endsWith(".xls")) return fileIssue("不支持旧版 Excel（.xls）文件：请在 Excel 中“另存为” .xlsx 或 CSV 后再导入");
  if (zip) {
    if (!lower.endsWith(".xlsx")) return fileIssue("文件类型不对：请上传模板格式的 .xlsx 或 .csv 文件");
    return parseXlsx(data);
  }
  if (!lower.endsWith(".csv") && !lower.endsWith(".txt")) return fileIssue("文件类型不对：请上传模板格式的 .xlsx 或 .csv 文件");
  // binary content (NUL bytes) is not a CSV, whatever its name
  if (data.subarray(0, 4096).includes(0) && !(data[0] === 0xff && data[1] === 0xfe)) return fileIssue("文件类型不对：这不是文本 CSV 文件");
  const { text, encoding } = decodeCsv(data);
  const rows = parseCsv(text);
  const headerIndex = rows.findIndex((r) => r.some((c) => c.trim() !== ""));
  if (headerIndex < 0) return fileIssue("文件中没有数据");
  const headers = rows[headerIndex].map((h) => h.trim());
  const kind = kindOfHeaders(headers);
  if (!kind) return fileIssue("无法识别表头：请使用下载的模板，第一行为中文列名（如“外部编号”“单位编码”…）");
  return {
    ok: true,
    format: "csv",
    encoding,
    sheets: [{ kind, name: IMPORT_SHEETS[kind].sheet, headers, rows: rows.slice(headerIndex + 1).map((cells, i) => ({ row: headerIndex + 2 + i, cells })) }],
  };
}

async function parseXlsx(data: Uint8Array): Promise<ParseResult> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(data) as unknown as ArrayBuffer);
  } catch {
    return fileIssue("无法读取该 .xlsx 文件（文件已损坏或不是 Excel 文件）");
  }
  const issues: ImportIssue[] = [];
  const sheets: ParsedSheet[] = [];
  for (const ws of wb.worksheets) {
    if (ws.name === "说明" || ws.name === "可选值" || ws.actualRowCount === 0) continue;
    const headerRow = ws.getRow(1);
    const headers: string[] = [];
    headerRow.eachCell({ includeEmpty: true }, (c, col) => (headers[col - 1] = cellText(c.value).trim()));
    const kind = kindOfHeaders(headers, ws.name);
    if (!kind) {
      issues.push({ sheet: ws.name, row: 1, column: null, message: "无法识别此工作表的表头：请使用下载的模板" });
      continue;
    }
    const merges = (ws.model as unknown as { merges?: string[] }).merges ?? [];
    if (merges.length) {
      issues.push({ sheet: ws.name, row: null, column: null, message: `含合并单元格（${merges.slice(0, 3).join("、")}${merges.length > 3 ? " 等" : ""}）：请取消合并，每行每列各填一个值` });
      continue;
    }
    const rows: ParsedSheet["rows"] = [];
    ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
      if (rowNumber === 1) return;
      const cells: string[] = [];
      r.eachCell({ includeEmpty: true }, (c, col) => {
        if (c.type === ExcelJS.ValueType.Formula) {
          if (issues.length < 500) issues.push({ sheet: ws.name, row: rowNumber, column: headers[col - 1] || null, message: "含公式：请复制后“选择性粘贴为数值”再导入" });
        }
        cells[col - 1] = cellText(c.value);
      });
      rows.push({ row: rowNumber, cells });
    });
    sheets.push({ kind, name: ws.name, headers, rows });
  }
  if (issues.length) return { ok: false, issues };
  if (!sheets.length) return fileIssue("文件中没有可导入的工作表：请使用下载的模板");
  return { ok: true, format: "xlsx", sheets };
}

// ---- cell values → schema input ----------------------------------------------------------------------------------

/** 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, or an Excel serial number (days since 1899-12-30) → ISO day. */
export function normaliseDay(raw: string): string {
  const s = raw.trim();
  if (s === "") return "";
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$/.exec(s);
  if (m) return `${m[1]}-${m[2].padStart(2, "0")}-${m[3].padStart(2, "0")}`;
  if (/^\d{4,5}(\.\d+)?$/.test(s)) {
    const serial = Math.floor(Number(s));
    if (serial > 0 && serial < 80000) return new Date(Date.UTC(1899, 11, 30) + serial * 86400_000).toISOString().slice(0, 10);
  }
  return s;
}

const splitList = (s: string) => s.split(/[、,，;；\s]+/).map((x) => x.trim()).filter(Boolean);

function setPath(obj: Record<string, unknown>, path: string, value: unknown) {
  const parts = path.split(".");
  let node: Record<string, unknown> | unknown[] = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    const key = parts[i];
    const container = node as Record<string, unknown>;
    if (container[key] === undefined) container[key] = /^\d+$/.test(parts[i + 1]) ? [] : {};
    node = container[key] as Record<string, unknown>;
  }
  (node as Record<string, unknown>)[parts[parts.length - 1]] = value;
}

type UnitInfo = { id: number; code: string; name: string; path: string; activeFrom: string; activeTo: string | null };

/** What a sheet's rows are checked against: the actor's units, rosters, dispute types. Loaded once per import. */
class Lookups {
  private byCode = new Map<string, UnitInfo>();
  private byName = new Map<string, UnitInfo | null>();
  private rosters = new Map<number, Array<{ id: number; name: string; startOn: string; endOn: string | null }>>();
  private disputeTypes: Map<string, string>;
  constructor(
    private actor: Actor,
    private db: Executor,
  ) {
    const rows = db
      .select({ id: units.id, code: units.code, name: units.name, path: units.path, activeFrom: units.activeFrom, activeTo: units.activeTo })
      .from(units)
      .where(pathInSubtree(units.path, actor.unitPath))
      .all();
    for (const u of rows) {
      this.byCode.set(u.code, u);
      this.byName.set(u.name, this.byName.has(u.name) ? null : u);
    }
    this.disputeTypes = new Map();
    for (const t of listDisputeTypes({ actor })) {
      this.disputeTypes.set(t.code, t.code);
      this.disputeTypes.set(t.zh, t.code);
    }
  }
  /** A unit by code or full name, inside the actor's subtree; else the reason. */
  unit(raw: string): UnitInfo | string {
    const s = raw.trim();
    const u = this.byCode.get(s) ?? this.byName.get(s);
    if (u) return u;
    if (this.byName.get(s) === null) return `单位名称“${s}”不唯一，请填写单位编码`;
    const elsewhere = this.db.select({ id: units.id }).from(units).where(sql`${units.code} = ${s} OR ${units.name} = ${s}`).get();
    return elsewhere ? `单位“${s}”不在您的管辖范围内` : `单位编码“${s}”不存在`;
  }
  disputeType(raw: string) {
    return this.disputeTypes.get(raw.trim());
  }
  /** Mediator ids by names on the roster of the unit or a unit above it, serving on the day. */
  mediatorIds(unit: UnitInfo, names: string[], day: string): number[] | string {
    let roster = this.rosters.get(unit.id);
    if (!roster) {
      const ids = unit.path.split("/").filter(Boolean).map(Number);
      roster = this.db.select({ id: mediators.id, name: mediators.name, startOn: mediators.startOn, endOn: mediators.endOn }).from(mediators).where(inArray(mediators.unitId, ids)).all();
      this.rosters.set(unit.id, roster);
    }
    const out: number[] = [];
    for (const n of names) {
      const m = roster.find((r) => r.name === n && r.startOn <= day && (!r.endOn || r.endOn >= day)) ?? roster.find((r) => r.name === n);
      if (!m) return `调解员“${n}”不在该调委会或上级单位的调解员名册上`;
      out.push(m.id);
    }
    return out;
  }
}

/** A message key of a schema (`err.tooLong:30`) in Chinese. */
function zh(key: string): string {
  const i = key.indexOf(":");
  if (i < 0) return translate("zh", key);
  const n = key.slice(i + 1);
  return translate("zh", key.slice(0, i), { max: n, min: n, n });
}

function allowedList(c: ImportColumn) {
  return c.dict ? c.dict.values.map((v) => c.dict!.labels[v].zh).join("、") : "";
}

type Prepared = { kind: ImportKind; sheet: string; row: number; ref: string; unit: UnitInfo; data: Record<string, unknown> };

const SCHEMAS: Record<ImportKind, { safeParse(v: unknown): { success: boolean; data?: unknown; error?: import("zod").ZodError } }> = {
  consultation: ConsultationSchema,
  mediation: MediationRegisterSchema,
  legal_aid: LegalAidApplySchema,
  mediator: MediatorSchema,
  literate: RegistryPersonSchema,
  adviser: RegistryPersonSchema,
};

/** The column header a field error belongs to (`parties` → the applicant's name, `beneficiaries.0.x` → its column). */
function columnOf(kind: ImportKind, field: string): string | null {
  const cols = IMPORT_SHEETS[kind].columns;
  const exact = cols.find((c) => c.field === field);
  if (exact) return exact.header;
  const prefix = cols.find((c) => c.field.startsWith(`${field}.`) || field.startsWith(`${c.field}.`));
  return prefix?.header ?? null;
}

/** Checks one sheet's rows: cells → the form schema's input → the schema. Returns prepared rows and issues. */
function checkSheet(sheet: ParsedSheet, lookups: Lookups, issues: ImportIssue[], seenRefs: Map<string, number>): Prepared[] {
  const cols = IMPORT_SHEETS[sheet.kind].columns;
  const missing = cols.filter((c) => c.required && !sheet.headers.includes(c.header));
  if (missing.length) {
    issues.push({ sheet: sheet.name, row: 1, column: null, message: `缺少必填列：${missing.map((c) => c.header).join("、")}` });
    return [];
  }
  const index = new Map(cols.map((c) => [c.field, sheet.headers.indexOf(c.header)]));
  const out: Prepared[] = [];
  for (const { row, cells } of sheet.rows) {
    if (cells.every((c) => c == null || String(c).trim() === "")) continue;
    const get = (c: ImportColumn) => {
      const i = index.get(c.field)!;
      return i >= 0 ? String(cells[i] ?? "").trim() : "";
    };
    const ref = get(cols[0]);
    if (ref.startsWith("示例")) continue;
    const rowIssues: ImportIssue[] = [];
    const add = (column: string | null, message: string) => rowIssues.push({ sheet: sheet.name, row, column, message });
    if (!ref) add(cols[0].header, "请填写外部编号（每行唯一，用于防止重复导入）");
    else if (ref.length > 60) add(cols[0].header, "外部编号过长（最多60个字符）");
    const input: Record<string, unknown> = {};
    let unit: UnitInfo | null = null;
    let day = "";
    for (const c of cols.slice(1)) {
      const v = get(c);
      switch (c.type) {
        case "unit": {
          if (!v) {
            add(c.header, "请填写单位编码");
            break;
          }
          const u = lookups.unit(v);
          if (typeof u === "string") add(c.header, u);
          else {
            unit = u;
            setPath(input, c.field, u.id);
          }
          break;
        }
        case "date": {
          const d = normaliseDay(v);
          if (v && !isValidDay(d)) add(c.header, `日期“${v}”无法识别，请填写如 2024-03-05`);
          if (!day && d) day = d;
          setPath(input, c.field, d);
          break;
        }
        case "enum": {
          if (!v) {
            setPath(input, c.field, "");
            break;
          }
          const code = c.field === "disputeType" ? lookups.disputeType(v) : c.dict!.values.find((x) => x === v || c.dict!.labels[x].zh === v);
          if (!code) add(c.header, `“${v}”不是可选值，可选：${c.field === "disputeType" ? allowedList(c) + " 及本县自定义类型" : allowedList(c)}`);
          setPath(input, c.field, code ?? v);
          break;
        }
        case "enumList": {
          const codes: string[] = [];
          for (const item of splitList(v)) {
            const code = c.dict!.values.find((x) => x === item || c.dict!.labels[x].zh === item);
            if (!code) add(c.header, `“${item}”不是可选值，可选：${allowedList(c)}`);
            else codes.push(code);
          }
          setPath(input, c.field, codes);
          break;
        }
        case "bool": {
          if (["是", "Y", "y", "1", "true", "TRUE"].includes(v)) setPath(input, c.field, true);
          else if (["", "否", "N", "n", "0", "false", "FALSE"].includes(v)) setPath(input, c.field, false);
          else add(c.header, `请填写“是”或“否”（而不是“${v}”）`);
          break;
        }
        case "names":
          setPath(input, c.field, splitList(v));
          break;
        default:
          setPath(input, c.field, v);
      }
    }
    // the sides of a dispute's parties and the applicant of a legal aid case are fixed by the template
    if (sheet.kind === "mediation") {
      const parties = (input.parties as Array<Record<string, unknown>>) ?? [];
      ["applicant", "respondent"].forEach((side, i) => {
        parties[i] = { ...(parties[i] ?? {}), side, kind: parties[i]?.kind || "person" };
      });
      input.parties = parties;
      const names = input.mediatorIds as string[];
      if (unit && names.length) {
        const ids = lookups.mediatorIds(unit, names, day || todayInChina());
        if (typeof ids === "string") add(columnOf("mediation", "mediatorIds"), ids);
        input.mediatorIds = typeof ids === "string" ? [] : ids;
      } else input.mediatorIds = [];
      input.confirmDuplicate = true;
    }
    if (sheet.kind === "legal_aid") {
      input.applicantRelation = "self";
      input.applicantName = "";
    }
    const parsed = SCHEMAS[sheet.kind].safeParse(input);
    if (!parsed.success) {
      const taken = new Set(rowIssues.map((i) => i.column));
      for (const [field, key] of Object.entries(fieldErrorsOf(parsed.error!))) {
        const column = field === "parties" && key === "err.needRespondent" ? columnOf(sheet.kind, "parties.1.name") : columnOf(sheet.kind, field);
        if (taken.has(column)) continue;
        taken.add(column);
        add(column, zh(key));
      }
    }
    if (ref && unit) {
      const k = `${sheet.kind}|${unit.id}|${ref}`;
      const first = seenRefs.get(k);
      if (first !== undefined) add(cols[0].header, `外部编号“${ref}”与第${first}行重复`);
      else seenRefs.set(k, row);
    }
    if (rowIssues.length) {
      issues.push(...rowIssues);
      continue;
    }
    out.push({ kind: sheet.kind, sheet: sheet.name, row, ref, unit: unit!, data: parsed.data as Record<string, unknown> });
  }
  return out;
}

// ---- writing -------------------------------------------------------------------------------------------------------

class Rollback extends Error {}

export type ImportResult = {
  ok: boolean;
  batchId: number | null;
  fileName: string;
  format?: string;
  encoding?: string;
  rows: number;
  imported: Partial<Record<ImportKind, number>>;
  skipped: number;
  issues: ImportIssue[];
  /** issues beyond the listed ones */
  moreIssues: number;
  status: number;
};

const MAX_LISTED_ISSUES = 500;

/**
 * Bulk variant of createConsultation: the same unit checks, columns, counters and audit, for many rows in the
 * caller's transaction. Counters are summed per unit and applied once per unit.
 */
function insertConsultations(tx: Executor, actor: Actor, rows: Prepared[], ip: string | null, issues: ImportIssue[]): number[] {
  const client = (tx as unknown as { session: { client: import("better-sqlite3").Database } }).session.client;
  const ins = client.prepare(
    `INSERT INTO consultations (unit_id, date, channel, topic, persons, categories, answered_by, summary, next_step, created_by_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insCat = client.prepare(`INSERT INTO consultation_categories (consultation_id, category) VALUES (?, ?)`);
  const insAudit = client.prepare(`INSERT INTO audit_log (user_id, action, entity, entity_id, unit_id, after, ip) VALUES (?, 'import', 'consultation', ?, ?, ?, ?)`);
  const perUnit = new Map<number, Contribution[]>();
  const ids: number[] = [];
  for (const p of rows) {
    const d = p.data as ConsultationValues;
    if (p.unit.activeTo && p.unit.activeTo < d.date) issues.push({ sheet: p.sheet, row: p.row, column: columnOf("consultation", "unitId"), message: zh("err.unitInactive") });
    else if (p.unit.activeFrom > d.date) issues.push({ sheet: p.sheet, row: p.row, column: columnOf("consultation", "date"), message: zh("err.beforeUnitActive") });
    if (issues.length) continue;
    const categories = [...new Set(d.categories)].sort();
    const values = { unitId: d.unitId, date: d.date, channel: d.channel, topic: d.topic, persons: d.persons, categories: categories.join(","), answeredBy: d.answeredBy, summary: d.summary, nextStep: d.nextStep };
    const id = Number(ins.run(d.unitId, d.date, d.channel, d.topic, d.persons, values.categories, d.answeredBy, d.summary, d.nextStep, actor.id).lastInsertRowid);
    for (const c of categories) insCat.run(id, c);
    let list = perUnit.get(d.unitId);
    if (!list) perUnit.set(d.unitId, (list = []));
    for (const c of consultationContributions({ ...values, voidedAt: null })) list.push(c);
    insAudit.run(actor.id, String(id), d.unitId, JSON.stringify({ id, ...values, externalRef: p.ref }), ip);
    ids.push(id);
  }
  if (!issues.length) for (const [unitId, contributions] of perUnit) applyRecordChange(tx, { before: null, after: { unitId, contributions } });
  return ids;
}

/**
 * Imports a file for the actor: parse, validate every row, then write everything in one transaction — or nothing
 * when any row is bad. Rows whose external reference was imported before are skipped.
 */
export async function importFile({ actor, fileName, data, ip = null }: { actor: Actor; fileName: string; data: Uint8Array; ip?: string | null }): Promise<ImportResult> {
  const result: ImportResult = { ok: false, batchId: null, fileName, rows: 0, imported: {}, skipped: 0, issues: [], moreIssues: 0, status: 400 };
  if (!can(actor, "import:records")) return { ...result, status: 403, issues: [{ sheet: "", row: null, column: null, message: "无权导入数据" }] };
  const parsed = await parseImportFile({ fileName, data });
  if (!parsed.ok) return finish(actor, { ...result, issues: parsed.issues }, "");
  result.format = parsed.format;
  result.encoding = parsed.encoding;
  const kinds = parsed.sheets.map((s) => s.kind).join(",");
  result.rows = parsed.sheets.reduce((a, s) => a + s.rows.length, 0);
  if (result.rows > MAX_IMPORT_ROWS) return finish(actor, { ...result, issues: [{ sheet: "", row: null, column: null, message: `行数过多（${result.rows}行），每个文件最多 ${MAX_IMPORT_ROWS} 行` }] }, kinds);
  for (const s of parsed.sheets) {
    if (s.kind !== "consultation" && !can(actor, s.kind === "mediation" ? "write:mediation" : s.kind === "legal_aid" ? "write:legal-aid" : "write:registry"))
      result.issues.push({ sheet: s.name, row: null, column: null, message: `您的角色无权录入“${IMPORT_SHEETS[s.kind].title}”` });
    if (s.kind === "consultation" && !can(actor, "write:consultation") && !can(actor, "import:records"))
      result.issues.push({ sheet: s.name, row: null, column: null, message: "您的角色无权录入法律咨询" });
  }
  const db = getDb();
  const lookups = new Lookups(actor, db);
  const seen = new Map<string, number>();
  const prepared = parsed.sheets.flatMap((s) => checkSheet(s, lookups, result.issues, seen));
  if (result.issues.length) return finish(actor, result, kinds);
  try {
    db.transaction((tx) => {
      const batch = tx.insert(importBatches).values({ userId: actor.id, fileName: fileName.slice(0, 200), kind: kinds, rows: result.rows, status: "imported" }).returning().get();
      result.batchId = batch.id;
      const existing = new Set(
        tx
          .select({ kind: importRefs.kind, unitId: importRefs.unitId, ref: importRefs.externalRef })
          .from(importRefs)
          .where(inArray(importRefs.kind, [...new Set(prepared.map((p) => p.kind))]))
          .all()
          .map((r) => `${r.kind}|${r.unitId}|${r.ref}`),
      );
      const fresh = prepared.filter((p) => !existing.has(`${p.kind}|${p.unit.id}|${p.ref}`));
      result.skipped = prepared.length - fresh.length;
      const client = (tx as unknown as { session: { client: import("better-sqlite3").Database } }).session.client;
      const insRef = client.prepare(`INSERT INTO import_refs (kind, unit_id, external_ref, record_id, batch_id) VALUES (?, ?, ?, ?, ?)`);
      const byKind = (k: ImportKind) => fresh.filter((p) => p.kind === k);
      const issueOf = (p: Prepared, r: { fieldErrors: Record<string, string>; formError?: string }) => {
        const entries = Object.entries(r.fieldErrors);
        if (!entries.length) result.issues.push({ sheet: p.sheet, row: p.row, column: null, message: zh(r.formError ?? "err.invalid") });
        for (const [f, k] of entries) result.issues.push({ sheet: p.sheet, row: p.row, column: columnOf(p.kind, f), message: zh(k) });
      };
      for (const kind of ["mediator", "literate", "adviser", "consultation", "mediation", "legal_aid"] as const) {
        const rows = byKind(kind);
        if (!rows.length) continue;
        let ids: Array<number | null> = [];
        if (kind === "consultation") ids = insertConsultations(tx, actor, rows, ip, result.issues);
        else
          ids = rows.map((p) => {
            const data = p.data as never;
            const r =
              kind === "mediation"
                ? registerMediation({ actor, data, ip })
                : kind === "legal_aid"
                  ? applyLegalAid({ actor, data, ip })
                  : kind === "mediator"
                    ? addMediator({ actor, data, ip, db: tx })
                    : addRegistryPerson({ actor, kind, data, ip, db: tx });
            if (!r.ok) {
              issueOf(p, r);
              return null;
            }
            return r.value.id;
          });
        if (result.issues.length) continue;
        rows.forEach((p, i) => insRef.run(kind, p.unit.id, p.ref, ids[i], batch.id));
        result.imported[kind] = rows.length;
      }
      if (result.issues.length) throw new Rollback();
      const imported = Object.values(result.imported).reduce((a, n) => a + n, 0);
      tx.update(importBatches).set({ imported, skipped: result.skipped }).where(eq(importBatches.id, batch.id)).run();
      audit(tx, { userId: actor.id, action: "import", entity: "import_batch", entityId: batch.id, unitId: actor.unitId, after: { fileName, kinds, rows: result.rows, imported: result.imported, skipped: result.skipped }, ip });
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
    result.batchId = null;
    result.imported = {};
    return finish(actor, result, kinds);
  }
  return { ...result, ok: true, status: 200 };
}

/** A refused import: nothing written but the batch's record (status rejected); the issues listed, the rest counted. */
function finish(actor: Actor, result: ImportResult, kinds: string): ImportResult {
  const db = getDb();
  db.transaction((tx) => {
    const b = tx.insert(importBatches).values({ userId: actor.id, fileName: result.fileName.slice(0, 200), kind: kinds, rows: result.rows, status: "rejected" }).returning().get();
    audit(tx, { userId: actor.id, action: "import_rejected", entity: "import_batch", entityId: b.id, unitId: actor.unitId, after: { fileName: result.fileName, issues: result.issues.length } });
  });
  const sorted = [...result.issues].sort((a, b) => (a.sheet === b.sheet ? (a.row ?? 0) - (b.row ?? 0) : 0));
  return { ...result, ok: false, status: result.status === 200 ? 400 : result.status, issues: sorted.slice(0, MAX_LISTED_ISSUES), moreIssues: Math.max(0, sorted.length - MAX_LISTED_ISSUES) };
}

/** The actor's recent imports. */
export function listImportBatches({ actor, limit = 20 }: { actor: Actor; limit?: number }) {
  return getDb().select().from(importBatches).where(eq(importBatches.userId, actor.id)).orderBy(sql`${importBatches.id} DESC`).limit(limit).all();
}

// ---- templates -----------------------------------------------------------------------------------------------------

/** The kinds a template holds: records, registries, or one kind. */
export function templateKinds(which: string): ImportKind[] | null {
  if (which === "records") return ["consultation", "mediation", "legal_aid"];
  if (which === "registries") return ["mediator", "literate", "adviser"];
  return (IMPORT_KINDS as readonly string[]).includes(which) ? [which as ImportKind] : null;
}

/** An XLSX template: one sheet per kind (header + worked example row), a 说明 sheet with every column's rules and allowed values. */
export async function buildTemplateXlsx(kinds: ImportKind[], example?: { unitCode?: string; mediator?: string }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "枫桥";
  const help = wb.addWorksheet("说明");
  help.columns = [
    { header: "工作表", width: 14 },
    { header: "列名", width: 18 },
    { header: "必填", width: 6 },
    { header: "说明与可选值", width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  for (const kind of kinds) {
    const def = IMPORT_SHEETS[kind];
    const ws = wb.addWorksheet(def.sheet);
    ws.columns = def.columns.map((c) => ({ header: c.header, width: Math.max(12, c.header.length * 2 + 4) }));
    ws.getRow(1).font = { bold: true };
    addSafeRow(ws, def.columns.map((c) => exampleValue(c, example)));
    ws.getRow(2).font = { italic: true, color: { argb: "FF888888" } };
    ws.views = [{ state: "frozen", ySplit: 1 }];
    for (const c of def.columns)
      addSafeRow(help, [def.sheet, c.header, c.required ? "是" : "", [c.note, c.dict ? `可选：${allowedList(c)}` : ""].filter(Boolean).join("；")]);
  }
  addSafeRow(help, []);
  addSafeRow(help, ["", "", "", "第2行为示例（外部编号以“示例”开头），导入时跳过；可删除。任何一行有误则整个文件都不导入，请按提示改正后重新上传。"]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A CSV template of one kind (UTF-8 with BOM so Excel opens it in Chinese): header + worked example row. */
export function buildTemplateCsv(kind: ImportKind, example?: { unitCode?: string; mediator?: string }): string {
  const def = IMPORT_SHEETS[kind];
  return csvDocument([def.columns.map((c) => c.header), def.columns.map((c) => exampleValue(c, example))]);
}

function exampleValue(c: ImportColumn, example?: { unitCode?: string; mediator?: string }) {
  if (c.type === "unit" && example?.unitCode) return example.unitCode;
  if (c.type === "names" && example?.mediator) return example.mediator;
  return c.example;
}

/** A unit code and a mediator's name from the actor's subtree for the template's example row. */
export function templateExample({ actor }: { actor: Actor }) {
  const db = getDb();
  const u = db.select({ code: units.code }).from(units).where(and(pathInSubtree(units.path, actor.unitPath), isNull(units.activeTo))).orderBy(sql`${units.depth} DESC`).limit(1).get();
  return { unitCode: u?.code };
}

// ---- uploads --------------------------------------------------------------------------------------------------------

/**
 * Reads an upload (multipart, field `file`) without ever holding more than the limit: a declared Content-Length
 * above it is refused before reading, and a body that grows past it is cut off.
 */
export async function readUpload(request: Request): Promise<{ ok: true; fileName: string; data: Uint8Array } | { ok: false; status: number; message: string }> {
  const limit = MAX_IMPORT_BYTES + 256 * 1024;
  const tooLarge = (n: number) => ({ ok: false as const, status: 413, message: `文件过大（${mb(n)}），上限为 ${mb(MAX_IMPORT_BYTES)}；请分成几个文件导入` });
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > limit) return tooLarge(declared);
  if (!request.body) return { ok: false, status: 400, message: "请选择要上传的文件" };
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return tooLarge(total);
    }
    chunks.push(value);
  }
  let form: FormData;
  try {
    form = await new Request(request.url, { method: "POST", headers: { "Content-Type": request.headers.get("Content-Type") ?? "" }, body: Buffer.concat(chunks) }).formData();
  } catch {
    return { ok: false, status: 400, message: "请用表单上传文件（multipart/form-data，字段名 file）" };
  }
  const file = form.get("file");
  if (!file || typeof file === "string" || file.size === 0) return { ok: false, status: 400, message: "请选择要上传的文件" };
  return { ok: true, fileName: file.name || "upload", data: new Uint8Array(await file.arrayBuffer()) };
}

/** An upload → an import result (the upload's own refusals as a result too). */
export async function importUpload({ actor, request, ip }: { actor: Actor; request: Request; ip?: string | null }): Promise<ImportResult> {
  const upload = await readUpload(request);
  if (!upload.ok)
    return { ok: false, batchId: null, fileName: "", rows: 0, imported: {}, skipped: 0, issues: [{ sheet: "", row: null, column: null, message: upload.message }], moreIssues: 0, status: upload.status };
  return importFile({ actor, fileName: upload.fileName, data: upload.data, ip });
}
