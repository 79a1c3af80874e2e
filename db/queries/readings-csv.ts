import type { CustomerPrincipal } from "@/lib/auth/principal";
import { attachment, type CsvColumn, csvHeader, csvRecords } from "@/lib/csv";
import { MAX_READINGS_LIMIT, type ReadingsRequest } from "@/lib/readings-request";
import {
  type MeterReadingItem,
  type ReadingBucketItem,
  type ReadingsPage,
  readReadingsPage,
} from "./readings";

const readingColumns: CsvColumn<MeterReadingItem>[] = [
  { header: "readAt", value: (r) => r.readAt },
  { header: "localTime", value: (r) => r.localTime },
  { header: "register", value: (r) => r.register },
  { header: "consumption", value: (r) => r.consumption },
  { header: "source", value: (r) => r.source },
];

const bucketColumns: CsvColumn<ReadingBucketItem>[] = [
  { header: "start", value: (b) => b.start },
  { header: "end", value: (b) => b.end },
  { header: "label", value: (b) => b.label },
  { header: "consumption", value: (b) => b.consumption },
  { header: "reads", value: (b) => b.reads },
  { header: "expectedReads", value: (b) => b.expectedReads },
  { header: "complete", value: (b) => b.complete },
  { header: "actualReads", value: (b) => b.sources.actual },
  { header: "estimatedReads", value: (b) => b.sources.estimated },
  { header: "customerReads", value: (b) => b.sources.customer },
  { header: "energyCost", value: (b) => b.energyCost },
  { header: "standingCharge", value: (b) => b.standingCharge },
  { header: "cost", value: (b) => b.cost },
];

function records(page: ReadingsPage): string {
  return page.body.readings
    ? csvRecords(readingColumns, page.body.readings)
    : csvRecords(bucketColumns, page.body.buckets ?? []);
}

/**
 * The whole window (from the cursor on, if one is given) as CSV. The first chunk is read before
 * the response starts, so a meter the principal may not see still answers 404. Later chunks are
 * further statements, one per keyset page of the largest size, pulled only as fast as the client
 * reads: no connection or transaction is held between them. Each re-checks access, and rows
 * written meanwhile after the position reached are included, as a later page would show them.
 */
export async function readingsCsv({
  principal,
  meterId,
  request,
  onError,
}: {
  principal: CustomerPrincipal;
  meterId: string;
  request: ReadingsRequest;
  /** A failure after the first chunk can only cut the download short; it is reported here. */
  onError: (error: unknown) => void;
}): Promise<{ headers: Record<string, string>; stream: ReadableStream<Uint8Array> }> {
  const chunk = { ...request, limit: MAX_READINGS_LIMIT };
  const first = await readReadingsPage({ principal, meterId, request: chunk });
  const { body, localDates } = first;
  const header = request.groupBy === "none" ? csvHeader(readingColumns) : csvHeader(bucketColumns);
  const encoder = new TextEncoder();
  let next = first.next;

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(header + records(first)));
      if (!next) controller.close();
    },
    async pull(controller) {
      if (!next) return;
      try {
        const page = await readReadingsPage({
          principal,
          meterId,
          request: {
            ...chunk,
            window: { kind: "instant", from: next.from, to: next.to },
            after: next.after,
          },
        });
        controller.enqueue(encoder.encode(records(page)));
        next = page.next;
        if (!next) controller.close();
      } catch (error) {
        onError(error);
        controller.error(error);
      }
    },
  });

  const filename = `${body.meterNumber}_${localDates.from}_${localDates.to}.csv`;
  return {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": attachment(filename),
    },
    stream,
  };
}
