import { describe, expect, it } from "vitest";
import type { CustomerStatus } from "@/db/schema/customers";
import { type CustomerWrite, statusRefusal } from "./guards";

const statuses: (CustomerStatus | null)[] = [
  null,
  "onboarding",
  "prelive",
  "live",
  "inactive",
  "closed",
];
const writes: CustomerWrite[] = ["change", "setup", "privacy"];

/** The code each status answers a write of each kind with; null where it is allowed. */
const expected: Record<string, Record<CustomerWrite, string | null>> = {
  null: { change: null, setup: null, privacy: null },
  onboarding: { change: "customer_not_live", setup: null, privacy: null },
  prelive: { change: "customer_not_live", setup: null, privacy: null },
  live: { change: null, setup: null, privacy: null },
  inactive: { change: "customer_inactive", setup: "customer_inactive", privacy: null },
  closed: { change: "customer_closed", setup: "customer_closed", privacy: "customer_closed" },
};

describe("the customer status gates", () => {
  for (const status of statuses) {
    it(`${status ?? "no customer yet"}: reads ${status === "closed" ? "refused" : "allowed"}`, () => {
      expect(statusRefusal(status, "GET")?.code ?? null).toBe(
        status === "closed" ? "customer_closed" : null,
      );
      expect(statusRefusal(status, "HEAD")?.code ?? null).toBe(
        status === "closed" ? "customer_closed" : null,
      );
    });
    for (const write of writes) {
      const code = expected[String(status)]?.[write] ?? null;
      it(`${status ?? "no customer yet"}: a ${write} write is ${code ?? "allowed"}`, () => {
        for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
          expect(statusRefusal(status, method, write)?.code ?? null).toBe(code);
        }
      });
    }
  }

  it("answers 403 for every refusal", () => {
    expect(statusRefusal("closed", "GET")?.status).toBe(403);
    expect(statusRefusal("inactive", "PUT")?.status).toBe(403);
    expect(statusRefusal("prelive", "PUT")?.status).toBe(403);
  });
});
