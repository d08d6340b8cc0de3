import { sql } from "drizzle-orm";
import { getDb } from "~/utils/db.server";

export async function loader() {
  await getDb().get(sql`SELECT 1`);
  return new Response("ok", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
}
