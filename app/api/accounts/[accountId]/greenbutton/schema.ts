import { readingsQuerySchema } from "@/app/api/meters/[meterId]/readings/schema";

/** The window of an account's Green Button download: the readings API's from and to. */
export const greenButtonQuerySchema = readingsQuerySchema
  .pick({ from: true, to: true })
  .meta({ id: "GreenButtonQuery" });
