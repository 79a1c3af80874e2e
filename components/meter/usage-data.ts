"use client";

import { useQueries } from "@tanstack/react-query";
import type { ReadingBucketItem, ReadingGapItem, ReadingsSummary } from "@/db/queries/readings";
import { apiFetch } from "@/lib/api-client";
import type { UsageRange } from "@/lib/usage-range";

/** A page of buckets as the readings API sends it, priced by the server where a tariff applies. */
export interface BucketPage {
  buckets: ReadingBucketItem[];
  summary: ReadingsSummary;
  gaps: ReadingGapItem[];
  dataAvailableUntil: string | null;
  /** The window's bounds as instants. */
  from: string;
  to: string;
  timezone: string;
  unit: string;
  currency: string;
  priced: boolean;
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

export function totalConsumption(page: BucketPage | undefined): number | null {
  if (!page || page.buckets.length === 0) return null;
  return page.buckets.reduce((sum, b) => sum + (b.consumption ?? 0), 0);
}
