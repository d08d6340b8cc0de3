/**
 * `npm run backup -- <file>`: a consistent copy of the database (DATABASE_URL, default db/fengqiao.db) while the
 * server runs. `npm run restore -- <file>`: puts a backup back (stop the server first); the current database is
 * kept aside as `<database>.before-restore-<time>`. Exit code 1 with a Chinese message when refused.
 * The documents the copied database references go to `<file>.documents/` (DOCUMENTS_DIR's layout) and come back
 * from there on restore (see app/utils/backup.server.ts).
 */
import { backupDatabase, BackupError, restoreDatabase } from "../app/utils/backup.server";
import { databasePath, documentsDir } from "../app/utils/env.server";

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
    const r = await backupDatabase({ source: db, target: file, documentsDir: documentsDir() });
    console.log(`已备份 ${db} → ${r.target}（${(r.bytes / 1048576).toFixed(1)} MB，${((performance.now() - t0) / 1000).toFixed(1)} 秒，完整性检查通过）：${figures(r.figures)}`);
    if (r.documents) {
      console.log(`文档：${r.documents.blobs} 个文件已核对 SHA-256 并复制到 ${r.documents.folder}（本次新复制 ${(r.documents.bytes / 1048576).toFixed(1)} MB）`);
      if (r.documents.missing.length) console.warn(`警告：数据库登记的 ${r.documents.missing.length} 个文档文件在 ${documentsDir()} 中找不到，未能备份（如 ${r.documents.missing[0]}）`);
    }
  } else {
    const r = await restoreDatabase({ file, target: db, documentsDir: documentsDir() });
    console.log(`已将 ${file} 恢复为 ${db}：${figures(r.figures)}`);
    if (r.documents) {
      console.log(`文档：已将 ${r.documents.restored} 个文件放回 ${documentsDir()}`);
      if (r.documents.missing.length) console.warn(`警告：备份中缺少 ${r.documents.missing.length} 个数据库登记的文档文件（${file}.documents/ 不完整或不存在）`);
    }
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
