import { Form, useNavigation } from "@remix-run/react";
import type { ConsultationEditSchema, ConsultationSchema } from "~/schemas/consultation";
import { CHANNELS, NEXT_STEPS, PERSON_CATEGORIES, TOPICS } from "~/schemas/enums/consultation";
import { useLocale, useT } from "~/utils/i18n";
import { ChoiceGroup, FormNotice, TextArea, TextField } from "./form-fields";
import { useValidatedForm } from "./use-validated-form";
import { UnitPicker, type UnitChoice } from "./unit-picker";
import { todayInChina } from "~/utils/dates";

export type ConsultationFormDefaults = {
  date: string;
  unitId: number | string;
  channel?: string;
  topic?: string;
  persons: number | string;
  categories: string[];
  answeredBy: string;
  summary: string;
  nextStep: string;
  version?: number;
};

/** The consultation form, for a new record and for a correction (with `version`). Keyboard: Tab, arrows, Ctrl+Enter. */
const loadSchema = (): Promise<typeof ConsultationSchema> => import("~/schemas/consultation").then((m) => m.ConsultationSchema);
const loadEditSchema = (): Promise<typeof ConsultationEditSchema> => import("~/schemas/consultation").then((m) => m.ConsultationEditSchema);

export function ConsultationForm({
  defaults,
  unitChoice,
  answeredByNames,
  serverErrors,
  formError,
  submitLabel,
  autoFocusChannel,
}: {
  defaults: ConsultationFormDefaults;
  /** the unit shown as chosen (the user's own by default): a picker, never the whole subtree in the page */
  unitChoice: UnitChoice | null;
  answeredByNames: string[];
  serverErrors?: Record<string, string> | null;
  formError?: string | null;
  submitLabel: string;
  autoFocusChannel?: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const editing = defaults.version !== undefined;
  const { form, formRef, errorOf, onSubmit, onKeyDown } = useValidatedForm({
    // loaded after the page is usable: the entry page's first scripts stay light (README › Speed)
    schema: editing ? loadEditSchema : loadSchema,
    defaultValues: defaults as never,
    serverErrors,
  });
  const { register } = form;
  const busy = useNavigation().state === "submitting";
  const hasErrors = !!formError || (serverErrors && Object.keys(serverErrors).length > 0);
  return (
    <Form method="post" ref={formRef} onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate className="form" aria-label={submitLabel}>
      {hasErrors ? <FormNotice kind="error">{t(formError ?? "common.formErrors")}</FormNotice> : null}
      {editing ? <input type="hidden" {...register("version" as never)} defaultValue={defaults.version} /> : null}
      <input type="hidden" name="intent" value={editing ? "update" : "create"} />
      <div className="form-row">
        <TextField
          name="date"
          type="date"
          label={t("consultation.date")}
          max={todayInChina()}
          defaultValue={defaults.date}
          reg={register("date" as never)}
          error={errorOf("date")}
          required
        />
        <UnitPicker name="unitId" label={t("consultation.unit")} value={unitChoice} activeOnly reg={register("unitId" as never)} error={errorOf("unitId")} />
      </div>
      <ChoiceGroup
        name="channel"
        label={t("consultation.channel")}
        options={CHANNELS.options(locale)}
        defaultValue={defaults.channel}
        reg={register("channel" as never)}
        error={errorOf("channel")}
        autoFocus={autoFocusChannel}
      />
      <ChoiceGroup
        name="topic"
        label={t("consultation.topic")}
        options={TOPICS.options(locale)}
        defaultValue={defaults.topic}
        reg={register("topic" as never)}
        error={errorOf("topic")}
      />
      <div className="form-row">
        <TextField
          name="persons"
          type="number"
          inputMode="numeric"
          min={1}
          label={t("consultation.persons")}
          defaultValue={String(defaults.persons)}
          reg={register("persons" as never)}
          error={errorOf("persons")}
        />
        <TextField
          name="answeredBy"
          label={t("consultation.answeredBy")}
          list="answered-by-names"
          defaultValue={defaults.answeredBy}
          reg={register("answeredBy" as never)}
          error={errorOf("answeredBy")}
          autoComplete="off"
        />
        <datalist id="answered-by-names">
          {answeredByNames.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
      </div>
      <ChoiceGroup
        name="categories"
        type="checkbox"
        label={t("consultation.categories")}
        options={PERSON_CATEGORIES.options(locale)}
        defaultValue={defaults.categories}
        reg={register("categories" as never)}
        error={errorOf("categories")}
      />
      <TextArea
        name="summary"
        label={t("consultation.summary")}
        hint={t("consultation.summaryHint")}
        defaultValue={defaults.summary}
        reg={register("summary" as never)}
        error={errorOf("summary")}
        maxLength={500}
      />
      <ChoiceGroup
        name="nextStep"
        label={t("consultation.nextStep")}
        options={NEXT_STEPS.options(locale)}
        defaultValue={defaults.nextStep}
        reg={register("nextStep" as never)}
        error={errorOf("nextStep")}
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {submitLabel}
        </button>
        <span className="muted small">{t("common.shortcutSave")}</span>
      </div>
    </Form>
  );
}
