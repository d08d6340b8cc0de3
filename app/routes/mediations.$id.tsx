import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CaseDocuments } from "~/components/case-documents";
import { FormNotice } from "~/components/form-fields";
import { extraMediationDocs } from "~/components/mediation-print-more";
import { caseDocuments } from "~/models/documents.server";
import { composeAgreement, formatYuan, joinNames, OverdueBadges, StatusBadge } from "~/components/mediation-bits";
import { MediationDeadlines, MediationOutcome, PartyList, TransferTrail } from "~/components/mediation-detail";
import { ConcludeForm, FollowupForm, PerformanceForm, SessionForm, TransferForm, VoidForm } from "~/components/mediation-steps";
import { getMediation, listTransferTargets } from "~/models/mediations.server";
import { findStep, runStep } from "~/models/lifecycle/executor.server";
import { MEDIATION_KIND, MEDIATION_STEPS } from "~/models/lifecycle/mediation-steps.server";
import type { Result } from "~/models/units.server";
import { MEDIATION_FLAGS, MEDIATION_TYPES, MEDIATION_SOURCES, PERFORMANCE_STATUSES, SATISFACTION } from "~/schemas/enums/mediation";
import { UNIT_LEVELS, UNIT_TYPES } from "~/schemas/enums/units";
import { parseSubmission } from "~/schemas/forms";
import type { MediationConcludeValues } from "~/schemas/mediation";
import { requirePermission } from "~/utils/auth.server";
import { todayInChina } from "~/utils/dates";
import { useLocale, useT } from "~/utils/i18n";
import { parseIdParam } from "~/utils/request.server";
import { formatInstant } from "~/utils/instants";
import { pageTitle } from "~/utils/page-title";
import { U, useTx } from "~/components/user-text";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "title.mediation", undefined, data?.record.caseNo);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:mediation");
  const id = parseIdParam(params.id);
  const record = await getMediation({ actor, id });
  if (!record) throw new Response("记录不存在或不在您的管辖范围内", { status: 404 });
  const targets = record.can.transfer
    ? (await listTransferTargets({ actor, mediationId: id }))
        // the legal aid centre takes no disputes: not offered (the model would accept it)
        .filter((u) => u.type !== "legal_aid_centre")
        .map((u) => ({
        id: u.id,
        name: u.name,
        depth: u.depth,
        note: u.type === "admin" ? UNIT_LEVELS.label(u.level) : UNIT_TYPES.label(u.type),
      }))
    : [];
  return json({ record, targets, today: todayInChina(), actorName: actor.displayName, documents: await caseDocuments({ actor, caseKind: "mediation", caseId: id }) });
}

type Answer = {
  intent: string | null;
  fieldErrors: Record<string, string>;
  formError: string | null;
  values: Record<string, unknown> | null;
  record: Awaited<ReturnType<typeof getMediation>>;
};

const INTENTS = ["reveal", "session", "conclude", "performance", "followup", "transfer", "void"] as const;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "read:mediation");
  const id = parseIdParam(params.id);
  const fd = await request.formData();
  const intent = String(fd.get("intent") ?? "");
  const ip = context.clientIp;
  const answer = (status: number, a: Partial<Answer>) =>
    json<Answer>({ intent: INTENTS.includes(intent as never) ? intent : null, fieldErrors: {}, formError: null, values: null, record: null, ...a }, { status });
  const done = (result: Result<unknown>, values: Record<string, unknown>) =>
    result.ok
      ? redirect(`/mediations/${id}?done=${intent}`)
      : answer(result.status, { fieldErrors: result.fieldErrors, formError: result.formError ?? null, values });

  switch (intent) {
    case "reveal": {
      // a full view of the parties' personal data, for those allowed; audited by the model
      const record = await getMediation({ actor, id, reveal: true, ip });
      if (!record) throw new Response("记录不存在或不在您的管辖范围内", { status: 404 });
      if (!record.revealed) return answer(403, { formError: "err.forbidden" });
      return answer(200, { record });
    }
    default: {
      // every lifecycle step: the step's own schema, then the one executor (app/models/lifecycle)
      const step = findStep(MEDIATION_KIND, MEDIATION_STEPS, intent);
      if (!step) break;
      const parsed = parseSubmission(step.schema, fd);
      if (!parsed.ok) return answer(400, { fieldErrors: parsed.fieldErrors, values: parsed.values });
      let data = parsed.data;
      if (intent === "conclude") {
        // the form's responsibilities box is written into the agreement's terms
        const concluded = { ...(data as MediationConcludeValues) };
        const responsibilities = String(fd.get("responsibilities") ?? "").trim();
        if (responsibilities.length > 1500) return answer(400, { fieldErrors: { responsibilities: "err.tooLong:1500" }, values: parsed.values });
        if (concluded.result === "success") {
          concluded.agreementTerms = composeAgreement(responsibilities, concluded.agreementTerms);
          if (concluded.agreementTerms.length > 4000) return answer(400, { fieldErrors: { agreementTerms: "err.tooLong:4000" }, values: parsed.values });
        }
        data = concluded;
      }
      const result = await runStep(MEDIATION_KIND, step, { actor, id, data, ip });
      if (!result.ok) return done(result, parsed.values);
      // handed up beyond the actor's reach: back to the list, saying where it went
      if (intent === "transfer" && !await getMediation({ actor, id })) return redirect(`/mediations?transferred=${id}`);
      return done(result, parsed.values);
    }
  }
  return answer(400, { formError: "err.badRequest" });
}

function Step({ title, open, children }: { title: string; open: boolean; children: React.ReactNode }) {
  return (
    <details className="card step no-print" open={open}>
      <summary>
        <h2>{title}</h2>
      </summary>
      {children}
    </details>
  );
}

export default function MediationDetail() {
  const { record: loaded, targets, today, actorName, documents } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const tx = useTx();
  const locale = useLocale();
  // after "显示完整信息", this response carries the full record; the page's own copy stays masked
  const record = data?.intent === "reveal" && data.record ? data.record : loaded;
  const answerFor = (intent: string) => (data && data.intent === intent ? data : null);
  const c = loaded.can;
  const shown: Record<string, boolean> = {
    session: c.session,
    conclude: c.conclude,
    performance: c.performance,
    followup: c.followup,
    transfer: c.transfer && targets.length > 0,
    void: c.void,
  };
  // an answer whose form is no longer offered (someone concluded it meanwhile …) is shown at the top
  const orphan = data && data.formError && (!data.intent || (data.intent !== "reveal" && !shown[data.intent])) ? data.formError : null;
  const done = params.get("done");
  const flags = MEDIATION_FLAGS.values.filter((f) => (f === "mass" ? record.isMass : record[f]));
  const written = record.status === "success" && record.agreementForm === "written";
  return (
    <div className="med-detail">
      <p className="no-print">
        <Link to="/mediations">← {t("nav.mediations")}</Link>
      </p>
      <div className="card">
        <div className="med-head">
          <h1 data-user-text>{record.caseNo}</h1>
          <StatusBadge status={record.status} voided={!!record.voidedAt} />
          <OverdueBadges deadlines={record.deadlines} />
        </div>
        {params.get("registered") ? (
          <FormNotice kind="ok">
            {t("mediation.registeredNotice")}
            <strong data-user-text>{record.caseNo}</strong>
          </FormNotice>
        ) : null}
        {done && [...INTENTS, "edit"].includes(done) ? <FormNotice kind="ok">{t(`mediation.done.${done}`)}</FormNotice> : null}
        {orphan ? <FormNotice kind="error">{t(orphan)}</FormNotice> : null}
        {record.voidedAt ? <FormNotice kind="warn">{tx("mediation.voidedNotice", { reason: <U>{record.voidReason ?? ""}</U> })}</FormNotice> : null}
        <dl className="details">
          <dt>{t("mediation.registeredOn")}</dt>
          <dd>{record.registeredOn}</dd>
          <dt>{t("mediation.currentUnit")}</dt>
          <dd data-user-text>{record.unitName}</dd>
          {record.registeredUnitId !== record.unitId ? (
            <>
              <dt>{t("mediation.registeredUnit")}</dt>
              <dd data-user-text>{record.registeredUnitName}</dd>
            </>
          ) : null}
          <dt>{t("mediation.source")}</dt>
          <dd>{MEDIATION_SOURCES.label(record.source, locale)}</dd>
          <dt>{t("mediation.type")}</dt>
          <dd data-user-text={MEDIATION_TYPES.has(record.disputeType) ? undefined : ""}>{MEDIATION_TYPES.has(record.disputeType) ? MEDIATION_TYPES.label(record.disputeType, locale) : record.disputeTypeLabel}</dd>
          <dt>{t("mediation.personsInvolved")}</dt>
          <dd>{record.personsInvolved}</dd>
          <dt>{t("mediation.amountYuan")}</dt>
          <dd>{record.amountFen !== null ? `${formatYuan(record.amountFen)} ${t("mediation.yuan")}` : t("common.none")}</dd>
          <dt>{t("mediation.flags")}</dt>
          <dd>{flags.length ? flags.map((f) => MEDIATION_FLAGS.label(f, locale)).join(locale === "zh" ? "、" : ", ") : t("common.none")}</dd>
          <dt>{t("mediation.mediators")}</dt>
          <dd data-user-text={record.mediators.length ? "" : undefined}>{joinNames(record.mediators.map((m) => m.name)) || t("common.none")}</dd>
          <dt>{t("mediation.createdBy")}</dt>
          <dd>
            <U>{record.createdByName}</U> · {formatInstant(record.createdAt)}
          </dd>
          {record.summary ? (
            <>
              <dt>{t("mediation.summary")}</dt>
              <dd className="pre" data-user-text>{record.summary}</dd>
            </>
          ) : null}
        </dl>
        <div className="actions no-print med-links">
          {c.edit ? (
            <Link className="button" to={`/mediations/${record.id}/edit`}>
              {t("mediation.editRegistration")}
            </Link>
          ) : null}
          {c.print ? (
            <>
              <Link className="button" to={`/mediations/${record.id}/print/registration`}>
                {t("mediation.print.registration")}
              </Link>
              {written ? (
                <Link className="button" to={`/mediations/${record.id}/print/agreement`}>
                  {t("mediation.print.agreement")}
                </Link>
              ) : null}
              {record.followups.length ? (
                <Link className="button" to={`/mediations/${record.id}/print/followup`}>
                  {t("mediation.print.followup")}
                </Link>
              ) : null}
            </>
          ) : null}
        </div>
      </div>

      <section className="card" aria-labelledby="h-deadlines">
        <h2 id="h-deadlines">{t("mediation.deadlines")}</h2>
        <MediationDeadlines record={record} today={today} />
      </section>

      <section className="card" aria-labelledby="h-parties">
        <h2 id="h-parties">{t("mediation.parties")}</h2>
        {data?.intent === "reveal" && data.formError ? <FormNotice kind="error">{t(data.formError)}</FormNotice> : null}
        {record.revealed ? <FormNotice kind="warn">{t("mediation.revealedNotice")}</FormNotice> : null}
        <PartyList parties={record.parties} today={today} revealed={record.revealed} />
        {c.reveal && !record.revealed ? (
          <Form method="post" className="no-print">
            <input type="hidden" name="intent" value="reveal" />
            <button type="submit" className="secondary">
              {t("mediation.reveal")}
            </button>
            <span className="muted small"> {t("mediation.revealHint")}</span>
          </Form>
        ) : null}
      </section>

      {record.sessions.length ? (
        <section className="card" aria-labelledby="h-sessions">
          <h2 id="h-sessions">{t("mediation.sessions")}</h2>
          <ol className="timeline">
            {record.sessions.map((s) => (
              <li key={s.id}>
                <strong>{s.heldOn}</strong> · {s.mediatorNames}
                <div className="pre">{s.notes}</div>
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      <section className="card" aria-labelledby="h-trail">
        <h2 id="h-trail">{t("mediation.trail")}</h2>
        <TransferTrail record={record} />
      </section>

      {record.concludedOn ? (
        <section className="card" aria-labelledby="h-outcome">
          <h2 id="h-outcome">{t("mediation.outcome")}</h2>
          <MediationOutcome record={record} />
        </section>
      ) : null}

      {record.followups.length ? (
        <section className="card" aria-labelledby="h-followups">
          <h2 id="h-followups">{t("mediation.followups")}</h2>
          <ol className="timeline">
            {record.followups.map((f) => (
              <li key={f.id}>
                <strong>{f.visitedOn}</strong> · {f.visitor} · {t("mediation.followup.performanceFound")}：{PERFORMANCE_STATUSES.label(f.performanceFound, locale)} ·{" "}
                {t("mediation.followup.satisfaction")}：{SATISFACTION.label(f.satisfaction, locale)}
                {f.notes ? <div className="pre">{f.notes}</div> : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      <CaseDocuments
        docs={documents}
        archiveUrl={documents ? `/documents/archive/mediation/${record.id}` : undefined}
        forms={c.print ? extraMediationDocs(loaded).map((d) => ({ href: `/mediations/${record.id}/print/${d.doc}`, label: t(`doc.form.${d.doc}`) })) : []}
      />

      {shown.session ? (
        <Step title={t("mediation.step.session")} open>
          <SessionForm key={loaded.version} version={loaded.version} mediatorNames={joinNames(loaded.mediators.map((m) => m.name))} answer={answerFor("session")} />
        </Step>
      ) : null}
      {shown.conclude ? (
        <Step title={t("mediation.step.conclude")} open>
          <ConcludeForm key={loaded.version} version={loaded.version} answer={answerFor("conclude")} />
        </Step>
      ) : null}
      {shown.performance ? (
        <Step title={t("mediation.step.performance")} open={!!answerFor("performance") || loaded.deadlines.performanceOverdue || loaded.deadlines.jcWindowOpen}>
          <PerformanceForm key={loaded.version} version={loaded.version} current={loaded} jcBy={loaded.deadlines.jcBy} answer={answerFor("performance")} />
        </Step>
      ) : null}
      {shown.followup ? (
        <Step title={t("mediation.step.followup")} open={!!answerFor("followup") || loaded.followups.length === 0}>
          <FollowupForm key={loaded.version} visitor={actorName} performance={loaded.performance} answer={answerFor("followup")} />
        </Step>
      ) : null}
      {shown.transfer ? (
        <Step title={t("mediation.step.transfer")} open={!!answerFor("transfer")}>
          <TransferForm key={loaded.version} version={loaded.version} targets={targets} answer={answerFor("transfer")} />
        </Step>
      ) : null}
      {shown.void ? (
        <Step title={t("mediation.step.void")} open={!!answerFor("void")}>
          <VoidForm key={loaded.version} version={loaded.version} answer={answerFor("void")} />
        </Step>
      ) : null}
    </div>
  );
}
