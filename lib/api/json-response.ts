/**
 * Serialised bodies of answers the database layer hands out more than once (cached pages): a
 * body object is turned into JSON once, and each answer only adds its own fields after it.
 */
const serialised = new WeakMap<object, string>();

/** `Response.json({ ...extra, ...body })` (the body keeps its own fields), reusing the body's JSON. */
export function jsonResponse(
  body: Record<string, unknown>,
  extra: Record<string, unknown>,
  init: ResponseInit = {},
): Response {
  let json = serialised.get(body);
  if (json === undefined) {
    json = JSON.stringify(body);
    serialised.set(body, json);
  }
  const fields = Object.entries(extra)
    .filter(([key]) => !(key in body))
    .map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value ?? null)}`);
  const text =
    fields.length === 0
      ? json
      : `${json.slice(0, -1)}${json === "{}" ? "" : ","}${fields.join(",")}}`;
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json");
  return new Response(text, { ...init, headers });
}
