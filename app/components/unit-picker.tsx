/**
 * The unit picker: the chosen unit (name and place in the tree) in a hidden input named like the old select, a
 * combobox that searches the actor's subtree as one types (name, code, pinyin initials: ysz → 猗氏镇; ARIA
 * combobox pattern: ↓/↑ move, Enter chooses, Escape closes), and a tree to browse whose levels load when opened.
 * Never the whole tree in the page. Without JavaScript it shows the chosen unit and a link to the search page
 * (/units/search), which returns to this page with the unit chosen and the other parameters kept.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { Link, useLocation } from "@remix-run/react";
import type { UnitHit } from "~/models/unit-search.server";
import { searchPageHref } from "~/schemas/unit-picker";
import { UNIT_LEVELS } from "~/schemas/enums/units";
import { useHydrated } from "~/utils/use-hydrated";
import { useErrorText, useLocale, useT } from "~/utils/i18n";

/** What the picker shows as chosen (UnitHit from the loader, via getUnitChoice). */
export type UnitChoice = Pick<UnitHit, "id" | "name" | "trail" | "active"> & Partial<UnitHit>;

type Reg = { onChange?: (e: { target: { name: string; value: string }; type: string }) => unknown; name?: string; ref?: unknown };

function jsonUrl(params: Record<string, string | number | undefined | null | boolean>) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== false) p.set(k, v === true ? "1" : String(v));
  return `/units/search.json?${p}`;
}

async function getJson<T>(url: string, signal?: AbortSignal): Promise<{ ok: true; data: T } | { ok: false; error: string }> {
  const res = await fetch(url, { signal, headers: { Accept: "application/json" }, credentials: "same-origin" });
  const body = await res.json().catch(() => ({}));
  return res.ok ? { ok: true, data: body as T } : { ok: false, error: String((body as { error?: string }).error ?? res.status) };
}

function Trail({ u }: { u: { trail: string[]; active: boolean; level?: string } }) {
  const t = useT();
  const locale = useLocale();
  const level = u.level ? UNIT_LEVELS.label(u.level, locale) : null;
  return (
    <span className="muted small">
      {level}
      {level && u.trail.length ? " · " : null}
      {u.trail.length ? <span data-user-text="">{u.trail.join(" › ")}</span> : null}
      {u.active ? "" : t("common.paren", { x: t("common.inactive") })}
    </span>
  );
}

export function UnitPicker({
  name,
  label,
  value,
  allowEmpty = false,
  emptyLabel,
  activeOnly = false,
  error,
  hint,
  reg,
  onPick,
  autoFocus,
}: {
  /** the form field: the same name the loader or action reads */
  name: string;
  label: ReactNode;
  value: UnitChoice | null;
  /** a filter: "any unit" is a choice (the empty value) */
  allowEmpty?: boolean;
  /** what the empty choice means ("全部" for a filter by default) */
  emptyLabel?: string;
  /** only active units can be chosen (forms that create or move) */
  activeOnly?: boolean;
  /** an error message key (as the form fields take) */
  error?: string | null;
  hint?: ReactNode;
  /** react-hook-form's register(name): told of every choice */
  reg?: Reg;
  onPick?: (u: UnitChoice | null) => void;
  autoFocus?: boolean;
}) {
  const t = useT();
  const errorText = useErrorText();
  const hydrated = useHydrated();
  const location = useLocation();
  const uid = useId().replace(/:/g, "");
  const inputId = `up-${name}-${uid}`;
  const listId = `${inputId}-list`;
  const errorId = `${inputId}-error`;
  const [chosen, setChosen] = useState<UnitChoice | null>(value);
  const [text, setText] = useState("");
  const [hits, setHits] = useState<UnitHit[]>([]);
  const [more, setMore] = useState(false);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState<"idle" | "loading" | "error" | "done">("idle");
  const [message, setMessage] = useState("");
  const [treeOpen, setTreeOpen] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  // a new value from the loader (the filter was applied, another page) replaces the choice
  useEffect(() => setChosen(value), [value?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    const q = text.trim();
    abort.current?.abort();
    if (!q) {
      setHits([]);
      setStatus("idle");
      setOpen(false);
      return;
    }
    const ctrl = new AbortController();
    abort.current = ctrl;
    setStatus("loading");
    const timer = setTimeout(async () => {
      try {
        const r = await getJson<{ hits: UnitHit[]; more: boolean }>(jsonUrl({ q, active: activeOnly }), ctrl.signal);
        if (ctrl.signal.aborted) return;
        if (r.ok) {
          setHits(r.data.hits);
          setMore(r.data.more);
          setActive(r.data.hits.length ? 0 : -1);
          setStatus("done");
        } else {
          setHits([]);
          setMessage(r.error);
          setStatus("error");
        }
        setOpen(true);
      } catch {
        if (!ctrl.signal.aborted) {
          setStatus("error");
          setMessage(t("unitPicker.failed"));
        }
      }
    }, 150);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [text, activeOnly, t]);

  const pick = (u: UnitChoice | null) => {
    setChosen(u);
    setText("");
    setOpen(false);
    setTreeOpen(false);
    reg?.onChange?.({ target: { name, value: u ? String(u.id) : "" }, type: "change" });
    onPick?.(u);
    inputRef.current?.focus();
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      if (!open && hits.length) setOpen(true);
      setActive((i) => (hits.length ? (i + 1) % hits.length : -1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((i) => (hits.length ? (i <= 0 ? hits.length - 1 : i - 1) : -1));
    } else if (e.key === "Enter") {
      if (open && active >= 0 && hits[active]) {
        e.preventDefault();
        pick(hits[active]);
      } else if (text.trim()) {
        e.preventDefault(); // a half-typed search never submits the form
      }
    } else if (e.key === "Escape") {
      if (open) {
        e.preventDefault();
        setOpen(false);
      } else if (text) {
        e.preventDefault();
        setText("");
      }
    }
  };

  const current = (
    <p className="unit-picker-current" id={`${inputId}-current`}>
      <span className="muted small">{t("unitPicker.current")}</span>
      {chosen ? (
        <>
          <strong data-user-text>{chosen.name}</strong> <Trail u={chosen} />
        </>
      ) : (
        <strong>{allowEmpty ? (emptyLabel ?? t("common.all")) : t("unitPicker.none")}</strong>
      )}
    </p>
  );
  const hidden = <input type="hidden" name={name} value={chosen ? String(chosen.id) : ""} />;
  const errorLine = error ? (
    <p className="field-error" id={errorId} role="alert">
      {errorText(error)}
    </p>
  ) : null;

  if (!hydrated) {
    return (
      <div className="field unit-picker" role="group" aria-labelledby={`${inputId}-label`}>
        <span className="label" id={`${inputId}-label`}>
          {label}
        </span>
        {hidden}
        {current}
        <Link to={searchPageHref({ field: name, returnTo: `${location.pathname}${location.search}`, active: activeOnly, empty: allowEmpty })}>
          {chosen ? t("unitPicker.change") : t("unitPicker.choose")}
        </Link>
        {hint ? <span className="hint">{hint}</span> : null}
        {errorLine}
      </div>
    );
  }

  const optionId = (i: number) => `${inputId}-opt-${i}`;
  return (
    <div className="field unit-picker">
      <label htmlFor={inputId}>{label}</label>
      {hidden}
      {current}
      <div className="unit-picker-box">
        <input
          ref={inputRef}
          id={inputId}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={open && active >= 0 ? optionId(active) : undefined}
          aria-describedby={[`${inputId}-current`, `${inputId}-hint`, error ? errorId : ""].filter(Boolean).join(" ")}
          aria-invalid={error ? true : undefined}
          placeholder={t("unitPicker.searchHint")}
          autoComplete="off"
          maxLength={40}
          value={text}
          autoFocus={autoFocus}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onFocus={() => hits.length && text.trim() && setOpen(true)}
        />
        <ul id={listId} role="listbox" aria-label={t("unitPicker.results")} className="unit-picker-list" hidden={!open}>
          {hits.map((u, i) => (
            <li
              key={u.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className={i === active ? "active" : undefined}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(u)}
            >
              {u.name} <Trail u={u} />
            </li>
          ))}
        </ul>
        <span className="sr-only" role="status" aria-live="polite">
          {status === "loading" ? t("unitPicker.loading") : status === "done" && hits.length ? t("unitPicker.count", { n: hits.length }) : ""}
        </span>
        {open && status === "done" && hits.length === 0 ? (
          <p className="muted small" role="status">
            {t("unitPicker.noMatch", { q: text.trim() })}
          </p>
        ) : null}
        {open && status === "done" && more ? <p className="muted small">{t("unitPicker.more", { n: hits.length })}</p> : null}
        {status === "error" ? (
          <p className="field-error" role="alert">
            {message}
          </p>
        ) : null}
      </div>
      <span className="hint" id={`${inputId}-hint`}>
        {hint ? <>{hint} </> : null}
      </span>
      <div className="actions small">
        <button type="button" className="link-button" aria-expanded={treeOpen} aria-controls={`${inputId}-tree`} onClick={() => setTreeOpen((o) => !o)}>
          {treeOpen ? t("unitPicker.hideBrowse") : t("unitPicker.browse")}
        </button>
        {allowEmpty && chosen ? (
          <button type="button" className="link-button" onClick={() => pick(null)}>
            {emptyLabel ?? t("unitPicker.clear")}
          </button>
        ) : null}
      </div>
      {treeOpen ? (
        <div id={`${inputId}-tree`}>
          <UnitTreeLevel unitId={null} activeOnly={activeOnly} onPick={pick} />
        </div>
      ) : null}
      {errorLine}
    </div>
  );
}

/** One level of the browsable tree: a unit's children (the actor's unit and its children at the top), each expandable. */
function UnitTreeLevel({ unitId, activeOnly, onPick }: { unitId: number | null; activeOnly: boolean; onPick: (u: UnitHit) => void }) {
  const t = useT();
  const [data, setData] = useState<{ parent: UnitHit; children: UnitHit[] } | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    const ctrl = new AbortController();
    getJson<{ parent: UnitHit; children: UnitHit[] }>(jsonUrl({ under: unitId, active: activeOnly }), ctrl.signal)
      .then((r) => (r.ok ? setData(r.data) : setError(r.error)))
      .catch(() => !ctrl.signal.aborted && setError(t("unitPicker.failed")));
    return () => ctrl.abort();
  }, [unitId, activeOnly, t]);
  if (error) return <p className="field-error">{error}</p>;
  if (!data) return <p className="muted small">{t("unitPicker.loading")}</p>;
  const nodes = unitId === null ? [data.parent] : data.children;
  return (
    <ul className="unit-tree" aria-label={unitId === null ? t("unitPicker.tree") : undefined}>
      {nodes.map((u) => (
        <UnitTreeNode key={u.id} u={u} activeOnly={activeOnly} onPick={onPick} startOpen={unitId === null} />
      ))}
    </ul>
  );
}

function UnitTreeNode({ u, activeOnly, onPick, startOpen }: { u: UnitHit; activeOnly: boolean; onPick: (u: UnitHit) => void; startOpen: boolean }) {
  const t = useT();
  const [open, setOpen] = useState(startOpen && u.hasChildren);
  return (
    <li>
      {u.hasChildren ? (
        <button type="button" className="link-button tree-toggle" aria-expanded={open} aria-label={t(open ? "unitPicker.collapse" : "unitPicker.expand", { name: u.name })} onClick={() => setOpen((o) => !o)}>
          {open ? "▾" : "▸"}
        </button>
      ) : (
        <span className="tree-toggle" aria-hidden="true">
          ·
        </span>
      )}{" "}
      <button type="button" className="link-button" aria-label={t("unitPicker.pickNamed", { name: u.name })} onClick={() => onPick(u)}>
        {u.name}
      </button>
      {u.active ? null : <span className="muted small">{t("common.paren", { x: t("common.inactive") })}</span>}
      {open ? <UnitTreeLevel unitId={u.id} activeOnly={activeOnly} onPick={onPick} /> : null}
    </li>
  );
}
