// POST /api/ingest/bills - bills from the billing service: NDJSON, streamed
import { feedRoute } from "@/lib/api/feeds";
import { billsFeed } from "@/lib/domain/ingest/feeds";

export const POST = feedRoute("billing-feed", billsFeed);
