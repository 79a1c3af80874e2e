"use client";

import {
  Bar,
  CartesianGrid,
  Cell,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

export interface ChartPoint {
  label: string;
  longLabel: string;
  value: number | null;
  previous: number | null;
  complete: boolean;
}

const BRAND = "#0b6249";
const INCOMPLETE = "#b45309";
const PREVIOUS = "#64748b";

/**
 * The usage bars, with the previous period as a line. Loaded only on pages that show a chart;
 * the same figures are always available as a table.
 */
export default function UsageChart({
  points,
  format,
  previousLabel,
  summary,
}: {
  points: ChartPoint[];
  format: (value: number) => string;
  previousLabel: string;
  summary: string;
}) {
  return (
    <div className="h-72 w-full" role="img" aria-label={summary}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart
          data={points}
          margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis
            dataKey="label"
            tick={{ fontSize: 12, fill: "#334155" }}
            interval="preserveStartEnd"
            minTickGap={16}
          />
          <YAxis
            tick={{ fontSize: 12, fill: "#334155" }}
            width={64}
            tickFormatter={(v: number) => format(v)}
          />
          <Tooltip
            formatter={(value, name) => [
              typeof value === "number" ? format(value) : "—",
              name === "previous" ? previousLabel : "This period",
            ]}
            labelFormatter={(_label, payload) => {
              const point = payload?.[0]?.payload as ChartPoint | undefined;
              return point
                ? `${point.longLabel}${point.complete ? "" : " (readings missing)"}`
                : "";
            }}
          />
          <Bar dataKey="value" name="value" isAnimationActive={false} radius={[3, 3, 0, 0]}>
            {points.map((p) => (
              <Cell key={p.longLabel} fill={p.complete ? BRAND : INCOMPLETE} />
            ))}
          </Bar>
          <Line
            dataKey="previous"
            name="previous"
            stroke={PREVIOUS}
            strokeDasharray="4 3"
            dot={false}
            isAnimationActive={false}
            connectNulls
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
