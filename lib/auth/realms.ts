import "server-only";
import { serverEnv } from "@/lib/env";

/** The two audiences of the portal, each with its own realm at the identity provider. */
export type Audience = "customer" | "staff";

export const staffRoles = ["csr", "supervisor", "readonly", "admin"] as const;
export type StaffRole = (typeof staffRoles)[number];

export function issuerFor(audience: Audience): string {
  const env = serverEnv();
  return audience === "customer" ? env.KEYCLOAK_ISSUER : env.KEYCLOAK_STAFF_ISSUER;
}

/** Keycloak names the realm in the last path segment of its issuer. */
export function realmName(issuer: string): string {
  return new URL(issuer).pathname.split("/").filter(Boolean).pop() ?? issuer;
}

export function audienceOfIssuer(issuer: string): Audience | null {
  if (issuer === issuerFor("customer")) return "customer";
  if (issuer === issuerFor("staff")) return "staff";
  return null;
}

/** Keycloak's endpoint layout under a realm issuer. */
export function realmEndpoint(issuer: string, endpoint: "token" | "logout" | "certs"): string {
  return `${issuer}/protocol/openid-connect/${endpoint}`;
}
