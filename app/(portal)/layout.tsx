import type { ReactNode } from "react";
import { ImpersonationBanner } from "@/components/impersonation-banner";
import { PortalNav } from "@/components/portal-nav";
import { Providers } from "@/components/providers";
import { SiteHeader } from "@/components/site-header";
import { SkipLink } from "@/components/skip-link";
import { InactiveNotice } from "@/components/status/inactive-notice";

import { displayName } from "@/lib/customer-name";
import { currentPrincipal, currentProfile } from "@/lib/page-data";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const principal = await currentPrincipal();
  const profile = await currentProfile();
  // An inactive customer reads but changes nothing: forms are hidden, as in a support view,
  // and the API refuses the same writes on the server.
  const inactive = principal.status === "inactive";
  return (
    <Providers readOnly={principal.impersonation !== undefined || inactive}>
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
        {inactive ? <InactiveNotice /> : null}
        {children}
      </main>
    </Providers>
  );
}
