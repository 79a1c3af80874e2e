// GET /api/meters/{meterId} - meter detail with its latest read and premise
import { getMeter } from "@/db/queries/meters";
import { withCustomer } from "@/lib/api/handler";
import { idParam } from "@/lib/validation";

export const GET = withCustomer<{ meterId: string }>(async ({ principal, params }) => {
  const meterId = idParam(params.meterId, "meter");
  return Response.json(await getMeter({ principal, meterId }));
});
