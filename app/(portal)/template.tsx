import { headers } from "next/headers";
import type { ReactNode } from "react";
import { SetupNotice } from "@/components/status/setup-notice";
import { PATH_HEADER } from "@/lib/auth/path-header";
import { currentPrincipal } from "@/lib/page-data";

/**
 * A customer whose account is still being set up (onboarding, prelive) sees only their profile;
 * every other page says the account is being set up. A template renders on every navigation,
 * where the shared layout would not.
 */
export default async function PortalTemplate({ children }: { children: ReactNode }) {
  const { status } = await currentPrincipal();
  if (status !== "onboarding" && status !== "prelive") return children;
  const path = (await headers()).get(PATH_HEADER) ?? "/";
  const onProfile = path === "/profile" || path.startsWith("/profile?");
  return onProfile ? children : <SetupNotice />;
}
