/**
 * A throwaway PostgreSQL cluster for tests (issue 16): initdb in a fresh directory under tests/.tmp, listening only
 * on a Unix socket in that directory (no TCP port, so parallel runs on one machine never collide), fsync off,
 * stopped and removed by stop() (or when the process exits). Needs PostgreSQL 15+ (Debian's `postgresql` package:
 * `npm test` installs it when missing). PostgreSQL refuses to run as root: as root, the cluster runs as the
 * `postgres` system user, in a directory it owns. Never skips: a missing or failing PostgreSQL throws a clear error.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { TMP_DIR } from "./paths";

export type PgCluster = {
  /** the directory holding the data and the socket; removed by stop() */
  dir: string;
  socketDir: string;
  port: number;
  /** connection settings for node-postgres */
  config(database?: string): { host: string; port: number; user: string; database: string };
  /** a `postgres://` URL (the socket directory in `?host=`) */
  url(database?: string): string;
  /** stops the server (immediate) and removes the directory */
  stop(): void;
};

const MIN_MAJOR = 15;
const INSTALL_HINT =
  "PostgreSQL 15 或更高版本未安装（找不到 initdb）。`npm test` 会在缺少时安装 Debian 的 postgresql 软件包；也可手动安装：apt-get install postgresql。" +
  " PostgreSQL 15+ is not installed (no initdb found). `npm test` installs Debian's postgresql package when missing; or run: apt-get install postgresql.";

/** The bin directory of the newest PostgreSQL 15+ (PG_BIN overrides), or null. */
export function findPgBin(): string | null {
  const set = process.env.PG_BIN;
  if (set) return fs.existsSync(path.join(set, "initdb")) ? set : null;
  const base = "/usr/lib/postgresql";
  const majors = fs.existsSync(base)
    ? fs
        .readdirSync(base)
        .map(Number)
        .filter((n) => Number.isInteger(n) && n >= MIN_MAJOR && fs.existsSync(path.join(base, String(n), "bin/initdb")))
        .sort((a, b) => b - a)
    : [];
  return majors.length ? path.join(base, String(majors[0]), "bin") : null;
}

const asRoot = typeof process.getuid === "function" && process.getuid() === 0;

function pgUser(): { uid: number; gid: number } {
  const r = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
  const g = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
  if (r.status !== 0 || g.status !== 0) {
    throw new Error(
      "以 root 运行时需要系统用户 postgres 来启动测试用的 PostgreSQL（Debian 的 postgresql 软件包会创建它）。" +
        " Running as root needs the `postgres` system user to run the test cluster (Debian's postgresql package creates it).",
    );
  }
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/** Runs a PostgreSQL program in `cwd` (a directory the postgres user can enter), as that user when we are root. */
function run(bin: string, program: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const cmd = path.join(bin, program);
  const [file, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
  return spawnSync(file, argv, { cwd, encoding: "utf8", env: { ...process.env, LC_ALL: "C", LANG: "C" }, timeout: 120_000 });
}

/** A fresh directory the cluster's user owns and can reach (tests/.tmp, or the system temp dir if that is closed to it). */
function makeDir(): string {
  const owner = asRoot ? pgUser() : null;
  const candidates = [TMP_DIR, os.tmpdir()];
  for (const parent of candidates) {
    fs.mkdirSync(parent, { recursive: true });
    const dir = path.join(parent, `pg-${process.pid}-${crypto.randomBytes(3).toString("hex")}`);
    // the socket's path must stay under the 107 bytes a Unix socket name may have
    if (path.join(dir, ".s.PGSQL.5432").length > 100) continue;
    fs.mkdirSync(dir, { mode: 0o700 });
    if (owner) {
      fs.chownSync(dir, owner.uid, owner.gid);
      const reach = spawnSync("runuser", ["-u", "postgres", "--", "test", "-w", dir]);
      if (reach.status !== 0) {
        fs.rmSync(dir, { recursive: true, force: true });
        continue;
      }
    }
    return dir;
  }
  throw new Error("找不到可供 PostgreSQL 测试集群使用的临时目录。No temporary directory usable by the PostgreSQL test cluster.");
}

const running = new Set<PgCluster>();
let exitHookSet = false;

/** Clusters left by a test process that was killed (no exit hook ran): stopped and removed. */
function removeStaleClusters(bin: string) {
  if (!fs.existsSync(TMP_DIR)) return;
  for (const name of fs.readdirSync(TMP_DIR)) {
    const m = /^pg-(\d+)-[0-9a-f]+$/.exec(name);
    if (!m) continue;
    try {
      process.kill(Number(m[1]), 0);
      continue; // its test process still runs
    } catch {
      // gone
    }
    const dir = path.join(TMP_DIR, name);
    if (fs.existsSync(path.join(dir, "data/postmaster.pid"))) run(bin, "pg_ctl", ["-D", path.join(dir, "data"), "-m", "immediate", "-w", "stop"], dir);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `maxConnections`: the server's max_connections (default 50; the model suite on PostgreSQL opens a pool per worker). */
export function startPgCluster(options: { maxConnections?: number } = {}): PgCluster {
  const bin = findPgBin();
  if (!bin) throw new Error(INSTALL_HINT);
  removeStaleClusters(bin);
  const dir = makeDir();
  const data = path.join(dir, "data");
  const log = path.join(dir, "server.log");
  const port = 5432;
  const fail = (what: string, r: SpawnSyncReturns<string>) => {
    const logText = fs.existsSync(log) ? fs.readFileSync(log, "utf8").slice(-2000) : "";
    fs.rmSync(dir, { recursive: true, force: true });
    return new Error(
      `测试用 PostgreSQL 集群${what}失败。The PostgreSQL test cluster failed to ${what === "初始化" ? "initialise (initdb)" : "start (pg_ctl start)"}:\n` +
        `${r.error?.message ?? ""}${r.stdout ?? ""}${r.stderr ?? ""}${logText}`,
    );
  };
  // C collation and UTF-8: text sorts bytewise, as SQLite's BINARY collation does
  const init = run(bin, "initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "-N", "--no-instructions"], dir);
  if (init.status !== 0) throw fail("初始化", init);
  fs.appendFileSync(
    path.join(data, "postgresql.conf"),
    [
      "",
      "# throwaway test cluster (tests/setup/pg-cluster.ts)",
      "listen_addresses = ''",
      `unix_socket_directories = '${dir.replace(/'/g, "''")}'`,
      `port = ${port}`,
      "fsync = off",
      "synchronous_commit = off",
      "full_page_writes = off",
      `max_connections = ${options.maxConnections ?? 50}`,
      "",
    ].join("\n"),
  );
  const start = run(bin, "pg_ctl", ["-D", data, "-l", log, "-w", "-t", "60", "start"], dir);
  if (start.status !== 0) throw fail("启动", start);

  const cluster: PgCluster = {
    dir,
    socketDir: dir,
    port,
    config: (database = "postgres") => ({ host: dir, port, user: "postgres", database }),
    url: (database = "postgres") => `postgres://postgres@localhost:${port}/${database}?host=${encodeURIComponent(dir)}`,
    stop() {
      if (!running.delete(cluster)) return;
      run(bin, "pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"], dir);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  running.add(cluster);
  if (!exitHookSet) {
    exitHookSet = true;
    process.on("exit", () => {
      for (const c of [...running]) c.stop();
    });
  }
  return cluster;
}
