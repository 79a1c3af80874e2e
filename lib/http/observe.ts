import { randomUUID } from "node:crypto";
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { Logger } from "pino";
import { type Principal, principalKind } from "@/lib/auth/principal";
import { log } from "@/lib/log";
import { recordRequest, tracer } from "@/lib/telemetry";

type RouteParams = Record<string, string | string[] | undefined>;

/**
 * The caller's `x-request-id` when it is a plain token (a load balancer's or a client's), so one
 * id follows the request through every hop; a new one otherwise.
 */
export function requestIdOf(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given && /^[\w.:@-]{1,64}$/.test(given) ? given : randomUUID();
}

/**
 * The route's pattern from the path it answered and the params Next.js matched:
 * `/api/accounts/8f…/bills` with `{ accountId: "8f…" }` is `/api/accounts/[accountId]/bills`.
 * Logs and metrics name routes so: a path holds ids (and invitation tokens), a pattern does not.
 */
export function routePattern(pathname: string, params: RouteParams = {}): string {
  const segments = pathname.split("/");
  const decoded = segments.map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      if (value.length === 0) continue;
      // A catch-all takes the path's last segments.
      const from = segments.length - value.length;
      if (value.every((part, i) => decoded[from + i] === part)) {
        segments.splice(from, value.length, `[...${name}]`);
        decoded.splice(from, value.length, `[...${name}]`);
      }
      continue;
    }
    const at = decoded.lastIndexOf(value);
    if (at > 0) {
      segments[at] = `[${name}]`;
      decoded[at] = `[${name}]`;
    }
  }
  return segments.join("/");
}

/** What an entry point learns while it serves a request, for its log line, span and metrics. */
export interface Outcome {
  route: string;
  status?: number;
  principal: Principal | null;
}

/**
 * Serves one request (an API call or a server action) in its span, then writes its one log line
 * (request id, principal kind, route pattern, status, duration) and its request metrics. A
 * request that throws is logged with the status `outcome` holds by then, or 500.
 */
export async function observeRequest<T>(
  entry: { method: string; requestId: string; route: string; log?: Logger },
  serve: (outcome: Outcome) => Promise<T>,
): Promise<T> {
  const started = performance.now();
  const outcome: Outcome = { route: entry.route, principal: null };
  // Under Next.js's own server span this one is the pipeline's part of it.
  const kind = trace.getActiveSpan() ? SpanKind.INTERNAL : SpanKind.SERVER;
  return tracer().startActiveSpan(
    `${entry.method} ${entry.route}`,
    {
      kind,
      attributes: { "http.request.method": entry.method, "portal.request_id": entry.requestId },
    },
    async (span) => {
      let failed = false;
      try {
        return await serve(outcome);
      } catch (error) {
        failed = true;
        throw error;
      } finally {
        const status = outcome.status ?? (failed ? 500 : 200);
        const durationMs = Math.round(performance.now() - started);
        const principal = principalKind(outcome.principal);
        span.updateName(`${entry.method} ${outcome.route}`);
        span.setAttributes({
          "http.route": outcome.route,
          "http.response.status_code": status,
          "portal.principal": principal,
        });
        if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
        recordRequest({ method: entry.method, route: outcome.route, status, durationMs });
        (entry.log ?? log.child({ requestId: entry.requestId })).info(
          { method: entry.method, route: outcome.route, status, principal, durationMs },
          "request",
        );
      }
    },
  );
}
