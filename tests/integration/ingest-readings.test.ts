import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as postReadings } from "@/app/api/ingest/readings/route";
import { getDb, queryRows } from "@/db/client";
import { meterId, premiseId } from "@/db/seed/static";
import { ndjson, sendFeed } from "./support/feeds";
import { getReadings, latestRead } from "./support/readings";
import { accessToken, serviceToken } from "./support/tokens";

const ALICE_METER = "E-12345678";
const alicesMeter = meterId(ALICE_METER);

const HALF_HOUR = 30 * 60_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

/** The read held for a meter (by number) at an instant. */
async function held(meterNumber: string, at: string) {
  const [row] = await queryRows<{ register: string; consumption: string | null; source: string }>(
    getDb(),
    sql`SELECT register_value::text AS register, consumption::text AS consumption, source::text AS source
        FROM meter_readings r JOIN meters m ON m.id = r.meter_id
        WHERE m.meter_number = ${meterNumber} AND r.read_at = ${at}::timestamptz`,
  );
  return row;
}

/** Meters made for these tests on John Smith's premise: one new, one taken out of service. */
beforeAll(async () => {
  await getDb().execute(sql`
    INSERT INTO meters (premise_id, meter_number, type, unit, status, install_date, removal_date, is_smart)
    VALUES (${premiseId("main-street")}::uuid, 'E-NEW00001', 'electric', 'kWh', 'active', '2026-10-01', NULL, true),
           (${premiseId("main-street")}::uuid, 'E-GONE0001', 'electric', 'kWh', 'removed', '2024-01-01', '2026-06-30', true)`);
});

describe("POST /api/ingest/readings: who may send", () => {
  const body = ndjson([{ meterNumber: ALICE_METER, readAt: "2026-11-15T06:00:00Z", value: 1 }]);

  it("refuses customers, staff and the billing service with 403, and anonymous callers with 401", async () => {
    for (const token of [
      await accessToken("alice"),
      await accessToken("bob"),
      await accessToken("admin", "ossrep-internal"),
      await accessToken("jsmith", "ossrep-internal"),
      await serviceToken("billing-service"),
    ]) {
      const result = await sendFeed("readings", body, { token });
      expect(result.status, result.text).toBe(403);
      expect(result.body.code).toBe("forbidden");
    }
    const anonymous = await sendFeed("readings", body, { token: "" });
    expect(anonymous.status).toBe(401);
  });

  it("refuses a body that is neither NDJSON nor CSV with 415", async () => {
    const result = await sendFeed("readings", body, { contentType: "application/json" });
    expect(result.status).toBe(415);
    expect(result.body.code).toBe("unsupported_media_type");
  });
});

describe("POST /api/ingest/readings: reads in", () => {
  it("takes new reads, derives their consumption and updates the day's rollup", async () => {
    const last = await latestRead(alicesMeter);
    const lines = [1, 2, 3, 4].map((n) => ({
      meterNumber: ALICE_METER,
      readAt: iso(last.at + n * HALF_HOUR),
      value: Number((last.register + n * 0.75).toFixed(3)),
    }));
    const result = await sendFeed("readings", ndjson(lines));
    expect(result.status, result.text).toBe(200);
    expect(result.body).toEqual({
      accepted: 4,
      duplicates: 0,
      replaced: 0,
      rejected: [],
      rejectedCount: 0,
    });
    const first = await held(ALICE_METER, lines[0]!.readAt);
    expect(first).toEqual({
      register: lines[0]!.value.toFixed(3),
      consumption: "0.750",
      source: "actual",
    });

    // The readings API shows them, by the day, from the rollup.
    const day = await getReadings("alice", alicesMeter, {
      from: "2026-11-15",
      to: "2026-11-16",
      groupBy: "day",
    });
    expect(day.body.buckets).toHaveLength(1);
    expect(day.body.buckets[0]).toMatchObject({ reads: 4, consumption: 3 });
    expect(day.body.dataAvailableUntil).toBe(lines[3]!.readAt);

    // The same body again changes nothing.
    const again = await sendFeed("readings", ndjson(lines));
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 4, replaced: 0, rejectedCount: 0 });
  });

  it("lets an actual read replace an estimate, and recomputes the read after it", async () => {
    const last = await latestRead(alicesMeter);
    const at = (n: number) => iso(last.at + n * HALF_HOUR);
    const estimated = await sendFeed(
      "readings",
      ndjson([
        {
          meterNumber: ALICE_METER,
          readAt: at(1),
          value: last.register + 0.5,
          source: "estimated",
        },
        { meterNumber: ALICE_METER, readAt: at(2), value: last.register + 1.5 },
      ]),
    );
    expect(estimated.body).toMatchObject({ accepted: 2, rejectedCount: 0 });
    expect((await held(ALICE_METER, at(2)))?.consumption).toBe("1.000");

    const actual = await sendFeed(
      "readings",
      ndjson([{ meterNumber: ALICE_METER, readAt: at(1), value: last.register + 0.9 }]),
    );
    expect(actual.body).toMatchObject({ accepted: 1, replaced: 1, rejectedCount: 0 });
    expect(await held(ALICE_METER, at(1))).toMatchObject({
      source: "actual",
      consumption: "0.900",
    });
    expect((await held(ALICE_METER, at(2)))?.consumption).toBe("0.600");

    // An estimate never replaces an actual read.
    const late = await sendFeed(
      "readings",
      ndjson([
        {
          meterNumber: ALICE_METER,
          readAt: at(1),
          value: last.register + 0.7,
          source: "estimated",
        },
      ]),
    );
    expect(late.body.rejected).toEqual([
      { line: 1, code: "conflicting_read", detail: expect.any(String) },
    ]);
  });

  it("rejects bad lines one by one with their line number and code, and keeps the good ones", async () => {
    const last = await latestRead(alicesMeter);
    const next = (n: number) => iso(last.at + n * HALF_HOUR);
    const body = [
      JSON.stringify({ meterNumber: ALICE_METER, readAt: next(1), value: last.register + 0.4 }),
      JSON.stringify({ meterNumber: "E-NOPE0000", readAt: next(1), value: 10 }),
      JSON.stringify({ meterNumber: "E-GONE0001", readAt: "2026-08-01T05:00:00Z", value: 10 }),
      JSON.stringify({ meterNumber: "E-NEW00001", readAt: "2026-09-15T05:00:00Z", value: 10 }),
      JSON.stringify({ meterNumber: ALICE_METER, readAt: iso(last.at + 45 * 60_000), value: 1e6 }),
      JSON.stringify({ meterNumber: ALICE_METER, readAt: next(2), value: last.register - 5 }),
      JSON.stringify({ meterNumber: ALICE_METER, readAt: next(3), value: "lots" }),
      "{ this is not json",
      JSON.stringify({ meterNumber: ALICE_METER, readAt: next(3), value: -1 }),
      JSON.stringify({ meterNumber: ALICE_METER, readAt: "2026-11-16T12:00:00Z", value: 1e6 }),
      JSON.stringify({ meterNumber: ALICE_METER, value: 1 }),
      "",
      JSON.stringify({ meterNumber: ALICE_METER, readAt: next(4), value: last.register + 1.4 }),
    ].join("\n");
    const result = await sendFeed("readings", body);
    expect(result.status, result.text).toBe(200);
    expect(result.body.accepted).toBe(2);
    expect(result.body.rejected.map((r: any) => [r.line, r.code])).toEqual([
      [2, "unknown_meter"],
      [3, "meter_removed"],
      [4, "before_install"],
      [5, "off_interval"],
      [6, "register_backwards"],
      [7, "not_a_number"],
      [8, "malformed_line"],
      [9, "value_out_of_range"],
      [10, "in_future"],
      [11, "malformed_line"],
    ]);
    expect(result.body.rejectedCount).toBe(10);
    for (const rejection of result.body.rejected)
      expect(rejection.detail.length).toBeGreaterThan(5);
    expect((await held(ALICE_METER, next(4)))?.consumption).toBe("1.000");
  });

  it("lists the first 1,000 rejections in line order and counts them all", async () => {
    // Unknown meters are found while batches are written, several at once; unreadable lines
    // while the body is read. Either way the answer lists the lowest line numbers.
    const lines = Array.from({ length: 12_000 }, (_, i) =>
      i % 3 === 2
        ? `{ broken ${i}`
        : JSON.stringify({
            meterNumber: `E-NOPE${String(i % 977).padStart(4, "0")}`,
            readAt: "2026-11-01T00:00:00Z",
            value: 1,
          }),
    );
    const result = await sendFeed("readings", lines.join("\n"));
    expect(result.status, result.text).toBe(200);
    expect(result.body.accepted).toBe(0);
    expect(result.body.rejectedCount).toBe(12_000);
    expect(result.body.rejected).toHaveLength(1000);
    expect(result.body.rejected.map((r: any) => r.line)).toEqual(
      Array.from({ length: 1000 }, (_, i) => i + 1),
    );
    expect(result.body.rejected[0].code).toBe("unknown_meter");
    expect(result.body.rejected[2].code).toBe("malformed_line");
  });

  it("reads CSV with a header row, and refuses a header it cannot use", async () => {
    // The new meter has no reads yet: its history starts with these.
    const csv = [
      "meterNumber,readAt,value,source",
      "E-NEW00001,2026-10-10T00:30:00Z,100.250,actual",
      "E-NEW00001,2026-10-10T01:00:00Z,12.3x,actual",
      `"E-NEW00001",2026-10-10T01:30:00Z,101.000,`,
    ].join("\r\n");
    const result = await sendFeed("readings", csv, { contentType: "text/csv" });
    expect(result.status, result.text).toBe(200);
    expect(result.body).toMatchObject({
      accepted: 2,
      rejected: [{ line: 3, code: "not_a_number" }],
    });
    expect((await held("E-NEW00001", "2026-10-10T01:30:00Z"))?.consumption).toBe("0.750");
    const bad = await sendFeed("readings", "meter,time,reading\nE-1,2026-01-01T00:00:00Z,1", {
      contentType: "text/csv",
    });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe("validation_failed");
  });
});

describe("POST /api/ingest/readings: at volume", () => {
  it("takes 100,000 lines in one request, exactly once", async () => {
    // Ten new smart meters, each with 10,000 half hours of history, interleaved in time as a
    // meter service delivers them.
    const numbers = Array.from({ length: 10 }, (_, i) => `E-BULK${String(i).padStart(4, "0")}`);
    await getDb().execute(sql`
      INSERT INTO meters (premise_id, meter_number, type, unit, install_date, is_smart)
      SELECT ${premiseId("main-street")}::uuid, n, 'electric', 'kWh', '2025-01-01', true
      FROM unnest(${`{${numbers.join(",")}}`}::text[]) AS n`);
    const start = Date.parse("2026-03-01T00:00:00Z");
    const lines: string[] = [];
    for (let slot = 1; slot <= 10_000; slot++)
      for (const [i, meterNumber] of numbers.entries())
        lines.push(
          JSON.stringify({
            meterNumber,
            readAt: iso(start + slot * HALF_HOUR),
            value: Number((1000 * i + slot * 0.5).toFixed(3)),
          }),
        );
    const result = await sendFeed("readings", `${lines.join("\n")}\n`);
    expect(result.status, result.text).toBe(200);
    expect(result.body).toEqual({
      accepted: 100_000,
      duplicates: 0,
      replaced: 0,
      rejected: [],
      rejectedCount: 0,
    });
    const [counts] = await queryRows<{ reads: number; used: string; days: number; rolled: string }>(
      getDb(),
      sql`SELECT (SELECT count(*)::int FROM meter_readings r JOIN meters m ON m.id = r.meter_id
                  WHERE m.meter_number LIKE 'E-BULK%') AS reads,
                 (SELECT sum(consumption)::text FROM meter_readings r JOIN meters m ON m.id = r.meter_id
                  WHERE m.meter_number LIKE 'E-BULK%') AS used,
                 (SELECT count(*)::int FROM meter_daily_usage d JOIN meters m ON m.id = d.meter_id
                  WHERE m.meter_number LIKE 'E-BULK%') AS days,
                 (SELECT sum(consumption)::text FROM meter_daily_usage d JOIN meters m ON m.id = d.meter_id
                  WHERE m.meter_number LIKE 'E-BULK%') AS rolled`,
    );
    // Each meter's first read has nothing before it; every other one used half a unit.
    expect(counts).toMatchObject({ reads: 100_000, used: "49995.000", rolled: "49995.000" });
    expect(counts?.days).toBeGreaterThanOrEqual(10 * 208);
  }, 300_000);

  it("keeps whole batches when the body is cut off, and a resend completes it", async () => {
    const numbers = ["E-CUT00001"];
    await getDb().execute(sql`
      INSERT INTO meters (premise_id, meter_number, type, unit, install_date, is_smart)
      VALUES (${premiseId("main-street")}::uuid, ${numbers[0]}, 'electric', 'kWh', '2025-01-01', true)`);
    const start = Date.parse("2026-01-01T00:00:00Z");
    const lines = Array.from(
      { length: 7000 },
      (_, i) =>
        `${JSON.stringify({ meterNumber: numbers[0], readAt: iso(start + (i + 1) * HALF_HOUR), value: i })}\n`,
    );
    const encoder = new TextEncoder();
    let sent = 0;
    // The connection drops after 6,000 lines: the first batch of 5,000 is in, the rest is not.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 6000) {
          controller.error(new Error("connection reset"));
          return;
        }
        controller.enqueue(encoder.encode(lines.slice(sent, sent + 500).join("")));
        sent += 500;
      },
    });
    const token = await serviceToken("meter-service");
    const request = new NextRequest("http://localhost:3999/api/ingest/readings", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/x-ndjson" },
      body,
      duplex: "half",
    } as ConstructorParameters<typeof NextRequest>[1]);
    const cut = await postReadings(request, { params: Promise.resolve({}) });
    expect(cut.status).toBe(400);
    const count = async () =>
      (
        await queryRows<{ n: number }>(
          getDb(),
          sql`SELECT count(*)::int AS n FROM meter_readings WHERE meter_id = (SELECT id FROM meters WHERE meter_number = ${numbers[0]})`,
        )
      )[0]?.n;
    expect(await count()).toBe(5000);

    const resent = await sendFeed("readings", lines.join(""));
    expect(resent.body).toMatchObject({ accepted: 2000, duplicates: 5000, rejectedCount: 0 });
    expect(await count()).toBe(7000);
  });
});
