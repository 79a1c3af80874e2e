import { describe, expect, it } from "vitest";
import { inviteEmail, inviteLink } from "./email";

describe("the invitation email", () => {
  it("carries the single-use link on the portal's public URL", () => {
    expect(inviteLink("https://portal.example.com/", "abc")).toBe(
      "https://portal.example.com/invite/abc",
    );
    const email = inviteEmail({
      to: "new.agent@example.com",
      accountNumber: "1234567890",
      role: "agent",
      link: "https://portal.example.com/invite/abc",
      expiresAt: new Date("2026-11-29T10:15:00Z"),
    });
    expect(email).toEqual({
      to: "new.agent@example.com",
      subject: "Your invitation to energy account 1234567890",
      text: expect.stringContaining("\nhttps://portal.example.com/invite/abc\n"),
    });
    expect(email.text).toContain("as the managing agent of account 1234567890");
    expect(email.text).toContain("2026-11-29 10:15 UTC");
  });
});
