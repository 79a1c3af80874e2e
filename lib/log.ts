import pino from "pino";

/**
 * The portal's log: one JSON line per event on stdout. Personal data, tokens and secrets are
 * redacted wherever they appear as fields; errors go through `safeError`, which keeps what
 * helps to find a fault and never the SQL parameters or the rows a driver quotes back.
 */
export const log = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info"),
  base: { service: "energy-portal" },
  redact: {
    paths: [
      "email",
      "phone",
      "name",
      "firstName",
      "lastName",
      "street",
      "token",
      "password",
      "secret",
      "authorization",
      "cookie",
      "*.email",
      "*.phone",
      "*.name",
      "*.street",
      "*.token",
      "*.password",
      "*.secret",
      "*.authorization",
      "*.cookie",
      "headers.authorization",
      "headers.cookie",
    ],
    censor: "[redacted]",
  },
});

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
