/**
 * Bulk import of spreadsheets (XLSX or CSV, UTF-8 or GBK) and their templates. Every row is validated with the
 * form's own schema; a file with any bad row imports nothing (one transaction); each row carries an external
 * reference (外部编号) so importing the same file again adds nothing.
 *
 * Consultations — the volume — are written by a bulk variant of createConsultation (same checks, same columns,
 * counters applied per unit with applyRecordChange, one audit entry per record, all in one transaction).
 * Mediations and legal aid applications, with the steps of their history, are written by the bulk path of
 * ./history-writer.server.ts (the models' own row builders, the lifecycle table's steps, the counting rules; one
 * write per record); registry rows through app/models/registries.
 */
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { importBatches, importRefs, legalAidCases, legalAidProviders, mediations, mediators, units } from "../../db/schema";
import { getDb, hasSqliteClient, rawAll, rawRun, type Executor } from "~/utils/db.server";
import { audit } from "~/utils/audit.server";
import { addSafeRow, csvDocument } from "~/utils/spreadsheet-cells";
import { can, type Actor } from "~/utils/permissions";
import { translate } from "~/i18n";
import { isValidDay, todayInChina } from "~/utils/dates";
import { ConsultationSchema, type ConsultationValues } from "~/schemas/consultation";
import { MediationConcludeSchema, MediationFollowupSchema, MediationPerformanceSchema, MediationRegisterSchema, PartySchema } from "~/schemas/mediation";
import {
  BeneficiarySchema,
  LegalAidApplySchema,
  LegalAidAssignSchema,
  LegalAidCloseSchema,
  LegalAidGrantSchema,
  LegalAidProgressSchema,
  LegalAidQualitySchema,
  LegalAidRefuseSchema,
  LegalAidTerminateSchema,
} from "~/schemas/legal-aid";
import { fieldErrorsOf } from "~/schemas/forms";
import {
  IMPORT_KINDS,
  IMPORT_SHEETS,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  MediatorSchema,
  RegistryPersonSchema,
  CHILD_SHEETS,
  kindOfHeaders,
  unknownHeaderMessages,
  type ImportColumn,
  type ImportKind,
} from "~/schemas/import";
import { applyRecordChange, withDeferredCounters } from "./counters.server";
import { consultationContributions, type Contribution } from "./counting-rules";
import { listDisputeTypes, registerMediation, updateMediationRegistration } from "./mediations.server";
import { applyLegalAid, updateLegalAidApplication } from "./legal-aid.server";
import { runStep } from "./lifecycle/executor.server";
import { MEDIATION_KIND, MEDIATION_STEPS } from "./lifecycle/mediation-steps.server";
import { LEGAL_AID_KIND, LEGAL_AID_STEPS } from "./lifecycle/legal-aid-steps.server";
import { updateConsultation } from "./consultations.server";
import { canonicalJson, consultationInput, legalAidInput, mediationInput } from "./record-inputs.server";
import { addMediator, addRegistryPerson } from "./registries.server";
import { pathInSubtree } from "./unit-paths";
import { HistoryWriter, type HistoryFailure, type HistoryStep } from "./history-writer.server";
import { withDeferredSequences } from "./case-numbers.server";

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
  if (data.byteLength === 0) return fileIssue(`文件“${fileName}”是空的（0 字节）：请检查是否选错了文件，或在 Excel 中重新保存后再上传`);
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
  const unknown = unknownHeaderMessages(kind, headers);
  if (unknown.length) return { ok: false, issues: unknown.map((u) => ({ sheet: IMPORT_SHEETS[kind].sheet, row: headerIndex + 1, column: u.column, message: u.message })) };
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
    const unknown = unknownHeaderMessages(kind, headers);
    if (unknown.length) {
      for (const u of unknown) issues.push({ sheet: ws.name, row: 1, column: u.column, message: u.message });
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

/** A dot path's parts, and whether each part is an array index (a column's path is split once per import, not per row). */
const pathParts = new Map<string, Array<{ key: string; index: boolean }>>();

function setPath(obj: Record<string, unknown>, path: string, value: unknown) {
  let parts = pathParts.get(path);
  if (!parts) pathParts.set(path, (parts = path.split(".").map((key) => ({ key, index: /^\d+$/.test(key) }))));
  let node: Record<string, unknown> | unknown[] = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    const key = parts[i].key;
    const container = node as Record<string, unknown>;
    if (container[key] === undefined) container[key] = parts[i + 1].index ? [] : {};
    node = container[key] as Record<string, unknown>;
  }
  (node as Record<string, unknown>)[parts[parts.length - 1].key] = value;
}

type UnitInfo = { id: number; code: string; name: string; shortName: string | null; path: string; activeFrom: string; activeTo: string | null };

/** What a sheet's rows are checked against: the actor's units, rosters, dispute types. Loaded once per import. */
class Lookups {
  private byCode = new Map<string, UnitInfo>();
  private byName = new Map<string, UnitInfo | null>();
  private rosters = new Map<number, Array<{ id: number; name: string; startOn: string; endOn: string | null }>>();
  private disputeTypes = new Map<string, string>();
  private constructor(private db: Executor) {}
  /** The lookups of an import (a constructor cannot await its queries). */
  static async load(actor: Actor, db: Executor): Promise<Lookups> {
    const l = new Lookups(db);
    const rows = await db
      .select({ id: units.id, code: units.code, name: units.name, shortName: units.shortName, path: units.path, activeFrom: units.activeFrom, activeTo: units.activeTo })
      .from(units)
      .where(pathInSubtree(units.path, actor.unitPath))
      .all();
    for (const u of rows) {
      l.byCode.set(u.code, u);
      l.byName.set(u.name, l.byName.has(u.name) ? null : u);
    }
    for (const t of await listDisputeTypes({ actor })) {
      l.disputeTypes.set(t.code, t.code);
      l.disputeTypes.set(t.zh, t.code);
    }
    return l;
  }
  /** A unit by code or full name, inside the actor's subtree; else the reason. */
  async unit(raw: string): Promise<UnitInfo | string> {
    const s = raw.trim();
    const u = this.byCode.get(s) ?? this.byName.get(s);
    if (u) return u;
    if (this.byName.get(s) === null) return `单位名称“${s}”不唯一，请填写单位编码`;
    const elsewhere = await this.db.select({ id: units.id }).from(units).where(sql`${units.code} = ${s} OR ${units.name} = ${s}`).get();
    return elsewhere ? `单位“${s}”不在您的管辖范围内` : `单位编码“${s}”不存在`;
  }
  disputeType(raw: string) {
    return this.disputeTypes.get(raw.trim());
  }
  /** Mediator ids by names on the roster of the unit or a unit above it, serving on the day. */
  async mediatorIds(unit: UnitInfo, names: string[], day: string): Promise<number[] | string> {
    let roster = this.rosters.get(unit.id);
    if (!roster) {
      const ids = unit.path.split("/").filter(Boolean).map(Number);
      roster = await this.db.select({ id: mediators.id, name: mediators.name, startOn: mediators.startOn, endOn: mediators.endOn }).from(mediators).where(inArray(mediators.unitId, ids)).all();
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

/**
 * A cell's code in a column's list of allowed values: the code itself or its Chinese label (and, with `short`, the
 * label without its bracketed note), the first value in the list's order that matches — as a search of the list
 * would find it, from a table made once per column instead of per row.
 */
function enumCode(c: ImportColumn, cell: string, short: boolean): string | undefined {
  const tables = short ? shortCodeTables : codeTables;
  let table = tables.get(c);
  if (!table) {
    table = new Map();
    for (const x of c.dict!.values) {
      const zh = c.dict!.labels[x].zh;
      for (const key of short ? [x, zh, zh.split("（")[0]] : [x, zh]) if (!table.has(key)) table.set(key, x);
    }
    tables.set(c, table);
  }
  return table.get(cell);
}
const codeTables = new WeakMap<ImportColumn, Map<string, string>>();
const shortCodeTables = new WeakMap<ImportColumn, Map<string, string>>();

function allowedList(c: ImportColumn) {
  return c.dict ? c.dict.values.map((v) => c.dict!.labels[v].zh).join("、") : "";
}

type Prepared = {
  kind: ImportKind;
  sheet: string;
  row: number;
  ref: string;
  unit: UnitInfo;
  data: Record<string, unknown>;
  /** the row as the form's input (before parsing), and the fields whose columns the sheet has */
  input: Record<string, unknown>;
  present: string[];
  /** the steps of a historical record after its registration, checked with each step's form schema */
  history: HistoryStep[];
  /** rows of its child sheet (further parties or beneficiaries) */
  children: number;
};

const SCHEMAS: Record<ImportKind, { safeParse(v: unknown): { success: boolean; data?: unknown; error?: import("zod").core.$ZodError } }> = {
  consultation: ConsultationSchema,
  mediation: MediationRegisterSchema,
  legal_aid: LegalAidApplySchema,
  mediator: MediatorSchema,
  literate: RegistryPersonSchema,
  adviser: RegistryPersonSchema,
  mediation_party: PartySchema,
  legal_aid_beneficiary: BeneficiarySchema,
};

type ChildRows = Map<string, Array<{ sheet: string; row: number; input: Record<string, unknown> }>>;

/**
 * The rows of a child sheet (当事人, 受援人), each checked with its form's schema, grouped by the 外部编号 of the row
 * they belong to (`parentKind|ref`).
 */
function checkChildSheet(sheet: ParsedSheet, issues: ImportIssue[], children: ChildRows) {
  const cols = IMPORT_SHEETS[sheet.kind].columns;
  const missing = cols.filter((c) => c.required && !sheet.headers.includes(c.header));
  if (missing.length) {
    issues.push({ sheet: sheet.name, row: 1, column: null, message: `缺少必填列：${missing.map((c) => c.header).join("、")}` });
    return;
  }
  const parent = CHILD_SHEETS[sheet.kind]!.parent;
  for (const { row, cells } of sheet.rows) {
    if (cells.every((c) => c == null || String(c).trim() === "")) continue;
    const get = (c: ImportColumn) => {
      const i = sheet.headers.indexOf(c.header);
      return i >= 0 ? String(cells[i] ?? "").trim() : "";
    };
    const ref = get(cols[0]);
    if (ref.startsWith("示例")) continue;
    const add = (column: string | null, message: string) => issues.push({ sheet: sheet.name, row, column, message });
    if (!ref) {
      add(cols[0].header, `请填写所属记录的外部编号（“${IMPORT_SHEETS[parent].sheet}”工作表中的外部编号）`);
      continue;
    }
    const input: Record<string, unknown> = {};
    let bad = false;
    for (const c of cols.slice(1)) {
      const v = get(c);
      if (c.type === "enum") {
        const code = v ? c.dict!.values.find((x) => x === v || c.dict!.labels[x].zh === v) : "";
        if (code === undefined) {
          add(c.header, `“${v}”不是可选值，可选：${allowedList(c)}`);
          bad = true;
        }
        input[c.field] = code ?? v;
      } else if (c.type === "enumList") {
        const codes: string[] = [];
        for (const item of splitList(v)) {
          const code = c.dict!.values.find((x) => x === item || c.dict!.labels[x].zh === item);
          if (!code) {
            add(c.header, `“${item}”不是可选值，可选：${allowedList(c)}`);
            bad = true;
          } else codes.push(code);
        }
        input[c.field] = codes;
      } else input[c.field] = v;
    }
    if (sheet.kind === "mediation_party") input.kind = input.kind || "person";
    const parsed = SCHEMAS[sheet.kind].safeParse(input);
    if (!parsed.success) {
      for (const [field, key] of Object.entries(fieldErrorsOf(parsed.error!))) add(columnOf(sheet.kind, field), zh(key));
      bad = true;
    }
    if (bad) continue;
    const k = `${parent}|${ref}`;
    let list = children.get(k);
    if (!list) children.set(k, (list = []));
    list.push({ sheet: sheet.name, row, input });
  }
}

/** The column header a field error belongs to (`parties` → the applicant's name, `beneficiaries.0.x` → its column). */
function columnOf(kind: ImportKind, field: string): string | null {
  const cols = IMPORT_SHEETS[kind].columns;
  const exact = cols.find((c) => c.field === field);
  if (exact) return exact.header;
  const prefix = cols.find((c) => c.field.startsWith(`${field}.`) || field.startsWith(`${c.field}.`));
  return prefix?.header ?? null;
}

/** Checks one sheet's rows: cells → the form schema's input → the schema. Returns prepared rows and issues. */
async function checkSheet(sheet: ParsedSheet, lookups: Lookups, issues: ImportIssue[], seenRefs: Map<string, number>, children: ChildRows = new Map()): Promise<Prepared[]> {
  const cols = IMPORT_SHEETS[sheet.kind].columns;
  const missing = cols.filter((c) => c.required && !sheet.headers.includes(c.header));
  if (missing.length) {
    issues.push({ sheet: sheet.name, row: 1, column: null, message: `缺少必填列：${missing.map((c) => c.header).join("、")}` });
    return [];
  }
  const index = new Map(cols.map((c) => [c.field, sheet.headers.indexOf(c.header)]));
  const present = cols.slice(1).filter((c) => index.get(c.field)! >= 0 && c.type !== "unit").map((c) => c.field);
  const out: Prepared[] = [];
  const rest = cols.slice(1);
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
    for (const c of rest) {
      const v = get(c);
      switch (c.type) {
        case "unit": {
          if (!v) {
            add(c.header, "请填写单位编码");
            break;
          }
          const u = await lookups.unit(v);
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
          const code = c.field === "disputeType" ? lookups.disputeType(v) : enumCode(c, v, true);
          if (!code) add(c.header, `“${v}”不是可选值，可选：${c.field === "disputeType" ? allowedList(c) + " 及本县自定义类型" : allowedList(c)}`);
          setPath(input, c.field, code ?? v);
          break;
        }
        case "enumList": {
          const codes: string[] = [];
          for (const item of splitList(v)) {
            const code = enumCode(c, item, false);
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
        const ids = await lookups.mediatorIds(unit, names, day || todayInChina());
        if (typeof ids === "string") add(columnOf("mediation", "mediatorIds"), ids);
        input.mediatorIds = typeof ids === "string" ? [] : ids;
      } else input.mediatorIds = [];
      input.confirmDuplicate = true;
    }
    if (sheet.kind === "legal_aid") {
      input.applicantRelation = "self";
      input.applicantName = "";
    }
    // the further parties / beneficiaries of the child sheet, joined by 外部编号
    const kids = children.get(`${sheet.kind}|${ref}`) ?? [];
    children.delete(`${sheet.kind}|${ref}`);
    if (kids.length) {
      const listName = sheet.kind === "mediation" ? "parties" : "beneficiaries";
      input[listName] = [...((input[listName] as unknown[]) ?? []), ...kids.map((k) => k.input)];
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
    const history = parsed.success ? checkHistory(sheet.kind, input, parsed.data as Record<string, unknown>, add) : [];
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
    out.push({ kind: sheet.kind, sheet: sheet.name, row, ref, unit: unit!, data: parsed.data as Record<string, unknown>, input, present, history, children: kids.length });
  }
  return out;
}

// ---- history: the steps of a record concluded or closed before Fengqiao ------------------------------------------


const filled = (o: unknown) =>
  !!o && typeof o === "object" && Object.values(o as Record<string, unknown>).some((v) => v !== "" && v != null && v !== false && !(Array.isArray(v) && !v.length));

/** The first column of a step (where a refusal of the whole step is shown). */
function stepColumn(kind: ImportKind, step: string): string | null {
  return IMPORT_SHEETS[kind].columns.find((c) => c.field.startsWith(`${step}.`))?.header ?? null;
}

/**
 * The history columns of a row → the lifecycle steps to take after its registration, each checked with its page
 * form's schema; an inconsistent history (concluded before registered, closed without a grant…) is a row error.
 * The model functions check the order of dates again when the steps run.
 */
function checkHistory(kind: ImportKind, input: Record<string, unknown>, registration: Record<string, unknown>, add: (column: string | null, message: string) => void): HistoryStep[] {
  const steps: HistoryStep[] = [];
  const parse = (step: string, schema: { safeParse(v: unknown): { success: boolean; data?: unknown; error?: import("zod").core.$ZodError } }, value: Record<string, unknown>) => {
    const r = schema.safeParse({ ...value, version: 1 });
    if (!r.success) {
      for (const [field, key] of Object.entries(fieldErrorsOf(r.error!))) add(columnOf(kind, `${step}.${field}`) ?? stepColumn(kind, step), zh(key));
      return null;
    }
    const data = r.data as Record<string, unknown>;
    steps.push({ step, data });
    return data;
  };
  const col = (field: string) => columnOf(kind, field);
  if (kind === "mediation") {
    const c = input.conclude as Record<string, unknown> | undefined;
    const j = input.jc as Record<string, unknown> | undefined;
    const f = input.followup as Record<string, unknown> | undefined;
    let concluded: Record<string, unknown> | null = null;
    if (filled(c)) {
      concluded = parse("conclude", MediationConcludeSchema, c!);
      if (concluded && (concluded.concludedOn as string) < (registration.registeredOn as string)) add(col("conclude.concludedOn"), `结案日期早于受理日期（${registration.registeredOn as string}）`);
    }
    const settled = concluded?.result === "success";
    if (filled(j) && j!.judicialConfirmation !== "none") {
      if (!filled(c)) add(col("jc.judicialConfirmation"), "尚未结案的纠纷不能填写司法确认：请填写结案日期和调解结果");
      else if (concluded && !settled) add(col("jc.judicialConfirmation"), "只有调解成功的纠纷才能申请司法确认");
      else if (concluded) parse("jc", MediationPerformanceSchema, { ...j, performance: concluded.performance });
    }
    if (filled(f)) {
      if (!filled(c)) add(col("followup.visitedOn"), "尚未结案的纠纷不能填写回访：请填写结案日期和调解结果");
      else if (concluded && !settled) add(col("followup.visitedOn"), "只有调解成功的纠纷才有回访");
      else if (concluded) parse("followup", MediationFollowupSchema, { notes: "", ...f });
    }
  }
  if (kind === "legal_aid") {
    const d = input.decision as Record<string, unknown> | undefined;
    const a = input.assign as Record<string, unknown> | undefined;
    const pr = input.progress as Record<string, unknown> | undefined;
    const cl = input.close as Record<string, unknown> | undefined;
    const t = input.terminate as Record<string, unknown> | undefined;
    const q = input.quality as Record<string, unknown> | undefined;
    let decision: string | null = null;
    if (filled(d)) {
      if (!d!.kind) add(col("decision.kind"), "请填写审查决定（准予或不予）");
      else {
        decision = d!.kind as string;
        const data =
          decision === "grant"
            ? parse("grant", LegalAidGrantSchema, { decidedOn: d!.decidedOn, preliminary: d!.preliminary, limitationDeadline: d!.limitationDeadline })
            : parse("refuse", LegalAidRefuseSchema, { decidedOn: d!.decidedOn, refusalReason: d!.refusalReason });
        if (data && (data.decidedOn as string) < (registration.appliedOn as string)) add(col("decision.decidedOn"), `决定日期早于申请日期（${registration.appliedOn as string}）`);
      }
    }
    const granted = decision === "grant";
    const needGrant = (field: string, what: string) => {
      if (granted) return true;
      add(col(field), decision === "refuse" ? `不予援助的案件不能${what}` : `未准予法律援助的案件不能${what}：请填写审查决定“准予”和决定日期`);
      return false;
    };
    if (filled(a) && needGrant("assign.assignedOn", "指派")) {
      if (!a!.provider) add(col("assign.provider"), "请填写承办人");
      else parse("assign", LegalAidAssignSchema, { assignedOn: a!.assignedOn, providerId: 1 })!;
      const last = steps[steps.length - 1];
      if (last?.step === "assign") last.data.provider = a!.provider;
    }
    const assigned = filled(a);
    if (filled(pr) && needGrant("progress.notedOn", "填写办理进展")) {
      if (!assigned) add(col("progress.notedOn"), "未指派的案件不能填写办理进展：请填写指派日期和承办人");
      else parse("progress", LegalAidProgressSchema, pr!);
    }
    if (filled(cl) && filled(t)) add(col("terminate.terminatedOn"), "结案与终止只能填写一项");
    else if (filled(cl) && needGrant("close.closedOn", "结案")) {
      if (!assigned) add(col("close.closedOn"), "未指派承办人的案件不能结案：请填写指派日期和承办人（或填写终止）");
      else parse("close", LegalAidCloseSchema, cl!);
    } else if (filled(t) && needGrant("terminate.terminatedOn", "终止")) parse("terminate", LegalAidTerminateSchema, t!);
    if (filled(q)) {
      if (!filled(cl) && !filled(t)) add(col("quality.reviewedOn"), "质量评查须在结案或终止之后：请填写结案或终止");
      else parse("quality", LegalAidQualitySchema, { note: "", ...q });
    }
  }
  return steps;
}

// ---- writing -------------------------------------------------------------------------------------------------------

/**
 * The reference the bulk path is checked against (tests and tests/bench only, option `rowByRow`): a historical
 * record registered by the page's own function, then each step of its history run by the executor as the page
 * runs it (load, version, guard, from-state, effect, versioned write with its counters and audit) — the import's
 * way before the bulk path, at about 100 rows per second.
 */
async function writeRowByRow(tx: Executor, actor: Actor, p: Prepared, ip: string | null): Promise<{ ok: true; id: number } | { ok: false; failure: HistoryFailure }> {
  const kind = p.kind as "mediation" | "legal_aid";
  const r = kind === "mediation" ? await registerMediation({ actor, data: p.data as never, ip }) : await applyLegalAid({ actor, data: p.data as never, ip });
  if (!r.ok) return { ok: false, failure: { step: null, fieldErrors: r.fieldErrors, formError: r.formError } };
  const id = r.value.id;
  const table = kind === "mediation" ? mediations : legalAidCases;
  for (const h of p.history) {
    const version = (await tx.select({ v: table.version }).from(table).where(eq(table.id, id)).get())!.v;
    let data: Record<string, unknown> = { ...h.data, version };
    if (h.step === "assign") {
      const centreId = (await tx.select({ unitId: legalAidCases.unitId }).from(legalAidCases).where(eq(legalAidCases.id, id)).get())!.unitId;
      const provider = await tx
        .select({ id: legalAidProviders.id })
        .from(legalAidProviders)
        .where(and(eq(legalAidProviders.centreId, centreId), eq(legalAidProviders.name, String(h.data.provider)), eq(legalAidProviders.active, true)))
        .get();
      if (!provider) return { ok: false, failure: { step: "assign", fieldErrors: { provider: `承办人“${String(h.data.provider)}”不在受理该案的法律援助中心的承办人名单上` } } };
      data = { ...data, providerId: provider.id };
    }
    const done =
      kind === "mediation"
        ? await runStep(MEDIATION_KIND, MEDIATION_STEPS[h.step === "jc" ? "performance" : (h.step as "conclude" | "followup")] as never, { actor, id, data: data as never, ip })
        : await runStep(LEGAL_AID_KIND, LEGAL_AID_STEPS[h.step as "grant"] as never, { actor, id, data: data as never, ip });
    if (!done.ok) return { ok: false, failure: { step: h.step === "grant" || h.step === "refuse" ? "decision" : h.step, fieldErrors: done.fieldErrors, formError: done.formError } };
    if (h.step === "conclude") await tx.update(mediations).set({ concludedByImport: true }).where(eq(mediations.id, id)).run();
  }
  return { ok: true, id };
}

class Rollback extends Error {}

export type ImportResult = {
  ok: boolean;
  batchId: number | null;
  fileName: string;
  format?: string;
  encoding?: string;
  rows: number;
  imported: Partial<Record<ImportKind, number>>;
  /** rows of records imported before, corrected in "update existing rows" mode */
  updated: Partial<Record<ImportKind, number>>;
  /** rows of records imported before: left as they are (not in update mode, or nothing to change) */
  skipped: number;
  /** one line per row imported before: skipped, unchanged or updated (the first MAX_LISTED_ISSUES) */
  notices: ImportIssue[];
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
async function insertConsultations(tx: Executor, actor: Actor, rows: Prepared[], ip: string | null, issues: ImportIssue[]): Promise<number[]> {
  if (!hasSqliteClient(tx)) return await insertConsultationsPg(tx, actor, rows, ip, issues);
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
    checkUnitActiveOn(p, d.date, issues);
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
  if (!issues.length) for (const [unitId, contributions] of perUnit) await applyRecordChange(tx, { before: null, after: { unitId, contributions } });
  return ids;
}

/** A consultation's unit must be active on its day (both engines' inserts check it the same way). */
function checkUnitActiveOn(p: Prepared, date: string, issues: ImportIssue[]) {
  if (p.unit.activeTo && p.unit.activeTo < date) issues.push({ sheet: p.sheet, row: p.row, column: columnOf("consultation", "unitId"), message: zh("err.unitInactive") });
  else if (p.unit.activeFrom > date) issues.push({ sheet: p.sheet, row: p.row, column: columnOf("consultation", "date"), message: zh("err.beforeUnitActive") });
}

/**
 * insertConsultations on PostgreSQL: the same rows, categories, audit entries and counters, written as multi-row
 * inserts in batches (one round trip per batch, not per row) with ids taken from the table's identity sequence
 * first (in the file's order), since the rows' ids are needed for their categories, audit entries and references.
 * A row refused (its unit not active on the day) leaves nothing written: the caller rolls the import back.
 */
async function insertConsultationsPg(tx: Executor, actor: Actor, rows: Prepared[], ip: string | null, issues: ImportIssue[]): Promise<number[]> {
  const perUnit = new Map<number, Contribution[]>();
  const valuesOf = (d: ConsultationValues, categories: string[]) => ({
    unitId: d.unitId,
    date: d.date,
    channel: d.channel,
    topic: d.topic,
    persons: d.persons,
    categories: categories.join(","),
    answeredBy: d.answeredBy,
    summary: d.summary,
    nextStep: d.nextStep,
  });
  const records: Array<{ p: Prepared; d: ConsultationValues; categories: string[]; values: ReturnType<typeof valuesOf> }> = [];
  for (const p of rows) {
    const d = p.data as ConsultationValues;
    checkUnitActiveOn(p, d.date, issues);
    if (issues.length) continue;
    const categories = [...new Set(d.categories)].sort();
    records.push({ p, d, categories, values: valuesOf(d, categories) });
  }
  if (issues.length || !records.length) return [];
  const ids = await reserveIds(tx, "consultations", records.length);
  await insertMany(
    tx,
    `INSERT INTO consultations (id, unit_id, date, channel, topic, persons, categories, answered_by, summary, next_step, created_by_id) VALUES`,
    records.map(({ d, values }, i) => [ids[i], d.unitId, d.date, d.channel, d.topic, d.persons, values.categories, d.answeredBy, d.summary, d.nextStep, actor.id]),
  );
  await insertMany(
    tx,
    `INSERT INTO consultation_categories (consultation_id, category) VALUES`,
    records.flatMap(({ categories }, i) => categories.map((c) => [ids[i], c])),
  );
  await insertMany(
    tx,
    `INSERT INTO audit_log (user_id, action, entity, entity_id, unit_id, after, ip) VALUES`,
    records.map(({ p, d, values }, i) => [actor.id, "import", "consultation", String(ids[i]), d.unitId, JSON.stringify({ id: ids[i], ...values, externalRef: p.ref }), ip]),
  );
  records.forEach(({ d, values }) => {
    let list = perUnit.get(d.unitId);
    if (!list) perUnit.set(d.unitId, (list = []));
    for (const c of consultationContributions({ ...values, voidedAt: null })) list.push(c);
  });
  for (const [unitId, contributions] of perUnit) await applyRecordChange(tx, { before: null, after: { unitId, contributions } });
  return ids;
}

/** `n` new ids of a table from its identity sequence (PostgreSQL), ascending: for rows inserted with their id given. */
async function reserveIds(tx: Executor, table: string, n: number): Promise<number[]> {
  const rows = await rawAll<{ id: number }>(tx, `SELECT nextval(pg_get_serial_sequence(?, 'id')) AS id FROM generate_series(1, ?::integer)`, [table, n]);
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

/**
 * A multi-row insert in batches (PostgreSQL's bulk path): `head` is `INSERT INTO t (cols…) VALUES`, each row its
 * values in that order; batches stay well below PostgreSQL's 65,535 parameters of a statement.
 */
async function insertMany(tx: Executor, head: string, rows: unknown[][]): Promise<void> {
  if (!rows.length) return;
  const width = rows[0].length;
  const per = Math.max(1, Math.floor(8000 / width));
  const tuple = `(${new Array(width).fill("?").join(", ")})`;
  for (let i = 0; i < rows.length; i += per) {
    const batch = rows.slice(i, i + per);
    await rawRun(tx, `${head} ${new Array(batch.length).fill(tuple).join(", ")}`, batch.flat());
  }
}

/**
 * Imports a file for the actor: parse, validate every row, then write everything in one transaction — or nothing
 * when any row is bad. Rows whose external reference was imported before are skipped, each named in `notices`;
 * with `update`, they are corrected instead through the same model update functions as the pages (versioned
 * write, counters, audit), changing only the columns the file has.
 */
export async function importFile({
  actor,
  fileName,
  data,
  ip = null,
  update = false,
  onProgress,
  beforeCommit,
  rowByRow = false,
}: {
  actor: Actor;
  fileName: string;
  data: Uint8Array;
  ip?: string | null;
  update?: boolean;
  /** how far it has come: reading the file, checking every row, writing the records (rows done of the total) */
  onProgress?: (p: ImportProgress) => void;
  /** called inside the import's transaction with the result, just before it commits (a job records its end there) */
  beforeCommit?: (tx: Executor, result: ImportResult) => void | Promise<void>;
  /** write historical records through the page functions one step at a time (the bulk path's reference; tests, bench) */
  rowByRow?: boolean;
}): Promise<ImportResult> {
  const result: ImportResult = { ok: false, batchId: null, fileName, rows: 0, imported: {}, updated: {}, skipped: 0, notices: [], issues: [], moreIssues: 0, status: 400 };
  if (!can(actor, "import:records")) return { ...result, status: 403, issues: [{ sheet: "", row: null, column: null, message: "无权导入数据" }] };
  onProgress?.({ phase: "read", done: 0, total: 0 });
  const parsed = await parseImportFile({ fileName, data });
  if (!parsed.ok) return await finish(actor, { ...result, issues: parsed.issues }, "");
  result.format = parsed.format;
  result.encoding = parsed.encoding;
  const kinds = parsed.sheets.map((s) => s.kind).join(",");
  result.rows = parsed.sheets.reduce((a, s) => a + s.rows.length, 0);
  if (result.rows > MAX_IMPORT_ROWS) return await finish(actor, { ...result, issues: [{ sheet: "", row: null, column: null, message: `行数过多（${result.rows}行），每个文件最多 ${MAX_IMPORT_ROWS} 行` }] }, kinds);
  for (const s of parsed.sheets)
    if (!mayImportKind(actor, s.kind))
      result.issues.push({ sheet: s.name, row: null, column: null, message: `您的角色无权录入“${IMPORT_SHEETS[s.kind].title}”：${NOT_IMPORTABLE_HINT}` });
  onProgress?.({ phase: "check", done: 0, total: result.rows });
  const db = getDb();
  const lookups = await Lookups.load(actor, db);
  const seen = new Map<string, number>();
  const children: ChildRows = new Map();
  for (const sh of parsed.sheets) if (CHILD_SHEETS[sh.kind]) checkChildSheet(sh, result.issues, children);
  // sheet after sheet, in order (the rows' issues and the first row of a repeated reference are the file's order)
  const prepared: Prepared[] = [];
  for (const sh of parsed.sheets) if (!CHILD_SHEETS[sh.kind]) for (const p of await checkSheet(sh, lookups, result.issues, seen, children)) prepared.push(p);
  // child rows whose record is not in the file
  for (const list of children.values())
    for (const k of list) {
      const parent = IMPORT_SHEETS[k.sheet === IMPORT_SHEETS.mediation_party.sheet ? "mediation" : "legal_aid"].sheet;
      result.issues.push({ sheet: k.sheet, row: k.row, column: "外部编号", message: `该外部编号在“${parent}”工作表中没有对应的行（其他当事人、受援人须与所属记录在同一文件中导入）` });
    }
  if (result.issues.length) return await finish(actor, result, kinds);
  if (!prepared.length)
    return await finish(actor, { ...result, issues: [{ sheet: parsed.sheets.map((s) => s.name).join("、"), row: null, column: null, message: "文件中没有数据行：只有表头（或只有以“示例”开头的示例行），请从第2行起填写要导入的记录" }] }, kinds);
  const notices: ImportIssue[] = [];
  let written = 0;
  const wrote = (n: number) => {
    const before = written;
    written += n;
    // every 100 rows (and at the end of a sheet): cheap enough for a million rows
    if (onProgress && (Math.floor(written / 100) > Math.floor(before / 100) || n > 1)) onProgress({ phase: "write", done: written, total: prepared.length });
  };
  onProgress?.({ phase: "write", done: 0, total: prepared.length });
  try {
    // the counter upkeep of every record and step is summed per unit and written once, at the end (bulk write)
    // so are the case numbers' sequences (read once, their last numbers written at the end)
    await db.transaction(async (tx) => await withDeferredSequences(tx, async () => await withDeferredCounters(tx, async () => {
      // from a clean slate: PostgreSQL runs this callback again after a deadlock (its first attempt rolled back)
      result.imported = {};
      result.updated = {};
      result.skipped = 0;
      result.issues.length = 0;
      notices.length = 0;
      written = 0;
      const batch = await tx.insert(importBatches).values({ userId: actor.id, fileName: fileName.slice(0, 200), kind: kinds, rows: result.rows, status: "imported" }).returning().get();
      result.batchId = batch.id;
      const existing = new Map(
        (await tx
          .select({ kind: importRefs.kind, unitId: importRefs.unitId, ref: importRefs.externalRef, recordId: importRefs.recordId })
          .from(importRefs)
          .where(inArray(importRefs.kind, [...new Set(prepared.map((p) => p.kind))]))
          .all())
          .map((r) => [`${r.kind}|${r.unitId}|${r.ref}`, r.recordId]),
      );
      const keyOf = (p: Prepared) => `${p.kind}|${p.unit.id}|${p.ref}`;
      const fresh = prepared.filter((p) => !existing.has(keyOf(p)));
      const again = prepared.filter((p) => existing.has(keyOf(p)));
      // the references: a reused prepared statement on SQLite (one synchronous insert per row), multi-row inserts in
      // batches on PostgreSQL
      const insRefs = hasSqliteClient(tx)
        ? (() => {
            const insRef = tx.$client.prepare(`INSERT INTO import_refs (kind, unit_id, external_ref, record_id, batch_id) VALUES (?, ?, ?, ?, ?)`);
            return async (kind: ImportKind, rows: Prepared[], ids: Array<number | null>) => rows.forEach((p, i) => insRef.run(kind, p.unit.id, p.ref, ids[i], batch.id));
          })()
        : async (kind: ImportKind, rows: Prepared[], ids: Array<number | null>) =>
            await insertMany(tx, `INSERT INTO import_refs (kind, unit_id, external_ref, record_id, batch_id) VALUES`, rows.map((p, i) => [kind, p.unit.id, p.ref, ids[i], batch.id]));
      const byKind = (k: ImportKind) => fresh.filter((p) => p.kind === k);
      const history = new HistoryWriter(tx, actor, ip);
      const issueOf = (p: Prepared, r: { fieldErrors: Record<string, string>; formError?: string }) => {
        const entries = Object.entries(r.fieldErrors);
        if (!entries.length) result.issues.push({ sheet: p.sheet, row: p.row, column: null, message: zh(r.formError ?? "err.invalid") });
        for (const [f, k] of entries) result.issues.push({ sheet: p.sheet, row: p.row, column: columnOf(p.kind, f), message: zh(k) });
      };
      /** A registry, dispute or legal aid row written: its record's id, or null with its issues added. */
      const writeRow = async (kind: "mediator" | "literate" | "adviser" | "mediation" | "legal_aid", p: Prepared): Promise<number | null> => {
        wrote(1);
        const data = p.data as never;
        if (kind === "mediation" || kind === "legal_aid") {
          // registration and history in one write each, by the lifecycle's own rules (history-writer.server.ts)
          if (!can(actor, kind === "mediation" ? "write:mediation" : "write:legal-aid")) {
            issueOf(p, { fieldErrors: {}, formError: "err.forbidden" });
            return null;
          }
          const r = rowByRow ? await writeRowByRow(tx, actor, p, ip) : kind === "mediation" ? await history.mediation(data, p.unit, p.history) : await history.legalAid(data, p.unit, p.history);
          if (r.ok) return r.id;
          const failed = r.failure;
          if (failed.step === null) issueOf(p, failed);
          else {
            for (const [f, k] of Object.entries(failed.fieldErrors)) result.issues.push({ sheet: p.sheet, row: p.row, column: columnOf(p.kind, `${failed.step}.${f}`) ?? stepColumn(p.kind, failed.step), message: zh(k) });
            if (!Object.keys(failed.fieldErrors).length) result.issues.push({ sheet: p.sheet, row: p.row, column: stepColumn(p.kind, failed.step), message: zh(failed.formError ?? "err.invalid") });
          }
          return null;
        }
        const r = kind === "mediator" ? await addMediator({ actor, data, ip, db: tx }) : await addRegistryPerson({ actor, kind, data, ip, db: tx });
        if (!r.ok) {
          issueOf(p, r);
          return null;
        }
        return r.value.id;
      };
      for (const kind of ["mediator", "literate", "adviser", "consultation", "mediation", "legal_aid"] as const) {
        const rows = byKind(kind);
        if (!rows.length) continue;
        let ids: Array<number | null> = [];
        if (kind === "consultation") {
          ids = await insertConsultations(tx, actor, rows, ip, result.issues);
          wrote(rows.length);
        } else
          // one row after another, in the file's order (each write sees the rows before it)
          for (const p of rows) ids.push(await writeRow(kind, p));
        if (result.issues.length) continue;
        await insRefs(kind, rows, ids);
        result.imported[kind] = rows.length;
      }
      // what the history writer keeps back (PostgreSQL: its records' audit entries, written in batches)
      await history.flush();
      for (const p of again) {
        const note = (message: string) => notices.push({ sheet: p.sheet, row: p.row, column: IMPORT_SHEETS[p.kind].columns[0].header, message });
        if (!update) {
          note(`外部编号“${p.ref}”已导入过，本行未导入也未更改（如本行是更正，请勾选“更新已导入的记录”后重新上传）${p.children ? "；其所附的其他当事人、受援人行也未导入" : ""}`);
          result.skipped++;
          continue;
        }
        const r = await updateImported(tx, actor, p, existing.get(keyOf(p))!, ip);
        if (r === "unsupported") {
          note(`外部编号“${p.ref}”已导入过；名册记录不能按导入更新，请在名册页面修改`);
          result.skipped++;
        } else if (r === "unchanged") {
          note(`外部编号“${p.ref}”已导入过，内容与现有记录相同，未更改`);
          result.skipped++;
        } else if (r === "updated") {
          note(`外部编号“${p.ref}”已导入过，已按本行更新现有记录${p.children ? "（其他当事人、受援人行不按导入更新，请在页面上修改）" : ""}`);
          result.updated[p.kind] = (result.updated[p.kind] ?? 0) + 1;
        } else issueOf(p, r);
      }
      if (result.issues.length) throw new Rollback();
      const imported = Object.values(result.imported).reduce((a, n) => a + n, 0);
      await tx.update(importBatches).set({ imported, skipped: result.skipped }).where(eq(importBatches.id, batch.id)).run();
      await audit(tx, {
        userId: actor.id,
        action: "import",
        entity: "import_batch",
        entityId: batch.id,
        unitId: actor.unitId,
        after: { fileName, kinds, rows: result.rows, imported: result.imported, updated: result.updated, skipped: result.skipped, mode: update ? "update" : "add" },
        ip,
      });
      await beforeCommit?.(tx, doneResult(result, notices));
    })));
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
    result.batchId = null;
    result.imported = {};
    result.updated = {};
    return await finish(actor, result, kinds);
  }
  return doneResult(result, notices);
}

/** How far an import has come (a job's progress page shows it). */
export type ImportProgress = { phase: "read" | "check" | "write"; done: number; total: number };

function doneResult(result: ImportResult, notices: ImportIssue[]): ImportResult {
  const sorted = [...notices].sort((a, b) => (a.sheet === b.sheet ? (a.row ?? 0) - (b.row ?? 0) : 0));
  return { ...result, notices: sorted.slice(0, MAX_LISTED_ISSUES), ok: true, status: 200 };
}

/** A value at a dot path (`parties.0.name`). */
function getPath(obj: Record<string, unknown>, path: string): unknown {
  let node: unknown = obj;
  for (const part of path.split(".")) node = node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined;
  return node;
}

/**
 * A row imported before, corrected: the stored record's form input with the row's columns laid over it (the
 * template's applicant / respondent are the record's first of each side; its beneficiary the first one), parsed
 * with the edit form's schema and written by the page's own update function. "unchanged" when nothing differs.
 */
async function updateImported(
  tx: Executor,
  actor: Actor,
  p: Prepared,
  recordId: number,
  ip: string | null,
): Promise<"updated" | "unchanged" | "unsupported" | { fieldErrors: Record<string, string>; formError?: string }> {
  if (p.kind !== "consultation" && p.kind !== "mediation" && p.kind !== "legal_aid") return "unsupported";
  const stored =
    p.kind === "consultation" ? await consultationInput({ actor, id: recordId, db: tx }) : p.kind === "mediation" ? await mediationInput({ actor, id: recordId, db: tx }) : await legalAidInput({ actor, id: recordId, db: tx });
  if (!stored) return { fieldErrors: {}, formError: "err.notFound" };
  const merged = structuredClone(stored.input);
  for (const field of p.present) {
    let target = field;
    if (p.kind === "mediation" && field.startsWith("parties.")) {
      const [, i, f] = field.split(".");
      const parties = merged.parties as Array<Record<string, unknown>>;
      const at = parties.findIndex((x) => x.side === (i === "0" ? "applicant" : "respondent"));
      target = `parties.${at < 0 ? parties.length : at}.${f}`;
      if (at < 0) parties.push({ side: i === "0" ? "applicant" : "respondent", kind: "person" });
    }
    setPath(merged, target, getPath(p.input, field));
  }
  const schema = SCHEMAS[p.kind];
  const before = schema.safeParse(stored.input);
  const after = schema.safeParse(merged);
  if (!after.success) return { fieldErrors: fieldErrorsOf(after.error!) };
  const norm = (v: unknown) => {
    const o = { ...(v as Record<string, unknown>) };
    if (Array.isArray(o.mediatorIds)) o.mediatorIds = [...(o.mediatorIds as number[])].sort((a, b) => a - b);
    return canonicalJson(o);
  };
  if (before.success && norm(before.data) === norm(after.data)) return "unchanged";
  const data = after.data as never;
  const r =
    p.kind === "consultation"
      ? await updateConsultation({ actor, id: recordId, version: stored.version, data, ip, viaImport: true })
      : p.kind === "mediation"
        ? await updateMediationRegistration({ actor, id: recordId, version: stored.version, data, ip })
        : await updateLegalAidApplication({ actor, id: recordId, data: { ...(after.data as object), version: stored.version } as never, ip });
  return r.ok ? "updated" : r;
}

/** A refused import: nothing written but the batch's record (status rejected); the issues listed, the rest counted. */
async function finish(actor: Actor, result: ImportResult, kinds: string): Promise<ImportResult> {
  const db = getDb();
  await db.transaction(async (tx) => {
    const b = await tx.insert(importBatches).values({ userId: actor.id, fileName: result.fileName.slice(0, 200), kind: kinds, rows: result.rows, status: "rejected" }).returning().get();
    await audit(tx, { userId: actor.id, action: "import_rejected", entity: "import_batch", entityId: b.id, unitId: actor.unitId, after: { fileName: result.fileName, issues: result.issues.length } });
  });
  const sorted = [...result.issues].sort((a, b) => (a.sheet === b.sheet ? (a.row ?? 0) - (b.row ?? 0) : 0));
  return { ...result, ok: false, status: result.status === 200 ? 400 : result.status, issues: sorted.slice(0, MAX_LISTED_ISSUES), moreIssues: Math.max(0, sorted.length - MAX_LISTED_ISSUES) };
}

/** The actor's recent imports. */
export async function listImportBatches({ actor, limit = 20 }: { actor: Actor; limit?: number }) {
  return await getDb().select().from(importBatches).where(eq(importBatches.userId, actor.id)).orderBy(sql`${importBatches.id} DESC`).limit(limit).all();
}

// ---- templates -----------------------------------------------------------------------------------------------------

/** Whether the actor's role may import a kind of sheet: the write permission of its records (consultations: import:records too). */
export function mayImportKind(actor: Actor, kind: ImportKind): boolean {
  const child = CHILD_SHEETS[kind];
  if (child) return mayImportKind(actor, child.parent);
  if (kind === "consultation") return can(actor, "write:consultation") || can(actor, "import:records");
  return can(actor, kind === "mediation" ? "write:mediation" : kind === "legal_aid" ? "write:legal-aid" : "write:registry");
}

const NOT_IMPORTABLE_HINT = "人民调解和法律援助记录由有录入权限的角色（如中心负责人）导入";

/** What the actor may import, and the kinds its role may not (the templates leave those out and say so). */
export function importableKinds({ actor }: { actor: Actor }) {
  return { kinds: IMPORT_KINDS.filter((k) => mayImportKind(actor, k)), refused: IMPORT_KINDS.filter((k) => !mayImportKind(actor, k)), hint: NOT_IMPORTABLE_HINT };
}

/** The kinds a template holds: records, registries, or one kind. */
export function templateKinds(which: string): ImportKind[] | null {
  if (which === "records") return ["consultation", "mediation", "mediation_party", "legal_aid", "legal_aid_beneficiary"];
  if (which === "registries") return ["mediator", "literate", "adviser"];
  // the child sheets come only in the workbook, beside the sheet they belong to
  return (IMPORT_KINDS as readonly string[]).includes(which) && !CHILD_SHEETS[which as ImportKind] ? [which as ImportKind] : null;
}

/** An XLSX template: one sheet per kind (header + worked example row), a 说明 sheet with every column's rules and allowed values. */
export async function buildTemplateXlsx(kinds: ImportKind[], example?: { unitCode?: string; mediator?: string }, refused: ImportKind[] = []): Promise<Buffer> {
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
  if (refused.length)
    addSafeRow(help, ["", "", "", `本模板只含您的角色可以导入的工作表；不含：${refused.map((k) => `“${IMPORT_SHEETS[k].sheet}”`).join("、")}（${NOT_IMPORTABLE_HINT}）。`]);
  if (kinds.includes("mediation") || kinds.includes("legal_aid"))
    addSafeRow(help, ["", "", "", "历史记录：填写结案（调解）或审查决定、指派、结案/终止、质量评查（法律援助）各列，即按页面相同的步骤和规则导入完整的办理过程；顺序矛盾（如结案早于受理、未准予即结案）的行不导入。"]);
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
export async function templateExample({ actor }: { actor: Actor }) {
  const db = getDb();
  const u = await db.select({ code: units.code }).from(units).where(and(pathInSubtree(units.path, actor.unitPath), isNull(units.activeTo))).orderBy(sql`${units.depth} DESC`).limit(1).get();
  return { unitCode: u?.code };
}

// ---- uploads --------------------------------------------------------------------------------------------------------

/**
 * Reads an upload (multipart, field `file`) without ever holding more than the limit: a declared Content-Length
 * above it is refused before reading, and a body that grows past it is cut off.
 */
export async function readUpload(
  request: Request,
  /** the form already read from this request's body (app/serve.js reads and checks multipart bodies): not parsed again */
  read?: FormData,
): Promise<{ ok: true; fileName: string; data: Uint8Array; update: boolean } | { ok: false; status: number; message: string }> {
  const limit = MAX_IMPORT_BYTES + 256 * 1024;
  const tooLarge = (n: number) => ({ ok: false as const, status: 413, message: `文件过大（${mb(n)}），上限为 ${mb(MAX_IMPORT_BYTES)}；请分成几个文件导入` });
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > limit) return tooLarge(declared);
  if (read) {
    const file = read.get("file");
    if (file && typeof file !== "string" && file.size > limit) return tooLarge(file.size);
    return uploadOf(read);
  }
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
  return uploadOf(form);
}

/** The upload's file and mode from its form, or why not. */
async function uploadOf(form: FormData): Promise<{ ok: true; fileName: string; data: Uint8Array; update: boolean } | { ok: false; status: number; message: string }> {
  const file = form.get("file");
  // a browser posts an empty part without a name when no file was chosen
  if (!file || typeof file === "string" || (file.size === 0 && !file.name)) return { ok: false, status: 400, message: "请选择要上传的文件" };
  if (file.size === 0) return { ok: false, status: 400, message: `文件“${file.name}”是空的（0 字节）：请检查是否选错了文件，或在 Excel 中重新保存后再上传` };
  const mode = form.get("update");
  return { ok: true, fileName: file.name || "upload", data: new Uint8Array(await file.arrayBuffer()), update: mode === "1" || mode === "on" || mode === "true" };
}

/** An upload → an import result (the upload's own refusals as a result too). */
export async function importUpload({ actor, request, ip }: { actor: Actor; request: Request; ip?: string | null }): Promise<ImportResult> {
  const upload = await readUpload(request);
  if (!upload.ok)
    return { ok: false, batchId: null, fileName: "", rows: 0, imported: {}, updated: {}, skipped: 0, notices: [], issues: [{ sheet: "", row: null, column: null, message: upload.message }], moreIssues: 0, status: upload.status };
  return importFile({ actor, fileName: upload.fileName, data: upload.data, ip, update: upload.update });
}
