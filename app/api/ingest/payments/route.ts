// POST /api/ingest/payments - payments from the billing service: NDJSON, streamed
import { feedRoute, paymentsFeed } from "@/lib/api/feeds";

export const POST = feedRoute("billing-feed", paymentsFeed);
