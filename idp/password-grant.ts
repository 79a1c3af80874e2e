import type { KoaContext, Provider, ResourceServerInfo } from "oidc-provider";
import { errors } from "oidc-provider";
import type { LoadedRealm } from "./realm";
import { profileOf, type UserStore } from "./users";

export const ACCOUNT_RESOURCE = "urn:idp:account";
export const SUPPORTED_SCOPES = ["openid", "profile", "email", "roles", "offline_access"];
// Keycloak's default client scopes: applied whether or not the client asks for them.
export const DEFAULT_SCOPES = ["profile", "email"];

export function oauthError(status: number, error: string, description: string): Error {
  const failure = new errors.CustomOIDCProviderError(error, description);
  failure.status = status;
  failure.statusCode = status;
  return failure;
}

export interface PasswordGrantSettings {
  resourceServer: ResourceServerInfo;
}

/**
 * Keycloak's "direct access grant" (grant_type=password), which oidc-provider does not
 * ship: the API client and the test suites use it to get tokens without a browser.
 */
export function registerPasswordGrant(
  provider: Provider,
  realm: LoadedRealm,
  users: UserStore,
  { resourceServer }: PasswordGrantSettings,
): void {
  async function idTokenFor(ctx: KoaContext, userId: string, clientId: string, scope: string) {
    const user = users.findById(userId);
    if (!user) throw oauthError(400, "invalid_grant", "Invalid user credentials");
    const token = new provider.IdToken({ ...profileOf(user) }, { ctx });
    token.scope = scope;
    token.set("typ", "ID");
    token.set("azp", clientId);
    token.set("auth_time", Math.floor(Date.now() / 1000));
    return token.issue({ use: "idtoken" });
  }

  async function passwordGrant(ctx: KoaContext): Promise<void> {
    const { oidc } = ctx;
    const client = oidc?.client;
    if (!oidc || !client) throw oauthError(401, "invalid_client", "Invalid client credentials");
    if (!realm.client(client.clientId)?.directAccessGrantsEnabled) {
      throw oauthError(400, "unauthorized_client", "Client not allowed for direct access grants");
    }

    const username = String(oidc.params.username ?? "");
    const password = String(oidc.params.password ?? "");
    const outcome = await users.authenticate(username, password);
    if (!outcome.ok) {
      throw outcome.reason === "disabled"
        ? oauthError(400, "invalid_grant", "Account disabled")
        : oauthError(401, "invalid_grant", "Invalid user credentials");
    }
    // Keycloak's answer while a required action (here: verify email) is pending.
    if (realm.definition.verifyEmail && !outcome.user.emailVerified) {
      throw oauthError(400, "invalid_grant", "Account is not fully set up");
    }

    const requested = String(oidc.params.scope ?? "")
      .split(" ")
      .filter(Boolean);
    const unknown = requested.filter((scope) => !SUPPORTED_SCOPES.includes(scope));
    if (unknown.length > 0)
      throw oauthError(400, "invalid_scope", `Invalid scopes: ${unknown.join(" ")}`);
    const scope = [...new Set([...requested, ...DEFAULT_SCOPES])].join(" ");

    const accountId = outcome.user.id;
    const grant = new provider.Grant({ accountId, clientId: client.clientId });
    grant.addOIDCScope(scope);
    grant.addResourceScope(ACCOUNT_RESOURCE, scope);
    const grantId = await grant.save();

    const accessToken = new provider.AccessToken({ accountId, client, grantId, gty: "password" });
    accessToken.resourceServer = new provider.ResourceServer(ACCOUNT_RESOURCE, resourceServer);
    accessToken.scope = scope;

    const refreshToken = new provider.RefreshToken({
      accountId,
      client,
      grantId,
      gty: "password",
      scope,
      resource: ACCOUNT_RESOURCE,
      rotations: 0,
      authTime: Math.floor(Date.now() / 1000),
    });

    ctx.body = {
      access_token: await accessToken.save(),
      expires_in: accessToken.expiration,
      refresh_expires_in: refreshToken.expiration,
      refresh_token: await refreshToken.save(),
      token_type: "Bearer",
      ...(requested.includes("openid")
        ? { id_token: await idTokenFor(ctx, accountId, client.clientId, scope) }
        : {}),
      "not-before-policy": 0,
      scope,
    };
  }

  provider.registerGrantType("password", passwordGrant, ["username", "password", "scope"]);
}
