import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { logOptions, safeError } from "./log";

/** A logger made as the portal's is, writing its lines here instead of stdout. */
function capture() {
  const lines: Record<string, any>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ ...logOptions, level: "info" }, sink), lines };
}

describe("the portal's log", () => {
  it("writes one JSON line with the service name and the fields given", () => {
    const { logger, lines } = capture();
    logger.child({ requestId: "req-1" }).info({ route: "/api/accounts/[accountId]" }, "request");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      service: "energy-portal",
      requestId: "req-1",
      route: "/api/accounts/[accountId]",
      msg: "request",
      level: 30,
    });
  });

  it("redacts personal data at the top level and nested", () => {
    const { logger, lines } = capture();
    logger.info({
      email: "alice@example.com",
      phone: "+44 7700 900123",
      customer: {
        id: "c-1",
        firstName: "Alice",
        lastName: "Smith",
        email: "alice@example.com",
        address: { line1: "1 High Street", postcode: "AB1 2CD" },
        mailingAddress: "1 High Street",
      },
      change: { after: { phone: "+44 7700 900123", street: "2 Low Road" } },
    });
    const [line] = lines;
    const text = JSON.stringify(line);
    for (const value of [
      "alice@example.com",
      "7700",
      "Alice",
      "Smith",
      "High Street",
      "Low Road",
    ]) {
      expect(text).not.toContain(value);
    }
    expect(line?.customer.id).toBe("c-1");
    expect(line?.email).toBe("[redacted]");
    expect(line?.customer.address).toBe("[redacted]");
    expect(line?.change.after.phone).toBe("[redacted]");
  });

  it("redacts tokens, secrets and the headers that carry them", () => {
    const { logger, lines } = capture();
    logger.info({
      headers: {
        authorization: "Bearer eyJhbGciOi.secret.sig",
        cookie: "authjs.session-token=abc123",
        "set-cookie": "authjs.session-token=def456; HttpOnly",
        "x-request-id": "req-2",
      },
      grant: {
        access_token: "at-789",
        id_token: "it-789",
        refresh_token: "rt-789",
        client_secret: "cs-789",
      },
      password: "hunter2",
      token: "invite-token-1",
    });
    const [line] = lines;
    const text = JSON.stringify(line);
    for (const value of ["eyJhbGciOi", "abc123", "def456", "789", "hunter2", "invite-token-1"]) {
      expect(text).not.toContain(value);
    }
    expect(line?.headers["x-request-id"]).toBe("req-2");
    expect(line?.headers["set-cookie"]).toBe("[redacted]");
    expect(line?.grant.client_secret).toBe("[redacted]");
  });

  it("keeps a driver's error without the parameters it quotes", () => {
    const error = Object.assign(new Error("insert failed params: alice@example.com"), {
      code: "23505",
    });
    const { logger, lines } = capture();
    logger.error({ err: safeError(error) }, "failed");
    const text = JSON.stringify(lines[0]);
    expect(text).not.toContain("alice@example.com");
    expect(lines[0]?.err).toMatchObject({ type: "Error", code: "23505" });
  });

  it("makes an error logged as it was thrown safe too", () => {
    const error = Object.assign(new TypeError("lookup failed params: +44 7700 900123"), {
      parameters: ["+44 7700 900123"],
    });
    const { logger, lines } = capture();
    logger.error({ err: error }, "failed");
    expect(JSON.stringify(lines[0])).not.toContain("7700");
    expect(lines[0]?.err).toMatchObject({ type: "TypeError" });
  });
});
