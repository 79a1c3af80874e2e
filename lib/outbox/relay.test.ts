import { describe, expect, it } from "vitest";
import { backoffSeconds, router } from "./relay";
import type { OutboxSink } from "./types";

const sink = (name: string, eventTypes?: string[]): OutboxSink => ({
  name,
  eventTypes,
  deliver: async () => {},
});

describe("the outbox relay", () => {
  it("backs off exponentially after each failure, up to an hour", () => {
    expect([1, 2, 3, 10, 11, 30].map(backoffSeconds)).toEqual([2, 4, 8, 1024, 2048, 3600]);
  });

  it("routes a type to the sink that names it, anything else to the catch-all", () => {
    const mail = sink("mail", ["InviteCreated"]);
    const kafka = sink("kafka");
    const route = router([mail, kafka]);
    expect(route.sinkFor("InviteCreated")).toBe(mail);
    expect(route.sinkFor("CustomerCreated")).toBe(kafka);
    expect(router([mail]).sinkFor("CustomerCreated")).toBeUndefined();
  });
});
