import type { NextAuthConfig } from "next-auth";
import { freshSessionToken } from "@/lib/auth/refresh";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session-token";

/**
 * The parts of the Auth.js configuration that need neither the providers nor the database:
 * shared by the full instance in auth.ts and the lean one the proxy runs on every request.
 */
export const authConfig = {
  pages: { signIn: "/signin", error: "/signin" },
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: 60 * 60 },
  trustHost: true,
  providers: [],
  callbacks: {
    jwt: ({ token }) => freshSessionToken(token),
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
