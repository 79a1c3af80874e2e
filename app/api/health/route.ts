// GET /api/health - liveness, the database's state and the portal's clock; 503 when the database
// cannot be reached (within 2 s, with the Retry-After a refused API request carries)
import { getDatabase } from "@/db/client";
import { checkDatabase } from "@/db/queries/health";
import { withPublic } from "@/lib/api/handler";
import { now, pinnedInstant } from "@/lib/clock";
import { databaseUnavailable } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const GET = withPublic(async () => {
  const database = await checkDatabase(getDatabase());
  const up = database.status === "up";
  return Response.json(
    {
      status: up ? "ok" : "unavailable",
      database,
      time: now().toISOString(),
      clock: pinnedInstant() ? "pinned" : "system",
    },
    { status: up ? 200 : 503, headers: up ? {} : databaseUnavailable().headers },
  );
});
