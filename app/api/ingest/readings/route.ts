// POST /api/ingest/readings - register reads from the meter service: NDJSON or CSV, streamed
import { feedRoute, readingsFeed } from "@/lib/api/feeds";

export const POST = feedRoute("meter-feed", readingsFeed);
