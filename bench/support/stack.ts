import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { throwawayDatabase } from "@/bench/support/database";
import { hasBuild, type Stack, startStack } from "@/scripts/stack";

export interface BenchStack {
  stack: Stack;
  databaseUrl: string;
  token(grant: { user: string } | { client: "meter-service" | "billing-service" }): Promise<string>;
  close(): Promise<void>;
}

/**
 * The production build on a fresh database seeded with the demo data, with its own identity
 * provider: what the HTTP benchmarks measure. Needs `npm run build` first.
 */
export async function benchStack(options: {
  portalPort: number;
  idpPort: number;
  clock: string;
  prepare?: (databaseUrl: string) => Promise<void>;
  /** An empty database of the benchmark's own (on its own server); else one on DATABASE_URL's. */
  databaseUrl?: string;
}): Promise<BenchStack> {
  if (!hasBuild()) throw new Error("Build the portal first: npm run build");
  const database = options.databaseUrl
    ? { url: options.databaseUrl, drop: async () => {} }
    : await throwawayDatabase("bench");
  const databaseUrl = database.url;
  const dataDir = mkdtempSync(path.join(tmpdir(), "portal-bench-"));
  const stack = await startStack({
    portalPort: options.portalPort,
    idpPort: options.idpPort,
    dataDir,
    databaseUrl,
    clock: options.clock,
    log: (line) => console.log(line),
  });
  if (options.prepare) await options.prepare(databaseUrl);
  const tokenUrl = (realm: string) =>
    `${stack.idp.url}/realms/${realm}/protocol/openid-connect/token`;
  return {
    stack,
    databaseUrl,
    async token(grant) {
      const response =
        "user" in grant
          ? await fetch(tokenUrl("ossrep"), {
              method: "POST",
              body: new URLSearchParams({
                grant_type: "password",
                client_id: "portal-cli",
                username: grant.user,
                password: grant.user,
              }),
            })
          : await fetch(tokenUrl("ossrep-internal"), {
              method: "POST",
              headers: {
                authorization: `Basic ${Buffer.from(`${grant.client}:${grant.client}`).toString("base64")}`,
              },
              body: new URLSearchParams({ grant_type: "client_credentials" }),
            });
      if (!response.ok) throw new Error(`No token: ${await response.text()}`);
      return ((await response.json()) as { access_token: string }).access_token;
    },
    async close() {
      await stack.stop();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
