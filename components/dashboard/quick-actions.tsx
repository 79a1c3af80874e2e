import Link from "next/link";
import { Card, CardTitle } from "@/components/ui/card";

export function QuickActions({ meterHref }: { meterHref: string | null }) {
  const actions = [
    meterHref ? { href: meterHref, label: "See my usage" } : null,
    { href: "/accounts", label: "View accounts and bills" },
    { href: "/preferences", label: "Notifications and auto-pay" },
    { href: "/profile", label: "Update my contact details" },
  ].filter((a): a is { href: string; label: string } => a !== null);
  return (
    <Card aria-labelledby="actions-title">
      <CardTitle id="actions-title">Quick actions</CardTitle>
      <ul className="grid gap-2 sm:grid-cols-2">
        {actions.map((a) => (
          <li key={a.href}>
            <Link
              href={a.href}
              className="flex min-h-11 items-center rounded-md border border-slate-300 px-3 text-sm font-medium hover:bg-slate-50"
            >
              {a.label}
            </Link>
          </li>
        ))}
      </ul>
    </Card>
  );
}
