import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/sign-out-button";

export function SiteHeader({
  home,
  label,
  user,
}: {
  home: string;
  label: string;
  user: ReactNode;
}) {
  return (
    <header className="bg-white">
      <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-3">
        <Link href={home} className="text-lg font-bold text-brand-700">
          {label}
        </Link>
        <div className="flex items-center gap-3 text-sm">
          <span className="hidden text-slate-700 sm:inline">{user}</span>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
