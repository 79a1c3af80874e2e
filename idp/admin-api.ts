import type { KoaContext, Provider } from "oidc-provider";
import { ADMIN_PREFIX, type AdminApi } from "./keycloak";
import type { RealmUser } from "./realm";
import { ssoSessionEnder } from "./sso-session";
import type { FileStore } from "./store";

/** Keycloak's role for ending other users' sessions: client `realm-management`, `manage-users`. */
const MANAGE_USERS = { client: "realm-management", role: "manage-users" };

const USER_LOGOUT = new RegExp(`^${ADMIN_PREFIX}/users/([^/]+)/logout$`);
const SESSION = new RegExp(`^${ADMIN_PREFIX}/sessions/([^/]+)$`);

function answer(ctx: KoaContext, status: number, error?: string): void {
  ctx.status = status;
  ctx.set("Cache-Control", "no-store");
  if (error) ctx.body = { error };
  else ctx.body = null;
}

/**
 * The part of Keycloak's admin REST API that ends sessions, so that a session ended at the
 * realm reaches the clients as a logout does (back-channel logout tokens):
 * `POST /admin/realms/{realm}/users/{id}/logout` ends every session of a user, and
 * `DELETE /admin/realms/{realm}/sessions/{session}` one session (by its `sid`). The caller's
 * bearer token must come from this realm, for a user with `realm-management`'s `manage-users`.
 */
export function adminApi(provider: Provider, store: FileStore): AdminApi {
  const endSsoSession = ssoSessionEnder(provider);

  async function endSessions(ctx: KoaContext, ids: string[]): Promise<void> {
    for (const id of ids) {
      const session = await provider.Session.find(id);
      if (session) await endSsoSession(ctx, session);
    }
  }

  return async (ctx, caller?: RealmUser) => {
    if (!caller) return answer(ctx, 401, "HTTP 401 Unauthorized");
    if (!caller.clientRoles?.[MANAGE_USERS.client]?.includes(MANAGE_USERS.role)) {
      return answer(ctx, 403, "HTTP 403 Forbidden");
    }
    const userLogout = USER_LOGOUT.exec(ctx.path);
    if (userLogout?.[1] && ctx.method === "POST") {
      const userId = decodeURIComponent(userLogout[1]);
      await endSessions(
        ctx,
        store.sessionIds((payload) => payload.accountId === userId),
      );
      return answer(ctx, 204);
    }
    const single = SESSION.exec(ctx.path);
    if (single?.[1] && ctx.method === "DELETE") {
      const sid = decodeURIComponent(single[1]);
      const ids = store.sessionIds((payload) =>
        Object.values((payload.authorizations ?? {}) as Record<string, { sid?: string }>).some(
          (authorization) => authorization.sid === sid,
        ),
      );
      if (ids.length === 0) return answer(ctx, 404, "Sesssion not found");
      await endSessions(ctx, ids);
      return answer(ctx, 204);
    }
    answer(ctx, 404, "HTTP 404 Not Found");
  };
}
