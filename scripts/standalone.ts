import { cpSync, existsSync, rmSync } from "node:fs";
import path from "node:path";

/**
 * Completes the standalone server that `next build` leaves in .next/standalone, which Next.js
 * does not do itself: the static assets (.next/static) and public/ are copied in beside
 * server.js, and so are the migrations, so the folder runs on its own from anywhere
 * (`node server.js`) with no checkout and no node_modules beside it.
 */
export const root = path.resolve(import.meta.dirname, "..");
export const standaloneDir = path.join(root, ".next", "standalone");
export const standaloneServer = path.join(standaloneDir, "server.js");

const copies: [from: string, to: string][] = [
  [path.join(root, ".next", "static"), path.join(standaloneDir, ".next", "static")],
  [path.join(root, "public"), path.join(standaloneDir, "public")],
  [path.join(root, "db", "migrations"), path.join(standaloneDir, "db", "migrations")],
];

export function completeStandalone(): void {
  if (!existsSync(standaloneServer))
    throw new Error(`No standalone server at ${standaloneServer}: run next build first`);
  for (const [from, to] of copies) {
    if (!existsSync(from)) continue;
    rmSync(to, { recursive: true, force: true });
    cpSync(from, to, { recursive: true });
  }
}

if (import.meta.filename === process.argv[1]) {
  completeStandalone();
  console.log(`Standalone server completed in ${path.relative(root, standaloneDir)}`);
}
