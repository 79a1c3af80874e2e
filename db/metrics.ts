import { type Meter, ValueType } from "@opentelemetry/api";
import { log, safeError } from "@/lib/log";
import { getDatabase } from "./client";
import { outboxLagSeconds } from "./queries/health";
import { poolsInUse } from "./traced-client";

/**
 * The database's gauges, read when metrics are collected: the Postgres pool's size and the
 * connections in use, and how far the outbox relay is behind (the oldest unpublished event).
 */
export function observeDatabase(meter: Meter): void {
  meter
    .createObservableGauge("db.client.connection.max", {
      description: "Connections the pool may open",
      unit: "{connection}",
      valueType: ValueType.INT,
    })
    .addCallback((result) => {
      for (const pool of poolsInUse())
        result.observe(pool.size, { "db.client.connection.pool.name": pool.name });
    });
  meter
    .createObservableGauge("db.client.connection.count", {
      description: "Connections held by a statement or a transaction",
      unit: "{connection}",
      valueType: ValueType.INT,
    })
    .addCallback((result) => {
      for (const pool of poolsInUse())
        result.observe(pool.inUse, {
          "db.client.connection.pool.name": pool.name,
          "db.client.connection.state": "used",
        });
    });
  meter
    .createObservableGauge("portal.outbox.lag", {
      description: "Age of the oldest event the relay has not published",
      unit: "s",
    })
    .addCallback(async (result) => {
      try {
        result.observe(await outboxLagSeconds(getDatabase()));
      } catch (error) {
        // A database that cannot be reached shows in the health check and the request errors.
        log.warn({ err: safeError(error) }, "outbox lag unavailable");
      }
    });
}
