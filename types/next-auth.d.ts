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
      sessionId?: string;
      idpSessionId?: string;
      signedInAt?: number;
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
    /** The portal's id of this sign-in, and the realm's (`sid`): what revocations name. */
    sessionId?: string;
    idpSessionId?: string;
    /** Seconds since the epoch at which the person signed in. */
    signedInAt?: number;
    /** Seconds since the epoch at which the access token expires. */
    expiresAt?: number;
    error?: "RefreshTokenError";
  }
}
