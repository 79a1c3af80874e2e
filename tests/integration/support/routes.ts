import { NextRequest } from "next/server";
import { recordStatements } from "@/db/client";

type Handler = (req: NextRequest, ctx: { params: Promise<any> }) => Promise<Response>;

export interface CallOptions {
  method?: string;
  token?: string;
  headers?: Record<string, string>;
  body?: unknown;
  params?: Record<string, string>;
}

export interface CallResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
  /** The SQL statements the request sent. */
  statements: string[];
}

/** Calls a route handler in-process with a real request, the way Next.js would. */
export async function callRoute<T = any>(
  handler: Handler,
  path: string,
  options: CallOptions = {},
): Promise<CallResult<T>> {
  const headers = new Headers(options.headers);
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const req = new NextRequest(new URL(path, "http://localhost:3999"), {
    method: options.method ?? "GET",
    headers,
    body,
  });
  const { result: response, statements } = await recordStatements(() =>
    handler(req, { params: Promise.resolve(options.params ?? {}) }),
  );
  const text = await response.text();
  const type = response.headers.get("content-type") ?? "";
  const parsed = type.includes("json") && text ? JSON.parse(text) : text;
  return {
    status: response.status,
    headers: response.headers,
    body: parsed as T,
    text,
    statements,
  };
}
