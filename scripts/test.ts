import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * npm test: lint, typecheck, unit, integration, production build and browser tests, one after
 * another, then one line with the number of tests that passed and failed.
 */
const root = path.resolve(import.meta.dirname, "..");
const results = path.join(root, "test-results");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

interface Stage {
  name: string;
  command: string[];
  env?: Record<string, string>;
  /** Reads passed/failed test counts from the stage's JSON report. */
  report?: (file: string) => { passed: number; failed: number };
  reportFile?: string;
  needs?: string;
}

const vitestCounts = (file: string) => {
  const report = JSON.parse(readFileSync(file, "utf8"));
  return { passed: report.numPassedTests as number, failed: report.numFailedTests as number };
};

const playwrightCounts = (file: string) => {
  const { stats } = JSON.parse(readFileSync(file, "utf8"));
  return { passed: stats.expected + stats.flaky, failed: stats.unexpected };
};

const vitest = (project: string): Stage => ({
  name: project,
  command: [
    bin("vitest"),
    "run",
    "--project",
    project,
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${path.join(results, `${project}.json`)}`,
  ],
  report: vitestCounts,
  reportFile: path.join(results, `${project}.json`),
});

const stages: Stage[] = [
  { name: "lint", command: [bin("biome"), "check", "."] },
  { name: "typecheck", command: ["sh", "-c", `${bin("next")} typegen && ${bin("tsc")} --noEmit`] },
  vitest("unit"),
  // The standalone server, completed: what the browser tests and the integration tests that
  // run a real server (graceful shutdown) start.
  {
    name: "build",
    command: ["sh", "-c", `${bin("next")} build && ${bin("tsx")} scripts/standalone.ts`],
  },
  vitest("integration"),
  {
    name: "e2e",
    command: [bin("playwright"), "test"],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(results, "e2e.json") },
    report: playwrightCounts,
    reportFile: path.join(results, "e2e.json"),
    needs: "build",
  },
];

process.env.NEXT_TELEMETRY_DISABLED = "1";
const only = process.argv.slice(2);
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

let passed = 0;
let failed = 0;
const lines: string[] = [];
const outcome = new Map<string, boolean>();

for (const stage of stages) {
  if (only.length && !only.includes(stage.name)) continue;
  if (stage.needs && outcome.get(stage.needs) === false) {
    failed += 1;
    outcome.set(stage.name, false);
    lines.push(`${stage.name}: not run, because ${stage.needs} failed`);
    continue;
  }
  console.log(`\n=== ${stage.name} ===`);
  const started = Date.now();
  const [command, ...args] = stage.command as [string, ...string[]];
  const run = spawnSync(command, args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, ...stage.env },
  });
  const ok = run.status === 0;
  outcome.set(stage.name, ok);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (stage.report && stage.reportFile && existsSync(stage.reportFile)) {
    const counts = stage.report(stage.reportFile);
    passed += counts.passed;
    failed += counts.failed;
    // A stage that failed without a failing test (a crash, a broken setup) still counts.
    if (!ok && counts.failed === 0) failed += 1;
    lines.push(`${stage.name}: ${counts.passed} passed, ${counts.failed} failed (${seconds}s)`);
  } else {
    if (!ok) failed += 1;
    lines.push(`${stage.name}: ${ok ? "ok" : "FAILED"} (${seconds}s)`);
  }
}

const summary = `${passed} passed, ${failed} failed`;
writeFileSync(path.join(results, "summary.txt"), `${summary}\n`);
console.log(`\n${lines.join("\n")}\n\n${summary}`);
process.exit(failed === 0 ? 0 : 1);
