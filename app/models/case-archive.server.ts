/**
 * The whole case file as one PDF for archiving (案卷归档): a cover with the contents, the case's forms in order
 * (as text pages with their case number, signature and seal lines), then every live document: photos and scans
 * as pages, PDFs merged page by page, Office files as a page naming the file and its SHA-256 (they cannot be
 * drawn into a PDF here). For those who may see the case's documents; the download is audited with the list of
 * documents it carried.
 */
import { PDFDocument } from "pdf-lib";
import { getDb } from "~/utils/db.server";
import { audit } from "~/utils/audit.server";
import { getBlobStore } from "~/utils/storage.server";
import { formatDayZh, todayInChina } from "~/utils/dates";
import { newCjkDocument, TextWriter, A4 } from "~/utils/pdf-writer.server";
import {
  AGREEMENT_FORMS,
  FAILURE_ROUTES,
  GENDERS,
  LEGAL_AID_CASE_TYPES,
  LEGAL_AID_OUTCOMES,
  LEGAL_AID_SERVICE_FORMS,
  LEGAL_AID_STATUSES,
  LEGAL_AID_TERMINATION_REASONS,
  MEDIATION_SOURCES,
  MEDIATION_STATUSES,
  PERFORMANCE_STATUSES,
  SATISFACTION,
} from "~/schemas/enums";
import { DOCUMENT_KINDS, splitMissingDocs, type DocumentCaseKind } from "~/schemas/document";
import type { Actor } from "~/utils/permissions";
import { fail, type Result } from "./units.server";
import { getMediation } from "./mediations.server";
import { getLegalAid } from "./legal-aid-reads.server";
import { liveDocumentsOf, locateCase, maySeeDocuments } from "./documents.server";

const day = (d: string | null | undefined) => (d ? formatDayZh(d) : "");
const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? "" : `${(fen / 100).toLocaleString("zh-CN", { maximumFractionDigits: 2 })}元`);
const committee = (name: string) => (/调解|委员会|工作室/.test(name) ? name : `${name}人民调解委员会`);

type Form = { title: string; no: string | null; write: (w: TextWriter) => void };

function mediationForms(m: NonNullable<Awaited<ReturnType<typeof getMediation>>>): Form[] {
  const side = (s: string) => (s === "applicant" ? "申请人" : "被申请人");
  const partyLine = (p: (typeof m.parties)[number]) =>
    [
      `${side(p.side)}：${p.name}`,
      p.kind === "person" ? GENDERS.label(p.gender) : "",
      p.ethnicity ?? "",
      p.age !== null && p.age !== undefined ? `${p.age}岁` : "",
      p.occupation ?? "",
      p.address ? `住${p.address}` : "",
      p.idNumber ? `公民身份号码：${p.idNumber}` : "",
      p.phone ? `联系电话：${p.phone}` : "",
    ]
      .filter(Boolean)
      .join("，");
  const unit = committee(m.unitName);
  const mediators = m.mediators.map((x) => x.name).join("、");
  const forms: Form[] = [];
  if (m.source === "application")
    forms.push({
      title: "人民调解申请书",
      no: m.caseNo,
      write: (w) => {
        for (const p of m.parties) w.text(partyLine(p), { gap: 2 });
        w.text("纠纷事实及申请事项：", { gap: 2 }).text(m.summary, { indent: 22 });
        w.text(`申请人自愿申请${committee(m.registeredUnitName || m.unitName)}进行调解。`);
        w.signs(["申请人（签名或盖章）："]).text(day(m.registeredOn), { align: "right" });
      },
    });
  forms.push({
    title: "人民调解受理登记表",
    no: m.caseNo,
    write: (w) => {
      w.rows([
        ["受理日期", day(m.registeredOn)],
        ["受理单位", m.registeredUnitName],
        ["纠纷来源", MEDIATION_SOURCES.label(m.source)],
        ["纠纷类型", m.disputeTypeLabel],
        ["涉及人数", `${m.personsInvolved}人`],
        ["涉及金额", yuan(m.amountFen)],
      ]);
      for (const p of m.parties) w.text(partyLine(p), { gap: 2 });
      w.text("纠纷简要情况：", { gap: 2 }).text(m.summary, { indent: 22 });
      w.rows([
        ["调解员", mediators],
        ["登记人", m.createdByName],
      ]);
      w.signs(["当事人（签名）：", "登记人（签名）："]);
    },
  });
  if (m.sessions.length)
    forms.push({
      title: "人民调解笔录",
      no: m.caseNo,
      write: (w) => {
        m.sessions.forEach((s, i) => {
          w.text(`第${i + 1}次调解　时间：${day(s.heldOn)}　调解员：${s.mediatorNames}`, { gap: 2 });
          w.text(s.notes, { indent: 22 });
        });
        w.signs(["当事人（签名）：", "调解员（签名）：", "记录人（签名）："]);
      },
    });
  if (m.status === "success")
    forms.push({
      title: m.agreementForm === "oral" ? "口头调解协议登记表" : "人民调解协议书",
      no: m.caseNo,
      write: (w) => {
        for (const p of m.parties) w.text(partyLine(p), { gap: 2 });
        w.text("纠纷主要事实、争议事项：", { gap: 2 }).text(m.summary, { indent: 22 });
        w.text("经调解，各方当事人自愿达成如下协议：", { gap: 2 }).text(m.agreementTerms ?? "", { indent: 22 });
        w.rows([
          ["协议形式", AGREEMENT_FORMS.label(m.agreementForm)],
          ["履行方式", m.performanceManner],
          ["履行期限", day(m.performanceDeadline)],
          ["协议金额", yuan(m.agreementAmountFen)],
          ["履行情况", PERFORMANCE_STATUSES.label(m.performance)],
        ]);
        w.signs([...m.parties.map((p) => `${side(p.side)}${p.name}（签名）：`), `人民调解员${mediators}（签名）：`]);
        w.seal(unit, day(m.concludedOn));
      },
    });
  if (m.status === "failed")
    forms.push({
      title: "终止人民调解告知书",
      no: m.caseNo,
      write: (w) => {
        w.text(`${m.parties.map((p) => p.name).join("、")}：`);
        w.text(
          `你们之间的${m.disputeTypeLabel}纠纷，本委员会于${day(m.registeredOn)}受理并进行了调解。${m.failureReason ? `因${m.failureReason}，` : ""}调解未能达成协议，本委员会决定自${day(m.concludedOn)}起终止调解。当事人可以依法通过${m.failureRoute ? FAILURE_ROUTES.label(m.failureRoute) : "仲裁、行政、司法等"}途径维护自己的合法权益。`,
          { indent: 22 },
        );
        w.seal(unit, day(m.concludedOn));
        w.signs(["当事人（签收）："]);
      },
    });
  if (m.status === "withdrawn")
    forms.push({ title: "撤回调解记录", no: m.caseNo, write: (w) => w.rows([["撤回日期", day(m.concludedOn)], ["撤回原因", m.withdrawReason]]).seal(unit) });
  if (m.followups.length)
    forms.push({
      title: "人民调解回访记录",
      no: m.caseNo,
      write: (w) => {
        for (const f of m.followups)
          w.rows([
            ["回访日期", day(f.visitedOn)],
            ["回访人", f.visitor],
            ["履行情况", PERFORMANCE_STATUSES.label(f.performanceFound)],
            ["满意度", SATISFACTION.label(f.satisfaction)],
            ["回访情况", f.notes],
          ]);
        w.signs(["回访人（签名）：", "被回访人（签名）："]);
      },
    });
  return forms;
}

function legalAidForms(c: NonNullable<Awaited<ReturnType<typeof getLegalAid>>>): Form[] {
  const names = c.beneficiaries.map((b) => b.name).join("、");
  const forms: Form[] = [
    {
      title: "法律援助申请表",
      no: c.appNo,
      write: (w) => {
        w.rows([
          ["申请日期", day(c.appliedOn)],
          ["申请人", c.applicantName],
          ["身份证号", c.applicantIdNumber],
          ["联系电话", c.applicantPhone],
        ]);
        for (const b of c.beneficiaries)
          w.text(["受援人：" + b.name, GENDERS.label(b.gender), b.idNumber ? `身份证号：${b.idNumber}` : "", b.phone ? `电话：${b.phone}` : "", b.address ?? ""].filter(Boolean).join("，"), { gap: 2 });
        w.rows([
          ["案件类别", LEGAL_AID_CASE_TYPES.label(c.caseType)],
          ["援助形式", LEGAL_AID_SERVICE_FORMS.label(c.serviceForm)],
          ["案由", c.cause],
          ["申请事项及理由", c.matter],
        ]);
        w.signs(["申请人（签名）：", "受理人（签名）："]);
      },
    },
  ];
  if (c.missingDocsOn)
    forms.push({
      title: "补充材料告知书",
      no: c.appNo,
      write: (w) => {
        w.text(`${c.applicantName}：`);
        w.text(`你于${day(c.appliedOn)}提出的关于${names}${c.cause}一案的法律援助申请，申请材料不齐全，现一次性告知需要补充的材料如下：`, { indent: 22 });
        splitMissingDocs(c.missingDocs).forEach((item, i) => w.text(`${i + 1}. ${item}`, { indent: 44, gap: 2 }));
        w.seal(c.centreName, day(c.missingDocsOn));
        w.signs(["申请人（签收）："]);
      },
    });
  if (c.decidedOn)
    forms.push({
      title: c.status === "refused" ? "不予法律援助决定书" : "给予法律援助决定书",
      no: c.decisionNo,
      write: (w) => {
        w.text(`${c.applicantName}：`);
        w.text(
          c.status === "refused"
            ? `你于${day(c.appliedOn)}提出的关于${names}${c.cause}一案的法律援助申请，经审查，本中心决定不予法律援助。理由：${c.refusalReason ?? ""}`
            : `你于${day(c.appliedOn)}提出的关于${names}${c.cause}一案的法律援助申请，经审查，符合法律援助条件，本中心决定给予法律援助。`,
          { indent: 22 },
        );
        w.seal(c.centreName, day(c.decidedOn));
      },
    });
  for (const a of c.assignments)
    forms.push({
      title: "指派通知书",
      no: a.assignmentNo,
      write: (w) => {
        w.text(`${a.firmName ?? a.providerName}：`);
        w.text(`本中心已决定（${c.decisionNo ?? ""}）对${names}${c.cause}一案提供法律援助，现指派${a.providerName}承办，援助形式为${LEGAL_AID_SERVICE_FORMS.label(c.serviceForm)}。`, { indent: 22 });
        w.seal(c.centreName, day(a.assignedOn));
      },
    });
  if (c.status === "closed")
    forms.push({
      title: "法律援助结案报告",
      no: c.decisionNo,
      write: (w) => {
        w.rows([
          ["结案日期", day(c.closedOn)],
          ["结案情况", LEGAL_AID_OUTCOMES.label(c.outcome)],
          ["挽回或避免经济损失", yuan(c.recoveredFen)],
          ["结案报告", c.closingReport],
        ]);
        w.signs(["承办人（签名）："]);
      },
    });
  if (c.status === "terminated")
    forms.push({
      title: "终止法律援助决定书",
      no: c.decisionNo,
      write: (w) => {
        w.text(`${c.applicantName}：`);
        w.text(
          `因${LEGAL_AID_TERMINATION_REASONS.label(c.terminationReason)}${c.terminationNote ? `（${c.terminationNote}）` : ""}，本中心决定自${day(c.terminatedOn)}起终止对${names}${c.cause}一案的法律援助。`,
          { indent: 22 },
        );
        w.seal(c.centreName, day(c.terminatedOn));
        w.signs(["受援人（签收）："]);
      },
    });
  return forms;
}

/** Builds the archive PDF of a mediation or a legal aid case. */
export async function buildCaseArchive({
  actor,
  caseKind,
  caseId,
  ip,
}: {
  actor: Actor;
  caseKind: DocumentCaseKind;
  caseId: number;
  ip?: string | null;
}): Promise<Result<{ bytes: Uint8Array; fileName: string; pages: number }>> {
  const db = getDb();
  const located = caseKind === "consultation" ? null : await locateCase(db, caseKind, caseId);
  if (!located || !maySeeDocuments(actor, located)) return fail(404, {}, "err.doc.notFound");
  let caseNo: string;
  let facts: [string, string][];
  let forms: Form[];
  if (caseKind === "mediation") {
    const m = await getMediation({ actor, id: caseId, reveal: true, ip });
    if (!m) return fail(404, {}, "err.doc.notFound");
    caseNo = m.caseNo;
    facts = [
      ["调解组织", committee(m.unitName)],
      ["纠纷类型", m.disputeTypeLabel],
      ["受理日期", day(m.registeredOn)],
      ["结案日期", day(m.concludedOn)],
      ["调解结果", MEDIATION_STATUSES.label(m.status)],
    ];
    forms = mediationForms(m);
  } else {
    const c = await getLegalAid({ actor, id: caseId, reveal: true, ip });
    if (!c) return fail(404, {}, "err.doc.notFound");
    caseNo = c.appNo;
    facts = [
      ["法律援助机构", c.centreName],
      ["案由", c.cause],
      ["申请日期", day(c.appliedOn)],
      ["决定书编号", c.decisionNo ?? ""],
      ["案件状态", LEGAL_AID_STATUSES.label(c.status)],
    ];
    forms = legalAidForms(c);
  }
  const docs = await liveDocumentsOf(db, caseKind, caseId);
  const { doc: pdf, font } = await newCjkDocument(`${caseNo} 案卷`);
  const w = new TextWriter(pdf, font);

  // cover and contents
  w.title("案　卷", caseNo);
  w.rows(facts.filter(([, v]) => v) as [string, string][]);
  w.rows([["归档日期", day(todayInChina())], ["归档人", actor.displayName]]);
  w.text("卷内目录", { size: 13, gap: 4 });
  forms.forEach((f, i) => w.text(`${i + 1}. ${f.title}${f.no ? `（${f.no}）` : ""}`, { indent: 22, gap: 1 }));
  docs.forEach((d, i) => w.text(`${forms.length + i + 1}. ${d.title}（${DOCUMENT_KINDS.label(d.kind)}，${d.fileName}）`, { indent: 22, gap: 1 }));

  for (const f of forms) {
    w.title(f.title, f.no);
    f.write(w);
  }

  const store = getBlobStore();
  for (const d of docs) {
    const bytes = await store.get(d.sha256);
    const caption = `${d.title}（${d.fileName}）`;
    const placeholder = (why: string) => {
      w.title(d.title, caseNo);
      w.rows([
        ["文件名", d.fileName],
        ["类别", DOCUMENT_KINDS.label(d.kind)],
        ["大小", `${Math.round(d.sizeBytes / 1024)} KB`],
        ["SHA-256", d.sha256],
        ["说明", why],
      ]);
    };
    if (!bytes) {
      placeholder("文件缺失，请联系系统管理员。");
      continue;
    }
    try {
      if (d.mime === "application/pdf") {
        const src = await PDFDocument.load(bytes, { updateMetadata: false });
        const pages = await pdf.copyPages(src, src.getPageIndices());
        for (const p of pages) pdf.addPage(p);
      } else if (d.mime === "image/jpeg" || d.mime === "image/png") {
        const img = d.mime === "image/jpeg" ? await pdf.embedJpg(bytes) : await pdf.embedPng(bytes);
        w.newPage();
        w.text(caption, { size: 10 });
        const maxW = A4[0] - 112;
        const maxH = w.y - 56;
        const scale = Math.min(maxW / img.width, maxH / img.height, 1);
        w.page.drawImage(img, { x: 56 + (maxW - img.width * scale) / 2, y: w.y - img.height * scale, width: img.width * scale, height: img.height * scale });
      } else {
        placeholder("Office 文件不能并入 PDF，原件保存在系统中（按上列 SHA-256 核对），请另行下载归档。");
      }
    } catch {
      placeholder("文件无法并入 PDF（可能已加密或损坏），原件保存在系统中，请另行下载归档。");
    }
  }

  const bytes = await pdf.save();
  await db.transaction(async (tx) =>
    await audit(tx, {
      userId: actor.id,
      action: "download_archive",
      entity: caseKind === "mediation" ? "mediation" : "legal_aid",
      entityId: caseId,
      unitId: located.unitId,
      after: { documentIds: docs.map((d) => d.id), pages: pdf.getPageCount() },
      ip,
    }),
  );
  return { ok: true, value: { bytes, fileName: `${caseNo}-案卷.pdf`, pages: pdf.getPageCount() } };
}
