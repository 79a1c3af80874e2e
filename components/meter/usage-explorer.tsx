"use client";

import dynamic from "next/dynamic";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useSearchState } from "@/components/use-search-state";
import type { MeterTariff } from "@/db/queries/meter-tariff";
import {
  describeChange,
  formatDate,
  formatInstant,
  formatMoney,
  formatQuantity,
  localeFor,
} from "@/lib/format";
import type { MeterDetail } from "@/lib/schemas/types";
import { alignBySlot, type Comparison, compareWindows, MIN_COVERAGE } from "@/lib/usage-compare";
import { lastDayOf, type RangePreset, resolveRange } from "@/lib/usage-range";
import { bucketLabel } from "./bucket-label";
import { RangeControls, Segmented } from "./range-controls";
import { type BucketPage, readingsUrl, useUsageWindows } from "./usage-data";
import { UsageTable } from "./usage-table";

const UsageChart = dynamic(() => import("./usage-chart"), {
  ssr: false,
  loading: () => <Skeleton className="h-72 w-full" />,
});

/**
 * How this period compares, in words: the change over the part of the period both have complete
 * readings for, with that part stated when it is not the whole; no percentage when either
 * covers less than MIN_COVERAGE of its period.
 */
function comparisonWords(c: Comparison, currency: string | null | undefined): string {
  if (c.change === null) {
    const side = c.coverage.current < MIN_COVERAGE ? "this period" : "that period";
    return c.coverage.current < MIN_COVERAGE || c.coverage.other < MIN_COVERAGE
      ? `not compared: readings cover too little of ${side}`
      : "not compared";
  }
  const words = `${describeChange(c.change, currency)} now`;
  if (c.coverage.compared >= 0.995) return words;
  const share = new Intl.NumberFormat(localeFor(currency), { style: "percent" }).format(
    c.coverage.compared,
  );
  return `${words}, over the ${share} of the period both have readings for`;
}

const downloadLink =
  "inline-flex min-h-11 items-center rounded-md border border-slate-400 px-3 text-sm font-semibold hover:bg-slate-100";

export function UsageExplorer({
  meter,
  tariff,
  defaultEnd,
}: {
  meter: MeterDetail;
  tariff: MeterTariff;
  defaultEnd: string;
}) {
  const { params, update: navigate } = useSearchState();
  const range = resolveRange({
    range: params.get("range"),
    end: params.get("end"),
    from: params.get("from"),
    to: params.get("to"),
    defaultEnd,
    defaultPreset: meter.isSmart ? "week" : "year",
  });
  const canCost = tariff.periods.length > 0;
  const showCost = canCost && params.get("unit") === "cost";
  const view = params.get("view") === "table" ? "table" : "chart";
  const { current, previous, lastYear } = useUsageWindows(meter.meterId, range);
  const tz = meter.timezone;
  const currency = meter.currency;

  // Cost is priced by the server: the energy at the unit rate plus the standing charge per day.
  const bucketValue = (b: BucketPage["buckets"][number]): number | null =>
    showCost ? b.cost : b.consumption;
  const total = (page: BucketPage | undefined): number | null => {
    if (!page || page.buckets.length === 0) return null;
    return showCost ? page.summary.cost : page.summary.consumption;
  };
  const format = (value: number | null) =>
    showCost ? formatMoney(value, currency) : formatQuantity(value, meter.unit, currency);

  const page = current.data;
  const currentSide = { window: { from: range.from, to: range.to }, buckets: page?.buckets ?? [] };
  // The previous period's line meets each bar in the same calendar slot, not the same position.
  const alignedPrevious = alignBySlot(
    currentSide.buckets,
    currentSide.window,
    previous.data?.buckets ?? [],
    range.previous,
    tz,
    range.groupBy,
  );
  const points = currentSide.buckets.map((b, i) => {
    const before = alignedPrevious[i];
    return {
      label: bucketLabel(b, range.groupBy, tz, currency),
      longLabel: bucketLabel(b, range.groupBy, tz, currency, true),
      value: bucketValue(b),
      previous: before ? bucketValue(before) : null,
      complete: b.complete,
    };
  });
  const totals = { current: total(page) };
  const comparison = (other: BucketPage | undefined, window: { from: string; to: string }) => {
    const otherTotal = total(other);
    if (totals.current === null || otherTotal === null || !other) return "not available";
    const c = compareWindows(
      currentSide,
      { window, buckets: other.buckets },
      tz,
      range.groupBy,
      bucketValue,
    );
    return `${format(otherTotal)} (${comparisonWords(c, currency)})`;
  };
  const lastDay = lastDayOf(range);

  return (
    <div className="space-y-4">
      <Card aria-labelledby="range-title">
        <h2 id="range-title" className="sr-only">
          Choose what to show
        </h2>
        <RangeControls
          key={`${range.from}-${range.to}`}
          range={range}
          lastDay={lastDay}
          onPreset={(preset: RangePreset) =>
            navigate(
              preset === "custom"
                ? { range: "custom", from: range.from, to: lastDay, end: null }
                : { range: preset, end: lastDay, from: null, to: null },
            )
          }
          onStep={(end) => navigate({ end })}
          onCustom={(from, to) => navigate({ range: "custom", from, to, end: null })}
        />
        <div className="mt-3 flex flex-wrap items-center gap-3">
          <Segmented
            label="Show as"
            options={[
              { value: "energy", label: meter.unit === "m3" ? "m³" : meter.unit },
              { value: "cost", label: "Cost", disabled: !canCost },
            ]}
            value={showCost ? "cost" : "energy"}
            onChange={(unit) => navigate({ unit: unit === "cost" ? "cost" : null })}
          />
          <Segmented
            label="View"
            options={[
              { value: "chart", label: "Chart" },
              { value: "table", label: "Table" },
            ]}
            value={view}
            onChange={(v) => navigate({ view: v === "table" ? "table" : null })}
          />
          <a
            href={readingsUrl(meter.meterId, range, range.groupBy, "csv")}
            download
            className={downloadLink}
          >
            Download CSV
          </a>
          <a
            href={readingsUrl(meter.meterId, range, range.groupBy, "atom")}
            download
            className={downloadLink}
            aria-label="Download Green Button data for this period"
          >
            Green Button
          </a>
        </div>
        {canCost ? null : (
          <p className="mt-2 text-sm text-slate-600">
            Cost is shown for meters priced on a tariff held with us.
          </p>
        )}
      </Card>

      <Card aria-labelledby="usage-heading">
        <h2 id="usage-heading" className="text-base font-semibold" data-testid="range-heading">
          {formatDate(range.from, currency, "long")}
          {lastDay === range.from ? "" : ` – ${formatDate(lastDay, currency, "long")}`}
        </h2>
        {current.isPending ? (
          <div className="mt-3 space-y-3" aria-busy="true">
            <Skeleton className="h-6 w-72" />
            <Skeleton className="h-72 w-full" />
          </div>
        ) : current.isError ? (
          <div role="alert" className="mt-3">
            <p className="text-red-800">Usage could not be loaded.</p>
            <Button variant="secondary" className="mt-2" onClick={() => current.refetch()}>
              Try again
            </Button>
          </div>
        ) : !page || page.buckets.length === 0 ? (
          <div className="mt-3" data-testid="no-data">
            <EmptyState title="Data not yet available">
              {range.to <= meter.installDate
                ? `This is before the meter's history: it was installed on ${formatDate(meter.installDate, currency, "long")}.`
                : !page?.dataAvailableUntil
                  ? "This meter has no readings yet."
                  : Date.parse(page.dataAvailableUntil) <= Date.parse(page.from)
                    ? `Readings for this period have not arrived yet. The latest reading is from ${formatInstant(page.dataAvailableUntil, tz, currency)}.`
                    : "The meter sent no readings for this period."}
            </EmptyState>
          </div>
        ) : (
          <>
            <dl className="mt-3 grid gap-3 sm:grid-cols-3" data-testid="usage-summary">
              <div>
                <dt className="text-sm text-slate-600">This period</dt>
                <dd className="text-2xl font-bold tabular-nums" data-testid="period-total">
                  {format(totals.current)}
                </dd>
              </div>
              <div>
                <dt className="text-sm text-slate-600">Previous period</dt>
                <dd className="font-medium tabular-nums" data-testid="previous-total">
                  {previous.isPending ? "…" : comparison(previous.data, range.previous)}
                </dd>
              </div>
              <div>
                <dt className="text-sm text-slate-600">Same period last year</dt>
                <dd className="font-medium tabular-nums" data-testid="last-year-total">
                  {lastYear.isPending ? "…" : comparison(lastYear.data, range.lastYear)}
                </dd>
              </div>
            </dl>
            {showCost ? (
              <p className="mt-1 text-sm text-slate-700" data-testid="cost-parts">
                {formatMoney(page.summary.energyCost, currency)} for energy at your tariff's unit
                rate + {formatMoney(page.summary.standingCharge, currency)} in daily standing
                charges.
              </p>
            ) : null}
            <div className="mt-4">
              {view === "chart" ? (
                <>
                  <UsageChart
                    points={points}
                    format={(v) => format(v)}
                    previousLabel="Previous period"
                    summary={`Bar chart of ${showCost ? "cost" : "usage"} for each ${range.groupBy}, ${points.length} bars, with the previous period as a line. The table view lists the figures.`}
                  />
                  <p className="mt-2 flex flex-wrap gap-4 text-xs text-slate-600">
                    <span className="flex items-center gap-1">
                      <span className="inline-block h-3 w-3 bg-brand-700" aria-hidden="true" />{" "}
                      Complete readings
                    </span>
                    <span className="flex items-center gap-1">
                      <span className="inline-block h-3 w-3 bg-amber-700" aria-hidden="true" />{" "}
                      Readings missing
                    </span>
                    <span className="flex items-center gap-1">
                      <span
                        className="inline-block w-4 border-t-2 border-dashed border-slate-500"
                        aria-hidden="true"
                      />{" "}
                      Previous period
                    </span>
                  </p>
                </>
              ) : (
                <UsageTable
                  unitLabel={meter.unit === "m3" ? "m³" : meter.unit}
                  showCost={canCost}
                  rows={page.buckets.map((b) => ({
                    bucket: b,
                    label: bucketLabel(b, range.groupBy, tz, currency, true),
                    usage: formatQuantity(b.consumption, meter.unit, currency).replace(
                      /\s\S+$/,
                      "",
                    ),
                    energyCost: b.energyCost === null ? null : formatMoney(b.energyCost, currency),
                    standingCharge:
                      b.standingCharge === null ? null : formatMoney(b.standingCharge, currency),
                    cost: b.cost === null ? null : formatMoney(b.cost, currency),
                  }))}
                />
              )}
            </div>
            {page.gaps.length ? (
              <div className="mt-4 rounded-md bg-amber-50 p-3 text-sm" data-testid="gaps">
                <p className="font-semibold text-amber-900">Readings missing in this period</p>
                <ul className="mt-1 list-inside list-disc text-amber-900">
                  {page.gaps.slice(0, 6).map((g) => (
                    <li key={g.from}>
                      {formatInstant(g.from, tz, currency)} to {formatInstant(g.to, tz, currency)} (
                      {g.missingReads} {g.missingReads === 1 ? "reading" : "readings"})
                    </li>
                  ))}
                  {page.gaps.length > 6 ? <li>and {page.gaps.length - 6} more</li> : null}
                </ul>
                <p className="mt-1 text-amber-900">
                  We show only what the meter sent: missing periods are not estimated.
                </p>
              </div>
            ) : null}
          </>
        )}
      </Card>
    </div>
  );
}
