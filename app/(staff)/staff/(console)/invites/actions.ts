"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { type Executor, getDb } from "@/db/client";
import { findAccountIdByNumber } from "@/db/queries/invites";
import { accountRoles } from "@/db/schema/accounts";
import type { Principal, StaffPrincipal } from "@/lib/auth/principal";
import { emailSchema } from "@/lib/contact";
import { activateCustomer } from "@/lib/domain/activation";
import { type Actor, actorOf } from "@/lib/domain/events";
import { createInvite, revokeInvite } from "@/lib/domain/invites";
import type { AppError } from "@/lib/errors";
import { runAction } from "@/lib/http/action";
import { requireStaffRole } from "@/lib/http/guards";
import type { ActionState } from "@/lib/invites/form-state";
import { publicOriginOfHeaders } from "@/lib/public-origin";
import { isId } from "@/lib/validation";

const PAGE = "/staff/invites";

/** The page hides these forms from other roles; the server decides, whatever was posted. */
const admin = (p: Principal | null) => requireStaffRole(p, ["admin"]);

const notAllowed: ActionState = { status: "error", message: "Only admins can do this." };

function failed(error: AppError): ActionState {
  if (error.code === "forbidden") return notAllowed;
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
  return runAction(admin, (staff) => sendInvite(staff, formData), failed, {
    input: formData,
    limit: "invite",
    name: "createInvite",
  });
}

async function sendInvite(staff: StaffPrincipal, formData: FormData): Promise<ActionState> {
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
  const url = publicOriginOfHeaders(await headers());
  await getDb().transaction((tx) =>
    createInvite(tx, { accountId, role, email, actor: actorOf(staff), portalUrl: url }),
  );
  revalidatePath(PAGE);
  return { status: "done", message: `Invitation sent to ${email} for account ${accountNumber}.` };
}

const idOf = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return isId(value) ? value : undefined;
};

/** An admin's one-click change to one record: check the role and the id, run it, refresh the page. */
async function adminChange(
  name: string,
  formData: FormData,
  field: "inviteId" | "customerId",
  change: (tx: Executor, id: string, actor: Actor) => Promise<unknown>,
  done: string,
): Promise<ActionState> {
  return runAction(
    admin,
    async (staff): Promise<ActionState> => {
      const id = idOf(formData, field);
      if (!id)
        return {
          status: "error",
          message: field === "inviteId" ? "No such invitation." : "No such customer.",
        };
      await getDb().transaction((tx) => change(tx, id, actorOf(staff)));
      revalidatePath(PAGE);
      return { status: "done", message: done };
    },
    failed,
    { input: formData, name },
  );
}

export async function revokeInviteAction(
  _previous: ActionState,
  formData: FormData,
): Promise<ActionState> {
  return adminChange(
    "revokeInvite",
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
    "activateCustomer",
    formData,
    "customerId",
    (tx, customerId, actor) => activateCustomer(tx, { customerId, actor }),
    "Activated.",
  );
}
