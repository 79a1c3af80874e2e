import { pbkdf2, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { BruteForceDetector, bruteForceSettings } from "./brute-force";
import { readJsonIfExists, writeJsonAtomic } from "./files";
import type { LoadedRealm, RealmCredential, RealmUser } from "./realm";

const pbkdf2Async = promisify(pbkdf2);

// Keycloak's credential export format, so a registered user could be imported into a real realm.
const HASH_ALGORITHM = "pbkdf2-sha256";
const HASH_ITERATIONS = 27_500;
const HASH_BYTES = 64;

export interface Profile {
  sub: string;
  preferred_username: string;
  email?: string;
  email_verified: boolean;
  name?: string;
  given_name?: string;
  family_name?: string;
  realm_access: { roles: string[] };
}

export interface Registration {
  firstName: string;
  lastName: string;
  email: string;
  username: string;
  password: string;
}

export type AuthenticationResult =
  | { ok: true; user: RealmUser }
  | { ok: false; reason: "invalid_credentials" | "disabled" };

export function profileOf(user: RealmUser): Profile {
  const name = [user.firstName, user.lastName].filter(Boolean).join(" ");
  return {
    sub: user.id,
    preferred_username: user.username.toLowerCase(),
    email: user.email?.toLowerCase(),
    email_verified: user.emailVerified ?? false,
    name: name || undefined,
    given_name: user.firstName || undefined,
    family_name: user.lastName || undefined,
    realm_access: { roles: [...(user.realmRoles ?? [])] },
  };
}

/**
 * What Keycloak puts into a client-credentials access token: the service-account user the
 * client acts as and that user's roles. Service accounts have no email, name or session.
 */
export function serviceAccountClaims(user: RealmUser, clientId: string) {
  return {
    sub: user.id,
    typ: "Bearer",
    azp: clientId,
    client_id: clientId,
    preferred_username: user.username.toLowerCase(),
    realm_access: { roles: [...(user.realmRoles ?? [])] },
  };
}

async function hashPassword(password: string): Promise<RealmCredential> {
  const salt = randomBytes(16);
  const hash = await pbkdf2Async(password, salt, HASH_ITERATIONS, HASH_BYTES, "sha256");
  return {
    type: "password",
    secretData: JSON.stringify({ value: hash.toString("base64"), salt: salt.toString("base64") }),
    credentialData: JSON.stringify({
      hashIterations: HASH_ITERATIONS,
      algorithm: HASH_ALGORITHM,
    }),
  };
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

async function passwordMatches(credential: RealmCredential, password: string): Promise<boolean> {
  if (credential.type !== "password") return false;
  if (credential.value !== undefined) {
    return sameBytes(Buffer.from(credential.value), Buffer.from(password));
  }
  if (!credential.secretData || !credential.credentialData) return false;
  const secret = JSON.parse(credential.secretData) as { value: string; salt: string };
  const data = JSON.parse(credential.credentialData) as {
    hashIterations: number;
    algorithm: string;
  };
  if (data.algorithm !== HASH_ALGORITHM) return false;
  const expected = Buffer.from(secret.value, "base64");
  const actual = await pbkdf2Async(
    password,
    Buffer.from(secret.salt, "base64"),
    data.hashIterations,
    expected.length,
    "sha256",
  );
  return sameBytes(actual, expected);
}

/**
 * Users of one realm: the ones declared in the realm file plus self-registered ones, which
 * are kept in `${dataDir}/users/{realm}.json` so they survive restarts.
 */
export class UserStore {
  private constructor(
    private readonly realm: LoadedRealm,
    private readonly file: string,
    private readonly registered: RealmUser[],
    private readonly bruteForce: BruteForceDetector,
  ) {}

  static async open(
    realm: LoadedRealm,
    dataDir: string,
    bruteForce = new BruteForceDetector(bruteForceSettings(realm.definition)),
  ): Promise<UserStore> {
    const file = path.join(dataDir, "users", `${realm.name}.json`);
    const stored = await readJsonIfExists<{ users: RealmUser[] }>(file);
    return new UserStore(realm, file, stored?.users ?? [], bruteForce);
  }

  private all(): RealmUser[] {
    return [...this.realm.definition.users, ...this.registered];
  }

  findById(id: string): RealmUser | undefined {
    return this.all().find((user) => user.id === id);
  }

  /** Keycloak lets users sign in with either their username or their email address. */
  findByLogin(login: string): RealmUser | undefined {
    const needle = login.trim().toLowerCase();
    if (!needle) return undefined;
    return (
      this.all().find((user) => user.username.toLowerCase() === needle) ??
      this.all().find((user) => user.email?.toLowerCase() === needle)
    );
  }

  /** Only the realm file declares service accounts; a self-registered user is never one. */
  findServiceAccount(clientId: string): RealmUser | undefined {
    return this.realm.definition.users.find((user) => user.serviceAccountClientId === clientId);
  }

  usernameTaken(username: string): boolean {
    const needle = username.trim().toLowerCase();
    return this.all().some((user) => user.username.toLowerCase() === needle);
  }

  emailTaken(email: string): boolean {
    const needle = email.trim().toLowerCase();
    return this.all().some((user) => user.email?.toLowerCase() === needle);
  }

  /**
   * As in Keycloak, a user locked by brute force detection gets the answer of a wrong
   * password, even for the right one. Failures are only counted for users that can sign in
   * with a password, so unknown logins leave no trace.
   */
  async authenticate(login: string, password: string): Promise<AuthenticationResult> {
    const invalid = { ok: false, reason: "invalid_credentials" } as const;
    const user = this.findByLogin(login);
    if (user && this.bruteForce.isLocked(user.id)) return invalid;
    const credentials = user?.credentials ?? [];
    let matches = false;
    for (const credential of credentials) {
      if (await passwordMatches(credential, password)) matches = true;
    }
    // A service account acts only through its client's secret, even if it were given a password.
    if (!user || user.serviceAccountClientId) return invalid;
    // Concurrent failures may have locked the user while the password was being hashed.
    if (this.bruteForce.isLocked(user.id)) return invalid;
    if (!matches) {
      this.bruteForce.failure(user.id);
      return invalid;
    }
    if (user.enabled === false) return { ok: false, reason: "disabled" };
    this.bruteForce.success(user.id);
    return { ok: true, user };
  }

  /** The user followed the link of a verification email: their address is now verified. */
  async markEmailVerified(id: string): Promise<void> {
    const user = this.findById(id);
    if (!user || user.emailVerified) return;
    user.emailVerified = true;
    if (this.registered.includes(user)) {
      await writeJsonAtomic(this.file, { realm: this.realm.name, users: this.registered });
    }
  }

  async register(input: Registration): Promise<RealmUser> {
    const user: RealmUser = {
      id: randomUUID(),
      username: input.username.trim().toLowerCase(),
      email: input.email.trim().toLowerCase(),
      firstName: input.firstName.trim(),
      lastName: input.lastName.trim(),
      enabled: true,
      emailVerified: false,
      createdTimestamp: Date.now(),
      credentials: [await hashPassword(input.password)],
      realmRoles: [...(this.realm.definition.defaultRoles ?? [])],
    };
    this.registered.push(user);
    await writeJsonAtomic(this.file, { realm: this.realm.name, users: this.registered });
    return user;
  }
}
