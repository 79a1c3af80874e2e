"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { isId } from "@/lib/api/validation";
import { requireStaffForChange } from "@/lib/auth/session";
import { eraseCustomer } from "@/lib/domain/erasure";
import { actorOf } from "@/lib/domain/events";
import { AppError } from "@/lib/errors";

export interface EraseState {
  error?: string;
  done?: boolean;
}

/** GDPR erasure from the console; the same rules as the staff API (admins, unlinked customers). */
export async function eraseCustomerAction(
  _state: EraseState,
  formData: FormData,
): Promise<EraseState> {
  try {
    const staff = await requireStaffForChange();
    if (!staff.roles.includes("admin")) return { error: "Only admins can erase a customer." };
    if (formData.get("confirm") !== "ERASE") return { error: "Type ERASE to confirm." };
    const customerId = formData.get("customerId");
    if (!isId(customerId)) return { error: "No such customer." };
    await getDb().transaction((tx) => eraseCustomer(tx, { customerId, actor: actorOf(staff) }));
    revalidatePath(`/staff/customers/${customerId}`);
    return { done: true };
  } catch (error) {
    if (error instanceof AppError) return { error: error.message };
    throw error;
  }
}
