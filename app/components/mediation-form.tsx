/**
 * 受理登记: the registration form of a dispute, for a new one and for a correction (with `version`).
 * Parties are a react-hook-form field array when JavaScript runs; without it, the "add" and "remove" buttons post
 * an intent and the action answers with the form re-rendered, everything typed kept. Keyboard: Tab, arrows in the
 * chip groups, Ctrl+Enter saves.
 */
import { Form, useFetcher, useNavigation } from "@remix-run/react";
import { useFieldArray, type UseFormRegister } from "react-hook-form";
import { MediationEditSchema, MediationRegisterSchema } from "~/schemas/mediation";
import { GENDERS, MEDIATION_FLAGS, MEDIATION_SOURCES, PARTY_KINDS, PARTY_SIDES } from "~/schemas/enums/mediation";
import { todayInChina } from "~/utils/dates";
import { partyFactsFromId } from "~/utils/resident-id";
import { useLocale, useT } from "~/utils/i18n";
import { DuplicateNotice } from "./duplicate-notice";
import { ChoiceGroup, FieldError, FormNotice, SelectField, TextArea, TextField } from "./form-fields";
import { UnitPicker, type UnitChoice } from "./unit-picker";
import { nestedError } from "./mediation-bits";
import { useValidatedForm, watchField } from "./use-validated-form";

export type PartyDefaults = {
  side: "applicant" | "respondent";
  kind: string;
  name: string;
  gender: string;
  ethnicity: string;
  birthDate: string;
  age: string;
  occupation: string;
  phone: string;
  address: string;
  idNumber: string;
};

export type RegistrationDefaults = {
  registeredOn: string;
  unitId: string;
  source: string;
  disputeType: string;
  summary: string;
  personsInvolved: string;
  amount: string;
  isMass: boolean;
  preventedCriminal: boolean;
  preventedPetition: boolean;
  parties: PartyDefaults[];
  mediatorIds: string[];
  version?: number;
};

export type RosterEntry = { id: number; name: string; fullTime: boolean; unitName: string };
export type DisputeTypeOption = { code: string; zh: string; en: string };
export type LikelyDuplicateView = {
  id: number;
  caseNo: string;
  unitName: string;
  registeredOn: string;
  disputeType: string;
  matchedName: string;
  inReach: boolean;
};

const PARTY_TEXT_FIELDS = ["kind", "name", "gender", "ethnicity", "birthDate", "age", "occupation", "phone", "address", "idNumber"] as const;
/** The flags' form fields (MEDIATION_FLAGS codes → MediationRegisterSchema names). */
const FLAG_FIELDS = { mass: "isMass", preventedCriminal: "preventedCriminal", preventedPetition: "preventedPetition" } as const;
const ETHNICITIES = ["汉族", "回族", "满族", "蒙古族", "壮族", "藏族", "维吾尔族", "苗族", "土家族", "彝族"];

export function blankParty(side: PartyDefaults["side"]): PartyDefaults {
  return { side, kind: "person", name: "", gender: "", ethnicity: "", birthDate: "", age: "", occupation: "", phone: "", address: "", idNumber: "" };
}

/** Makes sure there is a slot for at least one applicant and one respondent. */
function withBothSides(parties: PartyDefaults[]): PartyDefaults[] {
  const out = [...parties];
  if (!out.some((p) => p.side === "applicant")) out.unshift(blankParty("applicant"));
  if (!out.some((p) => p.side === "respondent")) out.push(blankParty("respondent"));
  return out;
}

const str = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
const bool = (v: unknown) => v === true || v === "1" || v === "on" || v === "true";

/** Submitted values (nested, as parseSubmission returns them) → the form's defaults: nothing typed is lost. */
export function registrationDefaultsFrom(values: Record<string, unknown>, base: RegistrationDefaults): RegistrationDefaults {
  const rawParties = Array.isArray(values.parties) ? (values.parties as unknown[]) : [];
  const parties = rawParties
    .filter((p): p is Record<string, unknown> => !!p && typeof p === "object")
    .map((p) => {
      const party = blankParty(p.side === "respondent" ? "respondent" : "applicant");
      for (const f of PARTY_TEXT_FIELDS) party[f] = str(p[f]) || party[f];
      return party;
    });
  return {
    ...base,
    registeredOn: str(values.registeredOn),
    unitId: str(values.unitId) || base.unitId,
    source: str(values.source),
    disputeType: str(values.disputeType),
    summary: str(values.summary),
    personsInvolved: str(values.personsInvolved),
    amount: str(values.amount),
    isMass: bool(values.isMass),
    preventedCriminal: bool(values.preventedCriminal),
    preventedPetition: bool(values.preventedPetition),
    parties: withBothSides(parties),
    mediatorIds: Array.isArray(values.mediatorIds) ? (values.mediatorIds as unknown[]).map(str) : [],
  };
}

/** The no-JavaScript "add a party" / "remove a party" buttons, applied to the submitted values. */
export function applyPartyIntent(values: Record<string, unknown>, intent: string): Record<string, unknown> {
  const parties = (Array.isArray(values.parties) ? (values.parties as unknown[]) : []).filter((p) => !!p && typeof p === "object");
  if (intent === "addParty:applicant" || intent === "addParty:respondent") {
    const side = intent.endsWith("respondent") ? "respondent" : "applicant";
    // the new slot goes after the last of its side, so the page keeps its order
    const lastOfSide = parties.map((p) => (p as { side?: string }).side).lastIndexOf(side);
    parties.splice(lastOfSide + 1, 0, blankParty(side));
  } else if (intent.startsWith("removeParty:")) {
    const i = Number(intent.slice("removeParty:".length));
    if (Number.isInteger(i) && i >= 0 && i < parties.length) parties.splice(i, 1);
  }
  return { ...values, parties };
}

export function isFormOnlyIntent(intent: string) {
  return intent === "changeUnit" || intent === "addParty:applicant" || intent === "addParty:respondent" || /^removeParty:\d{1,3}$/.test(intent);
}

type RegisterFn = UseFormRegister<Record<string, unknown>>;

function PartyFields({
  index,
  ordinal,
  defaults,
  register,
  errorAt,
  kind,
  canRemove,
  onRemove,
  onIdNumber,
}: {
  index: number;
  ordinal: number;
  defaults: PartyDefaults;
  register: RegisterFn;
  errorAt: (name: string) => string | undefined;
  kind: string;
  canRemove: boolean;
  onRemove: () => void;
  /** a typed ID number, to fill the birth date and gender it encodes */
  onIdNumber: (value: string) => void;
}) {
  const t = useT();
  const locale = useLocale();
  const n = (f: string) => `parties.${index}.${f}`;
  const organisation = kind === "organisation";
  const sideLabel = PARTY_SIDES.label(defaults.side, locale);
  return (
    <fieldset className="party-block" aria-describedby={errorAt(`parties.${index}`) ? `f-parties.${index}-error` : undefined}>
      <legend>
        {sideLabel} {ordinal}
      </legend>
      <input type="hidden" {...register(n("side"))} defaultValue={defaults.side} />
      <ChoiceGroup
        name={n("kind")}
        label={t("mediation.party.kind")}
        options={PARTY_KINDS.options(locale)}
        defaultValue={defaults.kind}
        reg={register(n("kind"))}
        error={errorAt(n("kind"))}
      />
      <div className="form-row">
        <TextField
          name={n("name")}
          label={organisation ? t("mediation.party.orgName") : t("mediation.party.name")}
          defaultValue={defaults.name}
          reg={register(n("name"))}
          error={errorAt(n("name"))}
          autoComplete="off"
          maxLength={60}
        />
        {organisation ? null : (
          <ChoiceGroup
            name={n("gender")}
            label={t("mediation.party.gender")}
            options={GENDERS.options(locale)}
            defaultValue={defaults.gender}
            reg={register(n("gender"))}
            error={errorAt(n("gender"))}
          />
        )}
      </div>
      {organisation ? null : (
        <div className="form-row">
          <TextField
            name={n("idNumber")}
            label={t("mediation.party.idNumber")}
            hint={t("mediation.party.idHint")}
            defaultValue={defaults.idNumber}
            reg={register(n("idNumber"), { onChange: (e: React.ChangeEvent<HTMLInputElement>) => onIdNumber(e.target.value) })}
            error={errorAt(n("idNumber"))}
            autoComplete="off"
            maxLength={18}
            inputMode="text"
            spellCheck={false}
          />
          <TextField
            name={n("ethnicity")}
            label={t("mediation.party.ethnicity")}
            list="med-ethnicities"
            defaultValue={defaults.ethnicity}
            reg={register(n("ethnicity"))}
            error={errorAt(n("ethnicity"))}
            autoComplete="off"
            maxLength={20}
          />
        </div>
      )}
      {organisation ? null : (
        <div className="form-row">
          <TextField
            name={n("birthDate")}
            type="date"
            label={t("mediation.party.birthDate")}
            max={todayInChina()}
            defaultValue={defaults.birthDate}
            reg={register(n("birthDate"))}
            error={errorAt(n("birthDate"))}
          />
          <TextField
            name={n("age")}
            type="number"
            inputMode="numeric"
            min={0}
            max={120}
            label={t("mediation.party.age")}
            hint={t("mediation.party.ageHint")}
            defaultValue={defaults.age}
            reg={register(n("age"))}
            error={errorAt(n("age"))}
          />
          <TextField
            name={n("occupation")}
            label={t("mediation.party.occupation")}
            defaultValue={defaults.occupation}
            reg={register(n("occupation"))}
            error={errorAt(n("occupation"))}
            maxLength={30}
          />
        </div>
      )}
      <div className="form-row">
        <TextField
          name={n("phone")}
          type="tel"
          inputMode="tel"
          label={t("mediation.party.phone")}
          defaultValue={defaults.phone}
          reg={register(n("phone"))}
          error={errorAt(n("phone"))}
          autoComplete="off"
          maxLength={20}
        />
        <TextField
          name={n("address")}
          label={t("mediation.party.address")}
          defaultValue={defaults.address}
          reg={register(n("address"))}
          error={errorAt(n("address"))}
          autoComplete="off"
          maxLength={120}
        />
      </div>
      <FieldError id={`f-parties.${index}-error`} message={errorAt(`parties.${index}`)} />
      {canRemove ? (
        <div className="actions">
          <button
            type="submit"
            name="intent"
            value={`removeParty:${index}`}
            className="secondary small-button"
            formNoValidate
            onClick={(e) => {
              e.preventDefault();
              onRemove();
            }}
          >
            {t("mediation.party.remove", { who: `${sideLabel} ${ordinal}` })}
          </button>
        </div>
      ) : null}
    </fieldset>
  );
}

export function MediationRegistrationForm({
  defaults,
  unitChoice,
  fixedUnit,
  types,
  roster,
  serverErrors,
  formError,
  duplicates,
  submitLabel,
  autoFocus,
  last,
}: {
  defaults: RegistrationDefaults;
  /** the unit a new registration is at, as chosen in the unit picker (the user's own by default) */
  unitChoice?: UnitChoice | null;
  /** the unit of a registered dispute: fixed here, a transfer changes it */
  fixedUnit?: { id: number; name: string };
  types: DisputeTypeOption[];
  roster: RosterEntry[];
  serverErrors?: Record<string, string> | null;
  formError?: string | null;
  duplicates?: LikelyDuplicateView[] | null;
  submitLabel: string;
  autoFocus?: boolean;
  /** the source and dispute type this user registered last: offered first, and by one key (Alt+L) */
  last?: { source: string; disputeType: string } | null;
}) {
  const t = useT();
  const locale = useLocale();
  const editing = defaults.version !== undefined;
  const schema = editing ? MediationEditSchema : MediationRegisterSchema;
  const { form, formRef, onSubmit, onKeyDown, hydrated } = useValidatedForm({
    schema,
    defaultValues: defaults as never,
    serverErrors,
  });
  const register = form.register as unknown as RegisterFn;
  const control = form.control as never;
  const { fields, append, remove } = useFieldArray({ control, name: "parties" as never });
  const kinds = (watchField(form, "parties") as Array<{ kind?: string }> | undefined) ?? [];
  const errorAt = (name: string) => nestedError(form.formState.errors, serverErrors, hydrated, name);
  const busy = useNavigation().state === "submitting";

  // the roster follows the chosen unit: fetched when JavaScript runs, re-rendered by the "update" button otherwise
  const rosterFetcher = useFetcher<{ roster: RosterEntry[]; rosterUnitId: number }>();
  const watchedUnit = String(watchField(form, "unitId") ?? defaults.unitId);
  const fetched = rosterFetcher.data && String(rosterFetcher.data.rosterUnitId) === watchedUnit ? rosterFetcher.data.roster : null;
  const shownRoster = fetched ?? roster;
  const rosterKey = fetched ? `u${watchedUnit}` : "server";
  const syncMediators = () => {
    const checked = Array.from(formRef.current?.querySelectorAll<HTMLInputElement>('input[name="mediatorIds"]:checked') ?? []).map((i) => i.value);
    form.setValue("mediatorIds" as never, checked as never, { shouldValidate: form.formState.isSubmitted });
  };

  const hasErrors = !!formError || (serverErrors && Object.keys(serverErrors).length > 0) || Object.keys(form.formState.errors).length > 0;
  const typeLabel = (code: string) => {
    const ty = types.find((x) => x.code === code);
    return ty ? (locale === "zh" ? ty.zh : ty.en) : code;
  };
  /** As a valid ID number is typed, the birth date, gender and age it encodes fill their fields (the server derives and checks the same). */
  const fillFromId = (index: number, value: string) => {
    const facts = partyFactsFromId(value, todayInChina());
    if (!facts) return;
    const opts = { shouldValidate: form.formState.isSubmitted, shouldDirty: true };
    form.setValue(`parties.${index}.birthDate` as never, facts.birthDate as never, opts);
    form.setValue(`parties.${index}.gender` as never, facts.gender as never, opts);
    form.setValue(`parties.${index}.age` as never, String(facts.age) as never, opts);
  };
  /** the last used choice first: Space on the first chip of the group picks it */
  const lastFirst = <O extends { value: string }>(options: O[], value: string | undefined) =>
    value ? [...options.filter((o) => o.value === value), ...options.filter((o) => o.value !== value)] : options;
  const sourceOptions = lastFirst(MEDIATION_SOURCES.options(locale), editing ? undefined : last?.source);
  const typeOptions = lastFirst(
    types.map((ty) => ({ value: ty.code, label: locale === "zh" ? ty.zh : ty.en })),
    editing ? undefined : last?.disputeType,
  );
  const lastUsable = !editing && last && MEDIATION_SOURCES.has(last.source) && types.some((ty) => ty.code === last.disputeType) ? last : null;
  const useLast = () => {
    if (!lastUsable) return;
    // a click on each radio: the page shows it checked and react-hook-form hears the change
    for (const [name, value] of [["source", lastUsable.source], ["disputeType", lastUsable.disputeType]]) {
      formRef.current?.querySelector<HTMLInputElement>(`input[name="${name}"][value="${CSS.escape(value)}"]`)?.click();
    }
  };
  const entries = (fields as Array<{ id: string } & Partial<PartyDefaults>>).map((f, index) => ({ f, index }));
  const bySide = (side: PartyDefaults["side"]) => entries.filter(({ f }) => (f.side ?? "applicant") === side);

  const partySection = (side: PartyDefaults["side"]) => {
    const list = bySide(side);
    return (
      <section className="party-side" aria-label={t(side === "applicant" ? "mediation.applicants" : "mediation.respondents")}>
        <h3>{t(side === "applicant" ? "mediation.applicants" : "mediation.respondents")}</h3>
        {list.map(({ f, index }, i) => (
          <PartyFields
            key={f.id}
            index={index}
            ordinal={i + 1}
            defaults={{ ...blankParty(side), ...(f as Partial<PartyDefaults>), side }}
            register={register}
            errorAt={errorAt}
            kind={kinds[index]?.kind ?? f.kind ?? "person"}
            canRemove={list.length > 1}
            onRemove={() => remove(index)}
            onIdNumber={(value) => fillFromId(index, value)}
          />
        ))}
        <button
          type="submit"
          name="intent"
          value={`addParty:${side}`}
          className="secondary"
          formNoValidate
          onClick={(e) => {
            e.preventDefault();
            append(blankParty(side) as never);
          }}
        >
          + {t(side === "applicant" ? "mediation.addApplicant" : "mediation.addRespondent")}
        </button>
      </section>
    );
  };

  return (
    <Form method="post" ref={formRef} onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate className="form med-form" aria-label={submitLabel}>
      {/* the default button: Enter in a field registers, it never adds or removes a party */}
      <button type="submit" name="intent" value={editing ? "update" : "create"} hidden tabIndex={-1} aria-hidden="true" />
      {duplicates && duplicates.length ? (
        <DuplicateNotice
          title={t("mediation.dup.title")}
          hint={t("mediation.dup.hint")}
          headers={[t("mediation.caseNo"), t("mediation.unit"), t("mediation.registeredOn"), t("mediation.type"), t("mediation.dup.matched")]}
          rows={duplicates.map((d) => ({
            id: d.id,
            href: d.inReach ? `/mediations/${d.id}` : null,
            cells: [d.caseNo, d.unitName, d.registeredOn, typeLabel(d.disputeType), d.matchedName],
          }))}
          confirmLabel={t("mediation.dup.confirm")}
          busy={busy}
        />
      ) : hasErrors ? (
        <FormNotice kind="error">{t(formError ?? "common.formErrors")}</FormNotice>
      ) : null}
      {editing ? <input type="hidden" {...register("version")} defaultValue={defaults.version} /> : null}
      <div className="form-row">
        <TextField
          name="registeredOn"
          type="date"
          label={t("mediation.registeredOn")}
          max={todayInChina()}
          defaultValue={defaults.registeredOn}
          reg={register("registeredOn")}
          error={errorAt("registeredOn")}
        />
        {fixedUnit ? (
          <div className="field">
            <span className="label">{t("mediation.unit")}</span>
            <input type="hidden" {...register("unitId")} defaultValue={fixedUnit.id} />
            <span>{fixedUnit.name}</span>
            <span className="hint">{t("mediation.unitFixedHint")}</span>
            <FieldError id="f-unitId-error" message={errorAt("unitId")} />
          </div>
        ) : (
          <div className="field-with-button">
            <UnitPicker
              name="unitId"
              label={t("mediation.unit")}
              value={unitChoice ?? null}
              activeOnly
              reg={register("unitId") as never}
              onPick={(u) => {
                form.setValue("mediatorIds" as never, [] as never);
                if (u) rosterFetcher.load(`/mediations/new?unit=${u.id}`);
              }}
              error={errorAt("unitId")}
            />
            {hydrated ? null : (
              <button type="submit" name="intent" value="changeUnit" className="secondary" formNoValidate>
                {t("mediation.changeUnit")}
              </button>
            )}
          </div>
        )}
      </div>
      {hydrated && lastUsable ? (
        <p className="actions">
          <button type="button" className="secondary small-button" accessKey="l" onClick={useLast}>
            {t("mediation.useLast", { source: MEDIATION_SOURCES.label(lastUsable.source, locale), type: typeLabel(lastUsable.disputeType) })}
          </button>
        </p>
      ) : null}
      <ChoiceGroup
        name="source"
        label={t("mediation.source")}
        options={sourceOptions}
        defaultValue={defaults.source}
        reg={register("source")}
        error={errorAt("source")}
        autoFocus={autoFocus}
      />
      <ChoiceGroup
        name="disputeType"
        label={t("mediation.type")}
        options={typeOptions}
        defaultValue={defaults.disputeType}
        reg={register("disputeType")}
        error={errorAt("disputeType")}
      />
      <TextArea
        name="summary"
        label={t("mediation.summary")}
        hint={t("mediation.summaryHint")}
        defaultValue={defaults.summary}
        reg={register("summary")}
        error={errorAt("summary")}
        maxLength={2000}
        rows={4}
      />
      <div className="form-row">
        <TextField
          name="personsInvolved"
          type="number"
          inputMode="numeric"
          min={1}
          label={t("mediation.personsInvolved")}
          defaultValue={defaults.personsInvolved}
          reg={register("personsInvolved")}
          error={errorAt("personsInvolved")}
        />
        <TextField
          name="amount"
          inputMode="decimal"
          label={t("mediation.amountYuan")}
          hint={t("mediation.amountHint")}
          defaultValue={defaults.amount}
          reg={register("amount")}
          error={errorAt("amount")}
          autoComplete="off"
        />
      </div>
      <fieldset className="field">
        <legend>{t("mediation.flags")}</legend>
        <div className="chips">
          {MEDIATION_FLAGS.values.map((flag) => (
            <label className="chip" key={flag}>
              <input type="checkbox" value="1" defaultChecked={defaults[FLAG_FIELDS[flag]]} {...register(FLAG_FIELDS[flag])} />
              <span>{MEDIATION_FLAGS.label(flag, locale)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <h2 className="form-section">{t("mediation.parties")}</h2>
      <FieldError id="f-parties-error" message={errorAt("parties")} />
      {partySection("applicant")}
      {partySection("respondent")}
      <datalist id="med-ethnicities">
        {ETHNICITIES.map((e) => (
          <option key={e} value={e} />
        ))}
      </datalist>
      <fieldset className="field" key={rosterKey} aria-invalid={errorAt("mediatorIds") ? true : undefined} aria-describedby={errorAt("mediatorIds") ? "f-mediatorIds-error" : undefined}>
        <legend>{t("mediation.mediators")}</legend>
        {shownRoster.length ? (
          <div className="chips" id="f-mediatorIds">
            {shownRoster.map((m) => (
              <label className="chip" key={m.id}>
                <input type="checkbox" name="mediatorIds" value={String(m.id)} defaultChecked={!fetched && defaults.mediatorIds.includes(String(m.id))} onChange={syncMediators} />
                <span>
                  <span data-user-text>{m.name}</span>
                  <small className="chip-note">
                    {m.fullTime ? t("mediation.fullTime") : t("mediation.partTime")} · <span data-user-text>{m.unitName}</span>
                  </small>
                </span>
              </label>
            ))}
          </div>
        ) : (
          <p className="muted">{t("mediation.rosterEmpty")}</p>
        )}
        <FieldError id="f-mediatorIds-error" message={errorAt("mediatorIds")} />
      </fieldset>
      <div className="actions">
        <button type="submit" name="intent" value={editing ? "update" : "create"} className="primary" disabled={busy}>
          {submitLabel}
        </button>
        <span className="muted small">{t("common.shortcutSave")}</span>
      </div>
    </Form>
  );
}
