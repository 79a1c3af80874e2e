import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Energy account", template: "%s · Energy account" },
  description: "Your energy accounts, usage, bills and preferences.",
};

// Each page carries its own Content-Security-Policy nonce (set by the proxy), so none is
// prerendered: a page built ahead of time would hold scripts without it.
export const dynamic = "force-dynamic";

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans">{children}</body>
    </html>
  );
}
