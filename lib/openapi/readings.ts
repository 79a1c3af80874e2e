import type { ZodOpenApiPathsObject } from "zod-openapi";

/** Meter reading history; filled in by the readings module. */
export const readingsPaths: ZodOpenApiPathsObject = {};
