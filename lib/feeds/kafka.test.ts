import { describe, expect, it } from "vitest";
import { readingsFeed } from "@/lib/domain/ingest/feeds";
import { consumeBatch, decodeMessages, type KafkaRecord, topicCaller } from "./kafka";

const message = (offset: number, value: unknown): KafkaRecord => ({
  offset: String(offset),
  value:
    value === null ? null : Buffer.from(typeof value === "string" ? value : JSON.stringify(value)),
});

const read = { meterNumber: "E-12345678", readAt: "2026-11-15T06:30:00Z", value: 100.5 };

describe("Kafka feed messages", () => {
  it("decode as the feed's lines, rejecting what cannot be read by its offset", () => {
    const { inputs, rejected } = decodeMessages(readingsFeed, [
      message(41, read),
      message(42, "{ not json"),
      message(43, null),
      message(44, { ...read, value: "high" }),
      message(45, { ...read, source: "estimated" }),
    ]);
    expect(inputs).toEqual([
      {
        line: 41,
        meterNumber: "E-12345678",
        readAt: "2026-11-15T06:30:00Z",
        value: "100.5",
        source: "actual",
      },
      {
        line: 45,
        meterNumber: "E-12345678",
        readAt: "2026-11-15T06:30:00Z",
        value: "100.5",
        source: "estimated",
      },
    ]);
    expect(rejected.map((r) => [r.line, r.code])).toEqual([
      [42, "malformed_line"],
      [43, "malformed_line"],
      [44, "not_a_number"],
    ]);
  });

  it("commit the offset after the last message, and only once the batch is written", async () => {
    const events: string[] = [];
    const outcome = await consumeBatch({
      feed: readingsFeed,
      messages: [message(7, read), message(8, "nope"), message(9, read)],
      apply: async (inputs) => {
        events.push(`apply ${inputs.length}`);
        return { accepted: 1, duplicates: 1, replaced: 0, rejected: [] };
      },
      commit: async (offset) => {
        events.push(`commit ${offset}`);
      },
    });
    expect(events).toEqual(["apply 2", "commit 10"]);
    expect(outcome).toMatchObject({ accepted: 1, duplicates: 1, rejected: [{ line: 8 }] });
  });

  it("commit nothing when the write fails, so the messages come again", async () => {
    const commits: string[] = [];
    await expect(
      consumeBatch({
        feed: readingsFeed,
        messages: [message(1, read)],
        apply: async () => {
          throw new Error("database unavailable");
        },
        commit: async (offset) => {
          commits.push(offset);
        },
      }),
    ).rejects.toThrow("database unavailable");
    expect(commits).toEqual([]);
  });

  it("write large batches in the feed's batch size, in order, before committing", async () => {
    const sizes: number[] = [];
    const messages = Array.from({ length: 12_001 }, (_, i) => message(i, read));
    const commits: string[] = [];
    await consumeBatch({
      feed: readingsFeed,
      messages,
      apply: async (inputs) => {
        sizes.push(inputs.length);
        expect(commits).toEqual([]);
        return { accepted: inputs.length, duplicates: 0, replaced: 0, rejected: [] };
      },
      commit: async (offset) => {
        commits.push(offset);
      },
    });
    expect(sizes).toEqual([5000, 5000, 2001]);
    expect(commits).toEqual(["12001"]);
  });

  it("attribute a topic's writes to a service with that feed's role", () => {
    expect(topicCaller("billing.payments")).toMatchObject({
      kind: "service",
      roles: ["billing-feed"],
    });
  });
});
