/**
 * The monthly charts (recharts). A `.client` module: the server build gets an empty module, and the report page
 * loads this with a dynamic import once JavaScript runs, so recharts is fetched only by the report page.
 */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type MonthPoint = { label: string; consultation: number; accepted: number; successful: number };

export default function ReportChart({
  data,
  labels,
}: {
  data: MonthPoint[];
  labels: { consultationTitle: string; mediationTitle: string; consultation: string; accepted: string; successful: string };
}) {
  return (
    <div className="report-charts" aria-hidden="true">
      <figure>
        <figcaption>{labels.consultationTitle}</figcaption>
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 12 }} />
            <YAxis allowDecimals={false} width={48} tick={{ fontSize: 12 }} />
            <Tooltip />
            <Bar dataKey="consultation" name={labels.consultation} fill="#1f5f8b" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <figure>
        <figcaption>{labels.mediationTitle}</figcaption>
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 12 }} />
            <YAxis allowDecimals={false} width={48} tick={{ fontSize: 12 }} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="accepted" name={labels.accepted} fill="#8aa8c2" isAnimationActive={false} />
            <Bar dataKey="successful" name={labels.successful} fill="#2e7d32" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}
