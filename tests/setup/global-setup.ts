/** Builds one migrated template database; each test file gets its own copy (tests/setup/per-file.ts). */
import fs from "node:fs";
import { openDatabase, migrateDatabase } from "../../app/utils/db.server";
import { TEMPLATE_DB, TMP_DIR } from "./paths";

export default function setup() {
  fs.mkdirSync(TMP_DIR, { recursive: true });
  for (const f of fs.readdirSync(TMP_DIR)) if (f.startsWith("vt-") || f.startsWith("template")) fs.rmSync(`${TMP_DIR}/${f}`, { force: true });
  const db = openDatabase(TEMPLATE_DB);
  migrateDatabase(db);
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.pragma("journal_mode = DELETE");
  db.$client.close();
  return () => {
    for (const f of fs.readdirSync(TMP_DIR)) if (f.startsWith("vt-")) fs.rmSync(`${TMP_DIR}/${f}`, { force: true });
  };
}
