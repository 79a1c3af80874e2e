import { Card, CardTitle } from "@/components/ui/card";
import type { CustomerSummary } from "@/lib/schemas/types";

export function CountsCard({ summary }: { summary: CustomerSummary }) {
  const items = [
    ["Accounts", summary.totalAccounts],
    ["Premises", summary.totalPremises],
    ["Meters", summary.totalMeters],
  ] as const;
  return (
    <Card aria-labelledby="counts-title">
      <CardTitle id="counts-title">At a glance</CardTitle>
      <dl className="grid grid-cols-3 gap-3 text-center">
        {items.map(([label, value]) => (
          <div key={label} className="rounded-lg bg-slate-50 py-3">
            <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">{label}</dt>
            <dd
              className="text-2xl font-bold tabular-nums"
              data-testid={`count-${label.toLowerCase()}`}
            >
              {value}
            </dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}
