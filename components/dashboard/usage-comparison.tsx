import { Card, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import {
  describeChange,
  formatDate,
  formatQuantity,
  meterTypeName,
  percentChange,
} from "@/lib/format";
import type { CustomerSummary } from "@/lib/schemas/types";

/** "12% higher than the previous period", or "the same as" it. */
function comparedWords(change: number, currency: string | null | undefined): string {
  const words = describeChange(change, currency);
  return words === "the same"
    ? "the same as the previous period"
    : `${words} than the previous period`;
}

/**
 * This window against the one before, per meter type. Plain SVG bars rendered on the server: a
 * chart library would cost the dashboard its JavaScript budget for two bars per type.
 */
export function UsageComparison({ summary }: { summary: CustomerSummary }) {
  const types = Object.keys(summary.usageByType).sort();
  const { currency } = summary;
  const lastDay = (to: string) =>
    formatDate(
      new Date(Date.parse(`${to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10),
      currency,
    );
  return (
    <Card aria-labelledby="usage-title">
      <CardTitle id="usage-title">Usage this period</CardTitle>
      <p className="-mt-2 mb-3 text-sm text-slate-600">
        {formatDate(summary.window.from, currency)} to {lastDay(summary.window.to)}, compared with
        the{" "}
        {Math.round((Date.parse(summary.window.to) - Date.parse(summary.window.from)) / 86_400_000)}{" "}
        days before
      </p>
      {types.length === 0 ? (
        <EmptyState title="No usage to show">
          Your role on these accounts does not include usage.
        </EmptyState>
      ) : (
        <ul className="space-y-4">
          {types.map((type) => {
            const current = summary.usageByType[type];
            const previous = summary.previous.usageByType[type];
            if (!current) return null;
            const max = Math.max(current.usage, previous?.usage ?? 0, 1);
            const change = percentChange(current.usage, previous?.usage ?? 0);
            return (
              <li key={type} data-testid={`usage-${type}`}>
                <div className="flex items-baseline justify-between gap-2">
                  <span className="font-medium">{meterTypeName(type)}</span>
                  <span className="text-sm tabular-nums text-slate-700">
                    {formatQuantity(current.usage, current.unit, currency)}
                    {change === null ? "" : ` (${comparedWords(change, currency)})`}
                  </span>
                </div>
                <svg
                  role="img"
                  aria-label={`${meterTypeName(type)}: ${formatQuantity(current.usage, current.unit)} this period, ${formatQuantity(previous?.usage ?? 0, current.unit)} the period before`}
                  viewBox="0 0 100 14"
                  preserveAspectRatio="none"
                  className="mt-1 h-7 w-full"
                >
                  <rect
                    x="0"
                    y="0"
                    height="6"
                    width={(current.usage / max) * 100}
                    className="fill-brand-700"
                  />
                  <rect
                    x="0"
                    y="8"
                    height="6"
                    width={((previous?.usage ?? 0) / max) * 100}
                    className="fill-slate-400"
                  />
                </svg>
              </li>
            );
          })}
        </ul>
      )}
      <p className="mt-3 flex gap-4 text-xs text-slate-600" aria-hidden="true">
        <span className="flex items-center gap-1">
          <span className="inline-block h-2 w-4 bg-brand-700" /> This period
        </span>
        <span className="flex items-center gap-1">
          <span className="inline-block h-2 w-4 bg-slate-400" /> Previous period
        </span>
      </p>
    </Card>
  );
}
