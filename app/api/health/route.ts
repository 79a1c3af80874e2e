// GET /api/health - readiness: the database answers, its migrations are all applied, and how far
// behind the outbox relay is. 503 (within 2 s, with the Retry-After a refused API request
// carries) when the database cannot be reached or is behind the build's migrations; "degraded"
// (still 200) when events wait longer than OUTBOX_LAG_DEGRADED_SECONDS.
import { getDatabase } from "@/db/client";
import { checkDatabase } from "@/db/queries/health";
import { withPublic } from "@/lib/api/handler";
import { now, pinnedInstant } from "@/lib/clock";
import { databaseUnavailable } from "@/lib/errors";

export const dynamic = "force-dynamic";

function lagThreshold(): number {
  const seconds = Number(process.env.OUTBOX_LAG_DEGRADED_SECONDS ?? 300);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : 300;
}

export const GET = withPublic(async () => {
  const database = await checkDatabase(getDatabase());
  const ready = database.status === "up" && database.migrationsBehind === 0;
  const lagging = (database.outboxLagSeconds ?? 0) > lagThreshold();
  return Response.json(
    {
      status: !ready ? "unavailable" : lagging ? "degraded" : "ok",
      database,
      time: now().toISOString(),
      clock: pinnedInstant() ? "pinned" : "system",
    },
    { status: ready ? 200 : 503, headers: ready ? {} : databaseUnavailable().headers },
  );
});
