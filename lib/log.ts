import pino from "pino";

/**
 * Field names whose values never reach the log, wherever they sit in the first three levels of
 * a logged object: personal data (contact details and addresses), tokens and secrets, and the
 * HTTP headers that carry them.
 */
export const redactedFields = [
  // Personal data
  "email",
  "phone",
  "name",
  "firstName",
  "lastName",
  "businessName",
  "address",
  "street",
  "addressLine1",
  "addressLine2",
  "line1",
  "line2",
  "city",
  "postcode",
  "mailingAddress",
  "billingAddress",
  // Tokens and secrets
  "token",
  "password",
  "secret",
  "access_token",
  "id_token",
  "refresh_token",
  "client_secret",
  "accessToken",
  "idToken",
  "refreshToken",
  "clientSecret",
  // Headers
  "authorization",
  "cookie",
  "set-cookie",
] as const;

const redactPaths = redactedFields.flatMap((field) => {
  const key = /^[A-Za-z_$][\w$]*$/.test(field) ? `.${field}` : `["${field}"]`;
  return [key.slice(key.startsWith(".") ? 1 : 0), `*${key}`, `*.*${key}`];
});

/** The options every logger of the portal is made with (tests add a destination of their own). */
export const logOptions: pino.LoggerOptions = {
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info"),
  base: { service: "energy-portal" },
  redact: { paths: redactPaths, censor: "[redacted]" },
  // An error logged as `err` is always made safe, and keeps its own class name as its type.
  serializers: { err: (error: unknown) => (error instanceof Error ? safeError(error) : error) },
};

/**
 * The portal's log: one JSON line per event on stdout. Personal data, tokens and secrets are
 * redacted wherever they appear as fields; errors go through `safeError`, which keeps what
 * helps to find a fault and never the SQL parameters or the rows a driver quotes back.
 */
export const log = pino(logOptions);

/** The call frames of a stack, without the message it starts with. */
function frames(stack: string): string {
  const at = stack.indexOf("\n    at ");
  return at < 0 ? "" : stack.slice(at);
}

/**
 * What is safe to log of an error: its class, message, code and stack. Database drivers attach
 * the statement's parameters (`parameters`, `params`) and quote rows (`detail`, `where`):
 * those hold customers' data and are dropped.
 */
export function safeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const e = error as Error & { code?: unknown; constraint?: unknown; cause?: unknown };
  const message = e.message.replace(/params: .*/s, "params: [redacted]");
  return {
    type: e.name,
    message,
    ...(typeof e.code === "string" ? { code: e.code } : {}),
    ...(typeof e.constraint === "string" ? { constraint: e.constraint } : {}),
    stack: e.stack ? `${e.name}: ${message}${frames(e.stack)}` : undefined,
    ...(e.cause instanceof Error ? { cause: safeError(e.cause) } : {}),
  };
}
