// POST /api/auth/backchannel-logout - the realm ends a session: the portal's sessions from it end
import { withPublic } from "@/lib/api/handler";
import { endRealmSession, verifyLogoutToken } from "@/lib/auth/logout-token";
import { AppError } from "@/lib/errors";

export const POST = withPublic(
  async ({ req }) => {
    const type = req.headers.get("content-type") ?? "";
    if (!type.startsWith("application/x-www-form-urlencoded")) {
      throw new AppError("bad_request", "Send the logout token as a form field `logout_token`.");
    }
    const token = new URLSearchParams(await req.text()).get("logout_token");
    if (!token) throw new AppError("bad_request", "The form field `logout_token` is missing.");
    await endRealmSession(await verifyLogoutToken(token));
    return new Response(null, { status: 200, headers: { "cache-control": "no-store" } });
  },
  { serverToServer: true },
);
