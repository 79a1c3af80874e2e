import "server-only";
import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { principalFromAccessToken } from "@/lib/auth/bearer";
import { asImpersonatedCustomer, IMPERSONATION_COOKIE } from "@/lib/auth/impersonation";
import type {
  CustomerPrincipal,
  FeedRole,
  Principal,
  ServicePrincipal,
  StaffPrincipal,
} from "@/lib/auth/principal";
import { isReadOnly } from "@/lib/auth/principal";
import type { StaffRole } from "@/lib/auth/realms";
import { principalFromSessionCookie } from "@/lib/auth/session-token";
import { AppError, problemResponse } from "@/lib/errors";
import { isDatabaseUnavailable } from "./database-errors";

type Params = Record<string, string | string[] | undefined>;

interface RouteContext<P extends Params> {
  params: Promise<P>;
}

export interface HandlerArgs<P extends Params, Pr> {
  req: NextRequest;
  principal: Pr;
  params: P;
  requestId: string;
}

type RouteHandler<P extends Params> = (req: NextRequest, ctx: RouteContext<P>) => Promise<Response>;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function log(level: "warn" | "error", requestId: string, message: string, error?: unknown) {
  const detail = error instanceof Error ? { error: error.message, stack: error.stack } : {};
  console[level](JSON.stringify({ level, requestId, message, ...detail }));
}

/** Turns anything a handler throws into problem+json; internals are logged, never returned. */
function toProblem(error: unknown, req: Request, requestId: string): Response {
  const instance = new URL(req.url).pathname;
  if (error instanceof AppError) return problemResponse(error, { instance, requestId });
  if (isDatabaseUnavailable(error)) {
    log("error", requestId, "database unavailable", error);
    return problemResponse(new AppError("database_unavailable", "Please try again shortly."), {
      instance,
      requestId,
    });
  }
  log("error", requestId, "unhandled error", error);
  return problemResponse(
    new AppError("internal_error", "Quote the request id if you contact support."),
    { instance, requestId },
  );
}

async function run(req: Request, work: (requestId: string) => Promise<Response>) {
  const requestId = req.headers.get("x-request-id")?.slice(0, 64) || randomUUID();
  let response: Response;
  try {
    response = await work(requestId);
  } catch (error) {
    response = toProblem(error, req, requestId);
  }
  response.headers.set("x-request-id", requestId);
  if (!response.headers.has("cache-control"))
    response.headers.set("cache-control", "private, no-store");
  return response;
}

/** A bearer token wins over the cookie: API clients send one, browsers send the other. */
export async function resolvePrincipal(req: NextRequest): Promise<Principal> {
  const authorization = req.headers.get("authorization");
  if (authorization) {
    const [scheme, token] = authorization.split(" ");
    if (scheme?.toLowerCase() !== "bearer" || !token) {
      throw new AppError("invalid_token", "Use `Authorization: Bearer <access token>`.");
    }
    return principalFromAccessToken(token);
  }
  const principal = await principalFromSessionCookie(req);
  if (!principal) throw new AppError("unauthenticated", "Sign in or send a bearer token.");
  if (principal.kind === "staff") {
    // Staff viewing the portal as a customer are that customer here, read-only.
    const viewing = await asImpersonatedCustomer(
      principal,
      req.cookies.get(IMPERSONATION_COOKIE)?.value,
      `${req.method} ${new URL(req.url).pathname}`,
      !SAFE_METHODS.has(req.method),
    );
    if (viewing) return viewing;
  }
  return principal;
}

function refuseWritesWhenReadOnly(req: Request, principal: Principal) {
  if (!SAFE_METHODS.has(req.method) && isReadOnly(principal)) {
    throw new AppError(
      "impersonation_read_only",
      "This session is viewing the portal as a customer and cannot make changes.",
    );
  }
}

function expectedOrigin(req: Request): string {
  return process.env.AUTH_URL ? new URL(process.env.AUTH_URL).origin : new URL(req.url).origin;
}

/**
 * Browsers attach the session cookie to requests other sites make; a write carried by the cookie
 * must come from our own pages. (Bearer tokens are never sent implicitly, so they need no check.)
 */
function refuseCrossSiteWrites(req: Request, principal: Principal) {
  if (SAFE_METHODS.has(req.method) || principal.via !== "session") return;
  const origin = req.headers.get("origin");
  const site = req.headers.get("sec-fetch-site");
  if ((origin && origin !== expectedOrigin(req)) || site === "cross-site") {
    throw new AppError("forbidden", "Changes must be made from the portal itself.");
  }
}

/** Routes of the customer self-service API. */
export function withCustomer<P extends Params = Params>(
  handler: (args: HandlerArgs<P, CustomerPrincipal>) => Promise<Response>,
): RouteHandler<P> {
  return (req, ctx) =>
    run(req, async (requestId) => {
      const principal = await resolvePrincipal(req);
      if (principal.kind !== "customer") {
        throw new AppError("forbidden", "This endpoint serves customers; staff use the console.");
      }
      refuseWritesWhenReadOnly(req, principal);
      refuseCrossSiteWrites(req, principal);
      return handler({ req, principal, params: await ctx.params, requestId });
    });
}

/** Routes for support staff and admins; `roles` lists who may call it. */
export function withStaff<P extends Params = Params>(
  roles: readonly StaffRole[],
  handler: (args: HandlerArgs<P, StaffPrincipal>) => Promise<Response>,
): RouteHandler<P> {
  return (req, ctx) =>
    run(req, async (requestId) => {
      const principal = await resolvePrincipal(req);
      refuseWritesWhenReadOnly(req, principal);
      if (principal.kind !== "staff" || !principal.roles.some((r) => roles.includes(r))) {
        throw new AppError("forbidden", "Your role does not allow this.");
      }
      refuseCrossSiteWrites(req, principal);
      return handler({ req, principal, params: await ctx.params, requestId });
    });
}

/**
 * Routes for back-end services (the feeds): only a service account's bearer token whose roles
 * include `role`. Customers, staff and the other services get 403.
 */
export function withService<P extends Params = Params>(
  role: FeedRole,
  handler: (args: HandlerArgs<P, ServicePrincipal>) => Promise<Response>,
): RouteHandler<P> {
  return (req, ctx) =>
    run(req, async (requestId) => {
      const principal = await resolvePrincipal(req);
      refuseWritesWhenReadOnly(req, principal);
      if (principal.kind !== "service" || !principal.roles.includes(role)) {
        throw new AppError("forbidden", `This feed needs a service account with the ${role} role.`);
      }
      return handler({ req, principal, params: await ctx.params, requestId });
    });
}

/** Routes anyone may call: only the error handling applies. */
export function withPublic<P extends Params = Params>(
  handler: (args: Omit<HandlerArgs<P, null>, "principal">) => Promise<Response>,
): RouteHandler<P> {
  return (req, ctx) =>
    run(req, async (requestId) => handler({ req, params: await ctx.params, requestId }));
}

export { log as logRequest };
