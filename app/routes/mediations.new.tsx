import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import {
  applyPartyIntent,
  blankParty,
  isFormOnlyIntent,
  MediationRegistrationForm,
  registrationDefaultsFrom,
  type LikelyDuplicateView,
  type RegistrationDefaults,
} from "~/components/mediation-form";
import { findLikelyDuplicates, lastRegistrationChoices, listDisputeTypes, listRoster, registerMediation } from "~/models/mediations.server";
import { getUnitChoice } from "~/models/unit-search.server";
import type { UnitChoice } from "~/components/unit-picker";
import { formDataToNested, parseSubmission } from "~/schemas/forms";
import { MEDIATION_ARRAY_FIELDS, MediationRegisterSchema } from "~/schemas/mediation";
import { requirePermission } from "~/utils/auth.server";
import { todayInChina } from "~/utils/dates";
import { useT } from "~/utils/i18n";
import type { Actor } from "~/utils/permissions";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.mediationNew");

/**
 * The roster of the unit asked for, if it is one of the actor's (else of the actor's own unit), the current user
 * first; `preselected`: the current user when on it, else the unit's own mediators when there are at most three
 * (a committee's few), else none (a choice among many is the user's).
 */
async function rosterFor(actor: Actor, asked: unknown) {
  const id = Number(asked);
  // an active unit in the actor's reach (one index look-up), else the actor's own
  const wanted = Number.isSafeInteger(id) && id > 0 ? await getUnitChoice({ actor, id }) : null;
  const unitId = wanted?.active ? wanted.id : actor.unitId;
  const all = await listRoster({ actor, unitId });
  const mine = all.filter((m) => m.userId === actor.id);
  const ordered = [...mine, ...all.filter((m) => m.userId !== actor.id)];
  const own = all.filter((m) => m.unitId === unitId);
  const preselected = mine.length ? mine : own.length <= 3 ? own : [];
  const roster = ordered.map((m) => ({ id: m.id, name: m.name, fullTime: m.fullTime, unitName: m.unitName }));
  return { roster, rosterUnitId: unitId, preselected: (preselected.length ? preselected : all.length === 1 ? all : []).map((m) => String(m.id)) };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "write:mediation");
  const params = new URL(request.url).searchParams;
  // ?unit= from the roster fetcher, ?unitId= from the unit search page (without JavaScript)
  const { roster, rosterUnitId, preselected } = await rosterFor(actor, params.get("unitId") ?? params.get("unit"));
  const defaults: RegistrationDefaults = {
    registeredOn: todayInChina(),
    unitId: String(rosterUnitId),
    source: "",
    disputeType: "",
    summary: "",
    personsInvolved: "2",
    amount: "",
    isMass: false,
    preventedCriminal: false,
    preventedPetition: false,
    parties: [blankParty("applicant"), blankParty("respondent")],
    mediatorIds: preselected,
  };
  return json({ unitChoice: await getUnitChoice({ actor, id: rosterUnitId }), types: await listDisputeTypes({ actor }), roster, rosterUnitId, preselected, defaults, last: await lastRegistrationChoices({ actor }) });
}

type ActionAnswer = {
  intent: string;
  fieldErrors: Record<string, string>;
  formError: string | null;
  values: Record<string, unknown>;
  duplicates: LikelyDuplicateView[] | null;
  roster: Array<{ id: number; name: string; fullTime: boolean; unitName: string }>;
  rosterUnitId: number;
  preselected: string[];
  unitChoice: UnitChoice | null;
};

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "write:mediation");
  const fd = await request.formData();
  // the form's default button posts "create"; a pressed add/remove/update button adds its own intent
  const intents = fd.getAll("intent").map(String);
  const intent = intents.find((i) => i !== "create") ?? "create";
  const answer = async (status: number, a: Omit<ActionAnswer, "roster" | "rosterUnitId" | "preselected" | "unitChoice">) => {
    const roster = await rosterFor(actor, a.values.unitId);
    return json<ActionAnswer>({ ...a, ...roster, unitChoice: await getUnitChoice({ actor, id: roster.rosterUnitId }) }, { status });
  };

  if (isFormOnlyIntent(intent)) {
    // without JavaScript: one more (or one less) party slot, or the roster of another unit; everything kept
    const values = applyPartyIntent(formDataToNested(fd, MEDIATION_ARRAY_FIELDS), intent);
    return await answer(200, { intent, fieldErrors: {}, formError: null, values, duplicates: null });
  }
  if (intent !== "create") return await answer(400, { intent, fieldErrors: {}, formError: "err.badRequest", values: formDataToNested(fd, MEDIATION_ARRAY_FIELDS), duplicates: null });

  const parsed = parseSubmission(MediationRegisterSchema, fd, MEDIATION_ARRAY_FIELDS, true);
  if (!parsed.ok) return await answer(400, { intent, fieldErrors: parsed.fieldErrors, formError: null, values: parsed.values, duplicates: null });
  if (!parsed.data.confirmDuplicate) {
    const duplicates = await findLikelyDuplicates({ actor, unitId: parsed.data.unitId, parties: parsed.data.parties });
    if (duplicates.length) return await answer(409, { intent, fieldErrors: {}, formError: null, values: parsed.values, duplicates });
  }
  const result = await registerMediation({ actor, data: parsed.data, ip: context.clientIp });
  if (!result.ok) return await answer(result.status, { intent, fieldErrors: result.fieldErrors, formError: result.formError ?? null, values: parsed.values, duplicates: null });
  return redirect(`/mediations/${result.value.id}?registered=1`);
}

export default function NewMediation() {
  const loaderData = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const t = useT();
  const defaults = data?.values ? registrationDefaultsFrom(data.values, loaderData.defaults) : loaderData.defaults;
  return (
    <div>
      <p className="no-print">
        <Link to="/mediations">← {t("nav.mediations")}</Link>
      </p>
      <div className="card">
        <h1>{t("mediation.new")}</h1>
        <p className="muted small">{t("mediation.newHint")}</p>
        <MediationRegistrationForm
          defaults={defaults}
          unitChoice={data?.unitChoice ?? loaderData.unitChoice}
          types={loaderData.types}
          roster={data?.roster ?? loaderData.roster}
          last={loaderData.last}
          serverErrors={data?.fieldErrors}
          formError={data?.formError}
          duplicates={data?.duplicates}
          submitLabel={t("mediation.register")}
          autoFocus
        />
      </div>
    </div>
  );
}
