import { Form, useNavigation } from "@remix-run/react";
import { get, useFieldArray } from "react-hook-form";
import { PERSON_CATEGORIES } from "~/schemas/enums/consultation";
import { LEGAL_AID_APPLICANT_RELATIONS, LEGAL_AID_CASE_TYPES, LEGAL_AID_EXEMPTIONS, LEGAL_AID_MEANS, LEGAL_AID_PROCEEDINGS, LEGAL_AID_SERVICE_FORMS } from "~/schemas/enums/legal-aid";
import { GENDERS } from "~/schemas/enums/mediation";
import { LegalAidApplySchema, LegalAidEditSchema } from "~/schemas/legal-aid";
import { todayInChina } from "~/utils/dates";
import { residentIdFacts } from "~/utils/resident-id";
import { useErrorText, useLocale, useT } from "~/utils/i18n";
import { DuplicateNotice } from "./duplicate-notice";
import { ChoiceGroup, FormNotice, SelectField, TextArea, TextField } from "./form-fields";
import { UnitPicker, type UnitChoice } from "./unit-picker";
import { useValidatedForm, watchField } from "./use-validated-form";

export type BeneficiaryDefaults = {
  name: string;
  gender?: string;
  birthDate?: string;
  idNumber: string;
  phone: string;
  address: string;
  categories: string[];
};
export const blankBeneficiary = (): BeneficiaryDefaults => ({ name: "", gender: "", birthDate: "", idNumber: "", phone: "", address: "", categories: [] });

export type LegalAidFormDefaults = {
  appliedOn: string;
  receivedUnitId: number | string;
  applicantRelation: string;
  applicantName: string;
  applicantPhone: string;
  applicantIdNumber: string;
  beneficiaries: BeneficiaryDefaults[];
  caseType?: string;
  proceeding?: string;
  serviceForm?: string;
  cause: string;
  matter: string;
  meansTest?: string;
  exemptBasis?: string;
  exemptCategory?: string;
  exemptNote: string;
  missingDocs: string;
  fromConsultation?: number | string;
  fromMediation?: number | string;
  version?: number;
};

export type LegalAidDuplicateView = { id: number; appNo: string; unitName: string; appliedOn: string; cause: string; matchedName: string; inReach: boolean };

/** Common causes (案由), offered while typing; any other text is accepted. */
const CAUSE_SUGGESTIONS = [
  "追索劳动报酬纠纷",
  "工伤保险待遇纠纷",
  "劳动争议",
  "提供劳务者受害责任纠纷",
  "机动车交通事故责任纠纷",
  "离婚纠纷",
  "抚养费纠纷",
  "赡养纠纷",
  "人身损害赔偿纠纷",
  "法定继承纠纷",
  "民间借贷纠纷",
  "医疗损害责任纠纷",
  "盗窃罪",
  "故意伤害罪",
  "危险驾驶罪",
  "帮助信息网络犯罪活动罪",
  "诈骗罪",
  "交通肇事罪",
  "工伤认定行政纠纷",
  "刑事赔偿",
];

/**
 * The legal aid application (new, or a correction with `version`): applicant, one or more beneficiaries with their
 * categories, the matter, and the means test. Works without JavaScript: "add a beneficiary" then posts the form
 * back with one more row; with it, rows are added and removed in place and the schema validates at once.
 */
export function LegalAidApplicationForm({
  defaults,
  unitChoice,
  serverErrors,
  formError,
  submitLabel,
  centreName,
  duplicates,
}: {
  defaults: LegalAidFormDefaults;
  /** the receiving unit shown as chosen (a picker: never the whole subtree in the page) */
  unitChoice: UnitChoice | null;
  serverErrors?: Record<string, string> | null;
  formError?: string | null;
  submitLabel: string;
  centreName?: string | null;
  /** open cases of the same person in the county (a new application): shown with a button to take it anyway */
  duplicates?: LegalAidDuplicateView[] | null;
}) {
  const t = useT();
  const locale = useLocale();
  const errorText = useErrorText();
  const editing = defaults.version !== undefined;
  const schema = editing ? LegalAidEditSchema : LegalAidApplySchema;
  const { form, formRef, onSubmit, onKeyDown, hydrated } = useValidatedForm({ schema, defaultValues: defaults as never, serverErrors });
  const { register, control } = form;
  const { fields, append, remove } = useFieldArray({ control, name: "beneficiaries" as never });
  const meansTest = watchField(form, "meansTest") as string | undefined;
  const exemptBasis = watchField(form, "exemptBasis") as string | undefined;
  const relation = watchField(form, "applicantRelation") as string | undefined;
  const busy = useNavigation().state === "submitting";
  const hasErrors = !!formError || (serverErrors && Object.keys(serverErrors).length > 0);
  /** Errors of nested fields (beneficiaries.0.name) from react-hook-form once hydrated, else from the server. */
  const errorOf = (name: string): string | undefined => {
    if (!hydrated) return serverErrors?.[name];
    const e = get(form.formState.errors, name) as { message?: string; root?: { message?: string } } | undefined;
    return e?.message ?? e?.root?.message ?? undefined;
  };
  // without JavaScript every row of the form is posted as it stands
  const rows = hydrated ? fields : defaults.beneficiaries.map((b, i) => ({ ...b, id: String(i) }));
  const showExempt = !hydrated || meansTest === "exempt";
  const showExemptCategory = !hydrated || (meansTest === "exempt" && exemptBasis === "category");
  const reg = (name: string) => register(name as never);
  /** As a valid ID number is typed, the birth date and gender it encodes fill their fields (the server does the same). */
  const fillFromId = (prefix: string, value: string) => {
    const facts = residentIdFacts(value);
    if (!facts) return;
    const opts = { shouldValidate: form.formState.isSubmitted, shouldDirty: true };
    form.setValue(`${prefix}.birthDate` as never, facts.birthDate as never, opts);
    form.setValue(`${prefix}.gender` as never, facts.gender as never, opts);
  };
  return (
    <Form method="post" ref={formRef} onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate className="form la-form" aria-label={submitLabel}>
      {duplicates && duplicates.length ? (
        <DuplicateNotice
          title={t("la.dup.title")}
          hint={t("la.dup.hint")}
          headers={[t("la.col.no"), t("la.centre"), t("la.appliedOn"), t("la.cause"), t("la.dup.matched")]}
          rows={duplicates.map((d) => ({
            id: d.id,
            href: d.inReach ? `/legal-aid/${d.id}` : null,
            cells: [d.appNo, d.unitName, d.appliedOn, d.cause, d.matchedName],
          }))}
          confirmLabel={t("la.dup.confirm")}
          busy={busy}
        />
      ) : hasErrors ? (
        <FormNotice kind="error">{t(formError ?? "common.formErrors")}</FormNotice>
      ) : null}
      {editing ? <input type="hidden" {...reg("version")} defaultValue={defaults.version} /> : null}
      <input type="hidden" {...reg("fromConsultation")} defaultValue={defaults.fromConsultation ?? ""} />
      <input type="hidden" {...reg("fromMediation")} defaultValue={defaults.fromMediation ?? ""} />
      {errorOf("fromConsultation") || errorOf("fromMediation") ? (
        <FormNotice kind="error">{errorText(errorOf("fromConsultation") ?? errorOf("fromMediation"))}</FormNotice>
      ) : null}

      <fieldset className="la-section">
        <legend>{t("la.section.application")}</legend>
        <div className="form-row">
          <TextField
            name="appliedOn"
            type="date"
            label={t("la.appliedOn")}
            max={todayInChina()}
            defaultValue={defaults.appliedOn}
            reg={reg("appliedOn")}
            error={errorOf("appliedOn")}
            required
          />
          {editing ? (
            <div className="field">
              <span className="label">{t("la.receivedUnit")}</span>
              <span>{unitChoice && String(unitChoice.id) === String(defaults.receivedUnitId) ? unitChoice.name : ""}</span>
              <input type="hidden" {...reg("receivedUnitId")} defaultValue={String(defaults.receivedUnitId)} />
            </div>
          ) : (
            <UnitPicker
              name="receivedUnitId"
              label={t("la.receivedUnit")}
              hint={centreName ? <>{t("la.receivedUnitHint")}{locale === "zh" ? "：" : ": "}<span data-user-text>{centreName}</span></> : t("la.receivedUnitHint")}
              value={unitChoice}
              activeOnly
              reg={reg("receivedUnitId") as never}
              error={errorOf("receivedUnitId")}
            />
          )}
        </div>
      </fieldset>

      <fieldset className="la-section">
        <legend>{t("la.section.beneficiaries")}</legend>
        {errorOf("beneficiaries") ? (
          <p className="field-error" role="alert" id="f-beneficiaries-error">
            {errorText(errorOf("beneficiaries"))}
          </p>
        ) : null}
        {rows.map((row, i) => {
          const b = row as unknown as BeneficiaryDefaults;
          const p = `beneficiaries.${i}`;
          return (
            <div className="la-beneficiary" key={row.id} role="group" aria-label={t("la.beneficiary", { n: i + 1 })}>
              <div className="la-beneficiary-head">
                <strong>{t("la.beneficiary", { n: i + 1 })}</strong>
                {hydrated && rows.length > 1 ? (
                  <button type="button" className="link-button" onClick={() => remove(i)}>
                    {t("la.removeBeneficiary")}
                  </button>
                ) : null}
              </div>
              <div className="form-row">
                <TextField
                  name={`${p}.name`}
                  label={t("la.b.name")}
                  defaultValue={b.name}
                  reg={reg(`${p}.name`)}
                  error={errorOf(`${p}.name`)}
                  autoComplete="off"
                />
                <SelectField
                  name={`${p}.gender`}
                  label={t("la.b.gender")}
                  placeholder="—"
                  options={GENDERS.options(locale)}
                  defaultValue={b.gender ?? ""}
                  reg={reg(`${p}.gender`)}
                  error={errorOf(`${p}.gender`)}
                />
                <TextField
                  name={`${p}.idNumber`}
                  label={t("la.b.idNumber")}
                  hint={t("la.b.idHint")}
                  defaultValue={b.idNumber}
                  reg={register(`${p}.idNumber` as never, { onChange: (e: React.ChangeEvent<HTMLInputElement>) => fillFromId(p, e.target.value) })}
                  error={errorOf(`${p}.idNumber`)}
                  autoComplete="off"
                  inputMode="text"
                  maxLength={18}
                  spellCheck={false}
                />
                <TextField
                  name={`${p}.birthDate`}
                  type="date"
                  label={t("la.b.birthDate")}
                  max={todayInChina()}
                  defaultValue={b.birthDate ?? ""}
                  reg={reg(`${p}.birthDate`)}
                  error={errorOf(`${p}.birthDate`)}
                />
                <TextField
                  name={`${p}.phone`}
                  label={t("la.b.phone")}
                  type="tel"
                  defaultValue={b.phone}
                  reg={reg(`${p}.phone`)}
                  error={errorOf(`${p}.phone`)}
                />
              </div>
              <TextField
                name={`${p}.address`}
                label={t("la.b.address")}
                defaultValue={b.address}
                reg={reg(`${p}.address`)}
                error={errorOf(`${p}.address`)}
              />
              <ChoiceGroup
                name={`${p}.categories`}
                type="checkbox"
                label={t("la.b.categories")}
                options={PERSON_CATEGORIES.options(locale)}
                defaultValue={b.categories}
                reg={reg(`${p}.categories`)}
                error={errorOf(`${p}.categories`)}
              />
            </div>
          );
        })}
        {hydrated ? (
          <button type="button" className="secondary" onClick={() => append(blankBeneficiary() as never)}>
            + {t("la.addBeneficiary")}
          </button>
        ) : (
          <button type="submit" className="secondary" name="intent" value="addBeneficiary" formNoValidate>
            + {t("la.addBeneficiary")}
          </button>
        )}
      </fieldset>

      <fieldset className="la-section">
        <legend>{t("la.section.applicant")}</legend>
        <ChoiceGroup
          name="applicantRelation"
          label={t("la.applicantRelation")}
          options={LEGAL_AID_APPLICANT_RELATIONS.options(locale)}
          defaultValue={defaults.applicantRelation}
          reg={reg("applicantRelation")}
          error={errorOf("applicantRelation")}
        />
        {!hydrated || relation !== "self" ? (
          <div className="form-row">
            <TextField
              name="applicantName"
              label={t("la.applicantName")}
              hint={t("la.applicantNameHint")}
              defaultValue={defaults.applicantName}
              reg={reg("applicantName")}
              error={errorOf("applicantName")}
            />
            <TextField
              name="applicantPhone"
              type="tel"
              label={t("la.applicantPhone")}
              defaultValue={defaults.applicantPhone}
              reg={reg("applicantPhone")}
              error={errorOf("applicantPhone")}
            />
            <TextField
              name="applicantIdNumber"
              label={t("la.applicantIdNumber")}
              defaultValue={defaults.applicantIdNumber}
              reg={reg("applicantIdNumber")}
              error={errorOf("applicantIdNumber")}
              maxLength={18}
            />
          </div>
        ) : null}
      </fieldset>

      <fieldset className="la-section">
        <legend>{t("la.section.matter")}</legend>
        <ChoiceGroup
          name="caseType"
          label={t("la.caseType")}
          options={LEGAL_AID_CASE_TYPES.options(locale)}
          defaultValue={defaults.caseType}
          reg={reg("caseType")}
          error={errorOf("caseType")}
        />
        <ChoiceGroup
          name="proceeding"
          label={t("la.proceeding")}
          options={LEGAL_AID_PROCEEDINGS.options(locale)}
          defaultValue={defaults.proceeding}
          reg={reg("proceeding")}
          error={errorOf("proceeding")}
        />
        <ChoiceGroup
          name="serviceForm"
          label={t("la.serviceForm")}
          options={LEGAL_AID_SERVICE_FORMS.options(locale)}
          defaultValue={defaults.serviceForm}
          reg={reg("serviceForm")}
          error={errorOf("serviceForm")}
        />
        <TextField
          name="cause"
          label={t("la.cause")}
          list="la-causes"
          defaultValue={defaults.cause}
          reg={reg("cause")}
          error={errorOf("cause")}
          autoComplete="off"
        />
        <datalist id="la-causes">
          {CAUSE_SUGGESTIONS.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        <TextArea
          name="matter"
          label={t("la.matter")}
          defaultValue={defaults.matter}
          reg={reg("matter")}
          error={errorOf("matter")}
          maxLength={2000}
        />
      </fieldset>

      <fieldset className="la-section">
        <legend>{t("la.section.means")}</legend>
        <ChoiceGroup
          name="meansTest"
          label={t("la.meansTest")}
          options={LEGAL_AID_MEANS.options(locale)}
          defaultValue={defaults.meansTest}
          reg={reg("meansTest")}
          error={errorOf("meansTest")}
        />
        {showExempt ? (
          <SelectField
            name="exemptBasis"
            label={t("la.exemptBasis")}
            placeholder="—"
            options={LEGAL_AID_EXEMPTIONS.options(locale)}
            defaultValue={defaults.exemptBasis ?? ""}
            reg={reg("exemptBasis")}
            error={errorOf("exemptBasis")}
          />
        ) : null}
        {showExemptCategory ? (
          <SelectField
            name="exemptCategory"
            label={t("la.exemptCategory")}
            hint={t("la.exemptCategoryHint")}
            placeholder="—"
            options={PERSON_CATEGORIES.options(locale)}
            defaultValue={defaults.exemptCategory ?? ""}
            reg={reg("exemptCategory")}
            error={errorOf("exemptCategory")}
          />
        ) : null}
        {showExempt ? (
          <TextField
            name="exemptNote"
            label={t("la.exemptNote")}
            defaultValue={defaults.exemptNote}
            reg={reg("exemptNote")}
            error={errorOf("exemptNote")}
          />
        ) : null}
      </fieldset>

      {!editing ? (
        <TextArea
          name="missingDocs"
          label={t("la.missingDocsAtIntake")}
          hint={t("la.missingDocsHint")}
          defaultValue={defaults.missingDocs}
          reg={reg("missingDocs")}
          error={errorOf("missingDocs")}
          maxLength={500}
        />
      ) : null}

      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {submitLabel}
        </button>
        <span className="muted small">{t("common.shortcutSave")}</span>
      </div>
    </Form>
  );
}
