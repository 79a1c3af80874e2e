import { z } from "zod";
import { pageQuery } from "@/lib/pagination";

/** Query of the paged bill and payment lists. */
export const billingPageQuery = z.strictObject(pageQuery(100, 12));
