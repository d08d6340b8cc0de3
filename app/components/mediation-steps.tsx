/**
 * The forms of a dispute's next steps, each posting an `intent` to the detail route: a session, the conclusion,
 * performance and 司法确认, a follow-up visit, a transfer, voiding. Every form works without JavaScript (the
 * conclusion shows all its fields; the server ignores the ones the result does not need) and validates with the
 * same zod schema in the browser when it runs.
 */
import { Form, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { VoidSchema } from "~/schemas/consultation";
import { AGREEMENT_FORMS, FAILURE_ROUTES, JUDICIAL_CONFIRMATION, MEDIATION_RESULTS, PERFORMANCE_STATUSES, SATISFACTION } from "~/schemas/enums/mediation";
import {
  MediationConcludeSchema,
  MediationFollowupSchema,
  MediationPerformanceSchema,
  MediationSessionSchema,
  MediationTransferSchema,
} from "~/schemas/mediation";
import { formatDayZh, todayInChina } from "~/utils/dates";
import { useLocale, useT } from "~/utils/i18n";
import { ChoiceGroup, FieldError, FormNotice, SelectField, TextArea, TextField } from "./form-fields";
import { useValidatedForm, watchField } from "./use-validated-form";

type Answer = { fieldErrors?: Record<string, string> | null; formError?: string | null; values?: Record<string, unknown> | null } | null;
type Values = Record<string, string>;

/** Defaults of a step form: what the user typed (after a refused submission) over the form's own defaults. */
function merged(base: Values, answer: Answer): Values {
  const out = { ...base };
  for (const [k, v] of Object.entries(answer?.values ?? {})) if (typeof v === "string" && k !== "version") out[k] = v;
  return out;
}

function FormHead({ answer }: { answer: Answer }) {
  const t = useT();
  if (!answer) return null;
  const { formError, fieldErrors } = answer;
  if (formError === "err.stale")
    return (
      <FormNotice kind="error">
        <strong>{t("err.stale")}</strong>
        <br />
        {t("mediation.staleHint")}
      </FormNotice>
    );
  if (formError) return <FormNotice kind="error">{t(formError)}</FormNotice>;
  if (fieldErrors && Object.keys(fieldErrors).length) return <FormNotice kind="error">{t("common.formErrors")}</FormNotice>;
  return null;
}

function Submit({ children, kind = "primary" }: { children: ReactNode; kind?: "primary" | "danger" }) {
  const busy = useNavigation().state === "submitting";
  return (
    <div className="actions">
      <button type="submit" className={kind} disabled={busy}>
        {children}
      </button>
    </div>
  );
}

// ---- 调解记录 -------------------------------------------------------------------------------------------------

export function SessionForm({ version, mediatorNames, answer }: { version: number; mediatorNames: string; answer: Answer }) {
  const t = useT();
  const d = merged({ heldOn: todayInChina(), mediatorNames, notes: "" }, answer);
  const { form, formRef, errorOf, onSubmit, onKeyDown } = useValidatedForm({
    schema: MediationSessionSchema,
    defaultValues: { ...d, version } as never,
    serverErrors: answer?.fieldErrors,
  });
  const reg = form.register as unknown as (n: string) => ReturnType<typeof form.register>;
  return (
    <Form method="post" ref={formRef} onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate className="form" aria-label={t("mediation.step.session")}>
      <FormHead answer={answer} />
      <input type="hidden" name="intent" value="session" />
      <input type="hidden" {...reg("version")} defaultValue={version} />
      <div className="form-row">
        <TextField name="heldOn" type="date" label={t("mediation.session.heldOn")} max={todayInChina()} defaultValue={d.heldOn} reg={reg("heldOn")} error={errorOf("heldOn")} />
        <TextField name="mediatorNames" label={t("mediation.session.mediatorNames")} defaultValue={d.mediatorNames} reg={reg("mediatorNames")} error={errorOf("mediatorNames")} maxLength={100} />
      </div>
      <TextArea name="notes" label={t("mediation.session.notes")} hint={t("mediation.session.notesHint")} defaultValue={d.notes} reg={reg("notes")} error={errorOf("notes")} maxLength={4000} rows={5} />
      <Submit>{t("mediation.session.save")}</Submit>
    </Form>
  );
}

// ---- 结案 -----------------------------------------------------------------------------------------------------

export function ConcludeForm({ version, answer }: { version: number; answer: Answer }) {
  const t = useT();
  const locale = useLocale();
  const d = merged(
    {
      concludedOn: todayInChina(),
      result: "",
      agreementForm: "written",
      responsibilities: "",
      agreementTerms: "",
      agreementAmount: "",
      performanceManner: "",
      performanceDeadline: "",
      performance: "",
      failureReason: "",
      failureRoute: "",
      withdrawReason: "",
    },
    answer,
  );
  const { form, formRef, errorOf, onSubmit, onKeyDown, hydrated } = useValidatedForm({
    schema: MediationConcludeSchema,
    defaultValues: { ...d, version } as never,
    serverErrors: answer?.fieldErrors,
  });
  const reg = form.register as unknown as (n: string) => ReturnType<typeof form.register>;
  const result = String(watchField(form, "result") ?? d.result);
  // without JavaScript every part is shown; with it, only the part of the chosen result
  const shows = (r: string) => !hydrated || result === r;
  return (
    <Form method="post" ref={formRef} onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate className="form" aria-label={t("mediation.step.conclude")}>
      <FormHead answer={answer} />
      <input type="hidden" name="intent" value="conclude" />
      <input type="hidden" {...reg("version")} defaultValue={version} />
      <div className="form-row">
        <TextField name="concludedOn" type="date" label={t("mediation.concludedOn")} max={todayInChina()} defaultValue={d.concludedOn} reg={reg("concludedOn")} error={errorOf("concludedOn")} />
      </div>
      <ChoiceGroup name="result" label={t("mediation.result")} options={MEDIATION_RESULTS.options(locale)} defaultValue={d.result} reg={reg("result")} error={errorOf("result")} />
      {hydrated && !result ? <p className="muted small">{t("mediation.conclude.pickResult")}</p> : null}
      <section className="form-part" hidden={!shows("success")} aria-label={t("mediation.conclude.successPart")}>
        <h3>{t("mediation.conclude.successPart")}</h3>
        <ChoiceGroup name="agreementForm" label={t("mediation.agreementForm")} options={AGREEMENT_FORMS.options(locale)} defaultValue={d.agreementForm} reg={reg("agreementForm")} error={errorOf("agreementForm")} />
        <TextArea name="responsibilities" label={t("mediation.responsibilities")} hint={t("mediation.responsibilitiesHint")} defaultValue={d.responsibilities} error={answer?.fieldErrors?.responsibilities} maxLength={1500} rows={3} />
        <TextArea name="agreementTerms" label={t("mediation.agreementTerms")} hint={t("mediation.agreementTermsHint")} defaultValue={d.agreementTerms} reg={reg("agreementTerms")} error={errorOf("agreementTerms")} maxLength={2400} rows={5} />
        <div className="form-row">
          <TextField name="agreementAmount" inputMode="decimal" label={t("mediation.agreementAmountYuan")} defaultValue={d.agreementAmount} reg={reg("agreementAmount")} error={errorOf("agreementAmount")} autoComplete="off" />
          <TextField name="performanceDeadline" type="date" label={t("mediation.performanceDeadline")} defaultValue={d.performanceDeadline} reg={reg("performanceDeadline")} error={errorOf("performanceDeadline")} />
        </div>
        <TextField name="performanceManner" label={t("mediation.performanceManner")} hint={t("mediation.performanceMannerHint")} defaultValue={d.performanceManner} reg={reg("performanceManner")} error={errorOf("performanceManner")} maxLength={200} />
        <ChoiceGroup name="performance" label={t("mediation.performance")} options={PERFORMANCE_STATUSES.options(locale)} defaultValue={d.performance} reg={reg("performance")} error={errorOf("performance")} />
      </section>
      <section className="form-part" hidden={!shows("failed")} aria-label={t("mediation.conclude.failedPart")}>
        <h3>{t("mediation.conclude.failedPart")}</h3>
        <TextArea name="failureReason" label={t("mediation.failureReason")} defaultValue={d.failureReason} reg={reg("failureReason")} error={errorOf("failureReason")} maxLength={1000} rows={3} />
        <ChoiceGroup name="failureRoute" label={t("mediation.failureRoute")} options={FAILURE_ROUTES.options(locale)} defaultValue={d.failureRoute} reg={reg("failureRoute")} error={errorOf("failureRoute")} />
      </section>
      <section className="form-part" hidden={!shows("withdrawn")} aria-label={t("mediation.conclude.withdrawnPart")}>
        <h3>{t("mediation.conclude.withdrawnPart")}</h3>
        <TextArea name="withdrawReason" label={t("mediation.withdrawReason")} defaultValue={d.withdrawReason} reg={reg("withdrawReason")} error={errorOf("withdrawReason")} maxLength={500} rows={2} />
      </section>
      <Submit>{t("mediation.conclude.save")}</Submit>
    </Form>
  );
}

// ---- 履行情况 / 司法确认 --------------------------------------------------------------------------------------

export function PerformanceForm({
  version,
  current,
  jcBy,
  answer,
}: {
  version: number;
  current: { performance: string | null; judicialConfirmation: string; jcAppliedOn: string | null; jcDecidedOn: string | null };
  jcBy: string | null;
  answer: Answer;
}) {
  const t = useT();
  const locale = useLocale();
  const d = merged(
    {
      performance: current.performance ?? "in_progress",
      judicialConfirmation: current.judicialConfirmation,
      jcAppliedOn: current.jcAppliedOn ?? "",
      jcDecidedOn: current.jcDecidedOn ?? "",
    },
    answer,
  );
  const { form, formRef, errorOf, onSubmit, onKeyDown } = useValidatedForm({
    schema: MediationPerformanceSchema,
    defaultValues: { ...d, version } as never,
    serverErrors: answer?.fieldErrors,
  });
  const reg = form.register as unknown as (n: string) => ReturnType<typeof form.register>;
  return (
    <Form method="post" ref={formRef} onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate className="form" aria-label={t("mediation.step.performance")}>
      <FormHead answer={answer} />
      <input type="hidden" name="intent" value="performance" />
      <input type="hidden" {...reg("version")} defaultValue={version} />
      <ChoiceGroup name="performance" label={t("mediation.performance")} options={PERFORMANCE_STATUSES.options(locale)} defaultValue={d.performance} reg={reg("performance")} error={errorOf("performance")} />
      <ChoiceGroup
        name="judicialConfirmation"
        label={t("mediation.judicialConfirmation")}
        options={JUDICIAL_CONFIRMATION.options(locale)}
        defaultValue={d.judicialConfirmation}
        reg={reg("judicialConfirmation")}
        error={errorOf("judicialConfirmation")}
      />
      <div className="form-row">
        <TextField
          name="jcAppliedOn"
          type="date"
          label={t("mediation.jcAppliedOn")}
          hint={jcBy ? t("mediation.jcWindowHint", { date: formatDayZh(jcBy) }) : undefined}
          max={todayInChina()}
          defaultValue={d.jcAppliedOn}
          reg={reg("jcAppliedOn")}
          error={errorOf("jcAppliedOn")}
        />
        <TextField name="jcDecidedOn" type="date" label={t("mediation.jcDecidedOn")} max={todayInChina()} defaultValue={d.jcDecidedOn} reg={reg("jcDecidedOn")} error={errorOf("jcDecidedOn")} />
      </div>
      <Submit>{t("action.save")}</Submit>
    </Form>
  );
}

// ---- 回访 -----------------------------------------------------------------------------------------------------

export function FollowupForm({ visitor, performance, answer }: { visitor: string; performance: string | null; answer: Answer }) {
  const t = useT();
  const locale = useLocale();
  const d = merged({ visitedOn: todayInChina(), visitor, performanceFound: performance ?? "", satisfaction: "", notes: "" }, answer);
  const { form, formRef, errorOf, onSubmit, onKeyDown } = useValidatedForm({
    schema: MediationFollowupSchema,
    defaultValues: d as never,
    serverErrors: answer?.fieldErrors,
  });
  const reg = form.register as unknown as (n: string) => ReturnType<typeof form.register>;
  return (
    <Form method="post" ref={formRef} onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate className="form" aria-label={t("mediation.step.followup")}>
      <FormHead answer={answer} />
      <input type="hidden" name="intent" value="followup" />
      <div className="form-row">
        <TextField name="visitedOn" type="date" label={t("mediation.followup.visitedOn")} max={todayInChina()} defaultValue={d.visitedOn} reg={reg("visitedOn")} error={errorOf("visitedOn")} />
        <TextField name="visitor" label={t("mediation.followup.visitor")} defaultValue={d.visitor} reg={reg("visitor")} error={errorOf("visitor")} maxLength={30} />
      </div>
      <ChoiceGroup name="performanceFound" label={t("mediation.followup.performanceFound")} options={PERFORMANCE_STATUSES.options(locale)} defaultValue={d.performanceFound} reg={reg("performanceFound")} error={errorOf("performanceFound")} />
      <ChoiceGroup name="satisfaction" label={t("mediation.followup.satisfaction")} options={SATISFACTION.options(locale)} defaultValue={d.satisfaction} reg={reg("satisfaction")} error={errorOf("satisfaction")} />
      <TextArea name="notes" label={t("mediation.followup.notes")} defaultValue={d.notes} reg={reg("notes")} error={errorOf("notes")} maxLength={1000} rows={3} />
      <Submit>{t("mediation.followup.save")}</Submit>
    </Form>
  );
}

// ---- 移交 -----------------------------------------------------------------------------------------------------

export function TransferForm({
  version,
  targets,
  answer,
}: {
  version: number;
  targets: Array<{ id: number; name: string; depth: number; note: string }>;
  answer: Answer;
}) {
  const t = useT();
  const d = merged({ toUnitId: "", transferredOn: todayInChina(), reason: "" }, answer);
  const { form, formRef, errorOf, onSubmit, onKeyDown } = useValidatedForm({
    schema: MediationTransferSchema,
    defaultValues: { ...d, version } as never,
    serverErrors: answer?.fieldErrors,
  });
  const reg = form.register as unknown as (n: string) => ReturnType<typeof form.register>;
  const minDepth = Math.min(...targets.map((u) => u.depth));
  return (
    <Form method="post" ref={formRef} onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate className="form" aria-label={t("mediation.step.transfer")}>
      <FormHead answer={answer} />
      <input type="hidden" name="intent" value="transfer" />
      <input type="hidden" {...reg("version")} defaultValue={version} />
      <p className="muted small">{t("mediation.transfer.hint")}</p>
      <div className="form-row">
        <SelectField
          name="toUnitId"
          label={t("mediation.transfer.to")}
          placeholder={t("mediation.transfer.choose")}
          options={targets.map((u) => ({ value: u.id, label: u.note ? `${u.name}（${u.note}）` : u.name, depth: u.depth - minDepth }))}
          defaultValue={d.toUnitId}
          reg={reg("toUnitId")}
          error={errorOf("toUnitId")}
        />
        <TextField name="transferredOn" type="date" label={t("mediation.transfer.on")} max={todayInChina()} defaultValue={d.transferredOn} reg={reg("transferredOn")} error={errorOf("transferredOn")} />
      </div>
      <TextArea name="reason" label={t("mediation.transfer.reason")} defaultValue={d.reason} reg={reg("reason")} error={errorOf("reason")} maxLength={500} rows={2} />
      <Submit>{t("mediation.transfer.save")}</Submit>
    </Form>
  );
}

// ---- 作废 -----------------------------------------------------------------------------------------------------

export function VoidForm({ version, answer }: { version: number; answer: Answer }) {
  const t = useT();
  const d = merged({ reason: "" }, answer);
  const { form, formRef, errorOf, onSubmit } = useValidatedForm({
    schema: VoidSchema,
    defaultValues: { ...d, version } as never,
    serverErrors: answer?.fieldErrors,
  });
  const reg = form.register as unknown as (n: string) => ReturnType<typeof form.register>;
  const error = errorOf("reason");
  // its own ids: the transfer form on the same page has a "reason" too
  return (
    <Form method="post" ref={formRef} onSubmit={onSubmit} noValidate className="form" aria-label={t("mediation.step.void")}>
      <FormHead answer={answer} />
      <p className="muted small">{t("mediation.void.hint")}</p>
      <input type="hidden" name="intent" value="void" />
      <input type="hidden" {...reg("version")} defaultValue={version} />
      <div className="field">
        <label htmlFor="f-void-reason">{t("mediation.void.reason")}</label>
        <textarea id="f-void-reason" defaultValue={d.reason} maxLength={200} aria-invalid={error ? true : undefined} aria-describedby={error ? "f-void-reason-error" : undefined} {...reg("reason")} />
        <FieldError id="f-void-reason-error" message={error} />
      </div>
      <Submit kind="danger">{t("action.void")}</Submit>
    </Form>
  );
}
