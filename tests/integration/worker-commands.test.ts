import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, describe, expect, inject, test } from "vitest";
import { openDatabase, queryRows } from "@/db/client";
import { withDatabase } from "../support/database-url";

/**
 * The commands compose.yaml runs in the worker image, run here exactly as written there (no
 * container engine needed): the one-shot migration, the outbox relay and the Kafka consumer.
 * Each is started as the container would start it and, for the long-running two, stopped with
 * SIGTERM, as `docker compose stop` does.
 */
const root = path.resolve(import.meta.dirname, "..", "..");
const compose = readFileSync(path.join(root, "compose.yaml"), "utf8");

/** The `command:` of a service in compose.yaml (one JSON-style list on one line). */
function composeCommand(service: string): [string, ...string[]] {
  const lines = compose.split("\n");
  const start = lines.indexOf(`  ${service}:`);
  if (start < 0) throw new Error(`compose.yaml has no service ${service}`);
  const end = lines.findIndex((line, i) => i > start && /^ {2}\S/.test(line));
  const block = lines.slice(start + 1, end < 0 ? undefined : end);
  const command = block.map((line) => /^ {4}command: (\[.*\])$/.exec(line)?.[1]).find(Boolean);
  if (!command) throw new Error(`compose.yaml's ${service} has no command`);
  return JSON.parse(command);
}

interface Run {
  child: ChildProcess;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts a command in a process group of its own, so that whatever it starts can be found. */
function run(command: [string, ...string[]], env: NodeJS.ProcessEnv): Run {
  const [file, ...args] = command;
  const child = spawn(file, args, { cwd: root, env, detached: true, stdio: "pipe" });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exit };
}

/** Whether any process of the group the command was started in is still running. */
function groupAlive(child: ChildProcess): boolean {
  try {
    process.kill(-(child.pid as number), 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 40_000, output = () => "") {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const started: ChildProcess[] = [];
afterAll(() => {
  for (const child of started)
    if (groupAlive(child)) process.kill(-(child.pid as number), "SIGKILL");
});

/** Sends SIGTERM to the command (only, as a container's init does) and waits for it to end. */
async function stop(target: Run, timeoutMs = 15_000) {
  target.child.kill("SIGTERM");
  const outcome = await Promise.race([
    target.exit,
    new Promise<null>((r) => setTimeout(() => r(null), timeoutMs)),
  ]);
  expect(
    outcome,
    `still running ${timeoutMs} ms after SIGTERM:\n${target.output()}`,
  ).not.toBeNull();
  // Nothing it started is left behind.
  await waitFor(
    "the command's processes to end",
    () => !groupAlive(target.child),
    5_000,
    target.output,
  );
  return outcome;
}

/** This file's environment (its database, its keys), with no brokers unless `extra` names some. */
const workerEnv = (extra: Record<string, string | undefined>): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  delete env.KAFKA_BROKERS;
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
};

/** The npm script each worker service of compose.yaml stands for. */
const scriptOf = { migrate: "db:migrate", relay: "outbox:relay", ingest: "ingest:kafka" };

describe("the commands compose.yaml runs", () => {
  test("each worker service runs its npm script's command, directly", () => {
    const scripts = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).scripts;
    for (const [service, script] of Object.entries(scriptOf))
      expect(composeCommand(service).join(" "), service).toBe(scripts[script]);
  });

  test("migrate applies every migration to a fresh database, exits 0, and again changes nothing", async () => {
    const template = inject("databaseTemplate");
    const journal = JSON.parse(
      readFileSync(path.join(root, "db", "migrations", "meta", "_journal.json"), "utf8"),
    ) as { entries: unknown[] };
    let env: NodeJS.ProcessEnv;
    let cleanup: () => Promise<void>;
    let target: { databaseUrl?: string; pgliteDir?: string };
    if (template.kind === "postgres") {
      const name = `portal_it_migrate_${process.pid}_${Date.now().toString(36)}`;
      const admin = postgres(template.adminUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`CREATE DATABASE "${name}"`);
      target = { databaseUrl: withDatabase(template.adminUrl, name) };
      env = workerEnv({ DATABASE_URL: target.databaseUrl });
      cleanup = async () => {
        await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.end();
      };
    } else {
      const dir = mkdtempSync(path.join(tmpdir(), "portal-migrate-"));
      target = { pgliteDir: path.join(dir, "pglite") };
      env = workerEnv({
        DATABASE_URL: undefined,
        PGLITE_SNAPSHOT: undefined,
        PGLITE_DATA_DIR: target.pgliteDir,
      });
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    }
    try {
      for (const round of [1, 2]) {
        const migrate = run(composeCommand("migrate"), env);
        started.push(migrate.child);
        const { code } = await migrate.exit;
        expect(code, `round ${round}:\n${migrate.output()}`).toBe(0);
        expect(migrate.output()).toContain("Migrations applied");
      }
      const handle = openDatabase(target);
      try {
        const [applied] = await queryRows<{ count: number }>(
          handle.db,
          sql`SELECT count(*)::int AS count FROM drizzle.__drizzle_migrations`,
        );
        expect(applied?.count).toBe(journal.entries.length);
        const [tables] = await queryRows<{ count: number }>(
          handle.db,
          sql`SELECT count(*)::int AS count FROM information_schema.tables
              WHERE table_schema = 'public' AND table_name IN ('customers', 'outbox', 'meter_readings')`,
        );
        expect(tables?.count).toBe(3);
      } finally {
        await handle.close();
      }
    } finally {
      await cleanup();
    }
  });

  test("relay starts on the migrated database and stops cleanly on SIGTERM", async () => {
    const relay = run(composeCommand("relay"), workerEnv({}));
    started.push(relay.child);
    await waitFor(
      "the relay to start",
      () => relay.output().includes("Relaying the outbox"),
      40_000,
      relay.output,
    );
    expect(relay.output()).toMatch(/Relaying the outbox \((postgres|pglite)\)/);
    const outcome = await stop(relay);
    expect(outcome?.code, relay.output()).toBe(0);
  });

  test("ingest starts, reaches for its brokers, and stops cleanly on SIGTERM", async () => {
    // A port nothing listens on: the consumer keeps trying to connect until it is stopped.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));

    const ingest = run(composeCommand("ingest"), workerEnv({ KAFKA_BROKERS: `127.0.0.1:${port}` }));
    started.push(ingest.child);
    await waitFor(
      "the consumer to reach for the broker",
      () => ingest.output().includes(`127.0.0.1:${port}`),
      40_000,
      ingest.output,
    );
    const outcome = await stop(ingest);
    expect(outcome?.code, ingest.output()).toBe(0);
  });
});
