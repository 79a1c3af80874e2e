import "server-only";
import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { isDatabaseUnavailable } from "@/lib/api/database-errors";
import { resolvePrincipal } from "@/lib/api/handler";
import { actorOf } from "@/lib/domain/events";
import { AppError } from "@/lib/errors";
import { authenticationError, authorize } from "./access";
import { findPgError, restErrorFromDatabase } from "./database-errors";
import { errorResponse, RestError, unknownTable } from "./errors";
import { MAX_QUERY_LENGTH, negotiate, parsePrefer, parseQuery } from "./parse-request";
import { handleRead } from "./read";
import type { RestRequest } from "./request";
import { resolveQuery } from "./resolve";
import { findTable, suggestTable } from "./tables";
import { handleDelete, handleInsert, handleUpdate } from "./write";

type Context = { params: Promise<Record<string, string | string[] | undefined>> };

function log(level: "warn" | "error", requestId: string, message: string, fields: object) {
  console[level](JSON.stringify({ level, requestId, message, ...fields }));
}

/** Anything thrown, as a PostgREST-style error; database internals are logged, never returned. */
function toRestError(error: unknown, requestId: string): RestError {
  if (error instanceof RestError) return error;
  if (error instanceof AppError) {
    if (error.status === 401) return authenticationError(error);
    return new RestError(error.status, error.code, error.message);
  }
  if (isDatabaseUnavailable(error)) {
    log("error", requestId, "database unavailable", { error: String(error) });
    return new RestError(503, "PGRST001", "Database client error. Retrying the connection.");
  }
  const pg = findPgError(error);
  if (pg) {
    const answer = restErrorFromDatabase(pg);
    log(answer.status >= 500 ? "error" : "warn", requestId, "statement refused", {
      code: pg.code,
      constraint: pg.constraint,
      error: pg.message,
    });
    return answer;
  }
  log("error", requestId, "unhandled error", {
    error: error instanceof Error ? error.message : String(error),
    stack: error instanceof Error ? error.stack : undefined,
  });
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

async function handle(req: NextRequest, ctx: Context, requestId: string): Promise<Response> {
  const params = await ctx.params;
  const name = typeof params.table === "string" ? params.table : "";
  const principal = await resolvePrincipal(req);
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

/** The route handler of /api/rest/{table}. */
export async function handleRest(req: NextRequest, ctx: Context): Promise<Response> {
  const requestId = req.headers.get("x-request-id")?.slice(0, 64) || randomUUID();
  let response: Response;
  try {
    response = await handle(req, ctx, requestId);
  } catch (error) {
    const restError = toRestError(error, requestId);
    response = errorResponse(restError);
    if (req.method === "HEAD") response = new Response(null, response);
  }
  response.headers.set("x-request-id", requestId);
  response.headers.set("cache-control", "private, no-store");
  return response;
}
