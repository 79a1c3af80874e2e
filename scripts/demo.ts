import path from "node:path";
import { pinnedInstant } from "../lib/clock";
import { buildPortal, demoLogins, demoServiceClients, startStack } from "./stack";

/**
 * npm run demo: migrate and seed the database (embedded PGlite unless DATABASE_URL is set),
 * build the portal, start the identity provider and the portal, and print how to sign in.
 */
async function main() {
  const portalPort = Number(process.env.PORT ?? 3000);
  const idpPort = Number(process.env.IDP_PORT ?? 8080);
  if (process.env.SKIP_BUILD !== "1") {
    console.log("Building the portal…");
    buildPortal();
  }
  // A portal shown as it was on a given day keeps the data of that day in a database of its
  // own, so it never holds readings or bills from after its clock.
  const pinned = pinnedInstant();
  const stamp = pinned?.toISOString().replace(/[-:]|\.\d+/g, "");
  const stack = await startStack({
    portalPort,
    idpPort,
    dataDir: path.resolve(".data"),
    databaseUrl: process.env.DATABASE_URL,
    pgliteDir: stamp ? path.resolve(".data", `pglite-${stamp}`) : undefined,
    log: (line) => console.log(line),
  });

  const customers = demoLogins().filter((l) => l.realm === "ossrep");
  const staff = demoLogins().filter((l) => l.realm === "ossrep-internal");
  const rows = (list: typeof customers) =>
    list.map((l) => `    ${l.username.padEnd(8)} / ${l.password.padEnd(8)}  ${l.who}`).join("\n");
  const services = demoServiceClients()
    .map((s) => `    ${s.clientId.padEnd(15)} / ${s.secret.padEnd(15)}  role ${s.roles.join(", ")}`)
    .join("\n");
  console.log(`
  The energy portal is running.

  Portal:          ${stack.portalUrl}
  Staff console:   ${stack.portalUrl}/staff
  Invitations:     ${stack.portalUrl}/staff/invites (emails arrive at ${stack.portalUrl}/dev/mailbox)
  Identity (OIDC): ${stack.idp.url}/realms/ossrep
  Clock:           ${pinned ? `pinned to ${pinned.toISOString()} (PORTAL_NOW)` : "the system time"}

  Customer logins (username / password):
${rows(customers)}

  Staff logins:
${rows(staff)}

  Service clients (client id / secret), client-credentials grant at
  ${stack.idp.url}/realms/ossrep-internal/protocol/openid-connect/token:
${services}

  Press Ctrl+C to stop.
`);

  const shutdown = async () => {
    await stack.stop();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  stack.portal.once("exit", (code) => {
    console.error(`The portal stopped (exit code ${code}).`);
    void stack.idp.close().then(() => process.exit(code ?? 1));
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
