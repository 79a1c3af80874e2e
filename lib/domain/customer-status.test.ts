import { describe, expect, it } from "vitest";
import { customerStatuses } from "@/db/schema/customers";
import { AppError } from "@/lib/errors";
import { assertTransition, canTransition } from "./customer-status";

const allowed = new Set([
  "onboarding>prelive",
  "prelive>live",
  "live>inactive",
  "inactive>live",
  "inactive>closed",
]);

describe("customer status transitions", () => {
  for (const from of customerStatuses) {
    for (const to of customerStatuses) {
      if (from === to) continue;
      const ok = allowed.has(`${from}>${to}`);
      it(`${from} → ${to} is ${ok ? "allowed" : "refused with a 409"}`, () => {
        expect(canTransition(from, to)).toBe(ok);
        if (ok) expect(() => assertTransition(from, to)).not.toThrow();
        else {
          const error = (() => {
            try {
              assertTransition(from, to);
            } catch (e) {
              return e;
            }
          })();
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).status).toBe(409);
        }
      });
    }
  }
});
