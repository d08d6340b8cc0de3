/** GET /api/v1/enumerations — every enumeration the API speaks: its codes with their Chinese (and English) labels. */
import { json } from "@remix-run/node";
import { API_HEADERS } from "~/models/api-tokens.server";
import { enumerations } from "~/models/openapi.server";
import { requireApiActor } from "~/utils/auth.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireApiActor(request);
  return json({ data: enumerations() }, { headers: API_HEADERS });
}
