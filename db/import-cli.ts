/**
 * `npm run import -- <file.xlsx|file.csv> [--user <username>] [--update]` — imports a filled template on the server,
 * as that user (default: the first active administrator), with the same checks as the upload: every row validated,
 * nothing imported when any row is bad, rows imported before skipped (each one named) or, with `--update`,
 * corrected through the same update functions as the pages. Exit code 1 when nothing was imported or updated.
 */
import fs from "node:fs";
import path from "node:path";
import { and, asc, eq } from "drizzle-orm";
import { units, users } from "./schema";
import { BUSY_MESSAGE, closeDb, isBusyError, prepareDatabase } from "../app/utils/db.server";
import { importFile } from "../app/models/import.server";
import type { Role } from "../app/schemas/enums";
import { MAX_IMPORT_BYTES } from "../app/schemas/import";

const args = process.argv.slice(2);
const userIdx = args.indexOf("--user");
const username = userIdx >= 0 ? args[userIdx + 1] : null;
const update = args.includes("--update");
const file = args.find((a, i) => !a.startsWith("--") && (userIdx < 0 || i !== userIdx + 1));
if (!file) {
  console.error("用法：npm run import -- <文件.xlsx|文件.csv> [--user 用户名] [--update]");
  process.exit(2);
}
const size = fs.statSync(file).size;
if (size > MAX_IMPORT_BYTES) {
  console.error(`文件过大（${(size / 1048576).toFixed(1)} MB），上限为 ${(MAX_IMPORT_BYTES / 1048576).toFixed(1)} MB`);
  process.exit(1);
}
// SQLite: opened and migrated; PostgreSQL: migrated here
const db = await prepareDatabase();
const row = await db
  .select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role, unitId: users.unitId, unitPath: units.path, unitName: units.name, unitLevel: units.level })
  .from(users)
  .innerJoin(units, eq(units.id, users.unitId))
  .where(and(eq(users.active, true), username ? eq(users.username, username) : eq(users.role, "admin")))
  .orderBy(asc(users.id))
  .get();
if (!row) {
  console.error(username ? `用户“${username}”不存在或已停用` : "没有可用的管理员账号，请用 --user 指定");
  process.exit(2);
}
const started = performance.now();
let result: Awaited<ReturnType<typeof importFile>>;
try {
  result = await importFile({ actor: { ...row, role: row.role as Role }, fileName: path.basename(file), data: fs.readFileSync(file), ip: "cli", update });
} catch (e) {
  // another import (the server's job, or another command) holds the database: nothing was written
  if (!isBusyError(e)) throw e;
  console.error(`未导入任何数据：${BUSY_MESSAGE}`);
  process.exit(3);
}
const seconds = ((performance.now() - started) / 1000).toFixed(2);
const total = (o: Record<string, number | undefined>) => Object.values(o).reduce<number>((a, n) => a + (n ?? 0), 0);
if (result.ok) {
  for (const n of result.notices) console.log(`  ${n.sheet}${n.row ? ` 第${n.row}行` : ""}：${n.message}`);
  if (total(result.imported) + total(result.updated) === 0) {
    console.error(`未导入任何数据（${seconds} 秒）：${result.skipped} 行已导入过，均未更改${update ? "" : "（如为更正，请加 --update）"}`);
    process.exit(1);
  }
  console.log(`导入成功（${seconds} 秒，${row.username}）：新增`, JSON.stringify(result.imported), "更新", JSON.stringify(result.updated), `跳过已导入 ${result.skipped} 行`);
} else {
  console.error(`未导入任何数据：${result.issues.length + result.moreIssues} 处问题`);
  for (const i of result.issues) console.error(`  ${i.sheet}${i.row ? ` 第${i.row}行` : ""}${i.column ? ` 「${i.column}」` : ""}：${i.message}`);
  if (result.moreIssues) console.error(`  另有 ${result.moreIssues} 处问题未列出`);
  process.exit(1);
}
closeDb();
process.exit(0);
