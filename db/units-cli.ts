/**
 * The unit tree from the command line (DATABASE_URL, default db/fengqiao.db), as an administrator
 * (`--user <name>`, default: the first active administrator at a top unit):
 *
 *   npm run units -- codes --region <code|name> [--on YYYY-MM-DD] [--dir <csv dir>]
 *       loads a province, city or county from the division codes; run again with a newer edition (--dir with the
 *       same CSV layout) it adds new units (active from --on, default today), renames changed ones and ends
 *       vanished ones on the day before, without touching records.
 *   npm run units -- sheet <单位表.xlsx|.csv>
 *       adds the units of a unit sheet (centres, committees, rooms); any bad row → nothing is added.
 *
 * Exit code 1 when nothing was changed because of an error (printed in Chinese).
 */
import fs from "node:fs";
import path from "node:path";
import { and, asc, eq, isNull } from "drizzle-orm";
import { units, users } from "./schema";
import { getDb } from "../app/utils/db.server";
import { todayInChina, isValidDay } from "../app/utils/dates";
import type { Role } from "../app/schemas/enums";
import type { Actor } from "../app/utils/permissions";
import { DivisionError, defaultDivisionDir, findRegion, readRegionUnits } from "../app/models/division-codes.server";
import { applyDivisionUnits, UnitLoadError } from "../app/models/unit-load.server";
import { importUnitSheet } from "../app/models/unit-sheet.server";

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const positional = args.filter((a, i) => !a.startsWith("--") && !(i > 0 && args[i - 1].startsWith("--")));
const [command, file] = positional;
const usage = "用法：npm run units -- codes --region <区划代码或名称> [--on YYYY-MM-DD] [--dir 目录] [--user 用户名]\n      npm run units -- sheet <单位表.xlsx|.csv> [--user 用户名]";
if (command !== "codes" && command !== "sheet") {
  console.error(usage);
  process.exit(2);
}

const db = getDb();
const username = option("user");
const row = await db
  .select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role, unitId: users.unitId, unitPath: units.path, unitName: units.name, unitLevel: units.level })
  .from(users)
  .innerJoin(units, eq(units.id, users.unitId))
  .where(and(eq(users.active, true), username ? eq(users.username, username) : and(eq(users.role, "admin"), isNull(units.parentId))))
  .orderBy(asc(users.id))
  .get();
if (!row || row.role !== "admin") {
  console.error(username ? `用户“${username}”不存在、已停用或不是系统管理员` : "没有顶级单位的管理员账号：空数据库请先运行 npm run setup，或用 --user 指定管理员");
  process.exit(2);
}
const actor: Actor = { ...row, role: row.role as Role };
const atTop = !!await db.select({ id: units.id }).from(units).where(and(eq(units.id, actor.unitId), isNull(units.parentId))).get();

if (command === "codes") {
  const on = option("on") ?? todayInChina();
  if (!isValidDay(on)) {
    console.error(`日期“${on}”无效：请写成 YYYY-MM-DD`);
    process.exit(2);
  }
  try {
    const dir = option("dir") ?? defaultDivisionDir();
    const region = findRegion(option("region") ?? "", dir);
    const started = performance.now();
    const specs = await readRegionUnits(region, dir);
    const s = await db.transaction(async (tx) => await applyDivisionUnits(tx, { actor, specs, activeFrom: on, allowNewRoot: atTop, source: `区划代码 ${path.resolve(dir)}`, ip: "cli" }));
    const secs = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`${s.rootName}：新增 ${s.added} 个单位，更名 ${s.renamed.length} 个，调整上级 ${s.moved.length} 个，停用 ${s.ended.length} 个，恢复 ${s.reactivated.length} 个，未变 ${s.unchanged} 个（${secs} 秒）`);
    for (const r of s.renamed) console.log(`  更名 ${r.code}：${r.from} → ${r.to}`);
    for (const r of s.ended) console.log(`  停用 ${r.code}：${r.name}`);
  } catch (e) {
    if (e instanceof DivisionError || e instanceof UnitLoadError) {
      console.error(`未做任何修改：${e.message}`);
      process.exit(1);
    }
    throw e;
  }
} else {
  if (!file || !fs.existsSync(file)) {
    console.error(file ? `找不到文件 ${file}` : usage);
    process.exit(2);
  }
  const result = await importUnitSheet({ actor, fileName: path.basename(file), data: fs.readFileSync(file), ip: "cli" });
  if (result.ok) console.log(`已导入 ${result.created} 个单位：${result.codes.join("、")}`);
  else {
    console.error(`未导入任何单位：${result.issues.length} 处问题`);
    for (const i of result.issues) console.error(`  ${i.row ? `第${i.row}行` : ""}${i.column ? `「${i.column}」` : ""}：${i.message}`);
    process.exit(1);
  }
}
