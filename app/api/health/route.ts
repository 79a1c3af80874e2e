// GET /api/health - liveness and the database's state; 503 when the database cannot be reached
import { getDatabase } from "@/db/client";
import { checkDatabase } from "@/db/queries/health";
import { withPublic } from "@/lib/api/handler";

export const dynamic = "force-dynamic";

export const GET = withPublic(async () => {
  const database = await checkDatabase(getDatabase());
  const up = database.status === "up";
  return Response.json(
    { status: up ? "ok" : "unavailable", database, time: new Date().toISOString() },
    { status: up ? 200 : 503 },
  );
});
