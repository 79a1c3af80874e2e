"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { type Executor, getDb } from "@/db/client";
import { findAccountIdByNumber } from "@/db/queries/invites";
import { accountRoles } from "@/db/schema/accounts";
import { isId } from "@/lib/api/validation";
import { requireStaffForChange } from "@/lib/auth/session";
import { activateCustomer } from "@/lib/domain/activation";
import { emailSchema } from "@/lib/domain/contact";
import { type Actor, actorOf } from "@/lib/domain/events";
import { createInvite, revokeInvite } from "@/lib/domain/invites";
import { AppError } from "@/lib/errors";
import type { ActionState } from "@/lib/invites/form-state";

const PAGE = "/staff/invites";

/**
 * The page hides these forms from other roles; the server decides, whatever was posted. While
 * the admin is viewing the portal as a customer, nothing may change.
 */
async function requireAdmin() {
  const staff = await requireStaffForChange();
  return staff.roles.includes("admin") ? staff : null;
}

const notAllowed: ActionState = { status: "error", message: "Only admins can do this." };

async function portalUrl(): Promise<string> {
  if (process.env.AUTH_URL) return new URL(process.env.AUTH_URL).origin;
  const h = await headers();
  return `${h.get("x-forwarded-proto") ?? "http"}://${h.get("x-forwarded-host") ?? h.get("host")}`;
}

function failed(error: unknown): ActionState {
  if (!(error instanceof AppError)) throw error;
  const fieldErrors = Object.fromEntries(
    (error.errors ?? []).map((e) => [
      e.field === "accountId" ? "accountNumber" : e.field,
      e.message,
    ]),
  );
  return { status: "error", message: error.message, fieldErrors };
}

const inviteForm = z.object({
  accountNumber: z
    .string()
    .trim()
    .regex(/^\d{10}$/, "Enter the 10-digit account number"),
  role: z.enum(accountRoles, "Choose a role"),
  email: emailSchema,
});

export async function createInviteAction(
  _previous: ActionState,
  formData: FormData,
): Promise<ActionState> {
  const staff = await requireAdmin().catch(failed);
  if (!staff) return notAllowed;
  if ("status" in staff) return staff;
  const parsed = inviteForm.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    return {
      status: "error",
      message: "Check the highlighted fields.",
      fieldErrors: Object.fromEntries(
        parsed.error.issues.map((i) => [String(i.path[0]), i.message]),
      ),
    };
  }
  const { accountNumber, role, email } = parsed.data;
  const accountId = await findAccountIdByNumber(accountNumber);
  if (!accountId) {
    return {
      status: "error",
      message: "Check the highlighted fields.",
      fieldErrors: { accountNumber: "No account has this number" },
    };
  }
  try {
    const url = await portalUrl();
    await getDb().transaction((tx) =>
      createInvite(tx, { accountId, role, email, actor: actorOf(staff), portalUrl: url }),
    );
  } catch (error) {
    return failed(error);
  }
  revalidatePath(PAGE);
  return { status: "done", message: `Invitation sent to ${email} for account ${accountNumber}.` };
}

const idOf = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return isId(value) ? value : undefined;
};

/** An admin's one-click change to one record: check the role and the id, run it, refresh the page. */
async function adminChange(
  formData: FormData,
  field: "inviteId" | "customerId",
  change: (tx: Executor, id: string, actor: Actor) => Promise<unknown>,
  done: string,
): Promise<ActionState> {
  const staff = await requireAdmin().catch(failed);
  if (!staff) return notAllowed;
  if ("status" in staff) return staff;
  const id = idOf(formData, field);
  if (!id)
    return {
      status: "error",
      message: field === "inviteId" ? "No such invitation." : "No such customer.",
    };
  try {
    await getDb().transaction((tx) => change(tx, id, actorOf(staff)));
  } catch (error) {
    return failed(error);
  }
  revalidatePath(PAGE);
  return { status: "done", message: done };
}

export async function revokeInviteAction(
  _previous: ActionState,
  formData: FormData,
): Promise<ActionState> {
  return adminChange(
    formData,
    "inviteId",
    (tx, inviteId, actor) => revokeInvite(tx, { inviteId, actor }),
    "Revoked.",
  );
}

export async function activateCustomerAction(
  _previous: ActionState,
  formData: FormData,
): Promise<ActionState> {
  return adminChange(
    formData,
    "customerId",
    (tx, customerId, actor) => activateCustomer(tx, { customerId, actor }),
    "Activated.",
  );
}
