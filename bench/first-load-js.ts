/**
 * First-load JavaScript of each portal page, gzipped, measured in Chromium against the production
 * build (run `npm run build` first). Prints a table and keeps it in bench/results/first-load-js.md.
 *
 *   npx tsx bench/first-load-js.ts   (runs on its own embedded database and ports)
 */
import { rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import { accountId, meterId } from "../db/seed/static";
import { chromiumLaunchOptions } from "../e2e/support/chromium";
import { measureFirstLoadJs } from "../e2e/support/first-load-js";
import { hasBuild, startStack } from "../scripts/stack";

const BUDGET_KB = 150;

async function main() {
  if (!hasBuild()) throw new Error("Build the portal first: npm run build");
  const dataDir = path.join(os.tmpdir(), `portal-bench-${process.pid}`);
  const stack = await startStack({
    portalPort: 13300,
    idpPort: 18380,
    dataDir,
    pgliteDir: path.join(dataDir, "pglite"),
  });
  const browser = await chromium.launch(chromiumLaunchOptions);
  const rows: { user: string; page: string; kb: number; files: number }[] = [];
  try {
    const routes: Record<string, [string, string][]> = {
      bob: [
        ["Dashboard", "/"],
        ["Accounts", "/accounts"],
        ["Account detail", `/accounts/${accountId("5555555555")}`],
        ["Meter (chart loaded after)", `/meters/${meterId("E-98765001")}`],
        ["Profile", "/profile"],
        ["Preferences", "/preferences"],
      ],
      alice: [["Dashboard", "/"]],
    };
    for (const [user, pages] of Object.entries(routes)) {
      const context = await browser.newContext({ baseURL: stack.portalUrl });
      const page = await context.newPage();
      await page.goto("/signin");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.fill("#username", user);
      await page.fill("#password", user);
      await page.click("#kc-login");
      await page.waitForURL(`${stack.portalUrl}/`);
      for (const [name, route] of pages) {
        const { files, totalGzipBytes } = await measureFirstLoadJs(page, route);
        rows.push({ user, page: name, kb: totalGzipBytes / 1024, files: files.length });
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const table = [
    "| user | page | first-load JS (gzip) | scripts |",
    "|---|---|---|---|",
    ...rows.map((r) => `| ${r.user} | ${r.page} | ${r.kb.toFixed(1)} kB | ${r.files} |`),
  ].join("\n");
  const dashboard = rows.find((r) => r.page === "Dashboard" && r.user === "bob");
  const report = `# First-load JavaScript

\`npm run build && npx tsx bench/first-load-js.ts\`, ${new Date().toISOString().slice(0, 10)}, Next.js production build, Chromium.
Every script fetched up to the load event, gzipped at level 9. The chart library is fetched only
after the meter page loads, so it is not in any figure here.

Budget: the dashboard at most ${BUDGET_KB} kB. Measured: ${dashboard?.kb.toFixed(1)} kB.
The browser test \`e2e/bundle-budget.spec.ts\` holds the dashboard to the budget on every run.

${table}
`;
  writeFileSync(path.join(import.meta.dirname, "results", "first-load-js.md"), report);
  console.log(report);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
