import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getBills } from "@/app/api/accounts/[accountId]/bills/route";
import { GET as getHealth } from "@/app/api/health/route";
import { startTelemetry } from "@/instrumentation.node";
import { stopViewing } from "@/lib/auth/impersonation-actions";
import { log } from "@/lib/log";
import { shutdownTelemetry } from "@/lib/telemetry";
import { callAction } from "./support/actions";
import { demo } from "./support/demo";
import { ndjson, sendFeed } from "./support/feeds";
import { latestRead } from "./support/readings";
import { callRoute } from "./support/routes";
import { accessToken } from "./support/tokens";

const aliceBills = `/api/accounts/${demo.accounts.johnSmith}/bills`;

/** The portal's log lines, captured from its own logger while `fn` runs. */
async function loggedDuring(fn: () => Promise<unknown>): Promise<Record<string, any>[]> {
  const lines: Record<string, any>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const logger = log as unknown as Record<symbol, unknown>;
  const stream = logger[pino.symbols.streamSym];
  const level = log.level;
  logger[pino.symbols.streamSym] = sink;
  log.level = "info";
  try {
    await fn();
  } finally {
    logger[pino.symbols.streamSym] = stream;
    log.level = level;
  }
  return lines;
}

describe("the request log", () => {
  it("writes one line per request: request id, principal kind, route pattern, status, duration", async () => {
    const token = await accessToken("alice");
    let echoed: string | null = null;
    const lines = await loggedDuring(async () => {
      const result = await callRoute(getBills, aliceBills, {
        token,
        params: { accountId: demo.accounts.johnSmith },
        headers: { "x-request-id": "lb-4f2a" },
      });
      expect(result.status).toBe(200);
      echoed = result.headers.get("x-request-id");
    });
    expect(echoed).toBe("lb-4f2a");
    const requests = lines.filter((line) => line.msg === "request");
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      service: "energy-portal",
      requestId: "lb-4f2a",
      method: "GET",
      route: "/api/accounts/[accountId]/bills",
      status: 200,
      principal: "customer",
    });
    expect(requests[0]?.durationMs).toBeGreaterThanOrEqual(0);
    // The line names the route, not the account, and carries no token.
    expect(JSON.stringify(lines)).not.toContain(demo.accounts.johnSmith);
    expect(JSON.stringify(lines)).not.toContain(token);
  });

  it("gives a request without an id a new one, and names an anonymous caller", async () => {
    let echoed: string | null = null;
    const lines = await loggedDuring(async () => {
      echoed = (await callRoute(getHealth, "/api/health")).headers.get("x-request-id");
    });
    expect(echoed).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.filter((line) => line.msg === "request")).toEqual([
      expect.objectContaining({
        requestId: echoed,
        route: "/api/health",
        status: 200,
        principal: "anonymous",
      }),
    ]);
  });

  it("writes one line per server action, under the action's name", async () => {
    const lines = await loggedDuring(() =>
      callAction(() => stopViewing(), { headers: { "x-request-id": "action-7" } }),
    );
    expect(lines.filter((line) => line.msg === "request")).toEqual([
      expect.objectContaining({
        requestId: "action-7",
        method: "POST",
        route: "action:stopViewing",
        status: 401,
        principal: "anonymous",
      }),
    ]);
  });
});

interface Attribute {
  key: string;
  value: { stringValue?: string; intValue?: number | string; doubleValue?: number };
}

interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: Attribute[];
}

const attribute = (attributes: Attribute[] | undefined, key: string) => {
  const value = attributes?.find((a) => a.key === key)?.value;
  return value?.stringValue ?? (value?.intValue === undefined ? undefined : Number(value.intValue));
};

describe("OpenTelemetry over OTLP/HTTP", () => {
  const received: { path: string; body: any }[] = [];
  let receiver: Server;

  beforeAll(async () => {
    // A collector of our own: it keeps whatever the exporters POST.
    receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        received.push({ path: req.url ?? "", body: JSON.parse(body) });
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const { port } = receiver.address() as AddressInfo;
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${port}`;
    startTelemetry();
  });

  afterAll(async () => {
    await shutdownTelemetry();
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    await new Promise((resolve) => receiver.close(resolve));
  });

  it("exports a span per request with its route, the SQL it ran, and the metrics", async () => {
    const result = await callRoute(getBills, aliceBills, {
      token: await accessToken("alice"),
      params: { accountId: demo.accounts.johnSmith },
    });
    expect(result.status).toBe(200);
    const last = await latestRead(demo.meters.johnSmith);
    const fed = await sendFeed(
      "readings",
      ndjson([
        {
          meterNumber: "E-12345678",
          readAt: new Date(last.at + 30 * 60_000).toISOString(),
          value: last.register + 0.5,
        },
      ]),
    );
    expect(fed.body).toMatchObject({ accepted: 1 });
    // Shutting down flushes the spans and metrics not yet sent.
    await shutdownTelemetry();

    const spans: ExportedSpan[] = received
      .filter((r) => r.path === "/v1/traces")
      .flatMap((r) => r.body.resourceSpans)
      .flatMap((rs: any) => rs.scopeSpans)
      .flatMap((ss: any) => ss.spans);
    const request = spans.find(
      (s) => attribute(s.attributes, "http.route") === "/api/accounts/[accountId]/bills",
    );
    expect(request?.name).toBe("GET /api/accounts/[accountId]/bills");
    expect(attribute(request?.attributes, "http.response.status_code")).toBe(200);
    const statements = spans.filter(
      (s) => s.traceId === request?.traceId && attribute(s.attributes, "db.system.name"),
    );
    expect(statements.length).toBeGreaterThan(0);
    const select = statements.find((s) => s.name === "SELECT");
    expect(attribute(select?.attributes, "db.query.text")).toMatch(/^\s*select/i);
    // Statements are children of the request's span (some under the handler's own spans).
    expect(statements.some((s) => s.parentSpanId === request?.spanId)).toBe(true);

    const metrics = new Map<string, any>(
      received
        .filter((r) => r.path === "/v1/metrics")
        .flatMap((r) => r.body.resourceMetrics)
        .flatMap((rm: any) => rm.scopeMetrics)
        .flatMap((sm: any) => sm.metrics)
        .map((m: any) => [m.name, m]),
    );
    const duration = metrics.get("http.server.request.duration");
    const billsPoint = duration?.histogram.dataPoints.find(
      (p: any) => attribute(p.attributes, "http.route") === "/api/accounts/[accountId]/bills",
    );
    expect(Number(billsPoint?.count)).toBe(1);
    expect(attribute(billsPoint?.attributes, "http.response.status_class")).toBe("2xx");
    expect(metrics.get("http.server.requests")).toBeDefined();
    const [rows] = metrics.get("portal.ingest.rows")?.sum.dataPoints ?? [];
    expect(attribute(rows?.attributes, "feed")).toBe("readings");
    expect(Number(rows?.asInt)).toBe(1);
    expect(metrics.get("db.client.connection.max")?.gauge.dataPoints[0]?.asInt).toBeDefined();
    expect(metrics.get("portal.outbox.lag")?.gauge.dataPoints[0]?.asDouble).toBeDefined();
  });
});
