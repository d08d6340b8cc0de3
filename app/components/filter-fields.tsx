/** Fields of the GET filter forms above the lists (consultations, mediations, legal aid, users). */
import type { ReactNode } from "react";
import { useT } from "~/utils/i18n";
import { UnitPicker, type UnitChoice } from "./unit-picker";

type Option = { value: string | number; label: string };

/** A select with an "all" choice first; `value` is the current filter. */
export function FilterSelect({
  name,
  label,
  value,
  options,
  allLabel,
}: {
  name: string;
  label: ReactNode;
  value: string | number | null | undefined;
  options: Option[];
  /** the empty choice's label ("全部" by default); null for no empty choice */
  allLabel?: string | null;
}) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor={`q-${name}`}>{label}</label>
      <select id={`q-${name}`} name={name} defaultValue={value ?? ""}>
        {allLabel === null ? null : <option value="">{allLabel ?? t("common.all")}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function FilterDate({ name, label, value }: { name: string; label: ReactNode; value: string | null | undefined }) {
  return (
    <div className="field">
      <label htmlFor={`q-${name}`}>{label}</label>
      <input id={`q-${name}`} type="date" name={name} defaultValue={value ?? undefined} />
    </div>
  );
}

/** The period: from and to. */
export function FilterPeriod({ from, to }: { from: string | null | undefined; to: string | null | undefined }) {
  const t = useT();
  return (
    <>
      <FilterDate name="from" label={t("common.from")} value={from} />
      <FilterDate name="to" label={t("common.to")} value={to} />
    </>
  );
}

/**
 * The unit filter: the unit picker (search, browse on demand; a search page without JavaScript), "all" allowed.
 * `value` is the chosen unit from the loader (getUnitChoice), null for all of the actor's subtree.
 */
export function FilterUnit({ value, note }: { value: UnitChoice | null; note?: ReactNode }) {
  const t = useT();
  return (
    <UnitPicker
      name="unit"
      label={
        <>
          {t("common.unit")} {note ? <span className="muted small">（{note}）</span> : null}
        </>
      }
      value={value}
      allowEmpty
    />
  );
}
