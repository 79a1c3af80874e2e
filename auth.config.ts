import type { NextAuthConfig } from "next-auth";

/** The parts of the Auth.js configuration that need neither providers nor the database. */
export const authConfig = {
  pages: { signIn: "/signin", error: "/signin" },
  session: { strategy: "jwt", maxAge: 8 * 60 * 60, updateAge: 60 * 60 },
  trustHost: true,
  providers: [],
} satisfies NextAuthConfig;
