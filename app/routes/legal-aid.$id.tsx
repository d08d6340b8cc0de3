import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CaseDocuments } from "~/components/case-documents";
import { caseDocuments } from "~/models/documents.server";
import { FormNotice } from "~/components/form-fields";
import { LegalAidActions, offeredIntents } from "~/components/legal-aid-actions";
import { LegalAidDeadlineText } from "~/components/legal-aid-deadline";
import { LegalAidNav } from "~/components/legal-aid-nav";
import { getLegalAid } from "~/models/legal-aid-reads.server";
import { listProvidersForCase } from "~/models/legal-aid-providers.server";
import { findStep, runStep } from "~/models/lifecycle/executor.server";
import { LEGAL_AID_KIND, LEGAL_AID_STEPS } from "~/models/lifecycle/legal-aid-steps.server";
import type { Result } from "~/models/units.server";
import { PERSON_CATEGORIES } from "~/schemas/enums/consultation";
import { LEGAL_AID_APPLICANT_RELATIONS, LEGAL_AID_CASE_TYPES, LEGAL_AID_EXEMPTIONS, LEGAL_AID_MEANS, LEGAL_AID_OUTCOMES, LEGAL_AID_PROCEEDINGS, LEGAL_AID_PROVIDER_KINDS, LEGAL_AID_QUALITY_GRADES, LEGAL_AID_SERVICE_FORMS, LEGAL_AID_STATUSES, LEGAL_AID_TERMINATION_REASONS } from "~/schemas/enums/legal-aid";
import { GENDERS, SATISFACTION } from "~/schemas/enums/mediation";
import { parseSubmission } from "~/schemas/forms";
import { requirePermission } from "~/utils/auth.server";
import { parseIdParam } from "~/utils/request.server";
import { useErrorText, useLocale, useT } from "~/utils/i18n";
import { can } from "~/utils/permissions";
import { formatInstant } from "~/utils/instants";
import { pageTitle } from "~/utils/page-title";
import { U, useTx } from "~/components/user-text";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "title.legalAidCase", undefined, data?.record.appNo);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:legal-aid");
  const id = parseIdParam(params.id);
  const url = new URL(request.url);
  const record = await getLegalAid({ actor, id, reveal: url.searchParams.get("reveal") === "1", ip: context.clientIp });
  if (!record) throw new Response("记录不存在或不在您的管辖范围内", { status: 404 });
  const needsProviders = record.can.assign || record.can.reassign;
  return json({
    record,
    providers: needsProviders ? await listProvidersForCase({ actor, caseId: id }) : [],
    canWrite: can(actor, "write:legal-aid"),
    documents: await caseDocuments({ actor, caseKind: "legal_aid", caseId: id }),
  });
}

const INTENT_LABELS: Record<string, string> = {
  apply: "la.nav.new",
  edit: "la.editApplication",
  missing: "la.act.missing",
  complete: "la.act.complete",
  grant: "la.act.grant",
  refuse: "la.act.refuse",
  assign: "la.act.assign",
  reassign: "la.act.reassign",
  progress: "la.act.progress",
  close: "la.act.close",
  terminate: "la.act.terminate",
  quality: "la.act.quality",
  followup: "la.act.followup",
  void: "la.act.void",
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "read:legal-aid");
  const id = parseIdParam(params.id);
  const fd = await request.formData();
  const intent = String(fd.get("intent") ?? "");
  const ip = context.clientIp;
  const answer = (parsed: { ok: boolean; values: Record<string, unknown>; fieldErrors?: Record<string, string> }, result: Result<unknown> | null) => {
    if (!parsed.ok)
      return json({ intent, fieldErrors: parsed.fieldErrors ?? {}, formError: null as string | null, values: parsed.values }, { status: 400 });
    if (result && !result.ok)
      return json({ intent, fieldErrors: result.fieldErrors, formError: result.formError ?? null, values: parsed.values }, { status: result.status });
    return redirect(`/legal-aid/${id}?saved=${intent}`);
  };
  // every lifecycle step: the step's own schema, then the one executor (app/models/lifecycle)
  const step = findStep(LEGAL_AID_KIND, LEGAL_AID_STEPS, intent);
  if (!step)
    return json(
      { intent: null as string | null, fieldErrors: {} as Record<string, string>, formError: "err.badRequest" as string | null, values: null },
      { status: 400 }
    );
  const p = parseSubmission(step.schema, fd);
  return answer(p, p.ok ? await runStep(LEGAL_AID_KIND, step, { actor, id, data: p.data, ip }) : null);
}

/** Labels of what a refused step's form held, to show it back when that form is no longer offered. */
const UNSAVED_LABELS: Record<string, string> = {
  listedOn: "la.act.listedOn",
  missingDocs: "la.missingDocs",
  completeOn: "la.completeOn",
  decidedOn: "la.decidedOn",
  limitationDeadline: "la.limitationDeadline",
  refusalReason: "la.refusalReason",
  assignedOn: "la.assignedOn",
  reassignedOn: "la.act.reassignedOn",
  notedOn: "la.act.notedOn",
  closedOn: "la.closedOn",
  outcome: "la.outcome",
  recovered: "la.recovered",
  closingReport: "la.closingReport",
  terminatedOn: "la.terminatedOn",
  terminationReason: "la.terminationReason",
  terminationNote: "la.terminationReason",
  reviewedOn: "la.qualityReviewedOn",
  grade: "la.qualityGrade",
  followedUpOn: "la.followedUpOn",
  satisfaction: "la.satisfaction",
};
const NOTE_LABELS: Record<string, string> = { progress: "la.act.note", quality: "la.qualityNote", followup: "la.followupNote", reassign: "la.act.reassignReason", void: "la.act.voidReason" };
const UNSAVED_ENUMS: Record<string, { label: (v: string, l?: "zh" | "en") => string }> = {
  outcome: LEGAL_AID_OUTCOMES,
  terminationReason: LEGAL_AID_TERMINATION_REASONS,
  grade: LEGAL_AID_QUALITY_GRADES,
  satisfaction: SATISFACTION,
};

/**
 * A step refused after its form stopped being offered (another officer closed or changed the case meanwhile):
 * why, and what the user had entered, so nothing typed is lost in silence. Works the same without JavaScript.
 */
function RefusedStep({ intent, formError, fieldErrors, values }: { intent: string; formError: string | null; fieldErrors: Record<string, string>; values: Record<string, unknown> | null }) {
  const t = useT();
  const errorText = useErrorText();
  const locale = useLocale();
  const why = errorText(formError ?? Object.values(fieldErrors)[0] ?? "err.badRequest");
  const entered = Object.entries(values ?? {})
    .filter(([k, v]) => k !== "version" && k !== "providerId" && v !== undefined && v !== null && String(v).trim() !== "")
    .map(([k, v]) => {
      const label = k === "note" || k === "reason" ? NOTE_LABELS[intent] : UNSAVED_LABELS[k];
      const text = UNSAVED_ENUMS[k] ? UNSAVED_ENUMS[k].label(String(v), locale) : String(v);
      return { k, label: label ? t(label) : k, text };
    });
  return (
    <FormNotice kind="error">
      <p data-testid="la-refused">{t("lc.refusedStep", { step: t(INTENT_LABELS[intent] ?? "la.title"), why })}</p>
      {entered.length ? (
        <>
          <p>{t("lc.unsaved")}</p>
          <dl className="details">
            {entered.map((e) => (
              <Row key={e.k} label={e.label}>
                <span className="pre" data-user-text>{e.text}</span>
              </Row>
            ))}
          </dl>
        </>
      ) : null}
    </FormNotice>
  );
}

/** `user`: the value is what users typed or named (shown as it is in either language) */
function Row({ label, children, user }: { label: string; children: React.ReactNode; user?: boolean }) {
  if (children === null || children === undefined || children === "") return null;
  return (
    <>
      <dt>{label}</dt>
      <dd data-user-text={user ? "" : undefined}>{children}</dd>
    </>
  );
}

const yuan = (fen: number | null) =>
  fen === null ? "" : (fen / 100).toLocaleString("zh-CN", { minimumFractionDigits: 0, maximumFractionDigits: 2 });

export default function LegalAidDetail() {
  const { record: c, providers, canWrite, documents } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const tx = useTx();
  const locale = useLocale();
  const saved = params.get("saved");
  const printLinks = c.can.print
    ? ([
        ["application", true],
        ["decision", !!c.decisionNo && c.status !== "refused"],
        ["refusal", c.status === "refused"],
        ["assignment", !!c.assignmentNo],
      ] as const)
    : [];
  return (
    <div className="la-page">
      <p className="no-print">
        <Link to="/legal-aid">← {t("la.title")}</Link>
      </p>
      <LegalAidNav canWrite={canWrite} />
      <div className="card">
        <div className="la-head">
          <h1>{tx("la.detail", { no: <U>{c.appNo}</U> })}</h1>
          <span className={`status-badge status-${c.status}`} data-testid="la-status">
            {LEGAL_AID_STATUSES.label(c.status, locale)}
          </span>
          {c.preliminary ? <span className="badge">{t("la.preliminary")}</span> : null}
        </div>
        {saved && INTENT_LABELS[saved] ? <FormNotice kind="ok">{t("la.act.done", { what: t(INTENT_LABELS[saved]) })}</FormNotice> : null}
        {data && data.intent === null && data.formError ? <FormNotice kind="error">{t(data.formError)}</FormNotice> : null}
        {data && data.intent && !offeredIntents(c, providers).has(data.intent) && (data.formError || Object.keys(data.fieldErrors).length) ? (
          <RefusedStep intent={data.intent} formError={data.formError} fieldErrors={data.fieldErrors} values={data.values} />
        ) : null}
        {c.voidedAt ? <FormNotice kind="warn">{t("la.voidedNotice", { reason: c.voidReason ?? "" })}</FormNotice> : null}
        {c.revealed ? <FormNotice kind="warn">{t("la.revealed")}</FormNotice> : null}
        <p className="la-deadline-line" data-testid="la-deadline">
          <LegalAidDeadlineText d={c.deadlines} long />
        </p>
        <div className="actions no-print">
          {c.can.reveal ? (
            <Link to="?reveal=1" className="button" rel="nofollow">
              {t("la.reveal")}
            </Link>
          ) : null}
          {c.can.edit ? (
            <Link to={`/legal-aid/${c.id}/edit`} className="button">
              {t("la.editApplication")}
            </Link>
          ) : null}
          {printLinks
            .filter(([, show]) => show)
            .map(([doc]) => (
              <Link key={doc} to={`/legal-aid/${c.id}/print/${doc}`} className="button">
                {t(`la.print.${doc}`)}
              </Link>
            ))}
        </div>
      </div>

      <div className="la-columns">
        <section className="card" aria-labelledby="la-application">
          <h2 id="la-application">{t("la.section.application")}</h2>
          <dl className="details">
            <Row label={t("la.appliedOn")}>{c.appliedOn}</Row>
            <Row label={t("la.receivedUnit")} user>{c.receivedName}</Row>
            <Row label={t("la.centre")} user>{c.centreName}</Row>
            <Row label={t("la.caseType")}>
              {LEGAL_AID_CASE_TYPES.label(c.caseType, locale)} · {LEGAL_AID_PROCEEDINGS.label(c.proceeding, locale)}
            </Row>
            <Row label={t("la.serviceForm")}>{LEGAL_AID_SERVICE_FORMS.label(c.serviceForm, locale)}</Row>
            <Row label={t("la.cause")} user>{c.cause}</Row>
            <Row label={t("la.matter")} user>{c.matter ? <span className="pre">{c.matter}</span> : null}</Row>
            <Row label={t("la.meansTest")}>
              {LEGAL_AID_MEANS.label(c.meansTest, locale)}
              {c.exemptBasis ? `：${LEGAL_AID_EXEMPTIONS.label(c.exemptBasis, locale)}` : ""}
              {c.exemptCategory ? `（${PERSON_CATEGORIES.label(c.exemptCategory, locale)}）` : ""}
              {c.exemptNote ? ` ${c.exemptNote}` : ""}
            </Row>
            <Row label={t("la.missingDocs")} user>{c.missingDocs ? `${c.missingDocs}（${t("la.missingDocsOn")} ${c.missingDocsOn}）` : null}</Row>
            <Row label={t("la.completeOn")}>{c.completeOn}</Row>
            <Row label={t("la.referral")}>
              {c.consultation || c.mediation ? (
                <>
                  {c.consultation ? (
                    <Link to={`/consultations/${c.consultation.id}`}>
                      {tx("la.referral.consultation", { id: c.consultation.id, unit: <U>{c.consultation.unitName}</U>, date: c.consultation.date })}
                    </Link>
                  ) : null}
                  {c.consultation && c.mediation ? "；" : null}
                  {c.mediation ? (
                    <Link to={`/mediations/${c.mediation.id}`}>
                      {tx("la.referral.mediation", { no: <U>{c.mediation.caseNo}</U>, unit: <U>{c.mediation.unitName}</U> })}
                    </Link>
                  ) : null}
                </>
              ) : null}
            </Row>
            <Row label={t("la.createdBy")}>
              <U>{c.createdByName}</U> · {formatInstant(c.createdAt)}
            </Row>
          </dl>
        </section>

        <section className="card" aria-labelledby="la-people">
          <h2 id="la-people">{t("la.people")}</h2>
          <dl className="details">
            <Row label={t("la.applicantRelation")}>{LEGAL_AID_APPLICANT_RELATIONS.label(c.applicantRelation, locale)}</Row>
            <Row label={t("la.applicantName")} user>{c.applicantName}</Row>
            <Row label={t("la.applicantPhone")} user>{c.applicantPhone}</Row>
            <Row label={t("la.applicantIdNumber")} user>{c.applicantIdNumber}</Row>
          </dl>
          <div className="table-wrap la-gap">
            <table data-testid="la-beneficiaries">
              <thead>
                <tr>
                  <th>{t("la.b.name")}</th>
                  <th>{t("la.b.categories")}</th>
                  <th>{t("la.b.idNumber")}</th>
                  <th>{t("la.b.phone")}</th>
                  <th className="hide-narrow">{t("la.b.address")}</th>
                </tr>
              </thead>
              <tbody>
                {c.beneficiaries.map((b) => (
                  <tr key={b.id}>
                    <td className="nowrap">
                      <U>{b.name}</U>
                      {b.gender ? <span className="muted small"> · {GENDERS.label(b.gender, locale)}</span> : null}
                    </td>
                    <td>{b.categories.map((k) => PERSON_CATEGORIES.label(k, locale)).join(locale === "zh" ? "、" : ", ")}</td>
                    <td className="nowrap" data-user-text>{b.idNumber}</td>
                    <td className="nowrap" data-user-text>{b.phone}</td>
                    <td className="hide-narrow" data-user-text>{b.address}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      </div>

      {c.decidedOn || c.assignments.length ? (
        <section className="card" aria-labelledby="la-lifecycle">
          <h2 id="la-lifecycle">{t("la.lifecycle")}</h2>
          <dl className="details">
            <Row label={t("la.decisionNo")} user>{c.decisionNo}</Row>
            <Row label={t("la.decidedOn")}>{c.decidedOn}</Row>
            <Row label={t("la.limitationDeadline")}>{c.preliminary ? c.limitationDeadline : null}</Row>
            <Row label={t("la.refusalReason")} user>{c.refusalReason}</Row>
            <Row label={t("la.assignmentNo")} user>{c.assignmentNo}</Row>
            <Row label={t("la.assignedOn")}>{c.assignedOn}</Row>
            <Row label={t("la.provider")}>
              {c.provider ? (
                <>
                  <U>{`${c.provider.name}${c.provider.kind !== "firm" && c.provider.firmName ? `（${c.provider.firmName}）` : ""}`}</U>
                  {` · ${LEGAL_AID_PROVIDER_KINDS.label(c.provider.kind, locale)}${c.provider.phone ? ` · ${c.provider.phone}` : ""}`}
                </>
              ) : null}
            </Row>
            <Row label={t("la.closedOn")}>{c.closedOn}</Row>
            <Row label={t("la.outcome")}>{c.outcome ? LEGAL_AID_OUTCOMES.label(c.outcome, locale) : null}</Row>
            <Row label={t("la.recovered")}>{c.status === "closed" ? yuan(c.recoveredFen ?? 0) : null}</Row>
            <Row label={t("la.closingReport")} user>{c.closingReport ? <span className="pre">{c.closingReport}</span> : null}</Row>
            <Row label={t("la.terminatedOn")}>{c.terminatedOn}</Row>
            <Row label={t("la.terminationReason")}>
              {c.terminationReason
                ? `${LEGAL_AID_TERMINATION_REASONS.label(c.terminationReason, locale)}${c.terminationNote ? `（${c.terminationNote}）` : ""}`
                : null}
            </Row>
            <Row label={t("la.qualityGrade")}>
              {c.qualityGrade
                ? `${LEGAL_AID_QUALITY_GRADES.label(c.qualityGrade, locale)}（${c.qualityReviewedOn}）${c.qualityNote ? ` ${c.qualityNote}` : ""}`
                : null}
            </Row>
            <Row label={t("la.satisfaction")}>
              {c.satisfaction
                ? `${SATISFACTION.label(c.satisfaction, locale)}（${c.followedUpOn}）${c.followupNote ? ` ${c.followupNote}` : ""}`
                : null}
            </Row>
          </dl>
          {c.assignments.length ? (
            <>
              <h3>{t("la.trail")}</h3>
              <ol className="la-trail">
                {c.assignments.map((a, i) => (
                  <li key={a.id}>
                    {a.assignedOn} · <U>{a.assignmentNo}</U> · <U>{a.providerName}</U>
                    {a.providerKind !== "firm" && a.firmName ? <U>{`（${a.firmName}）`}</U> : ""} · {i === 0 ? t("la.trail.first") : <U>{a.reason}</U>}{" "}
                    <span className="muted small">{t("la.trail.by", { name: a.byName })}</span>
                  </li>
                ))}
              </ol>
            </>
          ) : null}
          {c.assignedOn ? (
            <>
              <h3>{t("la.progress")}</h3>
              {c.progress.length ? (
                <ul className="la-progress">
                  {c.progress.map((p) => (
                    <li key={p.id}>
                      <strong>{p.notedOn}</strong> <U>{p.note}</U> <span className="muted small" data-user-text>{p.byName}</span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted">{t("la.progress.empty")}</p>
              )}
            </>
          ) : null}
        </section>
      ) : null}

      <CaseDocuments
        docs={documents}
        archiveUrl={documents ? `/documents/archive/legal_aid/${c.id}` : undefined}
        forms={
          c.can.print
            ? [
                ...(c.missingDocsOn ? [{ href: `/legal-aid/${c.id}/print/supplement`, label: t("doc.form.supplement") }] : []),
                ...(c.status === "terminated" ? [{ href: `/legal-aid/${c.id}/print/termination`, label: t("doc.form.laTermination") }] : []),
              ]
            : []
        }
      />

      <div className="no-print">
        <LegalAidActions key={c.version} c={c} providers={providers} result={data ?? undefined} />
      </div>
    </div>
  );
}
