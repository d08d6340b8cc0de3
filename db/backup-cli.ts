/**
 * `npm run backup -- <file>`: a consistent copy of the database (DATABASE_URL, default db/fengqiao.db) while the
 * server runs. `npm run restore -- <file>`: puts a backup back (stop the server first); the current database is
 * kept aside as `<database>.before-restore-<time>`. Exit code 1 with a Chinese message when refused.
 */
import { backupDatabase, BackupError, restoreDatabase } from "../app/utils/backup.server";
import { databasePath } from "../app/utils/env.server";

const [command, file] = process.argv.slice(2);
if ((command !== "backup" && command !== "restore") || !file) {
  console.error(command === "restore" ? "用法：npm run restore -- <备份文件>" : "用法：npm run backup -- <备份文件，如 backups/fengqiao-2025-03-05.db>");
  process.exit(2);
}
const db = databasePath();
const figures = (f: Record<string, number>) =>
  `单位 ${f.units} 个，用户 ${f.users} 个，法律咨询 ${f.consultations} 条，调解 ${f.mediations} 件，法律援助 ${f.legal_aid_cases} 件`;
try {
  if (command === "backup") {
    const t0 = performance.now();
    const r = await backupDatabase({ source: db, target: file });
    console.log(`已备份 ${db} → ${r.target}（${(r.bytes / 1048576).toFixed(1)} MB，${((performance.now() - t0) / 1000).toFixed(1)} 秒，完整性检查通过）：${figures(r.figures)}`);
  } else {
    const r = await restoreDatabase({ file, target: db });
    console.log(`已将 ${file} 恢复为 ${db}：${figures(r.figures)}`);
    if (r.aside) console.log(`原数据库已另存为 ${r.aside}`);
    console.log("请重新启动服务器（npm start）；较旧备份的数据库结构会在启动时自动升级。");
  }
} catch (e) {
  if (e instanceof BackupError) {
    console.error(`${command === "backup" ? "备份" : "恢复"}未执行：${e.message}`);
    process.exit(1);
  }
  throw e;
}
