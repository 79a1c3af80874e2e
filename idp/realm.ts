import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ClientMetadata } from "oidc-provider";

/** The subset of Keycloak's realm-export format the realm server understands. */
export interface RealmCredential {
  type: string;
  value?: string;
  secretData?: string;
  credentialData?: string;
}

export interface RealmUser {
  id: string;
  username: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  enabled?: boolean;
  emailVerified?: boolean;
  createdTimestamp?: number;
  credentials?: RealmCredential[];
  realmRoles?: string[];
  /** Roles of clients, e.g. `realm-management: ["manage-users"]` for the admin REST API. */
  clientRoles?: Record<string, string[]>;
  /** Set on the user Keycloak creates for a client with service accounts enabled. */
  serviceAccountClientId?: string;
}

export interface RealmClient {
  clientId: string;
  name?: string;
  publicClient?: boolean;
  secret?: string;
  rootUrl?: string;
  redirectUris?: string[];
  standardFlowEnabled?: boolean;
  directAccessGrantsEnabled?: boolean;
  /** The client may use the client-credentials grant, acting as its service-account user. */
  serviceAccountsEnabled?: boolean;
  /** Keycloak's switch between front- and back-channel logout; the realm server sends back-channel. */
  frontchannelLogout?: boolean;
  attributes?: Record<string, string>;
}

export interface RealmDefinition {
  realm: string;
  displayName?: string;
  enabled?: boolean;
  registrationAllowed?: boolean;
  /** Users must verify their email address (a link sent to it) before they can sign in. */
  verifyEmail?: boolean;
  accessTokenLifespan?: number;
  ssoSessionIdleTimeout?: number;
  ssoSessionMaxLifespan?: number;
  defaultRoles?: string[];
  /** Brute force detection, with Keycloak's names and meaning (see brute-force.ts). */
  bruteForceProtected?: boolean;
  permanentLockout?: boolean;
  maxTemporaryLockouts?: number;
  failureFactor?: number;
  waitIncrementSeconds?: number;
  maxFailureWaitSeconds?: number;
  maxDeltaTimeSeconds?: number;
  quickLoginCheckMilliSeconds?: number;
  minimumQuickLoginWaitSeconds?: number;
  clients: RealmClient[];
  users: RealmUser[];
}

export interface Substitutions {
  /** Allowed portal origins; the first one stands in for `${PORTAL_URL}` outside of rootUrl. */
  portalOrigins: string[];
  clientSecret: string;
  /** Where service clients' secrets come from; process.env unless given. */
  env?: Record<string, string | undefined>;
}

export const REALMS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "realms");

export function parsePortalOrigins(value: string): string[] {
  const origins = value
    .split(",")
    .map((origin) => origin.trim().replace(/\/+$/, ""))
    .filter(Boolean);
  if (origins.length === 0) throw new Error("At least one portal URL is required");
  return origins;
}

const PLACEHOLDER = /\$\{([A-Z0-9_]+)\}/g;

function substitute(value: string, subs: Substitutions): string {
  const values: Record<string, string | undefined> = {
    KEYCLOAK_CLIENT_SECRET: subs.clientSecret,
    PORTAL_URL: subs.portalOrigins[0],
  };
  return value.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}

// Only these may fill a service client's secret, so a realm file cannot copy any other
// variable of the server's environment into a secret.
const SERVICE_SECRET_VARIABLES = ["METER_SERVICE_SECRET", "BILLING_SERVICE_SECRET"];

/** The variable a service client's secret placeholder names, if it is one of ours. */
export function serviceSecretVariable(client: RealmClient): string | undefined {
  const name = /^\$\{([A-Z0-9_]+)\}$/.exec(client.secret ?? "")?.[1];
  return client.serviceAccountsEnabled && name && SERVICE_SECRET_VARIABLES.includes(name)
    ? name
    : undefined;
}

/**
 * Unset, a service client's secret equals its client id, so the demo and the tests can call
 * the feeds without configuration; production sets the variable.
 */
export function serviceClientSecret(
  client: RealmClient,
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  const variable = serviceSecretVariable(client);
  return variable ? env[variable] || client.clientId : client.secret;
}

/** Keycloak pairs every service-account client with exactly one user it acts as. */
function checkServiceAccounts(definition: RealmDefinition): void {
  for (const client of definition.clients) {
    if (!client.serviceAccountsEnabled) continue;
    const where = `Realm ${definition.realm}, client ${client.clientId}`;
    if (client.publicClient) throw new Error(`${where}: a public client has no service account`);
    const accounts = definition.users.filter(
      (user) => user.serviceAccountClientId === client.clientId,
    );
    if (accounts.length !== 1) {
      throw new Error(`${where}: expected one service-account user, found ${accounts.length}`);
    }
  }
}

function substituteDeep<T>(value: T, subs: Substitutions): T {
  if (typeof value === "string") return substitute(value, subs) as T;
  if (Array.isArray(value)) return value.map((item) => substituteDeep(item, subs)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, substituteDeep(item, subs)]),
    ) as T;
  }
  return value;
}

/**
 * rootUrl may point at several portal origins (dev server, e2e server on another port),
 * so it is expanded to a list instead of being substituted as one string.
 */
function rootUrlsFor(client: RealmClient, subs: Substitutions): string[] {
  if (!client.rootUrl) return [];
  if (/^\$\{PORTAL_URL\}$/.test(client.rootUrl)) return subs.portalOrigins;
  return [substitute(client.rootUrl, subs).replace(/\/+$/, "")];
}

function absolutise(uris: string[], roots: string[]): string[] {
  const result = new Set<string>();
  for (const uri of uris) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(uri)) {
      result.add(uri);
      continue;
    }
    for (const root of roots) {
      result.add(`${root}${uri}`);
      // Browsers and Auth.js disagree on whether the bare origin carries a slash.
      if (uri === "/") result.add(root);
    }
  }
  return [...result];
}

export async function loadRealm(file: string, subs: Substitutions): Promise<LoadedRealm> {
  const raw = JSON.parse(await readFile(file, "utf8")) as RealmDefinition;
  const rootUrls = new Map(
    raw.clients.map((client) => [client.clientId, rootUrlsFor(client, subs)]),
  );
  const substituted = substituteDeep(raw, subs);
  // After the generic substitution, so that a secret's own text is never taken for a placeholder.
  const definition = {
    ...substituted,
    clients: substituted.clients.map((client) => ({
      ...client,
      secret: serviceClientSecret(client, subs.env),
    })),
  };
  checkServiceAccounts(definition);
  return new LoadedRealm(definition, rootUrls);
}

export async function loadRealms(subs: Substitutions, dir = REALMS_DIR): Promise<LoadedRealm[]> {
  const files = (await readdir(dir)).filter((name) => name.endsWith(".json")).sort();
  const realms = await Promise.all(files.map((name) => loadRealm(path.join(dir, name), subs)));
  return realms.filter((realm) => realm.definition.enabled !== false);
}

/**
 * Where the realm posts logout tokens for a client (Keycloak's client attribute
 * `backchannel.logout.url`): a relative URL is taken against the client's root URL, as Keycloak
 * does, and the first root wins where `rootUrl` names several portal origins.
 */
function backchannelLogoutUri(client: RealmClient, roots: string[]): string | undefined {
  const url = client.attributes?.["backchannel.logout.url"];
  if (!url) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
  return roots[0] ? `${roots[0]}${url}` : undefined;
}

export class LoadedRealm {
  constructor(
    readonly definition: RealmDefinition,
    private readonly rootUrls: Map<string, string[]>,
  ) {}

  get name(): string {
    return this.definition.realm;
  }

  get displayName(): string {
    return this.definition.displayName ?? this.definition.realm;
  }

  client(clientId: string): RealmClient | undefined {
    return this.definition.clients.find((client) => client.clientId === clientId);
  }

  /** Every origin a client redirects to, used to answer CORS preflights from the portal. */
  origins(): string[] {
    return [...new Set([...this.rootUrls.values()].flat())];
  }

  clientMetadata(): ClientMetadata[] {
    return this.definition.clients.map((client) => {
      const roots = this.rootUrls.get(client.clientId) ?? [];
      const codeFlow = client.standardFlowEnabled !== false;
      const postLogout = (client.attributes?.["post.logout.redirect.uris"] ?? "")
        .split("##")
        .filter(Boolean);
      // "password" is allowed for every client so that the grant handler, not oidc-provider's
      // generic check, decides; that is what yields Keycloak's unauthorized_client answer.
      const grantTypes = ["refresh_token", "password"];
      if (codeFlow) grantTypes.unshift("authorization_code");
      if (client.serviceAccountsEnabled) grantTypes.push("client_credentials");
      const backchannel = backchannelLogoutUri(client, roots);
      return {
        client_id: client.clientId,
        client_name: client.name ?? client.clientId,
        ...(backchannel
          ? {
              backchannel_logout_uri: backchannel,
              // Keycloak's default for a new client is to send the session id.
              backchannel_logout_session_required:
                client.attributes?.["backchannel.logout.session.required"] !== "false",
            }
          : {}),
        ...(client.publicClient
          ? { token_endpoint_auth_method: "none" }
          : { token_endpoint_auth_method: "client_secret_basic", client_secret: client.secret }),
        response_types: codeFlow ? ["code"] : [],
        grant_types: grantTypes,
        redirect_uris: codeFlow ? absolutise(client.redirectUris ?? [], roots) : [],
        post_logout_redirect_uris: absolutise(postLogout, roots),
      };
    });
  }
}
