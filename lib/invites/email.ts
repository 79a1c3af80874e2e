import type { AccountRole } from "@/db/schema/accounts";
import { roleLabels } from "./labels";
import { inviteLinkToken } from "./token";

export interface Email {
  to: string;
  subject: string;
  text: string;
}

export function inviteLink(portalUrl: string, token: string): string {
  return `${portalUrl.replace(/\/+$/, "")}/invite/${token}`;
}

/** The invitation email. The link is the only copy of the token anywhere. */
export function inviteEmail(input: {
  to: string;
  accountNumber: string;
  role: AccountRole;
  link: string;
  expiresAt: Date;
}): Email {
  const expires = input.expiresAt.toISOString().replace("T", " ").slice(0, 16);
  return {
    to: input.to,
    subject: `Your invitation to energy account ${input.accountNumber}`,
    text: [
      "Hello,",
      "",
      `You have been invited to the energy portal as the ${roleLabels[input.role]} of account ${input.accountNumber}.`,
      "",
      "Open this link to accept the invitation. It works once, and expires on",
      `${expires} UTC:`,
      "",
      input.link,
      "",
      "If you were not expecting this invitation, you can ignore this email.",
    ].join("\n"),
  };
}

/**
 * The email of an invite, composed when it is sent: the address and account from the invite,
 * the link's token derived again from its id.
 */
export function invitationEmailOf(
  invite: {
    inviteId: string;
    to: string;
    accountNumber: string;
    role: AccountRole;
    expiresAt: Date;
  },
  portalUrl: string,
): Email {
  return inviteEmail({
    to: invite.to,
    accountNumber: invite.accountNumber,
    role: invite.role,
    link: inviteLink(portalUrl, inviteLinkToken(invite.inviteId)),
    expiresAt: invite.expiresAt,
  });
}
