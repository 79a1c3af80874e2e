"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import {
  IMPERSONATION_COOKIE,
  startImpersonation,
  startImpersonationSchema,
  stopImpersonation,
} from "@/lib/domain/impersonation";
import { runAction } from "@/lib/http/action";
import { requireStaffRole } from "@/lib/http/guards";
import { impersonationCookieOptions } from "./impersonation";
import type { Principal } from "./principal";

const staffMember = (p: Principal | null) =>
  requireStaffRole(p, ["csr", "supervisor", "readonly", "admin"]);

export interface ViewAsState {
  error?: string;
}

/** Where a view may open: a page of the portal (a meter's, for one), never another site. */
function landingPage(value: FormDataEntryValue | null): string {
  return typeof value === "string" && /^\/meters\/[0-9a-f-]{36}$/.test(value) ? value : "/";
}

/**
 * Starts a read-only session as the customer and opens the portal as them: on the dashboard, or
 * on the page the form asks for (one of their meters).
 */
export async function viewAsCustomer(
  _state: ViewAsState,
  formData: FormData,
): Promise<ViewAsState> {
  const landing = landingPage(formData.get("next"));
  const started = await runAction(
    staffMember,
    async (staff): Promise<ViewAsState & { started?: boolean }> => {
      const parsed = startImpersonationSchema.safeParse({
        customerId: formData.get("customerId"),
        reason: formData.get("reason"),
      });
      if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Check the form." };
      const session = await startImpersonation({ staff, ...parsed.data });
      (await cookies()).set(IMPERSONATION_COOKIE, session.id, impersonationCookieOptions());
      return { started: true };
    },
    (error) => ({ error: error.message }),
    { input: formData, name: "viewAsCustomer" },
  );
  if (!started.started) return started;
  redirect(landing);
}

/** Ends the session and goes back to the customer in the console. */
export async function stopViewing(): Promise<void> {
  const ended = await runAction(
    staffMember,
    async (staff) => ({ ended: await stopImpersonation({ staff }) }),
    () => null,
    { allowWhileViewing: true, name: "stopViewing" },
  );
  if (!ended) redirect("/staff/signin");
  (await cookies()).delete(IMPERSONATION_COOKIE);
  redirect(ended.ended ? `/staff/customers/${ended.ended.customerId}` : "/staff");
}
