// POST /api/ingest/payments - payments from the billing service: NDJSON, streamed
import { feedRoute } from "@/lib/api/feeds";
import { paymentsFeed } from "@/lib/domain/ingest/feeds";

export const POST = feedRoute("billing-feed", paymentsFeed);
