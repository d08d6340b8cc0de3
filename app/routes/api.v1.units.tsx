/** GET /api/v1/units — the units of the caller's subtree (active and ended), parents before children. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { API_HEADERS } from "~/models/api-tokens.server";
import { listUnits } from "~/models/units.server";
import { requireApiActor } from "~/utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  const data = (await listUnits({ actor })).map((u) => ({
    id: u.id,
    code: u.code,
    name: u.name,
    shortName: u.shortName,
    level: u.level,
    type: u.type,
    parentId: u.parentId,
    depth: u.depth,
    activeFrom: u.activeFrom,
    activeTo: u.activeTo,
    active: u.active,
  }));
  return json({ data }, { headers: API_HEADERS });
}
