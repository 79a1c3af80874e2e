// GET /api/meters/{meterId}/readings - read history, raw or in local calendar buckets, with its gaps; JSON pages, a CSV download or a Green Button feed
import { readReadingsPage } from "@/db/queries/readings";
import { readingsCsv } from "@/db/queries/readings-csv";
import { greenButtonResponse } from "@/lib/api/greenbutton";
import { withCustomer } from "@/lib/api/handler";
import { jsonResponse } from "@/lib/api/json-response";
import { log, safeError } from "@/lib/log";
import { nextLink } from "@/lib/pagination";
import {
  chooseRepresentation,
  encodeReadingsCursor,
  resolveReadingsRequest,
} from "@/lib/readings-request";
import { idParam, readQuery } from "@/lib/validation";
import { readingsQuerySchema } from "./schema";

// The representation follows Accept, so caches must keep JSON, CSV and Atom apart.
const vary = { vary: "Accept" };

export const GET = withCustomer<{ meterId: string }>(
  async ({ req, principal, params, requestId }) => {
    const meterId = idParam(params.meterId, "meter");
    const query = readQuery(req, readingsQuerySchema);
    const request = resolveReadingsRequest(query);

    const representation = chooseRepresentation(query.format, req.headers.get("accept"));

    if (representation === "atom") {
      const { pathname, search } = new URL(req.url);
      const feed = await greenButtonResponse({
        principal,
        meterId,
        window: request.window,
        selfHref: pathname + search,
      });
      feed.headers.set("vary", vary.vary);
      return feed;
    }

    if (representation === "csv") {
      const { headers, stream } = await readingsCsv({
        principal,
        meterId,
        request,
        onError: (error) =>
          log.error({ requestId, err: safeError(error) }, "readings download cut short"),
      });
      return new Response(stream, { headers: { ...headers, ...vary } });
    }

    const page = await readReadingsPage({ principal, meterId, request });
    const cursor = page.next ? encodeReadingsCursor(query, page.next) : null;
    // Cached pages are the same object each time: their JSON is made once.
    return jsonResponse(
      page.body as unknown as Record<string, unknown>,
      { next: nextLink(req, cursor) },
      { headers: vary },
    );
  },
);
