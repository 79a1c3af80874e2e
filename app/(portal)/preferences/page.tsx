import type { Metadata } from "next";
import { PreferencesPanel } from "@/components/preferences/preferences-panel";
import { QueryProvider } from "@/components/query-provider";
import { getPreferences } from "@/db/queries/preferences";
import { currentPrincipal } from "@/lib/page-data";

export const metadata: Metadata = { title: "Preferences" };

export default async function PreferencesPage() {
  const preferences = await getPreferences({ principal: await currentPrincipal() });
  return (
    <QueryProvider>
      <div>
        <h1 className="mb-6 text-2xl font-bold sm:text-3xl">Preferences</h1>
        <PreferencesPanel initial={preferences} />
      </div>
    </QueryProvider>
  );
}
