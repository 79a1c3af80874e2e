/**
 * P7: rows a second of POST /api/ingest/readings with a million lines, against a plain COPY of
 * the same rows into the same table on the same server.
 *
 *   npm run build && DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/ingest.ts
 *
 * The body holds 2,000 smart meters' next 500 half hours, interleaved in time as a meter service
 * sends them, and is streamed as it is generated. COPY writes the same shape of rows (a second
 * set of 2,000 meters, so neither run meets the other's rows). Writes bench/results/ingest.md.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import postgres from "postgres";
import { machine } from "./support";
import { benchStack } from "./support/stack";

const METERS = Number(process.env.METERS ?? 2000);
const SLOTS = Number(process.env.SLOTS ?? 500);
const START = Date.parse("2026-06-01T00:00:00Z");
const PORT = 14400;

const meterNumber = (set: "I" | "C", n: number) => `E-${set}${String(n).padStart(7, "0")}`;

/** The lines of one set of meters, slot by slot: every meter's read of a half hour, then the next. */
function* lines(set: "I" | "C", format: (meter: string, at: string, value: string) => string) {
  for (let slot = 1; slot <= SLOTS; slot++) {
    const at = new Date(START + slot * 1_800_000).toISOString();
    for (let n = 1; n <= METERS; n++)
      yield format(meterNumber(set, n), at, (1000 + slot * 0.4).toFixed(3));
  }
}

function chunked(source: Iterable<string>, size = 2000): Iterable<string> {
  return {
    *[Symbol.iterator]() {
      let buffer: string[] = [];
      for (const line of source) {
        buffer.push(line);
        if (buffer.length >= size) {
          yield buffer.join("");
          buffer = [];
        }
      }
      if (buffer.length) yield buffer.join("");
    },
  };
}

async function main() {
  const bench = await benchStack({
    portalPort: PORT,
    idpPort: 18400,
    clock: "2026-11-15T12:00:00Z",
    prepare: async (url) => {
      const sql = postgres(url, { max: 1, onnotice: () => {} });
      for (const set of ["I", "C"] as const) {
        await sql`INSERT INTO meters (premise_id, meter_number, type, unit, install_date, is_smart)
          SELECT (SELECT id FROM premises ORDER BY street LIMIT 1), 'E-' || ${set} || lpad(n::text, 7, '0'),
                 'electric', 'kWh', '2024-01-01', true
          FROM generate_series(1, ${METERS}) n`;
      }
      await sql`ANALYZE`;
      await sql.end();
    },
  });
  const total = METERS * SLOTS;
  try {
    const token = await bench.token({ client: "meter-service" });
    const body = Readable.from(
      chunked(
        lines(
          "I",
          (meter, at, value) => `{"meterNumber":"${meter}","readAt":"${at}","value":${value}}\n`,
        ),
      ),
    );
    const started = performance.now();
    const response = await fetch(`http://127.0.0.1:${PORT}/api/ingest/readings`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/x-ndjson" },
      body: Readable.toWeb(body) as ReadableStream,
      duplex: "half",
    } as RequestInit);
    const outcome = (await response.json()) as { accepted: number; rejectedCount: number };
    const ingestSeconds = (performance.now() - started) / 1000;
    if (outcome.accepted !== total) throw new Error(`Ingest took ${JSON.stringify(outcome)}`);

    const sql = postgres(bench.databaseUrl, { max: 1, onnotice: () => {} });
    const ids = new Map(
      (
        await sql<{ id: string; meter_number: string }[]>`
        SELECT id, meter_number FROM meters WHERE meter_number LIKE 'E-C%'`
      ).map((m) => [m.meter_number, m.id]),
    );
    const copyStarted = performance.now();
    const copy =
      await sql`COPY meter_readings (meter_id, read_at, register_value, consumption, source)
      FROM STDIN`.writable();
    await pipeline(
      Readable.from(
        chunked(
          lines("C", (meter, at, value) => `${ids.get(meter)}\t${at}\t${value}\t0.400\tactual\n`),
        ),
      ),
      copy,
    );
    const copySeconds = (performance.now() - copyStarted) / 1000;
    await sql.end();

    const ingestRate = total / ingestSeconds;
    const copyRate = total / copySeconds;
    const lines_ = [
      "# P7: reading ingestion against COPY",
      "",
      `\`npm run build && DATABASE_URL=… npx tsx bench/ingest.ts\`, ${new Date().toISOString().slice(0, 10)}; ${machine()}; production build and PostgreSQL on the same machine.`,
      "",
      `${total.toLocaleString("en")} reads: ${METERS.toLocaleString("en")} smart meters × ${SLOTS} half hours, interleaved in time.`,
      "",
      "| path | seconds | rows/s |",
      "|---|---:|---:|",
      `| POST /api/ingest/readings (NDJSON, one request, streamed) | ${ingestSeconds.toFixed(1)} | ${ingestRate.toFixed(0)} |`,
      `| COPY into meter_readings | ${copySeconds.toFixed(1)} | ${copyRate.toFixed(0)} |`,
      "",
      `Ratio: **${(ingestRate / copyRate).toFixed(2)}×** (goal ≥ 0.25×). The feed also checks every read against its meter and neighbours, derives consumption, keeps the daily rollups and answers per line; COPY writes rows as given.`,
    ];
    writeFileSync(path.join(import.meta.dirname, "results", "ingest.md"), `${lines_.join("\n")}\n`);
    console.log(lines_.join("\n"));
  } finally {
    await bench.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
