"use client";

import { useQueries } from "@tanstack/react-query";
import type { ReadingBucketItem, ReadingGapItem } from "@/db/queries/readings";
import { apiFetch } from "@/lib/api-client";
import { localDateOf } from "@/lib/calendar";
import { costInMinorUnits } from "@/lib/money";
import type { UsageRange } from "@/lib/usage-range";

export interface BucketPage {
  buckets: ReadingBucketItem[];
  gaps: ReadingGapItem[];
  dataAvailableUntil: string | null;
  /** The window's bounds as instants. */
  from: string;
  to: string;
  timezone: string;
  unit: string;
}

export interface TariffPeriod {
  periodStart: string;
  unitRate: number;
}

export function readingsUrl(
  meterId: string,
  window: { from: string; to: string },
  groupBy: string,
  format?: "csv" | "atom",
) {
  const query = new URLSearchParams({ from: window.from, to: window.to });
  // A Green Button feed holds every read of the window, whatever the grouping on screen.
  if (format !== "atom") query.set("groupBy", groupBy);
  if (format) query.set("format", format);
  else query.set("limit", "5000");
  return `/api/meters/${meterId}/readings?${query}`;
}

/** The window on screen, the one before it and the same one a year earlier, fetched together. */
export function useUsageWindows(meterId: string, range: UsageRange) {
  const query = (w: { from: string; to: string }) => ({
    queryKey: ["readings", meterId, w.from, w.to, range.groupBy],
    queryFn: () => apiFetch<BucketPage>(readingsUrl(meterId, w, range.groupBy)),
  });
  const [current, previous, lastYear] = useQueries({
    queries: [
      query({ from: range.from, to: range.to }),
      query(range.previous),
      query(range.lastYear),
    ],
  });
  return { current, previous, lastYear };
}

/** The unit rate in force on a date: the latest period that started on or before it. */
export function rateOn(date: string, periods: readonly TariffPeriod[]): number | null {
  let rate: number | null = null;
  for (const p of periods) if (p.periodStart <= date) rate = p.unitRate;
  return rate;
}

/** A bucket's energy cost in minor units, priced at the rate in force when it starts. */
export function bucketCost(
  bucket: ReadingBucketItem,
  timeZone: string,
  periods: readonly TariffPeriod[],
  minorUnit: number,
) {
  const rate = rateOn(localDateOf(bucket.start, timeZone), periods);
  return rate === null || bucket.consumption === null
    ? null
    : costInMinorUnits(bucket.consumption, rate, minorUnit);
}

export function totalConsumption(page: BucketPage | undefined): number | null {
  if (!page || page.buckets.length === 0) return null;
  return page.buckets.reduce((sum, b) => sum + (b.consumption ?? 0), 0);
}
