// POST /api/staff/impersonation - start viewing the portal as a customer, read-only (staff)
// DELETE /api/staff/impersonation - stop
import { withPublic, withStaff } from "@/lib/api/handler";
import { readJson } from "@/lib/api/validation";
import { IMPERSONATION_COOKIE, impersonationCookieOptions } from "@/lib/auth/impersonation";
import { principalFromSessionCookie } from "@/lib/auth/session-token";
import {
  startImpersonation,
  startImpersonationSchema,
  stopImpersonation,
} from "@/lib/domain/impersonation";
import { AppError } from "@/lib/errors";

function cookie(req: Request, value: string, maxAge?: number) {
  const options = impersonationCookieOptions(req.url);
  return [
    `${IMPERSONATION_COOKIE}=${value}`,
    `Path=${options.path}`,
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${maxAge ?? options.maxAge}`,
    ...(options.secure ? ["Secure"] : []),
  ].join("; ");
}

export const POST = withStaff(
  ["csr", "supervisor", "readonly", "admin"],
  async ({ req, principal }) => {
    if (principal.via !== "session") {
      throw new AppError(
        "forbidden",
        "Viewing as a customer needs a staff session in the browser.",
      );
    }
    const input = await readJson(req, startImpersonationSchema);
    const session = await startImpersonation({ staff: principal, ...input });
    return Response.json(session, {
      status: 201,
      headers: { "set-cookie": cookie(req, session.id) },
    });
  },
);

// Stopping must work while the session is viewing as a customer, so it reads the staff identity
// from the session cookie itself rather than the principal the portal sees.
export const DELETE = withPublic(async ({ req }) => {
  const staff = await principalFromSessionCookie(req);
  if (!staff) throw new AppError("unauthenticated", "Sign in first.");
  if (staff.kind !== "staff")
    throw new AppError("forbidden", "Only staff view the portal as a customer.");
  const ended = await stopImpersonation({ staff });
  return Response.json(
    { stopped: ended !== null, customerId: ended?.customerId ?? null },
    {
      headers: { "set-cookie": cookie(req, "", 0) },
    },
  );
});
