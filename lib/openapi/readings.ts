import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import {
  meterReadingsResponseSchema,
  readingsQuerySchema,
} from "@/app/api/meters/[meterId]/readings/schema";
import { read } from "./operations";

const operation = read(
  "Read history of a meter, raw or bucketed, with its gaps",
  meterReadingsResponseSchema,
  {
    tags: ["Meters"],
    description:
      "Needs the usage capability (occupier or agent). Buckets are cut in the ESCO's timezone, correct on 23- and 25-hour days. Missing reads are reported as gaps, never invented. `Accept: text/csv` or `format=csv` streams the whole window as CSV.",
    requestParams: { path: z.object({ meterId: z.guid() }), query: readingsQuerySchema },
  },
);

/** Meter reading history: raw reads or local calendar buckets, with gaps; JSON pages or CSV. */
export const readingsPaths: ZodOpenApiPathsObject = {
  "/api/meters/{meterId}/readings": {
    get: {
      ...operation,
      responses: {
        ...operation.responses,
        "200": {
          description: "OK: a JSON page, or the whole window as CSV",
          content: {
            "application/json": { schema: meterReadingsResponseSchema },
            "text/csv": { schema: z.string() },
          },
        },
      },
    },
  },
};
