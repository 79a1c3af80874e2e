// GET /api/health/live - liveness: the process answers. No database, no auth; load balancers
// and the benchmarks' framework floor call it.
import { withPublic } from "@/lib/api/handler";

export const dynamic = "force-dynamic";

export const GET = withPublic(async () => Response.json({ status: "ok" }));
