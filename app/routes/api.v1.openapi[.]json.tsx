/** GET /api/v1/openapi.json — the API's OpenAPI 3.1 description, generated from the zod schemas (app/models/openapi.server.ts). */
import { json } from "@remix-run/node";
import { openApiDocument } from "~/models/openapi.server";

export const loader = () => json(openApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } });
