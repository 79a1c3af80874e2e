// POST /api/ingest/readings - register reads from the meter service: NDJSON or CSV, streamed
import { feedRoute } from "@/lib/api/feeds";
import { readingsFeed } from "@/lib/domain/ingest/feeds";

export const POST = feedRoute("meter-feed", readingsFeed);
