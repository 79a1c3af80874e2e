import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REALMS_DIR, type RealmDefinition } from "../../idp/realm";
import { type Idp, startIdp } from "../../idp/server";
import { requestPasswordGrant } from "./support/tokens";

const ALICE_ID = "f6957418-3943-44db-a219-94c7a4610495";
const BOB_ID = "5dc26597-1e83-4d66-8b83-0bfe75e59482";
const WRONG = { error: "invalid_grant", error_description: "Invalid user credentials" };

/**
 * Brute force detection of the customer realm, on an identity provider of its own: the locked
 * users would otherwise be missed by the tests sharing the suite's one. Its copy of the realm
 * keeps every setting but a one-second wait, so that the unlock can be seen too.
 */
describe("realm brute force detection", () => {
  let workDir: string;
  let idp: Idp;
  let issuer: string;
  let failureFactor: number;

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), "idp-lockout-"));
    const realm = JSON.parse(
      await readFile(path.join(REALMS_DIR, "ossrep.json"), "utf8"),
    ) as RealmDefinition;
    expect(realm.bruteForceProtected).toBe(true);
    failureFactor = realm.failureFactor ?? 0;
    const realmsDir = path.join(workDir, "realms");
    await mkdir(realmsDir);
    await writeFile(
      path.join(realmsDir, "ossrep.json"),
      JSON.stringify({ ...realm, waitIncrementSeconds: 1 }),
    );
    idp = await startIdp({
      port: 0,
      dataDir: path.join(workDir, "idp"),
      realmsDir,
      portalUrl: "http://localhost:3999",
      clientSecret: "lockout-secret",
      quiet: true,
    });
    issuer = idp.issuer("ossrep");
  });

  afterAll(async () => {
    await idp?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  async function passwordGrant(username: string, password: string) {
    const response = await requestPasswordGrant(username, { issuer, password });
    return {
      status: response.status,
      body: (await response.json()) as Record<string, string>,
    };
  }

  it("refuses the right password after failureFactor wrong ones, for that user only", async () => {
    expect(failureFactor).toBe(10);
    for (let attempt = 1; attempt <= failureFactor; attempt++) {
      const wrong = await passwordGrant("alice", `guess-${attempt}`);
      expect(wrong.status).toBe(401);
      expect(wrong.body).toEqual(WRONG);
    }

    for (const login of ["alice", "John.Smith@example.com"]) {
      const right = await passwordGrant(login, "alice");
      expect(right.status).toBe(401);
      expect(right.body).toEqual(WRONG);
    }

    const bob = await passwordGrant("bob", "bob");
    expect(bob.status).toBe(200);
    expect(decodeJwt(bob.body.access_token ?? "").sub).toBe(BOB_ID);

    await new Promise((resolve) => setTimeout(resolve, 1200));
    const unlocked = await passwordGrant("alice", "alice");
    expect(unlocked.status).toBe(200);
    expect(decodeJwt(unlocked.body.access_token ?? "").sub).toBe(ALICE_ID);
  });
});
