import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ADMIN_PREFIX } from "./keycloak";
import { defaultDataDir, loadRealmSigningKey } from "./keys";
import { caughtMail } from "./mail";
import { createRealmServer, type RealmServer } from "./provider";
import { loadRealms, parsePortalOrigins } from "./realm";

export { loadRealmSigningKey };

export interface IdpOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  /** One portal origin, or several separated by commas. */
  portalUrl?: string;
  clientSecret?: string;
  /** Access token lifetime in seconds. */
  accessTokenTtl?: number;
  /** Where the realm exports are read from; idp/realms unless given. */
  realmsDir?: string;
  quiet?: boolean;
}

export interface Idp {
  /** Base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  issuer(realm: string): string;
  close(): Promise<void>;
}

function envNumber(name: string): number | undefined {
  const value = process.env[name];
  if (!value) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new Error(`${name} must be a non-negative integer`);
  return parsed;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(payload),
    "Cache-Control": "no-store",
  });
  res.end(payload);
}

/** A URL the listening socket is reachable at, even when bound to every interface. */
function baseUrl(host: string, port: number): string {
  const reachable = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  return `http://${reachable.includes(":") ? `[${reachable}]` : reachable}:${port}`;
}

/**
 * Starts a local identity provider laid out like Keycloak: every realm in idp/realms is
 * served under /realms/{realm}, and the health endpoints under /health.
 */
export async function startIdp(options: IdpOptions = {}): Promise<Idp> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? envNumber("IDP_PORT") ?? 8080;
  const dataDir = path.resolve(options.dataDir ?? defaultDataDir());
  const accessTokenTtl = options.accessTokenTtl ?? envNumber("IDP_ACCESS_TOKEN_TTL") ?? 300;
  const portalOrigins = parsePortalOrigins(
    options.portalUrl ?? process.env.PORTAL_URL ?? "http://localhost:3000",
  );
  const clientSecret =
    options.clientSecret ?? process.env.KEYCLOAK_CLIENT_SECRET ?? "portal-dev-secret";
  const definitions = await loadRealms({ portalOrigins, clientSecret }, options.realmsDir);

  const realms = new Map<string, RealmServer>();
  let ready = false;

  // The issuer must contain the real port, which with port 0 is only known once the
  // socket listens; requests arriving before the realms exist get a 503.
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? "/";
    const pathname = url.split("?", 1)[0] ?? "/";
    if (pathname === "/health" || pathname === "/health/ready" || pathname === "/health/live") {
      const up = ready || pathname === "/health/live";
      return sendJson(res, up ? 200 : 503, { status: up ? "UP" : "DOWN", checks: [] });
    }
    // The local mail catcher: what the realms would have sent (email verification links).
    if (pathname === "/mail" && req.method === "GET") {
      caughtMail(dataDir).then(
        (mails) => sendJson(res, 200, mails),
        () => sendJson(res, 500, { error: "unknown_error" }),
      );
      return;
    }
    // Keycloak's admin REST API of a realm, served by that realm (see keycloakCompat).
    const admin = /^\/admin\/realms\/([^/]+)/.exec(pathname);
    if (admin?.[1]) {
      const realm = realms.get(decodeURIComponent(admin[1]));
      if (!realm) return sendJson(res, 404, { error: "Realm not found." });
      Object.assign(req, { originalUrl: url });
      req.url = `${ADMIN_PREFIX}${url.slice(admin[0].length)}`;
      return realm.handle(req, res);
    }
    const match = /^\/realms\/([^/]+)/.exec(pathname);
    if (!match?.[1])
      return sendJson(res, 404, { error: "Unable to find matching target resource method" });
    const realm = realms.get(decodeURIComponent(match[1]));
    if (!realm) {
      return sendJson(res, ready ? 404 : 503, {
        error: ready ? "Realm does not exist" : "Starting",
      });
    }
    // oidc-provider derives its absolute URLs from req.originalUrl minus req.url, the same
    // contract Express uses for mounted apps.
    const rest = url.slice(match[0].length);
    Object.assign(req, { originalUrl: url });
    req.url = rest.startsWith("/") ? rest : `/${rest}`;
    realm.handle(req, res);
  });
  // Keep-alive sockets from test clients would otherwise hold close() open.
  server.keepAliveTimeout = 1000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });

  const url = baseUrl(host, (server.address() as AddressInfo).port);
  const issuer = (realm: string) => `${url}/realms/${encodeURIComponent(realm)}`;
  try {
    for (const definition of definitions) {
      const realm = await createRealmServer(definition, {
        issuer: issuer(definition.name),
        dataDir,
        accessTokenTtl,
        quiet: options.quiet,
      });
      realms.set(definition.name, realm);
    }
  } catch (error) {
    server.close();
    throw error;
  }
  ready = true;

  if (!options.quiet) {
    console.log(`Identity provider listening on ${url}`);
    for (const realm of realms.values()) console.log(`  realm ${realm.name}: ${realm.issuer}`);
  }

  let closing: Promise<void> | undefined;
  return {
    url,
    issuer,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve, reject) => {
          server.close((error) => (error ? reject(error) : resolve()));
          server.closeIdleConnections();
        });
        await Promise.all([...realms.values()].map((realm) => realm.close()));
      })();
      return closing;
    },
  };
}

function isMainModule(): boolean {
  const entry = process.argv[1];
  return entry !== undefined && path.resolve(entry) === fileURLToPath(import.meta.url);
}

if (isMainModule()) {
  const idp = await startIdp();
  const shutdown = (signal: string) => {
    console.log(`Received ${signal}, shutting down`);
    idp.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}
