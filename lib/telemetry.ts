import {
  type Attributes,
  type Counter,
  type Histogram,
  type Meter,
  metrics,
  type Tracer,
  trace,
  ValueType,
} from "@opentelemetry/api";

/**
 * The portal's tracer and meter. Until `instrumentation.node.ts` starts the OpenTelemetry SDK
 * (only when OTEL_EXPORTER_OTLP_ENDPOINT is set) both are OpenTelemetry's no-ops, so callers
 * record spans and measurements unconditionally at next to no cost.
 */
const SCOPE = "energy-portal";

export function tracer(): Tracer {
  return trace.getTracer(SCOPE);
}

export function meter(): Meter {
  return metrics.getMeter(SCOPE);
}

interface Instruments {
  requests: Counter;
  requestDuration: Histogram;
  requestErrors: Counter;
  rowsIngested: Counter;
}

// The metrics API has no proxy provider: instruments made before the SDK starts stay no-ops, so
// they are made on first use and again once the SDK is started.
let instruments: Instruments | undefined;

function made(): Instruments {
  if (instruments) return instruments;
  const m = meter();
  instruments = {
    requests: m.createCounter("http.server.requests", {
      description: "Requests answered, by route and status class",
      valueType: ValueType.INT,
    }),
    requestDuration: m.createHistogram("http.server.request.duration", {
      description: "Time to answer a request",
      unit: "s",
    }),
    requestErrors: m.createCounter("http.server.errors", {
      description: "Requests answered with a 4xx or 5xx status, by route and status class",
      valueType: ValueType.INT,
    }),
    rowsIngested: m.createCounter("portal.ingest.rows", {
      description: "Rows the feeds stored (accepted or replaced), by feed",
      valueType: ValueType.INT,
    }),
  };
  return instruments;
}

/** `2xx`, `4xx`, …: the status class metrics are split by (a status per route is too many). */
export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

/** One answered request (an API call or a server action) in the request metrics. */
export function recordRequest(entry: {
  method: string;
  route: string;
  status: number;
  durationMs: number;
}): void {
  const attributes: Attributes = {
    "http.request.method": entry.method,
    "http.route": entry.route,
    "http.response.status_class": statusClass(entry.status),
  };
  const m = made();
  m.requests.add(1, attributes);
  m.requestDuration.record(entry.durationMs / 1000, attributes);
  if (entry.status >= 400) m.requestErrors.add(1, attributes);
}

/** Rows a feed's batch stored. */
export function recordRowsIngested(feed: string, rows: number): void {
  if (rows > 0) made().rowsIngested.add(rows, { feed });
}

let stopSdk: (() => Promise<void>) | undefined;

/** Called by the SDK's starter: instruments are remade on the real meter, and shutdown wired. */
export function telemetryStarted(shutdown: () => Promise<void>): void {
  instruments = undefined;
  stopSdk = shutdown;
}

/**
 * Flushes the spans and metrics not yet exported and stops the SDK; a no-op when it was never
 * started. Graceful shutdown calls it last, after the requests in flight have finished.
 */
export async function shutdownTelemetry(): Promise<void> {
  const stop = stopSdk;
  stopSdk = undefined;
  instruments = undefined;
  await stop?.();
}
