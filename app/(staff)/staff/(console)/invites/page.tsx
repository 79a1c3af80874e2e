import type { Metadata } from "next";
import { InviteActionButton } from "@/components/staff/invite-action-button";
import { InviteForm } from "@/components/staff/invite-form";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { type InviteListItem, listRecentInvites } from "@/db/queries/invites";
import { requireStaff } from "@/lib/auth/session";
import { INVITE_TTL_DAYS } from "@/lib/domain/invites";
import { formatInstant } from "@/lib/format";
import type { InviteStatus } from "@/lib/invites/status";
import { activateCustomerAction, createInviteAction, revokeInviteAction } from "./actions";

export const metadata: Metadata = { title: "Invitations" };

const tones: Record<InviteStatus, "info" | "success" | "neutral" | "danger"> = {
  open: "info",
  accepted: "success",
  expired: "neutral",
  revoked: "danger",
};

const when = (instant: string | null) => (instant ? formatInstant(instant, "UTC") : "—");

function outcome(invite: InviteListItem): string {
  if (invite.status === "accepted") return `Accepted ${when(invite.acceptedAt)}`;
  if (invite.status === "revoked") return `Revoked ${when(invite.revokedAt)}`;
  return `${invite.status === "expired" ? "Expired" : "Expires"} ${when(invite.expiresAt)}`;
}

function AdminActions({ invite }: { invite: InviteListItem }) {
  if (invite.status === "open") {
    return (
      <InviteActionButton
        action={revokeInviteAction}
        name="inviteId"
        value={invite.id}
        label="Revoke"
        accessibleLabel={`Revoke the invitation for ${invite.email}`}
      />
    );
  }
  if (invite.customerId && invite.customerStatus === "prelive") {
    return (
      <InviteActionButton
        action={activateCustomerAction}
        name="customerId"
        value={invite.customerId}
        label="Activate"
        accessibleLabel={`Activate the customer ${invite.email}`}
      />
    );
  }
  return null;
}

/** Invitations: admins send and revoke them and activate who accepted; other staff look. */
export default async function InvitesPage() {
  const staff = await requireStaff();
  const isAdmin = staff.roles.includes("admin");
  const invites = await listRecentInvites({ limit: 50 });

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Invitations</h1>
        <p className="mt-1 text-slate-700">
          An invitation emails a link that works once, for {INVITE_TTL_DAYS} days. Whoever accepts
          it becomes a customer with the role on the account, ready for activation.
        </p>
      </div>
      {isAdmin ? (
        <Card aria-labelledby="invite-new">
          <CardTitle id="invite-new">Invite someone to an account</CardTitle>
          <InviteForm action={createInviteAction} />
        </Card>
      ) : (
        <p className="text-sm text-slate-700">Only admins can send, revoke or activate.</p>
      )}
      <Card aria-labelledby="invite-list">
        <CardTitle id="invite-list">Recent invitations</CardTitle>
        {invites.length === 0 ? (
          <EmptyState title="No invitations yet" />
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="border-b border-slate-200 text-slate-600">
                <tr>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Account
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Email
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Role
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Status
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Sent
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Outcome
                  </th>
                  {isAdmin ? (
                    <th scope="col" className="py-2 font-medium">
                      <span className="sr-only">Actions</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {invites.map((invite) => (
                  <tr
                    key={invite.id}
                    className="border-b border-slate-100 align-middle"
                    data-testid="invite-row"
                  >
                    <td className="py-2 pr-4 font-mono">{invite.accountNumber}</td>
                    <td className="py-2 pr-4">{invite.email}</td>
                    <td className="py-2 pr-4">{invite.role}</td>
                    <td className="py-2 pr-4">
                      <Badge tone={tones[invite.status]}>{invite.status}</Badge>
                      {invite.customerStatus ? (
                        <span className="ml-2 text-xs text-slate-600">
                          customer {invite.customerStatus}
                        </span>
                      ) : null}
                    </td>
                    <td className="py-2 pr-4 whitespace-nowrap">{when(invite.createdAt)}</td>
                    <td className="py-2 pr-4 whitespace-nowrap">{outcome(invite)}</td>
                    {isAdmin ? (
                      <td className="py-2">
                        <AdminActions invite={invite} />
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
