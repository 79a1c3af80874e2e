import type { NextAuthConfig } from "next-auth";
import { refreshAccessToken } from "@/lib/auth/refresh";

// Refresh a little before expiry, so a request never carries a token that lapses mid-flight.
const REFRESH_MARGIN_SECONDS = 30;

/**
 * The parts of the Auth.js configuration that need neither the providers nor the database:
 * shared by the full instance in auth.ts and the lean one the proxy runs on every request.
 */
export const authConfig = {
  pages: { signIn: "/signin", error: "/signin" },
  session: { strategy: "jwt", maxAge: 8 * 60 * 60, updateAge: 60 * 60 },
  trustHost: true,
  providers: [],
  callbacks: {
    async jwt({ token }) {
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
        sessionId: token.sessionId,
        idpSessionId: token.idpSessionId,
        signedInAt: token.signedInAt,
      };
      if (token.error) session.error = token.error;
      return session;
    },
  },
} satisfies NextAuthConfig;
