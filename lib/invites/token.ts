import { createHash, createHmac, hkdfSync } from "node:crypto";

/** 32 bytes, base64url: what an invitation link carries. */
const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The key of invitation links, derived from the server's AUTH_SECRET for this use alone. */
function linkKey(): Buffer {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set: invitation links cannot be made");
  return Buffer.from(hkdfSync("sha256", secret, "", "portal invitation links", TOKEN_BYTES));
}

/**
 * The token of an invite's link: HMAC-SHA256 of its id under a server key. It is stored nowhere
 * (the database keeps its SHA-256, the outbox the invite's id): whoever sends the email derives
 * it again from the id. Changing AUTH_SECRET voids the links of open invitations.
 */
export function inviteLinkToken(inviteId: string): string {
  return createHmac("sha256", linkKey()).update(`invite:${inviteId}`, "utf8").digest("base64url");
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
