import type { ReadingBucketItem } from "@/db/queries/readings";

export interface TableRow {
  bucket: ReadingBucketItem;
  label: string;
  usage: string;
  energyCost: string | null;
  standingCharge: string | null;
  cost: string | null;
}

/** The same figures as the chart, as an accessible table. */
export function UsageTable({
  rows,
  unitLabel,
  showCost,
}: {
  rows: TableRow[];
  unitLabel: string;
  showCost: boolean;
}) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Usage for each period in the range</caption>
        <thead className="text-slate-700">
          <tr className="border-b border-slate-200">
            <th scope="col" className="py-2 pr-3 font-semibold">
              Period
            </th>
            <th scope="col" className="py-2 pr-3 text-right font-semibold">
              Usage ({unitLabel})
            </th>
            {showCost ? (
              <>
                <th scope="col" className="py-2 pr-3 text-right font-semibold">
                  Energy
                </th>
                <th scope="col" className="py-2 pr-3 text-right font-semibold">
                  Standing charge
                </th>
                <th scope="col" className="py-2 pr-3 text-right font-semibold">
                  Cost
                </th>
              </>
            ) : null}
            <th scope="col" className="py-2 font-semibold">
              Readings
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map(({ bucket, label, usage, energyCost, standingCharge, cost }) => (
            <tr key={bucket.start} data-testid="usage-row">
              <th scope="row" className="py-2 pr-3 font-normal">
                {label}
              </th>
              <td className="py-2 pr-3 text-right tabular-nums">{usage}</td>
              {showCost ? (
                <>
                  <td className="py-2 pr-3 text-right tabular-nums">{energyCost ?? "—"}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{standingCharge ?? "—"}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{cost ?? "—"}</td>
                </>
              ) : null}
              <td className="py-2">
                {bucket.complete ? (
                  "Complete"
                ) : (
                  <span className="font-medium text-amber-800">
                    {bucket.reads} of {bucket.expectedReads}
                    {bucket.reads < bucket.expectedReads
                      ? ` (${bucket.expectedReads - bucket.reads} missing)`
                      : " (includes missed time)"}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
