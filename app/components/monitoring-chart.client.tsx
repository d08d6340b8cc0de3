/**
 * The monitoring trend chart (recharts): this year against last, month by month. A `.client` module loaded with a
 * dynamic import by the dashboard only, so recharts is fetched by no other page.
 */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type TrendPoint = { label: string; thisYear: number | null; lastYear: number };

export default function MonitoringChart({ data, labels }: { data: TrendPoint[]; labels: { thisYear: string; lastYear: string } }) {
  return (
    <div className="monitoring-chart" aria-hidden="true">
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} width={48} tick={{ fontSize: 12 }} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line type="monotone" dataKey="lastYear" name={labels.lastYear} stroke="#8aa8c2" strokeWidth={2} dot={false} isAnimationActive={false} />
          <Line type="monotone" dataKey="thisYear" name={labels.thisYear} stroke="#1f5f8b" strokeWidth={2} connectNulls={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
