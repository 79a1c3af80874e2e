// Next.js calls register() once per server process, before it serves anything.
export async function register() {
  // Telemetry is exported only where a collector is configured, and only from the Node.js
  // runtime (the SDK cannot run on the edge).
  if (process.env.NEXT_RUNTIME === "nodejs" && process.env.OTEL_EXPORTER_OTLP_ENDPOINT) {
    const { startTelemetry } = await import("./instrumentation.node");
    startTelemetry();
  }
}
