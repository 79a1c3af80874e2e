import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import Provider, {
  type Account,
  type CookieOptions,
  errors,
  type Grant,
  type KoaContext,
  type ResourceServerInfo,
  type TokenSource,
} from "oidc-provider";
import { adminApi } from "./admin-api";
import { INTERACTION_SEGMENT, interactionRoutes } from "./interactions";
import { keycloakCompat } from "./keycloak";
import { loadRealmKeys } from "./keys";
import { RealmMail } from "./mail";
import { messagePage } from "./pages";
import {
  ACCOUNT_RESOURCE,
  oauthError,
  registerPasswordGrant,
  SUPPORTED_SCOPES,
} from "./password-grant";
import type { LoadedRealm, RealmUser } from "./realm";
import { FileStore } from "./store";
import { profileOf, serviceAccountClaims, UserStore } from "./users";

export interface RealmServerOptions {
  issuer: string;
  dataDir: string;
  accessTokenTtl: number;
  quiet?: boolean;
}

export interface RealmServer {
  name: string;
  issuer: string;
  handle(req: IncomingMessage, res: ServerResponse): void;
  close(): Promise<void>;
}

const OPENID_CONNECT = "/protocol/openid-connect";
const ROUTES = {
  authorization: `${OPENID_CONNECT}/auth`,
  token: `${OPENID_CONNECT}/token`,
  jwks: `${OPENID_CONNECT}/certs`,
  userinfo: `${OPENID_CONNECT}/userinfo`,
  end_session: `${OPENID_CONNECT}/logout`,
  revocation: `${OPENID_CONNECT}/revoke`,
  introspection: `${OPENID_CONNECT}/token/introspect`,
  pushed_authorization_request: `${OPENID_CONNECT}/ext/par/request`,
};

const PROFILE_CLAIMS = ["name", "given_name", "family_name", "preferred_username"];
const EMAIL_CLAIMS = ["email", "email_verified"];
const DEFAULT_SESSION_IDLE = 1800;
const DEFAULT_SESSION_MAX = 36_000;
const INTERACTION_TTL = 1800;
const AUTHORIZATION_CODE_TTL = 60;

/** One realm: an oidc-provider instance configured to look and behave like Keycloak. */
export async function createRealmServer(
  realm: LoadedRealm,
  { issuer, dataDir, accessTokenTtl, quiet }: RealmServerOptions,
): Promise<RealmServer> {
  const [keys, users, store, mail] = await Promise.all([
    loadRealmKeys(realm.name, dataDir),
    UserStore.open(realm, dataDir),
    FileStore.open(path.join(dataDir, "store", `${realm.name}.json`)),
    RealmMail.open(realm.name, dataDir, quiet),
  ]);
  const [signingKey] = keys.keys;
  if (!signingKey) throw new Error(`Realm ${realm.name} has no signing key`);

  const prefix = new URL(issuer).pathname;
  const sessionTtl = realm.definition.ssoSessionIdleTimeout ?? DEFAULT_SESSION_IDLE;
  // Keycloak ties a refresh token's lifetime to the SSO session idle timeout.
  const refreshTokenTtl = sessionTtl;
  const grantTtl = realm.definition.ssoSessionMaxLifespan ?? DEFAULT_SESSION_MAX;
  const resourceServer: ResourceServerInfo = {
    scope: SUPPORTED_SCOPES.join(" "),
    audience: "account",
    accessTokenTTL: accessTokenTtl,
    accessTokenFormat: "jwt",
    jwt: { sign: { alg: "RS256" } },
  };
  // Both realms live on one host, so their cookies get distinct names and paths.
  const sessionCookie: CookieOptions = { httpOnly: true, sameSite: "lax", path: `${prefix}/` };

  // oidc-provider only puts sid into tokens for clients doing back-channel logout; Keycloak
  // always does, so it is looked up from the SSO session the token was issued in.
  async function sidFor(source?: TokenSource): Promise<string | undefined> {
    if (!source?.sessionUid || !source.clientId) return undefined;
    const session = await provider.Session.findByUid(source.sessionUid);
    return session?.authorizations?.[source.clientId]?.sid;
  }

  function account(id: string, source?: TokenSource): Account | undefined {
    const user = users.findById(id);
    if (!user || user.enabled === false) return undefined;
    const profile = profileOf(user);
    return {
      accountId: user.id,
      claims: async (use) => ({
        ...profile,
        sid: await sidFor(source),
        // Keycloak marks ID tokens so that one can never pass for an access token.
        ...(use === "id_token" ? { typ: "ID", azp: source?.clientId } : {}),
      }),
    };
  }

  // Checked when the token is minted, with Keycloak's answers; a missing account cannot
  // happen with a valid realm file, which loadRealm enforces.
  function serviceAccountOf(clientId: string): RealmUser {
    const user = users.findServiceAccount(clientId);
    if (!user) {
      throw oauthError(
        401,
        "invalid_request",
        "The associated service account for the client does not exist",
      );
    }
    if (user.enabled === false) {
      throw oauthError(401, "invalid_request", `User '${user.username}' disabled`);
    }
    return user;
  }

  // Consent is implicit for the realm's first-party clients: the grant simply grows to
  // cover whatever the authorization request asks for.
  async function loadExistingGrant(ctx: KoaContext): Promise<Grant | undefined> {
    const oidc = ctx.oidc;
    const accountId = oidc?.session?.accountId;
    const clientId = oidc?.client?.clientId;
    if (!oidc || !accountId || !clientId) return undefined;
    const grantId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(clientId);
    const existing = grantId ? await provider.Grant.find(grantId) : undefined;
    const grant =
      existing && existing.accountId === accountId && existing.clientId === clientId
        ? existing
        : new provider.Grant({ accountId, clientId });
    const scope = [...oidc.requestParamOIDCScopes].join(" ");
    if (scope) grant.addOIDCScope(scope);
    for (const [indicator, server] of Object.entries(oidc.resourceServers)) {
      grant.addResourceScope(indicator, server.scope);
    }
    await grant.save();
    return grant;
  }

  const page = (title: string, message: string, kind: "error" | "info") =>
    messagePage(realm.displayName, title, message, kind);

  const provider = new Provider(issuer, {
    adapter: (model) => store.adapter(model),
    clients: realm.clientMetadata(),
    jwks: { keys: keys.keys },
    cookies: {
      names: {
        session: `_session_${realm.name}`,
        interaction: `_interaction_${realm.name}`,
        resume: `_interaction_resume_${realm.name}`,
      },
      long: sessionCookie,
      short: { httpOnly: true, sameSite: "lax" },
      keys: keys.cookieKeys,
    },
    // Keycloak's default client scopes apply to every request, so "openid" alone already
    // yields the profile, email and roles claims (typ and azp only ever reach ID tokens).
    claims: {
      openid: [
        "sub",
        "typ",
        "azp",
        "sid",
        "auth_time",
        ...PROFILE_CLAIMS,
        ...EMAIL_CLAIMS,
        "realm_access",
      ],
      profile: PROFILE_CLAIMS,
      email: EMAIL_CLAIMS,
      roles: ["realm_access"],
      acr: null,
      iss: null,
    },
    scopes: SUPPORTED_SCOPES,
    responseTypes: ["code"],
    conformIdTokenClaims: false,
    // oidc-provider refuses to call loopback and private addresses; Keycloak calls whatever its
    // clients name, and here the portal is on loopback. Clients come only from the realm files.
    fetch: (url, options) => fetch(url, { ...options, dispatcher: undefined } as RequestInit),
    clientBasedCORS: (_ctx, origin) => realm.origins().includes(origin),
    findAccount: async (_ctx, sub, source) => account(sub, source),
    loadExistingGrant,
    // Keycloak always hands out refresh tokens; oidc-provider would want offline_access.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    // Refresh tokens stay valid until they expire (Keycloak's default), so two portal
    // requests refreshing at the same moment cannot revoke each other's session.
    rotateRefreshToken: false,
    renderError: async (ctx, out) => {
      const description = out.error_description ?? out.error ?? "Unexpected error";
      ctx.type = "html";
      ctx.body = page("We are sorry...", String(description), "error");
    },
    interactions: {
      url: async (_ctx, interaction) => `${prefix}/${INTERACTION_SEGMENT}/${interaction.uid}`,
    },
    pkce: { required: (_ctx, client) => client.clientAuthMethod === "none" },
    routes: ROUTES,
    formats: {
      customizers: {
        jwt: async (_ctx, token, jwt) => {
          jwt.header = { typ: "JWT" };
          // oidc-provider makes the client its own subject; Keycloak names the service account.
          if (token.kind === "ClientCredentials") {
            const serviceAccount = serviceAccountOf(token.clientId);
            Object.assign(jwt.payload, serviceAccountClaims(serviceAccount, token.clientId));
            return;
          }
          const user = token.accountId ? users.findById(token.accountId) : undefined;
          const sid = token.sid ?? (await sidFor(token));
          Object.assign(jwt.payload, {
            typ: "Bearer",
            azp: token.clientId,
            ...(sid ? { sid } : {}),
            ...(user ? profileOf(user) : {}),
          });
        },
      },
    },
    ttl: {
      AccessToken: accessTokenTtl,
      ClientCredentials: accessTokenTtl,
      AuthorizationCode: AUTHORIZATION_CODE_TTL,
      IdToken: accessTokenTtl,
      RefreshToken: refreshTokenTtl,
      Session: sessionTtl,
      Interaction: INTERACTION_TTL,
      Grant: grantTtl,
    },
    features: {
      devInteractions: { enabled: false },
      dPoP: { enabled: false },
      // Keycloak's service accounts; the realm decides which clients may use the grant.
      clientCredentials: { enabled: true },
      userinfo: { enabled: true },
      // Keycloak posts a logout token to each client of an SSO session that ends, when the client
      // names a back-channel logout URL; keycloakCompat sends them (see endSsoSession).
      backchannelLogout: { enabled: true },
      introspection: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) =>
          client.clientAuthMethod !== "none" || token.clientId === client.clientId,
      },
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      // Every grant, client credentials included, falls back to the account resource, and that
      // is what makes its access tokens realm-signed JWTs instead of opaque handles.
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => ACCOUNT_RESOURCE,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, indicator) => {
          if (indicator !== ACCOUNT_RESOURCE) throw new errors.InvalidTarget();
          return resourceServer;
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        // Never shown: keycloakCompat completes the logout before this page goes out.
        logoutSource: async (ctx) => {
          ctx.body = page("Logging out", "Logging out…", "info");
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.body = page("You are logged out", "You have been signed out.", "info");
        },
      },
    },
  });

  provider.on("server_error", (_ctx, error) => {
    console.error(`[idp:${realm.name}]`, error instanceof Error ? error.stack : error);
  });
  provider.on("backchannel.error", (_ctx, error, client) => {
    const clientId = (client as { clientId?: string } | undefined)?.clientId;
    const detail = error instanceof Error ? error.message : String(error);
    console.error(`[idp:${realm.name}] back-channel logout of ${clientId} failed: ${detail}`);
  });

  registerPasswordGrant(provider, realm, users, { resourceServer });
  provider.use(
    keycloakCompat(
      provider,
      users,
      {
        signingKey,
        sessionTtl,
        refreshTokenTtl,
        sessionCookie,
        userinfoPath: ROUTES.userinfo,
      },
      adminApi(provider, store),
    ),
  );
  provider.use(interactionRoutes(provider, realm, users, mail));

  const handle = provider.callback();
  return {
    name: realm.name,
    issuer,
    handle,
    close: () => store.close(),
  };
}
