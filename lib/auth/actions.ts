"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { providerIds, signIn, signOut } from "@/auth";
import { serverEnv } from "@/lib/env";
import { readSessionToken } from "@/lib/http/principal";
import { publicOriginOfHeaders } from "@/lib/public-origin";
import { IMPERSONATION_COOKIE } from "./impersonation";
import { issuerFor, realmEndpoint } from "./realms";

/** Only same-site paths: a sign-in link must never bounce the user to another site. */
function safeCallback(value: FormDataEntryValue | null, fallback: string): string {
  return typeof value === "string" && value.startsWith("/") && !value.startsWith("//")
    ? value
    : fallback;
}

export async function signInCustomer(formData: FormData) {
  await signIn(providerIds.customer, {
    redirectTo: safeCallback(formData.get("callbackUrl"), "/"),
  });
}

export async function signInStaff(formData: FormData) {
  await signIn(providerIds.staff, {
    redirectTo: safeCallback(formData.get("callbackUrl"), "/staff"),
  });
}

/**
 * Ends the portal session (revoked on the server, and a view as a customer with it) and the
 * identity provider's session (RP-initiated logout), so the next sign-in asks for credentials
 * again instead of silently reusing the old login.
 */
export async function signOutEverywhere() {
  const h = await headers();
  const origin = publicOriginOfHeaders(h);
  const token = await readSessionToken(h, origin);
  const audience = token?.audience ?? "customer";
  const signInPath = audience === "staff" ? "/staff/signin" : "/signin";
  await signOut({ redirect: false });
  (await cookies()).delete(IMPERSONATION_COOKIE);
  if (!token?.idToken) redirect(signInPath);
  const logout = new URL(realmEndpoint(issuerFor(audience), "logout"));
  logout.searchParams.set("id_token_hint", token.idToken);
  logout.searchParams.set("post_logout_redirect_uri", `${origin}${signInPath}`);
  logout.searchParams.set("client_id", serverEnv().KEYCLOAK_CLIENT_ID);
  redirect(logout.toString());
}
