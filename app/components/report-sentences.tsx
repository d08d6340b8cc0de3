/** The ready-to-paste sentences: plain selectable text, with a copy button once JavaScript runs. */
import { useRef, useState } from "react";
import { useHydrated } from "~/utils/use-hydrated";
import { useT } from "~/utils/i18n";

async function copyText(text: string, node: HTMLElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the selection copy (plain-HTTP intranet pages have no clipboard API)
  }
  if (!node) return false;
  const range = document.createRange();
  range.selectNodeContents(node);
  const sel = window.getSelection();
  sel?.removeAllRanges();
  sel?.addRange(range);
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  }
}

function Sentence({ text, id }: { text: string; id: string }) {
  const t = useT();
  const hydrated = useHydrated();
  const ref = useRef<HTMLParagraphElement>(null);
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <li className="report-sentence">
      {/* the annual report's own wording: Chinese in either language (it is pasted into the Chinese report) */}
      <p id={id} ref={ref} className="report-sentence-text" lang="zh-CN">
        {text}
      </p>
      {hydrated ? (
        <span className="report-sentence-tools no-print">
          <button
            type="button"
            className="secondary small"
            aria-describedby={id}
            onClick={async () => {
              const ok = await copyText(text, ref.current);
              setState(ok ? "copied" : "failed");
              window.setTimeout(() => setState("idle"), 2500);
            }}
          >
            {t("report.copy")}
          </button>
          <span role="status" className="small muted">
            {state === "copied" ? t("report.copied") : state === "failed" ? t("report.copyFailed") : ""}
          </span>
        </span>
      ) : null}
    </li>
  );
}

export function ReportSentences({ sentences }: { sentences: Array<{ key: string; text: string }> }) {
  const t = useT();
  return (
    <section aria-labelledby="h-sentences" className="report-sentences card">
      <h2 id="h-sentences">{t("report.sentences")}</h2>
      <p className="muted small no-print">{t("report.sentencesNote")}</p>
      <ul>
        {sentences.map((s) => (
          <Sentence key={s.key} id={`sentence-${s.key}`} text={s.text} />
        ))}
      </ul>
    </section>
  );
}
