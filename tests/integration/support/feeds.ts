import { POST as postBills } from "@/app/api/ingest/bills/route";
import { POST as postPayments } from "@/app/api/ingest/payments/route";
import { POST as postReadings } from "@/app/api/ingest/readings/route";
import { type CallResult, callRoute } from "./routes";
import { serviceToken } from "./tokens";

const routes = { readings: postReadings, bills: postBills, payments: postPayments };

export type FeedName = keyof typeof routes;

/** NDJSON: one JSON object a line. */
export const ndjson = (lines: unknown[]) => `${lines.map((l) => JSON.stringify(l)).join("\n")}\n`;

/** Sends a feed body as the service that owns the feed, or with another token. */
export async function sendFeed(
  feed: FeedName,
  body: string,
  options: { contentType?: string; token?: string } = {},
): Promise<CallResult<any>> {
  const token =
    options.token ??
    (await serviceToken(feed === "readings" ? "meter-service" : "billing-service"));
  return callRoute(routes[feed], `/api/ingest/${feed}`, {
    method: "POST",
    token,
    body,
    headers: { "content-type": options.contentType ?? "application/x-ndjson" },
  });
}
