import type { ReadingBucketItem } from "@/db/queries/readings";
import { formatInstant } from "@/lib/format";
import type { Grouping } from "@/lib/usage-range";

/** How a bucket is named on screen: an hour with its zone (two 1 AMs on the night clocks go back). */
export function bucketLabel(
  bucket: ReadingBucketItem,
  groupBy: Grouping,
  timeZone: string,
  currency: string | null,
  long = false,
) {
  switch (groupBy) {
    case "hour":
      return formatInstant(bucket.start, timeZone, currency, {
        hour: "numeric",
        minute: "2-digit",
        ...(long ? { timeZoneName: "short" } : {}),
      });
    case "day":
      return formatInstant(
        bucket.start,
        timeZone,
        currency,
        long
          ? { weekday: "short", day: "numeric", month: "short" }
          : { day: "numeric", month: "short" },
      );
    case "week":
      return `${long ? "Week of " : ""}${formatInstant(bucket.start, timeZone, currency, { day: "numeric", month: "short" })}`;
    case "month":
      return formatInstant(bucket.start, timeZone, currency, {
        month: long ? "long" : "short",
        year: "numeric",
      });
  }
}
