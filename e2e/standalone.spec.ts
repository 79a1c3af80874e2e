import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { expect, test } from "./fixtures";
import { PortalSignInPage } from "./pages/portal-sign-in-page";
import { E2E_NOW } from "./support/stack-layout";

const repository = path.resolve(import.meta.dirname, "..");

/**
 * The deployable artefact: the standalone server from `npm run build`, copied out of the
 * repository and started on its own under Node's permission model, reading nothing outside its
 * folder (as the portal's container image runs it), serves the whole sign-in through the realm
 * to the dashboard. e2e/support/serve-standalone.ts prepares and runs it, in a process of its own.
 */
test.describe("the standalone server", () => {
  test.describe.configure({ mode: "serial", timeout: 120_000 });
  let serve: ChildProcess | undefined;
  let server: { url: string; dir: string; permissions: string[] };
  let output = "";

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    serve = spawn(
      process.execPath,
      [
        path.join(repository, "node_modules", "tsx", "dist", "cli.mjs"),
        "e2e/support/serve-standalone.ts",
        E2E_NOW,
      ],
      { cwd: repository, stdio: ["ignore", "pipe", "pipe"] },
    );
    serve.stderr?.on("data", (chunk) => {
      output += chunk;
    });
    server = await new Promise((resolve, reject) => {
      let stdout = "";
      serve?.stdout?.on("data", (chunk) => {
        stdout += chunk;
        const ready = /^READY (.*)$/m.exec(stdout);
        if (ready?.[1]) resolve(JSON.parse(ready[1]));
      });
      serve?.once("exit", (code) =>
        reject(new Error(`The standalone server stopped (${code}):\n${stdout}${output}`)),
      );
    });
  });

  test.afterAll(async () => {
    if (serve && serve.exitCode === null) {
      const exited = new Promise((r) => serve?.once("exit", r));
      serve.kill("SIGTERM");
      await exited;
    }
  });

  test("runs from a copy outside the repository, reading nothing beyond it", async () => {
    expect(path.relative(repository, server.dir).startsWith("..")).toBe(true);
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    expect((await health.json()).time).toBe(new Date(E2E_NOW).toISOString());
    // Node's permission model is on, and lets it read its own folder only (with Postgres, the
    // database is no folder at all).
    expect(server.permissions).toContainEqual(
      expect.stringMatching(/^--(experimental-)?permission$/),
    );
    const readable = server.permissions.filter((flag) => flag.startsWith("--allow-fs-read="));
    expect(readable.length).toBeGreaterThan(0);
    for (const flag of readable) {
      const allowed = flag.slice("--allow-fs-read=".length);
      expect(allowed === server.dir || allowed.startsWith(path.dirname(server.dir))).toBe(true);
    }
    if (process.env.DATABASE_URL) expect(readable).toEqual([`--allow-fs-read=${server.dir}`]);
    expect(output).not.toMatch(/ERR_ACCESS_DENIED/);
  });

  test("alice signs in through the realm and sees her dashboard", async ({ page }) => {
    await page.goto(`${server.url}/`);
    const signIn = new PortalSignInPage(page);
    await signIn.expectVisible();
    await signIn.continueToRealm();
    await signIn.realm.signIn("alice");
    await expect(page).toHaveURL(`${server.url}/`);
    await expect(page.getByRole("heading", { level: 1, name: "John Smith" })).toBeVisible();
    await expect(page.getByTestId("account-count")).toHaveText("1 account");

    // The static assets copied in beside server.js are served: the page's scripts and styles.
    const assets = await page.evaluate(() =>
      [...document.querySelectorAll("script[src], link[rel=stylesheet]")].map(
        (element) => element.getAttribute("src") ?? element.getAttribute("href") ?? "",
      ),
    );
    const statics = assets.filter((asset) => asset.startsWith("/_next/static/"));
    expect(statics.length).toBeGreaterThan(0);
    for (const asset of statics.slice(0, 5))
      expect((await page.request.get(`${server.url}${asset}`)).status(), asset).toBe(200);

    const profile = await page.request.get(`${server.url}/api/customer`);
    expect(profile.status()).toBe(200);
    expect((await profile.json()).lastName).toBe("Smith");
  });
});
