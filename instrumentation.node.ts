import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { NodeSDK } from "@opentelemetry/sdk-node";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import { observeDatabase } from "@/db/metrics";
import { log } from "@/lib/log";
import { meter, telemetryStarted } from "@/lib/telemetry";

/**
 * Starts OpenTelemetry: traces and metrics exported over OTLP/HTTP to
 * OTEL_EXPORTER_OTLP_ENDPOINT (the exporters read it and the other OTEL_* variables themselves).
 * The portal's own spans (requests, SQL statements) and metrics go through `lib/telemetry.ts`;
 * `shutdownTelemetry()` there flushes and stops what this started.
 */
export function startTelemetry(options: { metricIntervalMs?: number } = {}): void {
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: process.env.OTEL_SERVICE_NAME ?? "energy-portal",
    }),
    traceExporter: new OTLPTraceExporter(),
    metricReaders: [
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter(),
        exportIntervalMillis:
          options.metricIntervalMs ?? Number(process.env.OTEL_METRIC_EXPORT_INTERVAL ?? 60_000),
      }),
    ],
    instrumentations: [],
  });
  sdk.start();
  telemetryStarted(() => sdk.shutdown());
  observeDatabase(meter());
  log.info({ endpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT }, "telemetry started");
}
