"use server";

import { redirect } from "next/navigation";
import { providerIds, signIn } from "@/auth";
import { isWellFormedToken } from "@/lib/invites/token";

/**
 * Sends the invitee to the customer realm (sign in, or register from its login page) and back
 * to the invitation. `fresh` asks the realm for a login even if it remembers someone, for
 * "not you?".
 */
export async function continueWithInvite(formData: FormData) {
  const token = formData.get("token");
  if (typeof token !== "string" || !isWellFormedToken(token)) redirect("/signin");
  await signIn(
    providerIds.customer,
    { redirectTo: `/invite/${token}/accept` },
    formData.get("fresh") ? { prompt: "login" } : undefined,
  );
}
