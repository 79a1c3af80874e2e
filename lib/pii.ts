import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";

/**
 * Personal data encrypted in the application before it reaches the database: AES-256-GCM with
 * versioned keys, so keys can be rotated (`npm run pii:rotate`) while old rows stay readable.
 *
 * A stored value describes itself: `v<key version>:<iv>:<ciphertext and tag>` (base64url). The
 * kind of value (`PiiField`) is its additional authenticated data, so an encrypted street copied
 * into a phone column does not decrypt as a phone.
 *
 * Exact lookups (email uniqueness, sign-in, staff search) go through blind indexes: an HMAC of the
 * normalised value under a key derived from `PII_INDEX_KEY`. That key is separate from the
 * encryption keys so that rotating them never changes an index, and an old encryption key can be
 * removed once every row has been re-encrypted.
 */

/**
 * What an encrypted value is, bound to it as its additional authenticated data: customer and
 * invite emails, phones, the street line and the unit of premises and mailing addresses, and the
 * stored answer of an idempotent write (a whole response body, kept in its own column).
 */
export type PiiField = "email" | "phone" | "street" | "unit" | "answer";

/** The kinds of value that appear inside JSON documents (the answers never do). */
const FIELDS: readonly PiiField[] = ["email", "phone", "street", "unit"];

/**
 * What a blind index is over: customer and invite emails share one, so they can be matched. Staff
 * search also finds a phone by its last seven digits (the subscriber part, however the area code
 * was written) and a premise by its street name without the house number.
 */
export type BlindIndexKind = "email" | "phone" | "phone_tail" | "street";

/** How many trailing digits of a phone number its tail index covers. */
export const PHONE_TAIL_DIGITS = 7;

export interface PiiKeys {
  /** Encryption keys by version (32 bytes each). The highest version encrypts. */
  keys: Map<number, Buffer>;
  /** The HMAC key of the blind indexes, derived from `PII_INDEX_KEY`. */
  indexKey: Buffer;
}

const ALGORITHM = "aes-256-gcm";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const STORED = /^v([1-9][0-9]{0,8}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22,})$/;

export class PiiConfigError extends Error {}

function decodeKey(text: string, what: string): Buffer {
  const bytes = Buffer.from(text.trim(), "base64");
  if (bytes.length !== 32) {
    throw new PiiConfigError(
      `${what} must be 32 random bytes in base64 (e.g. \`openssl rand -base64 32\`); it decodes to ${bytes.length} bytes`,
    );
  }
  return bytes;
}

/**
 * Reads `PII_KEYS` ("1:<base64 32 bytes>,2:<base64 32 bytes>") and `PII_INDEX_KEY` (base64, 32
 * bytes). Throws `PiiConfigError` with a message that says what to fix.
 */
export function parsePiiKeys(env: Record<string, string | undefined>): PiiKeys {
  if (!env.PII_KEYS?.trim()) {
    throw new PiiConfigError(
      'PII_KEYS is not set: give the keys that encrypt personal data as "1:<base64 32 bytes>" (comma-separated versions; the highest encrypts)',
    );
  }
  if (!env.PII_INDEX_KEY?.trim()) {
    throw new PiiConfigError(
      "PII_INDEX_KEY is not set: give the key of the blind indexes as base64 32 bytes (it never rotates)",
    );
  }
  const keys = new Map<number, Buffer>();
  for (const entry of env.PII_KEYS.split(",")) {
    const match = /^\s*([1-9][0-9]{0,8})\s*:\s*(\S+)\s*$/.exec(entry);
    if (!match?.[1] || !match[2]) {
      throw new PiiConfigError(
        `PII_KEYS: "${entry.trim().slice(0, 12)}…" is not "<version>:<base64 key>" (a positive version number)`,
      );
    }
    const version = Number(match[1]);
    if (keys.has(version)) throw new PiiConfigError(`PII_KEYS lists version ${version} twice`);
    keys.set(version, decodeKey(match[2], `PII_KEYS version ${version}`));
  }
  const indexSecret = decodeKey(env.PII_INDEX_KEY, "PII_INDEX_KEY");
  const indexKey = Buffer.from(
    hkdfSync("sha256", indexSecret, Buffer.alloc(0), "portal pii blind index v1", 32),
  );
  return { keys, indexKey };
}

let configured: PiiKeys | undefined;

/** The keys from the environment, read once. */
export function piiKeys(): PiiKeys {
  configured ??= parsePiiKeys(process.env);
  return configured;
}

/** Forget the keys read from the environment (tests and the rotation command change them). */
export function resetPiiKeys(): void {
  configured = undefined;
}

export function currentKeyVersion(keys: PiiKeys = piiKeys()): number {
  return Math.max(...keys.keys.keys());
}

/** A new key for PII_KEYS or PII_INDEX_KEY, in base64. */
export function generatePiiKey(): string {
  return randomBytes(32).toString("base64");
}

export function encryptPii(field: PiiField, plain: string, keys?: PiiKeys): string;
export function encryptPii(field: PiiField, plain: string | null, keys?: PiiKeys): string | null;
export function encryptPii(
  field: PiiField,
  plain: string | null,
  keys: PiiKeys = piiKeys(),
): string | null {
  if (plain === null) return null;
  const version = currentKeyVersion(keys);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, keys.keys.get(version) as Buffer, iv);
  cipher.setAAD(Buffer.from(field));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `v${version}:${iv.toString("base64url")}:${body.toString("base64url")}`;
}

/** The key version a stored value was encrypted under, or null when it is not an encrypted value. */
export function keyVersionOf(stored: string): number | null {
  const match = STORED.exec(stored);
  return match ? Number(match[1]) : null;
}

export function decryptPii(field: PiiField, stored: string, keys?: PiiKeys): string;
export function decryptPii(field: PiiField, stored: string | null, keys?: PiiKeys): string | null;
export function decryptPii(
  field: PiiField,
  stored: string | null,
  keys: PiiKeys = piiKeys(),
): string | null {
  if (stored === null) return null;
  const match = STORED.exec(stored);
  if (!match) throw new Error(`${field} holds a value that is not encrypted`);
  const version = Number(match[1]);
  const key = keys.keys.get(version);
  if (!key) throw new Error(`${field} is encrypted under key version ${version}, not configured`);
  const iv = Buffer.from(match[2] as string, "base64url");
  const body = Buffer.from(match[3] as string, "base64url");
  if (body.length < TAG_BYTES) throw new Error(`${field} holds a truncated value`);
  const decipher = createDecipheriv(ALGORITHM, key, iv);
  decipher.setAAD(Buffer.from(field));
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  return Buffer.concat([
    decipher.update(body.subarray(0, body.length - TAG_BYTES)),
    decipher.final(),
  ]).toString("utf8");
}

const STREET_SUFFIXES: Record<string, string> = {
  st: "street",
  rd: "road",
  ave: "avenue",
  av: "avenue",
  blvd: "boulevard",
  ln: "lane",
  dr: "drive",
  ct: "court",
  pl: "place",
  sq: "square",
  ter: "terrace",
  hwy: "highway",
  pkwy: "parkway",
};

/**
 * A street line as it is searched: lower-cased, without punctuation, the house number ("123",
 * "12b", "10-12") and the common abbreviation of its last word written out ("Main St" is
 * "main street").
 */
export function streetName(value: string): string {
  const words = value
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, " ")
    .split(/\s+/)
    .filter(Boolean);
  while (words.length > 1 && /^[0-9][0-9a-z-]*$/.test(words[0] as string)) words.shift();
  const last = words.length - 1;
  if (last > 0) words[last] = STREET_SUFFIXES[words[last] as string] ?? (words[last] as string);
  return words.join(" ");
}

/**
 * The form a value is indexed in: emails trimmed and lower-cased, phones as E.164 digits, phone
 * tails as their last seven digits, streets by `streetName`.
 */
export function normaliseForIndex(kind: BlindIndexKind, value: string): string {
  if (kind === "email") return value.trim().toLowerCase();
  if (kind === "street") return streetName(value);
  const digits = value.replace(/[^0-9]/g, "");
  if (kind === "phone_tail") return digits.slice(-PHONE_TAIL_DIGITS);
  return `+${digits}`;
}

export function blindIndex(kind: BlindIndexKind, value: string, keys?: PiiKeys): string;
export function blindIndex(
  kind: BlindIndexKind,
  value: string | null,
  keys?: PiiKeys,
): string | null;
export function blindIndex(
  kind: BlindIndexKind,
  value: string | null,
  keys: PiiKeys = piiKeys(),
): string | null {
  if (value === null) return null;
  return createHmac("sha256", keys.indexKey)
    .update(`${kind}\u0000${normaliseForIndex(kind, value)}`)
    .digest("base64url");
}

const STORED_IN_JSON = /"(v[1-9][0-9]{0,8}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22,})"/g;

/**
 * JSON text with every encrypted value replaced by its plain text, for documents built by one SQL
 * statement whose numbers must keep every digit (so they are never parsed into JS numbers): the
 * admin API's bodies, the GDPR export. A string that only looks encrypted, and does not
 * authenticate under any configured key, is left as it is.
 */
export function revealPiiInJson(text: string, keys: PiiKeys = piiKeys()): string {
  return text.replace(STORED_IN_JSON, (literal, stored: string) => {
    for (const field of FIELDS) {
      try {
        return JSON.stringify(decryptPii(field, stored, keys));
      } catch {
        // not this kind of value (or not one of ours): try the next
      }
    }
    return literal;
  });
}

/**
 * JSON text with every encrypted value not under the current key re-encrypted under it (values in
 * documents, such as the audit trail's changes). Returns the text and how many values changed.
 */
export function reencryptInJson(
  text: string,
  keys: PiiKeys = piiKeys(),
): { text: string; count: number } {
  const version = currentKeyVersion(keys);
  let count = 0;
  const out = text.replace(STORED_IN_JSON, (literal, stored: string) => {
    if (keyVersionOf(stored) === version) return literal;
    for (const field of FIELDS) {
      let plain: string;
      try {
        plain = decryptPii(field, stored, keys);
      } catch {
        continue;
      }
      count++;
      return JSON.stringify(encryptPii(field, plain, keys));
    }
    return literal;
  });
  return { text: out, count };
}

/** The kinds of value worth trying first for a property: its name usually says (`mailingStreet`). */
function fieldOrder(name: string | undefined): readonly PiiField[] {
  const lower = name?.toLowerCase() ?? "";
  const named = FIELDS.find((field) => lower.includes(field));
  return named ? [named, ...FIELDS.filter((field) => field !== named)] : FIELDS;
}

/** An encrypted string decrypted (the kind named by its property tried first), or unchanged. */
function revealString(value: string, name: string | undefined, keys: PiiKeys): string {
  if (keyVersionOf(value) === null) return value;
  for (const field of fieldOrder(name)) {
    try {
      return decryptPii(field, value, keys);
    } catch {
      // not this kind of value (or not one of ours): try the next
    }
  }
  return value;
}

function reveal(value: unknown, name: string | undefined, keys: PiiKeys): unknown {
  if (typeof value === "string") return revealString(value, name, keys);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const revealed = reveal(item, name, keys);
      if (revealed === item) return;
      copy ??= [...value];
      copy[i] = revealed;
    });
    return copy ?? value;
  }
  if (value && typeof value === "object" && !(value instanceof Date)) {
    let copy: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(value)) {
      const revealed = reveal(item, key, keys);
      if (revealed === item) continue;
      copy ??= { ...value };
      copy[key] = revealed;
    }
    return copy ?? value;
  }
  return value;
}

/**
 * A value read as JSON (parsed) with every encrypted string in it, at any depth, decrypted. Only
 * what holds an encrypted value is copied: large documents of plain values pass through as they
 * are.
 */
export function revealPii<T>(value: T, keys: PiiKeys = piiKeys()): T {
  return reveal(value, undefined, keys) as T;
}

/** An email as stored: encrypted, with its blind index. */
export function sealEmail<T extends string | null>(email: T, keys: PiiKeys = piiKeys()) {
  return {
    email: encryptPii("email", email, keys) as T,
    emailIndex: blindIndex("email", email, keys) as T,
  };
}

/** A phone number (E.164) as stored: encrypted, with its blind indexes (whole and tail). */
export function sealPhone<T extends string | null>(phone: T, keys: PiiKeys = piiKeys()) {
  return {
    phone: encryptPii("phone", phone, keys) as T,
    phoneIndex: blindIndex("phone", phone, keys) as T,
    phoneTailIndex: blindIndex("phone_tail", phone, keys) as T,
  };
}

/** A premise's street line as stored: encrypted, with the blind index of its street name. */
export function sealStreet(street: string, keys: PiiKeys = piiKeys()) {
  return {
    street: encryptPii("street", street, keys),
    streetIndex: blindIndex("street", street, keys),
  };
}
