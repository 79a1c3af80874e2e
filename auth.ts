import { randomUUID } from "node:crypto";
import { decodeJwt } from "jose";
import NextAuth from "next-auth";
import Keycloak from "next-auth/providers/keycloak";
import { authConfig } from "@/auth.config";
import { findCustomerIdBySubject } from "@/db/queries/customers";
import { revokeSession } from "@/db/queries/sessions";
import { readAccessTokenClaims } from "@/lib/auth/claims";
import { type Audience, issuerFor, realmName } from "@/lib/auth/realms";
import { stopImpersonation } from "@/lib/domain/impersonation";
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

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  ...authConfig,
  secret: serverEnv().AUTH_SECRET,
  providers: [realmProvider("customer"), realmProvider("staff")],
  events: {
    /**
     * Every way of signing out passes here: the session is revoked on the server, so a copy of
     * its cookie is refused, and a member of staff's view as a customer ends with it.
     */
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      if (!token?.subject) return;
      if (token.sessionId) await revokeSession("session", token.sessionId, "signed_out");
      if (token.audience === "staff") {
        await stopImpersonation({
          staff: { subject: token.subject, username: token.username ?? token.subject },
        });
      }
    },
  },
  callbacks: {
    ...authConfig.callbacks,
    async jwt(params) {
      const { token, account, profile } = params;
      if (!account?.access_token) {
        const current = await authConfig.callbacks.jwt(params);
        // Someone who signed in before they had a customer (accepting an invite, say) is
        // looked up by subject until one exists; sessions with a customer never query.
        const pending = current.audience === "customer" && !current.customerId && !current.error;
        if (!pending || !current.subject) return current;
        return { ...current, customerId: await findCustomerIdBySubject(current.subject) };
      }
      // Signing in: the session keeps who this is, in which realm, and the customer it maps to.
      const audience: Audience = account.provider === providerIds.staff ? "staff" : "customer";
      const claims = readAccessTokenClaims(account.access_token);
      const subject = claims.sub ?? token.sub ?? "";
      // The cookie holds one chunk: the profile's name, email and picture are not kept.
      const { name: _name, email: _email, picture: _picture, ...rest } = token;
      const idpSessionId =
        claims.sid ?? (account.id_token ? decodeJwt(account.id_token).sid : null);
      return {
        ...rest,
        subject,
        // What the server checks against its revocations on every request.
        sessionId: randomUUID(),
        idpSessionId: typeof idpSessionId === "string" ? idpSessionId : undefined,
        signedInAt: Math.floor(Date.now() / 1000),
        username: claims.preferred_username ?? subject,
        audience,
        realm: realmName(issuerFor(audience)),
        roles: claims.realm_access?.roles ?? [],
        customerId: audience === "customer" ? await findCustomerIdBySubject(subject) : null,
        // The ID token's names, for the customer created when this person accepts an invite.
        givenName: audience === "customer" ? (profile?.given_name ?? undefined) : undefined,
        familyName: audience === "customer" ? (profile?.family_name ?? undefined) : undefined,
        accessToken: account.access_token,
        refreshToken: account.refresh_token,
        idToken: account.id_token,
        expiresAt: account.expires_at,
      };
    },
  },
}));
