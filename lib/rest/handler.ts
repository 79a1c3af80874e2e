import "server-only";
import type { NextRequest } from "next/server";
import type { Logger } from "pino";
import type { Principal } from "@/lib/auth/principal";
import { actorOf } from "@/lib/domain/events";
import { AppError, databaseUnavailable } from "@/lib/errors";
import { requireSignedIn } from "@/lib/http/guards";
import { type Policy, type RequestContext, runEntry } from "@/lib/http/pipeline";
import { safeError } from "@/lib/log";
import { findPgError, isDatabaseUnavailable } from "@/lib/pg-error";
import { authenticationError, authorize } from "./access";
import { restErrorFromDatabase } from "./database-errors";
import { errorResponse, RestError, unknownTable } from "./errors";
import { MAX_QUERY_LENGTH, negotiate, parsePrefer, parseQuery } from "./parse-request";
import { handleRead } from "./read";
import type { RestRequest } from "./request";
import { resolveQuery } from "./resolve";
import { findTable, suggestTable } from "./tables";
import { handleDelete, handleInsert, handleUpdate } from "./write";

type Context = { params: Promise<Record<string, string | string[] | undefined>> };

/** Anything thrown, as a PostgREST-style error; database internals are logged, never returned. */
function toRestError(error: unknown, requestId: string, log: Logger): RestError {
  if (error instanceof RestError) return error;
  if (error instanceof AppError) {
    if (error.status === 401) return authenticationError(error);
    const unstorable = error.errors?.find((e) => e.code === "invalid_text");
    if (unstorable) {
      // What Postgres itself answers for such text, with the parameter named.
      return new RestError(400, "22021", 'invalid byte sequence for encoding "UTF8"', {
        details: `${unstorable.field} holds a NUL character or an unpaired surrogate.`,
      });
    }
    const details = error.errors?.map((e) => `${e.field}: ${e.message}`).join(" ") || null;
    return new RestError(error.status, error.code, error.message, {
      details,
      headers: error.headers,
    });
  }
  if (isDatabaseUnavailable(error)) {
    log.error({ err: safeError(error) }, "database unavailable");
    return new RestError(503, "PGRST001", "Database client error. Retrying the connection.", {
      headers: databaseUnavailable().headers,
    });
  }
  const pg = findPgError(error);
  if (pg) {
    const answer = restErrorFromDatabase(pg);
    log[answer.status >= 500 ? "error" : "warn"](
      { code: pg.code, constraint: pg.constraint },
      "statement refused",
    );
    return answer;
  }
  log.error({ err: safeError(error) }, "unhandled error");
  return new RestError(500, "XX000", "Something went wrong on our side", {
    hint: `Quote request id ${requestId} if you contact support.`,
  });
}

/** Only the public schema is exposed; a client asking for another gets PostgREST's 406. */
function checkProfile(req: NextRequest): void {
  const profile = req.headers.get("accept-profile") ?? req.headers.get("content-profile");
  if (profile && profile !== "public") {
    throw new RestError(406, "PGRST106", "The schema must be one of the following: public");
  }
}

async function handle(
  req: NextRequest,
  ctx: Context,
  principal: Principal,
  { requestId, customersRead }: RequestContext,
): Promise<Response> {
  const params = await ctx.params;
  const name = typeof params.table === "string" ? params.table : "";
  const spec = findTable(name);
  const staff = authorize(principal, req.method, spec?.name ?? null);
  if (!spec) throw unknownTable(name, suggestTable(name));
  checkProfile(req);
  const url = new URL(req.url);
  if (url.search.length > MAX_QUERY_LENGTH) {
    throw new RestError(400, "PGRST100", "The query string is too long", {
      details: `At most ${MAX_QUERY_LENGTH} characters.`,
    });
  }
  const query = parseQuery(url.searchParams);
  const r: RestRequest = {
    req,
    requestId,
    principal: staff,
    actor: actorOf(staff),
    spec,
    query,
    root: resolveQuery(spec, query),
    prefs: parsePrefer(req.headers.get("prefer")),
    representation: negotiate(req.headers.get("accept")),
    customersRead,
  };
  switch (req.method) {
    case "GET":
      return handleRead(r, false);
    case "HEAD":
      return handleRead(r, true);
    case "POST":
      return handleInsert(r);
    case "PATCH":
      return handleUpdate(r);
    case "DELETE":
      return handleDelete(r);
    default:
      throw new RestError(405, "PGRST117", `Unsupported HTTP method: ${req.method}`);
  }
}

/** PostgREST's shape for every failure, whatever part of the pipeline refused. */
function renderRestError(error: unknown, { req, requestId, log }: RequestContext): Response {
  const response = errorResponse(toRestError(error, requestId, log));
  return req.method === "HEAD" ? new Response(null, response) : response;
}

/** Signed-in callers only; the per-table rules follow in `authorize`. Reads count too. */
const restPolicy: Policy<Principal> = { admit: requireSignedIn, limit: "rest", door: "rest" };

/** The route handler of /api/rest/{table}. */
export function handleRest(req: NextRequest, ctx: Context): Promise<Response> {
  return runEntry(
    req,
    restPolicy,
    renderRestError,
    (principal, context) => handle(req, ctx, principal, context),
    ctx.params,
  );
}
