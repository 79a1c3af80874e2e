import type { NextConfig } from "next";

const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // A self-contained server in .next/standalone: server.js with only the node_modules it uses.
  // scripts/standalone.ts adds the static assets, public/ and the migrations after the build.
  output: "standalone",
  // Native and WASM database drivers are loaded from node_modules at run time, not bundled.
  // rate-limiter-flexible loads drizzle-orm at run time, so both stay outside the bundle too.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "postgres",
    "drizzle-orm",
    "rate-limiter-flexible",
    // OpenTelemetry's SDK loads its exporters' optional dependencies at run time.
    "@opentelemetry/sdk-node",
  ],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
