"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { isId } from "@/lib/api/validation";
import { eraseCustomer } from "@/lib/domain/erasure";
import { actorOf } from "@/lib/domain/events";
import { runAction } from "@/lib/http/action";
import { requireStaffRole } from "@/lib/http/guards";

export interface EraseState {
  error?: string;
  done?: boolean;
}

/** GDPR erasure from the console; the same rules as the staff API (admins; no open occupancy). */
export async function eraseCustomerAction(
  _state: EraseState,
  formData: FormData,
): Promise<EraseState> {
  return runAction(
    (p) => requireStaffRole(p, ["admin"]),
    async (staff): Promise<EraseState> => {
      if (formData.get("confirm") !== "ERASE") return { error: "Type ERASE to confirm." };
      const customerId = formData.get("customerId");
      if (!isId(customerId)) return { error: "No such customer." };
      await getDb().transaction((tx) => eraseCustomer(tx, { customerId, actor: actorOf(staff) }));
      revalidatePath(`/staff/customers/${customerId}`);
      return { done: true };
    },
    (error) => ({
      error: error.code === "forbidden" ? "Only admins can erase a customer." : error.message,
    }),
  );
}
