/** Runs once when the server starts (Next.js). The server's own concerns live in lib/http. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Telemetry is exported only where a collector is configured (the SDK cannot run on the edge).
    if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT) {
      const { startTelemetry } = await import("./instrumentation.node");
      startTelemetry();
    }
    const { installGracefulShutdown } = await import("./lib/http/shutdown");
    installGracefulShutdown();
  }
}
