import { createHash, randomBytes } from "node:crypto";

/** 32 random bytes, base64url: what an invitation link carries. */
const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newInviteToken(): string {
  return randomBytes(TOKEN_BYTES).toString("base64url");
}

/**
 * Only this digest is stored: a leaked table gives nobody a working link. A plain SHA-256 is
 * enough because the token has 256 bits of entropy (nothing to brute-force, so no slow hash).
 */
export function hashInviteToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Anything else cannot be a token we issued: refuse it without touching the database. */
export function isWellFormedToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}
