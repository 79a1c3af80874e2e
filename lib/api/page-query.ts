import { z } from "zod";
import { pageQuery } from "@/lib/pagination";

/** Query of the paged bill and payment lists. */
export const billingPageQuery = z.strictObject(pageQuery(100, 12));

/** Query of the access audit's pages (the customer's access log, a supervisor's audit). */
export const accessLogPageQuery = z.strictObject(pageQuery(100, 25));
