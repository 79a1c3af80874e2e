import { workAsyncStorage } from "next/dist/server/app-render/work-async-storage.external.js";
import { workUnitAsyncStorage } from "next/dist/server/app-render/work-unit-async-storage.external.js";
import { createRequestStoreForAPI } from "next/dist/server/async-storage/request-store.js";
import { PORTAL_ORIGIN } from "./session";

export interface ActionOutcome<S> {
  /** What the action returned to its form, unless it redirected. */
  state?: S;
  /** Where the action sent the browser, if it redirected. */
  redirectedTo?: string;
  /** The cookies the action set or deleted. */
  setCookies: string[];
}

/**
 * Runs a server action as Next.js runs one: inside the request's scope, where `headers()`,
 * `cookies()`, `auth()` and `revalidatePath` read and write this request, so the action's
 * own code (and runAction's guards) run unchanged. The foreign-Origin rule for actions lives
 * in the proxy and is tested there.
 */
export async function callAction<S>(
  action: () => Promise<S>,
  options: { cookie?: string; headers?: Record<string, string> } = {},
): Promise<ActionOutcome<S>> {
  const url = new URL("/staff", PORTAL_ORIGIN);
  // Next.js's server always knows the host and protocol; Auth.js picks its cookie names by them.
  const headers = new Headers({
    host: url.host,
    "x-forwarded-proto": url.protocol.slice(0, -1),
    origin: PORTAL_ORIGIN,
    "next-action": "test",
    ...options.headers,
  });
  if (options.cookie) headers.set("cookie", options.cookie);
  const setCookies: string[] = [];
  const requestStore = createRequestStoreForAPI(
    // Next.js hands over its incoming message; the store reads only its headers.
    { headers: Object.fromEntries(headers) } as never,
    url,
    { tags: [], expirationsByCacheKind: new Map() },
    (cookies: string[]) => setCookies.splice(0, setCookies.length, ...cookies),
    undefined,
    undefined,
  );
  const workStore = {
    page: "/staff",
    route: "/staff",
    incrementalCache: {},
    forceStatic: false,
    dynamicShouldError: false,
    isDraftMode: false,
  };
  try {
    const state = await workAsyncStorage.run(workStore as never, () =>
      workUnitAsyncStorage.run(requestStore as never, action),
    );
    return { state, setCookies };
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT")) {
      return { redirectedTo: digest.split(";")[2], setCookies };
    }
    throw error;
  }
}
