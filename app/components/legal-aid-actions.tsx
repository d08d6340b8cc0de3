/**
 * The forms of a legal aid case's lifecycle, each posting an `intent` to the case's route and validated by its own
 * schema (app/schemas/legal-aid.ts) in the browser and in the action.
 */
import { Form, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { get, type FieldValues, type UseFormRegisterReturn } from "react-hook-form";
import type { z } from "zod";
import { LEGAL_AID_OUTCOMES, LEGAL_AID_PROVIDER_KINDS, LEGAL_AID_QUALITY_GRADES, LEGAL_AID_TERMINATION_REASONS } from "~/schemas/enums/legal-aid";
import { SATISFACTION } from "~/schemas/enums/mediation";
import {
  LegalAidAssignSchema,
  LegalAidCloseSchema,
  LegalAidCompleteSchema,
  LegalAidFollowupSchema,
  LegalAidGrantSchema,
  LegalAidMissingDocsSchema,
  LegalAidProgressSchema,
  LegalAidQualitySchema,
  LegalAidReassignSchema,
  LegalAidRefuseSchema,
  LegalAidTerminateSchema,
  LegalAidVoidSchema,
} from "~/schemas/legal-aid";
import { todayInChina } from "~/utils/dates";
import { useLocale, useT } from "~/utils/i18n";
import { ChoiceGroup, FormNotice, SelectField, TextArea, TextField } from "./form-fields";
import { useValidatedForm } from "./use-validated-form";

export type IntentResult =
  | { intent: string | null; fieldErrors: Record<string, string>; formError: string | null; values: Record<string, unknown> | null }
  | undefined;

type Helpers = {
  reg: (name: string) => UseFormRegisterReturn;
  errorOf: (name: string) => string | undefined;
  value: (name: string) => string | undefined;
};

/** One lifecycle form: a titled panel posting `intent` with the case's version. */
function IntentForm({
  intent,
  schema,
  version,
  title,
  hint,
  submitLabel,
  danger,
  defaults,
  result,
  open,
  children,
}: {
  intent: string;
  schema: z.core.$ZodType<FieldValues, FieldValues>;
  version: number;
  title: string;
  hint?: ReactNode;
  submitLabel: string;
  danger?: boolean;
  defaults: Record<string, unknown>;
  result: IntentResult;
  open?: boolean;
  children: (h: Helpers) => ReactNode;
}) {
  const t = useT();
  const mine = result?.intent === intent;
  const serverErrors = mine ? result.fieldErrors : null;
  const posted = mine && result.values ? result.values : null;
  const { form, formRef, onSubmit, onKeyDown, hydrated } = useValidatedForm({
    schema,
    defaultValues: { ...defaults, ...(posted ?? {}), version } as never,
    serverErrors,
  });
  const busy = useNavigation().state === "submitting";
  const errorOf = (name: string) => {
    if (!hydrated) return serverErrors?.[name];
    return (get(form.formState.errors, name) as { message?: string } | undefined)?.message;
  };
  const value = (name: string) => {
    const v = (posted ?? defaults)[name];
    return v === undefined || v === null ? undefined : String(v);
  };
  const id = `la-${intent}`;
  return (
    <details className="card la-action" open={open || mine} id={id}>
      <summary>
        <h3>{title}</h3>
      </summary>
      <Form method="post" ref={formRef} onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate className="form" aria-label={title}>
        {mine && (result.formError || Object.keys(result.fieldErrors).length) ? (
          <FormNotice kind="error">{t(result.formError ?? "common.formErrors")}</FormNotice>
        ) : null}
        {hint ? <p className="muted small">{hint}</p> : null}
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" {...form.register("version" as never)} defaultValue={version} />
        {children({ reg: (name) => form.register(name as never), errorOf, value })}
        <div className="actions">
          <button type="submit" className={danger ? "danger" : "primary"} disabled={busy}>
            {submitLabel}
          </button>
        </div>
      </Form>
    </details>
  );
}

const DateField = ({ h, name, label, min }: { h: Helpers; name: string; label: string; min?: string | null }) => (
  <TextField
    name={name}
    type="date"
    label={label}
    min={min ?? undefined}
    max={todayInChina()}
    defaultValue={h.value(name) ?? todayInChina()}
    reg={h.reg(name)}
    error={h.errorOf(name)}
  />
);

type CaseForActions = {
  version: number;
  appliedOn: string;
  completeOn: string | null;
  missingDocsOn: string | null;
  decidedOn: string | null;
  assignedOn: string | null;
  closedOn: string | null;
  terminatedOn: string | null;
  providerId: number | null;
  can: Record<string, boolean>;
};
type Provider = { id: number; name: string; kind: string; firmName: string | null };

/** The steps (`intent`s) whose form this case offers the actor now. */
export function offeredIntents(c: Pick<CaseForActions, "can" | "missingDocsOn">, providers: readonly unknown[]) {
  const offered = new Set<string>();
  const add = (intent: string, on: boolean | undefined | null) => on && offered.add(intent);
  add("complete", c.can.complete && !!c.missingDocsOn);
  add("grant", c.can.decide);
  add("refuse", c.can.decide);
  add("missing", c.can.missingDocs);
  add("assign", c.can.assign);
  add("progress", c.can.progress);
  add("close", c.can.close);
  add("reassign", c.can.reassign && providers.length > 1);
  add("terminate", c.can.terminate);
  add("quality", c.can.quality);
  add("followup", c.can.followup);
  add("void", c.can.void);
  return offered;
}

/** Every form the actor may use on this case now, in the order of the lifecycle. */
export function LegalAidActions({ c, providers, result }: { c: CaseForActions; providers: Provider[]; result: IntentResult }) {
  const t = useT();
  const locale = useLocale();
  const v = c.version;
  const providerOptions = (exclude?: number | null) =>
    providers
      .filter((p) => p.id !== exclude)
      .map((p) => ({
        value: p.id,
        label: `${p.name}${p.kind !== "firm" && p.firmName ? `（${p.firmName}）` : ""} · ${LEGAL_AID_PROVIDER_KINDS.label(p.kind, locale)}`,
      }));
  const finished = c.closedOn ?? c.terminatedOn;
  const offered = offeredIntents(c, providers);
  return (
    <div className="la-actions">
      {offered.has("complete") ? (
        <IntentForm
          intent="complete"
          schema={LegalAidCompleteSchema}
          version={v}
          title={t("la.act.complete")}
          submitLabel={t("la.act.completeSubmit")}
          defaults={{}}
          result={result}
          open
        >
          {(h) => <DateField h={h} name="completeOn" label={t("la.completeOn")} min={c.missingDocsOn} />}
        </IntentForm>
      ) : null}
      {offered.has("grant") ? (
        <IntentForm
          intent="grant"
          schema={LegalAidGrantSchema}
          version={v}
          title={t("la.act.grant")}
          hint={t("la.act.preliminaryHint")}
          submitLabel={t("la.act.grantSubmit")}
          defaults={{ preliminary: false }}
          result={result}
          open
        >
          {(h) => (
            <>
              <DateField h={h} name="decidedOn" label={t("la.decidedOn")} min={c.completeOn ?? c.appliedOn} />
              <label className="check">
                <input
                  type="checkbox"
                  {...h.reg("preliminary")}
                  defaultChecked={h.value("preliminary") === "on" || h.value("preliminary") === "true"}
                />{" "}
                {t("la.preliminary")}
              </label>
              <TextField
                name="limitationDeadline"
                type="date"
                label={t("la.limitationDeadline")}
                defaultValue={h.value("limitationDeadline") ?? ""}
                reg={h.reg("limitationDeadline")}
                error={h.errorOf("limitationDeadline")}
              />
            </>
          )}
        </IntentForm>
      ) : null}
      {offered.has("refuse") ? (
        <IntentForm
          intent="refuse"
          schema={LegalAidRefuseSchema}
          version={v}
          title={t("la.act.refuse")}
          hint={t("la.act.refuseHint")}
          submitLabel={t("la.act.refuseSubmit")}
          danger
          defaults={{ refusalReason: "" }}
          result={result}
        >
          {(h) => (
            <>
              <DateField h={h} name="decidedOn" label={t("la.decidedOn")} min={c.appliedOn} />
              <TextArea
                name="refusalReason"
                label={t("la.refusalReason")}
                defaultValue={h.value("refusalReason") ?? ""}
                reg={h.reg("refusalReason")}
                error={h.errorOf("refusalReason")}
                maxLength={1000}
              />
            </>
          )}
        </IntentForm>
      ) : null}
      {offered.has("missing") ? (
        <IntentForm
          intent="missing"
          schema={LegalAidMissingDocsSchema}
          version={v}
          title={t("la.act.missing")}
          hint={t("la.act.missingHint")}
          submitLabel={t("la.act.missingSubmit")}
          defaults={{ missingDocs: "" }}
          result={result}
        >
          {(h) => (
            <>
              <DateField h={h} name="listedOn" label={t("la.act.listedOn")} min={c.appliedOn} />
              <TextArea
                name="missingDocs"
                label={t("la.missingDocs")}
                defaultValue={h.value("missingDocs") ?? ""}
                reg={h.reg("missingDocs")}
                error={h.errorOf("missingDocs")}
                maxLength={500}
              />
            </>
          )}
        </IntentForm>
      ) : null}
      {offered.has("assign") ? (
        <IntentForm
          intent="assign"
          schema={LegalAidAssignSchema}
          version={v}
          title={t("la.act.assign")}
          submitLabel={t("la.act.assignSubmit")}
          defaults={{}}
          result={result}
          open
        >
          {(h) =>
            providers.length ? (
              <>
                <DateField h={h} name="assignedOn" label={t("la.assignedOn")} min={c.decidedOn} />
                <SelectField
                  name="providerId"
                  label={t("la.provider")}
                  placeholder="—"
                  options={providerOptions()}
                  defaultValue={h.value("providerId") ?? ""}
                  reg={h.reg("providerId")}
                  error={h.errorOf("providerId")}
                />
              </>
            ) : (
              <p className="notice warn">{t("la.act.noProviders")}</p>
            )
          }
        </IntentForm>
      ) : null}
      {offered.has("progress") ? (
        <IntentForm
          intent="progress"
          schema={LegalAidProgressSchema}
          version={v}
          title={t("la.act.progress")}
          submitLabel={t("la.act.progressSubmit")}
          defaults={{ note: "" }}
          result={result}
        >
          {(h) => (
            <>
              <DateField h={h} name="notedOn" label={t("la.act.notedOn")} min={c.assignedOn} />
              <TextArea
                name="note"
                label={t("la.act.note")}
                defaultValue={h.value("note") ?? ""}
                reg={h.reg("note")}
                error={h.errorOf("note")}
                maxLength={2000}
              />
            </>
          )}
        </IntentForm>
      ) : null}
      {offered.has("close") ? (
        <IntentForm
          intent="close"
          schema={LegalAidCloseSchema}
          version={v}
          title={t("la.act.close")}
          submitLabel={t("la.act.closeSubmit")}
          defaults={{ recovered: "", closingReport: "" }}
          result={result}
        >
          {(h) => (
            <>
              <DateField h={h} name="closedOn" label={t("la.closedOn")} min={c.assignedOn} />
              <ChoiceGroup
                name="outcome"
                label={t("la.outcome")}
                options={LEGAL_AID_OUTCOMES.options(locale)}
                defaultValue={h.value("outcome")}
                reg={h.reg("outcome")}
                error={h.errorOf("outcome")}
              />
              <TextField
                name="recovered"
                label={t("la.recovered")}
                hint={t("la.recoveredHint")}
                inputMode="decimal"
                defaultValue={h.value("recovered") ?? ""}
                reg={h.reg("recovered")}
                error={h.errorOf("recovered")}
              />
              <TextArea
                name="closingReport"
                label={t("la.closingReport")}
                defaultValue={h.value("closingReport") ?? ""}
                reg={h.reg("closingReport")}
                error={h.errorOf("closingReport")}
                maxLength={4000}
              />
            </>
          )}
        </IntentForm>
      ) : null}
      {offered.has("reassign") ? (
        <IntentForm
          intent="reassign"
          schema={LegalAidReassignSchema}
          version={v}
          title={t("la.act.reassign")}
          submitLabel={t("la.act.reassignSubmit")}
          defaults={{ reason: "" }}
          result={result}
        >
          {(h) => (
            <>
              <DateField h={h} name="reassignedOn" label={t("la.act.reassignedOn")} min={c.assignedOn} />
              <SelectField
                name="providerId"
                label={t("la.provider")}
                placeholder="—"
                options={providerOptions(c.providerId)}
                defaultValue={h.value("providerId") ?? ""}
                reg={h.reg("providerId")}
                error={h.errorOf("providerId")}
              />
              <TextField
                name="reason"
                label={t("la.act.reassignReason")}
                defaultValue={h.value("reason") ?? ""}
                reg={h.reg("reason")}
                error={h.errorOf("reason")}
              />
            </>
          )}
        </IntentForm>
      ) : null}
      {offered.has("terminate") ? (
        <IntentForm
          intent="terminate"
          schema={LegalAidTerminateSchema}
          version={v}
          title={t("la.act.terminate")}
          submitLabel={t("la.act.terminateSubmit")}
          danger
          defaults={{ terminationNote: "" }}
          result={result}
        >
          {(h) => (
            <>
              <DateField h={h} name="terminatedOn" label={t("la.terminatedOn")} min={c.assignedOn ?? c.decidedOn} />
              <ChoiceGroup
                name="terminationReason"
                label={t("la.terminationReason")}
                options={LEGAL_AID_TERMINATION_REASONS.options(locale)}
                defaultValue={h.value("terminationReason")}
                reg={h.reg("terminationReason")}
                error={h.errorOf("terminationReason")}
              />
              <TextField
                name="terminationNote"
                label={t("la.terminationNote")}
                defaultValue={h.value("terminationNote") ?? ""}
                reg={h.reg("terminationNote")}
                error={h.errorOf("terminationNote")}
              />
            </>
          )}
        </IntentForm>
      ) : null}
      {offered.has("quality") ? (
        <IntentForm
          intent="quality"
          schema={LegalAidQualitySchema}
          version={v}
          title={t("la.act.quality")}
          submitLabel={t("la.act.qualitySubmit")}
          defaults={{ note: "" }}
          result={result}
        >
          {(h) => (
            <>
              <DateField h={h} name="reviewedOn" label={t("la.qualityReviewedOn")} min={finished} />
              <ChoiceGroup
                name="grade"
                label={t("la.qualityGrade")}
                options={LEGAL_AID_QUALITY_GRADES.options(locale)}
                defaultValue={h.value("grade")}
                reg={h.reg("grade")}
                error={h.errorOf("grade")}
              />
              <TextField name="note" label={t("la.qualityNote")} defaultValue={h.value("note") ?? ""} reg={h.reg("note")} error={h.errorOf("note")} />
            </>
          )}
        </IntentForm>
      ) : null}
      {offered.has("followup") ? (
        <IntentForm
          intent="followup"
          schema={LegalAidFollowupSchema}
          version={v}
          title={t("la.act.followup")}
          submitLabel={t("la.act.followupSubmit")}
          defaults={{ note: "" }}
          result={result}
        >
          {(h) => (
            <>
              <DateField h={h} name="followedUpOn" label={t("la.followedUpOn")} min={finished} />
              <ChoiceGroup
                name="satisfaction"
                label={t("la.satisfaction")}
                options={SATISFACTION.options(locale)}
                defaultValue={h.value("satisfaction")}
                reg={h.reg("satisfaction")}
                error={h.errorOf("satisfaction")}
              />
              <TextField
                name="note"
                label={t("la.followupNote")}
                defaultValue={h.value("note") ?? ""}
                reg={h.reg("note")}
                error={h.errorOf("note")}
              />
            </>
          )}
        </IntentForm>
      ) : null}
      {offered.has("void") ? (
        <IntentForm
          intent="void"
          schema={LegalAidVoidSchema}
          version={v}
          title={t("la.act.void")}
          hint={t("la.act.voidHint")}
          submitLabel={t("action.void")}
          danger
          defaults={{ reason: "" }}
          result={result}
        >
          {(h) => (
            <TextField
              name="reason"
              label={t("la.act.voidReason")}
              defaultValue={h.value("reason") ?? ""}
              reg={h.reg("reason")}
              error={h.errorOf("reason")}
            />
          )}
        </IntentForm>
      ) : null}
    </div>
  );
}
