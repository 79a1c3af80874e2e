import { generateKeyPairSync, randomBytes } from "node:crypto";
import { link, mkdir, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { calculateJwkThumbprint, type JWK } from "jose";
import { readJsonIfExists } from "./files";

export interface RealmKeys {
  /** Private signing keys as a JWK set; the first one signs. */
  keys: JWK[];
  /** Secrets oidc-provider signs its cookies with. */
  cookieKeys: string[];
}

export function defaultDataDir(): string {
  return path.resolve(process.env.IDP_DATA_DIR || ".data/idp");
}

function keysFile(realm: string, dataDir: string): string {
  return path.join(dataDir, "keys", `${realm}.json`);
}

async function generateRealmKeys(): Promise<RealmKeys> {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = privateKey.export({ format: "jwk" }) as JWK;
  const kid = await calculateJwkThumbprint(jwk);
  return {
    keys: [{ ...jwk, kid, alg: "RS256", use: "sig" }],
    cookieKeys: [randomBytes(32).toString("base64url")],
  };
}

/**
 * Loads the realm's keys, generating them on first use. The portal's test suite may call
 * this while the realm server starts, so creation goes through link(), which fails if the
 * file already exists: whichever process loses the race adopts the winner's keys.
 */
export async function loadRealmKeys(realm: string, dataDir = defaultDataDir()): Promise<RealmKeys> {
  const file = keysFile(realm, dataDir);
  const existing = await readJsonIfExists<RealmKeys>(file);
  if (existing) return existing;

  await mkdir(path.dirname(file), { recursive: true });
  const generated = await generateRealmKeys();
  const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(temp, `${JSON.stringify(generated, null, 2)}\n`, { mode: 0o600 });
  try {
    await link(temp, file);
    return generated;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const winner = await readJsonIfExists<RealmKeys>(file);
    if (!winner) throw error;
    return winner;
  } finally {
    await unlink(temp);
  }
}

/** The realm's private signing JWK (with kid), e.g. to mint tokens in tests. */
export async function loadRealmSigningKey(realm: string, dataDir = defaultDataDir()): Promise<JWK> {
  const { keys } = await loadRealmKeys(realm, dataDir);
  const [key] = keys;
  if (!key) throw new Error(`Realm ${realm} has no signing key`);
  return key;
}
