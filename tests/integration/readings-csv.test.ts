import { describe, expect, it } from "vitest";
import { allPages, getReadings, meterOf, parseCsv } from "./support/readings";

const alicesMeter = meterOf("E-12345678");
const march = { from: "2026-03-01", to: "2026-04-01" };

const readingRow = (r: any) => [
  r.readAt,
  r.localTime,
  String(r.register),
  r.consumption === null ? "" : String(r.consumption),
  r.source,
];

const bucketRow = (b: any) => [
  b.start,
  b.end,
  b.label,
  b.consumption === null ? "" : String(b.consumption),
  String(b.reads),
  String(b.expectedReads),
  String(b.complete),
  String(b.sources.actual),
  String(b.sources.estimated),
  String(b.sources.customer),
  b.energyCost === null ? "" : String(b.energyCost),
  b.standingCharge === null ? "" : String(b.standingCharge),
  b.cost === null ? "" : String(b.cost),
];

describe("readings as CSV", () => {
  it("downloads March for John Smith with the same values as the JSON", async () => {
    const csv = await getReadings("alice", alicesMeter, { ...march, format: "csv" });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toBe(
      'attachment; filename="E-12345678_2026-03-01_2026-04-01.csv"',
    );
    expect(csv.headers.get("vary")).toBe("Accept");
    expect(csv.text.endsWith("\r\n")).toBe(true);
    const [header, ...rows] = parseCsv(csv.text);
    expect(header).toEqual(["readAt", "localTime", "register", "consumption", "source"]);

    const json = await getReadings("alice", alicesMeter, { ...march, limit: 5000 });
    expect(json.body.next).toBeNull();
    expect(rows).toEqual(json.body.readings.map(readingRow));
    expect(rows).toContainEqual([
      "2026-03-08T08:00:00Z",
      "2026-03-08T03:00:00-05:00",
      expect.stringMatching(/^\d+(\.\d+)?$/),
      expect.stringMatching(/^\d+(\.\d+)?$/),
      "actual",
    ]);
  });

  it("answers Accept: text/csv the same way, and JSON to browsers' Accept", async () => {
    const byFormat = await getReadings("alice", alicesMeter, { ...march, format: "csv" });
    const byAccept = await getReadings("alice", alicesMeter, march, {
      headers: { accept: "text/csv" },
    });
    expect(byAccept.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(byAccept.text).toBe(byFormat.text);
    const browser = await getReadings("alice", alicesMeter, march, {
      headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" },
    });
    expect(browser.headers.get("content-type")).toContain("application/json");
  });

  it("streams the whole window, not one page, across more reads than a page holds", async () => {
    const window = { from: "2026-01-01", to: "2026-05-01" };
    const csv = await getReadings("alice", alicesMeter, { ...window, format: "csv", limit: 10 });
    expect(csv.headers.get("content-disposition")).toContain(
      "E-12345678_2026-01-01_2026-05-01.csv",
    );
    const [, ...rows] = parseCsv(csv.text);
    const pages = await allPages("alice", alicesMeter, { ...window, limit: 5000 });
    expect(pages.length).toBeGreaterThan(1);
    const readings = pages.flatMap((p) => p.body.readings);
    expect(rows).toHaveLength(readings.length);
    expect(rows).toEqual(readings.map(readingRow));
    expect(new Set(rows.map((r) => r[0])).size).toBe(rows.length);
  });

  it("downloads buckets with the same values as the JSON, newest first if asked", async () => {
    const query = { ...march, groupBy: "day", order: "desc" };
    const csv = await getReadings("alice", alicesMeter, { ...query, format: "csv" });
    const [header, ...rows] = parseCsv(csv.text);
    expect(header).toEqual([
      "start",
      "end",
      "label",
      "consumption",
      "reads",
      "expectedReads",
      "complete",
      "actualReads",
      "estimatedReads",
      "customerReads",
      "energyCost",
      "standingCharge",
      "cost",
    ]);
    const json = await getReadings("alice", alicesMeter, query);
    expect(json.body.buckets).toHaveLength(31);
    expect(rows).toEqual(json.body.buckets.map(bucketRow));
    expect(rows[0]?.[2]).toBe("2026-03-31");
    expect(rows.find((r) => r[2] === "2026-03-08")?.slice(4, 7)).toEqual(["46", "46", "true"]);
  });

  it("names a monthly meter's download after its local dates", async () => {
    const csv = await getReadings("priya", meterOf("G-UK0000102"), {
      from: "2026-06-01",
      to: "2026-10-01",
      groupBy: "month",
      format: "csv",
    });
    expect(csv.headers.get("content-disposition")).toBe(
      'attachment; filename="G-UK0000102_2026-06-01_2026-10-01.csv"',
    );
    expect(parseCsv(csv.text).map((r) => r[2])).toEqual(["label", "2026-06", "2026-08", "2026-09"]);
  });

  it("writes only the header for a window with no reads yet", async () => {
    const csv = await getReadings("alice", alicesMeter, {
      from: "2026-11-16",
      to: "2026-11-20",
      format: "csv",
    });
    expect(csv.status).toBe(200);
    expect(csv.text).toBe("readAt,localTime,register,consumption,source\r\n");
  });

  it("validates the query before a download starts", async () => {
    const csv = await getReadings("alice", alicesMeter, { from: "2026-03-01", format: "csv" });
    expect(csv.status).toBe(422);
    expect(csv.headers.get("content-type")).toBe("application/problem+json");
  });
});
