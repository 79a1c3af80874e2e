// GET /api/staff/erasure-requests - customers' erasure requests awaiting an admin, oldest first (admins)
import { listOpenErasureRequests } from "@/db/queries/erasure-requests";
import { withStaff } from "@/lib/api/handler";

export const GET = withStaff(["admin"], async ({ customersRead }) => {
  const requests = await listOpenErasureRequests();
  for (const request of requests) customersRead.add(request.customerId);
  return Response.json({ requests });
});
