"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getToken } from "next-auth/jwt";
import { providerIds, signIn, signOut } from "@/auth";
import { serverEnv } from "@/lib/env";
import { issuerFor, realmEndpoint } from "./realms";
import { usesSecureCookies } from "./secure-cookies";

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

async function appOrigin(): Promise<string> {
  if (process.env.AUTH_URL) return new URL(process.env.AUTH_URL).origin;
  const h = await headers();
  const proto = h.get("x-forwarded-proto") ?? "http";
  return `${proto}://${h.get("x-forwarded-host") ?? h.get("host")}`;
}

/**
 * Ends the portal session and the identity provider's session (RP-initiated logout), so the
 * next sign-in asks for credentials again instead of silently reusing the old login.
 */
export async function signOutEverywhere() {
  const origin = await appOrigin();
  const token = await getToken({
    req: { headers: Object.fromEntries((await headers()).entries()) },
    secret: serverEnv().AUTH_SECRET,
    secureCookie: usesSecureCookies(origin),
  });
  const audience = token?.audience ?? "customer";
  const signInPath = audience === "staff" ? "/staff/signin" : "/signin";
  await signOut({ redirect: false });
  if (!token?.idToken) redirect(signInPath);
  const logout = new URL(realmEndpoint(issuerFor(audience), "logout"));
  logout.searchParams.set("id_token_hint", token.idToken);
  logout.searchParams.set("post_logout_redirect_uri", `${origin}${signInPath}`);
  logout.searchParams.set("client_id", serverEnv().KEYCLOAK_CLIENT_ID);
  redirect(logout.toString());
}
