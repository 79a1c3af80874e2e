import { describe, expect, it } from "vitest";
import { kafkaMessage, topicFor } from "./kafka-sink";

// No Kafka broker runs here: this checks the records the sink builds, not their delivery.
describe("the Kafka sink's records", () => {
  const message = {
    id: 42,
    aggregateType: "customer",
    aggregateId: "0b0f6c4e-8a55-4a43-9d8e-1c2f3a4b5c6d",
    eventType: "CustomerStatusChanged",
    payload: '{"data": {"to": "live", "from": "prelive"}, "type": "CustomerStatusChanged"}',
    createdAt: "2026-11-22 10:00:00+00",
    attempts: 0,
  };

  it("go to one topic per aggregate type", () => {
    expect(topicFor("customer")).toBe("portal.customer");
    expect(topicFor("invite", "prod.energy.")).toBe("prod.energy.invite");
  });

  it("are keyed by aggregate, carry the stored JSON and say what they are in headers", () => {
    expect(kafkaMessage(message)).toEqual({
      key: message.aggregateId,
      value: message.payload,
      headers: {
        "event-type": "CustomerStatusChanged",
        "event-id": "42",
        "aggregate-type": "customer",
        "content-type": "application/json",
      },
    });
  });
});
