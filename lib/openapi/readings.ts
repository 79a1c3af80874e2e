import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { greenButtonQuerySchema } from "@/app/api/accounts/[accountId]/greenbutton/schema";
import {
  meterReadingsResponseSchema,
  readingsQuerySchema,
} from "@/app/api/meters/[meterId]/readings/schema";
import { read } from "./operations";

const greenButtonFeed = z.string().meta({
  id: "GreenButtonFeed",
  description:
    "A Green Button Download My Data file: an Atom feed of NAESB ESPI 4.0 resources that validates against espi.xsd. Per meter a UsagePoint (ServiceCategory kind 0 electricity, 1 gas, 2 water), a MeterReading and its ReadingType (Wh for electricity, 10⁻³ m³ for gas and water; deltaData; the ESCO's ISO 4217 currency), one IntervalBlock per local day (per month for meters read monthly) whose IntervalReadings carry the period each read closes, its use, its cost in hundred-thousandths of the currency where the meter is priced by a tariff, and a ReadingQuality for estimated (8) and customer (7) reads; a UsageSummary per bill of the account overlapping the window. LocalTimeParameters give each ESCO timezone's offset and DST rules. Times are Unix seconds.",
});

const operation = read(
  "Read history of a meter, raw or bucketed, with its gaps",
  meterReadingsResponseSchema,
  {
    tags: ["Meters"],
    description:
      "Needs the usage capability (occupier or agent). Buckets are cut in the ESCO's timezone, correct on 23- and 25-hour days. Missing reads are reported as gaps, never invented. `Accept: text/csv` or `format=csv` streams the whole window as CSV; `Accept: application/atom+xml` or `format=atom` gives the whole window as a Green Button feed.",
    requestParams: { path: z.object({ meterId: z.guid() }), query: readingsQuerySchema },
  },
);

const accountFeed = read("Download an account's usage as a Green Button feed", greenButtonFeed, {
  tags: ["Meters"],
  description:
    "Every meter of the account in one Green Button (NAESB ESPI 4.0) feed, over the same window as the readings of a meter (the last 7 local days by default). Needs the usage capability on the account (occupier or agent); any other account answers 404.",
  requestParams: { path: z.object({ accountId: z.guid() }), query: greenButtonQuerySchema },
});

/** Meter reading history: raw reads or local calendar buckets, with gaps; JSON pages, CSV or Atom. */
export const readingsPaths: ZodOpenApiPathsObject = {
  "/api/meters/{meterId}/readings": {
    get: {
      ...operation,
      responses: {
        ...operation.responses,
        "200": {
          description: "OK: a JSON page, or the whole window as CSV or as a Green Button feed",
          content: {
            "application/json": { schema: meterReadingsResponseSchema },
            "text/csv": { schema: z.string() },
            "application/atom+xml": { schema: greenButtonFeed },
          },
        },
      },
    },
  },
  "/api/accounts/{accountId}/greenbutton": {
    get: {
      ...accountFeed,
      responses: {
        ...accountFeed.responses,
        "200": {
          description: "OK: the feed, as a download",
          content: { "application/atom+xml": { schema: greenButtonFeed } },
        },
      },
    },
  },
};
