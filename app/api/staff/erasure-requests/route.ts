// GET /api/staff/erasure-requests - customers' erasure requests awaiting an admin, oldest first (admins)
import { listOpenErasureRequests } from "@/db/queries/erasure-requests";
import { recordStaffAccess } from "@/db/queries/staff";
import { withStaff } from "@/lib/api/handler";

export const GET = withStaff(["admin"], async ({ principal }) => {
  const requests = await listOpenErasureRequests();
  if (requests.length) {
    await recordStaffAccess({
      staff: principal,
      action: "staff_list_erasure_requests",
      resource: "/api/staff/erasure-requests",
    });
  }
  return Response.json({ requests });
});
