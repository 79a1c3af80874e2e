// GET /api/preferences/notifications - which notifications the customer receives
// PUT /api/preferences/notifications - switch them on or off
import { getNotifications } from "@/db/queries/preferences";
import { withCustomer } from "@/lib/api/handler";
import { actorOf } from "@/lib/domain/events";
import { notificationsSchema, updatePreferences } from "@/lib/domain/preferences";
import { readJson } from "@/lib/validation";

export const GET = withCustomer(async ({ principal }) =>
  Response.json(await getNotifications({ principal })),
);

export const PUT = withCustomer(async ({ req, principal }) => {
  const notifications = await readJson(req, notificationsSchema);
  const saved = await updatePreferences({
    principal,
    actor: actorOf(principal),
    input: { notifications },
  });
  return Response.json(saved.notifications);
});
