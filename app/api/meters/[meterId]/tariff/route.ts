// GET /api/meters/{meterId}/tariff - the rates that price this meter's use, where a tariff is held
import { getMeterTariff } from "@/db/queries/meter-tariff";
import { withCustomer } from "@/lib/api/handler";
import { idParam } from "@/lib/validation";

export const GET = withCustomer<{ meterId: string }>(async ({ principal, params }) => {
  const meterId = idParam(params.meterId, "meter");
  return Response.json(await getMeterTariff({ principal, meterId }));
});
