import { NextRequest } from "next/server";
import { recordStatements } from "@/db/client";
import { PORTAL_ORIGIN } from "./session";

type Handler = (req: NextRequest, ctx: { params: Promise<any> }) => Promise<Response>;

export interface CallOptions {
  method?: string;
  token?: string;
  headers?: Record<string, string>;
  body?: unknown;
  params?: Record<string, string>;
  /** Leaves out the Origin a browser sends with a write carried by the session cookie. */
  noOrigin?: boolean;
}

export interface CallResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
  /** The SQL statements the request's work sent. */
  statements: string[];
  /** The statements of the request pipeline itself (revocation, rate limit, read-only check). */
  overhead: string[];
}

/** Calls a route handler in-process with a real request, the way Next.js would. */
export async function callRoute<T = any>(
  handler: Handler,
  path: string,
  options: CallOptions = {},
): Promise<CallResult<T>> {
  const headers = new Headers(options.headers);
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  const method = options.method ?? "GET";
  if (headers.has("cookie") && !headers.has("origin") && !options.noOrigin && method !== "GET") {
    headers.set("origin", PORTAL_ORIGIN);
  }
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const req = new NextRequest(new URL(path, "http://localhost:3999"), {
    method,
    headers,
    body,
  });
  const {
    result: response,
    statements,
    overhead,
  } = await recordStatements(() => handler(req, { params: Promise.resolve(options.params ?? {}) }));
  const text = await response.text();
  const type = response.headers.get("content-type") ?? "";
  const parsed = type.includes("json") && text ? JSON.parse(text) : text;
  return {
    status: response.status,
    headers: response.headers,
    body: parsed as T,
    text,
    statements,
    overhead,
  };
}
