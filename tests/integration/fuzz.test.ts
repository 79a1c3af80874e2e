import { readdirSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE, GET, HEAD, PATCH, POST } from "@/app/api/rest/[table]/route";
import { customerId } from "@/db/seed/static";
import { tableSpecs } from "@/lib/rest/tables";
import { demo } from "./support/demo";
import { limitTo, restoreLimits } from "./support/limits";
import { staff } from "./support/rest";
import { type CallResult, callRoute } from "./support/routes";
import { signInWithSession } from "./support/session";
import { accessToken } from "./support/tokens";

/**
 * Property: whatever the body, query string, headers and path segments, and whoever calls,
 * no route handler answers 5xx, and every 4xx is problem+json (PostgREST's error body on
 * /api/rest). The seed is fixed so that a failure replays; fast-check prints it, with the
 * shrunk counterexample, and FUZZ_SEED runs another.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_203);
const RUNS = Number(process.env.FUZZ_RUNS ?? 800);

type Handler = Parameters<typeof callRoute>[0];
type Caller =
  | "anonymous"
  | "customer cookie"
  | "bearer"
  | "staff cookie"
  | "admin cookie"
  | "admin bearer";
type Credentials = Record<Caller, { token?: string; cookie?: string }>;

const API_DIR = path.join(process.cwd(), "app", "api");
/** Auth.js's own routes answer with redirects and pages of their own, not the portal's errors. */
const NOT_FUZZED = /^auth\//;
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;

interface Endpoint {
  file: string;
  method: string;
  handler: Handler;
  /** The route's path with its dynamic segments, e.g. accounts/[accountId]/bills. */
  segments: string[];
}

async function routeHandlers(): Promise<Endpoint[]> {
  const files = readdirSync(API_DIR, { recursive: true, encoding: "utf8" })
    .filter(
      (file) => file.endsWith("route.ts") && !NOT_FUZZED.test(file) && !file.startsWith("rest/"),
    )
    .sort();
  const endpoints: Endpoint[] = [];
  for (const file of files) {
    const module = (await import(path.join(API_DIR, file))) as Record<string, unknown>;
    for (const method of METHODS) {
      const handler = module[method];
      if (typeof handler === "function") {
        endpoints.push({
          file,
          method,
          handler: handler as Handler,
          segments: file
            .replace(/\/?route\.ts$/, "")
            .split("/")
            .filter(Boolean),
        });
      }
    }
  }
  return endpoints;
}

const KNOWN_IDS = [
  demo.accounts.johnSmith,
  demo.accounts.headquarters,
  demo.premises.mainStreet,
  demo.meters.johnSmith,
  customerId("john-smith"),
];

/** Path segments: real ids, other UUIDs, and text that is not an id at all. */
const segment = fc.oneof(
  { arbitrary: fc.constantFrom(...KNOWN_IDS), weight: 4 },
  fc.uuid(),
  fc.constantFrom("%FF", "%", "%E0%A4%A", "..", "%00", "null", "-1", "0", "9".repeat(40)),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 12 }),
);

/** Text of every kind: ordinary, numeric, dates, unstorable (NUL, lone surrogates), long. */
const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.constantFrom("\u0000", "a\uD800b", "\uDC00", "%00", "'; drop table customers; --", ""),
  fc.integer().map(String),
  fc.double().map(String),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom("2025-13-45", "2025-02-30", "P1D", "1e309", "-0", "NaN", "a".repeat(3000)),
);

const QUERY_NAMES = [
  "limit",
  "cursor",
  "offset",
  "from",
  "to",
  "groupBy",
  "granularity",
  "search",
  "status",
  "format",
  "page",
  "year",
  "month",
];

/** A query string: known parameters (some repeated) and unknown ones, encoded or raw. */
const query = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_NAMES), fc.string({ maxLength: 8 })), text), {
    maxLength: 5,
  })
  .chain((pairs) =>
    fc.oneof(
      { arbitrary: fc.constant(""), weight: 2 },
      {
        arbitrary: fc.constant(
          pairs.map(([k, v]) => `${safeEncode(k)}=${safeEncode(v)}`).join("&"),
        ),
        weight: 3,
      },
      fc.constantFrom("a=%FF", "%=%", "limit=%E0%A4%A", "x=%00", "&&=&"),
    ),
  );

const BODY_FIELDS = [
  "firstName",
  "lastName",
  "businessName",
  "email",
  "phone",
  "nickname",
  "mailingAddress",
  "billDelivery",
  "billReady",
  "customerId",
  "reason",
  "confirm",
  "channels",
];

/** Bodies: JSON of every shape, objects with the fields routes read, and bytes that are not JSON. */
const body = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(
    fc.constantFrom(...BODY_FIELDS),
    fc.oneof(text, fc.jsonValue({ maxDepth: 2 }), fc.dictionary(fc.string({ maxLength: 8 }), text)),
    { maxKeys: 4 },
  ),
  fc.constantFrom("{", "[1,", "\u0000", "null", '{"__proto__":{"x":1}}', "a".repeat(70_000)),
);

/** Header values are bytes a client can send: printable ASCII. */
const headerValue = fc.oneof(
  fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    maxLength: 40,
  }),
  fc.constantFrom(
    "application/json",
    "text/plain",
    "application/x-ndjson",
    "multipart/form-data; boundary=x",
    "*/*",
    "text/csv",
    "items=0-9",
    "bytes=-5",
    "count=exact",
    "return=representation",
    "http://localhost:9999",
    "http://localhost:3999",
    "null",
  ),
);

const headers = fc.dictionary(
  fc.constantFrom(
    "content-type",
    "accept",
    "range",
    "prefer",
    "origin",
    "x-forwarded-for",
    "if-none-match",
    "accept-profile",
    "x-request-id",
    "idempotency-key",
  ),
  headerValue,
  { maxKeys: 3 },
);

/** Whoever calls: the routes are mostly for customers, /api/rest is for the admin. */
const weighted = (weights: Record<Caller, number>) =>
  fc.oneof(
    ...Object.entries(weights).map(([who, weight]) => ({
      arbitrary: fc.constant(who as Caller),
      weight,
    })),
  );
const routeCaller = weighted({
  anonymous: 1,
  "customer cookie": 3,
  bearer: 3,
  "staff cookie": 2,
  "admin cookie": 1,
  "admin bearer": 1,
});
const restCaller = weighted({
  anonymous: 1,
  "customer cookie": 1,
  bearer: 1,
  "staff cookie": 1,
  "admin cookie": 3,
  "admin bearer": 5,
});

/** encodeURIComponent, or the raw text where it cannot encode (a lone surrogate). */
function safeEncode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value;
  }
}

function describeResult(result: CallResult): string {
  return `${result.status} ${result.headers.get("content-type")}: ${result.text.slice(0, 300)}`;
}

function expectProblem(result: CallResult): void {
  expect(result.status, describeResult(result)).toBeLessThan(500);
  if (result.status >= 400) {
    expect(result.headers.get("content-type"), describeResult(result)).toBe(
      "application/problem+json",
    );
    expect(result.body, describeResult(result)).toMatchObject({
      status: result.status,
      code: expect.any(String),
    });
  }
}

function expectPostgrestError(result: CallResult, method: string): void {
  expect(result.status, describeResult(result)).toBeLessThan(500);
  if (result.status >= 400 && method !== "HEAD") {
    expect(result.headers.get("content-type"), describeResult(result)).toContain("json");
    expect(result.body, describeResult(result)).toMatchObject({
      code: expect.any(String),
      message: expect.any(String),
    });
  }
}

describe("fuzzed requests", () => {
  const credentials = {} as Credentials;
  let endpoints: Endpoint[];

  beforeAll(async () => {
    // The limits would answer 429 before most handlers saw the request.
    for (const name of ["SIGN_IN", "INVITE", "EXPORT", "WRITE", "REST"] as const) {
      limitTo(`RATE_LIMIT_${name}`, "off");
    }
    credentials.anonymous = {};
    credentials["customer cookie"] = { cookie: await signInWithSession("alice") };
    credentials.bearer = { token: await accessToken("bob") };
    credentials["staff cookie"] = {
      cookie: await signInWithSession("jsmith", { provider: "keycloak-staff" }),
    };
    credentials["admin cookie"] = {
      cookie: await signInWithSession("admin", { provider: "keycloak-staff" }),
    };
    credentials["admin bearer"] = { token: await staff.admin() };
    endpoints = await routeHandlers();
  });

  afterAll(restoreLimits);

  it("finds the route handlers", () => {
    expect(endpoints.length).toBeGreaterThanOrEqual(30);
  });

  it("never answer 5xx from a route handler, and every 4xx is problem+json", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.array(segment, { minLength: 2, maxLength: 2 }),
        query,
        body,
        headers,
        routeCaller,
        async (pick, ids, search, payload, extra, who) => {
          const endpoint = endpoints[pick % endpoints.length] as Endpoint;
          const params: Record<string, string> = {};
          let nextId = 0;
          const pathname = endpoint.segments
            .map((part) => {
              const name = /^\[(\w+)\]$/.exec(part)?.[1];
              if (!name) return part;
              const value = ids[nextId++ % ids.length] as string;
              params[name] = value;
              return /%/.test(value) ? value : safeEncode(value);
            })
            .join("/");
          const result = await callRoute(endpoint.handler, `/api/${pathname}?${search}`, {
            method: endpoint.method,
            params,
            body: endpoint.method === "GET" || endpoint.method === "HEAD" ? undefined : payload,
            headers: {
              ...extra,
              ...(credentials[who].cookie ? { cookie: credentials[who].cookie } : {}),
            },
            token: credentials[who].token,
          });
          if (endpoint.method !== "HEAD") expectProblem(result);
          else expect(result.status).toBeLessThan(500);
        },
      ),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  });

  const restHandlers = { GET, HEAD, POST, PATCH, DELETE };
  const tables = tableSpecs.map((t) => t.name);
  const columns = [...new Set(tableSpecs.flatMap((t) => t.columns.map((c) => c.name)))];
  const operators = [
    "eq",
    "neq",
    "gt",
    "lt",
    "gte",
    "lte",
    "like",
    "ilike",
    "in",
    "is",
    "not.eq",
    "cs",
    "fts",
    "xx",
  ];

  /** PostgREST's grammar, well-formed and not: filters, select with embedding, order, paging. */
  const restQuery = fc
    .array(
      fc.oneof(
        fc
          .tuple(fc.constantFrom(...columns), fc.constantFrom(...operators), text)
          .map(([c, op, v]) => `${c}=${op}.${safeEncode(v)}`),
        fc
          .array(
            fc.oneof(
              fc.constantFrom(...columns, "*", "customer_accounts(*)", "accounts!inner(id)"),
              fc.string({ maxLength: 6 }),
            ),
            { maxLength: 3 },
          )
          .map((cols) => `select=${safeEncode(cols.join(","))}`),
        fc
          .tuple(
            fc.constantFrom(...columns),
            fc.constantFrom("", ".asc", ".desc.nullslast", ".sideways"),
          )
          .map(([c, dir]) => `order=${c}${dir}`),
        fc.tuple(fc.constantFrom("limit", "offset"), text).map(([k, v]) => `${k}=${safeEncode(v)}`),
        fc.tuple(fc.constantFrom("or", "and"), text).map(([k, v]) => `${k}=(${safeEncode(v)})`),
        fc.constantFrom("id=eq.%FF", "=", "select=", "order=", "limit=-1", "a.b.c=eq.1"),
      ),
      { maxLength: 4 },
    )
    .map((parts) => parts.join("&"));

  it("never answer 5xx from /api/rest, and every 4xx is PostgREST's error body", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("GET", "HEAD", "POST", "PATCH", "DELETE" as const),
        fc.oneof({ arbitrary: fc.constantFrom(...tables), weight: 6 }, segment),
        restQuery,
        body,
        headers,
        restCaller,
        async (method, table, search, payload, extra, who) => {
          const result = await callRoute(
            restHandlers[method as keyof typeof restHandlers],
            `/api/rest/${/%/.test(table) ? table : safeEncode(table)}?${search}`,
            {
              method,
              params: { table },
              body: method === "GET" || method === "HEAD" ? undefined : payload,
              headers: {
                ...extra,
                ...(credentials[who].cookie ? { cookie: credentials[who].cookie } : {}),
              },
              token: credentials[who].token,
            },
          );
          expectPostgrestError(result, method);
        },
      ),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  });
});
