import Link from "next/link";
import { Card } from "@/components/ui/card";

/** What a customer whose account is still being set up sees instead of the portal's pages. */
export function SetupNotice() {
  return (
    <Card aria-labelledby="setup-title" className="max-w-2xl">
      <h1 id="setup-title" className="mb-3 text-2xl font-bold">
        Your account is being set up
      </h1>
      <p className="text-sm text-slate-700">
        We are getting your energy account ready. Your balance, bills and usage appear here as soon
        as it is live. Meanwhile you can check and update your details.
      </p>
      <Link
        href="/profile"
        className="mt-4 inline-flex min-h-11 items-center font-medium text-brand-700 underline"
      >
        Check your profile
      </Link>
    </Card>
  );
}
