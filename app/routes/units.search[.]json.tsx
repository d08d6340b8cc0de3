/**
 * The unit picker's data as JSON: `?q=` searches the actor's subtree (name, short name, code prefix, pinyin),
 * `?under=ID` without q lists that unit's children (the actor's own unit's when absent). `active=1`: active units
 * only. Errors are JSON `{ error }` with 400 (empty search) or 404 (a unit outside the actor's reach).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { translate } from "~/i18n";
import { listUnitChildren, searchUnits } from "~/models/unit-search.server";
import { parseUnitPickerQuery } from "~/schemas/unit-picker";
import { requireActor } from "~/utils/auth.server";
import { getLocale } from "~/utils/locale.server";

const headers = { "Cache-Control": "private, no-store" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const locale = await getLocale(request);
  const query = parseUnitPickerQuery(new URL(request.url).searchParams);
  if (query.badUnder) return json({ error: translate(locale, "unitPicker.outside") }, { status: 404, headers });
  if (query.q !== null) {
    const r = await searchUnits({ actor, q: query.q, underId: query.under, activeOnly: query.active });
    if (!r.ok) return json({ error: translate(locale, r.message) }, { status: r.status, headers });
    return json({ q: r.q, hits: r.hits, more: r.more }, { headers });
  }
  const c = await listUnitChildren({ actor, unitId: query.under, activeOnly: query.active });
  if (!c.ok) return json({ error: translate(locale, c.message) }, { status: c.status, headers });
  return json({ parent: c.parent, children: c.children }, { headers });
}
