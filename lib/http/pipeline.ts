import "server-only";
import type { Logger } from "pino";
import { asOverhead } from "@/db/client";
import type { Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { publicOrigin } from "@/lib/public-origin";
import { isUnstorableText } from "@/lib/text";
import { type Door, recordRead } from "./access";
import { refuseWritesWhenReadOnly } from "./guards";
import { withIdempotency } from "./idempotency";
import { isWrite } from "./methods";
import { type Outcome, observeRequest, requestIdOf, routePattern } from "./observe";
import { actingPrincipal, type Credentials, credentialsOf } from "./principal";
import { consumeLimit, type LimitName, limitKey } from "./rate-limit";
import { refuseCrossSiteWrite } from "./same-origin";

type RouteParams = Record<string, string | string[] | undefined>;

/** What every entry point knows about the request it is serving. */
export interface RequestContext {
  req: Request;
  requestId: string;
  log: Logger;
  /**
   * The customers whose data the handler read, where the principal does not say: a staff
   * route's customer, the rows of an admin API read. Recorded in the access audit on success.
   */
  customersRead: Set<string>;
}

/**
 * Who may use an entry point. `admit` turns the principal (null when anonymous) into what the
 * handler needs, or throws 401/403. `identityOnly` skips the view as a customer: the staff
 * member acts as themselves (stopping a view must work while viewing). `allowWhileViewing`
 * lets a staff member with an open view make this write (starting or stopping a view); the
 * view itself never writes.
 */
export interface Policy<P> {
  admit(principal: Principal | null, req: Request): P | Promise<P>;
  identityOnly?: boolean;
  allowWhileViewing?: boolean;
  /**
   * The caller is another server (the realm's back-channel logout): no cookie or bearer token
   * is read, so the request carries no one's authority and the same-origin rule, which guards
   * what a browser's cookie carries, has nothing to guard.
   */
  serverToServer?: boolean;
  /** The rate limit that applies, if any; every person's write also takes one `write` point. */
  limit?: LimitName | ((req: Request) => LimitName | null);
  /** Which door the access audit names for this entry's reads (`route` unless said). */
  door?: Door;
  /**
   * The entry's writes converge when repeated (the feeds, batch by batch in their own
   * transactions): an `Idempotency-Key` still replays the first answer, stored after the write
   * rather than in its transaction.
   */
  converges?: boolean;
}

/** How an entry point answers a failure: problem+json, PostgREST's errors, or an HTML page. */
export type Renderer = (error: AppError | unknown, ctx: RequestContext) => Response;

/**
 * A path that does not decode (`%FF`) names nothing: 400. Query parameters holding text the
 * database cannot store are refused with the parameter named, before any handler parses them.
 */
function checkRequestText(req: Request): void {
  const url = new URL(req.url);
  try {
    decodeURIComponent(url.pathname);
  } catch {
    throw new AppError("bad_request", "The path is not valid percent-encoded UTF-8.");
  }
  let params: URLSearchParams;
  try {
    params = url.searchParams;
    for (const [name, value] of params) {
      if (isUnstorableText(name) || isUnstorableText(value)) {
        throw new AppError("validation_failed", "Some query parameters are invalid.", {
          errors: [
            {
              field: isUnstorableText(name) ? "(query)" : name,
              message: "Remove the NUL character or unpaired surrogate",
              code: "invalid_text",
            },
          ],
        });
      }
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("bad_request", "The query string is not valid.");
  }
}

/** Strict-Transport-Security wherever the portal is served over https. */
export function transportSecurityHeaders(requestUrl: string): Record<string, string> {
  return publicOrigin(requestUrl).startsWith("https://")
    ? { "strict-transport-security": "max-age=63072000; includeSubDomains" }
    : {};
}

/** Redirects and fetched responses have immutable headers: those are copied first. */
export function withMutableHeaders(response: Response): Response {
  try {
    response.headers.set("x-request-id", "");
    return response;
  } catch {
    return new Response(response.body, response);
  }
}

/** The entry's own limit, and one `write` point for every change a person makes. */
async function applyLimits<P>(policy: Policy<P>, req: Request, principal: Principal | null) {
  const limit = typeof policy.limit === "function" ? policy.limit(req) : (policy.limit ?? null);
  const key = limitKey(req, principal);
  if (limit) await consumeLimit(limit, key);
  if (isWrite(req.method) && principal?.kind !== "service" && limit !== "write") {
    await consumeLimit("write", key);
  }
}

/**
 * The one path every request takes, whatever its door (route handler, /api/rest, invitation
 * links): request id and log; text it cannot store; who is calling (bearer, or a session
 * cookie not revoked; a staff member's view as a customer); the same-origin rule for cookie
 * writes; the entry's admission and the read-only rule; rate limits; then the handler, and the
 * access audit of each read it served (queued, so no statement of the request's own). A write
 * with an `Idempotency-Key` runs at most once (`withIdempotency`). Any failure is answered by
 * the entry's renderer.
 */
export async function runEntry<P>(
  req: Request,
  policy: Policy<P>,
  render: Renderer,
  handle: (admitted: P, ctx: RequestContext) => Promise<Response>,
  /** The params Next.js matched, which turn the path into the route's pattern for the log. */
  params?: Promise<RouteParams | undefined> | RouteParams,
): Promise<Response> {
  const requestId = requestIdOf(req.headers);
  const ctx: RequestContext = {
    req,
    requestId,
    log: log.child({ requestId }),
    customersRead: new Set(),
  };
  const { pathname } = new URL(req.url);
  return observeRequest(
    { method: req.method, requestId, route: pathname, log: ctx.log },
    async (outcome) => {
      const response = await serveEntry(req, policy, render, handle, ctx, outcome);
      outcome.status = response.status;
      outcome.route = routePattern(pathname, await params);
      return response;
    },
  );
}

/** The pipeline's steps, as `runEntry` lists them; the principal is noted in `outcome`. */
async function serveEntry<P>(
  req: Request,
  policy: Policy<P>,
  render: Renderer,
  handle: (admitted: P, ctx: RequestContext) => Promise<Response>,
  ctx: RequestContext,
  outcome: Outcome,
): Promise<Response> {
  const { requestId } = ctx;
  let principal: Principal | null = null;
  let credentials: Credentials | undefined;
  let response: Response;
  try {
    checkRequestText(req);
    credentials = policy.serverToServer
      ? { identity: null }
      : await asOverhead(() => credentialsOf(req));
    const { identity } = credentials;
    refuseCrossSiteWrite(req, identity?.carriedBy ?? "none");
    // A view as a customer is audited work: each read while viewing is recorded.
    principal =
      identity && !policy.identityOnly
        ? await actingPrincipal(req, identity, requestId)
        : (identity?.principal ?? null);
    outcome.principal = principal;
    const acting = principal;
    if (acting) {
      await asOverhead(() =>
        refuseWritesWhenReadOnly(req.method, acting, {
          allowWhileViewing: policy.allowWhileViewing,
        }),
      );
    }
    const admitted = await policy.admit(principal, req);
    await asOverhead(() => applyLimits(policy, req, acting));
    // A write sent with an Idempotency-Key runs once; the same request again answers the first.
    response = isWrite(req.method)
      ? await withIdempotency(req, acting, () => handle(admitted, ctx), {
          converges: policy.converges,
        })
      : await handle(admitted, ctx);
    // Public entries (health, the API document) read no one's data, whoever calls them.
    if (acting && admitted !== null && response.ok && !isWrite(req.method)) {
      recordRead(acting, {
        door: policy.door ?? "route",
        resource: `${req.method} ${new URL(req.url).pathname}`,
        requestId,
        customers: ctx.customersRead,
      });
    }
  } catch (error) {
    response = render(error, ctx);
  }
  response = withMutableHeaders(response);
  response.headers.set("x-request-id", requestId);
  // A session refreshed for this request (or whose refresh failed) is stored as pages store it.
  for (const cookie of credentials?.setCookies ?? []) response.headers.append("set-cookie", cookie);
  if (!response.headers.has("cache-control")) {
    response.headers.set("cache-control", "private, no-store");
  }
  for (const [name, value] of Object.entries(transportSecurityHeaders(req.url))) {
    response.headers.set(name, value);
  }
  return response;
}
