import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashInviteToken, isWellFormedToken, newInviteToken } from "./token";

describe("invitation tokens", () => {
  it("are 32 random bytes in base64url, different every time", () => {
    const tokens = new Set(Array.from({ length: 100 }, newInviteToken));
    expect(tokens.size).toBe(100);
    for (const token of tokens) {
      expect(Buffer.from(token, "base64url")).toHaveLength(32);
      expect(isWellFormedToken(token)).toBe(true);
    }
  });

  it("are stored as their SHA-256 in hex", () => {
    const token = newInviteToken();
    expect(hashInviteToken(token)).toBe(createHash("sha256").update(token).digest("hex"));
    expect(hashInviteToken(token)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each(["", "short", `${newInviteToken()}x`, `${newInviteToken().slice(1)}=`, "a/b".repeat(15)])(
    "refuse %j as malformed",
    (value) => {
      expect(isWellFormedToken(value)).toBe(false);
    },
  );
});
