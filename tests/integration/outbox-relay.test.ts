import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb, queryRows } from "@/db/client";
import { accountId } from "@/db/seed/static";
import { createInvite } from "@/lib/domain/invites";
import { inviteLinkToken } from "@/lib/invites/token";
import { mailSink } from "@/lib/outbox/mail-sink";
import { relayBatch, runRelay } from "@/lib/outbox/relay";
import type { OutboxMessage, OutboxSink } from "@/lib/outbox/types";

/**
 * A stand-in for the broker: it records what it is given, and refuses what it is told to.
 * (Our own database and relay are real; only the external system is played here.)
 */
class RecordingSink implements OutboxSink {
  readonly delivered: OutboxMessage[] = [];
  refuse: (message: OutboxMessage) => boolean = () => false;

  constructor(
    readonly name: string,
    readonly eventTypes?: readonly string[],
    /** Shared by several sinks: everything any of them delivered, in delivery order. */
    private readonly log: OutboxMessage[] = [],
  ) {}

  async deliver(message: OutboxMessage) {
    // Yield, so concurrent relays really interleave their deliveries.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.refuse(message)) throw new Error(`broker refused event ${message.id}`);
    this.delivered.push(message);
    this.log.push(message);
  }
}

const admin = { type: "admin" as const, id: "admin-subject" };

/** Queues `count` events for an aggregate, oldest first, and returns their ids. */
async function queue(aggregateId: string, count: number, eventType = "CustomerUpdated") {
  const rows = await queryRows<{ id: number }>(
    getDb(),
    sql`INSERT INTO outbox (aggregate_type, aggregate_id, event_type, payload)
        SELECT 'customer', ${aggregateId}::uuid, ${eventType},
               jsonb_build_object('type', ${eventType}::text, 'data', jsonb_build_object('n', n, 'amount', 0.1 + n))
        FROM generate_series(1, ${count}) AS n ORDER BY n
        RETURNING id::int AS id`,
  );
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

async function outboxRow(id: number) {
  const [row] = await queryRows<{
    published: boolean;
    attempts: number;
    last_error: string | null;
    waiting: boolean;
  }>(
    getDb(),
    sql`SELECT published_at IS NOT NULL AS published, attempts, last_error,
          coalesce(next_attempt_at > now(), false) AS waiting
        FROM outbox WHERE id = ${id}`,
  );
  return row;
}

/** As if the back-off had run out, without waiting for it. */
const backOffElapsed = (id: number) =>
  getDb().execute(
    sql`UPDATE outbox SET next_attempt_at = now() - interval '1 second' WHERE id = ${id}`,
  );

beforeEach(async () => {
  // Each test starts from an empty queue; what the seed and earlier tests queued counts as sent.
  await getDb().execute(sql`UPDATE outbox SET published_at = now() WHERE published_at IS NULL`);
});

describe("the outbox relay", () => {
  it("publishes in id order, marks each row published, and routes emails to the mail sink", async () => {
    const customer = await queue(randomUUID(), 3);
    const sent: { to: string; text: string }[] = [];
    const { invite } = await getDb().transaction((tx) =>
      createInvite(tx, {
        accountId: accountId("1234567890"),
        role: "agent",
        email: "relay.test@example.com",
        actor: admin,
        portalUrl: "https://portal.example.com",
      }),
    );
    const broker = new RecordingSink("broker");
    const mail = mailSink({ send: async (email) => void sent.push(email) });

    const result = await relayBatch(getDb(), [mail, broker]);
    expect(result.claimed).toBe(4);
    expect(broker.delivered.map((m) => m.id)).toEqual(customer);
    expect(broker.delivered.map((m) => m.eventType)).not.toContain("InviteCreated");
    expect(sent).toEqual([
      expect.objectContaining({
        to: "relay.test@example.com",
        text: expect.stringContaining(
          `https://portal.example.com/invite/${inviteLinkToken(invite.id)}`,
        ),
      }),
    ]);
    for (const id of result.published)
      expect(await outboxRow(id)).toMatchObject({ published: true });
    expect(JSON.parse(broker.delivered[0]?.payload ?? "{}").data).toEqual({ n: 1, amount: 1.1 });
    expect(await queryRows(getDb(), sql`SELECT 1 FROM outbox WHERE published_at IS NULL`)).toEqual(
      [],
    );
    expect((await relayBatch(getDb(), [mail, broker])).claimed).toBe(0);
    expect(invite.id).toEqual(expect.any(String));
  });

  it("leaves events no sink takes in the outbox", async () => {
    const [id] = await queue(randomUUID(), 1);
    const mailOnly = new RecordingSink("mail", ["InviteCreated"]);
    expect((await relayBatch(getDb(), [mailOnly])).claimed).toBe(0);
    expect(await outboxRow(id as number)).toMatchObject({ published: false, attempts: 0 });
  });

  it("works through a long queue in batches", async () => {
    const ids = await queue(randomUUID(), 5);
    const broker = new RecordingSink("broker");
    const claimed = [];
    for (let round = 0; round < 4; round++) {
      claimed.push((await relayBatch(getDb(), [broker], { batchSize: 2 })).claimed);
    }
    expect(claimed).toEqual([2, 2, 1, 0]);
    expect(broker.delivered.map((m) => m.id)).toEqual(ids);
  });

  it("backs off a failed event, holds its aggregate's later events, and delivers the rest", async () => {
    const stuck = await queue(randomUUID(), 2);
    const fine = await queue(randomUUID(), 2);
    const broker = new RecordingSink("broker");
    broker.refuse = (m) => m.id === stuck[0];

    const first = await relayBatch(getDb(), [broker]);
    expect(first.failed).toEqual([stuck[0]]);
    expect(broker.delivered.map((m) => m.id)).toEqual(fine);
    expect(await outboxRow(stuck[0] as number)).toEqual({
      published: false,
      attempts: 1,
      last_error: `broker: broker refused event ${stuck[0]}`,
      waiting: true,
    });
    expect(await outboxRow(stuck[1] as number)).toMatchObject({ published: false, attempts: 0 });

    // Still backing off: nothing of that aggregate moves, and nothing is retried yet.
    expect((await relayBatch(getDb(), [broker])).claimed).toBe(0);

    await backOffElapsed(stuck[0] as number);
    const again = await relayBatch(getDb(), [broker]);
    expect(again.failed).toEqual([stuck[0]]);
    expect(await outboxRow(stuck[0] as number)).toMatchObject({ attempts: 2, waiting: true });

    broker.refuse = () => false;
    await backOffElapsed(stuck[0] as number);
    const recovered = await relayBatch(getDb(), [broker]);
    expect(recovered.published).toEqual(stuck);
    expect(broker.delivered.map((m) => m.id)).toEqual([...fine, ...stuck]);
  });

  it("does not let a stalled aggregate starve the events queued after it", async () => {
    const stuck = await queue(randomUUID(), 4);
    const broker = new RecordingSink("broker");
    broker.refuse = (m) => m.id === stuck[0];
    await relayBatch(getDb(), [broker], { batchSize: 4 });
    const later = await queue(randomUUID(), 1);
    const next = await relayBatch(getDb(), [broker], { batchSize: 2 });
    expect(next.published).toEqual(later);
  });

  it("never publishes an event twice, nor out of order, with relays running side by side", async () => {
    const aggregates = Array.from({ length: 12 }, () => randomUUID());
    const queued: number[] = [];
    for (const aggregate of aggregates) queued.push(...(await queue(aggregate, 10)));
    const log: OutboxMessage[] = [];
    const brokers = [1, 2, 3, 4].map((n) => new RecordingSink(`relay ${n}`, undefined, log));
    for (const broker of brokers) broker.refuse = (m) => m.attempts === 0 && m.id % 17 === 0;

    const relay = async (broker: RecordingSink) => {
      for (let idle = 0; idle < 3; ) {
        const result = await relayBatch(getDb(), [broker], { batchSize: 7 });
        for (const id of result.failed) await backOffElapsed(id);
        idle = result.claimed ? 0 : idle + 1;
      }
    };
    await Promise.all(brokers.map(relay));

    const ids = log.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((a, b) => a - b)).toEqual(queued);
    expect(brokers.filter((b) => b.delivered.length > 0).length).toBeGreaterThan(1);
    for (const aggregate of aggregates) {
      const order = log.filter((m) => m.aggregateId === aggregate).map((m) => m.id);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });

  it("finishes the batch it is delivering when told to stop, and the next run goes on from there", async () => {
    const ids = await queue(randomUUID(), 5);
    const broker = new RecordingSink("broker");
    const stop = new AbortController();
    // The stop comes while the batch's second event is being delivered.
    broker.refuse = (message) => {
      if (message.id === ids[1]) stop.abort();
      return false;
    };
    const batches: number[][] = [];
    await runRelay({
      db: getDb(),
      sinks: [broker],
      signal: stop.signal,
      batchSize: 3,
      pollMs: 60_000,
      onBatch: (result) => batches.push(result.published),
    });
    // The whole batch went out and was recorded as published; no batch began after the stop.
    expect(batches).toEqual([ids.slice(0, 3)]);
    for (const id of ids.slice(0, 3))
      expect(await outboxRow(id)).toMatchObject({ published: true });
    for (const id of ids.slice(3)) expect(await outboxRow(id)).toMatchObject({ published: false });

    const next = new RecordingSink("broker");
    expect((await relayBatch(getDb(), [next], { batchSize: 3 })).published).toEqual(ids.slice(3));
    expect(next.delivered.map((m) => m.id)).toEqual(ids.slice(3));
  });
});
