"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { auth } from "@/auth";
import {
  IMPERSONATION_COOKIE,
  startImpersonation,
  startImpersonationSchema,
  stopImpersonation,
} from "@/lib/domain/impersonation";
import { AppError } from "@/lib/errors";
import { impersonationCookieOptions } from "./impersonation";
import type { StaffPrincipal } from "./principal";
import { requireStaffForChange } from "./session";

export interface ViewAsState {
  error?: string;
}

/** Starts a read-only session as the customer and opens the portal as them. */
export async function viewAsCustomer(
  _state: ViewAsState,
  formData: FormData,
): Promise<ViewAsState> {
  let staff: StaffPrincipal;
  try {
    staff = await requireStaffForChange();
  } catch (error) {
    if (error instanceof AppError) return { error: error.message };
    throw error;
  }
  const parsed = startImpersonationSchema.safeParse({
    customerId: formData.get("customerId"),
    reason: formData.get("reason"),
  });
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Check the form." };
  try {
    const session = await startImpersonation({ staff, ...parsed.data });
    (await cookies()).set(IMPERSONATION_COOKIE, session.id, impersonationCookieOptions());
  } catch (error) {
    if (error instanceof AppError) return { error: error.message };
    throw error;
  }
  redirect("/");
}

/** Ends the session and goes back to the customer in the console. */
export async function stopViewing(): Promise<void> {
  const session = await auth();
  if (session?.user?.audience !== "staff") redirect("/staff/signin");
  const ended = await stopImpersonation({
    staff: { subject: session.user.subject, username: session.user.username },
  });
  (await cookies()).delete(IMPERSONATION_COOKIE);
  redirect(ended ? `/staff/customers/${ended.customerId}` : "/staff");
}
