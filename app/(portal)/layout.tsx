import type { ReactNode } from "react";
import { ImpersonationBanner } from "@/components/impersonation-banner";
import { PortalNav } from "@/components/portal-nav";
import { Providers } from "@/components/providers";
import { SiteHeader } from "@/components/site-header";
import { SkipLink } from "@/components/skip-link";
import { displayName } from "@/lib/customer-name";
import { currentPrincipal, currentProfile } from "@/lib/page-data";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const principal = await currentPrincipal();
  const profile = await currentProfile();
  return (
    <Providers readOnly={principal.impersonation !== undefined}>
      <SkipLink />
      {principal.impersonation ? (
        <ImpersonationBanner session={principal.impersonation} timeZone="UTC" />
      ) : null}
      <SiteHeader
        home="/"
        label="Energy account"
        user={profile ? displayName(profile) : principal.username}
      />
      <PortalNav />
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-6 sm:py-8">
        {children}
      </main>
    </Providers>
  );
}
