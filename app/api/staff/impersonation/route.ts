// POST /api/staff/impersonation - start viewing the portal as a customer, read-only (staff)
// DELETE /api/staff/impersonation - stop
import { route } from "@/lib/api/handler";
import { IMPERSONATION_COOKIE, impersonationCookieOptions } from "@/lib/auth/impersonation";
import {
  startImpersonation,
  startImpersonationSchema,
  stopImpersonation,
} from "@/lib/domain/impersonation";
import { AppError } from "@/lib/errors";
import { requireStaffRole } from "@/lib/http/guards";
import { readJson } from "@/lib/validation";

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

const STAFF = ["csr", "supervisor", "readonly", "admin"] as const;

// A second view while one is open answers 409 from the view's own rule.
export const POST = route(
  { admit: (p) => requireStaffRole(p, STAFF), allowWhileViewing: true },
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

// Stopping must work while the session is viewing as a customer: the staff member acts as
// themselves here, not as the customer they view, and this is the one write a view may make.
export const DELETE = route(
  {
    admit: (p) => requireStaffRole(p, STAFF),
    identityOnly: true,
    allowWhileViewing: true,
  },
  async ({ req, principal: staff }) => {
    const ended = await stopImpersonation({ staff });
    return Response.json(
      { stopped: ended !== null, customerId: ended?.customerId ?? null },
      {
        headers: { "set-cookie": cookie(req, "", 0) },
      },
    );
  },
);
