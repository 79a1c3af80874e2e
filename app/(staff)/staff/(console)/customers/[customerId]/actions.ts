"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import type { StaffPrincipal } from "@/lib/auth/principal";
import { closeAccount } from "@/lib/domain/account-closure";
import { eraseCustomer } from "@/lib/domain/erasure";
import {
  completeErasureRequest,
  declineErasureRequest,
  resolverOf,
} from "@/lib/domain/erasure-requests";
import { actorOf } from "@/lib/domain/events";
import { runAction } from "@/lib/http/action";
import { requireStaffRole } from "@/lib/http/guards";
import { declineErasureSchema } from "@/lib/schemas/erasure";
import { isId } from "@/lib/validation";

export interface ConsoleActionState {
  error?: string;
  done?: string;
}

/**
 * A console action only admins may take: the request pipeline's guards, then `work`; a refusal
 * becomes the form's error ("Only admins can …" when the role is missing).
 */
function adminAction<S extends { error?: string }>(
  name: string,
  what: string,
  formData: FormData,
  work: (staff: StaffPrincipal) => Promise<S>,
): Promise<S> {
  return runAction(
    (p) => requireStaffRole(p, ["admin"]),
    work,
    (error) =>
      ({ error: error.code === "forbidden" ? `Only admins can ${what}.` : error.message }) as S,
    { input: formData, name },
  );
}

export interface EraseState {
  error?: string;
  done?: boolean;
}

/** GDPR erasure from the console; the same rules as the staff API (admins; no open occupancy). */
export async function eraseCustomerAction(
  _state: EraseState,
  formData: FormData,
): Promise<EraseState> {
  return adminAction(
    "eraseCustomer",
    "erase a customer",
    formData,
    async (staff): Promise<EraseState> => {
      if (formData.get("confirm") !== "ERASE") return { error: "Type ERASE to confirm." };
      const customerId = formData.get("customerId");
      if (!isId(customerId)) return { error: "No such customer." };
      await getDb().transaction((tx) => eraseCustomer(tx, { customerId, actor: actorOf(staff) }));
      revalidatePath(`/staff/customers/${customerId}`);
      return { done: true };
    },
  );
}

/** Move-out from the console: the same command as the staff API. */
export async function closeAccountAction(
  _state: ConsoleActionState,
  formData: FormData,
): Promise<ConsoleActionState> {
  return adminAction(
    "closeAccount",
    "close an account",
    formData,
    async (staff): Promise<ConsoleActionState> => {
      const accountId = formData.get("accountId");
      const customerId = formData.get("customerId");
      if (!isId(accountId) || !isId(customerId)) return { error: "No such account." };
      const closedOn = String(formData.get("closedOn") ?? "").trim() || undefined;
      const closed = await getDb().transaction((tx) =>
        closeAccount(tx, { accountId, closedOn, actor: actorOf(staff) }),
      );
      revalidatePath(`/staff/customers/${customerId}`);
      return { done: `Account ${closed.accountNumber} closed on ${closed.closedOn}.` };
    },
  );
}

/** Completes a customer's erasure request: the erasure runs by its usual rules. */
export async function completeErasureAction(
  _state: ConsoleActionState,
  formData: FormData,
): Promise<ConsoleActionState> {
  return adminAction(
    "completeErasure",
    "complete an erasure request",
    formData,
    async (staff): Promise<ConsoleActionState> => {
      const requestId = formData.get("requestId");
      if (!isId(requestId)) return { error: "No such request." };
      await getDb().transaction((tx) =>
        completeErasureRequest(tx, { requestId, resolver: resolverOf(staff) }),
      );
      revalidatePath("/staff", "layout");
      return { done: "The customer has been erased." };
    },
  );
}

/** Declines a customer's erasure request with the reason they will see. */
export async function declineErasureAction(
  _state: ConsoleActionState,
  formData: FormData,
): Promise<ConsoleActionState> {
  return adminAction(
    "declineErasure",
    "decline an erasure request",
    formData,
    async (staff): Promise<ConsoleActionState> => {
      const requestId = formData.get("requestId");
      if (!isId(requestId)) return { error: "No such request." };
      const parsed = declineErasureSchema.safeParse({ reason: formData.get("reason") ?? "" });
      if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Give a reason." };
      await getDb().transaction((tx) =>
        declineErasureRequest(tx, {
          requestId,
          reason: parsed.data.reason,
          resolver: resolverOf(staff),
        }),
      );
      revalidatePath("/staff", "layout");
      return { done: "The request has been declined." };
    },
  );
}
