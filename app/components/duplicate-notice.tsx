/**
 * The likely-duplicate warning of a registration form (a dispute, a legal aid application): the open records of
 * the same person in the county, and a button that posts the form again with `confirmDuplicate=1`. Nothing is
 * saved until the user decides; everything typed stays in the form.
 */
import { Link } from "@remix-run/react";

export type DuplicateRow = { id: number; href: string | null; cells: string[] };

export function DuplicateNotice({
  title,
  hint,
  headers,
  rows,
  confirmLabel,
  busy,
}: {
  title: string;
  hint: string;
  /** column headers; the first column is the record's number, linked when the record is in reach */
  headers: string[];
  rows: DuplicateRow[];
  confirmLabel: string;
  busy: boolean;
}) {
  return (
    <div className="notice warn med-duplicates" role="alert">
      <strong>{title}</strong>
      <p>{hint}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              {headers.map((h) => (
                <th key={h}>{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                {r.cells.map((c, i) => (
                  <td key={i}>
                    {i === 0 && r.href ? (
                      <Link to={r.href} target="_blank" rel="noreferrer">
                        {c}
                      </Link>
                    ) : (
                      c
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="actions">
        <button type="submit" name="confirmDuplicate" value="1" className="primary" disabled={busy}>
          {confirmLabel}
        </button>
      </div>
    </div>
  );
}
