import { z } from "zod";
import type { Email } from "@/lib/invites/email";
import type { OutboxSink } from "./types";

/** Sends an email; SMTP or a provider's API plugs in here. */
export interface MailTransport {
  send(email: Email): Promise<void>;
}

/**
 * Development and demos send nothing: the dev mailbox reads the emails from the outbox, and
 * "delivered" only marks them sent there.
 */
export const devMailbox: MailTransport = { send: async () => {} };

/** The events that carry an email. They carry a live invitation link, so they go nowhere else. */
export const MAIL_EVENT_TYPES = ["InviteCreated"] as const;

const emailEvent = z.object({
  data: z.object({
    email: z.object({ to: z.email(), subject: z.string().min(1), text: z.string().min(1) }),
  }),
});

export function mailSink(transport: MailTransport): OutboxSink {
  return {
    name: "mail",
    eventTypes: MAIL_EVENT_TYPES,
    async deliver(message) {
      const parsed = emailEvent.safeParse(JSON.parse(message.payload));
      if (!parsed.success) throw new Error(`event ${message.id} carries no valid email`);
      await transport.send(parsed.data.data.email);
    },
  };
}
