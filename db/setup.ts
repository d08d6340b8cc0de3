/**
 * `npm run setup -- --region <code|name> --admin <user name> [--name <姓名>] [--active-from 2000-01-01] [--dir <csv dir>]`
 * First start on an empty database: loads the region's unit tree from the 2023 national division codes and creates
 * the first administrator at its root, then prints the one-time password. Refuses (exit 1) when the database
 * already has users or units; never loads demo data. The database is DATABASE_URL (default db/fengqiao.db; a
 * postgres:// URL is migrated first).
 */
import { setupInstallation } from "../app/models/setup.server";
import { prepareDatabase } from "../app/utils/db.server";
import { parseDatabaseUrl } from "../app/utils/database-url.server.js";

function option(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

const known = new Set(["region", "admin", "name", "active-from", "dir"]);
for (const a of process.argv.slice(2)) {
  const m = /^--([a-z-]+)/.exec(a);
  if (m && !known.has(m[1])) {
    console.error(`未知选项 ${a}。用法：npm run setup -- --region 140821 --admin linyi.admin [--name 张三]`);
    process.exit(2);
  }
}
const region = option("region");
const admin = option("admin");
if (!region || !admin) {
  console.error("用法：npm run setup -- --region <区划代码或名称，如 140821 或 临猗县> --admin <管理员用户名> [--name <管理员姓名>]");
  process.exit(2);
}

const started = performance.now();
// SQLite: created and migrated when opened; PostgreSQL: migrated here
await prepareDatabase();
const result = await setupInstallation({ region, admin, displayName: option("name"), activeFrom: option("active-from"), dir: option("dir") });
if (!result.ok) {
  console.error(`初始化未执行：${result.message}`);
  process.exit(1);
}
const secs = ((performance.now() - started) / 1000).toFixed(1);
const target = parseDatabaseUrl();
console.log(`已初始化数据库 ${target.engine === "postgres" ? target.shown : target.file}（${secs} 秒）`);
console.log(`单位：${result.rootName}（${result.rootCode}）及下级共 ${result.summary.added} 个（乡镇/街道 ${result.townships} 个，村/社区 ${result.villages} 个），来自 2023 年统计用区划代码。`);
console.log(`第一个管理员：${result.username}（单位：${result.rootName}）`);
console.log(`一次性密码：${result.password}`);
console.log("这个密码只显示这一次：请立即登录并修改密码。");
console.log("不在区划代码中的单位（公共法律服务中心、法律援助中心、行业性专业性调解委员会、派驻调解室、个人品牌调解室）");
console.log("请在“单位管理”中逐个新增，或用单位表导入：npm run units -- sheet <单位表.xlsx|csv>。");
console.log("启动：npm run build && npm start");
