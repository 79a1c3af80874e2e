import { z } from "zod";
import { findInviteMailFacts } from "@/db/queries/invites";
import { type Email, invitationEmailOf } from "@/lib/invites/email";
import type { OutboxSink } from "./types";

/** Sends an email; SMTP or a provider's API plugs in here. */
export interface MailTransport {
  send(email: Email): Promise<void>;
}

/**
 * Development and demos send nothing: the dev mailbox composes the emails from the outbox, and
 * "delivered" only marks them sent there.
 */
export const devMailbox: MailTransport = { send: async () => {} };

/** The events that become an email. */
export const MAIL_EVENT_TYPES = ["InviteCreated"] as const;

const inviteCreated = z.object({
  data: z.object({ inviteId: z.uuid(), portalUrl: z.url() }),
});

/**
 * Emails the invitation of an InviteCreated event. The event carries the invite's id: the
 * address comes from the invite, the link is derived again from the id. An invite that is no
 * longer open (revoked, accepted, expired, erased) is not mailed: its link would not work.
 */
export function mailSink(transport: MailTransport): OutboxSink {
  return {
    name: "mail",
    eventTypes: MAIL_EVENT_TYPES,
    async deliver(message, tx) {
      const parsed = inviteCreated.safeParse(JSON.parse(message.payload));
      if (!parsed.success) {
        // Only events queued before emails were composed from ids lack these; their link's
        // token cannot be derived again.
        throw new Error(
          `event ${message.id} names no invite and portal URL: revoke that invite and send a new one`,
        );
      }
      const { inviteId, portalUrl } = parsed.data.data;
      const invite = await findInviteMailFacts(tx, inviteId);
      if (invite?.status !== "open") return;
      await transport.send(invitationEmailOf(invite, portalUrl));
    },
  };
}
