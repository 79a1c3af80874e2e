// POST /api/ingest/bills - bills from the billing service: NDJSON, streamed
import { billsFeed, feedRoute } from "@/lib/api/feeds";

export const POST = feedRoute("billing-feed", billsFeed);
