import NextAuth from "next-auth";
import Keycloak from "next-auth/providers/keycloak";
import { authConfig } from "@/auth.config";
import { readAccessTokenClaims } from "@/lib/auth/claims";
import { type Audience, issuerFor, realmName } from "@/lib/auth/realms";
import { refreshAccessToken } from "@/lib/auth/refresh";
import { serverEnv } from "@/lib/env";

export const providerIds = { customer: "keycloak", staff: "keycloak-staff" } as const;

function realmProvider(audience: Audience) {
  const env = serverEnv();
  return Keycloak({
    id: providerIds[audience],
    name: audience === "customer" ? "Customer sign-in" : "Staff sign-in",
    issuer: issuerFor(audience),
    clientId: env.KEYCLOAK_CLIENT_ID,
    clientSecret: env.KEYCLOAK_CLIENT_SECRET,
    authorization: { params: { scope: "openid profile email" } },
  });
}

async function customerIdFor(subject: string): Promise<string | null> {
  // Loaded lazily: only the sign-in callback needs the database, not every proxied request.
  const { findCustomerIdBySubject } = await import("@/db/queries/customers");
  return findCustomerIdBySubject(subject);
}

// Refresh a little before expiry, so a request never carries a token that lapses mid-flight.
const REFRESH_MARGIN_SECONDS = 30;

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  ...authConfig,
  secret: serverEnv().AUTH_SECRET,
  providers: [realmProvider("customer"), realmProvider("staff")],
  callbacks: {
    async jwt({ token, account }) {
      if (account?.access_token) {
        const audience: Audience = account.provider === providerIds.staff ? "staff" : "customer";
        const claims = readAccessTokenClaims(account.access_token);
        const subject = claims.sub ?? token.sub ?? "";
        return {
          ...token,
          subject,
          username: claims.preferred_username ?? subject,
          audience,
          realm: realmName(issuerFor(audience)),
          roles: claims.realm_access?.roles ?? [],
          customerId: audience === "customer" ? await customerIdFor(subject) : null,
          accessToken: account.access_token,
          refreshToken: account.refresh_token,
          idToken: account.id_token,
          expiresAt: account.expires_at,
        };
      }
      if (token.error || !token.expiresAt) return token;
      if (Date.now() / 1000 < token.expiresAt - REFRESH_MARGIN_SECONDS) return token;
      return refreshAccessToken(token);
    },
    session({ session, token }) {
      session.user = {
        ...session.user,
        subject: token.subject ?? "",
        username: token.username ?? "",
        audience: token.audience ?? "customer",
        realm: token.realm ?? "",
        roles: token.roles ?? [],
        customerId: token.customerId ?? null,
      };
      if (token.error) session.error = token.error;
      return session;
    },
  },
}));
