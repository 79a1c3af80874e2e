import { type AwkwardDay, awkwardDays, SUITE_NOW } from "../../tests/support/clock-days";

/** Where the browser suite's stack listens, and when it stands. */
export const PORTAL_PORT = Number(process.env.E2E_PORTAL_PORT ?? 13000);
export const IDP_PORT = Number(process.env.E2E_IDP_PORT ?? 18080);
export const E2E_NOW = SUITE_NOW;

/**
 * The portal on awkward days, beside the main one: each on the next port, with a database of
 * its own holding the data delivered up to its clock. They share the identity provider and the
 * session secret, so a browser signed in on the main portal is signed in on all of them.
 */
export const datedPortals: (AwkwardDay & { port: number; url: string })[] = awkwardDays
  .filter((day) => day.browser)
  .map((day, i) => ({
    ...day,
    port: PORTAL_PORT + 1 + i,
    url: `http://localhost:${PORTAL_PORT + 1 + i}`,
  }));
