// GET /api/preferences - bill delivery, notifications, auto-pay and mailing address
// PUT /api/preferences - change any of them
import { getPreferences } from "@/db/queries/preferences";
import { withCustomer } from "@/lib/api/handler";
import { actorOf } from "@/lib/domain/events";
import { preferencesSchema, updatePreferences } from "@/lib/domain/preferences";
import { readJson } from "@/lib/validation";

export const GET = withCustomer(async ({ principal }) =>
  Response.json(await getPreferences({ principal })),
);

export const PUT = withCustomer(async ({ req, principal }) => {
  const input = await readJson(req, preferencesSchema);
  return Response.json(await updatePreferences({ principal, actor: actorOf(principal), input }));
});
