import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { closeDatabase } from "@/db/client";
import { flushAccessAudit } from "@/lib/domain/access-audit";
import { shutdownEnv } from "@/lib/env";
import { log, safeError } from "@/lib/log";
import { shutdownTelemetry } from "@/lib/telemetry";

/**
 * Graceful shutdown of the portal's server. Next.js, started with NEXT_MANUAL_SIG_HANDLE=true,
 * leaves SIGTERM and SIGINT to this: the listener closes (new connections are refused), requests
 * in flight finish for up to SHUTDOWN_DRAIN_MS, each answering with `Connection: close`, then the
 * queued access audit is written, the database pool closed, and the process exits 0.
 *
 * Node's HTTP server announces each request and its server on a diagnostics channel, so the
 * requests in flight are counted here without any route or the pipeline knowing.
 */

/** What writing the audit and closing the pool may take after the drain. */
const CLEANUP_MS = 15_000;

interface RequestStart {
  request: IncomingMessage;
  response: ServerResponse;
  server: Server;
}

const state = globalThis as unknown as { portalShutdown?: { stopping: boolean } };

const servers = new Set<Server>();
const inFlight = new Set<ServerResponse>();
let settled: (() => void) | undefined;

function onRequest(message: unknown) {
  const { response, server } = message as RequestStart;
  servers.add(server);
  inFlight.add(response);
  // A request that came on a kept-alive connection just before the listener closed is served,
  // and its connection is not kept.
  if (state.portalShutdown?.stopping) response.shouldKeepAlive = false;
  response.once("close", () => {
    inFlight.delete(response);
    if (state.portalShutdown?.stopping) {
      server.closeIdleConnections();
      if (inFlight.size === 0) settled?.();
    }
  });
}

/** Resolves once no request is in flight, or after `ms`; says which. */
async function drain(ms: number): Promise<boolean> {
  if (inFlight.size === 0) return true;
  const idle = new Promise<boolean>((resolve) => {
    settled = () => resolve(true);
  });
  const abort = new AbortController();
  const timedOut = sleep(ms, false, { signal: abort.signal }).catch(() => false);
  const drained = await Promise.race([idle, timedOut]);
  abort.abort();
  return drained;
}

async function shutDown(signal: string, drainMs: number): Promise<number> {
  log.info({ signal, inFlight: inFlight.size, drainMs }, "shutting down");
  const closed = [...servers].map(
    (server) =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  );
  for (const response of inFlight) response.shouldKeepAlive = false;
  const drained = await drain(drainMs);
  if (!drained)
    log.warn({ unfinished: inFlight.size }, "requests still in flight after the drain; dropped");
  // Drained, what is left are kept-alive connections with no request on them.
  for (const server of servers) server.closeAllConnections();
  await Promise.all(closed);
  try {
    await flushAccessAudit();
    await closeDatabase();
    // Last, so the spans and metrics of the requests just drained are exported too.
    await shutdownTelemetry();
  } catch (error) {
    log.error({ err: safeError(error) }, "shutdown cleanup failed");
    return 1;
  }
  log.info({ drained }, "shut down");
  return 0;
}

/**
 * Installs the handlers once per process (register() runs again on a hot reload). Without
 * NEXT_MANUAL_SIG_HANDLE, Next.js stops the server itself and this stays out of its way.
 */
export function installGracefulShutdown(): void {
  if (state.portalShutdown) return;
  state.portalShutdown = { stopping: false };
  if (!process.env.NEXT_MANUAL_SIG_HANDLE) {
    if (process.env.NODE_ENV === "production")
      log.warn("NEXT_MANUAL_SIG_HANDLE is not set: a stop does not wait for the audit or the pool");
    return;
  }
  const { SHUTDOWN_DRAIN_MS } = shutdownEnv();
  subscribe("http.server.request.start", onRequest);
  const stop = (signal: NodeJS.Signals) => {
    const current = state.portalShutdown;
    if (!current || current.stopping) return;
    current.stopping = true;
    // Writing the audit and closing the pool wait on the database; should it hang, still go.
    setTimeout(() => {
      log.error("shutdown did not finish in time; exiting");
      process.exit(1);
    }, SHUTDOWN_DRAIN_MS + CLEANUP_MS).unref();
    void shutDown(signal, SHUTDOWN_DRAIN_MS).then((code) => process.exit(code));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
