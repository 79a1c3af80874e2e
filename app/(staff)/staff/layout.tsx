import type { ReactNode } from "react";

export default function StaffLayout({ children }: { children: ReactNode }) {
  return <div className="min-h-dvh bg-slate-100">{children}</div>;
}
