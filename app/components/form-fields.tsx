/**
 * Form building blocks. Each takes the field's name, its error (a message key) and the props of react-hook-form's
 * `register` when JavaScript runs; `defaultValue`/`defaultChecked` are rendered too, so the form works without it.
 */
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";
import { useErrorText } from "~/utils/i18n";

export function FieldError({ id, message }: { id: string; message?: string | null }) {
  const text = useErrorText()(message);
  return text ? (
    <p id={id} className="field-error" role="alert">
      {text}
    </p>
  ) : null;
}

type Common = { name: string; label: ReactNode; error?: string | null; hint?: ReactNode; reg?: UseFormRegisterReturn };

export function TextField({ name, label, error, hint, reg, ...input }: Common & InputHTMLAttributes<HTMLInputElement>) {
  const id = `f-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="text"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        {...input}
        {...reg}
      />
      {hint ? (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      ) : null}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

export function TextArea({ name, label, error, hint, reg, ...input }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = `f-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : `${id}-hint`} {...input} {...reg} />
      {hint ? (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      ) : null}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

export function SelectField({
  name,
  label,
  error,
  hint,
  reg,
  options,
  placeholder,
  ...select
}: Common &
  SelectHTMLAttributes<HTMLSelectElement> & {
    /** options with a depth are a unit tree: their labels are unit names (user data, shown as they are) */
    options: Array<{ value: string | number; label: string; depth?: number; user?: boolean }>;
    placeholder?: string;
  }) {
  const id = `f-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...select} {...reg}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value} data-user-text={o.user || o.depth !== undefined ? "" : undefined}>
            {o.depth ? "\u3000".repeat(o.depth) : ""}
            {o.label}
          </option>
        ))}
      </select>
      {hint ? <span className="hint">{hint}</span> : null}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** A radio or checkbox group shown as chips; arrow keys move within a radio group. */
export function ChoiceGroup({
  name,
  label,
  error,
  reg,
  options,
  type = "radio",
  defaultValue,
  autoFocus,
}: Common & {
  options: Array<{ value: string; label: string }>;
  type?: "radio" | "checkbox";
  defaultValue?: string | string[] | null;
  autoFocus?: boolean;
}) {
  const id = `f-${name}`;
  const checked = new Set(Array.isArray(defaultValue) ? defaultValue : defaultValue ? [defaultValue] : []);
  const focusIndex = autoFocus ? Math.max(0, options.findIndex((o) => checked.has(o.value))) : -1;
  return (
    <fieldset className="field" aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{label}</legend>
      <div className="chips" id={id}>
        {options.map((o, i) => (
          <label className="chip" key={o.value}>
            <input type={type} name={name} value={o.value} defaultChecked={checked.has(o.value)} autoFocus={i === focusIndex} {...reg} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      <FieldError id={`${id}-error`} message={error} />
    </fieldset>
  );
}

export function FormNotice({ kind, children }: { kind: "ok" | "error" | "warn"; children: ReactNode }) {
  return (
    <div className={`notice ${kind}`} role={kind === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}
