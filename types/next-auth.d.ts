import type { DefaultSession } from "next-auth";
import type { Audience } from "@/lib/auth/realms";

declare module "next-auth" {
  interface Session {
    user: {
      subject: string;
      username: string;
      audience: Audience;
      realm: string;
      roles: string[];
      customerId: string | null;
    } & DefaultSession["user"];
    error?: "RefreshTokenError";
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    subject?: string;
    username?: string;
    audience?: Audience;
    realm?: string;
    roles?: string[];
    customerId?: string | null;
    /** The ID token's given_name and family_name (customers only). */
    givenName?: string;
    familyName?: string;
    accessToken?: string;
    refreshToken?: string;
    idToken?: string;
    /** Seconds since the epoch at which the access token expires. */
    expiresAt?: number;
    error?: "RefreshTokenError";
  }
}
