/** A real SQLite file per test file: a copy of the migrated template. */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { TEMPLATE_DB, TMP_DIR } from "./paths";

const file = path.join(TMP_DIR, `vt-${process.pid}-${crypto.randomBytes(4).toString("hex")}.db`);
fs.copyFileSync(TEMPLATE_DB, file);
process.env.DATABASE_URL = file;
process.env.SESSION_SECRET ??= "test-secret-test-secret-test-secret";
process.env.FENGQIAO_STRICT_WRITES ??= "1";
