// POST /api/staff/customers/{customerId}/erase - GDPR erasure of a customer who occupies no open account (admins)
import { getDb } from "@/db/client";
import { withStaff } from "@/lib/api/handler";
import { eraseCustomer } from "@/lib/domain/erasure";
import { actorOf } from "@/lib/domain/events";
import { idParam } from "@/lib/validation";

export const POST = withStaff<{ customerId: string }>(["admin"], async ({ principal, params }) => {
  const customerId = idParam(params.customerId, "customer");
  await getDb().transaction((tx) => eraseCustomer(tx, { customerId, actor: actorOf(principal) }));
  return Response.json({ customerId, status: "closed" });
});
