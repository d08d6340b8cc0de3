/**
 * POST /api/v1/legal-aid-cases/:id/steps/:step — one step of a legal aid case's lifecycle (missing, complete, grant,
 * refuse, assign, reassign, progress, close, terminate, quality, followup, void).
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { methodNotAllowed } from "~/models/api-tokens.server";
import { apiStep } from "~/models/lifecycle/api-steps.server";
import { LEGAL_AID_KIND, LEGAL_AID_STEPS } from "~/models/lifecycle/legal-aid-steps.server";

export const loader = () => methodNotAllowed("POST");

export const action = (args: ActionFunctionArgs) => apiStep(LEGAL_AID_KIND, LEGAL_AID_STEPS, args);
