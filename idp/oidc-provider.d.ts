// oidc-provider ships without type definitions; this declares the part of its v9 surface
// the realm server relies on.
declare module "oidc-provider" {
  import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
  import type { JWK } from "jose";

  export type UnknownObject = Record<string, unknown>;

  export interface CookieOptions {
    path?: string;
    domain?: string;
    httpOnly?: boolean;
    sameSite?: "lax" | "strict" | "none";
    secure?: boolean;
    signed?: boolean;
    overwrite?: boolean;
    maxAge?: number;
  }

  export interface Cookies {
    get(name: string, options?: CookieOptions): string | undefined;
    set(name: string, value: string | null, options?: CookieOptions): void;
  }

  export interface Params {
    [key: string]: string | string[] | undefined;
  }

  /** What a token or code knows about the session and client it was issued to. */
  export interface TokenSource {
    sessionUid?: string;
    clientId?: string;
  }

  export interface Account {
    accountId: string;
    claims(
      use: string,
      scope: string,
      claims: UnknownObject,
      rejected: string[],
    ): Promise<UnknownObject>;
  }

  export class BaseModel {
    jti: string;
    /** The model's class name, e.g. "AccessToken". */
    kind: string;
    exp?: number;
    iat?: number;
    /** Lifetime in seconds the configured ttl yields for this instance. */
    readonly expiration: number;
    save(ttl?: number): Promise<string>;
    destroy(): Promise<void>;
    static find<T>(this: new (...args: never[]) => T, id: string): Promise<T | undefined>;
    static revokeByGrantId(grantId: string): Promise<void>;
  }

  export class Grant extends BaseModel {
    constructor(properties: { accountId: string; clientId: string });
    accountId: string;
    clientId: string;
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(resource: string, scope: string): void;
    static adapter: { destroy(id: string): Promise<void> };
  }

  export interface SessionAuthorization {
    grantId?: string;
    sid?: string;
    persistsLogout?: boolean;
  }

  export class Session extends BaseModel {
    uid: string;
    accountId?: string;
    authorizations?: Record<string, SessionAuthorization>;
    grantIdFor(clientId: string): string | undefined;
    sidFor(clientId: string): string | undefined;
    static findByUid(uid: string): Promise<Session | undefined>;
  }

  export class ResourceServer {
    constructor(identifier: string, info: ResourceServerInfo);
    scope: string;
  }

  interface TokenProperties {
    accountId: string;
    client: Client;
    grantId: string;
    gty: string;
    scope?: string;
    resource?: string;
    rotations?: number;
    authTime?: number;
    sessionUid?: string;
    sid?: string;
    expiresWithSession?: boolean;
  }

  export class AccessToken extends BaseModel {
    constructor(properties: TokenProperties);
    kind: "AccessToken";
    accountId?: string;
    clientId: string;
    scope?: string;
    sid?: string;
    sessionUid?: string;
    resourceServer?: ResourceServer;
  }

  /** An access token of the client-credentials grant: issued to a client, not to an account. */
  export class ClientCredentials extends BaseModel {
    kind: "ClientCredentials";
    clientId: string;
    scope?: string;
    resourceServer?: ResourceServer;
  }

  export class RefreshToken extends BaseModel {
    constructor(properties: TokenProperties);
    accountId: string;
    clientId: string;
    sessionUid?: string;
    sid?: string;
    remainingTTL: number;
  }

  export class IdToken {
    constructor(claims: UnknownObject, options: { ctx: KoaContext });
    scope: string;
    set(claim: string, value: unknown): void;
    issue(options: { use: "idtoken" }): Promise<string>;
  }

  export interface Client {
    clientId: string;
    clientAuthMethod: string;
    backchannelLogoutUri?: string;
    grantTypeAllowed(grantType: string): boolean;
    /** Posts a logout token for this subject (and session, if the client requires it). */
    backchannelLogout(sub: string, sid: string | undefined): Promise<void>;
  }

  export interface ClientStatic {
    find(clientId: string): Promise<Client | undefined>;
  }

  export interface InteractionDetails {
    uid: string;
    returnTo: string;
    prompt: { name: string; reasons: string[]; details: UnknownObject };
    params: UnknownObject;
    session?: { accountId: string; uid?: string };
    grantId?: string;
    exp: number;
  }

  export interface OIDCContext {
    route: string;
    params: Params;
    client?: Client;
    session?: Session;
    entities: {
      AccessToken?: AccessToken;
      RefreshToken?: RefreshToken;
      Client?: Client;
    };
    result?: { consent?: { grantId?: string } };
    requestParamOIDCScopes: Set<string>;
    resourceServers: Record<string, ResourceServer>;
    provider: Provider;
    issuer: string;
    urlFor(name: string, options?: UnknownObject): string;
  }

  export interface KoaContext {
    req: IncomingMessage;
    res: ServerResponse;
    method: string;
    path: string;
    url: string;
    status: number;
    body: unknown;
    type: string;
    headers: IncomingHttpHeaders;
    cookies: Cookies;
    oidc?: OIDCContext;
    set(field: string, value: string | string[]): void;
    redirect(url: string): void;
    accepts(...types: string[]): string | false;
  }

  export type Next = () => Promise<void>;
  export type Middleware = (ctx: KoaContext, next: Next) => Promise<void> | void;

  export interface ResourceServerInfo {
    scope: string;
    audience?: string;
    accessTokenTTL?: number;
    accessTokenFormat?: "opaque" | "jwt";
    jwt?: { sign?: { alg: string } };
  }

  export interface ClientMetadata {
    client_id: string;
    client_secret?: string;
    client_name?: string;
    redirect_uris?: string[];
    post_logout_redirect_uris?: string[];
    response_types?: string[];
    grant_types?: string[];
    token_endpoint_auth_method?: string;
    backchannel_logout_uri?: string;
    backchannel_logout_session_required?: boolean;
  }

  export interface StructuredToken {
    header?: UnknownObject;
    payload: UnknownObject;
  }

  export interface AdapterPayload extends UnknownObject {
    uid?: string;
    userCode?: string;
    grantId?: string;
    consumed?: number;
  }

  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export interface Configuration {
    adapter?: (model: string) => Adapter;
    clients?: ClientMetadata[];
    fetch?: (url: URL | string, options: RequestInit) => Promise<Response>;
    jwks?: { keys: JWK[] };
    cookies?: {
      names?: { session?: string; interaction?: string; resume?: string };
      long?: CookieOptions;
      short?: CookieOptions;
      keys?: string[];
    };
    claims?: Record<string, string[] | null>;
    scopes?: string[];
    responseTypes?: string[];
    conformIdTokenClaims?: boolean;
    clientBasedCORS?: (ctx: KoaContext, origin: string, client: Client) => boolean;
    findAccount?: (
      ctx: KoaContext | undefined,
      sub: string,
      source?: TokenSource,
    ) => Promise<Account | undefined>;
    loadExistingGrant?: (ctx: KoaContext) => Promise<Grant | undefined>;
    issueRefreshToken?: (ctx: KoaContext, client: Client) => Promise<boolean>;
    rotateRefreshToken?: boolean;
    extraTokenClaims?: (ctx: KoaContext, token: AccessToken) => Promise<UnknownObject | undefined>;
    renderError?: (ctx: KoaContext, out: UnknownObject, error: Error) => Promise<void>;
    interactions?: { url?: (ctx: KoaContext, interaction: InteractionDetails) => Promise<string> };
    pkce?: { required?: (ctx: KoaContext, client: Client) => boolean };
    routes?: Record<string, string>;
    formats?: {
      customizers?: {
        jwt?: (
          ctx: KoaContext | undefined,
          token: AccessToken | ClientCredentials,
          jwt: StructuredToken,
        ) => Promise<void>;
      };
    };
    ttl?: {
      AccessToken?: number;
      ClientCredentials?: number;
      AuthorizationCode?: number;
      IdToken?: number;
      RefreshToken?: number;
      Session?: number;
      Interaction?: number;
      Grant?: number;
    };
    features?: {
      devInteractions?: { enabled: boolean };
      clientCredentials?: { enabled: boolean };
      dPoP?: { enabled: boolean };
      introspection?: {
        enabled: boolean;
        allowedPolicy?: (
          ctx: KoaContext,
          client: Client,
          token: { clientId?: string },
        ) => Promise<boolean>;
      };
      revocation?: {
        enabled: boolean;
        allowedPolicy?: (
          ctx: KoaContext,
          client: Client,
          token: { clientId?: string },
        ) => Promise<boolean>;
      };
      userinfo?: { enabled: boolean };
      backchannelLogout?: { enabled: boolean };
      pushedAuthorizationRequests?: { enabled: boolean };
      resourceIndicators?: {
        enabled: boolean;
        defaultResource?: (ctx: KoaContext, client: Client, oneOf?: string[]) => Promise<string>;
        useGrantedResource?: () => Promise<boolean>;
        getResourceServerInfo?: (
          ctx: KoaContext,
          resourceIndicator: string,
          client: Client,
        ) => Promise<ResourceServerInfo>;
      };
      rpInitiatedLogout?: {
        enabled: boolean;
        logoutSource?: (ctx: KoaContext, form: string) => Promise<void>;
        postLogoutSuccessSource?: (ctx: KoaContext) => Promise<void>;
      };
    };
  }

  export class Provider {
    constructor(issuer: string, configuration?: Configuration);
    issuer: string;
    Grant: typeof Grant;
    Session: typeof Session;
    AccessToken: typeof AccessToken;
    RefreshToken: typeof RefreshToken;
    AuthorizationCode: typeof BaseModel;
    IdToken: typeof IdToken;
    ResourceServer: typeof ResourceServer;
    Client: ClientStatic;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    use(middleware: Middleware): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
    emit(event: string, ...args: unknown[]): boolean;
    cookieName(type: "session" | "interaction" | "resume"): string;
    registerGrantType(
      name: string,
      handler: (ctx: KoaContext) => Promise<void>,
      params?: string[],
    ): void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionResult(
      req: IncomingMessage,
      res: ServerResponse,
      result: UnknownObject,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<string>;
  }

  export class OIDCProviderError extends Error {
    status: number;
    statusCode: number;
    error: string;
    error_description?: string;
  }

  export namespace errors {
    class CustomOIDCProviderError extends OIDCProviderError {
      constructor(error: string, description?: string);
    }
    class SessionNotFound extends OIDCProviderError {}
    class InvalidTarget extends OIDCProviderError {}
  }

  export default Provider;
}
