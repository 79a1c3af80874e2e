import { createHash, randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hashInviteToken, inviteLinkToken, isWellFormedToken } from "./token";

describe("invitation tokens", () => {
  const saved = process.env.AUTH_SECRET;
  beforeEach(() => {
    process.env.AUTH_SECRET = "a-test-secret-of-at-least-32-characters";
  });
  afterEach(() => {
    process.env.AUTH_SECRET = saved;
  });

  it("are 32 bytes in base64url, one per invite, the same each time they are derived", () => {
    const ids = Array.from({ length: 100 }, () => randomUUID());
    const tokens = new Set(ids.map(inviteLinkToken));
    expect(tokens.size).toBe(100);
    for (const token of tokens) {
      expect(Buffer.from(token, "base64url")).toHaveLength(32);
      expect(isWellFormedToken(token)).toBe(true);
    }
    expect(ids.map(inviteLinkToken)).toEqual([...tokens]);
  });

  it("depend on the server secret", () => {
    const id = randomUUID();
    const before = inviteLinkToken(id);
    process.env.AUTH_SECRET = "another-test-secret-of-32-characters!";
    expect(inviteLinkToken(id)).not.toBe(before);
  });

  it("are stored as their SHA-256 in hex", () => {
    const token = inviteLinkToken(randomUUID());
    expect(hashInviteToken(token)).toBe(createHash("sha256").update(token).digest("hex"));
    expect(hashInviteToken(token)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each(["", "short", `${"A".repeat(43)}x`, `${"A".repeat(42)}=`, "a/b".repeat(15)])(
    "refuse %j as malformed",
    (value) => {
      expect(isWellFormedToken(value)).toBe(false);
    },
  );
});
