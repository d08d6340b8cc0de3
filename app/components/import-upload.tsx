/**
 * The upload form. Without JavaScript it is a plain multipart post to /import; with it, the file goes by XHR to
 * /import/upload so the upload shows a progress bar, and the result appears in place.
 */
import { Form } from "@remix-run/react";
import { useState } from "react";
import { MAX_IMPORT_BYTES } from "~/schemas/import";
import { useT } from "~/utils/i18n";
import { ImportResultPanel, type ImportResultView } from "./import-result";

export function ImportUpload({ initial }: { initial: ImportResultView | null }) {
  const t = useT();
  const [progress, setProgress] = useState<number | null>(null);
  const [phase, setPhase] = useState<"idle" | "uploading" | "checking">("idle");
  const [result, setResult] = useState<ImportResultView | null>(initial);

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    const form = e.currentTarget;
    const input = form.elements.namedItem("file") as HTMLInputElement | null;
    const file = input?.files?.[0];
    if (!file) return; // the server answers the empty post
    e.preventDefault();
    if (file.size > MAX_IMPORT_BYTES) {
      setResult({ ok: false, fileName: file.name, imported: {}, updated: {}, skipped: 0, notices: [], moreIssues: 0, issues: [{ sheet: "", row: null, column: null, message: `文件过大（${(file.size / 1048576).toFixed(1)} MB），上限为 ${(MAX_IMPORT_BYTES / 1048576).toFixed(1)} MB；请分成几个文件导入` }] });
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/import/upload");
    xhr.upload.onprogress = (ev) => ev.lengthComputable && setProgress(Math.round((ev.loaded / ev.total) * 100));
    xhr.upload.onload = () => setPhase("checking");
    xhr.onload = () => {
      setPhase("idle");
      setProgress(null);
      try {
        const body = JSON.parse(xhr.responseText);
        if (body.ok && typeof body.url === "string") {
          window.location.assign(body.url);
          return;
        }
        setResult(body);
      } catch {
        setResult({ ok: false, fileName: file.name, imported: {}, updated: {}, skipped: 0, notices: [], moreIssues: 0, issues: [{ sheet: "", row: null, column: null, message: `上传失败（${xhr.status}）` }] });
      }
    };
    xhr.onerror = () => {
      setPhase("idle");
      setResult({ ok: false, fileName: file.name, imported: {}, updated: {}, skipped: 0, notices: [], moreIssues: 0, issues: [{ sheet: "", row: null, column: null, message: "网络错误，上传未完成" }] });
    };
    setResult(null);
    setPhase("uploading");
    setProgress(0);
    xhr.send(new FormData(form));
  }

  return (
    <>
      <Form method="post" action="/import" encType="multipart/form-data" className="form import-form" onSubmit={onSubmit}>
        <label className="field">
          <span>{t("imp.file")}</span>
          <input type="file" name="file" accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv" required />
        </label>
        <label className="check">
          <input type="checkbox" name="update" value="1" /> {t("imp.updateMode")}
        </label>
        <p className="hint">{t("imp.updateModeHint")}</p>
        <button type="submit" className="button button-primary" disabled={phase !== "idle"}>
          {t("imp.submit")}
        </button>
        {phase !== "idle" ? (
          <div className="import-progress" aria-live="polite">
            <progress max={100} value={phase === "checking" ? undefined : progress ?? 0} aria-label={t("imp.uploading")} />
            <span>{phase === "uploading" ? `${t("imp.uploading")} ${progress ?? 0}%` : t("imp.checking")}</span>
          </div>
        ) : null}
      </Form>
      {result ? <ImportResultPanel result={result} /> : null}
    </>
  );
}
