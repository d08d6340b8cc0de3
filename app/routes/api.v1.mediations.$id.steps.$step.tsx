/** POST /api/v1/mediations/:id/steps/:step — one step of a dispute's lifecycle (session, conclude, performance, followup, transfer, void). */
import type { ActionFunctionArgs } from "@remix-run/node";
import { methodNotAllowed } from "~/models/api-tokens.server";
import { apiStep } from "~/models/lifecycle/api-steps.server";
import { MEDIATION_KIND, MEDIATION_STEPS } from "~/models/lifecycle/mediation-steps.server";

export const loader = () => methodNotAllowed("POST");

export const action = (args: ActionFunctionArgs) => apiStep(MEDIATION_KIND, MEDIATION_STEPS, args);
