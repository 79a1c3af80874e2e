import { createPublicKey, type JsonWebKey, type KeyObject } from "node:crypto";
import { type JWK, type JWTPayload, jwtVerify } from "jose";
import type { CookieOptions, KoaContext, Middleware, Provider } from "oidc-provider";
import type { RealmUser } from "./realm";
import { ssoSessionEnder } from "./sso-session";
import { profileOf, type UserStore } from "./users";

/** Where the realm server hands Keycloak's admin REST API (`/admin/realms/{realm}/…`). */
export const ADMIN_PREFIX = "/__admin";

/** Keycloak's admin REST API, given the caller its bearer token stands for (or none). */
export type AdminApi = (ctx: KoaContext, caller: RealmUser | undefined) => Promise<void>;

export interface CompatSettings {
  signingKey: JWK;
  sessionTtl: number;
  refreshTokenTtl: number;
  sessionCookie: CookieOptions;
  userinfoPath: string;
}

function bearerToken(ctx: KoaContext): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(ctx.headers.authorization ?? "");
  return match?.[1];
}

/**
 * Where oidc-provider and Keycloak part ways, this middleware makes the realm behave like
 * Keycloak: JWT access tokens work at userinfo and introspection, RP-initiated logout does
 * not ask for confirmation, token responses carry Keycloak's extra members, and refreshing
 * keeps the SSO session alive.
 */
export function keycloakCompat(
  provider: Provider,
  users: UserStore,
  settings: CompatSettings,
  admin: AdminApi,
): Middleware {
  const endSession = ssoSessionEnder(provider);
  const publicKey: KeyObject = createPublicKey({
    key: settings.signingKey as JsonWebKey,
    format: "jwk",
  });
  const realmName = new URL(provider.issuer).pathname.split("/").pop() ?? "";

  /** Access tokens are self-contained JWTs, so they are checked the way a resource server would. */
  async function verifyAccessToken(token: string): Promise<JWTPayload | undefined> {
    try {
      const { payload } = await jwtVerify(token, publicKey, {
        issuer: provider.issuer,
        algorithms: ["RS256"],
      });
      if (payload.typ !== "Bearer" || typeof payload.sub !== "string") return undefined;
      const user = users.findById(payload.sub);
      return user && user.enabled !== false ? payload : undefined;
    } catch {
      return undefined;
    }
  }

  function realmInfo(ctx: KoaContext): void {
    const der = publicKey.export({ type: "spki", format: "der" });
    ctx.body = {
      realm: realmName,
      public_key: der.toString("base64"),
      "token-service": `${provider.issuer}/protocol/openid-connect`,
      "account-service": `${provider.issuer}/account`,
      "tokens-not-before": 0,
    };
  }

  async function userinfo(ctx: KoaContext): Promise<void> {
    ctx.set("Cache-Control", "no-store");
    const token = bearerToken(ctx);
    const payload = token ? await verifyAccessToken(token) : undefined;
    const user = payload?.sub ? users.findById(payload.sub) : undefined;
    if (!user) {
      ctx.status = 401;
      ctx.set("WWW-Authenticate", `Bearer realm="${realmName}", error="invalid_token"`);
      ctx.body = { error: "invalid_token", error_description: "Token verification failed" };
      return;
    }
    ctx.body = profileOf(user);
  }

  async function introspectJwt(ctx: KoaContext): Promise<void> {
    const oidc = ctx.oidc;
    const token = oidc?.params.token;
    if (!oidc?.client || typeof token !== "string") return;
    const payload = await verifyAccessToken(token);
    // Public clients may only look at their own tokens, as with oidc-provider's opaque ones.
    const visible =
      payload && (oidc.client.clientAuthMethod !== "none" || payload.azp === oidc.client.clientId);
    ctx.status = 200;
    ctx.body = visible
      ? {
          ...payload,
          active: true,
          client_id: payload.azp,
          username: payload.preferred_username,
          token_type: "Bearer",
        }
      : { active: false };
  }

  // oidc-provider renders a "do you want to sign out?" page and ends the session only on
  // the follow-up POST. Keycloak, given a valid id_token_hint, logs out straight away.
  // The request has been fully validated by the time the page would render, so the
  // confirmation step is performed here instead.
  async function finishLogout(ctx: KoaContext): Promise<void> {
    const oidc = ctx.oidc;
    const session = oidc?.session;
    if (!oidc || !session) return;
    await endSession(ctx, session);
    ctx.cookies.set(provider.cookieName("session"), null, {
      ...settings.sessionCookie,
      overwrite: true,
    });

    const { post_logout_redirect_uri: target, state } = oidc.params;
    let location: URL;
    if (typeof target === "string") {
      location = new URL(target);
      if (typeof state === "string") location.searchParams.set("state", state);
    } else {
      location = new URL(oidc.urlFor("end_session_success"));
      const clientId = oidc.entities.Client?.clientId;
      if (clientId) location.searchParams.set("client_id", clientId);
    }
    ctx.status = 303;
    ctx.redirect(location.href);
  }

  // Keycloak's idle timeout restarts whenever tokens are refreshed, and so does its refresh
  // token's lifetime. Without this the portal would be signed out a fixed half hour after
  // login however active the user is.
  async function slideRefresh(ctx: KoaContext): Promise<void> {
    const refreshToken = ctx.oidc?.entities.RefreshToken;
    if (!refreshToken) return;
    refreshToken.exp = Math.floor(Date.now() / 1000) + settings.refreshTokenTtl;
    await refreshToken.save();
    if (refreshToken.sessionUid) {
      const session = await provider.Session.findByUid(refreshToken.sessionUid);
      await session?.save(settings.sessionTtl);
    }
  }

  function decorateTokenResponse(ctx: KoaContext): void {
    const body = ctx.body as Record<string, unknown>;
    const refreshToken = ctx.oidc?.entities.RefreshToken;
    if (body.refresh_token && refreshToken && body.refresh_expires_in === undefined) {
      body.refresh_expires_in = refreshToken.remainingTTL;
    }
    // Keycloak always sends the member: 0 without a refresh token, as for client credentials.
    if (!body.refresh_token) body.refresh_expires_in ??= 0;
    body["not-before-policy"] ??= 0;
  }

  // oidc-provider refuses a grant type the client is not registered for with a generic 400
  // invalid_request; Keycloak says, with a 401, that the client has no service account.
  function refuseClientCredentials(ctx: KoaContext): void {
    const client = ctx.oidc?.client;
    ctx.status = 401;
    ctx.body = {
      error: "unauthorized_client",
      error_description:
        client?.clientAuthMethod === "none"
          ? "Public client not allowed to retrieve service account"
          : "Client not enabled to retrieve service account",
    };
  }

  return async function compat(ctx, next) {
    if (ctx.path.startsWith(`${ADMIN_PREFIX}/`)) {
      const token = bearerToken(ctx);
      const payload = token ? await verifyAccessToken(token) : undefined;
      return admin(ctx, payload?.sub ? users.findById(payload.sub) : undefined);
    }
    if (ctx.path === "/" && ctx.method === "GET") return realmInfo(ctx);
    if (ctx.path === settings.userinfoPath && (ctx.method === "GET" || ctx.method === "POST")) {
      return userinfo(ctx);
    }

    await next();

    const route = ctx.oidc?.route;
    if (route === "end_session" && ctx.status === 200) {
      await finishLogout(ctx);
    } else if (
      route === "token" &&
      ctx.status === 200 &&
      ctx.body &&
      typeof ctx.body === "object"
    ) {
      if (ctx.oidc?.params.grant_type === "refresh_token") await slideRefresh(ctx);
      decorateTokenResponse(ctx);
    } else if (
      route === "token" &&
      ctx.status === 400 &&
      ctx.oidc?.params.grant_type === "client_credentials" &&
      ctx.oidc.client?.grantTypeAllowed("client_credentials") === false
    ) {
      refuseClientCredentials(ctx);
    } else if (route === "introspection" && ctx.status === 400) {
      const error = (ctx.body as { error?: string } | undefined)?.error;
      if (error === "unsupported_token_type") await introspectJwt(ctx);
    }
  };
}
