import "server-only";
import type { NextRequest } from "next/server";
import type {
  CustomerPrincipal,
  FeedRole,
  ServicePrincipal,
  StaffPrincipal,
} from "@/lib/auth/principal";
import type { StaffRole } from "@/lib/auth/realms";
import { AppError, databaseUnavailable, problemResponse } from "@/lib/errors";
import {
  admitCustomer,
  type CustomerWrite,
  requireService,
  requireStaffRole,
} from "@/lib/http/guards";
import { type Policy, type RequestContext, runEntry } from "@/lib/http/pipeline";
import type { LimitName } from "@/lib/http/rate-limit";
import { safeError } from "@/lib/log";
import { isDatabaseUnavailable } from "@/lib/pg-error";
import { isId } from "@/lib/validation";

type Params = Record<string, string | string[] | undefined>;

interface RouteContext<P extends Params> {
  params: Promise<P>;
}

export interface HandlerArgs<P extends Params, Pr> {
  req: NextRequest;
  principal: Pr;
  params: P;
  requestId: string;
  /** The customers the request reads, for the access audit (a `customerId` param is in already). */
  customersRead: Set<string>;
}

type RouteHandler<P extends Params> = (req: NextRequest, ctx: RouteContext<P>) => Promise<Response>;

/** Anything a route handler throws, as problem+json; internals are logged, never returned. */
export function renderProblem(error: unknown, { req, requestId, log }: RequestContext): Response {
  const instance = new URL(req.url).pathname;
  if (error instanceof AppError) return problemResponse(error, { instance, requestId });
  if (isDatabaseUnavailable(error)) {
    log.error({ err: safeError(error) }, "database unavailable");
    return problemResponse(databaseUnavailable(), { instance, requestId });
  }
  log.error({ err: safeError(error) }, "unhandled error");
  return problemResponse(
    new AppError("internal_error", "Quote the request id if you contact support."),
    { instance, requestId },
  );
}

/** A route handler on the request pipeline, answering failures with problem+json. */
export function route<P extends Params, Pr>(
  policy: Policy<Pr>,
  handler: (args: HandlerArgs<P, Pr>) => Promise<Response>,
): RouteHandler<P> {
  return (req, ctx) =>
    runEntry(
      req,
      policy,
      renderProblem,
      async (principal, { requestId, customersRead }) => {
        // Routes without dynamic segments are called without params.
        const params = ((await ctx?.params) ?? {}) as P;
        // A route under /customers/{customerId} reads that customer's data.
        if (isId(params.customerId)) customersRead.add(params.customerId);
        return handler({ req, principal, params, requestId, customersRead });
      },
      ctx?.params,
    );
}

/**
 * Routes of the customer self-service API, behind the customer status gates; `writes` says
 * what kind of change the route's writes are (see `CustomerWrite`).
 */
export function withCustomer<P extends Params = Params>(
  handler: (args: HandlerArgs<P, CustomerPrincipal>) => Promise<Response>,
  options: { limit?: LimitName; writes?: CustomerWrite } = {},
): RouteHandler<P> {
  return route({ admit: admitCustomer(options.writes), limit: options.limit }, handler);
}

/** Routes for support staff and admins; `roles` lists who may call it. */
export function withStaff<P extends Params = Params>(
  roles: readonly StaffRole[],
  handler: (args: HandlerArgs<P, StaffPrincipal>) => Promise<Response>,
  options: { limit?: LimitName } = {},
): RouteHandler<P> {
  return route({ admit: (p) => requireStaffRole(p, roles), limit: options.limit }, handler);
}

/**
 * Routes for back-end services (the feeds): only a service account's bearer token whose roles
 * include `role`. Customers, staff and the other services get 403.
 */
export function withService<P extends Params = Params>(
  role: FeedRole,
  handler: (args: HandlerArgs<P, ServicePrincipal>) => Promise<Response>,
  options: { converges?: boolean } = {},
): RouteHandler<P> {
  return route({ admit: (p) => requireService(p, role), converges: options.converges }, handler);
}

/**
 * Routes anyone may call: the pipeline's checks apply, no sign-in is needed. `serverToServer`
 * marks an endpoint other servers call (the realm's back-channel logout), which reads no
 * cookie or bearer token.
 */
export function withPublic<P extends Params = Params>(
  handler: (args: Omit<HandlerArgs<P, null>, "principal">) => Promise<Response>,
  options: { serverToServer?: boolean } = {},
): RouteHandler<P> {
  return route<P, null>(
    { admit: () => null, serverToServer: options.serverToServer },
    ({ principal: _, ...args }) => handler(args),
  );
}
